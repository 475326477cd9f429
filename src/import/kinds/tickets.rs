//! Ticket rows (Zendesk CSV and JSON exports, Salesforce cases, canonical files): keyed by
//! external id, else by (account, opened day); a ticket without an organization is placed by its
//! requester's email domain. A ticket solved or closed without a closed date
//! in the file closes on its last update, as Zendesk's export has no solved date in its JSON.
//! It reads one row; it must not decide the transaction (the caller keeps or drops the file).

use super::Importer;
use super::accounts::{overlay, overlay_opt};
use super::records::keep_external_id;
use crate::domain::{AccountId, Priority, Ticket, TicketId, status_closes, terminal_safe};
use crate::import::cells::Cells;
use crate::import::refs::Miss;
use crate::import::values::{parse_priority, parse_rating};
use crate::store::StoreResult;

impl Importer<'_, '_> {
    pub(super) fn ticket(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let account = self.ticket_account(cells);
        let opened = cells.required_parsed("opened", |t| self.date(t));
        let external_id = cells.string("external_id");
        let (Some(account), Some(opened)) = (account, opened) else { return Ok(()) };
        let stored = self.tickets.find(external_id.as_deref(), &(account, opened)).cloned();
        let mut ticket = stored.clone().unwrap_or(Ticket {
            id: TicketId(0),
            account_id: account,
            external_id: None,
            opened,
            closed: None,
            priority: Priority::Normal,
            rating: None,
            status: None,
            subject: None,
        });
        ticket.account_id = account;
        ticket.opened = opened;
        keep_external_id(&mut ticket.external_id, external_id);
        let status = cells.string("status");
        overlay_opt(&mut ticket.closed, self.closed(cells, status.as_deref()));
        overlay(&mut ticket.priority, cells.parse("priority", parse_priority));
        // `offered` and `unoffered` are no rating: like a blank, they keep a stored one.
        overlay_opt(&mut ticket.rating, cells.parse("rating", parse_rating).flatten());
        overlay_opt(&mut ticket.status, status);
        overlay_opt(&mut ticket.subject, cells.string("subject"));
        if cells.failed() {
            return Ok(());
        }
        if stored.is_none() {
            ticket.id = TicketId(self.provisional_id());
        }
        let merged = self.named_tickets.note(&ticket.id.0, || stored);
        self.noted(merged);
        self.tickets.put(ticket);
        Ok(())
    }

    /// Writes the tickets the file named, now that every row is merged into them.
    pub(super) fn write_tickets(&mut self) -> StoreResult<()> {
        let named = self.named_tickets.take();
        let tickets = std::mem::take(&mut self.tickets);
        let writer = self.writer;
        let insert = |t: &Ticket| writer.insert_ticket(t).map(drop);
        self.write_named(&tickets, named, insert, |t| writer.update_ticket(t))
    }

    /// The account of a ticket: its organization; for a ticket without one (its requester is in
    /// no organization of the help desk), the one account with its requester's email domain.
    fn ticket_account(&mut self, cells: &mut Cells<'_>) -> Option<AccountId> {
        let email = cells.text("requester_email");
        let Some(email) = email.filter(|_| cells.text("account").is_none()) else {
            return self.account_ref(cells, "account");
        };
        match self.accounts.with_email_domain(email) {
            Ok(Some(account)) => Some(account),
            Ok(None) => {
                let reason = format!(
                    "the organization is blank, and no account has the domain of the \
                     requester's email “{}”",
                    terminal_safe(email)
                );
                let miss = Miss::Unmatched { reference: None, reason };
                self.resolved.fail(&self.accounts, cells, "account", &miss);
                None
            }
            Err(reason) => {
                cells.fail("requester_email", reason);
                None
            }
        }
    }

    /// The day a row closes its ticket: `closed`, else, when `status` says the ticket is done,
    /// the day it was last updated (the reference's fallback for exports without a solved date).
    fn closed(&self, cells: &mut Cells<'_>, status: Option<&str>) -> Option<chrono::NaiveDate> {
        if cells.text("closed").is_some() {
            return cells.parse("closed", |t| self.date(t));
        }
        // An open ticket's last update says nothing of its closing: it is not even read.
        status.filter(|s| status_closes(s))?;
        cells.parse("updated_at", |t| self.date(t))
    }
}
