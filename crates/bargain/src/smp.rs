//! KTAB's Spatial Model of Politics (SMP), number for number.
//!
//! The model (Wise, Lester & co., KAPSARC Toolkit for Behavioral Analysis, 2015-2019) is specified in
//! `shared/docs/ktab-smp-spec.md`; section numbers below refer to it. Every arithmetic expression keeps
//! the operation order of `smpc`, because the reference trajectories are matched to 1e-9 (in practice
//! bit for bit) and floating-point addition is not associative.
//!
//! Speed comes from flat arrays reused across turns (no allocation per turn once the queues have
//! grown), from computing each bargain's value once rather than once per queue, and from splitting
//! the O(N^3) per-turn work across actors with rayon for large N. Actors' computations are
//! independent, so the result does not depend on the number of threads.

// Loops index several arrays by the model's own subscripts (i, j, k), as the spec writes them.
#![allow(clippy::needless_range_loop)]

use crate::Negotiation;
use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;

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

/// Relations coupling (crisis model layer 3). `regard[i * n + j]` in [-1, 1] is how i regards j.
/// Third-party support and bargain votes are scaled by regard (gain `kappa`); suspicion distorts
/// belief: h reads i's ideal as shifted toward the end of each scale beyond i, away from h, in
/// proportion to h's distrust of i (gain `gamma`). `kappa = gamma = 0` gives KTAB's numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Coupling {
    pub regard: Vec<f64>,
    pub kappa: f64,
    pub gamma: f64,
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

// ---------------------------------------------------------------------------------------------
// Constants (spec 1.8).

const POS_TOL: f64 = 1e-3;
const MIN_COALITION: f64 = 1e-8;
const MIN_CHALLENGE: f64 = 1e-10;
const MIN_SIG_EDU: f64 = 1e-5;
const MIN_INTERP: f64 = 1e-6;
const STOP_MIN_ITER: usize = 2;
const STOP_RATIO: f64 = 0.02;
const STOP_EPS: f64 = 1e-4;
/// Actor count from which per-turn work is split across threads.
const PARALLEL_FROM: usize = 24;
/// Longest limit cycle looked for.
const MAX_CYCLE: usize = 8;

// ---------------------------------------------------------------------------------------------
// Primitive functions (spec 1.3).

/// Salience-weighted distance from an ideal to a point (`bvDiff`); `ss_sqr` is Σ s².
#[inline]
fn bv_diff(ideal: &[f64], pos: &[f64], sal: &[f64], ss_sqr: f64) -> f64 {
    let mut ds_sqr = 0.0;
    for k in 0..sal.len() {
        let ds = (ideal[k] - pos[k]) * sal[k];
        ds_sqr += ds * ds;
    }
    (ds_sqr / ss_sqr).sqrt()
}

/// Utility of distance `sd` under risk attitude `r` (`bsUtil`).
#[inline]
fn bs_util(sd: f64, r: f64) -> f64 {
    // (1 - d)(1 + dR) for d <= 1 and (1 - d)(1 + R) beyond, written without a branch so the
    // utility fill vectorises; min(d, 1)·R is exactly d·R or 1·R = R, so the bits are KTAB's.
    (1.0 - sd) * (1.0 + sd.min(1.0) * r)
}

/// A vote of weight `w` between options worth `a` and `b` (`Model::vote`).
#[inline]
fn vote(rule: VotingRule, w: f64, a: f64, b: f64) -> f64 {
    let du = a - b;
    let rbin = || (du / 1e-8).clamp(-1.0, 1.0);
    match rule {
        VotingRule::Binary => w * rbin(),
        VotingRule::PropBin => w * ((1.0 - 0.2) * du + 0.2 * rbin()),
        VotingRule::Prop => w * du,
        VotingRule::PropCbc => w * ((1.0 - 0.5) * du + 0.5 * (du * du * du)),
        VotingRule::Cubic => w * (du * du * du),
        VotingRule::ASymProsp => {
            if du < 0.0 {
                w * du
            } else if du > 0.0 {
                (2.0 * w * du) / 3.0
            } else {
                0.0
            }
        }
    }
}

/// Victory probabilities of a pair from coalition strengths (`vProb`).
#[inline]
fn victory_pair(model: VictoryProbModel, s1: f64, s2: f64) -> (f64, f64) {
    let (x1, x2) = match model {
        VictoryProbModel::Linear => (s1, s2),
        VictoryProbModel::Square => (s1 * s1, s2 * s2),
        VictoryProbModel::Quartic => (s1 * s1 * s1 * s1, s2 * s2 * s2 * s2),
        VictoryProbModel::Octic => {
            let (q1, q2) = (s1 * s1 * s1 * s1, s2 * s2 * s2 * s2);
            (q1 * q1, q2 * q2)
        }
        VictoryProbModel::Binary => {
            let t = 1.10;
            if s1 >= t * s2 {
                (1.0, 1e-6)
            } else if s2 >= t * s1 {
                (1e-6, 1.0)
            } else {
                let r12 = s1 / (s1 + s2);
                let p12 = (r12 * (t + 1.0) - 1.0) / (t - 1.0);
                (p12, 1.0 - p12)
            }
        }
    };
    (x1 / (x1 + x2), x2 / (x1 + x2))
}

/// Reusable buffers for `scalar_pce`, so repeated calls do not allocate.
#[derive(Clone, Debug, Default)]
struct PceScratch {
    coalition: Vec<f64>,
    victory: Vec<f64>,
    work: Vec<f64>,
    work2: Vec<f64>,
}

