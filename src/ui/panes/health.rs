//! The health pane: the selected account's overall health as a gauge (number, band word and
//! symbol), its 30-day trend and 12-week sparkline, the four components as gauges with their
//! weighted contributions, the risk signals with their reasons in full, what would change the
//! band (up and down), the inputs behind each component in words, and what grows the account (its advocacy
//! stage and expansion signals).
//!
//! It draws what `state.book.detail` already holds: it must not touch the store or score. Every
//! text is wrapped to the pane's width, never cut, most important first; a pane too short for
//! all of it scrolls (see `document`).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, LineGauge, Sparkline, SparklineBar, Widget};
use unicode_width::UnicodeWidthStr;

use crate::book::AccountDetail;
use crate::domain::terminal_safe;
use crate::format::{THIN_MARK, clip, trend_arrow};
use crate::scoring::{Band, ComponentKind, DropOutcome, LiftOutcome, round_to_tenth};
use crate::ui::action::Action;
use crate::ui::document::Document;
use crate::ui::ids::PaneId;
use crate::ui::pane::{Moves, Pane};
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::{FOCUS_MARK_WIDTH, pane_block, render_unselected};

/// Panes at least this wide show weights, full sentences and wider sparkline bars.
const WIDE: u16 = 60;

/// The health pane, as the workspace drives it.
pub const PANE: Pane = Pane {
    id: PaneId::Health,
    moves: Moves::Scroll,
    hints: &[
        Action::ToggleHelp,
        Action::ToggleZoom,
        Action::SelectNext,
        Action::LogTouchpoint,
        Action::AddTodo,
        Action::FocusNext,
        Action::Quit,
    ],
    draw: |scene, theme, focused, area, buf| {
        render(scene.state, scene.view_state, theme, focused, area, buf)
    },
};

/// Draws the health pane of the selected account into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    focused: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(selected) = &state.book.detail else {
        render_unselected(" Health ", theme, focused, area, buf);
        return;
    };
    let detail = &selected.detail;
    let mark = if focused { FOCUS_MARK_WIDTH } else { 0 };
    let block = pane_block(title(detail, theme, area.width.saturating_sub(mark)), theme, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let scroll = view_state.pane_scroll.of(PaneId::Health);
    document(detail, theme, inner.width).render(inner, buf, scroll, theme);
}

/// Everything the pane says of `detail` at `width`, most important first.
fn document(detail: &AccountDetail, theme: Theme, width: u16) -> Document<'_> {
    let wide = width >= WIDE;
    let mut doc = Document::new(width);
    doc.widget(move |area, buf| render_overall(detail, theme, area, buf));
    doc.widget(move |area, buf| render_trend(detail, theme, wide, area, buf));
    if let Some(reason) = detail.score.thin_data() {
        let text = format!("{THIN_MARK} thin data: health {reason}");
        doc.wrapped("", Style::new(), &text, 2, theme.warn());
    }
    doc.gap();
    for c in &detail.explanation.components {
        let part =
            Part { kind: c.kind, value: c.value, weight: c.weight, contribution: c.contribution };
        let ratio = c.value.map_or(0.0, ratio);
        doc.widget(move |area, buf| {
            LineGauge::default()
                .ratio(ratio)
                .label(component_label(part, wide, theme))
                .filled_symbol("━")
                .unfilled_symbol("─")
                .filled_style(theme.header())
                .unfilled_style(theme.dim())
                .render(area, buf);
        });
    }
    doc.gap();
    signals(&mut doc, detail, theme);
    doc.gap();
    lifts(&mut doc, detail, theme);
    drops(&mut doc, detail, theme);
    doc.gap();
    doc.line(Line::styled("Inputs", theme.header()));
    for c in &detail.explanation.components {
        let lead = format!("  {} ", c.kind.name());
        doc.wrapped(&lead, Style::new(), &terminal_safe(&c.inputs), 4, theme.dim());
    }
    doc.gap();
    growth(&mut doc, detail, theme);
    doc
}

/// The risk signals: a header with their number, then each code with its reason in full.
fn signals(doc: &mut Document<'_>, detail: &AccountDetail, theme: Theme) {
    let signals = &detail.score.signals;
    if signals.is_empty() {
        doc.line(Line::styled("✓ no risk signals", theme.good()));
        return;
    }
    let header = match signals.len() {
        1 => "⚑ 1 risk signal".to_owned(),
        n => format!("⚑ {n} risk signals"),
    };
    doc.line(Line::styled(header, theme.alert().patch(theme.header())));
    for signal in signals {
        let lead = format!("  {} ", signal.code.code());
        doc.wrapped(&lead, theme.alert(), &terminal_safe(&signal.reason), 4, Style::new());
    }
}

