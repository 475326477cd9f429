//! The random accounts that fill the demo book around the stories: a segment, a region, a
//! name, and an archetype (thriving, steady, slipping, struggling) from which the usage, the
//! features, the stakeholders, the mood and the touches follow.
//!
//! Every choice comes from the generator it is given, so a seed always gives the same book. This
//! module only plans; it must not write to the store.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::{self, INDUSTRIES, NameBook, OWNERS, REGIONS};
use super::plan::{AccountPlan, Member, Mood, RatingStyle, arr_for, lifecycle};
use super::usage::{FeatureShape, Trend, UsageShape, YEAR};
use crate::domain::{Advocacy, Role, Segment};

/// The broad health a random account is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Archetype {
    Thriving,
    Steady,
    Slipping,
    Struggling,
}

/// A plausible account with random attributes and a random archetype.
pub(super) fn random_plan(rng: &mut ChaCha8Rng, names: &mut NameBook) -> AccountPlan {
    use Archetype::{Slipping, Steady, Struggling, Thriving};
    let segment = names::weighted(
        rng,
        &[
            (Segment::Enterprise, 15),
            (Segment::MidMarket, 30),
            (Segment::Smb, 35),
            (Segment::SelfService, 20),
        ],
    );
    let region_index = names::weighted(
        rng,
        &REGIONS.iter().enumerate().map(|(i, r)| (i, r.weight)).collect::<Vec<_>>(),
    );
    let region = &REGIONS[region_index];
    let (industry, suffixes) = names::pick(rng, INDUSTRIES);
    let (name, domain) = names.company(rng, region, suffixes);
    let archetype =
        names::weighted(rng, &[(Thriving, 35), (Steady, 35), (Slipping, 18), (Struggling, 12)]);
    let seats = match segment {
        Segment::Enterprise => rng.random_range(300..4_000),
        Segment::MidMarket => rng.random_range(50..400),
        Segment::Smb => rng.random_range(5..=40),
        Segment::SelfService => rng.random_range(1..=10),
    };
    // Renewals spread over the year ahead, a few already overdue.
    let renewal_in =
        if rng.random_bool(0.03) { -rng.random_range(1..=20) } else { rng.random_range(0..YEAR) };
    let years = names::weighted(rng, &[(1, 45), (2, 30), (3, 25)]);
    let tenure = (YEAR * years - renewal_in).max(1);
    let (now, trend, features_now, mood, last_touch, advocacy) = match archetype {
        Thriving => (
            rng.random_range(0.75..0.97),
            Trend::Linear { year_ago: rng.random_range(0.55..1.0) },
            rng.random_range(6..=8),
            if rng.random_bool(0.6) { Mood::Delighted } else { Mood::Content },
            rng.random_range(1..25),
            names::weighted(
                rng,
                &[
                    (Advocacy::Supporter, 4),
                    (Advocacy::Advocate, 2),
                    (Advocacy::Champion, 1),
                    (Advocacy::Ambassador, 1),
                ],
            ),
        ),
        Steady => (
            rng.random_range(0.5..0.8),
            Trend::Linear { year_ago: rng.random_range(0.8..1.15) },
            rng.random_range(4..=7),
            if rng.random_bool(0.7) { Mood::Content } else { Mood::Mixed },
            rng.random_range(2..35),
            if rng.random_bool(0.5) { Advocacy::Supporter } else { Advocacy::None },
        ),
        Slipping => (
            rng.random_range(0.3..0.6),
            if rng.random_bool(0.3) {
                Trend::Cliff {
                    days_ago: rng.random_range(35..80),
                    ramp: rng.random_range(10..30),
                    before: rng.random_range(1.4..1.9),
                }
            } else {
                Trend::Linear { year_ago: rng.random_range(1.3..1.8) }
            },
            rng.random_range(3..=5),
            Mood::Mixed,
            rng.random_range(10..55),
            Advocacy::None,
        ),
        Struggling => (
            rng.random_range(0.08..0.35),
            Trend::Linear { year_ago: rng.random_range(1.0..1.6) },
            rng.random_range(1..=3),
            if rng.random_bool(0.6) { Mood::Unhappy } else { Mood::Mixed },
            rng.random_range(20..80),
            Advocacy::None,
        ),
    };
    let history = tenure.min(YEAR - 1);
    let trend = if tenure < 60 { Trend::RampUp { ramp: 30 } } else { trend };
    // Only the accounts whose users are walking away now drop features now; the struggling
    // ones lost theirs long ago, so their health is low but steady.
    let dropped = if matches!(trend, Trend::Cliff { .. }) { rng.random_range(1..=2) } else { 0 };
    let engaged_share = match archetype {
        Thriving => 0.9,
        Steady => 0.7,
        Slipping => 0.45,
        Struggling => 0.25,
    };
    let cast = random_cast(rng, segment, engaged_share, last_touch, tenure);
    AccountPlan {
        name,
        domain,
        segment,
        industry,
        region: region.name,
        owner: owner_for(rng, segment),
        arr_cents: arr_for(rng, segment, seats),
        seats,
        tenure,
        renewal_in,
        lifecycle: lifecycle(segment, tenure, renewal_in),
        advocacy,
        usage: UsageShape {
            now,
            trend,
            weekend: rng.random_range(0.12..0.4),
            noise: rng.random_range(0.05..0.15),
            history,
        },
        features: FeatureShape { now: features_now, before: features_now + dropped },
        cast,
        mood,
        rating_style: random_rating_style(rng),
        last_touch: last_touch.min(history),
        open_urgent: mood == Mood::Unhappy && rng.random_bool(0.2),
        upsell: archetype == Thriving && now > 0.85 && rng.random_bool(0.5),
        story: None,
        product_data: true,
    }
}

