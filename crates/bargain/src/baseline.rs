//! Baseline models that predict an outcome in one step, with no bargaining dynamics.
//!
//! * [`compromise`]: the capability x salience weighted mean (the "compromise model" of
//!   van den Bos 1991 and Stokman & van Oosten 1994; Achen 2006 derives it as a Nash bargaining
//!   solution). On EU data it is the model to beat (Thomson et al. 2006; Leinaweaver & Thomson 2014).
//! * [`median`]: the capability x salience weighted median ("median voter", Black 1948).
//! * [`mean`]: the salience-weighted mean, which ignores capability.
//! * [`nash`]: the asymmetric Nash (1950) bargaining solution with a reference point as the
//!   disagreement point.
//!
//! Every function works dimension by dimension on the [0, 1] scale of [`Negotiation`].

use crate::Negotiation;

/// Weighted mean of `x` under weights `w`; `None` if the weights sum to zero.
fn weighted_mean(x: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (xi, wi) in x {
        num += wi * xi;
        den += wi;
    }
    (den > 0.0).then(|| num / den)
}

/// Per dimension, the mean of positions under the weight `weight(i, k)`. A dimension where every
/// weight is zero (nobody cares about it) falls back to the plain mean of positions.
fn per_dimension(neg: &Negotiation, weight: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let (n, d) = (neg.n(), neg.d());
    (0..d)
        .map(|k| {
            weighted_mean((0..n).map(|i| (neg.position[i * d + k], weight(i, k))))
                .or_else(|| weighted_mean((0..n).map(|i| (neg.position[i * d + k], 1.0))))
                .unwrap_or(f64::NAN)
        })
        .collect()
}

/// The compromise model: per dimension k, `sum_i c_i s_ik x_ik / sum_i c_i s_ik`.
pub fn compromise(neg: &Negotiation) -> Vec<f64> {
    let d = neg.d();
    per_dimension(neg, |i, k| neg.capability[i] * neg.salience[i * d + k])
}

/// The salience-weighted mean: per dimension, `sum_i s_ik x_ik / sum_i s_ik` (capability ignored).
pub fn mean(neg: &Negotiation) -> Vec<f64> {
    let d = neg.d();
    per_dimension(neg, |i, k| neg.salience[i * d + k])
}

/// The weighted median of `x` under non-negative weights `w`: a point minimising
/// `sum_i w_i |x_i - p|`.
///
/// Tie rule: when the minimisers form an interval (the cumulative weight reaches exactly half the
/// total at some position), the midpoint of that interval is returned, so the rule is symmetric
/// under reflection of the scale. Exact halves are detected with a relative tolerance of 1e-12.
/// Returns NaN if the input is empty; if every weight is zero, the unweighted median.
pub fn weighted_median(x: &[f64], w: &[f64]) -> f64 {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let total: f64 = w.iter().sum();
    if order.is_empty() {
        return f64::NAN;
    }
    if total <= 0.0 {
        return weighted_median(x, &vec![1.0; x.len()]);
    }
    let half = 0.5 * total;
    let tol = 1e-12 * total;
    let mut cum = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        cum += w[i];
        if cum > half + tol {
            return x[i];
        }
        if cum >= half - tol {
            // Exactly half the weight at or below x_i: every point up to the next position with
            // positive weight minimises the loss.
            let next = order[rank + 1..]
                .iter()
                .find(|&&j| w[j] > 0.0)
                .map(|&j| x[j]);
            return match next {
                Some(hi) => 0.5 * (x[i] + hi),
                None => x[i],
            };
        }
    }
    x[order[order.len() - 1]]
}

/// The capability x salience weighted median per dimension (tie rule: see [`weighted_median`]).
pub fn median(neg: &Negotiation) -> Vec<f64> {
    let (n, d) = (neg.n(), neg.d());
    let mut x = vec![0.0; n];
    let mut w = vec![0.0; n];
    (0..d)
        .map(|k| {
            for i in 0..n {
                x[i] = neg.position[i * d + k];
                w[i] = neg.capability[i] * neg.salience[i * d + k];
            }
            weighted_median(&x, &w)
        })
        .collect()
}

/// The asymmetric Nash bargaining solution per dimension, with `reference` (one point per
/// dimension, [0, 1]) as the disagreement point.
///
/// Utilities: salience-weighted linear loss, `u_i(x) = -s_i |x - x_i|`. The solution maximises
/// `prod_i (u_i(x) - u_i(d))^(c_i s_i)` over the points every actor prefers to the disagreement
/// point d (individual rationality); the exponents are the actors' weights in the compromise
/// model. That set is the open interval `(max_i (x_i - r_i), min_i (x_i + r_i))` with
/// `r_i = |d - x_i|`; it is empty when actors sit on both sides of d or at d itself, and then no
/// agreement improves on d for everyone, so the solution is d. Otherwise the log of the product
/// is strictly concave, and its derivative is found to vanish by bisection (80 halvings: below
/// 1e-20 of the interval). Actors with weight 0 take no part. Dimensions are solved one by one,
/// as separate negotiations.
pub fn nash(neg: &Negotiation, reference: &[f64]) -> Vec<f64> {
    let (n, d) = (neg.n(), neg.d());
    (0..d)
        .map(|k| {
            let dp = reference.get(k).copied().unwrap_or(f64::NAN);
            let actors = (0..n).filter_map(|i| {
                let w = neg.capability[i] * neg.salience[i * d + k];
                (w > 0.0).then_some((neg.position[i * d + k], w))
            });
            nash_1d(actors, dp)
        })
        .collect()
}

