//! The model check's steps through `update`: the backtest is asked for as an effect when the
//! view opens (never computed in `update` nor while drawing), kept per lead, and a result for a
//! history that changed meanwhile is dropped and asked for again.

use super::*;
use crate::book::ScoredBook;
use crate::ui::action::Action;
use crate::ui::msg::Msg;
use crate::ui::testing::{as_of, on_each_engine, store_with_history};
use crate::ui::update::update;
use crate::ui::view_state::ViewState;

#[test]
fn opening_asks_for_the_backtest_and_takes_it_in_when_current() {
    on_each_engine("opening_asks_for_the_backtest_and_takes_it_in_when_current", || {
        let mut store = store_with_history(20);
        let config = Config::default();
        let book = ScoredBook::load(&mut store, &config, as_of()).unwrap();
        let mut state = AppState::new(book, "USD".to_owned(), Vec::new());
        let mut view_state = ViewState::default();
        let mut send = |state: &mut AppState, store: &mut Store, msg: Msg| {
            update(state, &mut view_state, store, &config, msg).unwrap()
        };

        let effects = send(&mut state, &mut store, Msg::Action(Action::ShowModelCheck));
        assert_eq!(effects, [Effect::CheckModel { lead: 90, generation: 0 }]);
        assert_eq!((state.model_check.running, state.model_check.result(90)), (Some(90), None));
        assert_eq!(state.status, CHECKING);
        // Another message while it runs asks for nothing more.
        let effects = send(&mut state, &mut store, Msg::Action(Action::SelectNext));
        assert!(effects.is_empty(), "{effects:?}");

        // The book is read again meanwhile: the result of the older history is dropped, and the
        // backtest asked for again.
        let old = run(&mut store, &config, as_of(), 90, 0);
        send(&mut state, &mut store, Msg::Action(Action::Refresh));
        assert_eq!(state.model_check.generation, 1);
        let effects = send(&mut state, &mut store, Msg::ModelChecked(old));
        assert_eq!(effects, [Effect::CheckModel { lead: 90, generation: 1 }]);
        assert!(state.model_check.result(90).is_none());

        let current = run(&mut store, &config, as_of(), 90, 1);
        let effects = send(&mut state, &mut store, Msg::ModelChecked(current));
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(state.model_check.result(90).map(|b| b.count), Some(20));
        assert_ne!(state.status, CHECKING, "the status line no longer says it checks");
    });
}

#[test]
fn a_failure_is_said_and_tried_again_when_the_view_opens_again() {
    on_each_engine("a_failure_is_said_and_tried_again_when_the_view_opens_again", || {
        let mut store = store_with_history(3);
        let config = Config::default();
        let book = ScoredBook::load(&mut store, &config, as_of()).unwrap();
        let mut state = AppState::new(book, "USD".to_owned(), Vec::new());
        let mut view_state = ViewState::default();
        let mut send = |state: &mut AppState, store: &mut Store, msg: Msg| {
            update(state, &mut view_state, store, &config, msg).unwrap()
        };
        send(&mut state, &mut store, Msg::Action(Action::ShowModelCheck));
        let failed = Checked { lead: 90, generation: 0, result: Err("disk gone".to_owned()) };
        let effects = send(&mut state, &mut store, Msg::ModelChecked(failed));
        assert!(effects.is_empty());
        assert_eq!(state.status, "the model check failed: disk gone");
        let effects = send(&mut state, &mut store, Msg::Action(Action::ShowModelCheck));
        assert_eq!(effects, [Effect::CheckModel { lead: 90, generation: 0 }]);
    });
}