/// Outcome distribution over `m` options voted on by `weights.len()` actors (`scalarPCE`, spec 1.3.7).
/// `cols` is option-major: `cols[o * nv + a]` is voter a's utility for option o, so the voter loop
/// reads memory in order. Writes into `p` (length m).
fn scalar_pce(
    params: &Params,
    weights: &[f64],
    m: usize,
    cols: &[f64],
    s: &mut PceScratch,
    p: &mut Vec<f64>,
) -> Result<(), SmpError> {
    let vr = params.voting;
    let nv = weights.len();
    // Coalitions (Model::coalitions): only pairs i > j are scanned. Adding max(v, 0) and
    // max(-v, 0) is bit-identical to KTAB's two conditional updates (x + 0.0 = x; a - b = a + -b).
    s.coalition.clear();
    s.coalition.resize(m * m, 0.0);
    let c = &mut s.coalition;
    for i in 0..m {
        let ci = &cols[i * nv..(i + 1) * nv];
        for j in 0..i {
            let cj = &cols[j * nv..(j + 1) * nv];
            let (mut cij, mut cji) = (MIN_COALITION, MIN_COALITION);
            if vr == VotingRule::Prop {
                for ((&w, &a), &b) in weights.iter().zip(ci).zip(cj) {
                    let v = w * (a - b);
                    cij += v.max(0.0);
                    cji += (-v).max(0.0);
                }
            } else {
                for ((&w, &a), &b) in weights.iter().zip(ci).zip(cj) {
                    let v = vote(vr, w, a, b);
                    if v > 0.0 {
                        cij += v;
                    }
                    if v < 0.0 {
                        cji -= v;
                    }
                }
            }
            c[i * m + j] = cij;
            c[j * m + i] = cji;
        }
        c[i * m + i] = MIN_COALITION;
    }
    // Pairwise victory probabilities.
    s.victory.clear();
    s.victory.resize(m * m, 0.0);
    let v = &mut s.victory;
    for i in 0..m {
        for j in 0..i {
            let (a, b) = victory_pair(params.victory_prob, c[i * m + j], c[j * m + i]);
            v[i * m + j] = a;
            v[j * m + i] = b;
        }
        v[i * m + i] = 0.5;
    }
    p.clear();
    match params.pce {
        PceModel::Conditional => {
            for i in 0..m {
                let mut pi = 1.0;
                for j in 0..m {
                    pi *= v[i * m + j];
                }
                p.push(pi);
            }
            let mut total = 0.0;
            for &x in p.iter() {
                total += x;
            }
            for x in p.iter_mut() {
                *x /= total;
            }
        }
        PceModel::MarkovUniform => {
            p.resize(m, 1.0 / m as f64);
            s.work.clear();
            s.work.resize(m, 0.0);
            let q = &mut s.work;
            let mut change = 1.0;
            let mut iterations = 0usize;
            while 1e-6 < change {
                change = 0.0;
                for i in 0..m {
                    let mut pi = 0.0;
                    for j in 0..m {
                        pi += v[i * m + j] * (p[i] + p[j]);
                    }
                    q[i] = pi / m as f64;
                    let cc = (q[i] - p[i]).abs();
                    change = if cc > change { cc } else { change };
                }
                for i in 0..m {
                    p[i] = (p[i] + q[i]) / 2.0;
                }
                iterations += 1;
                if iterations >= 100_000 {
                    break;
                }
            }
            if params.mode == Mode::Ktab && iterations >= 1000 {
                return Err(SmpError(format!(
                    "MarkovUniform PCE took {iterations} iterations (KTAB stops at 1000)"
                )));
            }
        }
        PceModel::MarkovIncentive => {
            // Incentive to challenge, then the probability that i challenges when j is the favourite.
            s.work.clear();
            s.work.resize(m * m, 0.0);
            let chl = &mut s.work;
            for i in 0..m {
                for j in 0..m {
                    chl[i * m + j] = c[i * m + j] * v[i * m + j] + if i == j { 1e-10 } else { 0.0 };
                }
            }
            for j in 0..m {
                let mut col = 0.0;
                for k in 0..m {
                    col += chl[k * m + j];
                }
                for i in 0..m {
                    chl[i * m + j] /= col;
                }
            }
            p.resize(m, 1.0 / m as f64);
            s.work2.clear();
            s.work2.resize(m, 0.0);
            let q = &mut s.work2;
            let mut change = 1.0;
            let mut iterations = 0usize;
            while 1e-8 < change && iterations < 100_000 {
                change = 0.0;
                for i in 0..m {
                    let mut qi = 0.0;
                    for j in 0..m {
                        // ct(i,j) = p_i P(j challenges | i favourite); ct(j,i) likewise.
                        let ct_ij = p[i] * chl[j * m + i];
                        let ct_ji = p[j] * chl[i * m + j];
                        qi += v[i * m + j] * (ct_ij + ct_ji);
                    }
                    q[i] = qi;
                    let cc = (q[i] - p[i]).abs();
                    change = if cc > change { cc } else { change };
                }
                for i in 0..m {
                    p[i] = (p[i] + q[i]) / 2.0;
                }
                iterations += 1;
            }
        }
    }
    if p.iter().any(|x| !x.is_finite()) {
        return Err(SmpError("outcome probabilities are not finite".into()));
    }
    Ok(())
}

/// Perceived risk attitude of i as estimated by h (`BigRAdjust`, spec 1.4.5).
#[inline]
fn perceived_r(adjust: BigRAdjust, rh: f64, ri: f64) -> f64 {
    match adjust {
        BigRAdjust::Full => ri,
        BigRAdjust::TwoThirds => (rh + (2.0 * ri)) / 3.0,
        BigRAdjust::Half => (rh + ri) / 2.0,
        BigRAdjust::OneThird => ((2.0 * rh) + ri) / 3.0,
        BigRAdjust::None => rh,
    }
}

// ---------------------------------------------------------------------------------------------
// Bargains.

/// A proposal from `init` to `rcvr`: where each would move, `init_pos` and `rcvr_pos` (d each, in
/// the flat `points` buffer of the turn).
#[derive(Clone, Copy, Debug)]
struct Bargain {
    init: usize,
    rcvr: usize,
    /// Offset of the initiator's point in the turn's point buffer; the receiver's follows it.
    at: usize,
}

// ---------------------------------------------------------------------------------------------
// The running model.

/// A running SMP model: the current state plus buffers reused from turn to turn.
///
/// `Smp::new` builds state 0; each `step` is one KTAB turn (challenges, bargains, resolution, ideal
/// update, new state). The simulator drives it turn by turn and may change positions, saliences,
/// capabilities and regard between turns; `run` drives it to KTAB's stopping rule.
pub struct Smp {
    n: usize,
    d: usize,
    params: Params,
    capability: Vec<f64>,
    salience: Vec<f64>,
    /// Total salience σ_i: the probability that i resists a challenge.
    sigma: Vec<f64>,
    /// Σ_k s_ik², the normaliser of the weighted distance.
    ss_sqr: Vec<f64>,
    accommodation: Option<Vec<f64>>,
    coupling: Option<Coupling>,
    position: Vec<f64>,
    ideal: Vec<f64>,
    // Derived per state (spec 1.4).
    /// Δ(i,j) = d(θ_i → x_j), n x n.
    delta: Vec<f64>,
    /// Risk attitudes R_i.
    risk: Vec<f64>,
    /// Δ transposed: Δ(i,j) at j*n + i, so the utilities below are filled in memory order.
    delta_t: Vec<f64>,
    /// Perceived utilities, stored transposed: U^h(i,j) at h*n*n + j*n + i. The challenge loop over
    /// third parties reads columns of U^h, which are then contiguous.
    util_t: Vec<f64>,
    /// Each actor's own view of every position, U^a(a,j) at a*n + j (status-quo values, reports).
    own_util: Vec<f64>,

    /// U^h(t,t), n x n (index h*n + t): each third party's value of its own position.
    util_diag: Vec<f64>,
    /// One actor's ideal as another sees it (scratch of the belief distortion).
    seen_ideal: Vec<f64>,
    /// c_t·σ_t, each actor's weight in challenges.
    challenge_weight: Vec<f64>,
    // Turn buffers.
    scratch: PceScratch,
    /// Option-major utilities handed to `scalar_pce`.
    option_cols: Vec<f64>,
    pce_out: Vec<f64>,
    targets: Vec<Option<(usize, f64, f64)>>,
    bargains: Vec<Bargain>,
    points: Vec<f64>,
    queues: Vec<Vec<usize>>,
    bargain_value: Vec<f64>,
    sq_value: Vec<f64>,
    new_position: Vec<f64>,
    new_ideal: Vec<f64>,
    weights: Vec<f64>,
    rng: ChaCha8Rng,
    turn: usize,
    last_movement: f64,
    /// The derived state (distances, risk attitudes, utilities) is stale: positions, saliences or
    /// capabilities changed, or a turn moved the positions. It is rebuilt on demand, so a driver
    /// that changes positions between turns pays for one rebuild per turn, not two.
    stale: bool,
}

