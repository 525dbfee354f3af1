//! A crisis scenario as written by its author: named actors, issues, relations, events, forums,
//! formats, outcome rules and interventions. Names are resolved and checked by
//! [`crate::Model::compile`]; readers (TOML in `intrigue-formats`) build this type.

use crate::dist::Dist;

/// A number of the scenario with the source that justifies it.
#[derive(Clone, Debug, PartialEq)]
pub struct Num {
    pub dist: Dist,
    pub source: Option<String>,
}

impl Num {
    /// A fixed number without a source (defaults, tests).
    pub fn fixed(x: f64) -> Num {
        Num {
            dist: Dist::Fixed(x),
            source: None,
        }
    }
}

/// How forums bargain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BargainingModel {
    /// KTAB's Spatial Model of Politics, one turn per round (forums of three or more members).
    #[default]
    Smp,
    /// Partial adjustment toward the capability x salience weighted mean (DeGroot averaging).
    Compromise,
}

/// Model settings; every one may be uncertain.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub bargaining: BargainingModel,
    /// SMP turns per round in each forum in session.
    pub turns_per_round: usize,
    /// Relations coupling gain kappa (0 = KTAB's numbers).
    pub kappa: Num,
    /// Belief distortion gain gamma: h reads a distrusted actor's aims as more extreme (0 = none).
    pub gamma: Num,
    /// Relation impulse per Goldstein point: an event of score G moves the dyad by gain * G / 10.
    pub impulse_gain: Num,
    /// Ornstein-Uhlenbeck mean reversion per round toward the baseline.
    pub reversion: Num,
    /// Balance pressure gain (Marvel et al. 2011): dr_ij = beta / (n - 2) * sum_k r_ik r_kj.
    pub balance_pressure: Num,
    /// Standard deviation of the relation noise per round.
    pub relation_noise: Num,
    /// Share of an event's impulse felt by the target's allies toward the source.
    pub alliance_spillover: Num,
    /// A forum agrees when every agenda issue's member spread (max - min, 0-100) falls to this.
    pub agreement_spread: Num,
    /// A forum in session breaks down when its members' mean regard falls below this.
    pub breakdown_regard: Num,
    /// Goldstein score of an agreement among a forum's members (CAMEO 057, sign formal agreement).
    pub agreement_goldstein: Num,
    /// Goldstein score of a breakdown (CAMEO 125, reject proposal to negotiate).
    pub breakdown_goldstein: Num,
    /// Compromise model: share of the distance to the weighted mean covered per round.
    pub compromise_rate: Num,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bargaining: BargainingModel::Smp,
            turns_per_round: 1,
            kappa: Num::fixed(0.0),
            gamma: Num::fixed(0.0),
            impulse_gain: Num::fixed(0.1),
            reversion: Num::fixed(0.1),
            balance_pressure: Num::fixed(0.0),
            relation_noise: Num::fixed(0.0),
            alliance_spillover: Num::fixed(0.5),
            agreement_spread: Num::fixed(10.0),
            breakdown_regard: Num::fixed(-0.6),
            agreement_goldstein: Num::fixed(8.0),
            breakdown_goldstein: Num::fixed(-5.0),
            compromise_rate: Num::fixed(0.3),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub capability: Num,
}

/// An issue dimension on a 0-100 scale, with the meaning of each end and the middle.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub id: String,
    pub name: String,
    pub low: String,
    pub mid: String,
    pub high: String,
}

/// An actor's position (0-100) and salience (0-100, an actor's saliences summing to at most 100).
#[derive(Clone, Debug, PartialEq)]
pub struct Stance {
    pub actor: String,
    pub issue: String,
    pub position: Num,
    pub salience: Num,
}

/// How `from` regards `to` at baseline, in [-1, 1].
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    pub from: String,
    pub to: String,
    pub baseline: Num,
}

/// A collective-defence tie: an act against one is felt by the other.
#[derive(Clone, Debug, PartialEq)]
pub struct Alliance {
    pub a: String,
    pub b: String,
}

/// Effective pressure on `target`: the partners' positions on `issue` weighted by their share of the
/// target's trade; exposed to rules as `pressure_<TARGET>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pressure {
    pub target: String,
    pub issue: String,
    pub shares: Vec<(String, Num)>,
}

/// A change applied when an event fires.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Add `delta` to how `from` regards `to`.
    Relation {
        from: String,
        to: String,
        delta: Num,
    },
    /// Add `delta` points to a position (clamped to 0-100).
    Position {
        actor: String,
        issue: String,
        delta: Num,
    },
    /// Add `delta` points to a salience (clamped; the actor's row rescaled to sum at most 100).
    Salience {
        actor: String,
        issue: String,
        delta: Num,
    },
    /// Multiply a capability by `factor`.
    Capability { actor: String, factor: Num },
    /// Take a forum out of session for some rounds.
    Suspend { forum: String, rounds: usize },
    /// End a forum for the rest of the run.
    Breakdown { forum: String },
}

