//! The relation matrix of the crisis model and its per-round dynamics.
//!
//! r_ij in [-1, 1] is how actor i regards actor j (directed; the diagonal is unused and kept 0).
//! Its symmetric view is the signed weighted graph with w_ij = (r_ij + r_ji) / 2, an edge wherever
//! |w_ij| exceeds a threshold: the mean of the two regards, so a pair counts as hostile when the
//! hostility on one side outweighs the warmth on the other.

use crate::graph::{Edge, SignedGraph};

/// A directed signed weighted relation matrix, flat and row-major: `values()[i * n + j]` = r_ij.
#[derive(Debug, Clone, PartialEq)]
pub struct Relations {
    n: usize,
    r: Vec<f64>,
}

/// Why a matrix is not a relation matrix.
#[derive(Debug, Clone, PartialEq)]
pub enum RelationsError {
    WrongLength { expected: usize, found: usize },
    OutOfRange { i: usize, j: usize, value: f64 },
}

impl std::fmt::Display for RelationsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RelationsError::WrongLength { expected, found } => {
                write!(f, "relation matrix needs {expected} values, found {found}")
            }
            RelationsError::OutOfRange { i, j, value } => {
                write!(f, "relation r[{i}][{j}] = {value} is outside [-1, 1]")
            }
        }
    }
}

impl std::error::Error for RelationsError {}

impl Relations {
    /// `n` actors, all relations neutral (0).
    pub fn neutral(n: usize) -> Self {
        Relations {
            n,
            r: vec![0.0; n * n],
        }
    }

    /// From `n * n` row-major values, each finite and in [-1, 1]; the diagonal is set to 0.
    pub fn from_values(n: usize, values: Vec<f64>) -> Result<Self, RelationsError> {
        if values.len() != n * n {
            return Err(RelationsError::WrongLength {
                expected: n * n,
                found: values.len(),
            });
        }
        for (k, &x) in values.iter().enumerate() {
            if !(-1.0..=1.0).contains(&x) {
                return Err(RelationsError::OutOfRange {
                    i: k / n,
                    j: k % n,
                    value: x,
                });
            }
        }
        let mut r = Relations { n, r: values };
        for i in 0..n {
            r.r[i * n + i] = 0.0;
        }
        Ok(r)
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.r[i * self.n + j]
    }

    /// Set r_ij, clipped to [-1, 1] (NaN becomes 0); the diagonal stays 0.
    pub fn set(&mut self, i: usize, j: usize, value: f64) {
        if i != j {
            self.r[i * self.n + j] = if value.is_nan() {
                0.0
            } else {
                value.clamp(-1.0, 1.0)
            };
        }
    }

    pub fn values(&self) -> &[f64] {
        &self.r
    }

    /// Mutable values, for [`step`]; callers keep them in [-1, 1].
    pub fn values_mut(&mut self) -> &mut [f64] {
        &mut self.r
    }

    /// The symmetric weight (r_ij + r_ji) / 2 of the pair.
    #[inline]
    pub fn symmetric(&self, i: usize, j: usize) -> f64 {
        0.5 * (self.get(i, j) + self.get(j, i))
    }

    /// The symmetric signed graph: an edge {i, j} of weight (r_ij + r_ji) / 2 wherever its
    /// absolute value exceeds `threshold` (0 keeps every non-neutral pair).
    pub fn signed_graph(&self, threshold: f64) -> SignedGraph {
        let mut edges = Vec::new();
        for i in 0..self.n {
            for j in i + 1..self.n {
                let w = self.symmetric(i, j);
                if w.abs() > threshold && w != 0.0 {
                    edges.push(Edge {
                        u: i,
                        v: j,
                        weight: w,
                    });
                }
            }
        }
        SignedGraph::new(self.n, edges).expect("pairs are distinct and weights finite")
    }
}

/// Gains of the relation dynamics, each per round. All zero leaves relations unchanged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DynamicsParams {
    /// Scale of event impulses (the impulse of an event is its Goldstein score / 10).
    pub impulse_gain: f64,
    /// Ornstein-Uhlenbeck rate theta of mean reversion to the baseline (Uhlenbeck & Ornstein
    /// 1930): the gap to the baseline shrinks by the factor exp(-theta) each round.
    pub reversion_rate: f64,
    /// Gain of balance pressure (Marvel, Kleinberg, Kleinberg & Strogatz 2011, dX/dt = X^2),
    /// applied to the mean over third parties (1/(n-2)) sum_k r_ik r_kj.
    pub balance_gain: f64,
    /// Standard deviation sigma of the Ornstein-Uhlenbeck noise (per unit time).
    pub noise_scale: f64,
}

impl Default for DynamicsParams {
    /// Modest defaults for monthly rounds: an event of Goldstein -10 moves a relation by 0.5, the
    /// gap to the baseline halves in about seven rounds (theta = 0.1), balance pressure at 0.1.
    fn default() -> Self {
        DynamicsParams {
            impulse_gain: 0.5,
            reversion_rate: 0.1,
            balance_gain: 0.1,
            noise_scale: 0.0,
        }
    }
}

