//! The scripted accounts of the demo book: each tells one story a CSM meets, so that every band,
//! risk signal, expansion signal and renewal phase of the scoring model (SPEC 4) shows up, well
//! clear of its threshold, whatever the seed and the as-of date.
//!
//! | account | segment | story | shows |
//! |---|---|---|---|
//! | Halvorsen Maritime | enterprise | the champion left a month ago, renewal in 58 days | `champion_left`, `no_champion`, `renewal_at_risk`, watch, proposal |
//! | Société Lumière | mid_market | users quietly walking away, features dropped | `usage_drop`, `health_decline`, watch, later |
//! | Northwind Logistics | enterprise | $1.2M, 95 % of 2,000 seats in use, advocate, upsell open | `seat_limit`, `advocate`, `open_upsell`, healthy, later |
//! | Müller Präzisionstechnik | enterprise | signed 38 days ago, onboarding, five weeks of usage | onboarding milestones, partial windows |
//! | Ångström Analytics | mid_market | outage escalation: urgent ticket open, bad ratings | `escalation`, `renewal_at_risk`, watch, review |
//! | Brightwater Dental Group | mid_market | a healthy account whose economic buyer scored 4 | `detractor` |
//! | Quillfeather Books | self_service | last touch over three months ago, only voicemails since | `gone_dark` |
//! | Kestrel Insurance Group | enterprise | shelfware: a quarter of 2,400 seats in use | `low_utilization`, watch, strategy |
//! | Pinecrest Family Bakery | smb | one contact, the owner's right hand | `single_threaded` |
//! | Ironbridge Freight | mid_market | renewing in 18 days, usage collapsed, asks for cuts | at_risk, `renewal_at_risk`, finalize |
//! | Tidewater Credit Union | smb | renewal six days overdue, order form stuck | overdue |
//! | Larkspur Legal Partners | mid_market | imported from the CRM, product data not connected | thin data (`~`), scored on support and engagement only |
//!
//! The generic generators write each story's everyday facts from its plan; `script` adds the few
//! records that make the story. This module only plans; it must not write to the store.

use super::names::NameBook;
use super::plan::{AccountPlan, Member, Mood, RatingStyle, lifecycle};
use super::usage::{FeatureShape, Trend, UsageShape, YEAR};
use crate::domain::{Advocacy, Role, Segment};

/// The story an account tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Story {
    ChampionLeft,
    QuietDecline,
    ExpansionReady,
    Onboarding,
    Escalation,
    Detractor,
    GoneDark,
    LowUtilization,
    SingleThreaded,
    AtRiskRenewal,
    Overdue,
    ThinData,
}

/// The knobs in which the stories differ; the rest is common to them.
struct Sketch {
    story: Story,
    name: &'static str,
    segment: Segment,
    industry: &'static str,
    region: &'static str,
    owner: &'static str,
    seats: i64,
    arr_dollars: i64,
    renewal_in: i64,
    /// Contract years so far, the current one included (tenure = years × 365 − renewal_in).
    years: i64,
    advocacy: Advocacy,
    now: f64,
    trend: Trend,
    weekend: f64,
    features: (usize, usize),
    cast: Vec<Member>,
    mood: Mood,
    rating_style: RatingStyle,
    last_touch: i64,
    upsell: bool,
    product_data: bool,
}

/// A cast member who is engaged, or not, reporting to the member at `to`.
fn m(role: Role, engaged: bool, to: Option<usize>) -> Member {
    Member::new(role, engaged, to)
}

