//! Opportunity rows (Salesforce opportunities, HubSpot deals, canonical files): keyed by external
//! id, else by (account, kind, close date). Without `kind` and `status` columns the row's source
//! fields decide (SPEC 7): a type, pipeline or name saying "renew" is a renewal, else the type's
//! words; `IsClosed`/`IsWon`, else the stage, give the status. Amounts in another currency than
//! the book's are converted at its configured rate; the probability is stored as a percent, 0 to
//! 100, as the schema holds it.

use super::Importer;
use super::accounts::{overlay, overlay_opt};
use super::records::keep_external_id;
use crate::domain::{Opportunity, OpportunityId, OpportunityKind, OpportunityStatus};
use crate::import::cells::Cells;
use crate::import::values::{
    opportunity_kind_from_type, opportunity_status_from, parse_bool, parse_opportunity_kind,
    parse_opportunity_status, parse_probability, parse_probability_fraction,
};
use crate::store::StoreResult;

impl Importer<'_, '_> {
    pub(super) fn opportunity(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let account = self.account_ref(cells, "account");
        let external_id = cells.string("external_id");
        let kind = opportunity_kind(cells);
        let close_date = cells.parse("close_date", |t| self.date(t));
        let Some(account) = account else { return Ok(()) };
        // A row that does not say its kind is keyed as the kind a new opportunity gets.
        let key = (account, kind.unwrap_or(OpportunityKind::Other), close_date);
        let stored = self.opportunities.find(external_id.as_deref(), &key).cloned();
        let mut opportunity = stored.clone().unwrap_or(Opportunity {
            id: OpportunityId(0),
            account_id: account,
            external_id: None,
            name: None,
            kind: OpportunityKind::Other,
            amount_cents: None,
            stage: None,
            close_date: None,
            probability: None,
            status: OpportunityStatus::Open,
            version: 0,
        });
        opportunity.account_id = account;
        keep_external_id(&mut opportunity.external_id, external_id);
        overlay_opt(&mut opportunity.name, cells.string("name"));
        overlay(&mut opportunity.kind, kind);
        overlay_opt(&mut opportunity.amount_cents, self.book_money(cells, "amount"));
        overlay_opt(&mut opportunity.stage, cells.string("stage"));
        overlay_opt(&mut opportunity.close_date, close_date);
        overlay_opt(&mut opportunity.probability, probability(cells).map(f64::from));
        overlay(&mut opportunity.status, opportunity_status(cells));
        if cells.failed() {
            return Ok(());
        }
        if stored.is_none() {
            opportunity.id = OpportunityId(self.provisional_id());
        }
        let merged = self.named_opportunities.note(&opportunity.id.0, || stored);
        self.noted(merged);
        self.opportunities.put(opportunity);
        Ok(())
    }

    /// Writes the opportunities the file named, now that every row is merged into them.
    pub(super) fn write_opportunities(&mut self) -> StoreResult<()> {
        let named = self.named_opportunities.take();
        let opportunities = std::mem::take(&mut self.opportunities);
        let writer = self.writer;
        let insert = |o: &Opportunity| writer.insert_opportunity(o).map(drop);
        self.write_named(&opportunities, named, insert, |o| writer.update_opportunity(o))
    }
}

/// The probability a row gives, in percent: `probability` (0-100, or 0-1 written with
/// decimals), else `probability_fraction` (0-1, HubSpot's).
fn probability(cells: &mut Cells<'_>) -> Option<u8> {
    if cells.text("probability").is_some() {
        return cells.parse("probability", parse_probability);
    }
    cells.parse("probability_fraction", parse_probability_fraction)
}

/// The kind a row gives: its `kind` column; else a renewal when its type, pipeline or name says
/// "renew" (custom Salesforce types, HubSpot's renewals pipeline, "FY25 Renewal" names); else
/// what its type says. `None` when the row says nothing of its kind.
fn opportunity_kind(cells: &mut Cells<'_>) -> Option<OpportunityKind> {
    if cells.text("kind").is_some() {
        return cells.parse("kind", parse_opportunity_kind);
    }
    let says_renew = ["type", "pipeline", "name"]
        .iter()
        .filter_map(|field| cells.text(field))
        .any(|text| opportunity_kind_from_type(text) == OpportunityKind::Renewal);
    if says_renew {
        return Some(OpportunityKind::Renewal);
    }
    cells.text("type").map(opportunity_kind_from_type)
}

/// The status a row gives: its `status` column; else from its closed and won flags and its
/// stage. `None` when the row has none of them.
fn opportunity_status(cells: &mut Cells<'_>) -> Option<OpportunityStatus> {
    if cells.text("status").is_some() {
        return cells.parse("status", parse_opportunity_status);
    }
    let is_closed = cells.parse("is_closed", parse_bool);
    let is_won = cells.parse("is_won", parse_bool);
    let stage = cells.text("stage");
    (is_closed.is_some() || is_won.is_some() || stage.is_some())
        .then(|| opportunity_status_from(is_closed, is_won, stage))
}
