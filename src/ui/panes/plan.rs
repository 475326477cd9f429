//! The plan pane: the selected account's onboarding milestones with their progress (done,
//! skipped, late, due) and its success-plan goals (open, met, missed) with metric and target. The plan keys act
//! on the item it points at. It reads the state only: it must not touch the store or score.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::domain::{Goal, GoalStatus, Milestone, MilestoneStanding, terminal_safe};
use crate::format::fit;
use crate::ui::action::Action;
use crate::ui::ids::PaneId;
use crate::ui::ids::PlanItem;
use crate::ui::pane::{Moves, Pane};
use crate::ui::state::{AppState, Selected};
use crate::ui::theme::Theme;
use crate::ui::widgets::pane_block;

/// The items in the pane's order: the milestones along the onboarding path, then the open goals
/// by due date (undated last), then the met and the missed ones. The plan keys walk this order.
#[must_use]
pub fn items(selected: &Selected) -> Vec<PlanItem> {
    let milestones = selected.milestones.iter().map(|m| PlanItem::Milestone(m.id));
    let goals = goals_in_order(&selected.goals).into_iter().map(|g| PlanItem::Goal(g.id));
    milestones.chain(goals).collect()
}

fn goals_in_order(goals: &[Goal]) -> Vec<&Goal> {
    let mut sorted: Vec<&Goal> = goals.iter().collect();
    let rank = |s: GoalStatus| match s {
        GoalStatus::Open => 0,
        GoalStatus::Met => 1,
        GoalStatus::Missed => 2,
    };
    sorted.sort_by_key(|g| (rank(g.status), g.due.is_none(), g.due, g.id));
    sorted
}

/// Onboarding progress: milestones done, all of them, those past their target undone, and
/// those closed as skipped (counted apart: neither done nor late).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub late: usize,
    pub skipped: usize,
}

impl Progress {
    #[must_use]
    pub fn of(milestones: &[Milestone], as_of: NaiveDate) -> Self {
        let count = |is: fn(MilestoneStanding) -> bool| {
            milestones.iter().filter(|m| is(m.standing(as_of))).count()
        };
        Self {
            done: count(|s| matches!(s, MilestoneStanding::Done(_))),
            total: milestones.len(),
            late: count(|s| matches!(s, MilestoneStanding::Late(_))),
            skipped: count(|s| matches!(s, MilestoneStanding::Skipped(_))),
        }
    }