impl Smp {
    /// Builds state 0 from a valid negotiation.
    pub fn new(neg: &Negotiation, cfg: &SmpConfig) -> Result<Smp, SmpError> {
        neg.validate().map_err(SmpError)?;
        let (n, d) = (neg.n(), neg.d());
        if n > 250 {
            return Err(SmpError(format!("SMP takes at most 250 actors, found {n}")));
        }
        if let Some(a) = &cfg.accommodation {
            if a.len() != n * n || a.iter().any(|x| !x.is_finite()) {
                return Err(SmpError(
                    "the accommodation matrix must be n x n and finite".into(),
                ));
            }
        }
        if let Some(c) = &cfg.coupling {
            if c.regard.len() != n * n || !c.kappa.is_finite() || !c.gamma.is_finite() {
                return Err(SmpError(
                    "the regard matrix must be n x n, kappa and gamma finite".into(),
                ));
            }
        }
        let mut sigma = vec![0.0; n];
        let mut ss_sqr = vec![0.0; n];
        for i in 0..n {
            for k in 0..d {
                let s = neg.salience[i * d + k];
                sigma[i] += s;
                ss_sqr[i] += s * s;
            }
        }
        let mut smp = Smp {
            n,
            d,
            params: cfg.params,
            capability: neg.capability.clone(),
            salience: neg.salience.clone(),
            sigma,
            ss_sqr,
            accommodation: cfg.accommodation.clone(),
            coupling: cfg.coupling.clone(),
            position: neg.position.clone(),
            ideal: neg.position.clone(),
            delta: vec![0.0; n * n],
            risk: vec![0.0; n],
            delta_t: vec![0.0; n * n],
            util_t: vec![0.0; n * n * n],
            own_util: vec![0.0; n * n],
            util_diag: vec![0.0; n * n],
            seen_ideal: Vec::with_capacity(d),
            challenge_weight: vec![0.0; n],
            scratch: PceScratch::default(),
            option_cols: Vec::with_capacity(n * n),
            pce_out: Vec::with_capacity(n),
            targets: vec![None; n],
            bargains: Vec::with_capacity(2 * n),
            points: Vec::with_capacity(4 * n * d),
            queues: vec![Vec::with_capacity(8); n],
            bargain_value: Vec::with_capacity(2 * n * n),
            sq_value: vec![0.0; n],
            new_position: vec![0.0; n * d],
            new_ideal: vec![0.0; n * d],
            weights: vec![0.0; n],
            rng: ChaCha8Rng::seed_from_u64(cfg.seed),
            turn: 0,
            last_movement: 0.0,
            stale: true,
        };
        smp.ensure_state()?;
        Ok(smp)
    }

    pub fn n(&self) -> usize {
        self.n
    }
    pub fn d(&self) -> usize {
        self.d
    }
    /// Current positions, n x d on [0, 1].
    pub fn positions(&self) -> &[f64] {
        &self.position
    }
    /// Current ideal points, n x d on [0, 1].
    pub fn ideals(&self) -> &[f64] {
        &self.ideal
    }
    /// Risk attitudes R_i of the current state.
    pub fn risk_attitudes(&mut self) -> Result<&[f64], SmpError> {
        self.ensure_state()?;
        Ok(&self.risk)
    }
    /// Turns taken so far.
    pub fn turn(&self) -> usize {
        self.turn
    }
    /// Σ_i ||x_i(t) − x_i(t−1)||₂ of the last turn.
    pub fn last_movement(&self) -> f64 {
        self.last_movement
    }

    /// Moves actor i's position (and, as a shock does, its ideal) on dimension k. The derived
    /// state is rebuilt once, at the next turn or query, however many changes are made.
    pub fn set_position(&mut self, i: usize, k: usize, x: f64) {
        let x = x.clamp(0.0, 1.0);
        self.position[i * self.d + k] = x;
        self.ideal[i * self.d + k] = x;
        self.stale = true;
    }

    /// Changes actor i's salience on dimension k (clamped so the total stays in (0, 1]).
    pub fn set_salience(&mut self, i: usize, k: usize, s: f64) {
        self.stale = true;
        let d = self.d;
        let others: f64 = (0..d)
            .filter(|&j| j != k)
            .map(|j| self.salience[i * d + j])
            .sum();
        let s = s.clamp(0.0, (1.0 - others).max(0.0));
        self.salience[i * d + k] = s;
        let (mut sigma, mut ss) = (0.0, 0.0);
        for j in 0..d {
            let v = self.salience[i * d + j];
            sigma += v;
            ss += v * v;
        }
        if ss <= 0.0 {
            // Keep the actor in the game with a minimal salience rather than dividing by zero.
            self.salience[i * d + k] = 1e-6;
            sigma = 1e-6;
            ss = 1e-12;
        }
        self.sigma[i] = sigma;
        self.ss_sqr[i] = ss;
    }

    /// Changes actor i's capability (kept positive).
    pub fn set_capability(&mut self, i: usize, c: f64) {
        self.capability[i] = c.max(1e-9);
        self.stale = true;
    }

    /// Replaces the regard matrix of the relations coupling (n x n, how i regards j).
    pub fn set_regard(&mut self, regard: &[f64]) {
        if let Some(c) = &mut self.coupling {
            c.regard.copy_from_slice(regard);
        }
    }

    /// Marks the derived state stale after positions, saliences or capabilities were changed
    /// (the setters do it too); the next turn or query rebuilds it.
    pub fn refresh(&mut self) -> Result<(), SmpError> {
        self.stale = true;
        Ok(())
    }

    /// Rebuilds the derived state if it is stale (spec 1.4). Errors of the state (KTAB's checks)
    /// surface here.
    pub fn ensure_state(&mut self) -> Result<(), SmpError> {
        if self.stale {
            self.setup_state()?;
            self.stale = false;
        }
        Ok(())
    }

    /// Regard multiplier for the coupling: 1 + kappa * r, kept non-negative.
    #[inline]
    fn regard_factor(&self, from: usize, to: usize) -> f64 {
        match &self.coupling {
            Some(c) if c.kappa != 0.0 => (1.0 + c.kappa * c.regard[from * self.n + to]).max(0.0),
            _ => 1.0,
        }
    }

