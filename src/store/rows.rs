//! Column lists and row mappers, one pair per entity, shared by every query that reads it.

use std::str::FromStr;

use chrono::NaiveDate;

pub(super) use super::engine::IsoDate;
use super::engine::{StoreRow, out_of_range};

use crate::domain::{
    Account, AccountId, Contact, ContactId, Goal, GoalId, Interaction, InteractionId, Milestone,
    MilestoneId, NpsId, NpsResponse, Opportunity, OpportunityId, Ticket, TicketId, Todo, TodoId,
};

/// Reads a date column that must not be null.
pub(super) fn date<R: StoreRow + ?Sized>(row: &R, idx: usize) -> Result<NaiveDate, R::Error> {
    row.get_date(idx)
}

/// Reads an optional date column.
pub(super) fn date_opt<R: StoreRow + ?Sized>(
    row: &R,
    idx: usize,
) -> Result<Option<NaiveDate>, R::Error> {
    row.get_opt_date(idx)
}

/// Reads a vocabulary code (or a rating) from a TEXT column.
pub(super) fn parsed<R, T>(row: &R, idx: usize) -> Result<T, R::Error>
where
    R: StoreRow + ?Sized,
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    parsed_opt(row, idx)?.ok_or_else(|| row.unexpected_null(idx, "code"))
}

/// Parses the text in place: codes are read for every account at start, and an owned `String`
/// per code would be an allocation per row for nothing.
pub(super) fn parsed_opt<R, T>(row: &R, idx: usize) -> Result<Option<T>, R::Error>
where
    R: StoreRow + ?Sized,
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let Some(text) = row.get_opt_str(idx)? else {
        return Ok(None);
    };
    text.parse().map(Some).map_err(|e| row.bad_value(idx, Box::new(e)))
}

fn small<R: StoreRow + ?Sized, T: TryFrom<i64>>(
    row: &R,
    idx: usize,
) -> Result<Option<T>, R::Error> {
    row.get_opt_i64(idx)?
        .map(|v| T::try_from(v).map_err(|_| row.bad_value(idx, out_of_range(v))))
        .transpose()
}

pub(super) const ACCOUNT_COLUMNS: &str = "id, external_id, name, domain, segment, industry, region, \
     owner, arr_cents, seats_licensed, contract_start, renewal_date, lifecycle_stage, advocacy, version";

/// How many columns [`ACCOUNT_COLUMNS`] names: a query's own columns start at this index.
pub(super) const ACCOUNT_COLUMN_COUNT: usize = 15;

pub(super) fn account<R: StoreRow + ?Sized>(row: &R) -> Result<Account, R::Error> {
    Ok(Account {
        id: AccountId(row.get_i64(0)?),
        external_id: row.get_string(1)?,
        name: row.get_string(2)?,
        domain: row.get_opt_string(3)?,
        segment: parsed_opt(row, 4)?,
        industry: row.get_opt_string(5)?,
        region: row.get_opt_string(6)?,
        owner: row.get_opt_string(7)?,
        arr_cents: row.get_i64(8)?,
        seats_licensed: row.get_opt_i64(9)?,
        contract_start: row.get_opt_date(10)?,
        renewal_date: row.get_opt_date(11)?,
        lifecycle_stage: row.get_opt_string(12)?,
        advocacy: parsed_opt(row, 13)?,
        version: row.get_i64(14)?,
    })
}

pub(super) const CONTACT_COLUMNS: &str = "id, account_id, external_id, name, title, email, role, \
     influence, sentiment, reports_to, last_engaged, left_on, version";

pub(super) fn contact<R: StoreRow + ?Sized>(row: &R) -> Result<Contact, R::Error> {
    Ok(Contact {
        id: ContactId(row.get_i64(0)?),
        account_id: AccountId(row.get_i64(1)?),
        external_id: row.get_opt_string(2)?,
        name: row.get_string(3)?,
        title: row.get_opt_string(4)?,
        email: row.get_opt_string(5)?,
        role: parsed(row, 6)?,
        influence: small(row, 7)?,
        sentiment: small(row, 8)?,
        reports_to: row.get_opt_i64(9)?.map(ContactId),
        last_engaged: row.get_opt_date(10)?,
        left_on: row.get_opt_date(11)?,
        version: row.get_i64(12)?,
    })
}

pub(super) const TICKET_COLUMNS: &str =
    "id, account_id, external_id, opened, closed, priority, rating, status, subject";

pub(super) fn ticket<R: StoreRow + ?Sized>(row: &R) -> Result<Ticket, R::Error> {
    Ok(Ticket {
        id: TicketId(row.get_i64(0)?),
        account_id: AccountId(row.get_i64(1)?),
        external_id: row.get_opt_string(2)?,
        opened: row.get_date(3)?,
        closed: row.get_opt_date(4)?,
        priority: parsed(row, 5)?,
        rating: parsed_opt(row, 6)?,
        status: row.get_opt_string(7)?,
        subject: row.get_opt_string(8)?,
    })
}

