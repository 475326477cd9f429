//! `csm qbr ACCOUNT --deck`: the customer deck of a fixed enterprise account is a reviewed
//! snapshot; parsed as HTML it has every slide, well-formed SVG charts, no script, no outside
//! reference and none of the internal words; its figures equal the store's, computed here
//! independently; hostile names and texts are text in the HTML and in pandoc's source; an
//! account without usage or goals gets no such slides; a missing tool is named.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};
use std::process::Output;

use binary::{AS_OF, csm, demo_book, run, text};
use chrono::NaiveDate;
use csm::book::ScoredBook;
use csm::config::Config;
use csm::domain::{
    Account, Contact, ContactId, Goal, GoalId, GoalStatus, Milestone, MilestoneId, Priority, Role,
    Ticket, TicketId,
};
use csm::qbr::deck::{ChartKind, DeckChoices, GoalReading, PlanAction, SlideKind};
use csm::store::Store;
use scraper::{Html, Selector};

const ACCOUNT: &str = "Halvorsen Maritime";

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// `csm ARGS --as-of AS_OF --db BOOK`.
fn on(book: &Path, args: &[&str]) -> Output {
    let (home, _) = demo_book();
    csm(home.path()).args(args).args(["--as-of", AS_OF, "--db"]).arg(book).output().unwrap()
}

