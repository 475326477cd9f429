use super::*;

#[test]
fn segments_in_their_spellings() {
    let not = |t: &str| {
        Err(format!("“{t}” is not a segment (enterprise, mid-market, smb, self-service)"))
    };
    let cases = [
        ("Enterprise", Ok(Segment::Enterprise)),
        ("ENTERPRISE", Ok(Segment::Enterprise)),
        ("Mid-Market", Ok(Segment::MidMarket)),
        ("Mid Market", Ok(Segment::MidMarket)),
        ("mid_market", Ok(Segment::MidMarket)),
        ("MM", Ok(Segment::MidMarket)),
        ("SMB", Ok(Segment::Smb)),
        ("Small Business", Ok(Segment::Smb)),
        ("Self-Service", Ok(Segment::SelfService)),
        ("Self Serve", Ok(Segment::SelfService)),
        ("self_service", Ok(Segment::SelfService)),
        ("Platinum", not("Platinum")),
        ("Customer - Direct", not("Customer - Direct")),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_segment(text), expected, "{text}");
    }
}

#[test]
fn roles_map_known_titles_and_never_fail() {
    let cases = [
        ("Executive Sponsor", Role::ExecutiveSponsor),
        ("executive_sponsor", Role::ExecutiveSponsor),
        ("Economic Buyer", Role::EconomicBuyer),
        ("Economic Decision Maker", Role::EconomicBuyer),
        ("Decision Maker", Role::EconomicBuyer),
        ("Champion", Role::Champion),
        ("Business User", Role::EndUser),
        ("End User", Role::EndUser),
        ("end_user", Role::EndUser),
        ("Technical Buyer", Role::Influencer),
        ("Evaluator", Role::Influencer),
        ("Influencer", Role::Influencer),
        ("Other", Role::Other),
        ("Billing Contact", Role::Other),
        ("", Role::Other),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_role(text), expected, "{text}");
    }
}

#[test]
fn advocacy_priority_and_statuses_list_what_they_accept() {
    assert_eq!(parse_advocacy("Ambassador"), Ok(Advocacy::Ambassador));
    assert_eq!(parse_advocacy(" none "), Ok(Advocacy::None));
    assert_eq!(parse_advocacy("SUPPORTER"), Ok(Advocacy::Supporter));
    assert_eq!(
        parse_advocacy("gold"),
        Err("“gold” is not an advocacy (none, supporter, advocate, champion, ambassador)"
            .to_owned())
    );
    let priorities = [
        ("urgent", Ok(Priority::Urgent)),
        ("URGENT", Ok(Priority::Urgent)),
        ("High", Ok(Priority::High)),
        ("normal", Ok(Priority::Normal)),
        ("Medium", Ok(Priority::Normal)),
        ("MEDIUM", Ok(Priority::Normal)),
        ("low", Ok(Priority::Low)),
        ("P1", Err("“P1” is not a priority (urgent, high, normal (or medium), low)")),
    ];
    for (text, expected) in priorities {
        assert_eq!(parse_priority(text), expected.map_err(str::to_owned), "{text}");
    }
    let statuses = [
        ("Open", Ok(OpportunityStatus::Open)),
        ("won", Ok(OpportunityStatus::Won)),
        ("Closed Won", Ok(OpportunityStatus::Won)),
        ("closedlost", Ok(OpportunityStatus::Lost)),
        ("LOST", Ok(OpportunityStatus::Lost)),
        ("closed", Err("“closed” is not an opportunity status (open, won, lost)")),
    ];
    for (text, expected) in statuses {
        assert_eq!(parse_opportunity_status(text), expected.map_err(str::to_owned), "{text}");
    }
    assert_eq!(parse_opportunity_kind("Renewal"), Ok(OpportunityKind::Renewal));
    assert_eq!(parse_opportunity_kind("contraction"), Ok(OpportunityKind::Contraction));
    assert_eq!(
        parse_opportunity_kind("Upsell"),
        Err("“Upsell” is not an opportunity kind (new, renewal, expansion, contraction, other)"
            .to_owned())
    );
}

#[test]
fn interaction_kinds_fall_back_to_other() {
    let cases = [
        ("call", InteractionKind::Call),
        ("Call", InteractionKind::Call),
        ("E-mail", InteractionKind::Email),
        ("EMAIL", InteractionKind::Email),
        ("Meeting", InteractionKind::Meeting),
        ("QBR", InteractionKind::Qbr),
        ("EBR", InteractionKind::Qbr),
        ("note", InteractionKind::Note),
        ("Lunch", InteractionKind::Other),
        ("phone call", InteractionKind::Other),
        ("", InteractionKind::Other),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_interaction_kind(text), expected, "{text}");
    }
}

