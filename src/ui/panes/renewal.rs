//! The renewal countdown: the selected account's renewal date, the days left (or overdue), its
//! phase, a 120-day track with a marker where the account stands, the ARR at stake and the
//! account's opportunities, the open renewal closing first, the one the pane's keys act on shown
//! in full.
//!
//! It draws what `state.book.detail` already holds: it must not touch the store or score. Tall panes
//! get a spaced layout; short ones a compact one, most important lines first.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::book::AccountDetail;
use crate::domain::{Opportunity, OpportunityKind, OpportunityStatus, terminal_safe};
use crate::format::{clip, money, money_short};
use crate::scoring::{Renewal, RenewalPhase, round_to_int};
use crate::ui::action::Action;
use crate::ui::document::Document;
use crate::ui::ids::PaneId;
use crate::ui::pane::{Moves, Pane};
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::{pane_block, render_unselected};

/// Days the track spans, from the renewal date (left) to the start of the strategy phase.
const TRACK_DAYS: i64 = 120;
/// Panes at least this tall get blank lines between the parts and the opportunity in full.
const SPACED: u16 = 13;

/// The renewal pane, as the workspace drives it.
pub const PANE: Pane = Pane {
    id: PaneId::Renewal,
    moves: Moves::Opportunities,
    hints: &[
        Action::EditOpportunity,
        Action::AddOpportunity,
        Action::CloseOpportunity,
        Action::RecordRenewal,
        Action::ToggleZoom,
        Action::Undo,
        Action::ToggleHelp,
    ],
    draw: |scene, theme, focused, area, buf| {
        render(scene.state, scene.view_state, theme, focused, area, buf)
    },
};

/// Draws the renewal countdown of the selected account into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    focused: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(selected) = &state.book.detail else {
        render_unselected(" Renewal ", theme, focused, area, buf);
        return;
    };
    let detail = &selected.detail;
    let block = pane_block(title(detail, theme, area.width), theme, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let width = usize::from(inner.width);
    let spaced = inner.height >= SPACED;
    let mut lines = Vec::with_capacity(usize::from(inner.height));
    match (&selected.churn, detail.score.renewal) {
        // A churned account renews no more, whatever date its CRM still gives it.
        (Some(churn), _) => {
            lines.push(Line::styled(format!("Churned on {}", churn.closed_on), theme.alert()));
            // Short enough for the pane at 80 columns.
            let was = money_short(churn.arr_before, &state.currency);
            lines.push(Line::styled(format!("due {} · ARR was {was}", churn.due), theme.dim()));
        }
        // Compact panes take the phase's next step when a line is left after the six others.
        (None, Some(renewal)) => {
            lines.extend(countdown(renewal, theme, width, spaced, inner.height > 6));
        }
        (None, None) => lines.push(Line::styled("No renewal date on record.", theme.dim())),
    }
    if spaced {
        lines.push(Line::default());
    }
    lines.push(Line::from(vec![
        Span::styled("ARR at stake ", theme.dim()),
        Span::styled(money(detail.facts.account.arr_cents, &state.currency), theme.header()),
    ]));
    if spaced {
        lines.push(Line::default());
    }
    let opportunities = in_order(&detail.facts.opportunities);
    let at = opportunities.iter().position(|o| Some(o.id) == state.opportunity_pick).unwrap_or(0);
    let list = Opportunities { all: &opportunities, at, focused, currency: &state.currency };
    let first = lines.len();
    let (more, picked) = list.lines(theme, width, spaced);
    lines.extend(more);
    // A pane too short for every line scrolls, so that the picked opportunity shows.
    let scroll = view_state.pane_scroll.of(PaneId::Renewal);
    let rows = usize::from(inner.height);
    scroll.reveal(first + picked.end.saturating_sub(1), rows);
    scroll.reveal(first + picked.start, rows);
    let mut doc = Document::new(inner.width);
    lines.into_iter().for_each(|line| doc.line(line));
    doc.render(inner, buf, scroll, theme);
}

