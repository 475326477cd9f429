//! The columns each record writes, named once per entity with the values that fill them, and
//! the three statements built from them: the insert of a new record, the update of a stored one,
//! and the insert that puts a deleted one back under its own id and version (undo). A column
//! added to an entity is one change here: its name in the table's list and its value in the
//! list beside it (the two have the same length by type). Nothing here runs a statement.

use std::sync::OnceLock;

use super::engine::Param;
use crate::domain::{
    Account, Contact, Goal, Interaction, Milestone, NpsResponse, Opportunity, Ticket, Todo,
};

/// A table's writable columns (not its `id`, nor its `version`), and its statements, built on
/// first use.
pub(super) struct Table<const N: usize> {
    name: &'static str,
    columns: [&'static str; N],
    /// Whether the table counts its rows' versions (an update moves it).
    versioned: bool,
    insert: OnceLock<String>,
    update: OnceLock<String>,
    restore: OnceLock<String>,
}

/// `?from, ?from+1, …`, `n` of them.
pub(super) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

impl<const N: usize> Table<N> {
    const fn new(name: &'static str, columns: [&'static str; N], versioned: bool) -> Self {
        Self {
            name,
            columns,
            versioned,
            insert: OnceLock::new(),
            update: OnceLock::new(),
            restore: OnceLock::new(),
        }
    }

    pub(super) fn name(&self) -> &'static str {
        self.name
    }

    /// How many columns.
    pub(super) const fn width(&self) -> usize {
        N
    }

    /// The columns, comma-separated.
    pub(super) fn column_list(&self) -> String {
        self.columns.join(", ")
    }

    /// `INSERT INTO t (c1, …, cn) VALUES (?1, …, ?n) RETURNING id`.
    pub(super) fn insert_sql(&self) -> &str {
        self.insert.get_or_init(|| {
            format!(
                "INSERT INTO {} ({}) VALUES ({}) RETURNING id",
                self.name,
                self.column_list(),
                placeholders(1, N)
            )
        })
    }

    /// `UPDATE t SET c1 = ?2, …, cn = ?n+1, version = version + 1 WHERE id = ?1`: bound with
    /// [`Table::with_id`].
    pub(super) fn update_sql(&self) -> &str {
        self.update.get_or_init(|| {
            let mut set: Vec<String> =
                self.columns.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 2)).collect();
            if self.versioned {
                set.push("version = version + 1".to_owned());
            }
            format!("UPDATE {} SET {} WHERE id = ?1", self.name, set.join(", "))
        })
    }

    /// `INSERT INTO t (id, c1, …, cn, version) VALUES (?1, …, ?n+2)`: bound with
    /// [`Table::restored`].
    pub(super) fn restore_sql(&self) -> &str {
        self.restore.get_or_init(|| {
            format!(
                "INSERT INTO {} (id, {}, version) VALUES ({})",
                self.name,
                self.column_list(),
                placeholders(1, N + 2)
            )
        })
    }

    /// The record's id, then its values: the parameters of [`Table::update_sql`].
    pub(super) fn with_id<'a>(&self, id: i64, values: [Param<'a>; N]) -> Vec<Param<'a>> {
        let mut all = Vec::with_capacity(N + 1);
        all.push(Param::Int(id));
        all.extend(values);
        all
    }

    /// The record's id, its values and its version: the parameters of [`Table::restore_sql`].
    pub(super) fn restored<'a>(
        &self,
        id: i64,
        values: [Param<'a>; N],
        version: i64,
    ) -> Vec<Param<'a>> {
        let mut all = self.with_id(id, values);
        all.push(Param::Int(version));
        all
    }
}

pub(super) static ACCOUNT: Table<13> = Table::new(
    "account",
    [
        "external_id",
        "name",
        "domain",
        "segment",
        "industry",
        "region",
        "owner",
        "arr_cents",
        "seats_licensed",
        "contract_start",
        "renewal_date",
        "lifecycle_stage",
        "advocacy",
    ],
    true,
);

pub(super) fn account(a: &Account) -> [Param<'_>; 13] {
    [
        Param::from(&a.external_id),
        a.name.as_str().into(),
        a.domain.as_deref().into(),
        a.segment.map(|s| s.code()).into(),
        a.industry.as_deref().into(),
        a.region.as_deref().into(),
        a.owner.as_deref().into(),
        a.arr_cents.into(),
        a.seats_licensed.into(),
        a.contract_start.into(),
        a.renewal_date.into(),
        a.lifecycle_stage.as_deref().into(),
        a.advocacy.map(|v| v.code()).into(),
    ]
}

pub(super) static CONTACT: Table<11> = Table::new(
    "contact",
    [
        "account_id",
        "external_id",
        "name",
        "title",
        "email",
        "role",
        "influence",
        "sentiment",
        "reports_to",
        "last_engaged",
        "left_on",
    ],
    true,
);

/// Where [`contact`] puts `reports_to` (a restore blanks a manager who is gone).
pub(super) const CONTACT_REPORTS_TO: usize = 8;