pub(super) const NPS_COLUMNS: &str = "id, account_id, email, score, date, comment";

pub(super) fn nps<R: StoreRow + ?Sized>(row: &R) -> Result<NpsResponse, R::Error> {
    Ok(NpsResponse {
        id: NpsId(row.get_i64(0)?),
        account_id: AccountId(row.get_i64(1)?),
        email: row.get_opt_string(2)?,
        score: small(row, 3)?.unwrap_or_default(),
        date: row.get_date(4)?,
        comment: row.get_opt_string(5)?,
    })
}

/// The participants come as a comma-separated list of contact ids, in id order: `string_agg`
/// with an ordered argument is the one spelling of a list aggregate both engines accept (SQLite
/// since 3.44, as bundled), where `group_concat` is SQLite's alone.
pub(super) const INTERACTION_COLUMNS: &str = "i.id, i.account_id, i.external_id, i.date, i.kind, \
     i.summary, i.body, (SELECT string_agg(CAST(contact_id AS TEXT), ',' ORDER BY contact_id) \
     FROM interaction_contact c WHERE c.interaction_id = i.id), i.version";

pub(super) fn interaction<R: StoreRow + ?Sized>(row: &R) -> Result<Interaction, R::Error> {
    let participants = row.get_opt_str(7)?;
    Ok(Interaction {
        id: InteractionId(row.get_i64(0)?),
        account_id: AccountId(row.get_i64(1)?),
        external_id: row.get_opt_string(2)?,
        date: row.get_date(3)?,
        kind: parsed(row, 4)?,
        summary: row.get_opt_string(5)?,
        body: row.get_opt_string(6)?,
        contacts: participants
            .iter()
            .flat_map(|list| list.split(','))
            .filter_map(|id| id.parse().ok().map(ContactId))
            .collect(),
        version: row.get_i64(8)?,
    })
}

pub(super) const TODO_COLUMNS: &str = "id, account_id, title, notes, due, priority, status, \
     snoozed_until, rule, created_on, completed_on, version";

pub(super) fn todo<R: StoreRow + ?Sized>(row: &R) -> Result<Todo, R::Error> {
    Ok(Todo {
        id: TodoId(row.get_i64(0)?),
        account_id: row.get_opt_i64(1)?.map(AccountId),
        title: row.get_string(2)?,
        notes: row.get_opt_string(3)?,
        due: row.get_opt_date(4)?,
        priority: parsed(row, 5)?,
        status: parsed(row, 6)?,
        snoozed_until: row.get_opt_date(7)?,
        rule: row.get_opt_string(8)?,
        created_on: row.get_date(9)?,
        completed_on: row.get_opt_date(10)?,
        version: row.get_i64(11)?,
    })
}

pub(super) const OPPORTUNITY_COLUMNS: &str = "id, account_id, external_id, name, kind, \
     amount_cents, stage, close_date, probability, status, version";

pub(super) fn opportunity<R: StoreRow + ?Sized>(row: &R) -> Result<Opportunity, R::Error> {
    Ok(Opportunity {
        id: OpportunityId(row.get_i64(0)?),
        account_id: AccountId(row.get_i64(1)?),
        external_id: row.get_opt_string(2)?,
        name: row.get_opt_string(3)?,
        kind: parsed(row, 4)?,
        amount_cents: row.get_opt_i64(5)?,
        stage: row.get_opt_string(6)?,
        close_date: row.get_opt_date(7)?,
        probability: row.get_opt_f64(8)?,
        status: parsed(row, 9)?,
        version: row.get_i64(10)?,
    })
}

pub(super) const MILESTONE_COLUMNS: &str =
    "id, account_id, name, target_date, completed_on, version, skipped_on";

pub(super) fn milestone<R: StoreRow + ?Sized>(row: &R) -> Result<Milestone, R::Error> {
    Ok(Milestone {
        id: MilestoneId(row.get_i64(0)?),
        account_id: AccountId(row.get_i64(1)?),
        name: row.get_string(2)?,
        target_date: row.get_opt_date(3)?,
        completed_on: row.get_opt_date(4)?,
        skipped_on: row.get_opt_date(6)?,
        version: row.get_i64(5)?,
    })
}

pub(super) const GOAL_COLUMNS: &str =
    "id, account_id, objective, metric, target, status, due, met_on, version";

pub(super) fn goal<R: StoreRow + ?Sized>(row: &R) -> Result<Goal, R::Error> {
    Ok(Goal {
        id: GoalId(row.get_i64(0)?),
        account_id: AccountId(row.get_i64(1)?),
        objective: row.get_string(2)?,
        metric: row.get_opt_string(3)?,
        target: row.get_opt_string(4)?,
        status: parsed(row, 5)?,
        due: row.get_opt_date(6)?,
        met_on: row.get_opt_date(7)?,
        version: row.get_i64(8)?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_account_column_count_matches_the_list() {
        assert_eq!(super::ACCOUNT_COLUMNS.split(", ").count(), super::ACCOUNT_COLUMN_COUNT);
    }
}
