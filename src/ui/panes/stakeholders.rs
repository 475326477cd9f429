//! The stakeholder map of the selected account: its contacts grouped by role (or drawn as the
//! reporting tree), each with influence, sentiment, days since the last touch, whether engaged and
//! whether they left, under the coverage gaps (no executive sponsor, no champion, single-threaded).
//! It reads the state only: it must not touch the store or score.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::domain::{Contact, ContactId, Role, fold_key, terminal_safe};
use crate::format::fit;
use crate::scoring::SignalCode;
use crate::ui::action::Action;
use crate::ui::ids::PaneId;
use crate::ui::pane::{Moves, Pane};
use crate::ui::state::{AppState, Selected};
use crate::ui::theme::Theme;
use crate::ui::widgets::pane_block;

/// The role groups, in the order a CSM reads them.
const ROLES: [Role; 6] = [
    Role::ExecutiveSponsor,
    Role::EconomicBuyer,
    Role::Champion,
    Role::Influencer,
    Role::EndUser,
    Role::Other,
];

/// Columns right of the name: " ●●●○○ ++  never" (or " left 2026-10-27").
const FACTS_WIDTH: usize = 16;

/// Optional columns are dropped before the name cell (tree glyphs included) gets fewer columns.
const MIN_NAME_CELL: usize = 14;

/// A title gets a column only when it has at least this many columns.
const MIN_TITLE: usize = 8;

/// The stakeholders pane, as the workspace drives it.
pub const PANE: Pane = Pane {
    id: PaneId::Stakeholders,
    moves: Moves::Contacts,
    hints: &[
        Action::EditStakeholder,
        Action::AddContact,
        Action::DeleteContact,
        Action::LogTouchpoint,
        Action::ToggleTree,
        Action::ToggleZoom,
        Action::Undo,
        Action::ToggleHelp,
    ],
    draw: |scene, theme, focused, area, buf| render(scene.state, theme, focused, area, buf),
};

/// Draws the stakeholder map of the selected account into `area`.
pub fn render(state: &AppState, theme: Theme, focused: bool, area: Rect, buf: &mut Buffer) {
    let mode = if state.tree { "tree " } else { "by role " };
    let mut title = vec![Span::styled(" Stakeholders ", theme.header())];
    let Some(selected) = &state.book.detail else {
        let block = pane_block(Line::from(title), theme, focused);
        let inner = block.inner(area);
        block.render(area, buf);
        Line::styled(" No account selected.", theme.dim()).render(inner, buf);
        return;
    };
    let contacts = &selected.detail.facts.contacts;
    let current = contacts.iter().filter(|c| c.is_current(state.as_of)).count();
    title.push(Span::styled(format!("{current} current · {mode}"), theme.dim()));
    let marks = Line::from(vec![
        Span::styled(" ✓", theme.good()),
        Span::styled(" engaged ", theme.dim()),
        Span::styled("✗", theme.alert()),
        Span::styled(" left ", theme.dim()),
    ]);
    let block = pane_block(Line::from(title), theme, focused).title_bottom(marks.right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let width = usize::from(inner.width);
    let mut lines = coverage_lines(selected, state.as_of, theme, width);
    if contacts.is_empty() {
        lines.push(Line::styled("No contacts on file.", theme.dim()));
    } else {
        let rows = if state.tree { tree_rows(contacts) } else { role_rows(contacts, state.as_of) };
        let room = usize::from(inner.height).saturating_sub(lines.len());
        let view = View::new(selected, state, theme, &rows, width);
        // The focused pane points at a contact, which the edit key acts on.
        let pick = focused.then(|| {
            let is_pick = |r: &Row<'_>| matches!(r, Row::Contact { contact, .. } if Some(contact.id) == state.contact_pick);
            rows.iter().position(is_pick).or_else(|| rows.iter().position(Row::is_contact))
        });
        lines.extend(view.lines(&rows, room, pick.flatten()));
    }
    // The glyphs explained at the foot, on lines the contacts leave free (one blank line above).
    let height = usize::from(inner.height);
    let foot = legend(theme, width);
    if !contacts.is_empty() && lines.len() + 1 + foot.len() <= height {
        lines.resize(height - foot.len(), Line::from(""));
        lines.extend(foot);
    }
    Paragraph::new(lines).render(inner, buf);
}

/// What the influence and sentiment glyphs mean: one line when `width` holds it, else two.
#[must_use]
pub fn legend(theme: Theme, width: usize) -> Vec<Line<'static>> {
    let influence = vec![
        Span::styled("infl. ", theme.dim()),
        Span::raw("●●●"),
        Span::styled("○○", theme.dim()),
        Span::styled(" = 3 of 5", theme.dim()),
    ];
    let sentiment = vec![
        Span::styled("± ", theme.dim()),
        Span::styled("++ +", theme.good()),
        Span::styled(" · ", theme.dim()),
        Span::styled("− −−", theme.alert()),
        Span::styled(" warm to hostile", theme.dim()),
    ];
    let one: Line<'static> = influence
        .iter()
        .chain([&Span::styled(" · ", theme.dim())])
        .chain(&sentiment)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    if one.width() <= width {
        return vec![one];
    }
    let two = [Line::from(influence), Line::from(sentiment)];
    if two.iter().all(|l| l.width() <= width) { two.into() } else { Vec::new() }
}

