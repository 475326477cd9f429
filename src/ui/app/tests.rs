//! The workspace's start: the playbooks run once on opening, and which scorings are announced.

use super::scoring_notice;

#[test]
fn opening_the_workspace_runs_the_playbooks_once() {
    use super::super::keymap::{Keymap, KeymapOverrides};
    use super::super::testing::{as_of, on_each_engine, two_demo_stores};
    use super::{App, Theme};
    use crate::config::Config;
    use crate::store::Store;

    on_each_engine("opening_the_workspace_runs_the_playbooks_once", || {
        // Two workspaces opened one after the other on one book.
        let (_dir, first, second) = two_demo_stores();
        let open = |store: Store| {
            let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
            App::open(store, Config::default(), keymap, Theme::monochrome(), as_of()).unwrap()
        };

        let app = open(first);
        let made: Vec<_> =
            app.store().open_todos().unwrap().into_iter().filter(|t| t.rule.is_some()).collect();
        assert!(!made.is_empty());
        assert_eq!(app.state.status, format!("playbooks: {} todos created", made.len()));
        // A week's work for a book of 60 accounts, due from today to a week ahead, made today.
        assert!(made.len() < 60, "{} todos", made.len());
        let week = as_of() + chrono::Days::new(7);
        assert!(made.iter().all(|t| t.due.is_some_and(|d| as_of() <= d && d <= week)));
        assert!(made.iter().all(|t| t.created_on == as_of()));
        // The first frame counts them: the book was read after the run.
        let counted: u32 =
            app.state.book.scored.accounts.iter().map(|e| e.summary.open_todos).sum();
        let all = app.store().open_todos().unwrap();
        assert_eq!(counted as usize, all.iter().filter(|t| t.account_id.is_some()).count());

        let again = open(second);
        assert_eq!(again.store().open_todos().unwrap().len(), all.len(), "nothing new");
        assert_eq!(again.state.status, "");
    });
}

#[test]
fn only_a_long_scoring_is_announced() {
    let as_of = "2026-11-24".parse().unwrap();
    assert_eq!(scoring_notice(0, as_of), None);
    assert_eq!(scoring_notice(999, as_of), None);
    assert_eq!(
        scoring_notice(100_000, as_of).as_deref(),
        Some("scoring 100,000 accounts for 2026-11-24…")
    );
    assert_eq!(
        scoring_notice(1_000, as_of).as_deref(),
        Some("scoring 1,000 accounts for 2026-11-24…")
    );
}
