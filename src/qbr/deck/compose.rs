//! The slides of a deck from the gathered records, their facts and the CSM's choices, in the
//! order of SPEC 9: title, agenda, their goals and outcomes, value delivered, adoption, support,
//! the joint plan and the asks. A slide without content is left out (an account without usage
//! has no adoption slide, never an empty chart). It reads no internal-only figure (health,
//! band, risks, sentiment, probabilities, ids) and must not render.

use super::charts;
use super::choices::{ChartKind, DeckChoices, PlanAction, WinKey};
use super::facts::Facts;
use super::goals::goal_lines;
use super::model::{Deck, Point, Slide, SlideKind, Stat, Table};
use super::source::DeckSource;
use super::wins::wins;
use super::words::{count, day, number};
use crate::domain::{GoalStatus, Role};
use crate::scoring::round_to_int;

/// The deck of `g` with `choices`.
#[must_use]
pub fn compose(g: &DeckSource, f: &Facts, choices: &DeckChoices) -> Deck {
    let won: Vec<Point> =
        wins(g, f).into_iter().filter(|p| p.win.is_none_or(|k| choices.shows_win(k))).collect();
    let mut body = Vec::new();
    body.extend(goals_slide(g, choices));
    body.extend(wins_slide(&won, choices));
    body.extend(adoption_slide(f, choices));
    body.extend(support_slide(f, choices));
    body.extend(plan_slide(g, choices));
    body.extend(asks_slide(choices));
    let mut slides = vec![title_slide(g, f, &won, choices)];
    // An agenda of nothing is no agenda: an account without records gets the title alone.
    if !body.is_empty() {
        slides.push(agenda_slide(&body));
    }
    slides.extend(body);
    Deck {
        account: g.account.name.clone(),
        slug: crate::qbr::slug(&g.account),
        as_of: g.as_of,
        slides,
    }
}

fn title_slide(g: &DeckSource, f: &Facts, won: &[Point], choices: &DeckChoices) -> Slide {
    let mut slide = Slide::new(SlideKind::Title, g.account.name.trim());
    slide.lead =
        Some(format!("Quarterly business review · {} to {}", day(f.this.start), day(f.this.end)));
    let summary = match choices.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(own) => {
            own.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
        }
        None => summary(f, won),
    };
    slide.points = summary.into_iter().map(|text| Point { text, win: None }).collect();
    if let Some(owner) = g.account.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        slide.stats.push(Stat {
            value: owner.to_owned(),
            label: "Your Customer Success Manager".to_owned(),
        });
    }
    slide
}

/// A summary from the facts: what was delivered, how use grew, how support went.
fn summary(f: &Facts, won: &[Point]) -> Vec<String> {
    let mut lines = Vec::new();
    let goals = won.iter().filter(|w| matches!(w.win, Some(WinKey::Goal(_)))).count();
    let milestones = won.iter().filter(|w| matches!(w.win, Some(WinKey::Milestone(_)))).count();
    match (goals, milestones) {
        (0, 0) => {}
        (g, 0) => {
            lines.push(format!("{} of your success plan met this quarter.", count(g, "goal")))
        }
        (0, m) => lines.push(format!(
            "{} of your success plan completed this quarter.",
            count(m, "milestone")
        )),
        (g, m) => lines.push(format!(
            "{} met and {} completed this quarter.",
            count(g, "goal"),
            count(m, "milestone")
        )),
    }
    if let Some(u) = &f.usage {
        let mut line = format!(
            "{} people a day used the product on average",
            number(round_to_int(u.mean_now))
        );
        if let Some(share) = u.seat_share() {
            line.push_str(&format!(", {share} % of your licensed seats"));
        }
        line.push('.');
        lines.push(line);
    }
    if let Some(s) = &f.support {
        let mut line = format!("{} resolved", count(s.resolved, "support ticket"));
        if let Some(m) = s.median_days {
            line.push_str(&format!(
                " in a median of {}",
                count(usize::try_from(m).unwrap_or(0), "day")
            ));
        }
        line.push('.');
        lines.push(line);
    }
    lines.push("Today: the outcomes so far, and the plan for next quarter together.".to_owned());
    lines
}

fn agenda_slide(body: &[Slide]) -> Slide {
    let mut slide = Slide::new(SlideKind::Agenda, "Agenda");
    slide.points = body.iter().map(|s| Point { text: s.title.clone(), win: None }).collect();
    slide
}

fn goals_slide(g: &DeckSource, choices: &DeckChoices) -> Option<Slide> {
    let mut lines = goal_lines(&g.goals, g.as_of, choices);
    if lines.is_empty() {
        return None;
    }
    if !choices.draws(ChartKind::Goals) {
        lines.iter_mut().for_each(|l| l.bar = None);
    }
    let mut slide = Slide::new(SlideKind::Goals, "Your goals and outcomes");
    let met = lines.iter().filter(|l| l.met).count();
    slide.lead = Some(format!("{met} of {} met", count(lines.len(), "goal")));
    slide.goals = lines;
    Some(slide)
}

fn wins_slide(won: &[Point], choices: &DeckChoices) -> Option<Slide> {
    let mut points = won.to_vec();
    points.extend(
        choices
            .extra_wins
            .iter()
            .map(|w| w.trim())
            .filter(|w| !w.is_empty())
            .map(|w| Point { text: w.to_owned(), win: None }),
    );
    if points.is_empty() {
        return None;
    }
    let mut slide = Slide::new(SlideKind::Wins, "Value delivered this quarter");
    slide.points = points;
    Some(slide)
}

