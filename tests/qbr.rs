//! `csm qbr` on the demo book: the brief of a fixed enterprise account is a reviewed snapshot,
//! its figures equal `csm report --json` for the same date, hostile names come out escaped, and
//! accounts are found by name or external id with clear errors otherwise. `--pdf` says what to
//! install when no tool is found, and drives the tool it finds.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};
use std::process::Output;

use binary::{AS_OF, csm, demo_book, run, text};
use serde_json::Value;

/// `csm ARGS --as-of AS_OF --db DEMO` on the shared demo book.
fn on_demo(args: &[&str]) -> Output {
    let (dir, db) = demo_book();
    csm(dir.path()).args(args).args(["--as-of", AS_OF, "--db"]).arg(db).output().unwrap()
}

fn brief(account: &str) -> String {
    let out = on_demo(&["qbr", account]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn the_brief_of_an_enterprise_account() {
    insta::assert_snapshot!("halvorsen_maritime_2026_11_24", brief("Halvorsen Maritime"));
}

/// The value of a two-column row `| label | value |` of the brief.
fn cell<'a>(brief: &'a str, label: &str) -> &'a str {
    let prefix = format!("| {label} | ");
    let line = brief
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no row {label:?} in the brief"));
    line[prefix.len()..].split(" | ").next().unwrap().trim_end_matches(" |")
}

