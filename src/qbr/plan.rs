//! The forward-looking end of the brief: renewal status and expansion opportunities, a proposed
//! agenda drawn from what the brief found, and the open todos as next steps. Pure: it reads the
//! gathered records and writes blocks.

use chrono::NaiveDate;

use super::doc::{Block, Document, Runs, b, i, t};
use super::gather::Gathered;
use super::words::{phase_words, plural, signal_action, signal_title};
use crate::domain::{
    Opportunity, OpportunityKind, OpportunityStatus, Priority, Role, Todo, TodoStanding,
};
use crate::format::money;
use crate::scoring::{ExpansionCode, RenewalPhase, SignalCode};

/// Renewal status and expansion opportunities.
pub fn renewal_section(doc: &mut Document, g: &Gathered) {
    doc.section("Renewal and expansion");
    let a = &g.entry.account;
    let mut lines: Vec<Runs> = Vec::new();
    match g.now.score.renewal {
        Some(r) => {
            let when = if r.days < 0 {
                format!("was due on {}, {} ago", r.date, plural(-r.days, "day"))
            } else {
                format!("{}, in {}", r.date, plural(r.days, "day"))
            };
            lines.push(vec![b("Renewal"), t(format!(": {when}; phase {}.", phase_words(r.phase)))]);
        }
        None => lines.push(vec![b("Renewal"), t(": no renewal date on record.")]),
    }
    let mut contract = format!(": {} ARR", money(a.arr_cents, &g.currency));
    if let Some(start) = a.contract_start {
        contract.push_str(&format!(", customer since {start}"));
    }
    if let Some(advocacy) = a.advocacy {
        contract.push_str(&format!(", advocacy {}", advocacy.code()));
    }
    lines.push(vec![b("Contract"), t(format!("{contract}."))]);
    for o in g
        .opportunities
        .iter()
        .filter(|o| o.kind == OpportunityKind::Renewal && o.status == OpportunityStatus::Open)
    {
        lines.push(vec![b("Renewal opportunity"), t(format!(": {}.", opportunity(o, g)))]);
    }
    doc.push(Block::Bullets(lines));

    let mut growth: Vec<Runs> = g
        .now
        .score
        .expansion
        .iter()
        .map(|s| vec![b(expansion_title(s.code)), t(format!(": {}.", s.reason))])
        .collect();
    for o in g
        .opportunities
        .iter()
        .filter(|o| o.kind == OpportunityKind::Expansion && o.status == OpportunityStatus::Open)
    {
        growth.push(vec![b("Expansion opportunity"), t(format!(": {}.", opportunity(o, g)))]);
    }
    if growth.is_empty() {
        doc.text("No expansion signal at the moment.");
    } else {
        doc.push(Block::Paragraph(vec![t("Expansion opportunities:")]));
        doc.push(Block::Bullets(growth));
    }
}

fn expansion_title(code: ExpansionCode) -> &'static str {
    match code {
        ExpansionCode::SeatLimit => "Near the seat limit",
        ExpansionCode::Advocate => "Advocate",
        ExpansionCode::OpenUpsell => "Upsell in progress",
    }
}

/// `Fleet add-on, $96,000, stage Proposal, closing 2027-02-01, 60 % likely`.
fn opportunity(o: &Opportunity, g: &Gathered) -> String {
    let mut parts =
        vec![o.name.clone().unwrap_or_else(|| format!("{} opportunity", o.kind.code()))];
    if let Some(amount) = o.amount_cents {
        parts.push(money(amount, &g.currency));
    }
    if let Some(stage) = &o.stage {
        parts.push(format!("stage {stage}"));
    }
    if let Some(close) = o.close_date {
        parts.push(format!("closing {close}"));
    }
    if let Some(p) = o.probability {
        parts.push(format!("{p:.0} % likely"));
    }
    parts.join(", ")
}

