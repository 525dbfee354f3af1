//! Bootstrap intervals (Efron & Tibshirani 1993), including the cluster bootstrap that resamples
//! whole clusters with replacement (Davison & Hinkley 1997, §3.8; Cameron, Gelbach & Miller 2008)
//! for observations that are not independent within a cluster, such as the issues of one
//! legislative proposal.
//!
//! Paired comparisons draw one set of clusters per replicate and evaluate every series on it, so
//! a difference between two models' errors is resampled jointly. Replicate b draws only from
//! `stream(seed, b, CHANNEL)`, so results depend on the seed alone, never on threads or order.

use crate::stream::{stream, uniform01};
use rand::Rng;

/// Stream channel reserved for bootstrap resampling.
pub const CHANNEL: u32 = 0xB007;

/// The q-quantile (0 <= q <= 1) of sorted, non-empty data by linear interpolation between order
/// statistics (Hyndman & Fan 1996, definition 7, R's default). NaN for empty data.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The percentile interval at `level` (e.g. 0.95) of bootstrap replicates; NaN replicates (a
/// resample where the statistic is undefined) are left out. Returns (NaN, NaN) if none remain.
pub fn percentile_interval(replicates: &[f64], level: f64) -> (f64, f64) {
    let mut v: Vec<f64> = replicates.iter().copied().filter(|x| !x.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    let a = 0.5 * (1.0 - level);
    (quantile_sorted(&v, a), quantile_sorted(&v, 1.0 - a))
}

/// Draws `counts.len()` clusters with replacement: `counts[g]` becomes the number of times
/// cluster g is drawn.
pub fn draw_clusters<R: Rng + ?Sized>(rng: &mut R, counts: &mut [u32]) {
    let g = counts.len();
    counts.iter_mut().for_each(|c| *c = 0);
    for _ in 0..g {
        let k = ((uniform01(rng) * g as f64) as usize).min(g - 1);
        counts[k] += 1;
    }
}

/// One series of observations reduced to per-cluster sums and counts: its mean over any
/// resample is `sum_g m_g S_g / sum_g m_g N_g` for cluster multiplicities m.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterTotals {
    pub sum: Vec<f64>,
    pub count: Vec<f64>,
}

impl ClusterTotals {
    /// Totals of `values[i]` in cluster `cluster[i]` (< `n_clusters`); NaN values are skipped
    /// (a missing observation).
    pub fn new(values: &[f64], cluster: &[usize], n_clusters: usize) -> Self {
        let mut t = ClusterTotals {
            sum: vec![0.0; n_clusters],
            count: vec![0.0; n_clusters],
        };
        for (&v, &g) in values.iter().zip(cluster) {
            if !v.is_nan() {
                t.sum[g] += v;
                t.count[g] += 1.0;
            }
        }
        t
    }

    /// The mean over all observations (NaN if there are none).
    pub fn mean(&self) -> f64 {
        self.sum.iter().sum::<f64>() / self.count.iter().sum::<f64>()
    }

    /// The mean over a resample with cluster multiplicities `m`; NaN if the resample holds no
    /// observation of this series.
    pub fn resampled_mean(&self, m: &[u32]) -> f64 {
        let (mut s, mut n) = (0.0, 0.0);
        for ((&k, sum), count) in m.iter().zip(&self.sum).zip(&self.count) {
            let k = k as f64;
            s += k * sum;
            n += k * count;
        }
        if n > 0.0 {
            s / n
        } else {
            f64::NAN
        }
    }
}