fn sketches() -> Vec<Sketch> {
    use Role::{Champion, EconomicBuyer, EndUser, ExecutiveSponsor, Influencer};
    let linear = |year_ago| Trend::Linear { year_ago };
    let full_cast = || {
        vec![
            m(ExecutiveSponsor, true, None),
            m(EconomicBuyer, true, Some(0)),
            m(Champion, true, Some(0)),
            m(Influencer, true, Some(0)),
            m(EndUser, true, Some(2)),
            m(EndUser, true, Some(2)),
            m(EndUser, false, Some(2)),
        ]
    };
    let base = |story, name, segment, industry, region, owner| Sketch {
        story,
        name,
        segment,
        industry,
        region,
        owner,
        seats: 100,
        arr_dollars: 60_000,
        renewal_in: 200,
        years: 2,
        advocacy: Advocacy::Supporter,
        now: 0.75,
        trend: linear(0.9),
        weekend: 0.25,
        features: (5, 5),
        cast: full_cast(),
        mood: Mood::Content,
        rating_style: RatingStyle::GoodBad,
        last_touch: 7,
        upsell: false,
        product_data: true,
    };
    let mut champion_left = full_cast();
    champion_left[2].engaged = false;
    champion_left[2].left_days_ago = Some(28);
    champion_left[3].engaged = false;
    vec![
        Sketch {
            seats: 900,
            arr_dollars: 540_000,
            renewal_in: 58,
            now: 0.5,
            trend: linear(1.0),
            features: (3, 3),
            cast: champion_left,
            last_touch: 10,
            ..base(
                Story::ChampionLeft,
                "Halvorsen Maritime",
                Segment::Enterprise,
                "Logistics",
                "EMEA",
                "Jonas Becker",
            )
        },
        Sketch {
            seats: 220,
            arr_dollars: 132_000,
            renewal_in: 140,
            now: 0.48,
            trend: Trend::Cliff { days_ago: 32, ramp: 12, before: 1.9 },
            features: (3, 7),
            last_touch: 12,
            ..base(
                Story::QuietDecline,
                "Société Lumière",
                Segment::MidMarket,
                "Media",
                "EMEA",
                "Camille Dubois",
            )
        },
        Sketch {
            seats: 2_000,
            arr_dollars: 1_200_000,
            renewal_in: 210,
            years: 3,
            advocacy: Advocacy::Advocate,
            now: 0.95,
            trend: linear(0.75),
            weekend: 0.7,
            features: (8, 8),
            mood: Mood::Delighted,
            rating_style: RatingStyle::Stars,
            last_touch: 4,
            upsell: true,
            ..base(
                Story::ExpansionReady,
                "Northwind Logistics",
                Segment::Enterprise,
                "Logistics",
                "North America",
                "Priya Raman",
            )
        },
        Sketch {
            seats: 600,
            arr_dollars: 330_000,
            renewal_in: YEAR - 38,
            years: 1,
            advocacy: Advocacy::None,
            now: 0.7,
            trend: Trend::RampUp { ramp: 30 },
            weekend: 0.15,
            features: (5, 5),
            last_touch: 3,
            ..base(
                Story::Onboarding,
                "Müller Präzisionstechnik",
                Segment::Enterprise,
                "Manufacturing",
                "EMEA",
                "Jonas Becker",
            )
        },
        Sketch {
            seats: 180,
            arr_dollars: 117_000,
            renewal_in: 75,
            advocacy: Advocacy::None,
            now: 0.6,
            trend: linear(1.1),
            mood: Mood::Unhappy,
            last_touch: 2,
            ..base(
                Story::Escalation,
                "Ångström Analytics",
                Segment::MidMarket,
                "Software",
                "EMEA",
                "Camille Dubois",
            )
        },
        Sketch {
            seats: 140,
            arr_dollars: 84_000,
            renewal_in: 250,
            years: 1,
            now: 0.72,
            rating_style: RatingStyle::Percent,
            ..base(
                Story::Detractor,
                "Brightwater Dental Group",
                Segment::MidMarket,
                "Healthcare",
                "North America",
                "Jonas Becker",
            )
        },
        Sketch {
            seats: 6,
            arr_dollars: 2_400,
            now: 0.5,
            trend: linear(1.3),
            features: (3, 3),
            cast: vec![m(Champion, false, None), m(EndUser, false, Some(0))],
            last_touch: 100,
            ..base(
                Story::GoneDark,
                "Quillfeather Books",
                Segment::SelfService,
                "Retail",
                "North America",
                "Marcus Reed",
            )
        },
        Sketch {
            seats: 2_400,
            arr_dollars: 1_080_000,
            renewal_in: 104,
            now: 0.24,
            weekend: 0.1,
            features: (5, 5),
            rating_style: RatingStyle::GreatOkayBad,
            ..base(
                Story::LowUtilization,
                "Kestrel Insurance Group",
                Segment::Enterprise,
                "Insurance",
                "EMEA",
                "Priya Raman",
            )
        },
        Sketch {
            seats: 12,
            arr_dollars: 9_600,
            renewal_in: 170,
            years: 1,
            now: 0.85,
            trend: linear(1.0),
            weekend: 0.8,
            cast: vec![m(Champion, true, None)],
            mood: Mood::Delighted,
            last_touch: 15,
            ..base(
                Story::SingleThreaded,
                "Pinecrest Family Bakery",
                Segment::Smb,
                "Food & Beverage",
                "North America",
                "Marcus Reed",
            )
        },
        Sketch {
            seats: 150,
            arr_dollars: 96_000,
            renewal_in: 18,
            advocacy: Advocacy::None,
            now: 0.2,
            trend: linear(2.2),
            features: (2, 4),
            cast: vec![
                m(ExecutiveSponsor, false, None),
                m(EconomicBuyer, false, Some(0)),
                m(Champion, false, Some(0)),
                m(EndUser, true, Some(2)),
            ],
            mood: Mood::Unhappy,
            rating_style: RatingStyle::Stars,
            last_touch: 9,
            ..base(
                Story::AtRiskRenewal,
                "Ironbridge Freight",
                Segment::MidMarket,
                "Logistics",
                "North America",
                "Jonas Becker",
            )
        },
        Sketch {
            seats: 35,
            arr_dollars: 28_000,
            renewal_in: -6,
            years: 3,
            features: (6, 6),
            cast: vec![
                m(ExecutiveSponsor, true, None),
                m(Champion, true, Some(0)),
                m(EndUser, false, Some(1)),
            ],
            last_touch: 5,
            ..base(
                Story::Overdue,
                "Tidewater Credit Union",
                Segment::Smb,
                "Financial Services",
                "North America",
                "Marcus Reed",
            )
        },
        Sketch {
            seats: 120,
            arr_dollars: 72_000,
            renewal_in: 160,
            product_data: false,
            last_touch: 6,
            ..base(
                Story::ThinData,
                "Larkspur Legal Partners",
                Segment::MidMarket,
                "Legal",
                "North America",
                "Priya Raman",
            )
        },
    ]
}