/// "Renewal · name", the name cut to fit `width`.
fn title(detail: &AccountDetail, theme: Theme, width: u16) -> Line<'static> {
    let name = terminal_safe(&detail.facts.account.name);
    let room = usize::from(width).saturating_sub(2 + " Renewal ·  ".width());
    Line::from(vec![
        Span::styled(" Renewal ", theme.header()),
        Span::styled(format!("· {} ", clip(&name, room)), theme.dim()),
    ])
}

/// The date, the days left and the phase, then the track and its scale.
fn countdown(
    renewal: Renewal,
    theme: Theme,
    width: usize,
    spaced: bool,
    room: bool,
) -> Vec<Line<'static>> {
    let urgency = urgency(renewal, theme);
    let days = Span::styled(days_words(renewal.days), urgency.patch(theme.header()));
    let phase = renewal.phase.code();
    let mut lines = if spaced {
        vec![
            Line::from(vec![
                Span::styled("Renews ", theme.dim()),
                Span::raw(long_date(renewal.date)),
            ]),
            Line::from(days),
            Line::from(vec![
                Span::styled("Phase ", theme.dim()),
                Span::raw(phase_words(renewal.phase)),
            ]),
            Line::styled(
                format!("  {}", clip(&next_step(renewal), width.saturating_sub(2))),
                theme.dim(),
            ),
            Line::default(),
        ]
    } else {
        vec![Line::from(vec![
            Span::raw(format!("{} · ", renewal.date)),
            days,
            Span::styled(format!(" · {phase}"), theme.dim()),
        ])]
    };
    if room && !spaced {
        lines.push(Line::styled(clip(&next_step(renewal), width), theme.dim()));
    }
    if spaced {
        lines.push(Line::styled(pointer(renewal.days, width), theme.dim()));
    }
    lines.push(track(renewal.days, width, urgency, theme));
    lines.push(Line::styled(scale(width), theme.dim()));
    lines
}

/// The date with its weekday, e.g. `Tue 2026-12-22`.
fn long_date(date: NaiveDate) -> String {
    date.format("%a %Y-%m-%d").to_string()
}

/// "28 days left", "renews today", "6 days overdue".
fn days_words(days: i64) -> String {
    let plural = |n: i64| if n == 1 { "" } else { "s" };
    match days {
        0 => "renews today".to_owned(),
        d if d < 0 => format!("{} day{} overdue", -d, plural(-d)),
        d => format!("{d} day{} left", plural(d)),
    }
}

/// The phase with the days it spans, e.g. `finalize (0-30 days)`.
fn phase_words(phase: RenewalPhase) -> String {
    let span = match phase {
        RenewalPhase::Overdue => "date passed",
        RenewalPhase::Finalize => "0-30 days",
        RenewalPhase::Proposal => "31-60 days",
        RenewalPhase::Review => "61-90 days",
        RenewalPhase::Strategy => "91-120 days",
        RenewalPhase::Later => "over 120 days",
    };
    format!("{} ({span})", phase.code())
}

/// What comes next: when the next phase starts, e.g. `next: finalize phase in 12 days`.
fn next_step(renewal: Renewal) -> String {
    let next = |phase: RenewalPhase, starts: i64| {
        format!("next: {} phase in {} days", phase.code(), renewal.days - starts)
    };
    match renewal.phase {
        RenewalPhase::Overdue => "past due: renew or move the date".to_owned(),
        RenewalPhase::Finalize => "finalize the contract".to_owned(),
        RenewalPhase::Proposal => next(RenewalPhase::Finalize, 30),
        RenewalPhase::Review => next(RenewalPhase::Proposal, 60),
        RenewalPhase::Strategy => next(RenewalPhase::Review, 90),
        RenewalPhase::Later => next(RenewalPhase::Strategy, TRACK_DAYS),
    }
}