/// What would change the band: the smallest rise of each component that alone lifts the
/// account to the next band, in full sentences, or "top band".
fn lifts(doc: &mut Document<'_>, detail: &AccountDetail, theme: Theme) {
    let explanation = &detail.explanation;
    let header = match (detail.score.health.band, explanation.next_band) {
        (_, Some(next)) => format!("What would change the band to {}:", next.word()),
        (Band::Unscored, None) => "What would change the band: no score yet".to_owned(),
        (_, None) => "What would change the band: top band".to_owned(),
    };
    doc.wrapped("", Style::new(), &header, 0, theme.header());
    for lift in &explanation.lifts {
        let style = if matches!(lift.outcome, LiftOutcome::Rise { .. }) {
            Style::new()
        } else {
            theme.dim()
        };
        doc.wrapped("  ", Style::new(), &lift.to_string(), 4, style);
    }
}

/// What would drop the band: the smallest fall of each component that alone takes the account
/// down a band, or nothing at all when at risk or unscored.
fn drops(doc: &mut Document<'_>, detail: &AccountDetail, theme: Theme) {
    let explanation = &detail.explanation;
    let Some(lower) = explanation.lower_band else {
        return;
    };
    let header = format!("What would drop it to {}:", lower.word());
    doc.wrapped("", Style::new(), &header, 0, theme.header());
    for drop in &explanation.drops {
        let style = if matches!(drop.outcome, DropOutcome::Fall { .. }) {
            Style::new()
        } else {
            theme.dim()
        };
        doc.wrapped("  ", Style::new(), &drop.to_string(), 4, style);
    }
}

/// What grows the account: its advocacy stage and its expansion signals with their reasons.
fn growth(doc: &mut Document<'_>, detail: &AccountDetail, theme: Theme) {
    let advocacy =
        detail.facts.account.advocacy.map_or_else(|| "none".to_owned(), |a| a.to_string());
    doc.line(Line::from(vec![Span::styled("Advocacy ", theme.header()), Span::raw(advocacy)]));
    let expansion = &detail.score.expansion;
    if expansion.is_empty() {
        doc.line(Line::styled("No expansion signal", theme.dim()));
        return;
    }
    let header = match expansion.len() {
        1 => "↗ 1 expansion signal".to_owned(),
        n => format!("↗ {n} expansion signals"),
    };
    doc.line(Line::styled(header, theme.good().patch(theme.header())));
    for signal in expansion {
        let lead = format!("  {} ", signal.code.code());
        doc.wrapped(&lead, theme.good(), &terminal_safe(&signal.reason), 4, Style::new());
    }
}

fn count(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A 0-100 value as a gauge's ratio; never outside 0..=1, which the gauges would refuse.
fn ratio(value: f64) -> f64 {
    if value.is_finite() { (value / 100.0).clamp(0.0, 1.0) } else { 0.0 }
}

/// The band as symbol and word, e.g. `▲ at risk`.
fn band_words(band: Band) -> String {
    format!("{} {}", Theme::band_symbol(band), band.word())
}

/// "Health · name · ▲ at risk", dropping the prefix and then cutting the name to fit `width`.
fn title(detail: &AccountDetail, theme: Theme, width: u16) -> Line<'static> {
    let band = detail.score.health.band;
    let name = terminal_safe(&detail.facts.account.name);
    let tail = format!(" {} ", band_words(band));
    // The corners take 2 columns, the space before the name and the " ·" after it 3 more.
    let room = usize::from(width).saturating_sub(2 + tail.width());
    let prefix = if "Health · ".width() + name.width() + 3 <= room { "Health · " } else { "" };
    let name = clip(&name, room.saturating_sub(prefix.width() + 3));
    Line::from(vec![
        Span::styled(format!(" {prefix}{name} ·"), theme.header()),
        Span::styled(tail, theme.band(band)),
    ])
}

/// The overall health: a gauge in the band's colour labelled with number, symbol and word.
fn render_overall(detail: &AccountDetail, theme: Theme, area: Rect, buf: &mut Buffer) {
    let health = detail.score.health;
    let label = health.value.map_or_else(
        || format!("no score {}", band_words(health.band)),
        |h| {
            let mark = if detail.score.thin_data().is_some() { THIN_MARK } else { "" };
            format!("{mark}{h} {}", band_words(health.band))
        },
    );
    #[allow(clippy::cast_precision_loss)] // health is 0..=100
    let value = health.value.map_or(0.0, |h| h as f64);
    Gauge::default()
        .ratio(ratio(value))
        .use_unicode(true)
        .gauge_style(theme.band(health.band))
        .label(Span::styled(label, theme.header()))
        .render(area, buf);
}