    /// Spec 1.4: distances, risk attitudes and perceived utilities of the current state.
    fn setup_state(&mut self) -> Result<(), SmpError> {
        let (n, d) = (self.n, self.d);
        {
            let (ideal, position, salience, ss_sqr) =
                (&self.ideal, &self.position, &self.salience, &self.ss_sqr);
            let row = |i: usize, out: &mut [f64]| {
                let (th, s) = (&ideal[i * d..(i + 1) * d], &salience[i * d..(i + 1) * d]);
                for (j, o) in out.iter_mut().enumerate() {
                    *o = bv_diff(th, &position[j * d..(j + 1) * d], s, ss_sqr[i]);
                }
            };
            if n >= PARALLEL_FROM {
                self.delta
                    .par_chunks_mut(n)
                    .enumerate()
                    .for_each(|(i, out)| row(i, out));
            } else {
                self.delta
                    .chunks_mut(n)
                    .enumerate()
                    .for_each(|(i, out)| row(i, out));
            }
        }
        // Risk attitudes from the risk-neutral outcome distribution, weights = capability only.
        {
            let cols = &mut self.option_cols;
            cols.clear();
            cols.resize(n * n, 0.0);
            for a in 0..n {
                for o in 0..n {
                    cols[o * n + a] = bs_util(self.delta[a * n + o], 0.0);
                }
            }
            scalar_pce(
                &self.params,
                &self.capability,
                n,
                cols,
                &mut self.scratch,
                &mut self.pce_out,
            )?;
        }
        let p = &self.pce_out;
        let (mut pmin, mut pmax) = (1.0f64, 0.0f64);
        for &x in p {
            pmin = if x < pmin { x } else { pmin };
            pmax = if x > pmax { x } else { pmax };
        }
        if pmax == pmin {
            if self.params.mode == Mode::Ktab {
                return Err(SmpError(
                    "every position is equally likely, so KTAB's risk attitudes divide by zero \
                     (use --param mode=native to treat all actors as risk neutral)"
                        .into(),
                ));
            }
            self.risk.iter_mut().for_each(|r| *r = 0.0);
        } else {
            for (r, &x) in self.risk.iter_mut().zip(p) {
                *r = match self.params.big_r_range {
                    BigRRange::Min => (x - pmin) / (pmax - pmin),
                    BigRRange::Mid => (3.0 * x - (pmax + 2.0 * pmin)) / (2.0 * (pmax - pmin)),
                    BigRRange::Max => (2.0 * x - (pmax + pmin)) / (pmax - pmin),
                };
            }
        }
        // Perceived utilities U^h(i,j) = u(Δ(i,j), R^h_i), written transposed (column j of U^h
        // is row j of the block) so that both reads and writes run in memory order.
        for i in 0..n {
            for j in 0..n {
                self.delta_t[j * n + i] = self.delta[i * n + j];
            }
        }
        {
            let (delta_t, risk, adjust) = (&self.delta_t, &self.risk, self.params.big_r_adjust);
            let fill = |h: usize, uth: &mut [f64]| {
                // R^h_i for every i, in a stack buffer sized to the case.
                let fill_with = |rh: &mut [f64], uth: &mut [f64]| {
                    for (r, &ri) in rh.iter_mut().zip(risk) {
                        *r = perceived_r(adjust, risk[h], ri);
                    }
                    for (col, dt) in uth.chunks_mut(n).zip(delta_t.chunks(n)) {
                        for ((u, &dl), &r) in col.iter_mut().zip(dt).zip(rh.iter()) {
                            *u = bs_util(dl, r);
                        }
                    }
                };
                if n <= 16 {
                    fill_with(&mut [0.0f64; 16][..n], uth);
                } else {
                    fill_with(&mut [0.0f64; 250][..n], uth);
                }
            };
            let gamma = self.coupling.as_ref().map_or(0.0, |c| c.gamma);
            if gamma != 0.0 {
                self.fill_suspicious_utilities(gamma);
            } else if n >= PARALLEL_FROM {
                self.util_t
                    .par_chunks_mut(n * n)
                    .enumerate()
                    .for_each(|(h, uth)| fill(h, uth));
            } else {
                self.util_t
                    .chunks_mut(n * n)
                    .enumerate()
                    .for_each(|(h, uth)| fill(h, uth));
            }
        }
        for t in 0..n {
            self.challenge_weight[t] = self.sigma[t] * self.capability[t];
            let ut = &self.util_t[t * n * n..(t + 1) * n * n];
            for j in 0..n {
                // U^t(t,j): t's own view of j's position.
                self.own_util[t * n + j] = ut[j * n + t];
            }
            for h in 0..n {
                self.util_diag[h * n + t] = self.util_t[h * n * n + t * n + t];
            }
        }
        // KTAB's checks assume one set of distances shared by every observer; belief distortion
        // (gamma) is not KTAB's model, so they do not apply to it.
        let distorted = self.coupling.as_ref().is_some_and(|c| c.gamma != 0.0);
        if self.params.mode == Mode::Ktab && !distorted {
            self.ktab_utility_checks()?;
        }
        Ok(())
    }

    /// `smpc` refuses a state whose risk-aware utilities are (numerically) the risk-neutral ones, or
    /// in which some actor's perceived utilities equal the objective ones. The second check makes
    /// `BigRAdjust=Full` fail always (spec 1.10.1); native mode drops both.
    ///
    /// Both are Frobenius norms of utility differences. Since u(Δ, R) − u(Δ, R') = g(Δ)(R − R')
    /// with g(Δ) = (1 − Δ)Δ for Δ ≤ 1 and (1 − Δ) beyond, each norm is Σ_i (R − R')² G_i with
    /// G_i = Σ_j g(Δ_ij)²: O(N²) in all instead of O(N³). The 1e-6 threshold is far above the
    /// rounding difference of the two ways of summing.
    fn ktab_utility_checks(&self) -> Result<(), SmpError> {
        let n = self.n;
        let g = |i: usize| -> f64 {
            self.delta[i * n..(i + 1) * n]
                .iter()
                .map(|&dl| {
                    let x = if dl <= 1.0 { (1.0 - dl) * dl } else { 1.0 - dl };
                    x * x
                })
                .sum()
        };
        let mut g_all = [0.0f64; 250];
        for (i, gi) in g_all[..n].iter_mut().enumerate() {
            *gi = g(i);
        }
        let g = &g_all[..n];
        let neutral: f64 = (0..n).map(|i| self.risk[i] * self.risk[i] * g[i]).sum();
        if neutral.sqrt() <= 1e-6 {
            return Err(SmpError(
                "risk-aware utilities equal the risk-neutral ones, which KTAB rejects (setAllAUtil)".into(),
            ));
        }
        for h in 0..n {
            let f: f64 = (0..n)
                .map(|i| {
                    let diff = perceived_r(self.params.big_r_adjust, self.risk[h], self.risk[i])
                        - self.risk[i];
                    diff * diff * g[i]
                })
                .sum();
            if f.sqrt() <= 1e-6 {
                let hint = if self.params.big_r_adjust == BigRAdjust::Full {
                    "BigRAdjust=Full always fails in KTAB; use --param mode=native to run it"
                } else {
                    "use --param mode=native to run it"
                };
                return Err(SmpError(format!(
                    "actor {h}'s perceived utilities equal the objective ones, which KTAB rejects \
                     (\"Estimate of change in utility by h out of valid range\"); {hint}"
                )));
            }
        }
        Ok(())
    }