/// Overdue alerts, the last 30 days warn; the rest is plain.
fn urgency(renewal: Renewal, theme: Theme) -> Style {
    match renewal.phase {
        RenewalPhase::Overdue => theme.alert(),
        RenewalPhase::Finalize => theme.warn(),
        _ => Style::new(),
    }
}

/// The column of `days` on a track `width` columns wide: 0 days at the left, 120 at the right.
fn column(days: i64, width: usize) -> usize {
    let last = i64::try_from(width.saturating_sub(1)).unwrap_or(0);
    let x = (days.clamp(0, TRACK_DAYS) * last * 2 + TRACK_DAYS) / (TRACK_DAYS * 2);
    usize::try_from(x).unwrap_or(0)
}

/// The 120-day track: marks at the renewal date and 30, 60, 90 and 120 days, the days left
/// drawn thick, and a marker where the account stands (an arrow at the left end when overdue, at
/// the right edge when further out than the track).
fn track(days: i64, width: usize, urgency: Style, theme: Theme) -> Line<'static> {
    if width < 2 {
        return Line::default();
    }
    let now = column(days, width);
    let marks: Vec<usize> = [30, 60, 90].iter().map(|&d| column(d, width)).collect();
    let marker = match days {
        d if d < 0 => "◀",
        d if d > TRACK_DAYS => "▶",
        _ => "◆",
    };
    let cells = (0..width).map(|x| {
        let thick = x < now && days >= 0;
        let symbol = match x {
            _ if x == now => marker,
            0 => "├",
            _ if x == width - 1 => "┤",
            _ if marks.contains(&x) => {
                if thick {
                    "┿"
                } else {
                    "┼"
                }
            }
            _ if thick => "━",
            _ => "─",
        };
        let style = if x == now {
            urgency.patch(theme.header())
        } else if thick {
            urgency
        } else {
            theme.dim()
        };
        Span::styled(symbol, style)
    });
    Line::from(cells.collect::<Vec<_>>())
}

/// "▼ today" above the track's marker (or "today ▼" when the marker is near the right end).
fn pointer(days: i64, width: usize) -> String {
    let at = column(days, width);
    let label = if at + "▼ today".width() <= width {
        format!("{}▼ today", " ".repeat(at))
    } else {
        format!("{}today ▼", " ".repeat((at + 1).saturating_sub("today ▼".width())))
    };
    clip(&label, width)
}

/// The day numbers under the track's marks.
fn scale(width: usize) -> String {
    let mut row = vec![' '; width];
    for days in [0, 30, 60, 90, TRACK_DAYS] {
        let label = days.to_string();
        let len = label.len();
        let start = column(days, width).saturating_sub(len / 2).min(width.saturating_sub(len));
        for (i, c) in label.chars().enumerate() {
            if let Some(cell) = row.get_mut(start + i) {
                *cell = c;
            }
        }
    }
    row.into_iter().collect::<String>().trim_end().to_owned()
}

/// The account's opportunities in the pane's order: the open ones first, renewals before the
/// rest, each by close date (none last); then the closed ones, the latest first.
#[must_use]
pub fn in_order(opportunities: &[Opportunity]) -> Vec<&Opportunity> {
    let mut all: Vec<&Opportunity> = opportunities.iter().collect();
    all.sort_by_key(|o| {
        let open = o.status == OpportunityStatus::Open;
        let close = o.close_date.unwrap_or(NaiveDate::MAX);
        let day = if open { close.num_days_from_ce() } else { -close.num_days_from_ce() };
        (!open, open && o.kind != OpportunityKind::Renewal, o.close_date.is_none(), day, o.id.0)
    });
    all
}

/// The opportunities as the pane lists them, the one at `at` picked.
struct Opportunities<'a> {
    all: &'a [&'a Opportunity],
    at: usize,
    focused: bool,
    currency: &'a str,
}