/// One dimension of [`nash`]: `actors` yields (ideal, weight) with weight > 0.
fn nash_1d(actors: impl Iterator<Item = (f64, f64)> + Clone, dp: f64) -> f64 {
    if !dp.is_finite() {
        return f64::NAN;
    }
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for (x, _) in actors.clone() {
        let r = (dp - x).abs();
        lo = lo.max(x - r);
        hi = hi.min(x + r);
    }
    if !(lo.is_finite() && hi.is_finite()) || lo >= hi {
        return dp;
    }
    // d/dx of sum_i w_i ln(r_i - |x - x_i|) (salience scales cancel in the log);
    // decreasing in x on (lo, hi).
    let slope = |p: f64| -> f64 {
        actors
            .clone()
            .map(|(x, w)| {
                let gain = (dp - x).abs() - (p - x).abs();
                let dir = if p < x { 1.0 } else { -1.0 };
                w * dir / gain
            })
            .sum()
    };
    let (mut a, mut b) = (lo, hi);
    for _ in 0..80 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        if slope(m) > 0.0 {
            a = m;
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neg(cap: &[f64], pos: &[f64], sal: &[f64]) -> Negotiation {
        Negotiation {
            name: "t".into(),
            actors: (0..cap.len()).map(|i| format!("a{i}")).collect(),
            dimensions: vec!["x".into()],
            capability: cap.to_vec(),
            position: pos.to_vec(),
            salience: sal.to_vec(),
        }
    }

    #[test]
    fn compromise_and_mean_are_the_weighted_means() {
        let g = neg(&[1.0, 2.0, 1.0], &[0.0, 0.5, 1.0], &[0.5, 0.5, 1.0]);
        // weights c*s = 0.5, 1.0, 1.0
        assert!((compromise(&g)[0] - (0.5 + 1.0) / 2.5).abs() < 1e-15);
        // weights s = 0.5, 0.5, 1.0
        assert!((mean(&g)[0] - (0.25 + 1.0) / 2.0).abs() < 1e-15);
    }

    #[test]
    fn median_takes_the_position_past_half_the_weight_and_the_midpoint_on_a_tie() {
        assert_eq!(weighted_median(&[0.1, 0.9, 0.4], &[1.0, 1.0, 1.5]), 0.4);
        // Exactly half the weight at 0.2: midpoint of 0.2 and 0.6.
        assert!((weighted_median(&[0.6, 0.2], &[1.0, 1.0]) - 0.4).abs() < 1e-15);
        // Zero-weight actors do not pull the midpoint.
        assert!((weighted_median(&[0.2, 0.3, 0.6], &[1.0, 0.0, 1.0]) - 0.4).abs() < 1e-15);
        let g = neg(&[1.0, 1.0, 3.0], &[0.0, 0.3, 0.9], &[1.0, 1.0, 0.5]);
        // weights 1, 1, 1.5: total 3.5, half 1.75, passed at 0.3
        assert_eq!(median(&g)[0], 0.3);
        let g = neg(&[1.0, 1.0, 4.0], &[0.0, 0.3, 0.9], &[1.0, 1.0, 0.5]);
        // weights 1, 1, 2: exactly half at 0.3, so the midpoint of 0.3 and 0.9
        assert!((median(&g)[0] - 0.6).abs() < 1e-15);
    }

    #[test]
    fn nash_is_the_disagreement_point_when_someone_prefers_it() {
        let g = neg(&[1.0, 1.0, 1.0], &[0.2, 0.6, 0.9], &[1.0, 1.0, 1.0]);
        assert_eq!(nash(&g, &[0.4])[0], 0.4);
        assert_eq!(nash(&g, &[0.2])[0], 0.2);
    }

    #[test]
    fn nash_interior_solution_balances_the_weighted_log_gains() {
        // d = 0, ideals 0.5 and 0.8 with equal weight: on (0, 0.5] both gains equal x (slope > 0);
        // on [0.5, 0.8] the first gain is 1 - x, the second x; the maximum of ln(1-x) + ln(x) is 0.5.
        let g = neg(&[1.0, 1.0, 1.0], &[0.5, 0.8, 0.8], &[1.0, 0.5, 0.5]);
        let x = nash(&g, &[0.0])[0];
        // weights 1, 0.5, 0.5: maximise ln(1-x) + ln(x) on [0.5, 1.0): x = 0.5, the kink.
        assert!((x - 0.5).abs() < 1e-9, "{x}");
        // A heavier far actor pulls the solution past the near one's ideal: maximise
        // ln(1-x) + 3 ln(x): x = 3/4.
        let g = neg(&[1.0, 3.0, 3.0], &[0.5, 0.8, 0.8], &[1.0, 0.5, 0.5]);
        let x = nash(&g, &[0.0])[0];
        assert!((x - 0.75).abs() < 1e-9, "{x}");
    }
}