    /// Perceived utilities under belief distortion (gamma != 0): observer h reads each i's ideal
    /// as θ̂_ik = θ_ik + γ·max(0, −r_hi)·(e_ik − θ_ik), e_ik the end of the scale beyond θ_ik as
    /// seen from h (1 if θ_ik >= θ_hk, else 0), and values positions from there:
    /// U^h(i,j) = u(d(θ̂_i → x_j), R^h_i). O(N³·D) per state, so only this path pays for it.
    fn fill_suspicious_utilities(&mut self, gamma: f64) {
        let (n, d) = (self.n, self.d);
        let regard = &self
            .coupling
            .as_ref()
            .expect("gamma comes from the coupling")
            .regard;
        let mut seen = std::mem::take(&mut self.seen_ideal);
        seen.clear();
        seen.resize(d, 0.0);
        for h in 0..n {
            let uth = &mut self.util_t[h * n * n..(h + 1) * n * n];
            for i in 0..n {
                let rhi = perceived_r(self.params.big_r_adjust, self.risk[h], self.risk[i]);
                let distrust = if i == h {
                    0.0
                } else {
                    (-regard[h * n + i]).max(0.0)
                };
                if distrust == 0.0 {
                    // Nothing to distort: the objective distances, bit for bit.
                    for j in 0..n {
                        uth[j * n + i] = bs_util(self.delta[i * n + j], rhi);
                    }
                    continue;
                }
                for (k, x) in seen.iter_mut().enumerate() {
                    let th = self.ideal[i * d + k];
                    let end = if th >= self.ideal[h * d + k] {
                        1.0
                    } else {
                        0.0
                    };
                    *x = th + gamma * distrust * (end - th);
                }
                let s = &self.salience[i * d..(i + 1) * d];
                for j in 0..n {
                    let xj = &self.position[j * d..(j + 1) * d];
                    let dl = bv_diff(&seen, xj, s, self.ss_sqr[i]);
                    uth[j * n + i] = bs_util(dl, rhi);
                }
            }
        }
        self.seen_ideal = seen;
    }

    /// h's estimate of the effect on k of i challenging j (`probEduChlg`, spec 1.5 A):
    /// returns (P^h(i≻j), ΔEU).
    fn prob_edu_challenge(&self, h: usize, k: usize, i: usize, j: usize) -> (f64, f64) {
        let n = self.n;
        let vr = self.params.voting;
        let ut = &self.util_t[h * n * n..(h + 1) * n * n];
        let at = |a: usize, b: usize| ut[b * n + a];
        let (uii, uij, uji, ujj) = (at(i, i), at(i, j), at(j, i), at(j, j));
        let eu_sq = at(k, i) + at(k, j);
        let u_vict = at(k, i) + at(k, i);
        let u_loss = at(k, j) + at(k, j);
        let (si, ci, sj, cj) = (
            self.sigma[i],
            self.capability[i],
            self.sigma[j],
            self.capability[j],
        );
        let ci_ij = vote(vr, si * ci, uii, uij);
        let cj_ij = vote(vr, sj * cj, uji, ujj);
        let (mut chij, mut chji) = (MIN_CHALLENGE, MIN_CHALLENGE);
        if ci_ij > 0.0 {
            chij += ci_ij;
        }
        if ci_ij < 0.0 {
            chji -= ci_ij;
        }
        if cj_ij > 0.0 {
            chij += cj_ij;
        }
        if cj_ij < 0.0 {
            chji -= cj_ij;
        }
        let (c0i, c0j) = (chij, chji);
        // Columns i and j of U^h, read contiguously from the transpose.
        let (col_i, col_j) = (&ut[i * n..(i + 1) * n], &ut[j * n..(j + 1) * n]);
        let diag = &self.util_diag[h * n..(h + 1) * n];
        let cols = Columns {
            i,
            j,
            col_i,
            col_j,
            diag,
            c0i,
            c0j,
        };
        let coupled = matches!(&self.coupling, Some(c) if c.kappa != 0.0);
        // The default rule and commitment get a loop of their own, free of per-iteration dispatch.
        let (tp_ij, tp_ji) = match (vr, self.params.third_party, coupled) {
            (VotingRule::Prop, ThirdPartyCommit::SemiCommit, _) => self.third_parties(
                &cols,
                |w, a, b| w * (a - b),
                |uni, unj, unn| {
                    (
                        uni + uni + unn,
                        unj + unj + unj,
                        uni + uni + uni,
                        unj + unj + unn,
                    )
                },
                coupled,
            ),
            (_, tpc, _) => self.third_parties(
                &cols,
                |w, a, b| vote(vr, w, a, b),
                |uni, unj, unn| match tpc {
                    ThirdPartyCommit::FullCommit => (
                        uni + uni + uni,
                        unj + unj + unj,
                        uni + uni + uni,
                        unj + unj + unj,
                    ),
                    ThirdPartyCommit::SemiCommit => (
                        uni + uni + unn,
                        unj + unj + unj,
                        uni + uni + uni,
                        unj + unj + unn,
                    ),
                    ThirdPartyCommit::NoCommit => (
                        uni + uni + unn,
                        unj + unj + unn,
                        uni + uni + unn,
                        unj + unj + unn,
                    ),
                },
                coupled,
            ),
        };
        (chij, chji) = (tp_ij, tp_ji);
        let phij = chij / (chij + chji);
        let phji = chji / (chij + chji);
        let eu_contest = phij * u_vict + phji * u_loss;
        let eu_chlg = (1.0 - sj) * u_vict + sj * eu_contest;
        (phij, eu_chlg - eu_sq)
    }

    /// Step B for initiator i: the best target and (P^i(i≻j), ΔEU), if any gain exceeds 1e-5.
    fn best_target(&self, i: usize) -> Option<(usize, f64, f64)> {
        let (mut best_j, mut best_p, mut best_eu) = (usize::MAX, 0.0, -1.0);
        for j in 0..self.n {
            if j == i {
                continue;
            }
            let (p, edu) = self.prob_edu_challenge(i, i, i, j);
            if MIN_SIG_EDU < edu && best_eu < edu {
                (best_j, best_p, best_eu) = (j, p, edu);
            }
        }
        (0.0 < best_eu).then_some((best_j, best_p, best_eu))
    }

    /// Interpolated bargain between i and j with probabilities (pi, pj) (spec 1.5 C), appended to
    /// `points` as the initiator's then the receiver's point.
    fn interpolate(&self, i: usize, j: usize, pi: f64, pj: f64, points: &mut Vec<f64>) {
        let d = self.d;
        let at = points.len();
        points.resize(at + 2 * d, 0.0);
        let round4 = |x: f64| (0.5 + x * 10000.0).trunc() / 10000.0;
        for k in 0..d {
            let (tik, sik) = (self.position[i * d + k], self.salience[i * d + k]);
            let (tjk, sjk) = (self.position[j * d + k], self.salience[j * d + k]);
            let (bi, bj) = match self.params.inter_vec {
                InterVecBrgn::S1P1 | InterVecBrgn::S2P2 => {
                    let (wik, wjk) = if self.params.inter_vec == InterVecBrgn::S1P1 {
                        (sik * pi, sjk * pj)
                    } else {
                        ((sik * sik) * (pi * pi), (sjk * sjk) * (pj * pj))
                    };
                    let bi = ((wik + MIN_INTERP) * tik + wjk * tjk) / (wik + MIN_INTERP + wjk);
                    let bj = (wik * tik + (MIN_INTERP + wjk) * tjk) / (wik + MIN_INTERP + wjk);
                    (round4(bi), round4(bj))
                }
                InterVecBrgn::S2PMax => {
                    let di = if pj > pi { pj - pi } else { 0.0 };
                    let dj = if pi > pj { pi - pj } else { 0.0 };
                    let (sik2, sjk2) = (sik * sik, sjk * sjk);
                    let dik = (di * sjk2) / ((di * sjk2) + MIN_INTERP + ((1.0 - di) * sik2));
                    let djk = (dj * sik2) / ((dj * sik2) + MIN_INTERP + ((1.0 - dj) * sjk2));
                    (tik + dik * (tjk - tik), tjk + djk * (tik - tjk))
                }
            };
            points[at + k] = bi;
            points[at + d + k] = bj;
        }
    }