/// A log-linear rate modifier: the rate is multiplied by exp(coef * expr).
#[derive(Clone, Debug, PartialEq)]
pub struct Modifier {
    pub expr: String,
    pub coef: Num,
}

/// A type of event, CAMEO-coded, scheduled at given rounds and/or stochastic with a rate per round.
#[derive(Clone, Debug, PartialEq)]
pub struct EventType {
    pub id: String,
    pub name: String,
    pub cameo: String,
    pub goldstein: Num,
    pub source: String,
    /// One or more targets; the impulse reaches each.
    pub targets: Vec<String>,
    /// Multiplier of the Goldstein impulse (a nuclear test weighs more than its CAMEO code says).
    pub impulse_scale: Num,
    /// Expected occurrences per round (Poisson rate); `None` for scheduled-only events.
    pub rate: Option<Num>,
    pub modifiers: Vec<Modifier>,
    /// A stochastic event can fire only in rounds where this rule holds.
    pub when: Option<String>,
    /// Rounds at which it fires for certain. Rounds <= 0 are the prelude before the horizon: their
    /// impulses decay through the relation dynamics before round 1.
    pub at: Vec<i64>,
    pub effects: Vec<Effect>,
}

/// A forum of talks: members, agenda and activation.
#[derive(Clone, Debug, PartialEq)]
pub struct Forum {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
    pub agenda: Vec<String>,
    /// First round in session.
    pub start: usize,
    /// In session only after this forum has agreed.
    pub after: Option<String>,
    /// In session only while this forum is in session (nesting).
    pub during: Option<String>,
    /// In session only in rounds where this rule holds.
    pub when: Option<String>,
    /// Issues whose member spread decides agreement (empty: the whole agenda).
    pub agree_on: Vec<String>,
    /// Stays in session after agreeing (a standing caucus) instead of closing.
    pub persist: bool,
}

/// A format of talks: the forums that exist in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Format {
    pub id: String,
    pub name: String,
    pub forums: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// Checked after every round; ends the run when true.
    Absorbing,
    /// Checked at the horizon.
    Terminal,
    /// What a run ends in when no rule holds (exactly one).
    Fallback,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub id: String,
    pub name: String,
    pub kind: OutcomeKind,
    pub rule: Option<String>,
}

/// How an intervention changes a number: set it or add to it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Set(f64),
    Add(f64),
    Scale(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    RelationBaseline {
        from: String,
        to: String,
        op: Op,
    },
    Position {
        actor: String,
        issue: String,
        op: Op,
    },
    Salience {
        actor: String,
        issue: String,
        op: Op,
    },
    Capability {
        actor: String,
        op: Op,
    },
    /// Scale a stochastic event's rate (0 removes it).
    EventRate {
        event: String,
        factor: f64,
    },
    /// Fire an event at a round.
    Schedule {
        event: String,
        round: usize,
    },
    /// Drop an event's scheduled firings.
    Unschedule {
        event: String,
    },
    Alliance {
        a: String,
        b: String,
    },
    /// Change a setting (e.g. "kappa") or a named parameter.
    Setting {
        name: String,
        op: Op,
    },
}

/// A named change to the scenario, such as a repaired relationship.
#[derive(Clone, Debug, PartialEq)]
pub struct Intervention {
    pub id: String,
    pub name: String,
    pub source: Option<String>,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scenario {
    pub id: String,
    pub name: String,
    pub description: String,
    pub start: String,
    /// Horizon in rounds.
    pub rounds: usize,
    pub settings: Settings,
    pub actors: Vec<Actor>,
    pub issues: Vec<Issue>,
    pub stances: Vec<Stance>,
    pub relations: Vec<Relation>,
    pub alliances: Vec<Alliance>,
    pub pressures: Vec<Pressure>,
    pub events: Vec<EventType>,
    pub forums: Vec<Forum>,
    pub formats: Vec<Format>,
    pub outcomes: Vec<Outcome>,
    pub interventions: Vec<Intervention>,
    /// Named numbers that rules can read (thresholds, trade shares), possibly uncertain.
    pub parameters: Vec<(String, Num)>,
    /// Named expressions recomputed every round, in order, after the forums.
    pub derived: Vec<(String, String)>,
    /// Named conditions whose run of consecutive rounds is counted (`streak_<id>`).
    pub counters: Vec<(String, String)>,
}
