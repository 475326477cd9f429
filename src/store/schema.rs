//! The versioned schema: an ordered list of migrations, applied by `rusqlite_migration`, tracked in
//! SQLite's `user_version`. Append new migrations; never edit one that has shipped.

use rusqlite_migration::{M, Migrations};

mod equality_checks;
#[cfg(test)]
mod postgres_twin;
#[cfg(test)]
mod usage_reference;

/// Dates are ISO `YYYY-MM-DD` text (they sort as dates); money is integer cents; the vocabularies
/// are checked by the schema so that nothing else can slip in.
const V1_BOOK: &str = r"
CREATE TABLE account (
    id              INTEGER PRIMARY KEY,
    external_id     TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    domain          TEXT,
    segment         TEXT CHECK (segment IN ('enterprise', 'mid_market', 'smb', 'self_service')),
    industry        TEXT,
    region          TEXT,
    owner           TEXT,
    arr_cents       INTEGER NOT NULL DEFAULT 0 CHECK (arr_cents >= 0),
    seats_licensed  INTEGER CHECK (seats_licensed >= 0),
    contract_start  TEXT,
    renewal_date    TEXT,
    lifecycle_stage TEXT,
    advocacy        TEXT CHECK (advocacy IN ('none', 'supporter', 'advocate', 'champion', 'ambassador'))
) STRICT;

CREATE TABLE contact (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    external_id  TEXT UNIQUE,
    name         TEXT NOT NULL,
    title        TEXT,
    email        TEXT,
    role         TEXT NOT NULL DEFAULT 'other' CHECK (role IN
                   ('executive_sponsor', 'economic_buyer', 'champion', 'end_user', 'influencer', 'other')),
    influence    INTEGER CHECK (influence BETWEEN 1 AND 5),
    sentiment    INTEGER CHECK (sentiment BETWEEN -2 AND 2),
    reports_to   INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    last_engaged TEXT,
    left_on      TEXT
) STRICT;
CREATE INDEX contact_by_account ON contact(account_id);
CREATE INDEX contact_by_email ON contact(lower(email));

-- Daily usage, clustered by account then day: the engine reads one account's recent days.
CREATE TABLE usage (
    account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    active_users INTEGER NOT NULL CHECK (active_users >= 0),
    events       INTEGER CHECK (events >= 0),
    PRIMARY KEY (account_id, date)
) STRICT, WITHOUT ROWID;

-- The book's feature catalogue. `key` is the trimmed, case-folded name; `first_seen` is the
-- date of the earliest feature-usage row of any account (null while there is none), kept so
-- that the key-feature set of a past date needs no scan.
CREATE TABLE feature (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    first_seen TEXT
) STRICT;

CREATE TABLE feature_usage (
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    feature_id INTEGER NOT NULL REFERENCES feature(id),
    events     INTEGER CHECK (events >= 0),
    PRIMARY KEY (account_id, date, feature_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE ticket (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    external_id TEXT UNIQUE,
    opened      TEXT NOT NULL,
    closed      TEXT,
    priority    TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    rating      TEXT,
    status      TEXT,
    subject     TEXT
) STRICT;
CREATE INDEX ticket_by_account ON ticket(account_id, opened);

CREATE TABLE nps_response (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    email      TEXT,
    score      INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    date       TEXT NOT NULL,
    comment    TEXT
) STRICT;
CREATE INDEX nps_by_account ON nps_response(account_id, date);

CREATE TABLE interaction (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    external_id TEXT UNIQUE,
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'qbr', 'note', 'other')),
    summary     TEXT,
    body        TEXT
) STRICT;
CREATE INDEX interaction_by_account ON interaction(account_id, date);

CREATE TABLE interaction_contact (
    interaction_id INTEGER NOT NULL REFERENCES interaction(id) ON DELETE CASCADE,
    contact_id     INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX interaction_contact_by_contact ON interaction_contact(contact_id);

CREATE TABLE todo (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER REFERENCES account(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    notes         TEXT,
    due           TEXT,
    priority      TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    snoozed_until TEXT,
    rule          TEXT,
    created_on    TEXT NOT NULL,
    completed_on  TEXT
) STRICT;
CREATE INDEX todo_by_account ON todo(account_id, status);

CREATE TABLE opportunity (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    external_id  TEXT UNIQUE,
    name         TEXT,
    kind         TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('new', 'renewal', 'expansion', 'contraction', 'other')),
    amount_cents INTEGER CHECK (amount_cents >= 0),
    stage        TEXT,
    close_date   TEXT,
    probability  REAL CHECK (probability BETWEEN 0 AND 100),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost'))
) STRICT;
CREATE INDEX opportunity_by_account ON opportunity(account_id);

CREATE TABLE onboarding_milestone (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    target_date  TEXT,
    completed_on TEXT
) STRICT;
CREATE INDEX milestone_by_account ON onboarding_milestone(account_id, position);

CREATE TABLE goal (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    objective  TEXT NOT NULL,
    metric     TEXT,
    target     TEXT,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'missed')),
    due        TEXT,
    met_on     TEXT
) STRICT;
CREATE INDEX goal_by_account ON goal(account_id);
";

