//! What makes a hand-made record acceptable (SPEC 11): the rules every correction of an account,
//! a contact, an opportunity or a timeline entry must meet, whether it comes from a workspace form
//! or from the command line, so both refuse the same values with the same words. Each rule names
//! the field as a person knows it and the reason. Pure: no I/O, no parsing of text (callers parse
//! their own input first), no knowledge of how a refusal is shown.

use chrono::NaiveDate;

use super::{Account, Contact, Interaction, Opportunity, RenewalRecord};

/// Why a record was refused: the field, as the form and the command line name it, and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldRefusal {
    pub field: &'static str,
    pub reason: String,
}

impl FieldRefusal {
    #[must_use]
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self { field, reason: reason.into() }
    }
}

fn refuse<T>(field: &'static str, reason: impl Into<String>) -> Result<T, FieldRefusal> {
    Err(FieldRefusal::new(field, reason))
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// An account as a person may leave it: named, no negative money or seats, and a renewal that
/// does not come before its contract started.
///
/// # Errors
/// The first field that breaks a rule.
pub fn check_account(a: &Account) -> Result<(), FieldRefusal> {
    if blank(&a.name) {
        return refuse("name", "an account needs a name");
    }
    if a.arr_cents < 0 {
        return refuse("ARR", "cannot be negative");
    }
    if a.seats_licensed.is_some_and(|s| s < 0) {
        return refuse("seats", "cannot be negative");
    }
    if let (Some(start), Some(renewal)) = (a.contract_start, a.renewal_date)
        && renewal < start
    {
        return refuse("renewal date", format!("{renewal} is before the contract start {start}"));
    }
    Ok(())
}

/// A contact as a person may leave it, among the other contacts of its account (`others` may
/// hold the contact itself: it is told apart by id): named, an email that looks like one and no
/// other contact of the account uses, influence 1-5, sentiment -2 to +2, and reporting to
/// another current contact of the same account without a loop.
///
/// # Errors
/// The first field that breaks a rule.
pub fn check_contact(c: &Contact, others: &[Contact]) -> Result<(), FieldRefusal> {
    if blank(&c.name) {
        return refuse("name", "a contact needs a name");
    }
    let others = || others.iter().filter(|o| o.id != c.id || c.id.0 == 0);
    if let Some(email) = c.email.as_deref() {
        let email = email.trim();
        let (local, domain) = email.split_once('@').unwrap_or(("", ""));
        if local.is_empty() || !domain.contains('.') || email.contains(char::is_whitespace) {
            return refuse("email", format!("{email:?} is not an email address"));
        }
        if let Some(holder) = others()
            .find(|o| o.email.as_deref().is_some_and(|e| e.trim().eq_ignore_ascii_case(email)))
        {
            return refuse("email", format!("{email} is already {}'s", holder.name));
        }
    }
    if c.influence.is_some_and(|i| !(1..=5).contains(&i)) {
        return refuse("influence", "is 1 (little) to 5 (decisive)");
    }
    if c.sentiment.is_some_and(|s| !(-2..=2).contains(&s)) {
        return refuse("sentiment", "is −2 (hostile) to +2 (advocate)");
    }
    if let Some(boss) = c.reports_to {
        if c.id.0 != 0 && boss == c.id {
            return refuse("reports to", "a contact cannot report to themselves");
        }
        let mut next = others().find(|o| o.id == boss);
        if next.is_none_or(|b| b.account_id != c.account_id) {
            return refuse("reports to", "must be another contact of the same account");
        }
        // Walk up the chain: reaching the contact again would make a loop.
        let mut steps = 0;
        while let Some(b) = next {
            if c.id.0 != 0 && b.reports_to == Some(c.id) {
                return refuse("reports to", format!("{} reports to this contact", b.name));
            }
            steps += 1;
            next =
                b.reports_to.and_then(|id| others().find(|o| o.id == id)).filter(|_| steps < 1000);
        }
    }
    Ok(())
}

/// An opportunity as a person may leave it: no negative amount, a probability of 0-100 %.
///
/// # Errors
/// The first field that breaks a rule.
pub fn check_opportunity(o: &Opportunity) -> Result<(), FieldRefusal> {
    if o.name.as_deref().is_none_or(blank) {
        return refuse("name", "an opportunity needs a name");
    }
    if o.amount_cents.is_some_and(|a| a < 0) {
        return refuse("amount", "cannot be negative");
    }
    if o.probability.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
        return refuse("probability", "is 0 to 100 %");
    }
    Ok(())
}

