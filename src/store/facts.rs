//! Loads the facts the scoring engine needs for the whole book, one query per table.
//!
//! Usage and feature use are summed by the engine over the requested windows, next to the data
//! and through the `(account_id, date)` key, so a year of daily rows costs only the recent days
//! and never crosses into Rust row by row. Other tables are read only as far back as the request
//! says matters.
//!
//! Each statement is written once, in the SQL both engines accept, and gives the same numbers on
//! both: the windows compare dates with date parameters (ISO text on SQLite, `date` on
//! PostgreSQL, both compare in calendar order), sums are cast back to integers (PostgreSQL sums
//! bigints as numeric), and rows are folded as they stream, never collected.

use std::fmt::Write as _;

use super::engine::{Param, Row, StoreRow as _};
use super::rows;
use super::{Store, StoreResult};
use crate::domain::{
    Account, AccountFacts, AccountId, ContactId, FactsRequest, FeatureCatalog, FeatureId, Touch,
    Window,
};

/// The facts of every account of the book, ordered by account id, and the feature catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct BookFacts {
    pub catalog: FeatureCatalog,
    pub accounts: Vec<AccountFacts>,
}

/// The accounts, with a lookup from id to position (they are sorted by id).
struct Slots(Vec<AccountFacts>);

impl Slots {
    fn get(&mut self, id: AccountId) -> Option<&mut AccountFacts> {
        let i = self.0.binary_search_by_key(&id, |f| f.account.id).ok()?;
        self.0.get_mut(i)
    }

    /// Applies `add` to the facts of `id`, if that account is being loaded.
    fn file(&mut self, id: AccountId, add: impl FnOnce(&mut AccountFacts)) {
        if let Some(facts) = self.get(id) {
            add(facts);
        }
    }
}

/// Restricts a query to the accounts with ids in an inclusive range, to a list of ids, or not
/// at all.
#[derive(Clone, Copy)]
enum Only<'a> {
    All,
    Between(AccountId, AccountId),
    /// Ids written out as `1,5,9`: integers made by the store, never outside text.
    Among(&'a str),
}

impl Only<'_> {
    /// The condition to append after a WHERE (or ON) clause, bound as parameters `n`, `n + 1`.
    fn and(self, column: &str, n: usize) -> String {
        match self {
            Self::All => String::new(),
            Self::Between(..) => format!(" AND {column} BETWEEN ?{n} AND ?{}", n + 1),
            Self::Among(ids) => format!(" AND {column} IN ({ids})"),
        }
    }
}

/// `args` as ?1, ?2, ... and the account filter's bounds after them.
fn bound<'a>(args: &[Param<'a>], only: Only<'_>) -> Vec<Param<'a>> {
    let mut params = args.to_vec();
    if let Only::Between(first, last) = only {
        params.extend([Param::Int(first.0), Param::Int(last.0)]);
    }
    params
}

/// The bounds covering every window: the range the aggregate queries seek.
fn span(windows: &[Window]) -> Option<Window> {
    let start = windows.iter().map(|w| w.start).min()?;
    let end = windows.iter().map(|w| w.end).max()?;
    Some(Window { start, end })
}

/// `?1, ?2` for window 0, `?3, ?4` for window 1, ...; the span's bounds follow the windows.
fn window_params(windows: &[Window], span: Window) -> Vec<Param<'static>> {
    windows
        .iter()
        .flat_map(|w| [w.start, w.end])
        .chain([span.start, span.end])
        .map(Param::from)
        .collect()
}

impl Store {
    /// The facts of every account as `request` asks for them.
    ///
    /// Records dated after the as-of date are left out; contacts, opportunities and open todos
    /// are the current ones (SPEC 3: a past date uses the account's current attributes).
    ///
    /// # Errors
    /// Only if the engine fails or a stored value is outside its vocabulary.
    pub fn book_facts(&self, request: &FactsRequest) -> StoreResult<BookFacts> {
        let slots = Slots(self.accounts()?.into_iter().map(AccountFacts::new).collect());
        let accounts = self.fill(slots, request, Only::All)?;
        Ok(BookFacts { catalog: self.feature_catalog()?, accounts })
    }

