//! Preparing the selected account's QBR from the QBR view (SPEC 9): a form (planned day,
//! attendees from the account's contacts and by name, the deck's summary, asks and joint plan,
//! which goals, wins and charts go in) whose save stores the QBR record in one transaction, and
//! marking the QBR held, which logs its `qbr` interaction with the attendees in the same
//! transaction. Undo takes either back. It reads the form into an edit; it must not draw.

use chrono::NaiveDate;

use super::{account_name, editable, open};
use crate::domain::{AccountId, ContactId, terminal_safe};
use crate::qbr::deck::{ChartKind, DeckChoices, PlanAction, WinKey};
use crate::qbr::record::QbrRecord;
use crate::store::{BookWriter, StoreResult};
use crate::ui::edit::{Addable, Done, Edit, FormEdit, Key, Revert, Versioned};
use crate::ui::form::{Form, Input, Refusal, form_fields};
use crate::ui::state::{AppState, QbrPreview};

form_fields! {
    /// The fields of the QBR form, in its order.
    pub(super) enum QbrField {
        Planned => "planned on",
        Attendees => "attendees",
        Guests => "also attending",
        Summary => "summary",
        Asks => "asks",
        Plan => "joint plan",
        Goals => "goals",
        Wins => "wins",
        Charts => "charts",
    }
}

/// The charts a deck can draw, in the form's order, with their names.
const CHARTS: [(ChartKind, &str); 4] = [
    (ChartKind::ActiveUsers, "active users against seats"),
    (ChartKind::Features, "key features used"),
    (ChartKind::Tickets, "tickets opened and resolved"),
    (ChartKind::Goals, "goals as progress bars"),
];

/// What separates the parts of a joint-plan line.
const PLAN_SEPARATOR: char = '·';

/// Opens the form that prepares the selected account's QBR, filled with its open QBR.
pub fn open_edit_qbr(state: &mut AppState) {
    let Some(preview) = state.book.qbr.clone() else {
        state.status = "no account selected".to_owned();
        return;
    };
    let name = account_name_of(state, &preview);
    open(state, PrepareQbr { preview, name });
}

fn account_name_of(state: &AppState, preview: &QbrPreview) -> String {
    let name = account_name(state);
    if name.is_empty() { terminal_safe(&preview.name).into_owned() } else { name }
}

/// Preparing the QBR of `preview`'s account, as read when the form opened.
#[derive(Debug)]
struct PrepareQbr {
    preview: QbrPreview,
    name: String,
}

/// A joint-plan action as one line: "action · customer owner · our owner · due".
fn plan_line(a: &PlanAction) -> String {
    let due = a.due.map(|d| d.to_string()).unwrap_or_default();
    let parts = [a.action.as_str(), &a.customer_owner, &a.our_owner, &due];
    let line = parts.iter().map(|p| terminal_safe(p).into_owned()).collect::<Vec<_>>();
    line.join(" · ").trim_end_matches([' ', PLAN_SEPARATOR]).to_owned()
}

/// The joint plan typed in the form, one action a line; a line that does not read is refused
/// with its number and what it should look like.
pub(super) fn read_plan(text: &str) -> Result<Vec<PlanAction>, String> {
    let mut actions = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split([PLAN_SEPARATOR, '|']).map(str::trim).collect();
        let shape = "write it as action · customer owner · our owner · due (2027-03-31)";
        if parts.len() < 3 || parts.len() > 4 || parts[..3].iter().any(|p| p.is_empty()) {
            return Err(format!("line {}: {shape}", n + 1));
        }
        let due = match parts.get(3).filter(|d| !d.is_empty()) {
            Some(due) => Some(due.parse::<NaiveDate>().map_err(|_| {
                format!("line {}: “{}” is not a date (2027-03-31)", n + 1, terminal_safe(due))
            })?),
            None => None,
        };
        actions.push(PlanAction {
            action: parts[0].to_owned(),
            customer_owner: parts[1].to_owned(),
            our_owner: parts[2].to_owned(),
            due,
        });
    }
    Ok(actions)
}

/// The lines of a text field, trimmed, the empty ones left out.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// `Some(picked)` unless every one of `all` is picked: then `None`, so a goal or win that comes
/// later goes in too.
fn chosen<T: Copy + PartialEq>(all: &[T], picked: Vec<T>) -> Option<Vec<T>> {
    (picked.len() != all.len() || !all.iter().all(|x| picked.contains(x))).then_some(picked)
}

impl PrepareQbr {
    fn win_keys(&self) -> Vec<WinKey> {
        self.preview.wins.iter().filter_map(|p| p.win).collect()
    }
}

impl FormEdit for PrepareQbr {
    type Field = QbrField;
    type Edit = SaveQbr;

    fn title(&self) -> String {
        format!("Prepare the QBR · {}", self.name)
    }