/// A proposed agenda: the usual arc of a business review, each item filled with what this
/// account's brief found, and times of about an hour in all.
pub fn agenda_section(doc: &mut Document, g: &Gathered) {
    doc.section("Proposed agenda");
    let score = &g.now.score;
    let mut items: Vec<Runs> = Vec::new();
    let sponsors: Vec<&str> = g
        .contacts
        .iter()
        .filter(|c| {
            c.is_current(g.as_of) && matches!(c.role, Role::ExecutiveSponsor | Role::EconomicBuyer)
        })
        .map(|c| c.name.as_str())
        .collect();
    let mut welcome = vec![b("Welcome and objectives"), i(" (5 min)")];
    if !sponsors.is_empty() {
        welcome.push(t(format!(": confirm priorities with {}.", sponsors.join(" and "))));
    }
    items.push(welcome);
    let wins = super::relationship::wins_this_quarter(g);
    items.push(vec![
        b("Value delivered this quarter"),
        i(" (10 min)"),
        t(if wins > 0 {
            if wins == 1 {
                ": the win and the outcome behind it.".to_owned()
            } else {
                format!(": the {wins} wins and the outcomes behind them.")
            }
        } else {
            ": progress against the success plan and the outcomes it is for.".to_owned()
        }),
    ]);
    let unused = score.components.adoption.unused.len();
    items.push(vec![
        b("Usage and adoption"),
        i(" (10 min)"),
        t(if unused > 0 {
            format!(
                ": the quarter's trend, and an enablement plan for the {} not yet in use.",
                plural(unused as i64, "key feature")
            )
        } else {
            ": the quarter's trend and where usage can deepen.".to_owned()
        }),
    ]);
    let open = g.tickets.iter().filter(|t| t.is_open_at(g.as_of)).count();
    if open > 0 || score.has_signal(SignalCode::Escalation) {
        items.push(vec![
            b("Support review"),
            i(" (5 min)"),
            t(format!(
                ": the {} still open and the plan to close them.",
                plural(open as i64, "ticket")
            )),
        ]);
    }
    let risks: Vec<&str> = score
        .signals
        .iter()
        .filter(|s| !matches!(s.code, SignalCode::Escalation | SignalCode::RenewalAtRisk))
        .map(|s| signal_action(s.code))
        .collect();
    if !risks.is_empty() {
        items.push(vec![
            b("Risks and mitigation"),
            i(" (10 min)"),
            t(format!(": {}.", risks.join("; "))),
        ]);
    }
    let open_goals = g.goals.iter().filter(|x| x.met_on.is_none_or(|d| d > g.as_of)).count();
    items.push(vec![
        b("Goals for next quarter"),
        i(" (10 min)"),
        t(if open_goals > 0 {
            if open_goals == 1 {
                ": review the goal still open and agree what success looks like by the next review.".to_owned()
            } else {
                format!(": review the {open_goals} goals still open and agree what success looks like by the next review.")
            }
        } else {
            ": agree the next goals of the success plan and how they will be measured.".to_owned()
        }),
    ]);
    if let Some(r) = score.renewal.filter(|r| r.phase != RenewalPhase::Later) {
        let urgent = if score.has_signal(SignalCode::RenewalAtRisk) {
            format!(" ({} first)", signal_title(SignalCode::RenewalAtRisk))
        } else {
            String::new()
        };
        items.push(vec![
            b("Renewal"),
            i(" (5 min)"),
            t(format!(": the timeline to {} and the steps left{urgent}.", r.date)),
        ]);
    }
    if !score.expansion.is_empty() {
        items.push(vec![
            b("Growth"),
            i(" (5 min)"),
            t(": where more seats or products would help."),
        ]);
    }
    items.push(vec![b("Next steps and owners"), i(" (5 min)")]);
    doc.push(Block::Numbered(items));
}

