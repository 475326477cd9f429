//! The vocabularies of SPEC 7 as exports spell them: segments, roles, advocacy, priorities,
//! opportunity kinds and statuses, interaction kinds, flags and ticket ratings. Spellings are
//! matched ignoring case and punctuation (`Mid-Market`, `mid market` and `MID_MARKET` are one).

use crate::domain::{
    Advocacy, InteractionKind, OpportunityKind, OpportunityStatus, Priority, Rating, Role, Segment,
};

use super::{quoted, word_key};

/// A segment: `Enterprise`; `Mid-Market`/`Mid Market`/`MM`; `SMB`/`Small Business`;
/// `Self-Service`/`Self Serve`.
pub fn parse_segment(s: &str) -> Result<Segment, String> {
    match word_key(s).as_str() {
        "enterprise" => Ok(Segment::Enterprise),
        "midmarket" | "mm" => Ok(Segment::MidMarket),
        "smb" | "smallbusiness" => Ok(Segment::Smb),
        "selfservice" | "selfserve" => Ok(Segment::SelfService),
        _ => Err(unknown(s, "segment", "enterprise, mid-market, smb, self-service")),
    }
}

/// A contact's role, from the values Salesforce's contact roles and CS tools use; anything else
/// is `other` (a role is free text in most tools, so it never fails).
#[must_use]
pub fn parse_role(s: &str) -> Role {
    match word_key(s).as_str() {
        "executivesponsor" => Role::ExecutiveSponsor,
        "economicbuyer" | "economicdecisionmaker" | "decisionmaker" => Role::EconomicBuyer,
        "champion" => Role::Champion,
        "businessuser" | "enduser" => Role::EndUser,
        "technicalbuyer" | "evaluator" | "influencer" => Role::Influencer,
        _ => Role::Other,
    }
}

/// An account's advocacy, one of the codes of the vocabulary.
pub fn parse_advocacy(s: &str) -> Result<Advocacy, String> {
    let key = word_key(s);
    Advocacy::ALL
        .iter()
        .copied()
        .find(|a| word_key(a.code()) == key)
        .ok_or_else(|| unknown(s, "advocacy", "none, supporter, advocate, champion, ambassador"))
}

/// A ticket priority: `urgent`, `high`, `normal` (also `medium`, as Salesforce and HubSpot say),
/// `low`, in any case (`URGENT` from HubSpot).
pub fn parse_priority(s: &str) -> Result<Priority, String> {
    match word_key(s).as_str() {
        "urgent" => Ok(Priority::Urgent),
        "high" => Ok(Priority::High),
        "normal" | "medium" => Ok(Priority::Normal),
        "low" => Ok(Priority::Low),
        _ => Err(unknown(s, "priority", "urgent, high, normal (or medium), low")),
    }
}

/// An opportunity kind column: `new`, `renewal`, `expansion`, `contraction`, `other`. A source
/// type such as Salesforce's `Type` is read with [`opportunity_kind_from_type`] instead.
pub fn parse_opportunity_kind(s: &str) -> Result<OpportunityKind, String> {
    let key = word_key(s);
    OpportunityKind::ALL.iter().copied().find(|k| k.code() == key).ok_or_else(|| {
        unknown(s, "opportunity kind", "new, renewal, expansion, contraction, other")
    })
}

/// An opportunity status column: `open`, `won`, `lost`; the stages `Closed Won` and
/// `Closed Lost` (`closedwon`, `closedlost`) are read as won and lost.
pub fn parse_opportunity_status(s: &str) -> Result<OpportunityStatus, String> {
    match word_key(s).as_str() {
        "open" => Ok(OpportunityStatus::Open),
        "won" | "closedwon" => Ok(OpportunityStatus::Won),
        "lost" | "closedlost" => Ok(OpportunityStatus::Lost),
        _ => Err(unknown(s, "opportunity status", "open, won, lost")),
    }
}

