//! KTAB's Spatial Model of Politics (work in progress: API fixed, engine landing next).

use crate::Negotiation;

macro_rules! param_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident),+ $(,)? } default $def:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }
        impl $name {
            /// Every value, in KTAB's enum order (its integer codes).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// KTAB's code name.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant)),+ }
            }
        }
        impl Default for $name { fn default() -> Self { $name::$def } }
    };
}

param_enum!(/// How coalition strengths become victory probabilities (spec 1.3.5).
    VictoryProbModel { Linear, Square, Quartic, Octic, Binary } default Linear);
param_enum!(/// How pairwise victory probabilities become an outcome distribution (spec 1.3.6).
    PceModel { Conditional, MarkovIncentive, MarkovUniform } default Conditional);
param_enum!(/// Whether each actor takes its most likely bargain or draws one.
    StateTransitions { Deterministic, Stochastic } default Deterministic);
param_enum!(/// How an actor's utility difference becomes a vote (spec 1.3.3).
    VotingRule { Binary, PropBin, Prop, PropCbc, Cubic, ASymProsp } default Prop);
param_enum!(/// How h perceives i's risk attitude (spec 1.4.5).
    BigRAdjust { None, OneThird, Half, TwoThirds, Full } default OneThird);
param_enum!(/// How outcome probabilities are rescaled into risk attitudes (spec 1.4.3).
    BigRRange { Min, Mid, Max } default Mid);
param_enum!(/// What a third party expects to give up when it joins a side (spec 1.5 A).
    ThirdPartyCommit { NoCommit, SemiCommit, FullCommit } default SemiCommit);
param_enum!(/// How a bargain interpolates between the two positions (spec 1.5 C).
    InterVecBrgn { S1P1, S2P2, S2PMax } default S2P2);
param_enum!(/// Which offers a challenge produces (spec 1.5 C).
    BargnModel { InitOnlyInterp, InitRcvrInterp, PWCompInterp } default InitOnlyInterp);

/// Whether to reproduce KTAB's known bugs (spec 1.10) or the corrected model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Bit-compatible with `smpc`, bugs included. The default for KTAB input files.
    #[default]
    Ktab,
    /// The model as described in the literature: see MODEL.md for each fix.
    Native,
}

/// The nine KTAB model parameters plus the compatibility mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pub victory_prob: VictoryProbModel,
    pub pce: PceModel,
    pub transitions: StateTransitions,
    pub voting: VotingRule,
    pub big_r_adjust: BigRAdjust,
    pub big_r_range: BigRRange,
    pub third_party: ThirdPartyCommit,
    pub inter_vec: InterVecBrgn,
    pub bargain_model: BargnModel,
    pub mode: Mode,
}

/// Relations coupling (crisis model layer 3): third-party support and bargain votes are scaled by
/// regard. `regard[i * n + j]` in [-1, 1] is how i regards j. `kappa = 0` gives KTAB's numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Coupling {
    pub regard: Vec<f64>,
    pub kappa: f64,
}

/// Everything a run needs beyond the negotiation itself.
#[derive(Clone, Debug, PartialEq)]
pub struct SmpConfig {
    pub params: Params,
    /// Accommodation ("ideal adjustment") matrix A, n x n row-major; `None` is the identity.
    pub accommodation: Option<Vec<f64>>,
    /// Stop after this many turns at the latest (KTAB: 100).
    pub max_turns: usize,
    /// Seed of the stream used by `StateTransitions::Stochastic` (KTAB's default seed).
    pub seed: u64,
    pub coupling: Option<Coupling>,
}

impl Default for SmpConfig {
    fn default() -> Self {
        SmpConfig {
            params: Params::default(),
            accommodation: None,
            max_turns: 100,
            seed: 0xD67C_C16F_E69C_185C,
            coupling: None,
        }
    }
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// Movement fell under 2% of the first step's (KTAB's rule).
    Converged,
    /// The turn cap was reached.
    MaxTurns,
    /// Positions repeat an earlier state: a limit cycle of the given period.
    Cycle { period: usize },
}

/// A whole run: every state from the input (state 0) to the last.
#[derive(Clone, Debug, PartialEq)]
pub struct SmpRun {
    /// Positions per state, each n x d on [0, 1].
    pub positions: Vec<Vec<f64>>,
    /// Ideal points per state, each n x d.
    pub ideals: Vec<Vec<f64>>,
    /// Per state, per actor: the reported probability of the unique position it holds (spec 1.7).
    pub probabilities: Vec<Vec<f64>>,
    pub stop: StopReason,
}

/// A failure of the model itself (the input was valid but the configuration cannot run).
#[derive(Clone, Debug, PartialEq)]
pub struct SmpError(pub String);

impl std::fmt::Display for SmpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Runs the model from the negotiation's positions until it stops.
pub fn run(neg: &Negotiation, cfg: &SmpConfig) -> Result<SmpRun, SmpError> {
    let _ = (neg, cfg);
    Err(SmpError("the SMP engine is not built yet".into()))
}