fn adoption_slide(f: &Facts, choices: &DeckChoices) -> Option<Slide> {
    if f.usage.is_none() && f.features.is_empty() {
        return None;
    }
    let mut slide = Slide::new(SlideKind::Adoption, "Adoption");
    if let Some(u) = &f.usage {
        slide.stats.push(Stat {
            value: number(round_to_int(u.mean_now)),
            label: "active users a day".to_owned(),
        });
        if let (Some(share), Some(seats)) = (u.seat_share(), u.seats) {
            slide.stats.push(Stat {
                value: format!("{share} %"),
                label: format!("of {} licensed seats", number(seats)),
            });
        }
        if choices.draws(ChartKind::ActiveUsers) {
            slide.charts.push(charts::active_users(u, f.this));
        }
    }
    if !f.features.is_empty() {
        let used = f.features.iter().filter(|r| r.days_now > 0).count();
        slide.stats.push(Stat {
            value: format!("{used} of {}", f.features.len()),
            label: "key features in use".to_owned(),
        });
        if choices.draws(ChartKind::Features) {
            slide.charts.extend(charts::features(&f.features));
        }
    }
    Some(slide)
}

fn support_slide(f: &Facts, choices: &DeckChoices) -> Option<Slide> {
    let s = f.support.as_ref()?;
    let mut slide = Slide::new(SlideKind::Support, "Support");
    slide.stats.push(Stat { value: s.opened.to_string(), label: "tickets opened".to_owned() });
    slide.stats.push(Stat { value: s.resolved.to_string(), label: "tickets resolved".to_owned() });
    if let Some(m) = s.median_days {
        slide.stats.push(Stat {
            value: count(usize::try_from(m).unwrap_or(0), "day"),
            label: "median time to resolve".to_owned(),
        });
    }
    if let Some(sat) = s.satisfaction {
        slide.stats.push(Stat {
            value: format!("{sat} %"),
            label: format!("satisfaction ({})", count(s.rated, "rated ticket")),
        });
    }
    if choices.draws(ChartKind::Tickets) && s.opened + s.resolved > 0 {
        slide.charts.push(charts::tickets(s));
    }
    Some(slide)
}

/// The joint plan: the CSM's actions, else the open milestones and goals of the success plan,
/// worded for the customer, owned by their champion (or sponsor) and the account's CSM.
fn plan_slide(g: &DeckSource, choices: &DeckChoices) -> Option<Slide> {
    let actions = if choices.joint_plan.is_empty() {
        default_plan(g, choices)
    } else {
        choices.joint_plan.clone()
    };
    let actions: Vec<PlanAction> =
        actions.into_iter().filter(|a| !a.action.trim().is_empty()).collect();
    if actions.is_empty() {
        return None;
    }
    let mut slide = Slide::new(SlideKind::JointPlan, "Joint plan for next quarter");
    let rows = actions
        .iter()
        .map(|a| {
            let owner = |o: &str| {
                if o.trim().is_empty() { "to agree".to_owned() } else { o.trim().to_owned() }
            };
            vec![
                a.action.trim().to_owned(),
                owner(&a.customer_owner),
                owner(&a.our_owner),
                a.due.map_or_else(|| "to agree".to_owned(), day),
            ]
        })
        .collect();
    slide.table = Some(Table {
        header: vec![
            "Action".to_owned(),
            "Your owner".to_owned(),
            "Our owner".to_owned(),
            "By".to_owned(),
        ],
        rows,
    });
    Some(slide)
}

fn default_plan(g: &DeckSource, choices: &DeckChoices) -> Vec<PlanAction> {
    let current = |role: Role| {
        g.contacts
            .iter()
            .find(|c| c.role == role && c.is_current(g.as_of) && !c.name.trim().is_empty())
    };
    let theirs = current(Role::Champion)
        .or_else(|| current(Role::ExecutiveSponsor))
        .map_or_else(|| "Your team".to_owned(), |c| c.name.trim().to_owned());
    let ours = g
        .account
        .owner
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .unwrap_or("Customer Success")
        .to_owned();
    let mut plan = Vec::new();
    for m in g.milestones.iter().filter(|m| m.is_open(g.as_of)) {
        plan.push(PlanAction {
            action: format!("Complete: {}", m.name.trim()),
            customer_owner: theirs.clone(),
            our_owner: ours.clone(),
            due: m.target_date.filter(|d| *d > g.as_of),
        });
    }
    for goal in g.goals.iter().filter(|x| x.status != GoalStatus::Met && choices.shows_goal(x.id)) {
        let target = goal
            .target
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        plan.push(PlanAction {
            action: format!("Reach: {}{target}", goal.objective.trim()),
            customer_owner: theirs.clone(),
            our_owner: ours.clone(),
            due: goal.due.filter(|d| *d > g.as_of),
        });
    }
    plan.truncate(6);
    plan
}

fn asks_slide(choices: &DeckChoices) -> Option<Slide> {
    let asks: Vec<Point> = choices
        .asks
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(|a| Point { text: a.to_owned(), win: None })
        .collect();
    if asks.is_empty() {
        return None;
    }
    let mut slide = Slide::new(SlideKind::Asks, "Our asks");
    slide.points = asks;
    Some(slide)
}