/// An interaction kind: `call`, `email`, `meeting`, `qbr` (also `EBR`), `note`; anything else is
/// `other`, so this never fails.
#[must_use]
pub fn parse_interaction_kind(s: &str) -> InteractionKind {
    match word_key(s).as_str() {
        "call" => InteractionKind::Call,
        "email" => InteractionKind::Email,
        "meeting" => InteractionKind::Meeting,
        "qbr" | "ebr" => InteractionKind::Qbr,
        "note" => InteractionKind::Note,
        _ => InteractionKind::Other,
    }
}

/// The kind of an opportunity from its source type (Salesforce `Type`, HubSpot `Deal Type`),
/// tested in the order of SPEC 7: "renew", then "upgrade"/"upsell"/"expansion"/"add-on",
/// then "downgrade", then "new"; else other. The order matters: a renewal type often also says
/// "new" or "upgrade".
#[must_use]
pub fn opportunity_kind_from_type(text: &str) -> OpportunityKind {
    let key = word_key(text);
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    if has(&["renew"]) {
        OpportunityKind::Renewal
    } else if has(&["upgrade", "upsell", "expansion", "addon"]) {
        OpportunityKind::Expansion
    } else if has(&["downgrade"]) {
        OpportunityKind::Contraction
    } else if has(&["new"]) {
        OpportunityKind::New
    } else {
        OpportunityKind::Other
    }
}

/// The status of an opportunity from Salesforce's `IsClosed`/`IsWon` (HubSpot's `Is Closed Won`
/// as `is_won` alone) and its stage. Closed and won is won; closed and not won is lost; not
/// closed is open. Closed with `IsWon` missing is won only when the stage says so, else lost.
/// Without `IsClosed`, a true `IsWon` is won; otherwise the stage decides: `Closed Won`/
/// `closedwon` won, `Closed Lost`/`closedlost` lost, anything else open.
#[must_use]
pub fn opportunity_status_from(
    is_closed: Option<bool>,
    is_won: Option<bool>,
    stage: Option<&str>,
) -> OpportunityStatus {
    let by_stage = match stage.map(word_key).as_deref() {
        Some("closedwon") => Some(OpportunityStatus::Won),
        Some("closedlost") => Some(OpportunityStatus::Lost),
        _ => None,
    };
    match (is_closed, is_won) {
        (Some(false), _) => OpportunityStatus::Open,
        (Some(true), Some(true)) | (None, Some(true)) => OpportunityStatus::Won,
        (Some(true), Some(false)) => OpportunityStatus::Lost,
        (Some(true), None) => match by_stage {
            Some(OpportunityStatus::Won) => OpportunityStatus::Won,
            _ => OpportunityStatus::Lost,
        },
        (None, _) => by_stage.unwrap_or(OpportunityStatus::Open),
    }
}

/// A flag such as `IsClosed` or `IsWon`: `true`/`false`, `1`/`0`, `yes`/`no`, in any case.
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s.trim().to_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(format!("{} is not true or false (true/false, yes/no, 1/0)", quoted(s))),
    }
}

/// A ticket's satisfaction rating: `good`, `bad`, `great`, `okay`, a number 1 to 5, or a
/// percentage with `%`, as [`Rating`] reads them. `offered`, `not offered`, `unoffered` (a
/// survey sent, no answer) and a blank cell are no rating: `Ok(None)`.
pub fn parse_rating(s: &str) -> Result<Option<Rating>, String> {
    if super::is_blank(s) || matches!(word_key(s).as_str(), "offered" | "notoffered" | "unoffered")
    {
        return Ok(None);
    }
    s.parse::<Rating>().map(Some).map_err(|_| {
        unknown(
            s,
            "rating",
            "good, bad, great, okay, 1-5, 0%-100%, or offered/not offered for none",
        )
    })
}

fn unknown(s: &str, vocabulary: &str, accepted: &str) -> String {
    format!("{} is not a{} {vocabulary} ({accepted})", quoted(s), article_n(vocabulary))
}

/// `n` when the vocabulary's name starts with a vowel, for "an advocacy" and "an opportunity".
fn article_n(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "n" } else { "" }
}

#[cfg(test)]
mod tests;