#[test]
fn opportunity_kind_from_type_in_the_spec_order() {
    let cases = [
        ("Renewal", OpportunityKind::Renewal),
        ("Existing Customer - Renewal", OpportunityKind::Renewal),
        ("Renewals Pipeline", OpportunityKind::Renewal),
        ("New Renewal", OpportunityKind::Renewal), // renew is tested before new
        ("Renewal with Upgrade", OpportunityKind::Renewal),
        ("Existing Customer - Upgrade", OpportunityKind::Expansion),
        ("Upsell", OpportunityKind::Expansion),
        ("Up-sell", OpportunityKind::Expansion),
        ("Expansion", OpportunityKind::Expansion),
        ("Add-On", OpportunityKind::Expansion),
        ("add on", OpportunityKind::Expansion),
        ("New Upgrade", OpportunityKind::Expansion), // upgrade before new
        ("Existing Customer - Downgrade", OpportunityKind::Contraction),
        ("New Customer", OpportunityKind::New),
        ("New Business", OpportunityKind::New),
        ("newbusiness", OpportunityKind::New),
        ("Existing Business", OpportunityKind::Other),
        ("Existing Customer - Replacement", OpportunityKind::Other),
        ("", OpportunityKind::Other),
    ];
    for (text, expected) in cases {
        assert_eq!(opportunity_kind_from_type(text), expected, "{text}");
    }
}

#[test]
fn opportunity_status_from_flags_then_stage() {
    use OpportunityStatus::{Lost, Open, Won};
    let cases = [
        (Some(true), Some(true), None, Won),
        (Some(true), Some(false), None, Lost),
        (Some(true), Some(false), Some("Closed Won"), Lost), // the flags win
        (Some(false), Some(false), Some("Closed Won"), Open),
        (Some(false), None, None, Open),
        (Some(true), None, Some("Closed Won"), Won),
        (Some(true), None, Some("Negotiation"), Lost),
        (Some(true), None, None, Lost),
        (None, Some(true), None, Won),
        (None, Some(false), Some("closedlost"), Lost),
        (None, Some(false), None, Open),
        (None, None, Some("Closed Won"), Won),
        (None, None, Some("closedwon"), Won),
        (None, None, Some("Closed Lost"), Lost),
        (None, None, Some("CLOSED_LOST"), Lost),
        (None, None, Some("Prospecting"), Open),
        (None, None, None, Open),
    ];
    for (closed, won, stage, expected) in cases {
        let status = opportunity_status_from(closed, won, stage);
        assert_eq!(status, expected, "{closed:?} {won:?} {stage:?}");
    }
}

#[test]
fn flags_read_three_ways() {
    for text in ["true", "TRUE", "1", "yes", "Yes"] {
        assert_eq!(parse_bool(text), Ok(true), "{text}");
    }
    for text in ["false", "False", "0", "no", " NO "] {
        assert_eq!(parse_bool(text), Ok(false), "{text}");
    }
    let reason = "“maybe” is not true or false (true/false, yes/no, 1/0)";
    assert_eq!(parse_bool("maybe"), Err(reason.to_owned()));
}

#[test]
fn ratings_and_the_ones_that_are_none() {
    let not = |t: &str| {
        Err(format!(
            "“{t}” is not a rating \
             (good, bad, great, okay, 1-5, 0%-100%, or offered/not offered for none)"
        ))
    };
    let cases = [
        ("good", Ok(Some(Rating::Good))),
        ("Good", Ok(Some(Rating::Good))),
        ("bad", Ok(Some(Rating::Bad))),
        ("Great", Ok(Some(Rating::Great))),
        ("okay", Ok(Some(Rating::Okay))),
        ("1", Ok(Some(Rating::Stars(1)))),
        ("5", Ok(Some(Rating::Stars(5)))),
        ("85%", Ok(Some(Rating::Percent(85.0)))),
        ("0%", Ok(Some(Rating::Percent(0.0)))),
        ("100 %", Ok(Some(Rating::Percent(100.0)))),
        ("offered", Ok(None)),
        ("Offered", Ok(None)),
        ("Not Offered", Ok(None)),
        ("not_offered", Ok(None)),
        ("unoffered", Ok(None)),
        ("", Ok(None)),
        ("null", Ok(None)),
        ("0", not("0")),
        ("6", not("6")),
        ("101%", not("101%")),
        ("meh", not("meh")),
        ("ok", not("ok")),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_rating(text), expected, "{text}");
    }
}