/// One line of the list before it is drawn: a role's heading or a contact (with its tree glyphs).
enum Row<'a> {
    Group(Role),
    Contact { contact: &'a Contact, prefix: String },
}

impl Row<'_> {
    const fn is_contact(&self) -> bool {
        matches!(self, Self::Contact { .. })
    }
}

/// The coverage gaps in alert style, packed into as few lines as fit; or one calm line.
fn coverage_lines(
    selected: &Selected,
    as_of: NaiveDate,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let contacts = &selected.detail.facts.contacts;
    let score = &selected.detail.score;
    let engaged = score.components.engagement.engaged.len();
    let mut gaps = Vec::new();
    if !contacts.iter().any(|c| c.role == Role::ExecutiveSponsor && c.is_current(as_of)) {
        gaps.push("no executive sponsor".to_owned());
    }
    if score.has_signal(SignalCode::NoChampion) {
        gaps.push("no champion".to_owned());
    }
    if score.has_signal(SignalCode::SingleThreaded) {
        gaps.push(format!("single-threaded ({engaged} engaged)"));
    }
    if gaps.is_empty() {
        let mut text = format!("✓ coverage: sponsor, champion, {engaged} engaged");
        if text.width() > width {
            text = format!("✓ sponsor, champion, {engaged} engaged");
        }
        return vec![Line::styled(text, theme.good())];
    }
    let mut lines: Vec<String> = Vec::new();
    for gap in gaps {
        match lines.last_mut() {
            Some(line) if line.width() + 3 + gap.width() <= width => {
                line.push_str(" · ");
                line.push_str(&gap);
            }
            _ => lines.push(format!("{}{gap}", if lines.is_empty() { "! " } else { "  " })),
        }
    }
    lines.into_iter().map(|l| Line::styled(l, theme.alert())).collect()
}

/// The contacts in the pane's order (by role, or the reporting tree when `tree`): the
/// stakeholder keys walk this order.
#[must_use]
pub fn in_order(contacts: &[Contact], as_of: NaiveDate, tree: bool) -> Vec<&Contact> {
    let rows = if tree { tree_rows(contacts) } else { role_rows(contacts, as_of) };
    rows.into_iter()
        .filter_map(|row| match row {
            Row::Contact { contact, .. } => Some(contact),
            Row::Group(_) => None,
        })
        .collect()
}

/// Contacts by role in [`ROLES`] order; in each group the current ones by influence (highest
/// first) and name, then those who left.
fn role_rows(contacts: &[Contact], as_of: NaiveDate) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for role in ROLES {
        let mut members: Vec<&Contact> = contacts.iter().filter(|c| c.role == role).collect();
        if members.is_empty() {
            continue;
        }
        members.sort_by_cached_key(|c| {
            (!c.is_current(as_of), std::cmp::Reverse(c.influence), fold_key(&c.name))
        });
        rows.push(Row::Group(role));
        rows.extend(
            members.into_iter().map(|contact| Row::Contact { contact, prefix: String::new() }),
        );
    }
    rows
}

/// Contacts as the reporting tree: roots first (no manager, or one not on file), children under
/// their manager sorted by name. Contacts caught in a reporting cycle start a tree of their own,
/// so every contact appears exactly once.
fn tree_rows(contacts: &[Contact]) -> Vec<Row<'_>> {
    let ids: BTreeSet<ContactId> = contacts.iter().map(|c| c.id).collect();
    let mut children: BTreeMap<ContactId, Vec<&Contact>> = BTreeMap::new();
    let mut roots = Vec::new();
    for contact in contacts {
        match contact.reports_to.filter(|m| *m != contact.id && ids.contains(m)) {
            Some(manager) => children.entry(manager).or_default().push(contact),
            None => roots.push(contact),
        }
    }
    for list in children.values_mut() {
        list.sort_by_cached_key(|c| fold_key(&c.name));
    }
    roots.sort_by_cached_key(|c| fold_key(&c.name));
    let mut by_name: Vec<&Contact> = contacts.iter().collect();
    by_name.sort_by_cached_key(|c| fold_key(&c.name));
    let mut rows = Vec::new();
    let mut seen = BTreeSet::new();
    for start in roots.into_iter().chain(by_name) {
        walk(start, &children, &mut seen, &mut rows);
    }
    rows
}