    /// Done as a whole percentage of all (0 without milestones).
    #[must_use]
    pub fn percent(self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// The rows the pane would like, borders included: every line of the plan, at least the
/// one that says there is none.
#[must_use]
pub fn height(state: &AppState) -> u16 {
    let lines = state.book.detail.as_ref().map_or(1, |s| {
        let milestones = if s.milestones.is_empty() { 0 } else { 1 + s.milestones.len() };
        milestones + 1 + s.goals.len()
    });
    u16::try_from(lines + 2).unwrap_or(u16::MAX)
}

/// The plan pane, as the workspace drives it.
pub const PANE: Pane = Pane {
    id: PaneId::Plan,
    moves: Moves::PlanItems,
    hints: &[
        Action::CompletePlanItem,
        Action::AddGoal,
        Action::EditPlanItem,
        Action::MissGoal,
        Action::ToggleZoom,
        Action::Undo,
        Action::ToggleHelp,
    ],
    draw: |scene, theme, focused, area, buf| render(scene.state, theme, focused, area, buf),
};

/// Draws the selected account's plan into `area`.
pub fn render(state: &AppState, theme: Theme, focused: bool, area: Rect, buf: &mut Buffer) {
    let selected = state.book.detail.as_ref();
    let mut title = vec![Span::styled(" Plan ", theme.header())];
    if let Some(s) = selected {
        let full = summary(s, state.as_of, theme, false);
        // The border's corners and " Plan " take 8 columns.
        let fits = full.iter().map(Span::width).sum::<usize>() + 8 <= usize::from(area.width);
        title.extend(if fits { full } else { summary(s, state.as_of, theme, true) });
    }
    let block = pane_block(Line::from(title), theme, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let Some(selected) = selected else {
        Line::styled("No account selected.", theme.dim()).render(inner, buf);
        return;
    };
    let view = View { as_of: state.as_of, theme, width: usize::from(inner.width) };
    let pick = focused.then(|| {
        let items = items(selected);
        items.iter().position(|i| Some(*i) == state.plan_pick).unwrap_or(0)
    });
    let lines = view.lines(selected, pick);
    // Scrolled so the picked item shows.
    let room = usize::from(inner.height);
    let at = pick.and_then(|p| line_of(selected, p)).unwrap_or(0);
    let start = (at + 1).saturating_sub(room);
    let lines: Vec<Line> = lines.into_iter().skip(start).take(room).collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The title's summary: "2 of 4 done · 1 late · 1 skipped · 1 of 3 goals met", or `compact`
/// "2/4 done · 1 late · 1 skip · 1/3 met".
fn summary(
    selected: &Selected,
    as_of: NaiveDate,
    theme: Theme,
    compact: bool,
) -> Vec<Span<'static>> {
    let of = if compact { "/" } else { " of " };
    let mut spans = Vec::new();
    let progress = Progress::of(&selected.milestones, as_of);
    if progress.total > 0 {
        spans.push(Span::styled(
            format!("{}{of}{} done ", progress.done, progress.total),
            theme.dim(),
        ));
        if progress.late > 0 {
            spans.push(Span::styled("· ", theme.dim()));
            spans.push(Span::styled(format!("{} late ", progress.late), theme.alert()));
        }
        if progress.skipped > 0 {
            let skipped = if compact { "skip" } else { "skipped" };
            spans.push(Span::styled(format!("· {} {skipped} ", progress.skipped), theme.dim()));
        }
    }
    if !selected.goals.is_empty() {
        let met = selected.goals.iter().filter(|g| g.status == GoalStatus::Met).count();
        let dot = if spans.is_empty() { "" } else { "· " };
        let total = selected.goals.len();
        let goals = if compact { "" } else { " goals" };
        spans.push(Span::styled(format!("{dot}{met}{of}{total}{goals} met "), theme.dim()));
    }
    spans
}

/// The line (of [`View::lines`]) the item at `index` of [`items`] is drawn on.
fn line_of(selected: &Selected, index: usize) -> Option<usize> {
    let milestones = selected.milestones.len();
    if index < milestones {
        // After the onboarding heading.
        return Some(1 + index);
    }
    let heading = if milestones > 0 { 1 + milestones + 1 } else { 1 };
    Some(heading + (index - milestones))
}

/// How the plan's lines are laid out in one width.
struct View {
    as_of: NaiveDate,
    theme: Theme,
    width: usize,
}

impl View {
    /// Every line of the plan: the onboarding heading and milestones (when there are any), the
    /// goals heading and goals; the item at `pick` highlighted.
    fn lines(&self, selected: &Selected, pick: Option<usize>) -> Vec<Line<'static>> {
        let theme = self.theme;
        let mut lines = Vec::new();
        let mut index = 0;
        let mut item = |mut line: Line<'static>, lines: &mut Vec<Line<'static>>| {
            if Some(index) == pick {
                line.style = theme.selected();
            }
            index += 1;
            lines.push(line);
        };
        if !selected.milestones.is_empty() {
            lines.push(self.progress_line(Progress::of(&selected.milestones, self.as_of)));
            for milestone in &selected.milestones {
                item(self.milestone(milestone), &mut lines);
            }
        }
        let goals = goals_in_order(&selected.goals);
        if goals.is_empty() {
            lines.push(Line::styled("Goals: none yet · n adds one", theme.dim()));
        } else {
            lines.push(Line::styled("Goals", theme.header()));
        }
        for goal in goals {
            item(self.goal(goal), &mut lines);
        }
        lines
    }

    /// "Onboarding 2 of 4 · 50 % ████░░░░".
    fn progress_line(&self, progress: Progress) -> Line<'static> {
        let head = format!(
            "Onboarding {} of {} · {:>3} % ",
            progress.done,
            progress.total,
            progress.percent()
        );
        let bar = self.width.saturating_sub(head.width()).min(20);
        let filled = (bar * progress.done).checked_div(progress.total).unwrap_or(0);
        let style = if progress.late > 0 { self.theme.warn() } else { self.theme.good() };
        Line::from(vec![
            Span::styled(head, self.theme.header()),
            Span::styled("█".repeat(filled), style),
            Span::styled("░".repeat(bar - filled), self.theme.dim()),
        ])
    }

    fn milestone(&self, milestone: &Milestone) -> Line<'static> {
        let theme = self.theme;
        let (mark, mark_style, when, when_style) = match milestone.standing(self.as_of) {
            MilestoneStanding::Done(on) => ("✓", theme.good(), format!("done {on}"), theme.dim()),
            MilestoneStanding::Skipped(on) => {
                // Dimmed whole: history, not work.
                let line = self.row(
                    "–",
                    theme.dim(),
                    &terminal_safe(&milestone.name),
                    format!("skipped {on}"),
                    theme.dim(),
                );
                return line.style(theme.dim());
            }
            MilestoneStanding::Late(days) => {
                ("!", theme.alert(), format!("late {days}d"), theme.alert())
            }
            MilestoneStanding::Due(0) => ("·", theme.dim(), "due today".to_owned(), Style::new()),
            MilestoneStanding::Due(days) => {
                ("·", theme.dim(), format!("due in {days}d"), Style::new())
            }
            MilestoneStanding::Open => ("·", theme.dim(), "no target".to_owned(), Style::new()),
        };
        self.row(mark, mark_style, &terminal_safe(&milestone.name), when, when_style)
    }