    fn input(&self, field: QbrField) -> Input {
        let q = &self.preview.record;
        let c = &q.choices;
        match field {
            QbrField::Planned => {
                Input::day(&q.planned_on.map(|d| d.to_string()).unwrap_or_default())
                    .hint("the meeting's day: 2026-12-10, friday, in 2 weeks")
            }
            QbrField::Attendees => Input::checks(
                self.preview
                    .contacts
                    .iter()
                    .map(|p| {
                        let label = format!("{} · {}", terminal_safe(&p.name), p.role.words());
                        (label, q.contacts.contains(&p.id))
                    })
                    .collect(),
            ),
            QbrField::Guests => Input::line(&editable(&q.guests.join(", ")))
                .hint("others, by name, separated by commas"),
            QbrField::Summary => Input::text(&editable(c.summary.as_deref().unwrap_or_default()))
                .hint("the title slide's line; empty: from the quarter's facts"),
            QbrField::Asks => {
                Input::text(&editable(&c.asks.join("\n"))).hint("what we ask of them, one a line")
            }
            QbrField::Plan => {
                Input::text(&c.joint_plan.iter().map(plan_line).collect::<Vec<_>>().join("\n"))
                    .hint("one a line: action · customer owner · our owner · due")
            }
            QbrField::Goals => Input::checks(
                self.preview
                    .goals
                    .iter()
                    .map(|(id, objective)| {
                        (terminal_safe(objective).into_owned(), c.shows_goal(*id))
                    })
                    .collect(),
            ),
            QbrField::Wins => Input::checks(
                self.preview
                    .wins
                    .iter()
                    .filter_map(|p| {
                        Some((terminal_safe(&p.text).into_owned(), c.shows_win(p.win?)))
                    })
                    .collect(),
            ),
            QbrField::Charts => Input::checks(
                CHARTS.iter().map(|(kind, name)| ((*name).to_owned(), c.draws(*kind))).collect(),
            ),
        }
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<SaveQbr, Refusal<QbrField>> {
        use QbrField as F;
        let before = &self.preview.record;
        let planned_on = form.day(F::Planned, as_of)?;
        let contacts: Vec<ContactId> = form
            .checked(F::Attendees)
            .into_iter()
            .filter_map(|i| self.preview.contacts.get(i).map(|c| c.id))
            .collect();
        let guests: Vec<String> = form
            .text(F::Guests)
            .split(',')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_owned)
            .collect();
        let joint_plan =
            read_plan(&form.text(F::Plan)).map_err(|why| Refusal::new(F::Plan, why))?;
        let goal_ids: Vec<_> = self.preview.goals.iter().map(|(id, _)| *id).collect();
        let goals = form.checked(F::Goals).into_iter().filter_map(|i| goal_ids.get(i).copied());
        let win_keys = self.win_keys();
        let wins = form.checked(F::Wins).into_iter().filter_map(|i| win_keys.get(i).copied());
        let chart_kinds: Vec<ChartKind> = CHARTS.iter().map(|(k, _)| *k).collect();
        let charts =
            form.checked(F::Charts).into_iter().filter_map(|i| chart_kinds.get(i).copied());
        let choices = DeckChoices {
            summary: form.optional_text(F::Summary),
            asks: lines(&form.text(F::Asks)),
            joint_plan,
            goals: chosen(&goal_ids, goals.collect()),
            wins: chosen(&win_keys, wins.collect()),
            charts: chosen(&chart_kinds, charts.collect()),
            ..before.choices.clone()
        };
        let after = QbrRecord { planned_on, contacts, guests, choices, ..before.clone() };
        let what = format!("saved the QBR of {}", self.name);
        Ok(SaveQbr { before: before.clone(), after, what })
    }
}

/// The QBR as the form left it, and as it was read.
#[derive(Debug)]
struct SaveQbr {
    before: QbrRecord,
    after: QbrRecord,
    what: String,
}

impl Edit for SaveQbr {
    fn account(&self) -> Option<AccountId> {
        Some(self.after.account_id)
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        if self.before.stored() {
            let version = w.update_qbr(&self.after)?;
            Ok(Done { what: self.what, revert: Revert::put(Stored(self.before), version) })
        } else {
            let added = w.insert_qbr(&self.after, false)?;
            Ok(Done { what: self.what, revert: Revert::remove(Stored(added), 0) })
        }
    }
}

/// Marks the selected account's open QBR held today: its `qbr` interaction is logged with the
/// attendees, the QBR kept as history.
///
/// # Errors
/// The store could not be read after the edit.
pub fn mark_qbr_held(
    state: &mut AppState,
    store: &mut crate::store::Store,
    config: &crate::config::Config,
) -> StoreResult<()> {
    let Some(preview) = state.book.qbr.as_ref() else {
        state.status = "no account selected".to_owned();
        return Ok(());
    };
    let name = terminal_safe(&preview.name).into_owned();
    let edit = HoldQbr { record: preview.record.clone(), on: state.as_of, name };
    super::apply(state, store, config, Box::new(edit))
}

/// Marking `record` held on `on`.
#[derive(Debug)]
struct HoldQbr {
    record: QbrRecord,
    on: NaiveDate,
    name: String,
}

impl Edit for HoldQbr {
    fn account(&self) -> Option<AccountId> {
        Some(self.record.account_id)
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let what =
            format!("marked the QBR of {} held on {}: logged on the timeline", self.name, self.on);
        let summary = "Quarterly business review";
        if self.record.stored() {
            let held = w.hold_qbr(&self.record, self.on, summary)?;
            Ok(Done { what, revert: Revert::put(Stored(self.record), held.version) })
        } else {
            let added = w.insert_qbr(&self.record, false)?;
            let held = w.hold_qbr(&added, self.on, summary)?;
            Ok(Done { what, revert: Revert::remove(Stored(held.clone()), held.version) })
        }
    }
}

/// A stored QBR as undo knows it.
#[derive(Debug, Clone)]
struct Stored(QbrRecord);

impl Versioned for Stored {
    fn key(&self) -> Key {
        Key::of::<QbrRecord>(self.0.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.0.account_id)
    }

    fn version(&self) -> i64 {
        self.0.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_qbr(&QbrRecord { version, ..self.0.clone() })
    }
}

impl Addable for Stored {
    fn insert(&self, w: &BookWriter<'_>) -> StoreResult<Self> {
        w.insert_qbr(&self.0, false).map(Self)
    }

    fn delete(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.delete_qbr(self.0.id, self.0.version)
    }

    fn remove_same(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<()> {
        w.delete_qbr(self.0.id, version)
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.insert_qbr(&self.0, true).map(drop)
    }
}

#[cfg(test)]
mod tests;
