//! Every pane zoomed at 80x24, and the explanations a CSM reads there: every signal reason,
//! component input and band lift of an account is on screen in full, scrolled to if need be.

use crate::domain::terminal_safe;
use crate::ui::action::Action;
use crate::ui::testing::{buffer_lines, demo_app, draw, on_each_engine};
use crate::ui::{App, PaneId};

/// The text inside the body's border at 80x24, its rows joined by spaces, runs of spaces as one.
fn body_text(app: &App) -> String {
    let terminal = draw(app, 80, 24);
    let lines = buffer_lines(terminal.backend().buffer());
    let inner: Vec<String> =
        lines[2..22].iter().map(|l| l.chars().skip(1).take(78).collect()).collect();
    collapse(&inner.join(" "))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_pane_zoomed_at_80x24() {
    on_each_engine("every_pane_zoomed_at_80x24", || {
        for pane in PaneId::ALL {
            let mut app = demo_app();
            while app.state.focus != pane {
                app.apply(Action::FocusNext).unwrap();
            }
            app.apply(Action::ToggleZoom).unwrap();
            let name = format!("zoomed_{}_80x24", pane.section());
            insta::assert_snapshot!(name, draw(&app, 80, 24).backend());
        }
    });
}

#[test]
fn the_zoomed_health_pane_shows_every_reason_input_and_lift_of_the_first_three_accounts() {
    on_each_engine(
        "the_zoomed_health_pane_shows_every_reason_input_and_lift_of_the_first_three_accounts",
        || {
            let mut app = demo_app();
            app.apply(Action::FocusNext).unwrap();
            app.apply(Action::ToggleZoom).unwrap();
            for account in 0..3 {
                if account > 0 {
                    // The next account of the list, as the list's keys select it.
                    app.apply(Action::FocusPrev).unwrap();
                    app.apply(Action::SelectNext).unwrap();
                    app.apply(Action::FocusNext).unwrap();
                }
                let detail = app.state.book.detail.as_ref().unwrap().detail.clone();
                // Read the pane a page at a time down to its end.
                let mut read = body_text(&app);
                for _ in 0..20 {
                    app.apply(Action::PageDown).unwrap();
                    read.push(' ');
                    read.push_str(&body_text(&app));
                }
                let read = collapse(&read);
                let name = &detail.facts.account.name;
                assert!(!detail.score.signals.is_empty(), "{name} has signals to read");
                for signal in &detail.score.signals {
                    let reason = collapse(&terminal_safe(&signal.reason));
                    assert!(
                        read.contains(&reason),
                        "{name}: {reason:?} is not on screen in full:\n{read}"
                    );
                }
                for component in &detail.explanation.components {
                    let inputs = collapse(&terminal_safe(&component.inputs));
                    assert!(read.contains(&inputs), "{name}: {inputs:?} is not on screen:\n{read}");
                }
                for lift in &detail.explanation.lifts {
                    let lift = collapse(&lift.to_string());
                    assert!(read.contains(&lift), "{name}: {lift:?} is not on screen:\n{read}");
                }
                for drop in &detail.explanation.drops {
                    let drop = collapse(&drop.to_string());
                    assert!(read.contains(&drop), "{name}: {drop:?} is not on screen:\n{read}");
                }
                app.apply(Action::SelectFirst).unwrap();
            }
        },
    );
}

/// Every view, and every pane zoomed, at every small size and scrolled to its end: nothing
/// panics, whatever the terminal is resized to.
#[test]
fn every_view_and_zoomed_pane_draws_at_any_small_size() {
    on_each_engine("every_view_and_zoomed_pane_draws_at_any_small_size", || {
        let mut app = demo_app();
        let views = [
            Action::ShowBook,
            Action::ShowTodos,
            Action::ShowRenewals,
            Action::ShowPortfolio,
            Action::ShowTimeline,
            Action::ShowQbr,
        ];
        let sizes = (1..=24).flat_map(|w| (1..=8).map(move |h| (w * 4, h * 3)));
        let sizes: Vec<(u16, u16)> = sizes.chain([(1, 1), (2, 1), (1, 2), (3, 3)]).collect();
        for show in views {
            app.apply(show).unwrap();
            for end in [false, true] {
                if end {
                    app.apply(Action::SelectLast).unwrap();
                }
                for &(width, height) in &sizes {
                    draw(&app, width, height);
                }
            }
        }
        app.apply(Action::ShowBook).unwrap();
        app.apply(Action::ToggleZoom).unwrap();
        for _ in PaneId::ALL {
            app.apply(Action::FocusNext).unwrap();
            app.apply(Action::SelectLast).unwrap();
            for &(width, height) in &sizes {
                draw(&app, width, height);
            }
        }
    });
}
