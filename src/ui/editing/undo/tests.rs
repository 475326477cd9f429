//! Undo's steps over the demo store of each engine: taking an edit back, and the rebase that
//! lets the earlier steps of the same record follow it.

use super::super::commit;
use crate::domain::{Priority, Todo};
use crate::ui::edit::{Revert, Versioned};
use crate::ui::testing::{demo_store, on_each_engine};

fn version(revert: &Revert) -> i64 {
    match revert {
        Revert::Remove { version, .. } | Revert::Put { version, .. } => *version,
        Revert::Restore { .. } | Revert::Forget(_) => panic!("no version"),
    }
}

#[test]
fn undo_after_two_edits_of_one_record_rebases_the_first() {
    on_each_engine("undo_after_two_edits_of_one_record_rebases_the_first", || {
        let mut store = demo_store();
        let account = store.accounts().unwrap()[0].id;
        let mut todos = store.todos(account).unwrap();
        let (todo, other) = (todos.remove(0), todos.remove(0));
        // Two edits of the todo, each remembering the todo as it was before it.
        let renamed = Todo { title: "Renamed".to_owned(), ..todo.clone() };
        let v1 = commit(&mut store, |w| w.update_todo(&renamed)).unwrap();
        let renamed = Todo { version: v1, ..renamed };
        let urgent = Todo { priority: Priority::Urgent, ..renamed.clone() };
        let v2 = commit(&mut store, |w| w.update_todo(&urgent)).unwrap();
        // A step of another record that happens to expect the same version number.
        let elsewhere = Todo { version: v1, ..other };
        let mut steps = vec![
            Revert::put(elsewhere, v1),
            Revert::put(todo.clone(), v1),
            Revert::put(renamed.clone(), v2),
        ];

        let last = steps.pop().unwrap();
        let rewritten = commit(&mut store, |w| last.take_back(w)).unwrap();
        let (key, was, now) = rewritten.unwrap();
        assert_eq!((key, was), (renamed.key(), v1), "the todo as the second edit found it");
        steps.iter_mut().for_each(|step| step.rebase(key, was, now));
        assert_eq!(version(&steps[1]), now, "the first edit's step follows the todo");
        assert_eq!(version(&steps[0]), v1, "another record's step stays");

        let first = steps.pop().unwrap();
        commit(&mut store, |w| first.take_back(w)).unwrap();
        let stored = store.todos(account).unwrap().into_iter().find(|t| t.id == todo.id).unwrap();
        assert_eq!(stored, Todo { version: now + 1, ..todo }, "back as it was, at a new version");
    });
}

#[test]
fn an_undo_without_the_rebase_would_be_refused() {
    on_each_engine("an_undo_without_the_rebase_would_be_refused", || {
        let mut store = demo_store();
        let account = store.accounts().unwrap()[0].id;
        let todo = store.todos(account).unwrap().remove(0);
        let renamed = Todo { title: "Renamed".to_owned(), ..todo.clone() };
        let v1 = commit(&mut store, |w| w.update_todo(&renamed)).unwrap();
        let v2 = commit(&mut store, |w| w.update_todo(&Todo { version: v1, ..renamed })).unwrap();
        assert!(v2 > v1);
        // The first edit's step, still expecting the version the second edit replaced.
        let stale = Revert::put(todo, v1);
        assert!(commit(&mut store, |w| stale.take_back(w)).is_err());
    });
}