/// The story accounts' plans, their names reserved in `names`.
pub(super) fn plans(names: &mut NameBook) -> Vec<AccountPlan> {
    sketches()
        .into_iter()
        .map(|s| {
            let tenure = (s.years * YEAR - s.renewal_in).max(1);
            AccountPlan {
                name: s.name.to_owned(),
                domain: names.reserve(s.name),
                segment: s.segment,
                industry: s.industry,
                region: s.region,
                owner: s.owner,
                arr_cents: s.arr_dollars * 100,
                seats: s.seats,
                tenure,
                renewal_in: s.renewal_in,
                lifecycle: lifecycle(s.segment, tenure, s.renewal_in),
                advocacy: s.advocacy,
                usage: UsageShape {
                    now: s.now,
                    trend: s.trend,
                    weekend: s.weekend,
                    noise: 0.08,
                    // Usage starts two days after signature: accounts need setting up.
                    history: (tenure - 2).clamp(1, YEAR - 1),
                },
                features: FeatureShape { now: s.features.0, before: s.features.1 },
                cast: s.cast,
                mood: s.mood,
                rating_style: s.rating_style,
                last_touch: s.last_touch,
                open_urgent: false,
                upsell: s.upsell,
                story: Some(s.story),
                product_data: s.product_data,
            }
        })
        .collect()
}
