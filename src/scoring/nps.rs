//! NPS respondents and their latest answers (SPEC 4.4 detractor, 4.6 book NPS).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::{AccountFacts, ContactId, NpsId, NpsResponse};

/// Who answered: the contact the response's email belongs to, else the email, else the response.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Respondent {
    Contact(ContactId),
    Email(String),
    Response(NpsId),
}

fn respondent(facts: &AccountFacts, response: &NpsResponse) -> Respondent {
    let Some(email) = response.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) else {
        return Respondent::Response(response.id);
    };
    facts
        .contacts
        .iter()
        .find(|c| c.email.as_deref().is_some_and(|ce| ce.trim().eq_ignore_ascii_case(email)))
        .map_or_else(|| Respondent::Email(email.to_lowercase()), |c| Respondent::Contact(c.id))
}

/// Each respondent's latest response dated on or before `date` (ties on the date go to the later
/// stored response). Responses of contacts who have since left still count.
#[must_use]
pub fn latest_per_respondent(facts: &AccountFacts, date: NaiveDate) -> Vec<&NpsResponse> {
    let mut latest: BTreeMap<Respondent, &NpsResponse> = BTreeMap::new();
    for response in facts.nps.iter().filter(|r| r.date <= date) {
        latest
            .entry(respondent(facts, response))
            .and_modify(|kept| {
                if (response.date, response.id) > (kept.date, kept.id) {
                    *kept = response;
                }
            })
            .or_insert(response);
    }
    latest.into_values().collect()
}

/// The latest answers of an account's respondents that lie in the NPS window, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NpsTally {
    /// Scores 9-10.
    pub promoters: u32,
    /// Scores 7-8.
    pub passives: u32,
    /// Scores 0-6.
    pub detractors: u32,
}

impl NpsTally {
    /// The tally of `facts` at `date` over `window` (which ends at `date`).
    #[must_use]
    pub fn of(facts: &AccountFacts, date: NaiveDate, window: crate::domain::Window) -> Self {
        let mut tally = Self::default();
        for response in latest_per_respondent(facts, date) {
            if window.contains(response.date) {
                match response.score {
                    9..=10 => tally.promoters += 1,
                    7..=8 => tally.passives += 1,
                    _ => tally.detractors += 1,
                }
            }
        }
        tally
    }

    /// Every counted response.
    #[must_use]
    pub fn responses(self) -> u32 {
        self.promoters + self.passives + self.detractors
    }
}