impl Opportunities<'_> {
    /// The heading and the opportunities, the picked one in full (in a `spaced` pane; alone in
    /// two lines otherwise), and the lines the picked one takes.
    fn lines(
        &self,
        theme: Theme,
        width: usize,
        spaced: bool,
    ) -> (Vec<Line<'static>>, std::ops::Range<usize>) {
        let Some(picked) = self.all.get(self.at) else {
            return (vec![Line::styled("No opportunity: n adds one.", theme.dim())], 0..1);
        };
        let count = self.all.len();
        let which = if count > 1 { format!(" {} of {count}", self.at + 1) } else { String::new() };
        if !spaced {
            return (self.compact(picked, &which, theme, width), 0..2);
        }
        let mut lines = vec![Line::from(vec![
            Span::styled("Opportunities", theme.header()),
            Span::styled(which, theme.dim()),
        ])];
        let mut range = 0..0;
        for (i, o) in self.all.iter().enumerate() {
            let name = o.name.as_deref().map_or_else(|| "unnamed".into(), terminal_safe);
            if i != self.at {
                let status = (o.status != OpportunityStatus::Open).then(|| o.status.to_string());
                let amount = o.amount_cents.map(|c| money(c, self.currency));
                let line = join(vec![status, Some(name.into_owned()), amount]);
                lines.push(Line::styled(
                    format!("  {}", clip(&line, width.saturating_sub(2))),
                    theme.dim(),
                ));
                continue;
            }
            let marker = if self.focused { "› " } else { "  " };
            let mut line = Line::raw(format!("{marker}{}", clip(&name, width.saturating_sub(2))));
            if self.focused {
                line.style = theme.selected();
            }
            range.start = lines.len();
            lines.push(line);
            for part in details(o, self.currency) {
                if !part.is_empty() {
                    lines.push(Line::raw(format!("  {}", clip(&part, width.saturating_sub(2)))));
                }
            }
            range.end = lines.len();
        }
        (lines, range)
    }

    /// The picked opportunity in two lines: its kind, amount, chance and close date, then its
    /// name, stage and place among the others.
    fn compact(
        &self,
        o: &Opportunity,
        which: &str,
        theme: Theme,
        width: usize,
    ) -> Vec<Line<'static>> {
        let name = o.name.as_deref().map_or_else(|| "unnamed".into(), terminal_safe);
        let amount = o.amount_cents.map(|c| money(c, self.currency));
        let stage = o.stage.as_deref().map(|s| terminal_safe(s).into_owned());
        let first = match o.status {
            OpportunityStatus::Open => join(vec![amount, percent(o), closes(o)]),
            closed => join(vec![amount, Some(closed.to_string()), closes(o)]),
        };
        let kind = o.kind.code();
        let long = format!("{}{} opp ", kind[..1].to_uppercase(), &kind[1..]);
        let label = if first.width() + long.width() <= width { long } else { "Opp ".to_owned() };
        let mut first_line = Line::from(vec![
            Span::styled(label.clone(), theme.dim()),
            Span::raw(clip(&first, width.saturating_sub(label.width()))),
        ]);
        if self.focused {
            first_line.style = theme.selected();
        }
        let more = (!which.is_empty()).then(|| which.trim().to_owned());
        vec![
            first_line,
            Line::styled(
                clip(&join(vec![Some(name.into_owned()), stage, more]), width),
                theme.dim(),
            ),
        ]
    }
}

