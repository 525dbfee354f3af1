//! Bueno de Mesquita's expected-utility group decision model for one-dimensional issues, as
//! reconstructed by Scholz, Calbert & Smith (2011), "Unravelling Bueno de Mesquita's group
//! decision model" (ICAART 2011; J. Theoretical Politics 23(4)); the original is Bueno de
//! Mesquita (1985, 1994). Section numbers (§) refer to the project's specification of that
//! reconstruction (`shared/docs/bdm-scholz-spec.md`), whose readings of the paper's ambiguities
//! (A1-A16) are followed throughout.
//!
//! One round: the weighted median μ (§2.1); pass 1 with every risk exponent 1 gives each actor's
//! insecurity and hence its risk exponent r_i in [0.5, 2] (§2.5, BDM 1985 eq. 33-34); pass 2
//! recomputes the probabilities of prevailing with risk-adjusted votes and, for every receiver i
//! and proposer j, i's expected utility of challenging j (a) and j's of challenging i as i sees it
//! (b) (§2.6). Offers are classified (confrontation lost, compromise, capitulation; §3.1), each
//! actor takes at most one (§3.2), and all moves apply at once (§3.3).
//!
//! The model is invariant under affine maps of the position scale (distances are divided by the
//! issue's range Δ), so it runs directly on the [0, 1] scale of [`Negotiation`]; saliences are
//! used on [0, 1], as probabilities, exactly as the model needs.

// Index loops keep the code's subscripts those of the equations (i challenger, j target, k voter).
#![allow(clippy::needless_range_loop)]

use crate::Negotiation;

/// Model parameters (§5). The defaults are Scholz et al.'s for the emission-standards case.
#[derive(Clone, Debug, PartialEq)]
pub struct BdmParams {
    /// Probability of the status quo if i does not challenge j (Scholz et al.: 1.0).
    pub q: f64,
    /// Probability that an unforced move of j improves i's lot (matters only when q < 1).
    pub t: f64,
    /// Number of rounds to run (Scholz et al. Table 2: 8; default 10).
    pub rounds: usize,
    /// Whether an actor may capitulate ("Compel -", the lowest-priority offer, §3.1, A7).
    pub capitulation: bool,
    /// Stop before `rounds` once a round moves nobody (an exact fixed point: the state is x alone).
    pub stop_when_static: bool,
}

impl Default for BdmParams {
    fn default() -> Self {
        BdmParams {
            q: 1.0,
            t: 1.0,
            rounds: 10,
            capitulation: true,
            stop_when_static: false,
        }
    }
}

/// A whole run: index 0 is the input, index t the state after t rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct BdmRun {
    /// Positions of every actor, per round, on the negotiation's [0, 1] scale.
    pub positions: Vec<Vec<f64>>,
    /// Weighted median voter position (weights c·s, §3.4) per round.
    pub median: Vec<f64>,
    /// Weighted mean position (weights c·s, §3.4) per round.
    pub mean: Vec<f64>,
    /// Risk exponents computed in each round (index t-1 for round t).
    pub risk: Vec<Vec<f64>>,
}

/// The median voter position of §2.1: among the occupied positions, the one that minimises
/// `sum_k w_k |x_k - p|`; ties go to the smallest position (A11).
pub fn median_voter(x: &[f64], w: &[f64]) -> f64 {
    let mut best: Option<(f64, f64)> = None;
    let mut cand: Vec<f64> = x.to_vec();
    cand.sort_by(f64::total_cmp);
    cand.dedup();
    for &p in &cand {
        let cost: f64 = x.iter().zip(w).map(|(xk, wk)| wk * (xk - p).abs()).sum();
        match best {
            Some((c, _)) if cost >= c - 1e-12 => {}
            _ => best = Some((cost, p)),
        }
    }
    best.map_or(f64::NAN, |b| b.1)
}

fn weighted_mean(x: &[f64], w: &[f64]) -> f64 {
    let den: f64 = w.iter().sum();
    x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / den
}

/// Work space of one round, reused across rounds (flat n x n arrays).
struct Round {
    n: usize,
    dist: Vec<f64>,
    prob: Vec<f64>,
}

impl Round {
    /// P_ij (§2.3) for voter exponents `rho`: the positive votes for i over j divided by the
    /// sum of |votes| over all voters and ordered actor pairs (A1).
    fn probabilities(&mut self, x: &[f64], w: &[f64], rho: &[f64], delta: f64) {
        let n = self.n;
        for k in 0..n {
            for a in 0..n {
                self.dist[k * n + a] = ((x[k] - x[a]).abs() / delta).powf(rho[k]);
            }
        }
        let mut norm = 0.0;
        for k in 0..n {
            let dk = &self.dist[k * n..(k + 1) * n];
            let mut s = 0.0;
            for a in 0..n {
                for b in 0..n {
                    s += (dk[b] - dk[a]).abs();
                }
            }
            norm += w[k] * s;
        }
        for i in 0..n {
            for j in 0..n {
                let p = if x[i] == x[j] || norm <= 0.0 {
                    0.0
                } else {
                    let mut pos = 0.0;
                    for k in 0..n {
                        let v = w[k] * (self.dist[k * n + j] - self.dist[k * n + i]);
                        if v > 0.0 {
                            pos += v;
                        }
                    }
                    pos / norm
                };
                self.prob[i * n + j] = p;
            }
        }
    }
}

/// Fixed inputs of a run.
struct Model<'a> {
    s: &'a [f64],
    q: f64,
    t: f64,
    delta: f64,
}