    /// The facts of one account as `request` asks for them; `None` if it does not exist.
    ///
    /// # Errors
    /// As [`Store::book_facts`].
    pub fn account_facts(
        &self,
        id: AccountId,
        request: &FactsRequest,
    ) -> StoreResult<Option<AccountFacts>> {
        let Some(account) = self.account(id)? else {
            return Ok(None);
        };
        let mut accounts =
            self.fill(Slots(vec![AccountFacts::new(account)]), request, Only::Between(id, id))?;
        Ok(accounts.pop())
    }

    /// The facts of `accounts` (in id order, as read a moment ago in the same snapshot) as
    /// `request` asks for them: a large book is scored a slice at a time, so memory stays
    /// bounded whatever its size, and the accounts are not read twice.
    ///
    /// # Errors
    /// As [`Store::book_facts`].
    pub fn facts_of(
        &self,
        accounts: Vec<Account>,
        request: &FactsRequest,
    ) -> StoreResult<Vec<AccountFacts>> {
        let (Some(first), Some(last)) = (accounts.first(), accounts.last()) else {
            return Ok(Vec::new());
        };
        let only = Only::Between(first.id, last.id);
        self.fill(Slots(accounts.into_iter().map(AccountFacts::new).collect()), request, only)
    }

    /// The facts of `accounts` (in id order, possibly far apart, as read a moment ago in the
    /// same snapshot) as `request` asks for them, reading only their rows: what scoring a few
    /// accounts scattered over the book at a past date needs, where [`Store::facts_of`] would
    /// read the range between them.
    ///
    /// # Errors
    /// As [`Store::book_facts`].
    pub fn facts_among(
        &self,
        accounts: Vec<Account>,
        request: &FactsRequest,
    ) -> StoreResult<Vec<AccountFacts>> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        let ids = accounts.iter().map(|a| a.id.0.to_string()).collect::<Vec<_>>().join(",");
        let slots = Slots(accounts.into_iter().map(AccountFacts::new).collect());
        self.fill(slots, request, Only::Among(&ids))
    }

    fn fill(
        &self,
        mut slots: Slots,
        request: &FactsRequest,
        only: Only<'_>,
    ) -> StoreResult<Vec<AccountFacts>> {
        self.load_usage(&mut slots, &request.windows, only)?;
        self.load_features(&mut slots, &request.windows, only)?;
        self.load_people_and_tickets(&mut slots, request, only)?;
        self.load_touches(&mut slots, request, only)?;
        Ok(slots.0)
    }

    fn load_usage(&self, slots: &mut Slots, windows: &[Window], only: Only<'_>) -> StoreResult<()> {
        let Some(span) = span(windows) else {
            return Ok(());
        };
        // The sums are cast: PostgreSQL sums bigints as numeric, which reads as no integer.
        let mut sql =
            String::from("SELECT a.id, (SELECT min(date) FROM usage m WHERE m.account_id = a.id)");
        for i in 0..windows.len() {
            let _ = write!(
                sql,
                ", CAST(COALESCE(SUM(u.active_users) FILTER (WHERE u.date BETWEEN ?{} AND ?{}), 0) \
                 AS BIGINT)",
                2 * i + 1,
                2 * i + 2
            );
        }
        let n = 2 * windows.len();
        // The accounts are bounded on both sides of the join (see `load_touches`).
        let _ = write!(
            sql,
            " FROM account a LEFT JOIN usage u ON u.account_id = a.id AND u.date BETWEEN ?{} AND ?{}{} \
             WHERE TRUE{} GROUP BY a.id",
            n + 1,
            n + 2,
            only.and("u.account_id", n + 3),
            only.and("a.id", n + 3)
        );
        let params = bound(&window_params(windows, span), only);
        self.backend.conn().for_each_row(&sql, &params, |row| {
            if let Some(facts) = slots.get(AccountId(row.get_i64(0)?)) {
                facts.usage.first = rows::date_opt(row, 1)?;
                facts.usage.loaded = windows.to_vec();
                for (i, &window) in windows.iter().enumerate() {
                    facts.usage.sums.push((window, row.get_i64(2 + i)?));
                }
            }
            Ok(())
        })
    }

    /// Feature use is read as rows, not aggregated: telling which features an account used in
    /// each window from the ordered rows costs a fraction of an aggregate of distinct features
    /// per window (and needs no engine's own list function).
    fn load_features(
        &self,
        slots: &mut Slots,
        windows: &[Window],
        only: Only<'_>,
    ) -> StoreResult<()> {
        let Some(span) = span(windows) else {
            return Ok(());
        };
        let sql = format!(
            "SELECT a.id, (SELECT min(date) FROM feature_usage m WHERE m.account_id = a.id) \
             FROM account a WHERE TRUE{}",
            only.and("a.id", 1)
        );
        self.backend.conn().for_each_row(&sql, &bound(&[], only), |row| {
            if let Some(facts) = slots.get(AccountId(row.get_i64(0)?)) {
                facts.features.first = rows::date_opt(row, 1)?;
                facts.features.loaded = windows.to_vec();
                facts.features.used = windows.iter().map(|&w| (w, Vec::new())).collect();
            }
            Ok(())
        })?;
        let sql = format!(
            "SELECT f.account_id, f.date, f.feature_id FROM account a JOIN feature_usage f \
             ON f.account_id = a.id AND f.date BETWEEN ?1 AND ?2 AND (f.events IS NULL OR f.events > 0) \
             WHERE TRUE{}{} ORDER BY a.id",
            only.and("a.id", 3),
            only.and("f.account_id", 3)
        );
        let params = bound(&[span.start.into(), span.end.into()], only);
        self.backend.conn().for_each_row(&sql, &params, |row| {
            let Some(facts) = slots.get(AccountId(row.get_i64(0)?)) else {
                return Ok(());
            };
            let date = row.get_date(1)?;
            let feature = FeatureId(row.get_i64(2)?);
            for (window, used) in &mut facts.features.used {
                if window.start <= date && date <= window.end {
                    used.push(feature);
                }
            }
            Ok(())
        })?;
        for facts in &mut slots.0 {
            for (_, used) in &mut facts.features.used {
                used.sort_unstable();
                used.dedup();
            }
        }
        Ok(())
    }

    /// Runs `sql` (bound with `args` and the account filter) and hands each mapped row to
    /// `place`, which files it with its account.
    fn deal<T>(
        &self,
        slots: &mut Slots,
        sql: &str,
        args: &[Param<'_>],
        only: Only<'_>,
        map: fn(&Row<'_>) -> StoreResult<T>,
        place: fn(&mut Slots, T),
    ) -> StoreResult<()> {
        self.backend.conn().for_each_row(sql, &bound(args, only), |row| {
            place(slots, map(row)?);
            Ok(())
        })
    }

    fn load_people_and_tickets(
        &self,
        slots: &mut Slots,
        request: &FactsRequest,
        only: Only<'_>,
    ) -> StoreResult<()> {
        let sql = format!(
            "SELECT {} FROM contact WHERE TRUE{} ORDER BY account_id, id",
            rows::CONTACT_COLUMNS,
            only.and("account_id", 1)
        );
        self.deal(
            slots,
            &sql,
            &[],
            only,
            |r| rows::contact(r),
            |slots, c| {
                slots.file(c.account_id, |f| f.contacts.push(c));
            },
        )?;
        // A ticket matters if it was opened in a support window, or could still be open on the
        // oldest evaluated date (no closed date, or closed on or after it).
        let sql = format!(
            "SELECT {} FROM ticket WHERE opened <= ?1 \
             AND (opened >= ?2 OR closed IS NULL OR closed >= ?3){} ORDER BY account_id, opened, id",
            rows::TICKET_COLUMNS,
            only.and("account_id", 4)
        );
        let args =
            [request.as_of, request.tickets_from, request.open_tickets_from].map(Param::from);
        self.deal(
            slots,
            &sql,
            &args,
            only,
            |r| rows::ticket(r),
            |slots, t| {
                slots.file(t.account_id, |f| f.tickets.push(t));
            },
        )?;
        // Only answers inside the NPS window can count: any older answer of a respondent with a
        // newer one is superseded, and one without a newer one is too old.
        let sql = format!(
            "SELECT {} FROM nps_response WHERE date BETWEEN ?1 AND ?2{} ORDER BY account_id, date, id",
            rows::NPS_COLUMNS,
            only.and("account_id", 3)
        );
        let args = [request.nps_from, request.as_of].map(Param::from);
        self.deal(
            slots,
            &sql,
            &args,
            only,
            |r| rows::nps(r),
            |slots, n| {
                slots.file(n.account_id, |f| f.nps.push(n));
            },
        )?;
        let sql = format!(
            "SELECT {} FROM opportunity WHERE TRUE{} ORDER BY account_id, id",
            rows::OPPORTUNITY_COLUMNS,
            only.and("account_id", 1)
        );
        self.deal(
            slots,
            &sql,
            &[],
            only,
            |r| rows::opportunity(r),
            |slots, o| {
                slots.file(o.account_id, |f| f.opportunities.push(o));
            },
        )?;
        let sql = format!(
            "SELECT {} FROM todo WHERE status = 'open' AND account_id IS NOT NULL{} \
             ORDER BY account_id, id",
            rows::TODO_COLUMNS,
            only.and("account_id", 1)
        );
        self.deal(
            slots,
            &sql,
            &[],
            only,
            |r| rows::todo(r),
            |slots, t| {
                if let Some(account) = t.account_id {
                    slots.file(account, |f| f.open_todos.push(t));
                }
            },
        )
    }

    fn load_touches(
        &self,
        slots: &mut Slots,
        request: &FactsRequest,
        only: Only<'_>,
    ) -> StoreResult<()> {
        // One row per participant (or one without), in order: the participants are gathered
        // here rather than by an aggregate into a list, which each engine spells its own way.
        // The accounts are bounded on both sides of the join: PostgreSQL carries no range
        // across a join, and when the rows of each account lie apart in the table (a book
        // written a year at a time) it reads the whole table for each slice of accounts.
        let sql = format!(
            "SELECT i.id, i.account_id, i.date, i.kind, c.contact_id \
             FROM account a JOIN interaction i ON i.account_id = a.id AND i.date BETWEEN ?1 AND ?2 \
             LEFT JOIN interaction_contact c ON c.interaction_id = i.id \
             WHERE TRUE{}{} ORDER BY a.id, i.date, i.id, c.contact_id",
            only.and("a.id", 3),
            only.and("i.account_id", 3)
        );
        let params = bound(&[request.touches_from.into(), request.as_of.into()], only);
        let mut last: Option<i64> = None;
        self.backend.conn().for_each_row(&sql, &params, |row| {
            let id = row.get_i64(0)?;
            let account = AccountId(row.get_i64(1)?);
            let contact = row.get_opt_i64(4)?;
            let Some(facts) = slots.get(account) else { return Ok(()) };
            if last != Some(id) {
                last = Some(id);
                let touch = Touch {
                    date: rows::date(row, 2)?,
                    kind: rows::parsed(row, 3)?,
                    contacts: Vec::new(),
                };
                facts.touches.push(touch);
            }
            if let (Some(contact), Some(touch)) = (contact, facts.touches.last_mut()) {
                touch.contacts.push(ContactId(contact));
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests;