/// The open todos as next steps: overdue first, then by due date and priority; those snoozed
/// past the as-of date last, by the day they come back.
pub fn next_steps_section(doc: &mut Document, g: &Gathered) {
    doc.section("Next steps");
    if g.todos.is_empty() {
        doc.text("No open todo for this account.");
        return;
    }
    let items = steps_in_order(&g.todos, g.as_of)
        .iter()
        .map(|todo| {
            let mut runs = vec![t(todo.title.clone())];
            let notes = step_notes(todo, g.as_of);
            if !notes.is_empty() {
                runs.push(i(format!(" ({})", notes.join(", "))));
            }
            runs
        })
        .collect();
    doc.push(Block::Tasks(items));
}

/// `todos` in the order of the next steps.
fn steps_in_order(todos: &[Todo], as_of: NaiveDate) -> Vec<&Todo> {
    let mut todos: Vec<&Todo> = todos.iter().collect();
    todos.sort_by_key(|t| {
        let back = match t.standing(as_of) {
            TodoStanding::Snoozed { until } => Some(until),
            _ => None,
        };
        (back.is_some(), back, t.due.is_none(), t.due, t.priority, t.id)
    });
    todos
}

/// What a next step says beside its title: when it is due (a snoozed todo is not called
/// overdue, as the report does not count it so), and a high or urgent priority.
fn step_notes(todo: &Todo, as_of: NaiveDate) -> Vec<String> {
    let mut notes = Vec::new();
    match (todo.standing(as_of), todo.due) {
        (TodoStanding::Snoozed { until }, _) => notes.push(format!("snoozed until {until}")),
        (TodoStanding::Overdue, Some(due)) => notes.push(format!("overdue since {due}")),
        (_, Some(due)) => notes.push(format!("due {due}")),
        (_, None) => {}
    }
    if matches!(todo.priority, Priority::Urgent | Priority::High) {
        notes.push(format!("{} priority", todo.priority.code()));
    }
    notes
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{step_notes, steps_in_order};
    use crate::domain::{Priority, Todo, TodoId, TodoStatus};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn todo(id: i64, due: Option<&str>, snoozed: Option<&str>, priority: Priority) -> Todo {
        Todo {
            id: TodoId(id),
            account_id: None,
            title: format!("Step {id}"),
            notes: None,
            due: due.map(date),
            priority,
            status: TodoStatus::Open,
            snoozed_until: snoozed.map(date),
            rule: None,
            created_on: date("2026-11-01"),
            completed_on: None,
            version: 0,
        }
    }

    #[test]
    fn a_snoozed_step_is_not_called_overdue_and_comes_last() {
        let as_of = date("2026-11-24");
        let todos = [
            todo(1, Some("2026-11-12"), Some("2026-11-29"), Priority::High), // snoozed
            todo(2, Some("2026-11-20"), None, Priority::Normal),             // overdue
            todo(3, Some("2026-11-18"), Some("2026-11-24"), Priority::Normal), // snooze ran out
            todo(4, Some("2026-12-01"), None, Priority::Normal),             // due later
            todo(5, None, Some("2026-11-26"), Priority::Normal),             // snoozed, no date
        ];
        let order: Vec<i64> = steps_in_order(&todos, as_of).iter().map(|t| t.id.0).collect();
        // Overdue 3 (Nov 18) and 2 (Nov 20), then 4; the snoozed by the day they come back:
        // 5 (Nov 26), 1 (Nov 29).
        assert_eq!(order, [3, 2, 4, 5, 1]);
        let notes = |i: usize| step_notes(&todos[i], as_of).join(", ");
        assert_eq!(notes(0), "snoozed until 2026-11-29, high priority");
        assert_eq!(notes(1), "overdue since 2026-11-20");
        assert_eq!(notes(2), "overdue since 2026-11-18");
        assert_eq!(notes(3), "due 2026-12-01");
        assert_eq!(notes(4), "snoozed until 2026-11-26");
        // On its snooze date the first is overdue again.
        assert_eq!(
            step_notes(&todos[0], date("2026-11-29")).join(", "),
            "overdue since 2026-11-12, high priority"
        );
    }
}
