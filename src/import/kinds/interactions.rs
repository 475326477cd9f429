//! Interaction rows (the account's timeline: calls, emails, meetings, QBRs, notes): keyed by
//! external id, else by (account, date, kind, summary). `contacts` lists the participants by
//! email or external id, `;`-separated, each a contact of the interaction's account; one that
//! names nobody fails the row. Contacts are resolved through the shared index, never by name.

use super::Importer;
use super::accounts::{overlay, overlay_opt};
use super::records::keep_external_id;
use crate::domain::{AccountId, ContactId, Interaction, InteractionId, InteractionKind};
use crate::import::cells::Cells;
use crate::import::values::parse_interaction_kind;
use crate::store::StoreResult;

/// `interaction` with its participants in id order, as rows give them, so that a stored
/// interaction and a row naming the same people in another order compare equal.
pub(super) fn with_sorted_contacts(mut interaction: Interaction) -> Interaction {
    interaction.contacts.sort_unstable();
    interaction.contacts.dedup();
    interaction
}

impl Importer<'_, '_> {
    pub(super) fn interaction(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let account = self.account_ref(cells, "account");
        let date = cells.required_parsed("date", |t| self.date(t));
        let external_id = cells.string("external_id");
        let kind = cells.parse("kind", |t| Ok(parse_interaction_kind(t)));
        let summary = cells.string("summary");
        let (Some(account), Some(date)) = (account, date) else { return Ok(()) };
        let contacts = self.participants(cells, account);
        // A row without a kind is keyed as the kind a new interaction gets.
        let key = (account, date, kind.unwrap_or(InteractionKind::Other), summary.clone());
        let stored = self.interactions.find(external_id.as_deref(), &key).cloned();
        let mut interaction = stored.clone().unwrap_or(Interaction {
            id: InteractionId(0),
            account_id: account,
            external_id: None,
            date,
            kind: InteractionKind::Other,
            summary: None,
            body: None,
            contacts: Vec::new(),
            version: 0,
        });
        interaction.account_id = account;
        interaction.date = date;
        keep_external_id(&mut interaction.external_id, external_id);
        overlay(&mut interaction.kind, kind);
        overlay_opt(&mut interaction.summary, summary);
        overlay_opt(&mut interaction.body, cells.string("body"));
        overlay(&mut interaction.contacts, contacts);
        if cells.failed() {
            return Ok(());
        }
        if stored.is_none() {
            interaction.id = InteractionId(self.provisional_id());
        }
        let merged = self.named_interactions.note(&interaction.id.0, || stored);
        self.noted(merged);
        self.interactions.put(interaction);
        Ok(())
    }

    /// Writes the interactions the file named, now that every row is merged into them.
    pub(super) fn write_interactions(&mut self) -> StoreResult<()> {
        let named = self.named_interactions.take();
        let interactions = std::mem::take(&mut self.interactions);
        let writer = self.writer;
        let insert = |i: &Interaction| writer.insert_interaction(i).map(drop);
        self.write_named(&interactions, named, insert, |i| writer.update_interaction(i))
    }

    /// The contacts of `account` a row's `contacts` cell names, in id order; `None` when the
    /// cell is blank (the stored participants stay). Every name that matches no contact of the
    /// account is a problem of the row.
    fn participants(&self, cells: &mut Cells<'_>, account: AccountId) -> Option<Vec<ContactId>> {
        let list = cells.text("contacts")?;
        let mut ids = Vec::new();
        for name in list.split(';').map(str::trim).filter(|n| !n.is_empty()) {
            match self.contacts.of_account(account, name) {
                Ok(id) => ids.push(id),
                Err(reason) => cells.fail("contacts", reason),
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }
}