#[test]
fn the_figures_equal_the_report_for_the_same_date() {
    let out = on_demo(&["report", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let accounts = report["accounts"].as_array().unwrap();
    // A watch account with a renewal in the proposal phase, a healthy one, an at-risk one and
    // an overdue renewal; each found by its external id.
    for name in [
        "Halvorsen Maritime",
        "Northwind Logistics",
        "Stonegate Industries",
        "Tidewater Credit Union",
    ] {
        let a = accounts.iter().find(|a| a["name"] == name).unwrap();
        let brief = brief(a["external_id"].as_str().unwrap());
        assert!(brief.starts_with(&format!("# Quarterly business review: {name}\n")), "{brief}");

        let band = a["band"].as_str().unwrap().replace('_', " ");
        assert_eq!(cell(&brief, "Health"), format!("{} ({band})", a["health"]), "{name}");
        assert_eq!(cell(&brief, "**Health**"), format!("**{} ({band})**", a["health"]), "{name}");
        assert_eq!(cell(&brief, "30-day change"), format!("{:+}", a["delta_30"].as_i64().unwrap()));
        let dollars = cell(&brief, "ARR").trim_start_matches('$').replace(',', "");
        assert_eq!(dollars.parse::<i64>().unwrap() * 100, a["arr_cents"].as_i64().unwrap());
        let r = &a["renewal"];
        assert_eq!(
            cell(&brief, "Renewal"),
            format!(
                "{}, {} days ({})",
                r["date"].as_str().unwrap(),
                r["days"],
                r["phase"].as_str().unwrap()
            ),
            "{name}"
        );
        assert_eq!(cell(&brief, "Open todos"), a["open_todos"].to_string());
        for (label, key) in [
            ("Usage", "usage"),
            ("Adoption", "adoption"),
            ("Support", "support"),
            ("Engagement", "engagement"),
        ] {
            let shown = cell(&brief, label);
            let expected = a["components"][key]
                .as_f64()
                .map_or_else(|| "no data".to_owned(), |v| format!("{v:.1}"));
            assert_eq!(shown, expected, "{name} {label}");
        }
    }
}

#[test]
fn accounts_are_found_by_name_fragment_or_external_id() {
    let by_name = brief("societe lumiere");
    assert!(by_name.starts_with("# Quarterly business review: Société Lumière\n"));
    assert_eq!(brief("SOCIÉTÉ LUMIÈRE"), by_name);
    assert_eq!(brief("0015g00000d1t9D2lX"), brief("halvorsen maritime"));
}

#[test]
fn ambiguous_and_unknown_accounts_are_errors_naming_the_candidates() {
    let out = on_demo(&["qbr", "halvorsen"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.starts_with("csm: “halvorsen” matches 3 accounts: "), "{err}");
    assert!(err.contains("Halvorsen Maritime (0015g00000d1t9D2lX)"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let out = on_demo(&["qbr", "Halvorson Maritme"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.starts_with("csm: no account matches “Halvorson Maritme”; nearest: "), "{err}");
    assert!(err.contains("Halvorsen Maritime"), "{err}");
}

#[test]
fn output_writes_the_file_and_replaces_an_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("brief.md");
    std::fs::write(&file, "old").unwrap();
    let out = on_demo(&["qbr", "Northwind Logistics", "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("wrote {}: the QBR brief of Northwind Logistics as of {AS_OF}\n", file.display())
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), brief("Northwind Logistics"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no working file is left");
}

/// `csm qbr ACCOUNT -o FILE --pdf` with `PATH` set to `path` only.
fn pdf(path: &Path, file: &Path) -> Output {
    let (home, db) = demo_book();
    csm(home.path())
        .env("PATH", path)
        .args(["qbr", "Halvorsen Maritime", "--pdf", "-o"])
        .arg(file)
        .args(["--as-of", AS_OF, "--db"])
        .arg(db)
        .output()
        .unwrap()
}

#[test]
fn pdf_without_a_tool_says_what_to_install_and_keeps_the_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("brief.md");
    let out = pdf(Path::new(""), &file);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("--pdf needs typst"), "{err}");
    assert!(err.contains("install typst"), "{err}");
    assert!(err.contains(&format!("the Markdown brief is written to {}", file.display())), "{err}");
    assert!(file.exists());
    assert!(!file.with_extension("pdf").exists());

    let out = on_demo(&["qbr", "Halvorsen Maritime", "--pdf"]);
    assert!(!out.status.success(), "--pdf needs -o");

    // An output named .pdf asks for the PDF even without --pdf: never a silent success.
    let (home, db) = demo_book();
    let target = dir.path().join("named.pdf");
    let out = csm(home.path())
        .env("PATH", "")
        .args(["qbr", "Halvorsen Maritime", "-o"])
        .arg(&target)
        .args(["--as-of", AS_OF, "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--pdf needs typst"), "{}", text(&out.stderr));
    assert!(!target.exists());
}

/// A tool named `name` in `dir` running `body` (with the usual commands on its own PATH).
fn fake_tool(dir: &Path, name: &str, body: &str) -> PathBuf {
    let tool = dir.join(name);
    std::fs::write(&tool, format!("#!/bin/sh\nPATH=/usr/bin:/bin\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    tool
}

#[cfg(unix)]
#[test]
fn pdf_is_rendered_by_pandoc_and_its_failure_is_reported() {
    let tools = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Writes its arguments and its Markdown input where the PDF should go.
    fake_tool(
        tools.path(),
        "pandoc",
        r#"for a; do last="$a"; done
while [ $# -gt 0 ]; do [ "$1" = "--output" ] && out="$2"; shift; done
cat "$last" > "$out""#,
    );
    // The engine pandoc would run; never run by the stand-in.
    fake_tool(tools.path(), "pdflatex", "exit 1");
    let file = dir.path().join("brief.pdf");
    let out = pdf(tools.path(), &file);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "wrote {} (PDF by pandoc): the QBR brief of Halvorsen Maritime as of {AS_OF}\n",
            file.display()
        )
    );
    // Only the PDF for a .pdf output, made from the Markdown brief.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), brief("Halvorsen Maritime"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no working file is left");
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the PDF is private");
    }

    fake_tool(
        tools.path(),
        "pandoc",
        "echo 'pdflatex not found. Please select a different --pdf-engine' >&2\nexit 43",
    );
    let out = pdf(tools.path(), &dir.path().join("again.md"));
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("pandoc could not render the PDF"), "{err}");
    assert!(err.contains("pdflatex not found"), "{err}");
    assert!(!dir.path().join("again.pdf").exists());
}

#[cfg(unix)]
#[test]
fn pdf_falls_back_to_typst_on_the_briefs_typst_markup() {
    let tools = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    fake_tool(tools.path(), "typst", r#"[ "$1" = compile ] && cat "$2" > "$3""#);
    let out = pdf(tools.path(), &dir.path().join("brief.md"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let typ = std::fs::read_to_string(dir.path().join("brief.pdf")).unwrap();
    assert!(typ.starts_with("#set page("), "{typ}");
    assert!(typ.contains("= Quarterly business review: Halvorsen Maritime\n"), "{typ}");
}

#[cfg(unix)]
#[test]
fn pdf_prefers_typst_even_beside_a_pandoc_too_old_to_drive_it() {
    let tools = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Debian's pandoc 2.17: it knows no typst engine.
    fake_tool(
        tools.path(),
        "pandoc",
        "echo 'pandoc 2.17.1.1'; echo 'Unknown option --pdf-engine=typst' >&2; exit 6",
    );
    fake_tool(tools.path(), "typst", r#"[ "$1" = compile ] && cat "$2" > "$3""#);
    let file = dir.path().join("brief.pdf");
    let out = pdf(tools.path(), &file);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("(PDF by typst)"), "{}", text(&out.stdout));
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("#set page("));
}

/// A copy of the demo book with an account named `name` (external id `SCRIPT-1`): (dir, book).
fn book_with_account(name: &str) -> (tempfile::TempDir, PathBuf) {
    let (home, db) = demo_book();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("book.db");
    std::fs::copy(db, &copy).unwrap();
    let csv = dir.path().join("accounts.csv");
    std::fs::write(
        &csv,
        format!("external_id,name,arr,renewal_date\nSCRIPT-1,\"{name}\",1000,2027-01-01\n"),
    )
    .unwrap();
    run(csm(home.path())
        .args(["import", "accounts"])
        .arg(&csv)
        .args(["--as-of", AS_OF, "--db"])
        .arg(&copy));
    (dir, copy)
}

#[cfg(unix)]
#[test]
fn pdf_with_pandoc_uses_a_unicode_engine_and_pdflatex_only_for_latin() {
    let tools = tempfile::tempdir().unwrap();
    // Writes its arguments where the PDF should go; fails with xelatex when told to.
    fake_tool(
        tools.path(),
        "pandoc",
        r#"args="$*"
case "$args" in *xelatex*) [ -e "$(dirname "$0")/xelatex-broken" ] && exit 43;; esac
while [ $# -gt 0 ]; do [ "$1" = "--output" ] && out="$2"; shift; done
echo "$args" > "$out""#,
    );
    fake_tool(tools.path(), "pdflatex", "exit 1");
    let (dir, book) = book_with_account("Газпром Нефть");
    let target = dir.path().join("brief.pdf");
    let render = || {
        csm(dir.path())
            .env("PATH", tools.path())
            .args(["qbr", "SCRIPT-1", "-o"])
            .arg(&target)
            .args(["--as-of", AS_OF, "--db"])
            .arg(&book)
            .output()
            .unwrap()
    };
    let out = render();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "csm: the brief holds letters beyond Latin (such as Cyrillic, Greek or CJK) that pdflatex \
         cannot set: install typst (https://typst.app) or xelatex (Debian: texlive-xetex)\n"
    );
    assert!(!target.exists());

    // xelatex, but no font with Cyrillic letters: it would leave them out.
    fake_tool(tools.path(), "xelatex", "exit 1");
    fake_tool(tools.path(), "fc-list", "echo 'DejaVu Sans'");
    let out = render();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("install typst (https://typst.app) or fonts-dejavu-core"));

    fake_tool(
        tools.path(),
        "fc-list",
        "echo 'DejaVu Sans'; echo 'DejaVu Serif,DejaVu Serif Condensed'",
    );
    let out = render();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let args = std::fs::read_to_string(&target).unwrap();
    let engine = tools.path().join("xelatex");
    assert!(args.contains(&format!("--pdf-engine={}", engine.display())), "{args}");
    assert!(args.contains("--variable mainfont=DejaVu Serif "), "{args}");

    // A Latin brief goes to pdflatex when it is the only engine, or the others fail.
    std::fs::write(tools.path().join("xelatex-broken"), "").unwrap();
    let latin = dir.path().join("latin.pdf");
    let out = pdf(tools.path(), &latin);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let engine = tools.path().join("pdflatex");
    let args = std::fs::read_to_string(&latin).unwrap();
    assert!(args.contains(&format!("--pdf-engine={}", engine.display())), "{args}");
}

#[test]
fn a_hostile_name_is_escaped_and_cleaned() {
    let (home, db) = demo_book();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("book.db");
    std::fs::copy(db, &copy).unwrap();
    let csv = dir.path().join("accounts.csv");
    let hostile = "- *Evil* [x](http://e) <b>|# `c` \u{202e}\u{1b}[31m_1. $x$";
    std::fs::write(
        &csv,
        format!("external_id,name,arr,renewal_date\nEVIL-1,\"{hostile}\",1000,2027-01-01\n"),
    )
    .unwrap();
    run(csm(home.path())
        .args(["import", "accounts"])
        .arg(&csv)
        .args(["--as-of", AS_OF, "--db"])
        .arg(&copy));
    let out = csm(home.path())
        .args(["qbr", "EVIL-1", "--as-of", AS_OF, "--db"])
        .arg(&copy)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let brief = text(&out.stdout);
    let escaped = r"- \*Evil\* \[x\](http\://e) \<b\>\|\# \`c\` \[31m\_1. \$x\$";
    assert_eq!(brief.lines().next().unwrap(), format!("# Quarterly business review: {escaped}"));
    // Where the name starts a line, its dash cannot start a list.
    let summary = brief.lines().find(|l| l.contains(" ARR) is ")).unwrap();
    assert!(summary.starts_with(&format!("\\{escaped} ($1,000 ARR")), "{summary}");
    assert!(!brief.chars().any(|c| c.is_control() && c != '\n'), "{brief}");
    assert!(!brief.contains('\u{202e}'));
    // Every table row still has its columns.
    for line in brief.lines().filter(|l| l.starts_with("| ")) {
        let cells = line.matches(" | ").count() - line.matches(r"\| ").count();
        assert!(cells >= 1, "{line}");
    }
}

/// Where `name` is installed on this machine's PATH, if it is.
fn installed(name: &str) -> Option<PathBuf> {
    csm::qbr::pdf::find_tool(name, std::env::var_os("PATH").as_deref())
}

/// The pandoc AST node kinds that would make imported text act: links, images, code, raw HTML.
const LIVE: [&str; 6] =
    ["\"Link\"", "\"Image\"", "\"Code\"", "\"CodeBlock\"", "\"RawInline\"", "\"RawBlock\""];

#[test]
fn urls_in_imported_text_never_become_links_through_real_pandoc() {
    let Some(pandoc) = installed("pandoc") else {
        println!("skipped: pandoc is not installed");
        return;
    };
    let name = "Acme https://evil.example/a www.evil.example ceo@evil.example \
                [x](http://evil.example/b) <http://evil.example/c> ![i](https://evil.example/i.png) \
                mailto:ceo@evil.example     code";
    let (dir, book) = book_with_account(name);
    let out = csm(dir.path())
        .args(["qbr", "SCRIPT-1", "--as-of", AS_OF, "--db"])
        .arg(&book)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let markdown = dir.path().join("brief.md");
    std::fs::write(&markdown, &out.stdout).unwrap();
    let ast = std::process::Command::new(&pandoc)
        .args(["--from=gfm", "--to=json"])
        .arg(&markdown)
        .output()
        .unwrap();
    assert!(ast.status.success(), "{}", text(&ast.stderr));
    let ast = text(&ast.stdout);
    for kind in LIVE {
        assert!(!ast.contains(kind), "{kind} in pandoc's reading of the brief");
    }
    // The text itself is all there, as text.
    let plain = std::process::Command::new(&pandoc)
        .args(["--from=gfm", "--to=plain", "--wrap=none"])
        .arg(&markdown)
        .output()
        .unwrap();
    assert!(
        text(&plain.stdout)
            .contains("Acme https://evil.example/a www.evil.example ceo@evil.example")
    );

    // And the PDF, where an engine is installed: no URI annotation.
    let Some(qpdf) = installed("qpdf") else {
        println!("skipped the PDF: qpdf is not installed to read it");
        return;
    };
    let pdf = dir.path().join("brief.pdf");
    let out = csm(dir.path())
        .args(["qbr", "SCRIPT-1", "-o"])
        .arg(&pdf)
        .args(["--as-of", AS_OF, "--db"])
        .arg(&book)
        .output()
        .unwrap();
    if !out.status.success() {
        println!("skipped the PDF: {}", text(&out.stderr));
        return;
    }
    let open = dir.path().join("open.pdf");
    let expanded = std::process::Command::new(qpdf)
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg(&open)
        .status()
        .unwrap();
    assert!(expanded.success());
    let bytes = std::fs::read(&open).unwrap();
    assert!(!bytes.windows(4).any(|w| w == b"/URI"), "the PDF holds a link");
}