/// A timeline entry as a person may leave it: a summary, and a day that has happened by `today`
/// (a touchpoint is logged after it took place; a plan is a todo).
///
/// # Errors
/// The first field that breaks a rule.
pub fn check_interaction(i: &Interaction, today: NaiveDate) -> Result<(), FieldRefusal> {
    if i.summary.as_deref().is_none_or(blank) {
        return refuse("summary", "say in a line what happened");
    }
    if i.date > today {
        return refuse(
            "date",
            format!("{} is after today ({today}): log it once it happened", i.date),
        );
    }
    Ok(())
}

/// A renewal a person records (SPEC 12), with the next renewal date it sets: no negative ARR, a
/// churn keeps none and has no next renewal, decided by `today`, and a next renewal after the
/// one it closes.
///
/// # Errors
/// The first field that breaks a rule.
pub fn check_renewal(
    r: &RenewalRecord,
    next: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), FieldRefusal> {
    if r.arr_after < 0 {
        return refuse("new ARR", "cannot be negative");
    }
    if r.arr_before < 0 {
        return refuse("ARR before", "cannot be negative");
    }
    if r.churned() && r.arr_after != 0 {
        return refuse("new ARR", "a churned account keeps no ARR: 0 when it churned");
    }
    if r.closed_on > today {
        return refuse(
            "closed on",
            format!(
                "{} is after today ({today}): record a renewal once it is decided",
                r.closed_on
            ),
        );
    }
    match next {
        Some(next) if r.churned() => {
            refuse("next renewal", format!("{next}: a churned account has no next renewal"))
        }
        Some(next) if next <= r.due => {
            refuse("next renewal", format!("{next} is not after the renewal it closes ({})", r.due))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        AccountId, ContactId, InteractionId, InteractionKind, RecordSource, RenewalOutcome, Role,
    };

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn contact(id: i64, name: &str, email: Option<&str>, boss: Option<i64>) -> Contact {
        Contact {
            id: ContactId(id),
            account_id: AccountId(1),
            external_id: None,
            name: name.into(),
            title: None,
            email: email.map(Into::into),
            role: Role::Other,
            influence: None,
            sentiment: None,
            reports_to: boss.map(ContactId),
            last_engaged: None,
            left_on: None,
            version: 0,
        }
    }

    #[test]
    fn an_account_with_negative_money_or_a_renewal_before_its_start_is_refused() {
        let good = Account { arr_cents: 0, ..Account::named("A-1", "Acme") };
        assert_eq!(check_account(&good), Ok(()));
        let negative = Account { arr_cents: -1, ..good.clone() };
        assert_eq!(check_account(&negative).unwrap_err().field, "ARR");
        let seats = Account { seats_licensed: Some(-3), ..good.clone() };
        assert_eq!(check_account(&seats).unwrap_err().field, "seats");
        let early = Account {
            contract_start: Some(day("2026-03-01")),
            renewal_date: Some(day("2026-02-28")),
            ..good.clone()
        };
        assert_eq!(check_account(&early).unwrap_err().field, "renewal date");
        let unnamed = Account { name: "  ".into(), ..good };
        assert_eq!(check_account(&unnamed).unwrap_err().field, "name");
    }

    #[test]
    fn an_email_another_contact_of_the_account_uses_is_refused_whatever_its_case() {
        let ana = contact(1, "Ana", Some("ana@acme.com"), None);
        let new = contact(0, "Bo", Some("ANA@acme.com"), None);
        let refusal = check_contact(&new, std::slice::from_ref(&ana)).unwrap_err();
        assert_eq!(refusal.field, "email");
        assert!(refusal.reason.contains("Ana"), "{refusal}");
        // The contact keeping its own email is no clash.
        assert_eq!(check_contact(&ana, std::slice::from_ref(&ana)), Ok(()));
        let bad = contact(0, "Bo", Some("bo at acme"), None);
        assert_eq!(check_contact(&bad, &[]).unwrap_err().field, "email");
    }

    #[test]
    fn influence_sentiment_and_reporting_lines_are_checked() {
        let ana = contact(1, "Ana", None, None);
        let bo = contact(2, "Bo", None, Some(1));
        let loud = Contact { influence: Some(6), ..contact(3, "Cy", None, None) };
        assert_eq!(check_contact(&loud, &[]).unwrap_err().field, "influence");
        let angry = Contact { sentiment: Some(-3), ..contact(3, "Cy", None, None) };
        assert_eq!(check_contact(&angry, &[]).unwrap_err().field, "sentiment");
        // Ana reporting to Bo, who reports to Ana, is a loop.
        let looped = Contact { reports_to: Some(ContactId(2)), ..ana.clone() };
        let refusal = check_contact(&looped, &[ana.clone(), bo.clone()]).unwrap_err();
        assert_eq!(refusal.field, "reports to");
        let own = Contact { reports_to: Some(ContactId(1)), ..ana.clone() };
        assert_eq!(
            check_contact(&own, std::slice::from_ref(&ana)).unwrap_err().field,
            "reports to"
        );
        let elsewhere = Contact { account_id: AccountId(9), ..contact(5, "Di", None, None) };
        let stray = contact(0, "Ed", None, Some(5));
        assert_eq!(check_contact(&stray, &[elsewhere]).unwrap_err().field, "reports to");
        assert_eq!(check_contact(&bo, &[ana, bo.clone()]), Ok(()));
    }

    #[test]
    fn a_touchpoint_needs_a_summary_and_a_day_that_has_happened() {
        let touch = Interaction {
            id: InteractionId(0),
            account_id: AccountId(1),
            external_id: None,
            date: day("2026-12-07"),
            kind: InteractionKind::Call,
            summary: Some("Renewal call".into()),
            body: None,
            contacts: Vec::new(),
            version: 0,
        };
        assert_eq!(check_interaction(&touch, day("2026-12-07")), Ok(()));
        let future = Interaction { date: day("2026-12-08"), ..touch.clone() };
        assert_eq!(check_interaction(&future, day("2026-12-07")).unwrap_err().field, "date");
        let empty = Interaction { summary: Some(" ".into()), ..touch };
        assert_eq!(check_interaction(&empty, day("2026-12-07")).unwrap_err().field, "summary");
    }

    #[test]
    fn an_opportunity_amount_and_probability_stay_in_range() {
        let o = Opportunity {
            id: crate::domain::OpportunityId(0),
            account_id: AccountId(1),
            external_id: None,
            name: Some("Upsell".into()),
            kind: crate::domain::OpportunityKind::Expansion,
            amount_cents: Some(100),
            stage: None,
            close_date: None,
            probability: Some(50.0),
            status: crate::domain::OpportunityStatus::Open,
            version: 0,
        };
        assert_eq!(check_opportunity(&o), Ok(()));
        let negative = Opportunity { amount_cents: Some(-1), ..o.clone() };
        assert_eq!(check_opportunity(&negative).unwrap_err().field, "amount");
        let sure = Opportunity { probability: Some(101.0), ..o.clone() };
        assert_eq!(check_opportunity(&sure).unwrap_err().field, "probability");
        let unnamed = Opportunity { name: None, ..o };
        assert_eq!(check_opportunity(&unnamed).unwrap_err().field, "name");
    }

    #[test]
    fn a_renewal_is_refused_when_it_says_something_impossible() {
        let renewed = RenewalRecord {
            account_id: AccountId(1),
            due: day("2026-03-31"),
            closed_on: day("2026-03-20"),
            outcome: RenewalOutcome::Renewed,
            arr_before: 1000,
            arr_after: 1200,
            note: None,
            source: RecordSource::Recorded,
        };
        let today = day("2026-03-25");
        assert_eq!(check_renewal(&renewed, Some(day("2027-03-31")), today), Ok(()));
        assert_eq!(check_renewal(&renewed, None, today), Ok(()));
        let field = |r: &RenewalRecord, next: Option<&str>| {
            check_renewal(r, next.map(day), today).unwrap_err().field
        };
        assert_eq!(field(&RenewalRecord { arr_after: -1, ..renewed.clone() }, None), "new ARR");
        assert_eq!(field(&RenewalRecord { arr_before: -1, ..renewed.clone() }, None), "ARR before");
        let churned = RenewalRecord { outcome: RenewalOutcome::Churned, ..renewed.clone() };
        assert_eq!(field(&churned, None), "new ARR");
        let churned = RenewalRecord { arr_after: 0, ..churned };
        assert_eq!(check_renewal(&churned, None, today), Ok(()));
        assert_eq!(field(&churned, Some("2027-03-31")), "next renewal");
        assert_eq!(field(&renewed, Some("2026-03-31")), "next renewal");
        let later = RenewalRecord { closed_on: day("2026-03-26"), ..renewed };
        assert_eq!(field(&later, None), "closed on");
    }
}
