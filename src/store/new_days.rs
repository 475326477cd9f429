//! Days of feature use the caller knows are new, written in bulk: a book written from nothing
//! (the demo book) holds millions, and on a server a statement per day spends a round trip on
//! each. On PostgreSQL one `COPY` (the same one the restore sends); on SQLite a statement per
//! day, as a write there costs no trip. It must not decide which days are new: the caller knows.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::engine::{Conn, Param, Postgres, sql_params};
use super::{BookWriter, StoreError, StoreResult};
use crate::domain::{AccountId, FeatureDay, FeatureId};

impl BookWriter<'_> {
    /// Adds days of feature use the caller knows are not stored (their accounts had none of
    /// these days before, and no two share an account, a day and a feature), in bulk, marking
    /// their accounts and moving each feature's first-seen day back to its earliest day here,
    /// as [`BookWriter::upsert_feature_usage`] does. Days of several accounts go together: the
    /// larger the batch, the fewer the copies.
    ///
    /// # Errors
    /// An account or a feature does not exist, a day is stored already, a count is negative, or
    /// the engine failed; some of the days may then be written, and on PostgreSQL the
    /// transaction is aborted: do not commit.
    pub fn add_new_feature_days(&self, days: &[(AccountId, FeatureDay)]) -> StoreResult<()> {
        let mut earliest: BTreeMap<FeatureId, NaiveDate> = BTreeMap::new();
        for (account, day) in days {
            // The schema's CHECK, made here in SQLite's words: the same refusal on both engines.
            if day.events.is_some_and(|events| events < 0) {
                return Err(StoreError::constraint(
                    "CHECK constraint failed: events >= 0".to_owned(),
                ));
            }
            self.touch(*account);
            earliest.entry(day.feature).and_modify(|d| *d = (*d).min(day.date)).or_insert(day.date);
        }
        match self.conn() {
            Conn::Postgres(pg) => copy_feature_days(pg, days)?,
            conn @ Conn::Sqlite(_) => {
                for (account, day) in days {
                    conn.execute(
                        "INSERT INTO feature_usage (account_id, date, feature_id, events) \
                         VALUES (?1, ?2, ?3, ?4)",
                        sql_params![account.0, day.date, day.feature.0, day.events],
                    )?;
                }
            }
        }
        self.move_first_seen_back(earliest)
    }
}

/// Days of feature use sent to a PostgreSQL book by one COPY: new days of a book written from
/// nothing and a restore's days, which share the table's columns and their order.
pub(super) fn copy_feature_days(
    pg: &Postgres,
    days: &[(AccountId, FeatureDay)],
) -> StoreResult<()> {
    copy_account_days(pg, "feature_usage (account_id, date, feature_id, events)", days, |day| {
        [Param::from(day.date), Param::Int(day.feature.0), Param::from(day.events)]
    })
}

/// Days of accounts sent to a PostgreSQL book by one COPY into `target` (a table and its
/// columns, the account's id first), each day's other values as `values` gives them: what the
/// usage and the feature days share.
pub(super) fn copy_account_days<D>(
    pg: &Postgres,
    target: &str,
    days: &[(AccountId, D)],
    values: impl Fn(&D) -> [Param<'static>; 3],
) -> StoreResult<()> {
    pg.copy_rows(target, |rows| {
        for (account, day) in days {
            let [a, b, c] = values(day);
            rows.row(&[Param::Int(account.0), a, b, c])?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::{Account, AccountId, FeatureDay};
    use crate::store::testing;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    /// Days of two accounts in one batch land as given, each feature's first-seen day becomes
    /// its earliest day of the batch (and a later batch does not move it forward), both
    /// accounts are marked, and a negative count is refused in the same words on both engines.
    #[test]
    fn new_feature_days_land_in_bulk_and_move_first_seen_back() {
        for (engine, mut store) in testing::stores("new_feature_days") {
            let writer = store.writer().expect("writer");
            let one = writer.insert_account(&Account::named("A-1", "Acme")).expect("account");
            let two = writer.insert_account(&Account::named("A-2", "Beta")).expect("account");
            let search = writer.feature("Search").expect("feature");
            let export = writer.feature("Export").expect("feature");
            writer.commit().expect("commit");
            let before = store.revisions(&[one, two]).expect("revisions");
            let day = |d: &str, feature, events| FeatureDay { date: date(d), feature, events };
            let days: Vec<(AccountId, FeatureDay)> = vec![
                (one, day("2026-03-02", search, Some(4))),
                (one, day("2026-03-01", export, None)),
                (two, day("2026-02-27", search, Some(0))),
                (two, day("2026-03-02", search, Some(9))),
            ];
            let writer = store.writer().expect("writer");
            writer.add_new_feature_days(&days).expect("written");
            writer
                .add_new_feature_days(&[(one, day("2026-04-01", search, Some(1)))])
                .expect("written");
            for (account, d) in &days {
                let stored = writer.feature_day_events(*account, d.date, d.feature).expect("read");
                assert_eq!(stored, Some(d.events), "{engine}: {d:?}");
            }
            writer.commit().expect("commit");
            let first_seen: Vec<Option<NaiveDate>> = store
                .feature_catalog()
                .expect("catalogue")
                .features
                .into_iter()
                .map(|f| f.first_seen)
                .collect();
            assert_eq!(
                first_seen,
                [Some(date("2026-02-27")), Some(date("2026-03-01"))],
                "{engine}"
            );
            let after = store.revisions(&[one, two]).expect("revisions");
            for ((_, old), (_, new)) in before.iter().zip(&after) {
                assert_eq!(*new, old + 1, "{engine}: each account marked once");
            }
            let writer = store.writer().expect("writer");
            let refused = writer
                .add_new_feature_days(&[(one, day("2026-05-01", search, Some(-1)))])
                .expect_err("a negative count");
            assert!(refused.to_string().contains("events >= 0"), "{engine}: {refused}");
        }
    }
}
