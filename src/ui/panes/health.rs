//! The health pane: the selected account's overall health as a gauge (number, band word and
//! symbol), its 30-day trend and 12-week sparkline, the four components as gauges with their
//! weighted contributions and inputs in words, the risk signals with their reasons, and what
//! would change the band.
//!
//! It draws what `state.detail` already holds: it must not touch the store or score. Lines are
//! planned against the area first (most important first: gauge, components, signals, then the
//! rest), and only the lines that fit are built.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, LineGauge, Sparkline, SparklineBar, Widget};
use unicode_width::UnicodeWidthStr;

use crate::book::AccountDetail;
use crate::domain::terminal_safe;
use crate::format::{fit, trend_arrow};
use crate::scoring::{Band, BandLift, ComponentKind, Explanation, LiftOutcome, round_to_tenth};
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::widgets::{pane_block, render_unselected};

/// Panes at least this wide show weights, full sentences and wider sparkline bars.
const WIDE: u16 = 60;

/// Draws the health pane of the selected account into `area`.
pub fn render(state: &AppState, theme: Theme, focused: bool, area: Rect, buf: &mut Buffer) {
    let Some(selected) = &state.detail else {
        render_unselected(" Health ", theme, focused, area, buf);
        return;
    };
    let detail = &selected.detail;
    let block = pane_block(title(detail, theme, area.width), theme, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let plan = Plan::new(detail, inner);
    let wide = inner.width >= WIDE;
    let mut rest = inner;
    render_overall(detail, theme, take(&mut rest, 1), buf);
    render_trend(detail, theme, wide, take(&mut rest, plan.trend), buf);
    take(&mut rest, plan.gaps[0]);
    render_components(
        &detail.explanation,
        theme,
        wide,
        &plan,
        take(&mut rest, plan.components_height()),
        buf,
    );
    take(&mut rest, plan.gaps[1]);
    render_signals(detail, theme, &plan, take(&mut rest, plan.signals_height()), buf);
    take(&mut rest, plan.gaps[2]);
    render_lifts(detail, theme, take(&mut rest, plan.lifts), buf);
}

/// How many rows each part gets, decided before any line is built.
#[derive(Debug, Default)]
struct Plan {
    /// Rows of the trend and sparkline (0 to 3).
    trend: u16,
    /// Component gauges shown (0 to 4).
    components: u16,
    /// Lines of inputs in words under each component gauge (0 to 2).
    inputs: u16,
    /// Rows of the signals part: its header and one line per signal shown.
    signals: u16,
    /// Each signal's reason on a line of its own under its code.
    reasons_below: bool,
    /// Rows of "what would change the band", header included.
    lifts: u16,
    /// Blank rows before the components, the signals and the lifts.
    gaps: [u16; 3],
}

impl Plan {
    /// Fills `area` greedily: the gauge, the trend, the components, the signals and the lifts
    /// first, then inputs in words, breathing room, reasons on lines of their own and a taller
    /// sparkline with what is left.
    fn new(detail: &AccountDetail, area: Rect) -> Self {
        let mut left = area.height.saturating_sub(1); // the overall gauge
        let mut plan = Self { trend: grab(&mut left, 1), ..Self::default() };
        plan.components = grab(&mut left, 4);
        let signals = count(detail.score.signals.len());
        plan.signals = grab(&mut left, signals + 1);
        let lifts = match detail.explanation.lifts.len() {
            0 => 1,
            n => count(n) + 1,
        };
        plan.lifts = grab(&mut left, lifts);
        let long_inputs = detail
            .explanation
            .components
            .iter()
            .any(|c| c.inputs.width() + 2 > usize::from(area.width));
        // A line of inputs under each component, and a second when they are cut short.
        for _ in 0..if long_inputs { 2 } else { 1 } {
            if plan.components == 4 && left >= 4 {
                plan.inputs += 1;
                left -= 4;
            }
        }
        for gap in [1, 2, 0] {
            plan.gaps[gap] = grab(&mut left, 1);
        }
        let reasons = plan.signals.saturating_sub(1);
        let longest =
            detail.score.signals.iter().map(|s| s.code.code().width() + 3 + s.reason.width()).max();
        if reasons > 0 && left >= reasons && longest.is_some_and(|w| w > usize::from(area.width)) {
            plan.reasons_below = true;
            left -= reasons;
        }
        if !detail.score.sparkline.is_empty() && plan.trend == 1 {
            plan.trend += grab(&mut left, if area.width >= WIDE { 2 } else { 1 });
        }
        plan
    }

    fn components_height(&self) -> u16 {
        self.components * (1 + self.inputs)
    }

    fn signals_height(&self) -> u16 {
        let reasons = self.signals.saturating_sub(1);
        if self.reasons_below { self.signals + reasons } else { self.signals }
    }
}

/// Takes up to `want` rows from `left`, returning how many it took.
fn grab(left: &mut u16, want: u16) -> u16 {
    let got = want.min(*left);
    *left -= got;
    got
}

fn count(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Splits the top `rows` rows off `area` and returns them.
fn take(area: &mut Rect, rows: u16) -> Rect {
    let [top, rest] =
        Layout::vertical([Constraint::Length(rows), Constraint::Fill(1)]).areas(*area);
    *area = rest;
    top
}

/// `text` cut to `width` columns with an ellipsis when longer, never padded.
fn clip(text: &str, width: usize) -> String {
    fit(text, text.width().min(width))
}

/// `text` wrapped at spaces into at most `lines` lines of `width` columns, the last one cut with
/// an ellipsis when text remains.
fn wrap(text: &str, width: usize, lines: u16) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() && out.len() + 1 < usize::from(lines) {
        if rest.width() <= width {
            break;
        }
        // The last space at which the line still fits; a word longer than the line is cut.
        let mut cut = None;
        for (i, c) in rest.char_indices() {
            if rest[..i].width() > width {
                break;
            }
            if c == ' ' {
                cut = Some(i);
            }
        }
        let Some(cut) = cut.filter(|&i| i > 0) else { break };
        out.push(rest[..cut].to_owned());
        rest = rest[cut..].trim_start();
    }
    if lines > 0 && !rest.is_empty() {
        out.push(clip(rest, width));
    }
    out
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
        |h| format!("{h} {}", band_words(health.band)),
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

/// "12 weeks" on the sparkline's last row, and the range of its weeks on the row above (or after
/// the label when there is one row and room), since the bars' baseline is not zero.
fn render_spark_label(
    weeks: &[Option<i64>],
    label: String,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let present = || weeks.iter().flatten().copied();
    let range = present().min().zip(present().max()).map(|(low, high)| format!(" {low}–{high}"));
    let mut rest = area;
    let mut label = label;
    if let Some(range) = range {
        if area.height >= 2 {
            take(&mut rest, area.height - 2);
            Line::styled(range, theme.dim()).render(take(&mut rest, 1), buf);
        } else if label.width() + range.width() <= usize::from(area.width) {
            label.push_str(&range);
        }
    }
    let last = Rect { y: rest.bottom().saturating_sub(1), height: rest.height.min(1), ..rest };
    Line::styled(label, theme.dim()).render(last, buf);
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

/// The four components: a line gauge each, labelled with value and contribution, and the
/// inputs in words below when the plan has room.
fn render_components(
    explanation: &Explanation,
    theme: Theme,
    wide: bool,
    plan: &Plan,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut rest = area;
    let width = usize::from(area.width);
    for c in explanation.components.iter().take(usize::from(plan.components)) {
        let ratio = c.value.map_or(0.0, ratio);
        let part =
            Part { kind: c.kind, value: c.value, weight: c.weight, contribution: c.contribution };
        LineGauge::default()
            .ratio(ratio)
            .label(component_label(part, wide, theme))
            .filled_symbol("━")
            .unfilled_symbol("─")
            .filled_style(theme.header())
            .unfilled_style(theme.dim())
            .render(take(&mut rest, 1), buf);
        for text in wrap(&terminal_safe(&c.inputs), width.saturating_sub(2), plan.inputs) {
            Line::styled(format!("  {text}"), theme.dim()).render(take(&mut rest, 1), buf);
        }
    }
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

/// The risk signals: a header with their number, then each code with its one-line reason.
fn render_signals(detail: &AccountDetail, theme: Theme, plan: &Plan, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let signals = &detail.score.signals;
    let width = usize::from(area.width);
    let mut rest = area;
    if signals.is_empty() {
        Line::styled("✓ no risk signals", theme.good()).render(take(&mut rest, 1), buf);
        return;
    }
    let header = match signals.len() {
        1 => "⚑ 1 risk signal".to_owned(),
        n => format!("⚑ {n} risk signals"),
    };
    Line::styled(header, theme.alert().patch(theme.header())).render(take(&mut rest, 1), buf);
    for signal in signals.iter().take(usize::from(plan.signals.saturating_sub(1))) {
        let code = signal.code.code();
        let reason = terminal_safe(&signal.reason);
        if plan.reasons_below {
            Line::styled(format!("  {code}"), theme.alert()).render(take(&mut rest, 1), buf);
            let text = clip(&reason, width.saturating_sub(4));
            Line::raw(format!("    {text}")).render(take(&mut rest, 1), buf);
        } else {
            let text = clip(&reason, width.saturating_sub(code.width() + 3));
            Line::from(vec![Span::styled(format!("  {code} "), theme.alert()), Span::raw(text)])
                .render(take(&mut rest, 1), buf);
        }
    }
}

/// What would change the band: the smallest rise of each component that alone lifts the
/// account to the next band, or "top band".
fn render_lifts(detail: &AccountDetail, theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let explanation = &detail.explanation;
    let mut rest = area;
    let header = match (detail.score.health.band, explanation.next_band) {
        (_, Some(next)) => {
            let long = format!("What would change the band to {}:", next.word());
            if long.width() <= width {
                long
            } else {
                format!("To reach {}, raise one:", next.word())
            }
        }
        (band, None) => {
            let (long, short) = if band == Band::Unscored {
                ("What would change the band: no score yet", "No score yet")
            } else {
                ("What would change the band: top band", "Already the top band")
            };
            if long.width() <= width { long } else { short }.to_owned()
        }
    };
    Line::styled(clip(&header, width), theme.header()).render(take(&mut rest, 1), buf);
    for lift in &explanation.lifts {
        if rest.is_empty() {
            break;
        }
        let style = if matches!(lift.outcome, LiftOutcome::Rise { .. }) {
            Style::new()
        } else {
            theme.dim()
        };
        Line::styled(format!("  {}", lift_text(lift, width.saturating_sub(2))), style)
            .render(take(&mut rest, 1), buf);
    }
}

/// A lift in words within `width`: the full sentence when it fits, else a shorter one.
fn lift_text(lift: &BandLift, width: usize) -> String {
    let full = lift.to_string();
    if full.width() <= width {
        return full;
    }
    let name = lift.kind.name();
    let short = match &lift.outcome {
        LiftOutcome::Rise { points, .. } => format!("{name} +{points:.1} points"),
        LiftOutcome::NotReachable => format!("{name}: not alone"),
        LiftOutcome::NoData => format!("{name}: no data"),
    };
    // The short form alone if the hint would only be cut mid-word.
    if short.width() + 8 >= width { clip(&short, width) } else { clip(&full, width) }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::KeyCode;
    use ratatui::layout::Rect;

    use crate::ui::testing::{demo_app, draw, press};
    use crate::ui::{App, Theme};

    /// The demo workspace in colour, for the styled snapshot.
    fn colour_app() -> App {
        crate::ui::testing::demo_app_in_colour()
    }

    #[test]
    fn health_pane_at_80x24() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Tab);
        insta::assert_snapshot!(draw(&app, 80, 24).backend());
    }

    #[test]
    fn healthy_account_at_80x24() {
        let mut app = demo_app();
        for c in "/larkspur shipping".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Tab);
        insta::assert_snapshot!(draw(&app, 80, 24).backend());
    }

    #[test]
    fn every_pane_at_160x48() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Tab);
        insta::assert_snapshot!(draw(&app, 160, 48).backend());
    }

    #[test]
    fn health_pane_styles_in_colour() {
        // The pane alone, at the size it has in an 80x24 terminal: band colours are meaning.
        let app = colour_app();
        let mut terminal = Terminal::new(TestBackend::new(36, 21)).expect("terminal");
        terminal
            .draw(|frame| {
                super::render(&app.state, app.theme(), true, frame.area(), frame.buffer_mut());
            })
            .expect("draw");
        insta::assert_debug_snapshot!(terminal.backend().buffer());
    }

    #[test]
    fn no_account_says_so() {
        let mut app = demo_app();
        for c in "/zzqxj".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        assert!(app.state.detail.is_none());
        let screen = format!("{}", draw(&app, 80, 24).backend());
        assert!(screen.contains("No account selected."), "{screen}");
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        let app = demo_app();
        for (width, height) in [(0, 0), (5, 2), (12, 4), (10, 3), (36, 1), (1, 30)] {
            let area = Rect::new(0, 0, width, height);
            let mut buf = Buffer::empty(area);
            super::render(&app.state, Theme::default(), true, area, &mut buf);
        }
        let mut terminal = Terminal::new(TestBackend::new(20, 6)).expect("terminal");
        terminal
            .draw(|frame| {
                super::render(
                    &app.state,
                    Theme::monochrome(),
                    false,
                    frame.area(),
                    frame.buffer_mut(),
                )
            })
            .expect("draw");
    }
}
