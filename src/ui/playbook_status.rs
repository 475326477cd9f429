//! What a playbooks run created, as the one line the workspace's status line shows; the command
//! line writes the same line on stderr, so a person reads one wording wherever the run happened.
//!
//! Text only: it must not run the playbooks nor read the store.

use crate::format::thousands;
use crate::playbooks::Applied;

/// One line saying what `applied` created: "playbooks: 4 todos created, 1 onboarding path (4
/// milestones)".
#[must_use]
pub fn playbook_status(applied: &Applied) -> String {
    let mut line = match applied.todos {
        0 => "playbooks: no new todos".to_owned(),
        1 => "playbooks: 1 todo created".to_owned(),
        n => format!("playbooks: {} todos created", thousands(n as u64)),
    };
    if applied.paths > 0 {
        let paths = if applied.paths == 1 { "path" } else { "paths" };
        line.push_str(&format!(
            ", {} onboarding {paths} ({} milestones)",
            thousands(applied.paths as u64),
            thousands(applied.milestones as u64)
        ));
    }
    if applied.skipped > 0 {
        let milestones = if applied.skipped == 1 { "milestone" } else { "milestones" };
        line.push_str(&format!(
            ", {} onboarding {milestones} far behind closed as skipped",
            thousands(applied.skipped as u64)
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_count_is_named_in_the_singular_or_plural() {
        let line = |todos, paths, milestones| {
            playbook_status(&Applied { todos, paths, milestones, skipped: 0 })
        };
        assert_eq!(line(0, 0, 0), "playbooks: no new todos");
        assert_eq!(line(1, 0, 0), "playbooks: 1 todo created");
        assert_eq!(line(4, 1, 4), "playbooks: 4 todos created, 1 onboarding path (4 milestones)");
        assert_eq!(line(0, 2, 8), "playbooks: no new todos, 2 onboarding paths (8 milestones)");
        let skipped = |skipped| playbook_status(&Applied { skipped, ..Applied::default() });
        assert_eq!(
            skipped(1),
            "playbooks: no new todos, 1 onboarding milestone far behind closed as skipped"
        );
        assert_eq!(
            skipped(3),
            "playbooks: no new todos, 3 onboarding milestones far behind closed as skipped"
        );
    }

    #[test]
    fn large_counts_are_grouped_in_thousands() {
        let applied = Applied { todos: 49_145, paths: 1_200, milestones: 4_800, skipped: 0 };
        assert_eq!(
            playbook_status(&applied),
            "playbooks: 49,145 todos created, 1,200 onboarding paths (4,800 milestones)"
        );
    }
}