/// The 30-day trend in words beside the weekly sparkline and its label.
fn render_trend(detail: &AccountDetail, theme: Theme, wide: bool, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let score = &detail.score;
    let weeks = score.sparkline.len();
    let label = format!(" {weeks} weeks");
    let width = usize::from(area.width);
    // Each week one to three columns wide, as room allows.
    let most = if wide { 3 } else { 1 };
    let bar = (width / 2).checked_div(weeks).map_or(0, |b| b.clamp(1, most));
    let spark = weeks * bar;
    let texts = trend_texts(score.delta, score.previous_health);
    let room = if spark == 0 { width } else { width.saturating_sub(spark + label.width() + 1) };
    let text = texts
        .iter()
        .find(|t| t.width() <= room)
        .cloned()
        .unwrap_or_else(|| texts.last().map_or_else(String::new, |t| clip(t, width)));
    let text_width = count(text.width() + 1);
    let [text_area, spark_area, label_area] = Layout::horizontal([
        Constraint::Length(text_width),
        Constraint::Length(count(spark)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let style = match score.delta {
        Some(d) if d <= -10 => theme.alert(),
        Some(d) if d <= -3 => theme.warn(),
        Some(d) if d >= 3 => theme.good(),
        _ => Style::new(),
    };
    Line::styled(text, style).render(text_area, buf);
    if spark_area.is_empty() {
        return;
    }
    let (bars, max) = sparkline_bars(&score.sparkline, bar);
    Sparkline::default()
        .data(bars)
        .max(max)
        .style(theme.band(score.health.band))
        .absent_value_symbol("·")
        .absent_value_style(theme.dim())
        .render(spark_area, buf);
    render_spark_label(&score.sparkline, label, theme, label_area, buf);
}

/// "12 weeks" beside the sparkline's row, and the range of its weeks after it when there is
/// room, since the bars' baseline is not zero.
fn render_spark_label(
    weeks: &[Option<i64>],
    label: String,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let present = || weeks.iter().flatten().copied();
    let range = present().min().zip(present().max()).map(|(low, high)| format!(" {low}–{high}"));
    let mut label = label;
    if let Some(range) = range.filter(|r| label.width() + r.width() <= usize::from(area.width)) {
        label.push_str(&range);
    }
    Line::styled(label, theme.dim()).render(area, buf);
}

/// The weekly bars, each repeated `width` times, and the sparkline's maximum. The baseline sits a
/// little below the lowest week, so that a few points of change show; the trend's text carries
/// the numbers.
fn sparkline_bars(weeks: &[Option<i64>], width: usize) -> (Vec<SparklineBar>, u64) {
    let present = || weeks.iter().flatten().map(|h| (*h).clamp(0, 100));
    let (low, high) = (present().min().unwrap_or(0), present().max().unwrap_or(100));
    let span = high - low;
    let base = (low - (span / 2).max(2)).max(0);
    let top = if span == 0 { high + 2 } else { high };
    let bars = weeks
        .iter()
        .flat_map(|week| {
            let value = week.map(|h| u64::try_from(h.clamp(0, 100) - base).unwrap_or(0));
            std::iter::repeat_n(SparklineBar::from(value), width)
        })
        .collect();
    (bars, u64::try_from(top - base).unwrap_or(1).max(1))
}

/// The trend in words, longest first: "↓ -12 in 30 days, was 40", "↓ -12 from 40", "↓ -12".
fn trend_texts(delta: Option<i64>, previous: Option<i64>) -> Vec<String> {
    let Some(delta) = delta else {
        return vec!["no 30-day trend".to_owned(), "no trend".to_owned()];
    };
    let arrow = trend_arrow(Some(delta));
    let was = previous.map(|p| format!(", was {p}")).unwrap_or_default();
    let short = format!("{arrow} {delta:+}");
    let from = previous.map(|p| format!("{short} from {p}"));
    let mut texts = vec![format!("{short} in 30 days{was}")];
    texts.extend(from);
    texts.push(short);
    texts
}

/// The numbers of one component, as its explanation gives them.
#[derive(Debug, Clone, Copy)]
struct Part {
    kind: ComponentKind,
    value: Option<f64>,
    weight: f64,
    contribution: Option<f64>,
}

/// "usage  22.8  weight 40  +9.1 pts" (without the weight and unit when narrow), padded so that
/// the bars line up.
fn component_label(part: Part, wide: bool, theme: Theme) -> Line<'static> {
    let name = Span::raw(format!("{:<10} ", part.kind.name()));
    let Some(value) = part.value else {
        let width = if wide { 29 } else { 12 };
        return Line::from(vec![name, Span::styled(format!("{:<width$}", "no data"), theme.dim())]);
    };
    let points =
        part.contribution.map_or_else(String::new, |p| format!("+{:.1}", round_to_tenth(p)));
    let numbers = if wide {
        format!("{:>5.1}  weight {:<3.0}{points:>6} pts ", round_to_tenth(value), part.weight)
    } else {
        format!("{:>5.1} {points:>6}", round_to_tenth(value))
    };
    Line::from(vec![name, Span::raw(numbers)])
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::KeyCode;
    use ratatui::layout::Rect;

    use crate::ui::testing::{demo_app, draw, on_each_engine, press};
    use crate::ui::{App, Theme};

    /// The demo workspace in colour, for the styled snapshot.
    fn colour_app() -> App {
        crate::ui::testing::demo_app_in_colour()
    }

    #[test]
    fn health_pane_at_80x24() {
        on_each_engine("health_pane_at_80x24", || {
            let mut app = demo_app();
            press(&mut app, KeyCode::Tab);
            insta::assert_snapshot!("health_pane_at_80x24", draw(&app, 80, 24).backend());
        });
    }

    #[test]
    fn healthy_account_at_80x24() {
        on_each_engine("healthy_account_at_80x24", || {
            let mut app = demo_app();
            for c in "/larkspur shipping".chars() {
                press(&mut app, KeyCode::Char(c));
            }
            press(&mut app, KeyCode::Enter);
            press(&mut app, KeyCode::Tab);
            insta::assert_snapshot!("healthy_account_at_80x24", draw(&app, 80, 24).backend());
        });
    }

    #[test]
    fn every_pane_at_160x48() {
        on_each_engine("every_pane_at_160x48", || {
            let mut app = demo_app();
            press(&mut app, KeyCode::Tab);
            insta::assert_snapshot!("every_pane_at_160x48", draw(&app, 160, 48).backend());
        });
    }

    #[test]
    fn health_pane_styles_in_colour() {
        on_each_engine("health_pane_styles_in_colour", || {
            // The pane alone, at the size it has in an 80x24 terminal: band colours are meaning.
            let app = colour_app();
            let mut terminal = Terminal::new(TestBackend::new(36, 21)).expect("terminal");
            terminal
                .draw(|frame| {
                    super::render(
                        &app.state,
                        &app.view_state,
                        app.theme(),
                        true,
                        frame.area(),
                        frame.buffer_mut(),
                    );
                })
                .expect("draw");
            insta::assert_debug_snapshot!(
                "health_pane_styles_in_colour",
                terminal.backend().buffer()
            );
        });
    }

    #[test]
    fn a_score_on_thin_data_is_marked_in_the_list_and_explained_in_the_pane() {
        use crate::config::Config;
        use crate::domain::Account;
        use crate::test_support::stores::on_each_engine;
        use crate::ui::keymap::{Keymap, KeymapOverrides};
        use crate::ui::testing::{as_of, buffer_lines};

        on_each_engine("a_score_on_thin_data_is_marked", |mut store| {
            // No usage, no features, no contact: support 80 and engagement 0 alone,
            // (20 * 80) / 30 = 53.3 -> 53 on 30 % of the weight.
            let writer = store.writer().unwrap();
            writer.insert_account(&Account::named("X-1", "Imported Co")).unwrap();
            writer.commit().unwrap();
            let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
            let mut app =
                App::new(store, Config::default(), keymap, Theme::monochrome(), as_of()).unwrap();
            press(&mut app, KeyCode::Tab);
            let lines = buffer_lines(draw(&app, 80, 24).backend().buffer());
            let screen = lines.join("\n");
            assert!(
                lines.iter().any(|l| l.contains("Imported Co") && l.contains("~53 ◐")),
                "{screen}"
            );
            assert!(screen.contains("~53 ◐ watch"), "{screen}");
            assert!(screen.contains("~ thin data: health based on"), "{screen}");
            assert!(screen.contains("engagement only"), "{screen}");
        });
    }

    #[test]
    fn no_account_says_so() {
        on_each_engine("no_account_says_so", || {
            let mut app = demo_app();
            for c in "/zzqxj".chars() {
                press(&mut app, KeyCode::Char(c));
            }
            press(&mut app, KeyCode::Enter);
            assert!(app.state.book.detail.is_none());
            let screen = format!("{}", draw(&app, 80, 24).backend());
            assert!(screen.contains("No account selected."), "{screen}");
        });
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        on_each_engine("tiny_areas_do_not_panic", || {
            let app = demo_app();
            for (width, height) in [(0, 0), (5, 2), (12, 4), (10, 3), (36, 1), (1, 30)] {
                let area = Rect::new(0, 0, width, height);
                let mut buf = Buffer::empty(area);
                super::render(&app.state, &app.view_state, Theme::default(), true, area, &mut buf);
            }
            let mut terminal = Terminal::new(TestBackend::new(20, 6)).expect("terminal");
            terminal
                .draw(|frame| {
                    super::render(
                        &app.state,
                        &app.view_state,
                        Theme::monochrome(),
                        false,
                        frame.area(),
                        frame.buffer_mut(),
                    )
                })
                .expect("draw");
        });
    }
}