/// Enterprise and mid-market accounts go to the senior CSMs; the long tail to the others.
pub(super) fn owner_for(rng: &mut ChaCha8Rng, segment: Segment) -> &'static str {
    let pool = match segment {
        Segment::Enterprise => &OWNERS[..2],
        Segment::MidMarket => &OWNERS[1..3],
        Segment::Smb | Segment::SelfService => &OWNERS[2..],
    };
    names::pick(rng, pool)
}

pub(super) fn random_rating_style(rng: &mut ChaCha8Rng) -> RatingStyle {
    names::weighted(
        rng,
        &[
            (RatingStyle::GoodBad, 4),
            (RatingStyle::GreatOkayBad, 1),
            (RatingStyle::Stars, 3),
            (RatingStyle::Percent, 2),
        ],
    )
}

/// A cast by segment: the larger the customer, the more stakeholders. A contact is engaged with
/// probability `engaged_share` (never when the account went quiet more than 80 days ago).
fn random_cast(
    rng: &mut ChaCha8Rng,
    segment: Segment,
    engaged_share: f64,
    last_touch: i64,
    tenure: i64,
) -> Vec<Member> {
    let reachable = last_touch < 80;
    let engaged = |rng: &mut ChaCha8Rng| reachable && rng.random_bool(engaged_share);
    let mut cast = Vec::with_capacity(8);
    match segment {
        Segment::Enterprise | Segment::MidMarket => {
            let enterprise = segment == Segment::Enterprise;
            cast.push(Member::new(Role::ExecutiveSponsor, engaged(rng), None));
            cast.push(Member::new(Role::EconomicBuyer, engaged(rng), Some(0)));
            cast.push(Member::new(Role::Champion, engaged(rng), Some(0)));
            let influencers =
                if enterprise { rng.random_range(1..=2) } else { rng.random_range(0..=1) };
            for _ in 0..influencers {
                cast.push(Member::new(Role::Influencer, engaged(rng), Some(0)));
            }
            let users = if enterprise { rng.random_range(2..=4) } else { rng.random_range(1..=3) };
            for _ in 0..users {
                cast.push(Member::new(Role::EndUser, engaged(rng), Some(2)));
            }
            if enterprise && rng.random_bool(0.5) {
                cast.push(Member::new(Role::Other, false, Some(1)));
            }
        }
        Segment::Smb => {
            // The owner, when they take part, is the one the champion reports to.
            let owner = rng.random_bool(0.6);
            if owner {
                cast.push(Member::new(Role::ExecutiveSponsor, engaged(rng), None));
            }
            let champion = cast.len();
            cast.push(Member::new(Role::Champion, engaged(rng), owner.then_some(0)));
            for _ in 0..rng.random_range(1..=2) {
                cast.push(Member::new(Role::EndUser, engaged(rng), Some(champion)));
            }
        }
        Segment::SelfService => {
            let role = if rng.random_bool(0.5) { Role::Champion } else { Role::EndUser };
            cast.push(Member::new(role, engaged(rng), None));
            if rng.random_bool(0.5) {
                cast.push(Member::new(Role::EndUser, engaged(rng), Some(0)));
            }
        }
    }
    // Now and then someone moved on, long enough ago for the story to be old news.
    if cast.len() > 2 && tenure > 120 && rng.random_bool(0.15) {
        let who = rng.random_range(1..cast.len());
        cast[who].left_days_ago = Some(rng.random_range(100..tenure.min(300)));
    }
    cast
}