/// Appends `root` and everyone under it not yet seen, depth first, with tree glyphs.
fn walk<'a>(
    root: &'a Contact,
    children: &BTreeMap<ContactId, Vec<&'a Contact>>,
    seen: &mut BTreeSet<ContactId>,
    rows: &mut Vec<Row<'a>>,
) {
    // (contact, glyphs before its name, indent of its children)
    let mut stack = vec![(root, String::new(), String::new())];
    while let Some((contact, prefix, indent)) = stack.pop() {
        if !seen.insert(contact.id) {
            continue;
        }
        rows.push(Row::Contact { contact, prefix });
        let kids = children.get(&contact.id).map_or(&[][..], Vec::as_slice);
        for (i, kid) in kids.iter().enumerate().rev() {
            let last = i + 1 == kids.len();
            let glyph = if last { "└─ " } else { "├─ " };
            let below = if last { "   " } else { "│  " };
            stack.push((kid, format!("{indent}{glyph}"), format!("{indent}{below}")));
        }
    }
}

/// A column of facts right of the name and title, in the order they are given room.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fact {
    Touch,
    Sentiment,
    Influence,
}

/// How the contact lines are laid out in one width.
struct View<'s> {
    selected: &'s Selected,
    as_of: NaiveDate,
    theme: Theme,
    /// Columns of the name cell, tree glyphs included.
    name: usize,
    /// Columns of the title (by role) or the role (in the tree) after the name; 0 when none.
    extra: usize,
    /// The columns after that, left to right.
    facts: Vec<Fact>,
    tree: bool,
}