impl Model<'_> {
    /// E^h(U_ij) with the perceiver's exponent `r` (§2.4); `p` = P_ij, `mu` the median.
    fn eu(&self, x: &[f64], i: usize, j: usize, r: f64, p: f64, mu: f64) -> f64 {
        let d = (x[i] - x[j]).abs() / self.delta;
        let us = 2.0 - 4.0 * (0.5 - 0.5 * d).powf(r);
        let uf = 2.0 - 4.0 * (0.5 + 0.5 * d).powf(r);
        let usq = 2.0 - 4.0 * 0.5f64.powf(r);
        let sj = self.s[j];
        let mut v = sj * (p * us + (1.0 - p) * uf) + (1.0 - sj) * us - self.q * usq;
        if self.q != 1.0 {
            let e = ((x[i] - mu).abs() + (x[i] - x[j]).abs()) / self.delta;
            let ub = 2.0 - 4.0 * (0.5 - 0.25 * e).max(0.0).powf(r);
            let uw = 2.0 - 4.0 * (0.5 + 0.25 * e).powf(r);
            v -= (1.0 - self.q) * (self.t * ub + (1.0 - self.t) * uw);
        }
        v
    }
}

/// Runs the model on a one-dimensional negotiation. Errors if the negotiation is invalid or has
/// more than one dimension, or if a parameter is outside its range.
pub fn run(neg: &Negotiation, params: &BdmParams) -> Result<BdmRun, String> {
    neg.validate()?;
    if neg.d() != 1 {
        return Err(format!(
            "the BDM model handles one-dimensional issues only, this negotiation has {}",
            neg.d()
        ));
    }
    if !(0.0..=1.0).contains(&params.q) || !(0.0..=1.0).contains(&params.t) {
        return Err(format!(
            "BDM parameters q and t must lie in [0, 1], found q={} t={}",
            params.q, params.t
        ));
    }
    let n = neg.n();
    let c = &neg.capability;
    let s = &neg.salience;
    let w: Vec<f64> = (0..n).map(|i| c[i] * s[i]).collect();
    let mut x = neg.position.clone();
    let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let model = Model {
        s,
        q: params.q,
        t: params.t,
        delta: hi - lo,
    };

    let mut out = BdmRun {
        positions: vec![x.clone()],
        median: vec![median_voter(&x, &w)],
        mean: vec![weighted_mean(&x, &w)],
        risk: Vec::new(),
    };
    let mut work = Round {
        n,
        dist: vec![0.0; n * n],
        prob: vec![0.0; n * n],
    };
    let ones = vec![1.0; n];
    let mut r = vec![1.0; n];
    let mut sec = vec![0.0; n];
    let mut next = x.clone();
    for _ in 0..params.rounds {
        // A16: a zero range means nobody can move.
        let moved = if model.delta > 0.0 {
            let mu = median_voter(&x, &w);
            // Pass 1 (§2.5): exponents 1; insecurity S_i = sum_j E(U_ji).
            work.probabilities(&x, &w, &ones, model.delta);
            for i in 0..n {
                sec[i] = (0..n)
                    .filter(|&j| j != i)
                    .map(|j| model.eu(&x, j, i, 1.0, work.prob[j * n + i], mu))
                    .sum();
            }
            let smax = sec.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let smin = sec.iter().copied().fold(f64::INFINITY, f64::min);
            for i in 0..n {
                let big_r = if smax > smin {
                    (2.0 * sec[i] - smax - smin) / (smax - smin)
                } else {
                    0.0
                };
                r[i] = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0);
            }
            // Pass 2 (§2.6): votes with each voter's own exponent; perceptions with the receiver's.
            work.probabilities(&x, &w, &r, model.delta);
            next.copy_from_slice(&x);
            let mut moved = false;
            for i in 0..n {
                if let Some(p) =
                    choose_offer(&model, &x, &work.prob, &r, i, mu, params.capitulation)
                {
                    next[i] = p;
                    moved = true;
                }
            }
            std::mem::swap(&mut x, &mut next);
            out.risk.push(r.clone());
            moved
        } else {
            out.risk.push(vec![1.0; n]);
            false
        };
        out.positions.push(x.clone());
        out.median.push(median_voter(&x, &w));
        out.mean.push(weighted_mean(&x, &w));
        if params.stop_when_static && !moved {
            break;
        }
    }
    Ok(out)
}

/// The offer receiver i accepts this round, if any (§3.1-3.2): a lost confrontation (least
/// movement), else a compromise (smallest key K_ij, A6), else a capitulation (least movement).
/// Ties go to the proposer listed first.
fn choose_offer(
    m: &Model,
    x: &[f64],
    prob: &[f64],
    r: &[f64],
    i: usize,
    mu: f64,
    capitulation: bool,
) -> Option<f64> {
    let n = x.len();
    let ri = r[i];
    // (selection key, new position) per category
    let mut best: [Option<(f64, f64)>; 3] = [None, None, None];
    let mut offer = |cat: usize, key: f64, pos: f64| {
        if best[cat].is_none_or(|(k, _)| key < k) {
            best[cat] = Some((key, pos));
        }
    };
    for j in 0..n {
        if j == i || x[j] == x[i] {
            continue;
        }
        let a = m.eu(x, i, j, ri, prob[i * n + j], mu);
        let b = m.eu(x, j, i, ri, prob[j * n + i], mu);
        let moveby = (x[j] - x[i]).abs();
        if b > a && a > 0.0 {
            offer(0, moveby, x[j]);
        } else if a < 0.0 && 0.0 < b && b > -a {
            let newpos = x[i] + (x[j] - x[i]) * (-a / b);
            let key = (-a * x[i] + b * x[j]) / (-a + b);
            offer(1, key, newpos);
        } else if a < 0.0 && 0.0 < b && b < -a && capitulation {
            offer(2, moveby, x[j]);
        }
    }
    best.iter().flatten().next().map(|&(_, p)| p)
}