    /// ũ_a(y): actor a's utility of point y from its own ideal and risk attitude.
    #[inline]
    fn own_utility(&self, a: usize, y: &[f64]) -> f64 {
        let d = self.d;
        let th = &self.ideal[a * d..(a + 1) * d];
        let s = &self.salience[a * d..(a + 1) * d];
        bs_util(bv_diff(th, y, s, self.ss_sqr[a]), self.risk[a])
    }

    /// One KTAB turn (spec 1.5): challenges, bargains, per-actor resolution, ideal update, new state.
    pub fn step(&mut self) -> Result<(), SmpError> {
        self.ensure_state()?;
        let (n, d) = (self.n, self.d);
        // Steps A-B: each initiator's best target, independent across actors.
        let mut targets = std::mem::take(&mut self.targets);
        if n >= PARALLEL_FROM {
            targets
                .par_iter_mut()
                .enumerate()
                .for_each(|(i, t)| *t = self.best_target(i));
        } else {
            for (i, t) in targets.iter_mut().enumerate() {
                *t = self.best_target(i);
            }
        }
        // Step C: bargains, in initiator order (the canonical queue order, spec 1.10.6).
        let mut points = std::mem::take(&mut self.points);
        let mut bargains = std::mem::take(&mut self.bargains);
        points.clear();
        bargains.clear();
        for q in self.queues.iter_mut() {
            q.clear();
        }
        for (i, t) in targets.iter().enumerate() {
            let Some((j, p_i, _)) = *t else { continue };
            let model = self.params.bargain_model;
            // Receiver's view: KTAB uses j's estimate of i's expected gain as if it were a
            // probability (spec 1.5 C); native mode uses j's estimate of P(i beats j).
            let receiver_p = if model == BargnModel::InitOnlyInterp {
                0.0
            } else {
                let (pj, gain) = self.prob_edu_challenge(j, i, i, j);
                if self.params.mode == Mode::Ktab {
                    gain
                } else {
                    pj
                }
            };
            // Every model starts from the initiator's interpolation with its own odds.
            let own = points.len();
            self.interpolate(i, j, p_i, 1.0 - p_i, &mut points);
            let mut offer = |at| {
                bargains.push(Bargain {
                    init: i,
                    rcvr: j,
                    at,
                })
            };
            match model {
                BargnModel::InitOnlyInterp => offer(own),
                BargnModel::InitRcvrInterp => {
                    offer(own);
                    let theirs = points.len();
                    self.interpolate(i, j, receiver_p, 1.0 - receiver_p, &mut points);
                    offer(theirs);
                }
                BargnModel::PWCompInterp => {
                    let theirs = points.len();
                    self.interpolate(i, j, receiver_p, 1.0 - receiver_p, &mut points);
                    let wi = self.capability[i] * self.sigma[i];
                    // KTAB weighs the receiver's view with the initiator's capability (spec 1.10.3).
                    let cj = if self.params.mode == Mode::Ktab {
                        self.capability[i]
                    } else {
                        self.capability[j]
                    };
                    let wj = cj * self.sigma[j];
                    let at = points.len();
                    for s in 0..2 * d {
                        let x = (wi * points[own + s] + wj * points[theirs + s]) / (wi + wj);
                        points.push(x);
                    }
                    offer(at);
                }
            }
            let last = bargains.len();
            let first = if model == BargnModel::InitRcvrInterp {
                last - 2
            } else {
                last - 1
            };
            for b in first..last {
                self.queues[i].push(b);
                self.queues[j].push(b);
            }
        }
        // Step D, valuation: each bargain's value to each actor, once (it sits in two queues).
        let nb = bargains.len();
        let mut value = std::mem::take(&mut self.bargain_value);
        let mut sq_value = std::mem::take(&mut self.sq_value);
        value.clear();
        value.resize(nb * n, 0.0);
        {
            let this = &*self;
            let pts = &points;
            let bgs = &bargains;
            let fill = |a: usize, sq: &mut f64| {
                let ua = &this.own_util[a * n..(a + 1) * n];
                let mut s = 0.0;
                for &x in ua {
                    s += x;
                }
                *sq = s / n as f64;
            };
            for (a, sq) in sq_value.iter_mut().enumerate() {
                fill(a, sq);
            }
            let val = |b: usize, out: &mut [f64]| {
                let bg = bgs[b];
                let bi = &pts[bg.at..bg.at + d];
                let bj = &pts[bg.at + d..bg.at + 2 * d];
                for (a, o) in out.iter_mut().enumerate() {
                    let ua = &this.own_util[a * n..(a + 1) * n];
                    let mut s = 0.0;
                    s += this.own_utility(a, bi);
                    s += this.own_utility(a, bj);
                    for (t, &x) in ua.iter().enumerate() {
                        if t != bg.init && t != bg.rcvr {
                            s += x;
                        }
                    }
                    *o = s / n as f64;
                }
            };
            if n >= PARALLEL_FROM {
                value
                    .par_chunks_mut(n)
                    .enumerate()
                    .for_each(|(b, out)| val(b, out));
            } else {
                value
                    .chunks_mut(n)
                    .enumerate()
                    .for_each(|(b, out)| val(b, out));
            }
        }
        // Step D, resolution: each actor picks from its own queue [SQ, bargains in initiator order].
        for k in 0..n {
            for a in 0..n {
                self.weights[a] = self.capability[a] * self.regard_factor(a, k);
            }
            let queue = &self.queues[k];
            let m = queue.len() + 1;
            // Options: the status quo, then the queue's bargains; each row holds every voter.
            let cols = &mut self.option_cols;
            cols.clear();
            cols.extend_from_slice(&sq_value);
            for &b in queue {
                cols.extend_from_slice(&value[b * n..(b + 1) * n]);
            }
            scalar_pce(
                &self.params,
                &self.weights,
                m,
                cols,
                &mut self.scratch,
                &mut self.pce_out,
            )?;
            let p = &self.pce_out;
            let chosen = match self.params.transitions {
                StateTransitions::Deterministic => {
                    let (mut best, mut ma) = (0usize, -1.0f64);
                    for (o, &x) in p.iter().enumerate() {
                        if ma < x.abs() {
                            (best, ma) = (o, x.abs());
                        }
                    }
                    best
                }
                StateTransitions::Stochastic => {
                    // Draws in actor order, one per actor, from the model's own stream.
                    let u: f64 = (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
                    let mut cum = 0.0;
                    let mut pick = m - 1;
                    for (o, &x) in p.iter().enumerate() {
                        cum += x;
                        if cum >= u {
                            pick = o;
                            break;
                        }
                    }
                    pick
                }
            };
            let dst = &mut self.new_position[k * d..(k + 1) * d];
            if chosen == 0 {
                dst.copy_from_slice(&self.position[k * d..(k + 1) * d]);
            } else {
                let bg = bargains[queue[chosen - 1]];
                let at = if bg.init == k { bg.at } else { bg.at + d };
                dst.copy_from_slice(&points[at..at + d]);
            }
        }
        // Step E: ideals move toward positions through the accommodation matrix.
        match &self.accommodation {
            None => self.new_ideal.copy_from_slice(&self.new_position),
            Some(acc) => {
                for i in 0..n {
                    let mut s = 0.0;
                    let nip = &mut self.new_ideal[i * d..(i + 1) * d];
                    nip.iter_mut().for_each(|x| *x = 0.0);
                    for j in 0..n {
                        let a = acc[i * n + j];
                        s += a;
                        for k in 0..d {
                            nip[k] += a * self.new_position[j * d + k];
                        }
                    }
                    let s = if s > 1.0 { 1.0 } else { s };
                    let lag = 1.0 - s;
                    for k in 0..d {
                        nip[k] += lag * self.ideal[i * d + k];
                    }
                }
            }
        }
        self.last_movement = movement(&self.position, &self.new_position, n, d);
        std::mem::swap(&mut self.position, &mut self.new_position);
        std::mem::swap(&mut self.ideal, &mut self.new_ideal);
        self.targets = targets;
        self.points = points;
        self.bargains = bargains;
        self.bargain_value = value;
        self.sq_value = sq_value;
        self.turn += 1;
        // Step F, the new state's derived quantities, is done on demand (`ensure_state`).
        self.stale = true;
        Ok(())
    }

    /// Reported outcome probabilities of the current state (spec 1.7): per actor, the probability
    /// of the unique position it holds. Actors at one position share a number, so these can sum
    /// to more than 1; [`Smp::outcome_distribution`] gives the distribution itself.
    ///
    /// As `smpc`'s `posProb` does, an actor's number is that of the *last* unique position within
    /// tolerance of its own, which need not be the one it was grouped with when the unique
    /// positions were chosen (first occurrences).
    pub fn outcome_probabilities(&mut self) -> Result<Vec<f64>, SmpError> {
        let (map, p) = self.outcome_distribution()?;
        let d = self.d;
        // Representatives, in unique-index order: the first actor of each group.
        let reps: Vec<usize> = (0..self.n)
            .filter(|&i| map[..i].iter().all(|&m| m != map[i]))
            .collect();
        Ok((0..self.n)
            .map(|i| {
                let xi = &self.position[i * d..(i + 1) * d];
                let last = reps.iter().rposition(|&r| {
                    let xr = &self.position[r * d..(r + 1) * d];
                    let mut s = 0.0;
                    for k in 0..d {
                        let z = xi[k] - xr[k];
                        s += z * z;
                    }
                    s.sqrt() < POS_TOL
                });
                p[last.unwrap_or(map[i])]
            })
            .collect())
    }

    /// The outcome distribution over unique positions (first occurrences, tolerance 1e-3 on the
    /// 0-1 scale): returns each actor's unique-position index and the probabilities, which sum
    /// to 1. A PCE over the unique positions, each actor valuing them from its own view, weighted
    /// by capability.
    pub fn outcome_distribution(&mut self) -> Result<(Vec<usize>, Vec<f64>), SmpError> {
        self.ensure_state()?;
        let (n, d) = (self.n, self.d);
        let mut unique: Vec<usize> = Vec::with_capacity(n);
        let mut map = vec![0usize; n];
        for i in 0..n {
            let xi = &self.position[i * d..(i + 1) * d];
            let found = unique.iter().position(|&u| {
                let xu = &self.position[u * d..(u + 1) * d];
                let mut s = 0.0;
                for k in 0..d {
                    let z = xi[k] - xu[k];
                    s += z * z;
                }
                s.sqrt() < POS_TOL
            });
            map[i] = match found {
                Some(m) => m,
                None => {
                    unique.push(i);
                    unique.len() - 1
                }
            };
        }
        let mut cols = Vec::with_capacity(unique.len() * n);
        for &u in &unique {
            cols.extend((0..n).map(|a| self.own_util[a * n + u]));
        }
        let mut p = Vec::with_capacity(unique.len());
        scalar_pce(
            &self.params,
            &self.capability,
            unique.len(),
            &cols,
            &mut self.scratch,
            &mut p,
        )?;
        Ok((map, p))
    }
}

/// What the third-party loop of a challenge reads: columns i and j of U^h, U^h itself (for the
/// diagonal) and the principals' frozen coalition strengths.
struct Columns<'a> {
    i: usize,
    j: usize,
    col_i: &'a [f64],
    col_j: &'a [f64],
    /// U^h(t,t) for every t.
    diag: &'a [f64],
    c0i: f64,
    c0j: f64,
}