impl<'s> View<'s> {
    fn new(
        selected: &'s Selected,
        state: &AppState,
        theme: Theme,
        rows: &[Row<'_>],
        width: usize,
    ) -> Self {
        let (mut longest, mut longest_extra) = (0, 0);
        for row in rows {
            if let Row::Contact { contact, prefix } = row {
                longest = longest.max(prefix.width() + terminal_safe(&contact.name).width());
                let extra = if state.tree {
                    role_short(contact.role).width()
                } else {
                    contact.title.as_deref().map_or(0, |t| terminal_safe(t).width())
                };
                longest_extra = longest_extra.max(extra);
            }
        }
        // Each optional column is taken while the name keeps its minimum: in the tree the role
        // first, then the last touch, the sentiment and the influence.
        let keep = longest.min(MIN_NAME_CELL);
        let mut free = width.saturating_sub(2);
        let mut extra = 0;
        if state.tree && free >= longest_extra + 1 + keep {
            extra = longest_extra;
            free -= longest_extra + 1;
        }
        let mut facts = Vec::new();
        for fact in [Fact::Touch, Fact::Sentiment, Fact::Influence] {
            if free >= fact.width() + keep {
                free -= fact.width();
                facts.insert(0, fact);
            }
        }
        let mut name = free;
        let spare = free.saturating_sub(longest + 1);
        if !state.tree && longest_extra > 0 && spare >= MIN_TITLE {
            (name, extra) = (longest, spare);
        }
        Self { selected, as_of: state.as_of, theme, name, extra, facts, tree: state.tree }
    }

    /// The column header and the rows that fit in `room` lines, ending in "… N more" when some
    /// contacts do not fit, scrolled so that the row at `pick` shows (highlighted).
    fn lines(&self, rows: &[Row<'_>], room: usize, pick: Option<usize>) -> Vec<Line<'static>> {
        if room == 0 {
            return Vec::new();
        }
        let mut lines = vec![self.header()];
        let room = room - 1;
        let mut shown = rows.len().min(room);
        let mut start = 0;
        if shown < rows.len() {
            // Keep a line for the remainder, and never end on a heading without its people.
            shown = room.saturating_sub(1);
            start = pick.map_or(0, |p| (p + 1).saturating_sub(shown));
            while shown > 0 && !rows[start + shown - 1].is_contact() {
                shown -= 1;
            }
        }
        for (i, row) in rows[start..start + shown].iter().enumerate() {
            let mut line = self.row(row);
            if Some(start + i) == pick {
                line.style = self.theme.selected();
            }
            lines.push(line);
        }
        let outside = rows[..start].iter().chain(&rows[start + shown..]);
        let hidden = outside.filter(|r| r.is_contact()).count();
        if hidden > 0 && room > 0 {
            lines.push(Line::styled(format!("… {hidden} more"), self.theme.dim()));
        }
        lines
    }

    fn header(&self) -> Line<'static> {
        let mut text = format!("  {}", fit("contact", self.name));
        if self.extra > 0 {
            text.push(' ');
            text.push_str(&fit(if self.tree { "role" } else { "title" }, self.extra));
        }
        for column in &self.facts {
            text.push_str(match column {
                Fact::Influence => " infl.",
                Fact::Sentiment => " ± ",
                Fact::Touch => "  touch",
            });
        }
        Line::styled(text, self.theme.dim())
    }

    fn row(&self, row: &Row<'_>) -> Line<'static> {
        match row {
            Row::Group(role) => Line::styled(capitalized(role.words()), self.theme.header()),
            Row::Contact { contact, prefix } => self.contact(contact, prefix),
        }
    }

    fn contact(&self, contact: &Contact, prefix: &str) -> Line<'static> {
        let theme = self.theme;
        let left = contact.left_on.filter(|&d| d <= self.as_of);
        let engaged =
            self.selected.detail.score.components.engagement.engaged.contains(&contact.id);
        let mut spans = vec![match (left, engaged) {
            (Some(_), _) => Span::styled("✗ ", theme.alert()),
            (None, true) => Span::styled("✓ ", theme.good()),
            (None, false) => Span::raw("  "),
        }];
        let name_style = if left.is_some() { theme.dim() } else { Style::new() };
        spans.push(Span::styled(prefix.to_owned(), theme.dim()));
        let name = terminal_safe(&contact.name);
        spans.push(Span::styled(fit(&name, self.name.saturating_sub(prefix.width())), name_style));
        if self.extra > 0 {
            let extra = if self.tree {
                role_short(contact.role).into()
            } else {
                contact.title.as_deref().map(terminal_safe).unwrap_or_default()
            };
            spans.push(Span::styled(format!(" {}", fit(&extra, self.extra)), theme.dim()));
        }
        let facts: usize = self.facts.iter().map(|c| c.width()).sum();
        if let Some(day) = left {
            let label =
                if facts >= FACTS_WIDTH { format!("left {day}") } else { "left".to_owned() };
            spans.push(Span::styled(format!("{label:>facts$}"), theme.alert()));
            return Line::from(spans);
        }
        for column in &self.facts {
            spans.push(Span::raw(" "));
            match column {
                Fact::Influence => spans.extend(influence(contact.influence, theme)),
                Fact::Sentiment => spans.push(sentiment(contact.sentiment, theme)),
                Fact::Touch => {
                    let touch = self.last_touch(contact).map(|d| (self.as_of - d).num_days());
                    let quiet = if engaged { Style::new() } else { theme.warn() };
                    let touch = touch.map_or_else(|| "never".to_owned(), |days| format!("{days}d"));
                    spans.push(Span::styled(format!("{touch:>6}"), quiet));
                }
            }
        }
        Line::from(spans)
    }

    /// The later of the contact's last interaction and its imported last-engaged date.
    fn last_touch(&self, contact: &Contact) -> Option<NaiveDate> {
        let touched = self.selected.last_touch.get(&contact.id).copied();
        let engaged = contact.last_engaged.filter(|&d| d <= self.as_of);
        touched.max(engaged)
    }
}

impl Fact {
    /// Columns taken, the separating space included.
    const fn width(self) -> usize {
        match self {
            Self::Influence => 6,
            Self::Sentiment => 3,
            Self::Touch => 7,
        }
    }
}

/// Influence 1-5 as filled and empty dots; a dash when unknown.
fn influence(value: Option<u8>, theme: Theme) -> Vec<Span<'static>> {
    match value {
        Some(n) => {
            let n = usize::from(n.min(5));
            vec![Span::raw("●".repeat(n)), Span::styled("○".repeat(5 - n), theme.dim())]
        }
        None => vec![Span::styled("  –  ", theme.dim())],
    }
}

/// Sentiment -2..2 as a symbol two columns wide: "−−", "−", "·", "+", "++".
fn sentiment(value: Option<i8>, theme: Theme) -> Span<'static> {
    match value {
        Some(v) if v <= -2 => Span::styled("−−", theme.alert()),
        Some(-1) => Span::styled("− ", theme.alert()),
        Some(0) => Span::styled("· ", theme.dim()),
        Some(1) => Span::styled("+ ", theme.good()),
        Some(_) => Span::styled("++", theme.good()),
        None => Span::raw("  "),
    }
}

/// A role in one short word, for the tree.
const fn role_short(role: Role) -> &'static str {
    match role {
        Role::ExecutiveSponsor => "sponsor",
        Role::EconomicBuyer => "buyer",
        Role::Champion => "champion",
        Role::Influencer => "influencer",
        Role::EndUser => "user",
        Role::Other => "other",
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests;
