//! The long work reports how far it has gone: a demo book account by account, a cold scoring
//! pass slice by slice, a JSON export account by account; a warm book reports nothing.

use chrono::NaiveDate;

use super::testing::{Recorded, Told};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::demo::{DemoOptions, generate_watched};
use crate::store::Store;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

/// The stages begun, and whether each ran to its total with counts that only grow.
fn stages(told: &[Told]) -> Vec<(String, u64, bool)> {
    let mut stages: Vec<(String, u64, bool)> = Vec::new();
    let mut last = 0;
    for told in told {
        match told {
            Told::Begin(what, total) => {
                stages.push((what.clone(), *total, *total == 0));
                last = 0;
            }
            Told::Reached(done) => {
                let stage = stages.last_mut().expect("a report after a stage began");
                assert!(*done > last && *done <= stage.1, "{done} after {last} of {}", stage.1);
                last = *done;
                stage.2 = *done == stage.1;
            }
        }
    }
    stages
}

#[test]
fn a_demo_book_a_cold_scoring_and_an_export_report_their_progress() {
    let mut store = Store::open_in_memory().expect("store");
    let watch = Recorded::default();
    let options = DemoOptions { accounts: 90, ..DemoOptions::new(as_of()) };
    let summary = generate_watched(&mut store, &options, &watch).expect("demo");
    let told = watch.told();
    // The former customers are in the book (churned), so scoring counts them too.
    let all = 90 + summary.former_accounts as u64;
    assert_eq!(
        stages(&told),
        [
            ("writing the demo book".to_owned(), 90, true),
            ("writing the history".to_owned(), all, true)
        ]
    );
    // One report per account, then the former customers at once and each active account's
    // history.
    assert_eq!(told.len(), 91 + 92, "one report per account");

    let watch = Recorded::default();
    let config = Config::default();
    let book = ScoredBook::load_watched(&mut store, &config, as_of(), &watch).expect("scored");
    assert_eq!(book.rescored as u64, all);
    assert_eq!(stages(&watch.told()), [("scoring".to_owned(), all, true)]);

    let watch = Recorded::default();
    ScoredBook::load_watched(&mut store, &config, as_of(), &watch).expect("warm");
    assert_eq!(watch.told(), [], "a warm book scores nothing and says nothing");

    let watch = Recorded::default();
    let mut out = Vec::new();
    let written =
        crate::export::json_watched(&store, &book, "USD", &mut out, &watch).expect("export");
    assert_eq!(written as u64, all);
    assert_eq!(stages(&watch.told()), [("exporting".to_owned(), all, true)]);
}