/// The score cache: each account's score summary as of a date under one model, valid while the
/// account's `revision` (bumped by every write that touches its facts) has not moved. Scores are
/// always recomputable from the facts; the cache only spares recomputing a whole book per report.
/// It keeps the few most recent as-of dates (see `BookWriter::save_score`).
const V2_SCORE_CACHE: &str = r"
ALTER TABLE account ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE TABLE account_score (
    account_id     INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    as_of          TEXT NOT NULL,
    model          TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    health         INTEGER,
    band           TEXT NOT NULL,
    delta          INTEGER,
    usage          REAL,
    adoption       REAL,
    support        REAL,
    engagement     REAL,
    signals        INTEGER NOT NULL,
    expansion      INTEGER NOT NULL,
    open_todos     INTEGER NOT NULL,
    overdue_todos  INTEGER NOT NULL,
    attention      INTEGER NOT NULL,
    nps_promoters  INTEGER NOT NULL,
    nps_passives   INTEGER NOT NULL,
    nps_detractors INTEGER NOT NULL,
    PRIMARY KEY (account_id, as_of)
) STRICT;
";

/// Records a person edits in the workspace carry a version, bumped by every edit: an edit names
/// the version it was made on, so an edit made meanwhile in another workspace is detected
/// instead of silently overwritten.
const V3_EDIT_VERSIONS: &str = r"
ALTER TABLE todo ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
";

/// The score cache again, laid out for the read that opens a book: rows clustered by as-of date
/// then account, so a date's scores are one range read in account order (no lookup per account),
/// and each summary one blob (see `store::scores`) instead of fifteen columns. Still one row per
/// account and date; the model is checked on read. The old rows are dropped: the cache is
/// recomputable, and the next load rescores.
const V4_SCORE_CACHE_BY_DATE: &str = r"
DROP TABLE account_score;

CREATE TABLE account_score (
    as_of      TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    model      TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    summary    BLOB NOT NULL,
    PRIMARY KEY (as_of, account_id)
) STRICT, WITHOUT ROWID;
-- Serves the cascade when an account is deleted.
CREATE INDEX account_score_by_account ON account_score(account_id);
";

/// Onboarding milestones and success-plan goals are edited in the workspace like todos and
/// contacts, so they carry a version too (see `V3_EDIT_VERSIONS`).
const V6_PLAN_VERSIONS: &str = r"
ALTER TABLE onboarding_milestone ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE goal ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
";

/// What the playbooks made: one row per rule, account and occasion (the renewal date, the
/// departed contact, the milestone, the period, the first day of an episode), so a trigger never
/// fires twice, even when the todo it made was deleted. An episode (a band or a signal that holds
/// for a while) stays open until a run no longer sees it (`ended_on`). `todo_id` is the todo it
/// made, while that todo exists.
const V7_PLAYBOOK_FIRINGS: &str = r"
CREATE TABLE playbook_firing (
    rule       TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    occasion   TEXT NOT NULL,
    fired_on   TEXT NOT NULL,
    ended_on   TEXT,
    todo_id    INTEGER REFERENCES todo(id) ON DELETE SET NULL,
    PRIMARY KEY (rule, account_id, occasion)
) STRICT;
-- Serve the cascade when an account is deleted and the reset when a todo is.
CREATE INDEX playbook_firing_by_account ON playbook_firing(account_id);
CREATE INDEX playbook_firing_by_todo ON playbook_firing(todo_id);
-- A cadence rule met by an interaction (a QBR this quarter) reads one kind over a few weeks of
-- the whole book: a range of this index instead of a pass over every interaction.
CREATE INDEX interaction_by_kind ON interaction(kind, date, account_id);
";