pub(super) fn contact(c: &Contact) -> [Param<'_>; 11] {
    [
        Param::Int(c.account_id.0),
        c.external_id.as_deref().into(),
        c.name.as_str().into(),
        c.title.as_deref().into(),
        c.email.as_deref().into(),
        c.role.code().into(),
        c.influence.map(i64::from).into(),
        c.sentiment.map(i64::from).into(),
        c.reports_to.map(|id| id.0).into(),
        c.last_engaged.into(),
        c.left_on.into(),
    ]
}

pub(super) static TICKET: Table<8> = Table::new(
    "ticket",
    ["account_id", "external_id", "opened", "closed", "priority", "rating", "status", "subject"],
    false,
);

/// A ticket's values; its rating as the caller wrote it out (`Rating`'s text).
pub(super) fn ticket<'a>(t: &'a Ticket, rating: Option<&'a str>) -> [Param<'a>; 8] {
    [
        Param::Int(t.account_id.0),
        t.external_id.as_deref().into(),
        t.opened.into(),
        t.closed.into(),
        t.priority.code().into(),
        rating.into(),
        t.status.as_deref().into(),
        t.subject.as_deref().into(),
    ]
}

pub(super) static NPS: Table<5> =
    Table::new("nps_response", ["account_id", "email", "score", "date", "comment"], false);

pub(super) fn nps(n: &NpsResponse) -> [Param<'_>; 5] {
    [
        Param::Int(n.account_id.0),
        n.email.as_deref().into(),
        i64::from(n.score).into(),
        n.date.into(),
        n.comment.as_deref().into(),
    ]
}

pub(super) static INTERACTION: Table<6> = Table::new(
    "interaction",
    ["account_id", "external_id", "date", "kind", "summary", "body"],
    true,
);

pub(super) fn interaction(i: &Interaction) -> [Param<'_>; 6] {
    [
        Param::Int(i.account_id.0),
        i.external_id.as_deref().into(),
        i.date.into(),
        i.kind.code().into(),
        i.summary.as_deref().into(),
        i.body.as_deref().into(),
    ]
}

pub(super) static TODO: Table<10> = Table::new(
    "todo",
    [
        "account_id",
        "title",
        "notes",
        "due",
        "priority",
        "status",
        "snoozed_until",
        "rule",
        "created_on",
        "completed_on",
    ],
    true,
);

pub(super) fn todo(t: &Todo) -> [Param<'_>; 10] {
    [
        t.account_id.map(|a| a.0).into(),
        t.title.as_str().into(),
        t.notes.as_deref().into(),
        t.due.into(),
        t.priority.code().into(),
        t.status.code().into(),
        t.snoozed_until.into(),
        t.rule.as_deref().into(),
        t.created_on.into(),
        t.completed_on.into(),
    ]
}

pub(super) static OPPORTUNITY: Table<9> = Table::new(
    "opportunity",
    [
        "account_id",
        "external_id",
        "name",
        "kind",
        "amount_cents",
        "stage",
        "close_date",
        "probability",
        "status",
    ],
    true,
);

pub(super) fn opportunity(o: &Opportunity) -> [Param<'_>; 9] {
    [
        Param::Int(o.account_id.0),
        o.external_id.as_deref().into(),
        o.name.as_deref().into(),
        o.kind.code().into(),
        o.amount_cents.into(),
        o.stage.as_deref().into(),
        o.close_date.into(),
        o.probability.into(),
        o.status.code().into(),
    ]
}

/// A milestone's fields a person edits; its account and place in the path are set once, when
/// it is added.
pub(super) static MILESTONE: Table<4> =
    Table::new("onboarding_milestone", ["name", "target_date", "completed_on", "skipped_on"], true);

pub(super) fn milestone(m: &Milestone) -> [Param<'_>; 4] {
    [m.name.as_str().into(), m.target_date.into(), m.completed_on.into(), m.skipped_on.into()]
}

pub(super) static GOAL: Table<7> = Table::new(
    "goal",
    ["account_id", "objective", "metric", "target", "status", "due", "met_on"],
    true,
);

pub(super) fn goal(g: &Goal) -> [Param<'_>; 7] {
    [
        Param::Int(g.account_id.0),
        g.objective.as_str().into(),
        g.metric.as_deref().into(),
        g.target.as_deref().into(),
        g.status.code().into(),
        g.due.into(),
        g.met_on.into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_name_each_column_once_with_its_placeholder() {
        assert_eq!(
            GOAL.insert_sql(),
            "INSERT INTO goal (account_id, objective, metric, target, \
             status, due, met_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"
        );
        assert_eq!(
            MILESTONE.update_sql(),
            "UPDATE onboarding_milestone SET name = ?2, target_date = ?3, completed_on = ?4, \
             skipped_on = ?5, version = version + 1 WHERE id = ?1"
        );
        assert_eq!(
            NPS.update_sql(),
            "UPDATE nps_response SET account_id = ?2, email = ?3, score = ?4, date = ?5, \
             comment = ?6 WHERE id = ?1"
        );
        assert_eq!(
            MILESTONE.restore_sql(),
            "INSERT INTO onboarding_milestone (id, name, target_date, completed_on, skipped_on, \
             version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        );
        assert_eq!(CONTACT.columns[CONTACT_REPORTS_TO], "reports_to");
    }
}
