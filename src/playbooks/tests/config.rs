//! Rules as a user writes them: overriding, disabling and adding; every mistake named by the
//! rule's key.

use crate::config::Config;
use crate::playbooks::{check_rules, rules};

/// The configuration `user`, checked as csm loads it.
fn load(user: &str) -> Result<Config, String> {
    Config::from_toml_str_checked(user, "u.toml", check_rules).map_err(|e| e.to_string())
}

fn error(user: &str) -> String {
    load(user).unwrap_err()
}

#[test]
fn the_built_in_rules_and_paths() {
    let config = Config::default();
    check_rules(&config).unwrap();
    let rules = rules(&config.playbooks).unwrap();
    let names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "onboarding-milestone",
            "qbr-enterprise",
            "renewal-120",
            "renewal-30",
            "renewal-60",
            "renewal-90",
            "risk-review-at-risk",
            "risk-review-champion-left",
        ]
    );
    let days = |segment| config.playbooks.path(segment).iter().map(|s| s.day).collect::<Vec<_>>();
    use crate::domain::Segment;
    assert_eq!(days(Segment::Enterprise).last(), Some(&90));
    assert_eq!(days(Segment::MidMarket).last(), Some(&60));
    assert_eq!(days(Segment::Smb).last(), Some(&30));
    assert!(days(Segment::SelfService).is_empty());
    assert_eq!(config.playbooks.path(Segment::Smb).len(), 4);
}

#[test]
fn a_user_file_changes_one_key_disables_a_rule_and_adds_one() {
    let user = r#"
[playbooks.rules.renewal-120]
due_days = 3

[playbooks.rules.qbr-enterprise]
enabled = false

[playbooks.rules.watch-call]
trigger = "band"
band = "watch"
title = "Call {account} ({health})"
segments = ["enterprise", "mid_market"]
"#;
    let config = load(user).unwrap();
    let rules = rules(&config.playbooks).unwrap();
    let renewal = rules.iter().find(|r| r.name == "renewal-120").unwrap();
    assert_eq!(renewal.due_days, 3);
    assert_eq!(renewal.title.render(|_| "X".into()), "Renewal strategy for X (renews X)");
    assert!(rules.iter().all(|r| r.name != "qbr-enterprise"));
    let added = rules.iter().find(|r| r.name == "watch-call").unwrap();
    assert_eq!(added.priority, crate::domain::Priority::Normal);
    assert_eq!(added.segments.len(), 2);
}

#[test]
fn an_unknown_trigger_is_named_with_its_rule() {
    let message = error("[playbooks.rules.renewal-90]\ntrigger = \"foo\"\n");
    assert!(
        message.starts_with("u.toml: key `playbooks.rules.renewal-90`: unknown trigger \"foo\""),
        "{message}"
    );
}

#[test]
fn a_negative_cadence_is_named_with_its_rule() {
    let message = error("[playbooks.rules.qbr-enterprise]\nevery_months = -3\n");
    assert!(message.contains("key `playbooks.rules.qbr-enterprise`: every_months"), "{message}");
    assert!(message.contains("got -3"), "{message}");
}

#[test]
fn an_unknown_placeholder_is_named_with_its_rule() {
    let message = error("[playbooks.rules.renewal-30]\ntitle = \"Renew {acount}\"\n");
    assert!(
        message.contains("key `playbooks.rules.renewal-30`: title: unknown placeholder {acount}"),
        "{message}"
    );
    // A placeholder another trigger fills is refused too.
    let message = error("[playbooks.rules.renewal-30]\ntitle = \"Call {contact}\"\n");
    assert!(message.contains("{contact} is not known to this trigger"), "{message}");
}

#[test]
fn other_mistakes_are_named() {
    let cases = [
        (
            "[playbooks.rules.x]\ntrigger = \"band\"\nband = \"red\"\ntitle = \"t\"\n",
            "band: unknown band",
        ),
        (
            "[playbooks.rules.x]\ntrigger = \"band\"\nband = \"at_risk\"\ndays = 3\ntitle = \"t\"\n",
            "`days` does not apply to a band trigger",
        ),
        (
            "[playbooks.rules.x]\ntrigger = \"signal\"\nsignal = \"churned\"\ntitle = \"t\"\n",
            "signal: unknown signal \"churned\"",
        ),
        ("[playbooks.rules.x]\ntrigger = \"renewal\"\ntitle = \"t\"\n", "needs `days`"),
        (
            "[playbooks.rules.x]\ntrigger = \"renewal\"\ndays = 30\ntitle = \"t\"\npriority = \"asap\"\n",
            "priority: unknown priority",
        ),
        (
            "[playbooks.rules.x]\ntrigger = \"renewal\"\ndays = 30\ntitle = \"t\"\nsegments = [\"big\"]\n",
            "segments: unknown segment",
        ),
        (
            "[playbooks.rules.onboarding-path]\ntrigger = \"renewal\"\ndays = 30\ntitle = \"t\"\n",
            "reserved",
        ),
        ("[playbooks.rules.renewal-30]\ntitel = \"t\"\n", "playbooks.rules.renewal-30"),
        (
            "[playbooks]\nskip_milestones_after_days = 4000\n",
            "key `playbooks.skip_milestones_after_days`: must be 0 to 3650 days, got 4000",
        ),
        ("[playbooks]\nskip_milestones_after_days = -1\n", "skip_milestones_after_days"),
        (
            "[playbooks.onboarding.giant]\nmilestones = []\n",
            "key `playbooks.onboarding.giant`: unknown segment",
        ),
        (
            "[playbooks.onboarding.smb]\nmilestones = [{ name = \"Kick-off\", day = -1 }]\n",
            "day must be 0 to 3660",
        ),
    ];
    for (user, expected) in cases {
        let message = error(user);
        assert!(message.contains(expected), "{user}: {message}");
    }
    // A disabled rule is still checked: a typo should not wait for the day it is enabled.
    let message = error("[playbooks.rules.renewal-30]\nenabled = false\npriority = \"asap\"\n");
    assert!(message.contains("playbooks.rules.renewal-30"), "{message}");
}