/// The deck of `account` as HTML, as `csm qbr ACCOUNT --deck` writes it to standard output.
fn deck_html(book: &Path, account: &str) -> String {
    let out = on(book, &["qbr", account, "--deck"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn select(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The slides' ids, in order.
fn slide_ids(html: &Html) -> Vec<String> {
    html.select(&select("section.slide"))
        .map(|s| s.value().attr("id").unwrap().to_owned())
        .collect()
}

/// The visible text of the document, one string.
fn visible(html: &Html) -> String {
    html.select(&select("body")).next().unwrap().text().collect::<Vec<_>>().join(" ")
}

/// Every `<svg>…</svg>` of the HTML as written, each parsed as XML.
fn check_svgs(html: &str) -> usize {
    let mut count = 0;
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        let svg = &rest[start..end];
        let doc = roxmltree::Document::parse(svg)
            .unwrap_or_else(|e| panic!("an SVG is not well-formed XML ({e}): {svg}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(doc.descendants().any(|n| n.has_tag_name("title")), "an SVG without a title");
        count += 1;
        rest = &rest[end..];
    }
    count
}

/// The big figures of slide `id`: label → value.
fn stats(html: &Html, id: &str) -> Vec<(String, String)> {
    let slide = html.select(&select(&format!("section#{id}"))).next().unwrap();
    slide
        .select(&select(".stat"))
        .map(|s| {
            let part = |c: &str| s.select(&select(c)).next().unwrap().text().collect::<String>();
            (part(".label"), part(".value"))
        })
        .collect()
}

fn stat<'a>(stats: &'a [(String, String)], label: &str) -> &'a str {
    &stats.iter().find(|(l, _)| l.starts_with(label)).unwrap_or_else(|| panic!("no {label}")).1
}

#[test]
fn the_deck_of_an_enterprise_account() {
    let (_, db) = demo_book();
    insta::assert_snapshot!("deck_halvorsen_maritime_2026_11_24", deck_html(db, ACCOUNT));
}

/// Words that belong to the internal brief only.
const INTERNAL: [&str; 9] = [
    "health",
    " band",
    "at risk",
    "risk",
    "sentiment",
    "probabilit",
    "external id",
    "detractor",
    "churn",
];

#[test]
fn every_slide_is_there_drawn_safely_without_internal_words() {
    let (_, db) = demo_book();
    let raw = deck_html(db, ACCOUNT);
    let html = Html::parse_document(&raw);
    assert_eq!(
        slide_ids(&html),
        ["title", "agenda", "goals", "wins", "adoption", "support", "joint-plan"],
        "with default choices there are no asks"
    );
    let agenda: Vec<String> =
        html.select(&select("section#agenda li")).map(|li| li.text().collect()).collect();
    assert_eq!(agenda.len(), 5, "{agenda:?}");
    // Three charts (users, features, tickets) and two goal bars.
    assert_eq!(check_svgs(&raw), 5);
    assert_eq!(html.select(&select("svg")).count(), 5);
    for (what, bad) in [("script", "<script"), ("outside reference", "http"), ("link", "<a ")] {
        assert!(!raw.to_lowercase().contains(bad), "a {what} in the deck");
    }
    assert_eq!(html.select(&select("[src], [href], link, img, iframe, object")).count(), 0);
    let words = visible(&html).to_lowercase();
    for word in INTERNAL {
        assert!(!words.contains(word), "{word:?} on a slide");
    }
    // Nor the account's ids.
    let mut store = Store::open(db).unwrap();
    let account = account(&mut store, ACCOUNT);
    assert!(!raw.contains(&account.external_id), "the external id on a slide");
    // Every chart says what it shows in one line.
    for figure in html.select(&select("figure")) {
        let caption: String = figure.select(&select("figcaption")).next().unwrap().text().collect();
        assert!(caption.len() > 10, "{caption}");
    }
    assert!(raw.contains("@media print") && raw.contains("@page{size:13.333in 7.5in"));
}

fn account(store: &mut Store, name: &str) -> Account {
    store.accounts().unwrap().into_iter().find(|a| a.name == name).unwrap()
}

#[test]
fn the_figures_on_the_slides_are_the_stores() {
    let (_, db) = demo_book();
    let html = Html::parse_document(&deck_html(db, ACCOUNT));
    let store = Store::open(db).unwrap();
    let a = store.accounts().unwrap().into_iter().find(|a| a.name == ACCOUNT).unwrap();
    let as_of = date(AS_OF);
    let start = as_of - chrono::Days::new(89);

    // Users: the mean over the quarter's days from the first day of use, against the seats.
    let usage = store.usage(a.id, date("1900-01-01"), as_of).unwrap();
    let first = usage.iter().map(|d| d.date).min().unwrap();
    let from = start.max(first);
    let sum: i64 = usage.iter().filter(|d| d.date >= from).map(|d| d.active_users).sum();
    #[allow(clippy::cast_precision_loss)]
    let mean = sum as f64 / ((as_of - from).num_days() + 1) as f64;
    let seats = a.seats_licensed.unwrap();
    let adoption = stats(&html, "adoption");
    assert_eq!(stat(&adoption, "active users a day"), format!("{}", mean.round()));
    #[allow(clippy::cast_precision_loss)]
    let share = (100.0 * mean / seats as f64).round();
    assert_eq!(stat(&adoption, &format!("of {seats} licensed seats")), format!("{share} %"));

    // Tickets: opened and resolved in the quarter, the median days to resolve.
    let tickets = store.tickets(a.id).unwrap();
    let in_quarter = |d: NaiveDate| start <= d && d <= as_of;
    let opened = tickets.iter().filter(|t| in_quarter(t.opened)).count();
    let closed_on = |t: &Ticket| {
        t.closed.or_else(|| {
            t.status
                .as_deref()
                .filter(|s| s.eq_ignore_ascii_case("solved") || s.eq_ignore_ascii_case("closed"))
                .map(|_| t.opened)
        })
    };
    let mut days: Vec<i64> = tickets
        .iter()
        .filter_map(|t| closed_on(t).filter(|c| in_quarter(*c)).map(|c| (c - t.opened).num_days()))
        .collect();
    days.sort_unstable();
    let support = stats(&html, "support");
    assert_eq!(stat(&support, "tickets opened"), opened.to_string());
    assert_eq!(stat(&support, "tickets resolved"), days.len().to_string());
    let median = days[days.len() / 2];
    let unit = if median == 1 { "day" } else { "days" };
    assert_eq!(stat(&support, "median time to resolve"), format!("{median} {unit}"));

    // Goals: every goal of the plan, the met ones said so.
    let goals = store.goals(a.id).unwrap();
    let met = goals
        .iter()
        .filter(|g| g.status == GoalStatus::Met && g.met_on.is_some_and(|d| d <= as_of))
        .count();
    let lead: String = html.select(&select("section#goals .lead")).next().unwrap().text().collect();
    assert_eq!(lead, format!("{met} of {} goals met", goals.len()));
    let objectives: Vec<String> =
        html.select(&select("section#goals .objective")).map(|o| o.text().collect()).collect();
    let mut expected: Vec<String> = goals.iter().map(|g| g.objective.clone()).collect();
    expected.sort();
    let mut shown = objectives.clone();
    shown.sort();
    assert_eq!(shown, expected);
}

/// Hostile text: HTML, a script, Markdown, Typst and LaTeX code, a URL, bidi and control
/// characters.
const HOSTILE: &str = "<script>alert(1)</script> <b>*Evil*</b> [x](http://e.example) `c` $x$ \
                       \\textbf{b} #set page(width: 1cm) \u{202e}\u{1b}[31m & 'q' \"d\"";

/// The hostile text as it must read on a slide: the same, without the bidi and control
/// characters.
fn hostile_as_text() -> String {
    HOSTILE.replace(['\u{202e}', '\u{1b}'], "")
}

/// A copy of the demo book with an account named by `name`, external id `SCRIPT-1`, holding
/// nothing else: (dir, book).
fn book_with_account(name: &str) -> (tempfile::TempDir, PathBuf) {
    let (home, db) = demo_book();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("book.db");
    std::fs::copy(db, &copy).unwrap();
    let csv = dir.path().join("accounts.csv");
    let quoted = name.replace('"', "\"\"");
    std::fs::write(
        &csv,
        format!("external_id,name,arr,renewal_date\nSCRIPT-1,\"{quoted}\",1000,2027-01-01\n"),
    )
    .unwrap();
    run(csm(home.path())
        .args(["import", "accounts", "--no-playbooks"])
        .arg(&csv)
        .args(["--as-of", AS_OF, "--db"])
        .arg(&copy));
    (dir, copy)
}

/// Gives the account `SCRIPT-1` a goal met this quarter, a milestone done and one open, a
/// champion and a ticket, every text of them hostile.
fn add_hostile_records(book: &Path) {
    let mut store = Store::open(book).unwrap();
    let id =
        store.accounts().unwrap().into_iter().find(|a| a.external_id == "SCRIPT-1").unwrap().id;
    let w = store.writer().unwrap();
    w.insert_goal(&Goal {
        id: GoalId(0),
        account_id: id,
        objective: HOSTILE.to_owned(),
        metric: Some(HOSTILE.to_owned()),
        target: Some("from 40 to 10".to_owned()),
        status: GoalStatus::Met,
        due: Some(date("2026-12-01")),
        met_on: Some(date("2026-11-01")),
        version: 0,
    })
    .unwrap();
    for (done, name) in [(Some(date("2026-10-01")), HOSTILE), (None, "Open step")] {
        w.insert_milestone(&Milestone {
            id: MilestoneId(0),
            account_id: id,
            name: name.to_owned(),
            target_date: Some(date("2027-01-15")),
            completed_on: done,
            skipped_on: None,
            version: 0,
        })
        .unwrap();
    }
    w.insert_contact(&Contact {
        id: ContactId(0),
        account_id: id,
        external_id: None,
        name: HOSTILE.to_owned(),
        title: None,
        email: None,
        role: Role::Champion,
        influence: None,
        sentiment: Some(-2),
        reports_to: None,
        last_engaged: None,
        left_on: None,
        version: 0,
    })
    .unwrap();
    w.insert_ticket(&Ticket {
        id: TicketId(0),
        account_id: id,
        external_id: Some("ZD-SECRET-1".to_owned()),
        opened: date("2026-10-10"),
        closed: Some(date("2026-10-12")),
        priority: Priority::High,
        rating: None,
        status: None,
        subject: Some(HOSTILE.to_owned()),
    })
    .unwrap();
    w.commit().unwrap();
}

#[test]
fn hostile_names_and_texts_are_text_on_every_slide() {
    let (_dir, book) = book_with_account(HOSTILE);
    add_hostile_records(&book);
    let raw = deck_html(&book, "SCRIPT-1");
    assert!(!raw.to_lowercase().contains("<script"), "{raw}");
    assert!(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!raw.contains('\u{202e}') && !raw.contains('\u{1b}'));
    assert!(!raw.contains("ZD-SECRET-1") && !raw.contains("SCRIPT-1"), "an external id");
    let html = Html::parse_document(&raw);
    assert_eq!(html.select(&select("script, a, b, [href], [src]")).count(), 0);
    let title: String = html.select(&select("h1")).next().unwrap().text().collect();
    // A long name is set smaller, and wraps anywhere rather than leave the slide.
    assert_eq!(html.select(&select("h1.long")).count(), 1);
    assert!(raw.contains("overflow-wrap:anywhere"));
    assert_eq!(title, hostile_as_text());
    assert_eq!(
        html.select(&select("title")).next().unwrap().text().collect::<String>(),
        format!("Quarterly business review: {}", hostile_as_text())
    );
    let objective: String =
        html.select(&select("section#goals .objective")).next().unwrap().text().collect();
    assert_eq!(objective, hostile_as_text());
    // The met goal and the milestone done are wins, the champion owns the next step.
    let wins: String = html.select(&select("section#wins")).next().unwrap().text().collect();
    assert!(wins.contains(&format!("Goal met: {}", hostile_as_text())), "{wins}");
    assert!(wins.contains(&format!("Milestone completed: {}", hostile_as_text())), "{wins}");
    let plan: String = html
        .select(&select("section#joint-plan td"))
        .map(|t| t.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("|");
    assert!(plan.contains(&format!("Complete: Open step|{}", hostile_as_text())), "{plan}");
    check_svgs(&raw);
    let words = visible(&html).to_lowercase();
    assert!(!words.contains("sentiment") && !words.contains("-2"));
}

#[test]
fn an_account_without_usage_or_goals_gets_no_such_slides() {
    let (_dir, book) = book_with_account("Quiet Harbour AS");
    let raw = deck_html(&book, "SCRIPT-1");
    let html = Html::parse_document(&raw);
    assert_eq!(slide_ids(&html), ["title"], "nothing measured, nothing planned: the title alone");
    assert_eq!(check_svgs(&raw), 0);
    let words = visible(&html).to_lowercase();
    assert!(!words.contains("no goal") && !words.contains("no data"), "{words}");

    // The demo's account whose product data is not connected: no adoption slide, no usage
    // chart, the rest as usual.
    let (_, db) = demo_book();
    let raw = deck_html(db, "Larkspur Legal Partners");
    let html = Html::parse_document(&raw);
    assert_eq!(slide_ids(&html), ["title", "agenda", "goals", "wins", "support", "joint-plan"]);
    assert_eq!(html.select(&select("figure.chart-active-users, figure.chart-features")).count(), 0);
    assert!(!visible(&html).contains("active users"));
}

#[test]
fn the_csms_choices_shape_the_deck() {
    let (_, db) = demo_book();
    let mut store = Store::open(db).unwrap();
    let config = Config::default();
    let book = ScoredBook::load(&mut store, &config, date(AS_OF)).unwrap();
    let a = account(&mut store, ACCOUNT);
    let goals = store.goals(a.id).unwrap();
    let open = goals.iter().find(|g| g.status == GoalStatus::Open).unwrap();
    let choices = DeckChoices {
        summary: Some(format!("A strong quarter.\n{HOSTILE}")),
        asks: vec!["An introduction to your CFO".to_owned(), HOSTILE.to_owned()],
        joint_plan: vec![PlanAction {
            action: HOSTILE.to_owned(),
            customer_owner: "Kai".to_owned(),
            our_owner: String::new(),
            due: None,
        }],
        goals: Some(vec![open.id]),
        readings: vec![GoalReading { goal: open.id, baseline: None, now: Some(22.0) }],
        charts: Some(vec![ChartKind::Goals]),
        ..DeckChoices::default()
    };
    let source =
        csm::qbr::deck::DeckSource::read(&store, &config, &a, date(AS_OF)).unwrap().unwrap();
    let offered = csm::qbr::deck::candidate_wins(&source);
    assert_eq!(offered.len(), 2, "{offered:?}");
    assert!(offered.iter().all(|w| w.win.is_some()));
    let choices = DeckChoices {
        wins: Some(vec![offered[1].win.unwrap()]),
        extra_wins: vec!["Your team presented at our user conference".to_owned()],
        ..choices
    };
    let deck = csm::qbr::deck::deck(&store, &config, &a, date(AS_OF), &choices).unwrap().unwrap();
    let wins: Vec<&str> =
        deck.slide(SlideKind::Wins).unwrap().points.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(wins, [offered[1].text.as_str(), "Your team presented at our user conference"]);
    // Read for the account alone, it is the deck of what the brief gathers from the scored book.
    let gathered = csm::qbr::gather(&store, &config, &book, a.id).unwrap().unwrap();
    assert_eq!(csm::qbr::deck::deck_of_gathered(&gathered, &choices), deck);
    let kinds: Vec<SlideKind> = deck.slides.iter().map(|s| s.kind).collect();
    assert_eq!(kinds.last(), Some(&SlideKind::Asks));
    let goals_slide = deck.slide(SlideKind::Goals).unwrap();
    assert_eq!(goals_slide.goals.len(), 1, "only the goal picked");
    let bar = goals_slide.goals[0].bar.unwrap();
    assert_eq!((bar.baseline, bar.now, bar.target), (40.0, 22.0, 10.0), "{open:?}");
    assert!(deck.slides.iter().all(|s| s.charts.is_empty()), "no chart but the goals picked");
    let raw = deck.html();
    assert_eq!(check_svgs(&raw), 1, "the goal's bar only");
    let html = Html::parse_document(&raw);
    assert_eq!(html.select(&select("section#asks li")).count(), 2);
    let plan: Vec<String> =
        html.select(&select("section#joint-plan td")).map(|t| t.text().collect()).collect();
    assert_eq!(
        plan,
        [hostile_as_text(), "Kai".to_owned(), "to agree".to_owned(), "to agree".to_owned()]
    );
    let summary: Vec<String> =
        html.select(&select("section#title li")).map(|t| t.text().collect()).collect();
    assert_eq!(summary, ["A strong quarter.".to_owned(), hostile_as_text()]);
    assert!(!raw.to_lowercase().contains("<script"));
}

/// A tool named `name` in `dir` running `body` (with the usual commands on its own PATH).
#[cfg(unix)]
fn fake_tool(dir: &Path, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    let tool = dir.join(name);
    std::fs::write(&tool, format!("#!/bin/sh\nPATH=/usr/bin:/bin\n{body}\n")).unwrap();
    std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// `csm qbr ACCOUNT --deck -o FILE` with `PATH` set to `path`.
fn deck_to(book: &Path, account: &str, file: &Path, path: &Path) -> Output {
    let (home, _) = demo_book();
    csm(home.path())
        .env("PATH", path)
        .args(["qbr", account, "--deck", "-o"])
        .arg(file)
        .args(["--as-of", AS_OF, "--db"])
        .arg(book)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn hostile_texts_stay_text_in_pandocs_source() {
    let (dir, book) = book_with_account(HOSTILE);
    add_hostile_records(&book);
    let tools = tempfile::tempdir().unwrap();
    // Copies its Markdown input where the PPTX should go, and names the charts it was given.
    fake_tool(
        tools.path(),
        "pandoc",
        r#"while [ $# -gt 0 ]; do [ "$1" = "--output" ] && out="$2"; last="$1"; shift; done
cp "$last" "$out" && ls chart-*.png >> "$out""#,
    );
    let file = dir.path().join("deck.pptx");
    let out = deck_to(&book, "SCRIPT-1", &file, tools.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("(by pandoc)"), "{}", text(&out.stdout));
    let source = std::fs::read_to_string(&file).unwrap();
    assert!(source.contains(r"\<script\>alert(1)\</script\>"), "{source}");
    assert!(source.contains(r"\[x\](http\://e.example)"), "{source}");
    assert!(!source.contains('\u{202e}') && !source.contains('\u{1b}'));
    assert!(source.contains("chart-1.png"), "the tickets chart, rasterised: {source}");
    // Real pandoc reads no link, image, code or raw markup in it.
    let Some(pandoc) = csm::qbr::pdf::find_tool("pandoc", std::env::var_os("PATH").as_deref())
    else {
        println!("skipped the real pandoc: not installed");
        return;
    };
    let body: String = source
        .lines()
        .filter(|l| !l.starts_with("chart-") && !l.starts_with("!["))
        .collect::<Vec<_>>()
        .join("\n");
    let md = dir.path().join("source.md");
    std::fs::write(&md, body).unwrap();
    let ast = std::process::Command::new(pandoc)
        .args(["--from=gfm", "--to=json"])
        .arg(&md)
        .output()
        .unwrap();
    let ast = text(&ast.stdout);
    for kind in [
        "\"Link\"",
        "\"Image\"",
        "\"Code\"",
        "\"CodeBlock\"",
        "\"RawInline\"",
        "\"RawBlock\"",
        "\"Math\"",
    ] {
        assert!(!ast.contains(kind), "{kind} in pandoc's reading of the deck");
    }
}

#[test]
fn the_deck_is_written_to_a_file_and_a_missing_tool_is_named() {
    let (_, db) = demo_book();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.html");
    let out = deck_to(db, ACCOUNT, &file, Path::new(""));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .starts_with(&format!("wrote {}: the QBR deck of {ACCOUNT}", file.display()))
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("<!DOCTYPE html>") && written.contains("<section class=\"slide"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    for (name, needs) in
        [("x.pdf", "install typst, or pandoc and xelatex"), ("x.pptx", "Debian: pandoc")]
    {
        let target = dir.path().join(name);
        let out = deck_to(db, ACCOUNT, &target, Path::new(""));
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert!(err.contains("needs") && err.contains(needs), "{err}");
        assert!(!target.exists());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no working file is left");
    let out = on(db, &["qbr", ACCOUNT, "--deck", "--pdf", "-o", "x.md"]);
    assert!(!out.status.success(), "--deck and --pdf are two different documents");
}

#[test]
fn every_account_of_the_demo_book_gets_a_clean_deck() {
    let (_, db) = demo_book();
    let store = Store::open(db).unwrap();
    let config = Config::default();
    let choices = DeckChoices::default();
    let mut with_charts = 0;
    // The demo's former customers have no QBR ahead: their decks are not for showing.
    let churned = store.churned_at(date(AS_OF)).unwrap();
    for a in store.accounts().unwrap().into_iter().filter(|a| !churned.contains(&a.id)) {
        let deck =
            csm::qbr::deck::deck(&store, &config, &a, date(AS_OF), &choices).unwrap().unwrap();
        let raw = deck.html();
        let svgs = check_svgs(&raw);
        with_charts += usize::from(svgs > 0);
        let html = Html::parse_document(&raw);
        let words = visible(&html).to_lowercase();
        for word in INTERNAL.iter().chain(&["no goal", "no data"]) {
            assert!(!words.contains(word), "{word:?} in the deck of {}", a.name);
        }
        let broken = words.split_whitespace().find(|w| ["nan", "inf", "-inf"].contains(w));
        assert_eq!(broken, None, "a figure that is not a number in the deck of {}", a.name);
        assert!(!raw.contains(&a.external_id), "the external id of {}", a.name);
        assert_eq!(html.select(&select("section.slide")).count(), deck.slides.len());
        // Every chart drawn has something to draw.
        for chart in deck.slides.iter().flat_map(|s| &s.charts) {
            let values: Vec<f64> = match &chart.figure {
                csm::qbr::deck::Figure::Lines { series, .. }
                | csm::qbr::deck::Figure::Bars { series, .. } => {
                    series.iter().flat_map(|s| s.values.iter().flatten().copied()).collect()
                }
            };
            assert!(values.iter().any(|v| *v > 0.0), "an empty chart in the deck of {}", a.name);
        }
    }
    assert!(with_charts > 30, "{with_charts}");
}

#[cfg(unix)]
#[test]
fn a_pdf_deck_is_set_by_typst_when_installed_with_hostile_texts_as_text() {
    let (dir, book) = book_with_account(HOSTILE);
    add_hostile_records(&book);
    let tools = tempfile::tempdir().unwrap();
    // `typst compile deck.typ deck.pdf`: copies the source where the PDF goes, and names the
    // charts it was given.
    fake_tool(tools.path(), "typst", r#"cp "$2" "$3" && ls chart-*.svg >> "$3""#);
    let file = dir.path().join("deck.pdf");
    let out = deck_to(&book, "SCRIPT-1", &file, tools.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("(by typst)"), "{}", text(&out.stdout));
    let source = std::fs::read_to_string(&file).unwrap();
    assert!(source.starts_with("#set page(width: 33.867cm, height: 19.05cm"), "{source}");
    assert!(source.contains(r"\<script\>alert(1)\<\/script\>"), "{source}");
    assert!(source.contains(r"\#set page(width: 1cm)"), "{source}");
    assert!(source.contains(r"http:\/\/e.example"), "{source}");
    assert!(!source.contains('\u{202e}') && !source.contains('\u{1b}'));
    assert!(source.contains("image(\"chart-1.svg\"") && source.contains("\nchart-1.svg"));

    // A typst that fails is reported with what it said.
    fake_tool(tools.path(), "typst", "echo 'error: unknown font' >&2; exit 1");
    let out = deck_to(&book, "SCRIPT-1", &dir.path().join("failed.pdf"), tools.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("typst could not write the deck") && err.contains("unknown font"),
        "{err}"
    );
}

/// Where `name` is installed on this machine's PATH, if it is.
fn installed(name: &str) -> Option<PathBuf> {
    csm::qbr::pdf::find_tool(name, std::env::var_os("PATH").as_deref())
}

#[test]
fn real_pandoc_sets_hostile_texts_as_text_in_the_pptx_and_the_pdf() {
    if installed("pandoc").is_none() {
        println!("skipped: pandoc is not installed");
        return;
    }
    let (dir, book) = book_with_account(HOSTILE);
    add_hostile_records(&book);
    let path = std::env::var_os("PATH").unwrap();
    let pptx = dir.path().join("deck.pptx");
    let out = deck_to(&book, "SCRIPT-1", &pptx, Path::new(&path));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A PPTX is a zip of XML: the slides hold the text escaped, the chart as a PNG.
    let listing = std::process::Command::new("unzip").arg("-l").arg(&pptx).output();
    if let Some(listing) = listing.ok().filter(|l| l.status.success()) {
        assert!(
            text(&listing.stdout).contains("ppt/media/image1.png"),
            "{}",
            text(&listing.stdout)
        );
    }
    let (Some(pdftotext), true) =
        (installed("pdftotext"), installed("xelatex").is_some() || installed("lualatex").is_some())
    else {
        println!("skipped the PDF: no LaTeX engine or no pdftotext");
        return;
    };
    let pdf = dir.path().join("deck.pdf");
    let out = deck_to(&book, "SCRIPT-1", &pdf, Path::new(&path));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let words = std::process::Command::new(pdftotext).arg(&pdf).arg("-").output().unwrap();
    let words = text(&words.stdout);
    assert!(words.contains("<script>alert(1)</script>"), "{words}");
    assert!(words.contains(r"\textbf{b}"), "LaTeX code is text: {words}");
}

#[test]
fn the_deck_takes_the_texts_and_choices_of_the_open_qbr() {
    let (_, shared) = demo_book();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("copy.db");
    std::fs::copy(shared, &db).unwrap();
    let mut store = Store::open(&db).unwrap();
    let account = store.accounts().unwrap().into_iter().find(|a| a.name == ACCOUNT).unwrap();
    let choices = DeckChoices {
        summary: Some("Prepared in the workspace <script>x</script>".into()),
        asks: vec!["A sponsor for the finance rollout".into()],
        ..DeckChoices::default()
    };
    let w = store.writer().unwrap();
    w.insert_qbr(
        &csm::qbr::record::QbrRecord { choices, ..csm::qbr::record::QbrRecord::new(account.id) },
        false,
    )
    .unwrap();
    w.commit().unwrap();
    drop(store);
    let html = deck_html(&db, ACCOUNT);
    let parsed = Html::parse_document(&html);
    let text = visible(&parsed);
    assert!(text.contains("Prepared in the workspace <script>x</script>"), "{text}");
    assert!(text.contains("A sponsor for the finance rollout"));
    assert_eq!(parsed.select(&select("script")).count(), 0);
}