/// Every record a person corrects by hand (SPEC 11) carries a version like todos and contacts:
/// accounts, opportunities and timeline entries too. An account may also be known to several
/// systems (a CRM, a help desk, a survey tool), each by its own id: `account_source` remembers
/// the id each source gave it, so a second system's export of the same companies finds them
/// instead of adding them again. `book_user` maps an owner's CRM id or email to a name, so an
/// owner column reads as people rather than ids.
const V8_RECORDS_AND_SOURCES: &str = r"
ALTER TABLE account ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE opportunity ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interaction ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE account_source (
    source      TEXT NOT NULL,
    external_id TEXT NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    PRIMARY KEY (source, external_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX account_source_by_account ON account_source(account_id);

CREATE TABLE book_user (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL,
    email  TEXT UNIQUE,
    crm_id TEXT UNIQUE
) STRICT;
";

/// An onboarding milestone can be closed as skipped when its account left onboarding (its
/// stage changed, or its path fell far behind): kept as history with the day, neither done nor
/// late.
const V9_SKIPPED_MILESTONES: &str = r"
ALTER TABLE onboarding_milestone ADD COLUMN skipped_on TEXT;
";

/// How each renewal of an account ended (SPEC 12): one row per account and renewal date (`due`),
/// recorded in csm or imported; a renewal opportunity closed in the CRM is read as an outcome
/// where no row exists, so it is never stored here. Money is cents; a churn leaves no ARR.
const V10_RENEWAL_RECORDS: &str = r"
CREATE TABLE renewal_record (
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    due        TEXT NOT NULL,
    closed_on  TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome = 'renewed' OR outcome = 'churned'),
    arr_before INTEGER NOT NULL CHECK (arr_before >= 0),
    arr_after  INTEGER NOT NULL CHECK (arr_after >= 0),
    note       TEXT,
    source     TEXT NOT NULL CHECK (source = 'recorded' OR source = 'imported'),
    version    INTEGER NOT NULL DEFAULT 0,
    CHECK (outcome = 'renewed' OR arr_after = 0),
    PRIMARY KEY (account_id, due)
) STRICT, WITHOUT ROWID;
";

/// Health at past renewals, as the backtest and the forecast's band rates read it: one row per
/// renewal (account and due) and lead, valid for one model and one revision of the account's
/// facts like the score cache, and as recomputable (see `store::outcome_cache`).
const V11_PAST_HEALTH: &str = r"
CREATE TABLE past_health (
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    due        TEXT NOT NULL,
    lead       INTEGER NOT NULL,
    model      TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    summary    BLOB NOT NULL,
    PRIMARY KEY (account_id, due, lead)
) STRICT, WITHOUT ROWID;
";

/// The QBRs of each account (SPEC 9): the planned day, the attendees (contact ids and names,
/// as JSON arrays), the CSM's deck choices and texts (JSON), and the day it was held with the
/// `qbr` interaction that logged it. At most one open (not held) QBR per account.
const V12_QBRS: &str = r"
CREATE TABLE qbr (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    planned_on  TEXT,
    contacts    TEXT NOT NULL DEFAULT '[]',
    guests      TEXT NOT NULL DEFAULT '[]',
    choices     TEXT NOT NULL DEFAULT '{}',
    held_on     TEXT,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    version     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX qbr_open ON qbr(account_id) WHERE held_on IS NULL;
CREATE INDEX qbr_account ON qbr(account_id, held_on);
";

/// A CSM's call on each account's next renewal (SPEC 12), which overrides the model's
/// probability in the forecast: `commit`, `likely`, `at_risk`, `lost`, or a share from 0 to 1,
/// as text; the day it was set. One row per account; a call taken back (the model again) keeps
/// its row with no call, so the version counts every change of the account's call and a writer
/// who read an older one is refused even after a clear and a new call.
const V13_FORECAST_CALLS: &str = r"
CREATE TABLE forecast_call (
    account_id INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
    call       TEXT,
    set_on     TEXT,
    version    INTEGER NOT NULL DEFAULT 0
) STRICT;
";

/// Nothing in SQLite: on a PostgreSQL server, migration 14 checks the reference of the days of
/// usage to their account a statement at a time rather than a row at a time (SQLite's own
/// reference stands, and a bulk load checks it at commit). The version moves so that both
/// engines' schemas keep one number.
const V14_USAGE_REFERENCE_ON_SERVER: &str = "-- nothing to change in SQLite";

/// The migrations, oldest first.
pub(super) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1_BOOK),
        M::up(V2_SCORE_CACHE),
        M::up(V3_EDIT_VERSIONS),
        M::up(V4_SCORE_CACHE_BY_DATE),
        M::up_with_hook("", equality_checks::rewrite),
        M::up(V6_PLAN_VERSIONS),
        M::up(V7_PLAYBOOK_FIRINGS),
        M::up(V8_RECORDS_AND_SOURCES),
        M::up(V9_SKIPPED_MILESTONES),
        M::up(V10_RENEWAL_RECORDS),
        M::up(V11_PAST_HEALTH),
        M::up(V12_QBRS),
        M::up(V13_FORECAST_CALLS),
        M::up(V14_USAGE_REFERENCE_ON_SERVER),
    ])
}