impl Smp {
    /// Third parties' votes in a challenge of i on j (spec 1.5 A), accumulated in index order onto
    /// the principals' strengths; returns the final (S_ij, S_ji).
    #[inline(always)]
    fn third_parties(
        &self,
        c: &Columns,
        vote: impl Fn(f64, f64, f64) -> f64,
        commit: impl Fn(f64, f64, f64) -> (f64, f64, f64, f64),
        coupled: bool,
    ) -> (f64, f64) {
        // A stack buffer sized to the case: small forums should not clear 2 KB per challenge.
        if self.n <= 16 {
            let mut votes = [0.0f64; 16];
            self.third_parties_in(c, vote, commit, coupled, &mut votes[..self.n])
        } else {
            let mut votes = [0.0f64; 250];
            self.third_parties_in(c, vote, commit, coupled, &mut votes[..self.n])
        }
    }

    /// Two passes: the votes, free of branches so they vectorise (i and j are computed and then
    /// skipped), and then their sum in index order, which fixes the rounding. `c0 + max(v, 0)`
    /// equals KTAB's conditional update bit for bit, and the coupling factor multiplies a vote
    /// after it is cast, as in the one-pass form.
    #[inline(always)]
    fn third_parties_in(
        &self,
        c: &Columns,
        vote: impl Fn(f64, f64, f64) -> f64,
        commit: impl Fn(f64, f64, f64) -> (f64, f64, f64, f64),
        coupled: bool,
        votes: &mut [f64],
    ) -> (f64, f64) {
        let rows = self
            .challenge_weight
            .iter()
            .zip(c.col_i)
            .zip(c.col_j)
            .zip(c.diag);
        for (vk, (((&wn, &uni), &unj), &unn)) in votes.iter_mut().zip(rows) {
            let v = vote(wn, uni, unj);
            let cni = c.c0i + v.max(0.0);
            let cnj = c.c0j + (-v).max(0.0);
            let pin = cni / (cni + cnj);
            let pjn = 1.0 - pin;
            let (a1, a2, a3, a4) = commit(uni, unj, unn);
            *vk = vote(wn, (pin * a1) + (pjn * a2), (pin * a3) + (pjn * a4));
        }
        let (mut chij, mut chji) = (c.c0i, c.c0j);
        for (t, &v) in votes.iter().enumerate() {
            if t == c.i || t == c.j {
                continue;
            }
            let mut vk = v;
            if coupled {
                // Coupling: support for a side is scaled by the third party's regard for it.
                vk *= if vk > 0.0 {
                    self.regard_factor(t, c.i)
                } else {
                    self.regard_factor(t, c.j)
                };
            }
            chij += vk.max(0.0);
            chji += (-vk).max(0.0);
        }
        (chij, chji)
    }
}