    fn goal(&self, goal: &Goal) -> Line<'static> {
        let theme = self.theme;
        let measure = match (&goal.metric, &goal.target) {
            (Some(metric), Some(target)) => {
                format!("{} {}", terminal_safe(target), terminal_safe(metric))
            }
            (Some(text), None) | (None, Some(text)) => terminal_safe(text).into_owned(),
            (None, None) => String::new(),
        };
        let (mark, mark_style, when, when_style) = match goal.status {
            GoalStatus::Met => {
                let on =
                    goal.met_on.map(|d| format!("met {d}")).unwrap_or_else(|| "met".to_owned());
                ("✓", theme.good(), on, theme.dim())
            }
            GoalStatus::Missed => ("✗", theme.alert(), "missed".to_owned(), theme.dim()),
            GoalStatus::Open => match goal.due {
                Some(due) if due < self.as_of => (
                    "○",
                    Style::new(),
                    format!("overdue {}d", (self.as_of - due).num_days()),
                    theme.alert(),
                ),
                Some(due) => (
                    "○",
                    Style::new(),
                    format!("due in {}d", (due - self.as_of).num_days()),
                    Style::new(),
                ),
                None => ("○", Style::new(), "no date".to_owned(), theme.dim()),
            },
        };
        let objective = terminal_safe(&goal.objective);
        let text = if measure.is_empty() {
            objective.into_owned()
        } else {
            format!("{objective} · {measure}")
        };
        self.row(mark, mark_style, &text, when, when_style)
    }

    /// A mark, the text cut to fit, and the right-aligned "when".
    fn row(
        &self,
        mark: &'static str,
        mark_style: Style,
        text: &str,
        when: String,
        when_style: Style,
    ) -> Line<'static> {
        let room = self.width.saturating_sub(2 + when.width() + 1);
        let text = fit(text, room);
        let gap = room.saturating_sub(text.width()) + 1;
        Line::from(vec![
            Span::styled(format!("{mark} "), mark_style),
            Span::raw(text),
            Span::raw(" ".repeat(gap)),
            Span::styled(when, when_style),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::{Progress, render};
    use crate::domain::{Milestone, MilestoneId};
    use crate::ui::state::PaneId;
    use crate::ui::testing::{as_of, draw, focused_on, on_each_engine, pane_lines};

    /// An enterprise account in onboarding: four milestones, one done, and three open goals.
    const ONBOARDING: &str = "Müller Präzisionstechnik";

    #[test]
    fn the_plan_of_an_account_in_onboarding_at_80x24_and_160x48() {
        on_each_engine("the_plan_of_an_account_in_onboarding_at_80x24_and_160x48", || {
            let app = focused_on(ONBOARDING, PaneId::Plan);
            insta::assert_debug_snapshot!("plan_at_80x24", draw(&app, 80, 24).backend());
            insta::assert_debug_snapshot!("plan_at_160x48", draw(&app, 160, 48).backend());
        });
    }

    #[test]
    fn an_account_without_a_plan_says_how_to_start_one() {
        on_each_engine("an_account_without_a_plan_says_how_to_start_one", || {
            let app = focused_on("Stonegate Industries", PaneId::Plan);
            let mut app = app;
            let selected = app.state.book.detail.as_mut().unwrap();
            selected.milestones.clear();
            selected.goals.clear();
            let lines = pane_lines(&app, render, 40, 4);
            assert_eq!(lines[0], "┏ ▶ Plan ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓", "the focus is marked");
            assert_eq!(lines[1], "┃Goals: none yet · n adds one          ┃");
        });
    }

    #[test]
    fn control_and_bidi_characters_of_a_plan_never_reach_the_screen() {
        on_each_engine("control_and_bidi_characters_of_a_plan_never_reach_the_screen", || {
            let hostile = "Evil\x1b[31mstep\x1b]0;pwned\x07\u{9b}2J\u{202e}\u{200b} done";
            let mut app = focused_on(ONBOARDING, PaneId::Plan);
            let selected = app.state.book.detail.as_mut().unwrap();
            selected.milestones[0].name = hostile.into();
            selected.goals[0].objective = hostile.into();
            selected.goals[0].metric = Some(hostile.into());
            let lines = pane_lines(&app, render, 80, 12);
            let text = lines.join("\n");
            assert!(text.contains("Evil"), "{text}");
            let unsafe_char =
                |c: char| c.is_control() && c != '\n' || matches!(c, '\u{202e}' | '\u{200b}');
            assert!(!text.chars().any(unsafe_char), "{text:?}");
        });
    }

    #[test]
    fn progress_counts_done_and_late_milestones_at_the_as_of_date() {
        let day = |offset: i64| as_of() + chrono::TimeDelta::days(offset);
        let milestone = |target: i64, done: Option<i64>| Milestone {
            id: MilestoneId(0),
            account_id: crate::domain::AccountId(1),
            name: "m".into(),
            target_date: Some(day(target)),
            completed_on: done.map(day),
            skipped_on: None,
            version: 0,
        };
        let milestones = [
            milestone(-30, Some(-31)),
            milestone(-1, None),
            milestone(0, None),
            milestone(10, Some(1)),
        ];
        // The last one is done only on a later date: at the as-of date it is still to do.
        let progress = Progress::of(&milestones, as_of());
        assert_eq!((progress.done, progress.total, progress.late, progress.skipped), (1, 4, 1, 0));
        assert_eq!(progress.percent(), 25);
        // Closed as skipped yesterday: counted apart, no longer late; skipped only tomorrow:
        // still late today.
        let mut with_skips = milestones.clone();
        with_skips[1].skipped_on = Some(day(-1));
        let progress = Progress::of(&with_skips, as_of());
        assert_eq!((progress.done, progress.total, progress.late, progress.skipped), (1, 4, 0, 1));
        with_skips[1].skipped_on = Some(day(1));
        let progress = Progress::of(&with_skips, as_of());
        assert_eq!((progress.late, progress.skipped), (1, 0));
        assert_eq!(Progress::of(&[], as_of()).percent(), 0);
    }

    #[test]
    fn a_skipped_milestone_is_dimmed_with_its_day_and_counted_apart() {
        on_each_engine("a_skipped_milestone_is_dimmed_with_its_day_and_counted_apart", || {
            let mut app = focused_on(ONBOARDING, PaneId::Plan);
            let selected = app.state.book.detail.as_mut().unwrap();
            let skipped =
                selected.milestones.iter_mut().find(|m| m.completed_on.is_none()).unwrap();
            skipped.skipped_on = Some(as_of() - chrono::TimeDelta::days(3));
            let name = skipped.name.clone();
            let progress = super::Progress::of(&selected.milestones, as_of());
            let lines = pane_lines(&app, render, 80, 12);
            let title = format!("{} of {} done · 1 skipped", progress.done, progress.total);
            assert!(lines[0].contains(&title), "{lines:#?}");
            let row = lines.iter().find(|l| l.contains(&name[..10])).unwrap();
            assert!(row.starts_with("┃– "), "{row}");
            assert!(row.ends_with("skipped 2026-11-21┃"), "{row}");
            // Dimmed whole: its name is drawn in the dim style (of the built-in colours).
            let theme = crate::ui::theme::Theme::default();
            let area = ratatui::layout::Rect::new(0, 0, 80, 12);
            let mut buf = ratatui::buffer::Buffer::empty(area);
            render(&app.state, theme, true, area, &mut buf);
            let text = |y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect::<String>();
            let at = (0..buf.area.height).find(|&y| text(y).contains("skipped 2026")).unwrap();
            let mark = (0..buf.area.width).find(|&x| buf[(x, at)].symbol() == "–").unwrap();
            let dim = theme.dim().fg.unwrap();
            assert_eq!(buf[(mark + 2, at)].fg, dim, "{row}");
        });
    }

    #[test]
    fn the_picked_item_stays_in_view_in_a_short_pane() {
        on_each_engine("the_picked_item_stays_in_view_in_a_short_pane", || {
            let mut app = focused_on(ONBOARDING, PaneId::Plan);
            for _ in 0..6 {
                app.apply(crate::ui::action::Action::SelectNext).unwrap();
            }
            let lines = pane_lines(&app, render, 60, 5);
            let items = super::items(app.state.book.detail.as_ref().unwrap());
            assert_eq!(app.state.plan_pick, items.last().copied(), "the last of 7 items");
            assert!(lines[3].contains("due in"), "{lines:#?}");
        });
    }
}