/// The parts joined by " · ", the absent ones left out.
fn join(parts: Vec<Option<String>>) -> String {
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

/// "30 %" of an opportunity with a probability.
fn percent(o: &Opportunity) -> Option<String> {
    o.probability.filter(|p| p.is_finite()).map(|p| format!("{} %", round_to_int(p)))
}

/// "closes 2026-12-22", or "closed …" once it is won or lost.
fn closes(o: &Opportunity) -> Option<String> {
    let verb = if o.status == OpportunityStatus::Open { "closes" } else { "closed" };
    o.close_date.map(|d| format!("{verb} {d}"))
}

/// The picked opportunity's two lines under its name: kind (unless a renewal), amount and stage;
/// then its standing
/// (close date and chance while open, the outcome once closed).
fn details(o: &Opportunity, currency: &str) -> [String; 2] {
    let amount = o.amount_cents.map(|c| money(c, currency));
    let stage = o.stage.as_deref().map(|s| terminal_safe(s).into_owned());
    let standing = match o.status {
        OpportunityStatus::Open => join(vec![closes(o), percent(o).map(|p| format!("{p} likely"))]),
        closed => join(vec![Some(closed.to_string()), closes(o)]),
    };
    // A renewal is what the pane is about; another kind says so.
    let kind = (o.kind != OpportunityKind::Renewal).then(|| o.kind.code().to_owned());
    [join(vec![kind, amount, stage]), standing]
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::KeyCode;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use crate::ui::App;
    use crate::ui::Theme;
    use crate::ui::testing::{demo_app, draw, on_each_engine, press};

    /// The demo workspace with the renewal pane in front, on the account found by `query`.
    fn renewal_of(query: &str) -> App {
        let mut app = demo_app();
        if !query.is_empty() {
            press(&mut app, KeyCode::Char('/'));
            for c in query.chars() {
                press(&mut app, KeyCode::Char(c));
            }
            press(&mut app, KeyCode::Enter);
        }
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        app
    }

    #[test]
    fn renewal_pane_at_80x24() {
        on_each_engine("renewal_pane_at_80x24", || {
            let app = renewal_of("");
            insta::assert_snapshot!("renewal_pane_at_80x24", draw(&app, 80, 24).backend());
        });
    }

    #[test]
    fn overdue_renewal_at_80x24() {
        on_each_engine("overdue_renewal_at_80x24", || {
            let app = renewal_of("tidewater");
            insta::assert_snapshot!("overdue_renewal_at_80x24", draw(&app, 80, 24).backend());
        });
    }

    #[test]
    fn renewal_beyond_the_track_at_80x24() {
        on_each_engine("renewal_beyond_the_track_at_80x24", || {
            let app = renewal_of("larkspur capital");
            insta::assert_snapshot!(
                "renewal_beyond_the_track_at_80x24",
                draw(&app, 80, 24).backend()
            );
        });
    }

    #[test]
    fn every_pane_at_160x48() {
        on_each_engine("every_pane_at_160x48", || {
            let app = renewal_of("");
            insta::assert_snapshot!("every_pane_at_160x48", draw(&app, 160, 48).backend());
        });
    }

    fn track_text(days: i64, width: usize) -> String {
        let line = super::track(days, width, Style::new(), Theme::monochrome());
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_track_marks_its_days() {
        // 35 columns: 30 days every 8.5 columns; the days left are thick.
        assert_eq!(track_text(28, 35), "├━━━━━━━◆┼───────┼────────┼───────┤");
        assert_eq!(super::scale(35), "0       30      60       90     120");
        assert_eq!(track_text(75, 35), "├━━━━━━━━┿━━━━━━━┿━━━◆────┼───────┤");
        // Overdue at the left end, beyond the track at the right edge.
        assert_eq!(track_text(-3, 10), "◀─┼──┼─┼─┤");
        assert_eq!(track_text(200, 10), "├━┿━━┿━┿━▶");
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        on_each_engine("tiny_areas_do_not_panic", || {
            let app = demo_app();
            for (width, height) in [(0, 0), (5, 2), (12, 4), (10, 3), (40, 1), (1, 30), (3, 14)] {
                let area = Rect::new(0, 0, width, height);
                let mut buf = Buffer::empty(area);
                super::render(&app.state, &app.view_state, Theme::default(), true, area, &mut buf);
            }
        });
    }
}