/// The schema version a fully migrated store has (the number of migrations).
pub const LATEST_VERSION: usize = 14;

/// The oldest schema version whose SQLite tables are those of [`LATEST_VERSION`]: a book at a
/// version from here on reads as it is, without migrating, as a book csm may not write must
/// (the migrations after it change nothing in SQLite). Moves up with the next migration that
/// changes SQLite's tables.
pub const OLDEST_READABLE: usize = 13;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn the_latest_version_counts_every_migration() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
        assert_eq!(usize::try_from(version).unwrap(), LATEST_VERSION);
    }

    /// A book written at version 4, with rows in every vocabulary column, comes through the later
    /// migrations whole: the same rows, SQLite's integrity check clean (it tests CHECK
    /// constraints too), and the rewritten checks still refusing a bad word.
    #[test]
    fn a_populated_version_4_book_migrates_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.db");
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO account (external_id, name, segment, advocacy) \
                 VALUES ('A', 'Acme', 'enterprise', 'champion');
             INSERT INTO contact (account_id, name, role) VALUES (1, 'Ada', 'economic_buyer');
             INSERT INTO ticket (account_id, opened, priority) VALUES (1, '2026-11-01', 'urgent');
             INSERT INTO interaction (account_id, date, kind) VALUES (1, '2026-11-02', 'qbr');
             INSERT INTO todo (account_id, title, priority, status, created_on) \
                 VALUES (1, 'Call', 'high', 'done', '2026-11-03');
             INSERT INTO opportunity (account_id, kind, status) VALUES (1, 'renewal', 'won');
             INSERT INTO goal (account_id, objective, status) VALUES (1, 'Grow', 'met');",
        )
        .unwrap();
        let dump = |conn: &rusqlite::Connection| -> Vec<String> {
            let tables =
                ["account", "contact", "ticket", "interaction", "todo", "opportunity", "goal"];
            tables
                .iter()
                .map(|t| {
                    let sql = format!("SELECT * FROM {t}");
                    let mut stmt = conn.prepare(&sql).unwrap();
                    let columns = stmt.column_count();
                    let rows: Vec<String> = stmt
                        .query_map([], |r| {
                            Ok((0..columns)
                                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                                .collect::<Vec<_>>()
                                .join("|"))
                        })
                        .unwrap()
                        .map(Result::unwrap)
                        .collect();
                    format!("{t}: {}", rows.join("; "))
                })
                .collect()
        };
        let before = dump(&conn);
        drop(conn);
        let store = crate::store::Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        drop(store);
        let conn = rusqlite::Connection::open(&path).unwrap();
        // The versions added by migrations 6 and 8 are new columns at the end.
        let versioned = ["goal", "account", "interaction", "opportunity"];
        let after: Vec<String> = dump(&conn)
            .into_iter()
            .map(|t| {
                if versioned.iter().any(|v| t.starts_with(&format!("{v}:"))) {
                    t.strip_suffix("|Integer(0)").unwrap_or(&t).to_owned()
                } else {
                    t
                }
            })
            .collect();
        assert_eq!(after, before);
        let integrity: String =
            conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
        assert_eq!(integrity, "ok");
        let refused = conn.execute("UPDATE contact SET role = 'boss' WHERE id = 1", []);
        assert!(refused.is_err());
    }

    /// Migration 5 must change how values are tested, never which pass: every vocabulary still
    /// refuses a word outside it, accepts each word in it, and no table keeps an `IN` list.
    #[test]
    fn vocabulary_checks_refuse_and_accept_as_before() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let lists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '% IN (%'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(lists, 0);
        let insert = |segment: &str| {
            conn.execute(
                "INSERT INTO account (external_id, name, segment) VALUES (?1, 'A', ?1)",
                [segment],
            )
        };
        for segment in ["enterprise", "mid_market", "smb", "self_service"] {
            insert(segment).unwrap();
        }
        assert!(insert("gold").is_err());
        assert!(insert("Enterprise").is_err());
        let role = |role: &str| {
            conn.execute("INSERT INTO contact (account_id, name, role) VALUES (1, 'C', ?1)", [role])
        };
        role("executive_sponsor").unwrap();
        role("other").unwrap();
        assert!(role("sponsor").is_err());
        let integrity: String =
            conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
        assert_eq!(integrity, "ok");
    }
}