/// One round of relation dynamics, in place, allocation-free. For every ordered pair i != j:
///
/// r_ij <- clip( b_ij + (r_ij - b_ij) e^-theta                    (mean reversion)
///              + impulse_gain * impulses_ij                      (events)
///              + balance_gain * (1/(n-2)) sum_{k != i,j} r_ik r_kj  (balance pressure)
///              + sigma * sqrt((1 - e^-2theta) / (2 theta)) * noise_ij,  -1, 1)
///
/// The balance term uses the relations at the start of the round. The noise factor makes the
/// reversion and noise an exact Ornstein-Uhlenbeck step over one round (sigma * noise_ij when
/// theta = 0). All slices are n x n row-major; `impulses` holds the round's summed Goldstein/10
/// scores; `noise` is pre-drawn standard normals, or empty for none; `scratch` is n x n working
/// space. The diagonal is left at 0.
pub fn step(
    n: usize,
    r: &mut [f64],
    baseline: &[f64],
    impulses: &[f64],
    noise: &[f64],
    params: &DynamicsParams,
    scratch: &mut [f64],
) {
    let nn = n * n;
    assert!(
        r.len() == nn && baseline.len() == nn && impulses.len() == nn && scratch.len() == nn,
        "relation slices must be n x n"
    );
    assert!(
        noise.is_empty() || noise.len() == nn,
        "noise must be empty or n x n"
    );
    // Balance pressure from the current relations.
    if params.balance_gain != 0.0 && n >= 3 {
        let inv = 1.0 / (n - 2) as f64;
        for i in 0..n {
            for j in 0..n {
                let mut s = 0.0;
                if i != j {
                    for k in 0..n {
                        if k != i && k != j {
                            s += r[i * n + k] * r[k * n + j];
                        }
                    }
                }
                scratch[i * n + j] = s * inv;
            }
        }
    } else {
        scratch.iter_mut().for_each(|x| *x = 0.0);
    }
    let theta = params.reversion_rate;
    let keep = (-theta).exp();
    let noise_sd = if theta > 0.0 {
        params.noise_scale * ((1.0 - (-2.0 * theta).exp()) / (2.0 * theta)).sqrt()
    } else {
        params.noise_scale
    };
    for i in 0..n {
        for j in 0..n {
            let k = i * n + j;
            if i == j {
                r[k] = 0.0;
                continue;
            }
            let b = baseline[k];
            let mut x = b
                + (r[k] - b) * keep
                + params.impulse_gain * impulses[k]
                + params.balance_gain * scratch[k];
            if !noise.is_empty() {
                x += noise_sd * noise[k];
            }
            r[k] = if x.is_nan() { b } else { x.clamp(-1.0, 1.0) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_view_averages_the_two_regards() {
        let r = Relations::from_values(3, vec![0.0, 0.8, -0.2, -0.4, 0.0, 0.0, -0.6, 0.0, 0.0])
            .unwrap();
        let g = r.signed_graph(0.0);
        assert_eq!(g.edge_count(), 2);
        let e01 = g.edges().iter().find(|e| (e.u, e.v) == (0, 1)).unwrap();
        assert!((e01.weight - 0.2).abs() < 1e-15);
        let e02 = g.edges().iter().find(|e| (e.u, e.v) == (0, 2)).unwrap();
        assert!((e02.weight + 0.4).abs() < 1e-15);
        assert_eq!(r.signed_graph(0.3).edge_count(), 1);
        assert!(Relations::from_values(2, vec![0.0, 1.5, 0.0, 0.0]).is_err());
    }

    #[test]
    fn zero_gains_keep_relations() {
        let n = 3;
        let mut r = vec![0.0, 0.5, -0.5, 0.2, 0.0, 0.9, -1.0, 0.3, 0.0];
        let before = r.clone();
        let p = DynamicsParams {
            impulse_gain: 0.0,
            reversion_rate: 0.0,
            balance_gain: 0.0,
            noise_scale: 0.0,
        };
        let zero = vec![0.0; 9];
        let mut scratch = vec![0.0; 9];
        step(n, &mut r, &zero, &zero, &[], &p, &mut scratch);
        assert_eq!(r, before);
    }

    #[test]
    fn each_mechanism_moves_the_right_way() {
        let n = 3;
        let zero = vec![0.0; 9];
        let mut scratch = vec![0.0; 9];
        // Reversion: halfway to the baseline after theta = ln 2.
        let mut r = vec![0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let p = DynamicsParams {
            impulse_gain: 0.0,
            reversion_rate: std::f64::consts::LN_2,
            balance_gain: 0.0,
            noise_scale: 0.0,
        };
        step(n, &mut r, &zero, &zero, &[], &p, &mut scratch);
        assert!((r[1] - 0.5).abs() < 1e-12);
        // Impulse: a Goldstein -10 event (impulse -1) at gain 0.5, clipped at -1 below.
        let mut r = vec![0.0, -0.8, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let mut imp = zero.clone();
        imp[1] = -1.0;
        let p = DynamicsParams {
            impulse_gain: 0.5,
            reversion_rate: 0.0,
            ..p
        };
        step(n, &mut r, &zero, &imp, &[], &p, &mut scratch);
        assert_eq!(r[1], -1.0);
        // Balance: 0 likes 2 and 2 dislikes 1, so 0 turns against 1 ("enemy of my friend").
        let mut r = vec![0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0];
        let p = DynamicsParams {
            impulse_gain: 0.0,
            balance_gain: 0.25,
            ..p
        };
        step(n, &mut r, &zero, &zero, &[], &p, &mut scratch);
        assert!((r[1] + 0.25).abs() < 1e-12, "{}", r[1]);
        assert_eq!(r[0], 0.0);
    }
}
