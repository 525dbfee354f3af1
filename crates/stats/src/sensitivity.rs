//! Global sensitivity analysis: which inputs move which outputs.
//!
//! Two methods, in the order an analyst uses them:
//! - [`morris`]: elementary effects on trajectories over a p-level grid (Morris 1991), with mu*
//!   (Campolongo, Cariboni & Saltelli 2007), to screen many inputs cheaply;
//! - [`saltelli`]: Sobol' first-order and total indices from a Saltelli design (Saltelli 2002;
//!   Saltelli et al. 2010), with bootstrap intervals, for the few inputs that matter.
//!
//! Both work on the unit hypercube: a design hands out points `u` in (0, 1)^k and the caller maps
//! each coordinate to its input (a range, a quantile function, an intervention on/off). The model is
//! evaluated by the caller or by [`evaluate`], which runs the independent evaluations on threads and
//! writes them into a flat matrix of outputs (row-major, one row per design point), the only thing
//! the estimators read. Results do not depend on the number of threads.

pub mod morris;
pub mod saltelli;
pub mod sobol_sequence;
pub mod test_functions;

use std::sync::Mutex;

/// A design of experiments on the unit hypercube.
pub trait Design: Sync {
    /// The number of inputs k (the length of each point).
    fn inputs(&self) -> usize;
    /// The number of points, that is of model evaluations.
    fn rows(&self) -> usize;
    /// Point `row` into `out` (length [`Design::inputs`]); coordinates in (0, 1) or on the grid.
    fn fill_row(&self, row: usize, out: &mut [f64]);
    /// The block of `row`: the estimators compare rows within a block (a Saltelli base sample, a
    /// Morris trajectory), so a stochastic model should draw the same random numbers for every row
    /// of a block (common random numbers), e.g. from `stream(seed, block, ..)`.
    fn block(&self, row: usize) -> usize;
}

/// An estimate with a confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub estimate: f64,
    pub lo: f64,
    pub hi: f64,
}

/// Options of the percentile bootstrap (Efron & Tibshirani 1993, ch. 13) over blocks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples; 0 gives intervals equal to the estimate.
    pub resamples: usize,
    /// Coverage of the interval, e.g. 0.95.
    pub confidence: f64,
    /// Seed of the resampling streams (resample b draws from `stream(seed, b, ..)`).
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            resamples: 1000,
            confidence: 0.95,
            seed: 0,
        }
    }
}

/// A problem with the design's parameters or with the outputs handed to an estimator.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityError(pub String);

impl std::fmt::Display for SensitivityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SensitivityError {}

/// The number of worker threads for `threads` (0: all available cores).
pub fn thread_count(threads: usize) -> usize {
    if threads > 0 {
        threads
    } else {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    }
}

/// Design rows per unit of work handed to a thread in [`evaluate`]: small enough to balance uneven
/// model costs, large enough that taking work costs nothing.
const CHUNK_ROWS: usize = 16;

/// Fill `items` rows of `width` values each by `f(item, row)` on up to `threads` threads (0: all
/// cores). Threads take one item at a time, so uneven costs balance; each row is written by exactly
/// one call, so the result does not depend on the number of threads or on their timing.
pub(crate) fn par_rows<F>(items: usize, width: usize, threads: usize, f: F) -> Vec<f64>
where
    F: Fn(usize, &mut [f64]) + Sync,
{
    let mut out = vec![0.0; items * width];
    if items == 0 || width == 0 {
        return out;
    }
    let threads = thread_count(threads).min(items);
    if threads == 1 {
        for (i, row) in out.chunks_mut(width).enumerate() {
            f(i, row);
        }
        return out;
    }
    let work = Mutex::new(out.chunks_mut(width).enumerate());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                // Take the next item; the lock is released before computing.
                let next = work.lock().unwrap_or_else(|e| e.into_inner()).next();
                let Some((i, row)) = next else { break };
                f(i, row);
            });
        }
    });
    out
}

/// Evaluate `model(row, block, u, out)` on every point of `design` and return the flat matrix
/// of outputs (`design.rows()` rows of `outputs` values). `threads` = 0 uses every core.
/// Each thread owns one point buffer; nothing is allocated per evaluation.
pub fn evaluate<D, F>(design: &D, outputs: usize, threads: usize, model: F) -> Vec<f64>
where
    D: Design + ?Sized,
    F: Fn(usize, usize, &[f64], &mut [f64]) + Sync,
{
    let k = design.inputs();
    // A point buffer per chunk of rows, not per row.
    let width = outputs * CHUNK_ROWS;
    let rows = design.rows();
    let chunks = rows.div_ceil(CHUNK_ROWS);
    let mut y = par_rows(chunks, width, threads, |c, out| {
        let mut u = vec![0.0; k];
        let start = c * CHUNK_ROWS;
        let end = (start + CHUNK_ROWS).min(rows);
        for (r, o) in (start..end).zip(out.chunks_mut(outputs)) {
            design.fill_row(r, &mut u);
            model(r, design.block(r), &u, o);
        }
    });
    y.truncate(rows * outputs);
    y
}

/// The `q`-quantile of sorted values (linear interpolation between order statistics).
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Percentile interval of `replicates` around `estimate` (replicates are sorted in place).
pub(crate) fn percentile_interval(
    estimate: f64,
    replicates: &mut [f64],
    confidence: f64,
) -> Interval {
    if replicates.is_empty() {
        return Interval {
            estimate,
            lo: estimate,
            hi: estimate,
        };
    }
    replicates.sort_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    Interval {
        estimate,
        lo: quantile_sorted(replicates, tail),
        hi: quantile_sorted(replicates, 1.0 - tail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Grid(usize);
    impl Design for Grid {
        fn inputs(&self) -> usize {
            2
        }
        fn rows(&self) -> usize {
            self.0
        }
        fn fill_row(&self, row: usize, out: &mut [f64]) {
            out[0] = row as f64;
            out[1] = 2.0 * row as f64;
        }
        fn block(&self, row: usize) -> usize {
            row / 3
        }
    }

    #[test]
    fn evaluation_is_the_same_on_any_number_of_threads() {
        let g = Grid(1001);
        let f = |r: usize, b: usize, u: &[f64], o: &mut [f64]| {
            o[0] = u[0] + u[1];
            o[1] = b as f64;
            o[2] = r as f64;
        };
        let one = evaluate(&g, 3, 1, f);
        let many = evaluate(&g, 3, 5, f);
        assert_eq!(one.len(), 3003);
        assert_eq!(one, many);
        assert_eq!(&one[3 * 1000..], &[3000.0, 333.0, 1000.0]);
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&v, 0.5), 3.0);
        assert_eq!(quantile_sorted(&v, 0.125), 1.5);
        assert_eq!(quantile_sorted(&v, 1.0), 5.0);
        let mut r = vec![5.0, 1.0, 3.0, 2.0, 4.0];
        let i = percentile_interval(3.0, &mut r, 0.5);
        assert_eq!((i.lo, i.hi), (2.0, 4.0));
    }
}