/// Paired cluster bootstrap of the means of several series over the same clusters: returns, per
/// series, `resamples` replicate means. Replicate b uses the clusters drawn from
/// `stream(seed, b, CHANNEL)` for every series.
pub fn paired_cluster_bootstrap(
    series: &[ClusterTotals],
    resamples: usize,
    seed: u64,
) -> Vec<Vec<f64>> {
    let g = series.first().map_or(0, |s| s.sum.len());
    let mut out = vec![Vec::with_capacity(resamples); series.len()];
    if g == 0 {
        for o in &mut out {
            o.resize(resamples, f64::NAN);
        }
        return out;
    }
    let mut counts = vec![0u32; g];
    for b in 0..resamples {
        let mut rng = stream(seed, b as u64, CHANNEL);
        draw_clusters(&mut rng, &mut counts);
        for (s, o) in series.iter().zip(out.iter_mut()) {
            o.push(s.resampled_mean(&counts));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_interpolates_like_r_type_7() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&x, 0.0), 1.0);
        assert_eq!(quantile_sorted(&x, 1.0), 4.0);
        assert!((quantile_sorted(&x, 0.5) - 2.5).abs() < 1e-15);
        assert!((quantile_sorted(&x, 0.25) - 1.75).abs() < 1e-15);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn each_draw_picks_as_many_clusters_as_there_are() {
        let mut rng = stream(3, 0, CHANNEL);
        let mut c = vec![0u32; 17];
        for _ in 0..100 {
            draw_clusters(&mut rng, &mut c);
            assert_eq!(c.iter().sum::<u32>(), 17);
        }
    }

    #[test]
    fn totals_reproduce_the_mean_and_skip_missing_values() {
        let t = ClusterTotals::new(&[1.0, 3.0, f64::NAN, 8.0], &[0, 0, 1, 1], 2);
        assert_eq!(t.count, vec![2.0, 1.0]);
        assert!((t.mean() - 4.0).abs() < 1e-15);
        // Cluster 1 twice, cluster 0 never: mean of {8, 8}.
        assert_eq!(t.resampled_mean(&[0, 2]), 8.0);
        assert!(ClusterTotals::new(&[1.0], &[0], 2)
            .resampled_mean(&[0, 2])
            .is_nan());
    }

    #[test]
    fn paired_bootstrap_is_reproducible_and_a_constant_shift_has_a_degenerate_interval() {
        let cluster: Vec<usize> = (0..60).map(|i| i / 3).collect();
        let a: Vec<f64> = (0..60).map(|i| ((i * 37) % 11) as f64).collect();
        let b: Vec<f64> = a.iter().map(|x| x + 2.0).collect();
        let diff: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
        let s = [
            ClusterTotals::new(&a, &cluster, 20),
            ClusterTotals::new(&b, &cluster, 20),
            ClusterTotals::new(&diff, &cluster, 20),
        ];
        let r1 = paired_cluster_bootstrap(&s, 500, 9);
        let r2 = paired_cluster_bootstrap(&s, 500, 9);
        assert_eq!(r1, r2);
        // Paired: each replicate of b is a's replicate plus 2 exactly.
        for (x, y) in r1[0].iter().zip(&r1[1]) {
            assert!((y - x - 2.0).abs() < 1e-12);
        }
        let (lo, hi) = percentile_interval(&r1[2], 0.95);
        assert!((lo + 2.0).abs() < 1e-12 && (hi + 2.0).abs() < 1e-12);
        // The interval of a's mean covers its sample mean and has positive width.
        let (lo, hi) = percentile_interval(&r1[0], 0.95);
        let m = s[0].mean();
        assert!(lo < m && m < hi, "{lo} {m} {hi}");
        // A different seed gives different replicates.
        assert_ne!(
            paired_cluster_bootstrap(&s, 50, 10)[0],
            r1[0][..50].to_vec()
        );
    }

    #[test]
    fn cluster_bootstrap_is_wider_than_iid_for_correlated_clusters() {
        // Ten clusters of 20 identical values: resampling clusters must see only 10 independent
        // draws, so its interval is much wider than treating 200 values as independent.
        let cluster: Vec<usize> = (0..200).map(|i| i / 20).collect();
        let v: Vec<f64> = cluster.iter().map(|&g| g as f64).collect();
        let clustered = ClusterTotals::new(&v, &cluster, 10);
        let iid = ClusterTotals::new(&v, &(0..200).collect::<Vec<_>>(), 200);
        let w = |t: &ClusterTotals| {
            let r = paired_cluster_bootstrap(std::slice::from_ref(t), 1000, 1);
            let (lo, hi) = percentile_interval(&r[0], 0.95);
            hi - lo
        };
        assert!(
            w(&clustered) > 3.0 * w(&iid),
            "{} vs {}",
            w(&clustered),
            w(&iid)
        );
    }
}
