//! What the CSM decides about a deck: the summary, the asks, the joint plan, and which goals,
//! wins and charts go in. Plain data with serde, so the workspace can store it with a QBR and
//! edit it; `Default` is a deck built from the facts alone. It must not read the store nor render.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{FeatureId, GoalId, MilestoneId};

/// The CSM's choices for one deck; the default leaves every slide to the facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeckChoices {
    /// The title slide's summary; `None` builds one from the quarter's facts.
    pub summary: Option<String>,
    /// What we ask of the customer; no asks, no asks slide.
    pub asks: Vec<String>,
    /// The joint plan for next quarter; empty builds it from the open milestones and goals.
    pub joint_plan: Vec<PlanAction>,
    /// The goals shown; `None` shows every goal of the success plan.
    pub goals: Option<Vec<GoalId>>,
    /// Where each goal started and stands, as the CSM measured it (the store knows only its
    /// target); a goal without a reading shows its status.
    pub readings: Vec<GoalReading>,
    /// The wins shown; `None` shows every win the facts give.
    pub wins: Option<Vec<WinKey>>,
    /// Wins the CSM adds in their own words, after the measured ones.
    pub extra_wins: Vec<String>,
    /// The charts drawn; `None` draws every chart that has data.
    pub charts: Option<Vec<ChartKind>>,
}

/// One action of the joint plan, with an owner on each side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAction {
    pub action: String,
    /// Who does it at the customer.
    pub customer_owner: String,
    /// Who does it on our side.
    pub our_owner: String,
    pub due: Option<NaiveDate>,
}

/// A goal's figures as the CSM measured them: where it started and where it is now, in the
/// goal's own unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GoalReading {
    pub goal: GoalId,
    pub baseline: Option<f64>,
    pub now: Option<f64>,
}

/// Which measured win a choice names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WinKey {
    /// A goal met this quarter.
    Goal(GoalId),
    /// A milestone completed this quarter.
    Milestone(MilestoneId),
    /// More active users than the quarter before.
    ActiveUsers,
    /// A key feature used this quarter and not the one before.
    Feature(FeatureId),
    /// Fewer tickets opened than the quarter before.
    FewerTickets,
    /// Tickets resolved faster than the quarter before.
    FasterResolution,
}

/// The charts a deck can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartKind {
    /// Daily active users against licensed seats, this quarter and the one before.
    ActiveUsers,
    /// Days each key feature was used, this quarter against the one before.
    Features,
    /// Tickets opened and resolved by month.
    Tickets,
    /// The success-plan goals as progress bars.
    Goals,
}

impl DeckChoices {
    /// Whether the chart `kind` is wanted.
    #[must_use]
    pub fn draws(&self, kind: ChartKind) -> bool {
        self.charts.as_ref().is_none_or(|c| c.contains(&kind))
    }

    /// Whether the goal `id` is shown.
    #[must_use]
    pub fn shows_goal(&self, id: GoalId) -> bool {
        self.goals.as_ref().is_none_or(|g| g.contains(&id))
    }

    /// Whether the win `key` is shown.
    #[must_use]
    pub fn shows_win(&self, key: WinKey) -> bool {
        self.wins.as_ref().is_none_or(|w| w.contains(&key))
    }

    /// The CSM's reading of goal `id`, if any.
    #[must_use]
    pub fn reading(&self, id: GoalId) -> Option<GoalReading> {
        self.readings.iter().copied().find(|r| r.goal == id)
    }
}