/// Σ_i ||a_i − b_i||₂ over actors (the stopping rule's distance).
fn movement(a: &[f64], b: &[f64], n: usize, d: usize) -> f64 {
    let mut total = 0.0;
    for i in 0..n {
        let mut s = 0.0;
        for k in 0..d {
            let z = a[i * d + k] - b[i * d + k];
            s += z * z;
        }
        total += s.sqrt();
    }
    total
}

/// Runs the model from the negotiation's positions until KTAB's stopping rule (spec 1.6) holds, the
/// turn cap is reached, or (native mode) the positions enter a limit cycle.
///
/// In KTAB mode a detected cycle does not stop the run, so trajectories stay those of `smpc`; the
/// stop reason still says `cycle` when the run ends at the cap while cycling.
pub fn run(neg: &Negotiation, cfg: &SmpConfig) -> Result<SmpRun, SmpError> {
    run_with_probabilities(neg, cfg, true)
}

/// As [`run`]; `with_probabilities = false` skips the reported outcome probabilities (spec 1.7),
/// which the dynamics never use.
pub fn run_with_probabilities(
    neg: &Negotiation,
    cfg: &SmpConfig,
    with_probabilities: bool,
) -> Result<SmpRun, SmpError> {
    let mut smp = Smp::new(neg, cfg)?;
    let (n, d) = (smp.n, smp.d);
    let mut positions = vec![smp.position.clone()];
    let mut ideals = vec![smp.ideal.clone()];
    let mut probabilities = Vec::new();
    if with_probabilities {
        probabilities.push(smp.outcome_probabilities()?);
    }
    let max_turns = cfg.max_turns.max(1);
    let mut cycle: Option<usize> = None;
    let stop = loop {
        smp.step()?;
        // Build the new state now, so a state KTAB rejects fails here, as it does in smpc.
        smp.ensure_state()?;
        positions.push(smp.position.clone());
        ideals.push(smp.ideal.clone());
        if with_probabilities {
            probabilities.push(smp.outcome_probabilities()?);
        }
        let t = smp.turn;
        let d01 = movement(&positions[0], &positions[1], n, d) + STOP_EPS;
        let dt = smp.last_movement;
        if t >= STOP_MIN_ITER && dt / d01 < STOP_RATIO {
            break StopReason::Converged;
        }
        if cycle.is_none() {
            cycle = (2..=MAX_CYCLE.min(t))
                .find(|&p| positions[t] == positions[t - p] && ideals[t] == ideals[t - p]);
            if let Some(period) = cycle {
                if cfg.params.mode == Mode::Native {
                    break StopReason::Cycle { period };
                }
            }
        }
        if t >= max_turns {
            break match cycle {
                Some(period) => StopReason::Cycle { period },
                None => StopReason::MaxTurns,
            };
        }
    };
    Ok(SmpRun {
        positions,
        ideals,
        probabilities,
        stop,
    })
}

impl Params {
    /// Sets one parameter by its KTAB name (`VotingRule=PropCbc`), or `mode=ktab|native`.
    /// Accepts the XSD spellings `Proportional` and `No` as aliases of `Prop` and `None`.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        fn pick<T: Copy>(
            all: &[T],
            label: fn(T) -> &'static str,
            param: &str,
            v: &str,
        ) -> Result<T, String> {
            let v = match v {
                "Proportional" => "Prop",
                "No" => "None",
                other => other,
            };
            all.iter()
                .copied()
                .find(|x| label(*x).eq_ignore_ascii_case(v))
                .ok_or_else(|| {
                    let names: Vec<&str> = all.iter().map(|x| label(*x)).collect();
                    format!(
                        "unknown value '{v}' for {param} (expected one of {})",
                        names.join(", ")
                    )
                })
        }
        match name {
            "VictoryProbModel" => {
                self.victory_prob =
                    pick(VictoryProbModel::ALL, VictoryProbModel::name, name, value)?
            }
            "PCEModel" | "ProbCondorcetElection" => {
                self.pce = pick(PceModel::ALL, PceModel::name, name, value)?
            }
            "StateTransitions" | "StateTransition" => {
                self.transitions = pick(StateTransitions::ALL, StateTransitions::name, name, value)?
            }
            "VotingRule" => self.voting = pick(VotingRule::ALL, VotingRule::name, name, value)?,
            "BigRAdjust" => {
                self.big_r_adjust = pick(BigRAdjust::ALL, BigRAdjust::name, name, value)?
            }
            "BigRRange" => self.big_r_range = pick(BigRRange::ALL, BigRRange::name, name, value)?,
            "ThirdPartyCommit" => {
                self.third_party = pick(ThirdPartyCommit::ALL, ThirdPartyCommit::name, name, value)?
            }
            "InterVecBrgn" => {
                self.inter_vec = pick(InterVecBrgn::ALL, InterVecBrgn::name, name, value)?
            }
            "BargnModel" => {
                self.bargain_model = pick(BargnModel::ALL, BargnModel::name, name, value)?
            }
            "mode" | "Mode" => {
                self.mode = match value.to_ascii_lowercase().as_str() {
                    "ktab" => Mode::Ktab,
                    "native" => Mode::Native,
                    _ => {
                        return Err(format!(
                            "unknown value '{value}' for mode (expected ktab or native)"
                        ))
                    }
                }
            }
            _ => {
                return Err(format!(
                    "unknown parameter '{name}' (expected one of {}, mode)",
                    PARAM_NAMES.join(", ")
                ))
            }
        }
        Ok(())
    }

    /// The nine parameters as (KTAB name, value name), in KTAB's order.
    pub fn entries(&self) -> [(&'static str, &'static str); 9] {
        [
            ("VictoryProbModel", self.victory_prob.name()),
            ("PCEModel", self.pce.name()),
            ("StateTransitions", self.transitions.name()),
            ("VotingRule", self.voting.name()),
            ("BigRAdjust", self.big_r_adjust.name()),
            ("BigRRange", self.big_r_range.name()),
            ("ThirdPartyCommit", self.third_party.name()),
            ("InterVecBrgn", self.inter_vec.name()),
            ("BargnModel", self.bargain_model.name()),
        ]
    }
}

/// KTAB's names of the nine model parameters.
pub const PARAM_NAMES: [&str; 9] = [
    "VictoryProbModel",
    "PCEModel",
    "StateTransitions",
    "VotingRule",
    "BigRAdjust",
    "BigRRange",
    "ThirdPartyCommit",
    "InterVecBrgn",
    "BargnModel",
];
