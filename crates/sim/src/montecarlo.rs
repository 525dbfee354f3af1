//! Monte Carlo over runs with common random numbers: run k draws the same inputs and the same event
//! uniforms under every format, so format differences are paired. Results are integer counts,
//! summed in any order, so any thread count and any split of the runs gives the same numbers.

use std::ops::Range;

use rayon::prelude::*;

use crate::engine::{draw_inputs, run_drawn, Inputs, Plan, Workspace};
use crate::model::Model;

/// 97.5% standard normal quantile, for 95% intervals.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Outcome counts of a set of runs over several formats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    pub formats: usize,
    pub outcomes: usize,
    pub runs: u64,
    /// `counts[f * outcomes + o]`: runs of format f that ended in outcome o.
    pub counts: Vec<u64>,
    /// `discord[(a * formats + b) * outcomes + o]`: runs where format a ended in o and b did not.
    pub discord: Vec<u64>,
    /// Total rounds played per format (for mean duration).
    pub rounds: Vec<u64>,
}

impl Tally {
    pub fn new(formats: usize, outcomes: usize) -> Tally {
        Tally {
            formats,
            outcomes,
            runs: 0,
            counts: vec![0; formats * outcomes],
            discord: vec![0; formats * formats * outcomes],
            rounds: vec![0; formats],
        }
    }

    /// Adds another tally of the same shape.
    pub fn add(&mut self, other: &Tally) {
        assert_eq!(
            (self.formats, self.outcomes),
            (other.formats, other.outcomes),
            "tallies of different shapes"
        );
        self.runs += other.runs;
        self.counts
            .iter_mut()
            .zip(&other.counts)
            .for_each(|(a, b)| *a += b);
        self.discord
            .iter_mut()
            .zip(&other.discord)
            .for_each(|(a, b)| *a += b);
        self.rounds
            .iter_mut()
            .zip(&other.rounds)
            .for_each(|(a, b)| *a += b);
    }

    fn record(&mut self, outcome: &[usize], rounds: &[usize]) {
        let (nf, no) = (self.formats, self.outcomes);
        self.runs += 1;
        for a in 0..nf {
            self.counts[a * no + outcome[a]] += 1;
            self.rounds[a] += rounds[a] as u64;
            for b in 0..nf {
                if outcome[a] != outcome[b] {
                    self.discord[(a * nf + b) * no + outcome[a]] += 1;
                }
            }
        }
    }

    /// Probability of outcome o under format f with its 95% Wilson interval.
    pub fn probability(&self, f: usize, o: usize) -> (f64, f64, f64) {
        wilson(self.counts[f * self.outcomes + o], self.runs)
    }

    /// Paired difference p(o | a) - p(o | b) with a 95% interval from the paired run-by-run
    /// differences (normal approximation; the variance uses the discordant counts).
    pub fn difference(&self, a: usize, b: usize, o: usize) -> (f64, f64, f64) {
        let n = self.runs as f64;
        if self.runs == 0 {
            return (0.0, -1.0, 1.0);
        }
        let (nf, no) = (self.formats, self.outcomes);
        let x = self.discord[(a * nf + b) * no + o] as f64;
        let y = self.discord[(b * nf + a) * no + o] as f64;
        let dd = (x - y) / n;
        let var = ((x + y) / n - dd * dd).max(0.0) / n;
        let h = Z95 * var.sqrt();
        (dd, (dd - h).max(-1.0), (dd + h).min(1.0))
    }
}

/// Wilson score interval (Wilson 1927) for k successes in n trials: (estimate, low, high).
pub fn wilson(k: u64, n: u64) -> (f64, f64, f64) {
    if n == 0 {
        return (0.0, 0.0, 1.0);
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let den = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / den;
    let half = Z95 / den * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (p, (centre - half).max(0.0), (centre + half).min(1.0))
}

const CHUNK: u64 = 64;

/// Runs `runs` (a range of run indices) of every format in `formats` under `interventions`.
pub fn simulate(
    model: &Model,
    formats: &[usize],
    interventions: &[usize],
    seed: u64,
    runs: Range<u64>,
) -> Result<Tally, String> {
    let plans: Vec<Plan<'_>> = formats
        .iter()
        .map(|&f| model.plan(f, interventions))
        .collect();
    let (nf, no) = (formats.len(), model.outcome_ids.len());
    let chunks: Vec<Range<u64>> = (runs.start..runs.end)
        .step_by(CHUNK as usize)
        .map(|s| s..(s + CHUNK).min(runs.end))
        .collect();
    chunks
        .par_iter()
        .map_init(
            || (Workspace::new(model), vec![0usize; nf], vec![0usize; nf]),
            |(ws, out, rounds), range| {
                let mut t = Tally::new(nf, no);
                for k in range.clone() {
                    draw_inputs(model, seed, k, Inputs::Drawn, ws);
                    for (f, plan) in plans.iter().enumerate() {
                        let r = run_drawn(plan, seed, k, ws, &mut |_, _| {})?;
                        out[f] = r.outcome;
                        rounds[f] = r.rounds;
                    }
                    t.record(out, rounds);
                }
                Ok(t)
            },
        )
        .try_reduce(
            || Tally::new(nf, no),
            |mut a, b| {
                a.add(&b);
                Ok(a)
            },
        )
}

/// As [`simulate`], on a pool of `threads` worker threads (the result does not depend on it).
pub fn simulate_threads(
    model: &Model,
    formats: &[usize],
    interventions: &[usize],
    seed: u64,
    runs: Range<u64>,
    threads: usize,
) -> Result<Tally, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start {threads} worker threads: {e}"))?;
    pool.install(|| simulate(model, formats, interventions, seed, runs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_textbook_values() {
        // 81 of 263 (Newcombe 1998, example): Wilson 0.2553 to 0.3662.
        let (p, lo, hi) = wilson(81, 263);
        assert!((p - 81.0 / 263.0).abs() < 1e-12);
        assert!((lo - 0.2553).abs() < 5e-4, "{lo}");
        assert!((hi - 0.3662).abs() < 5e-4, "{hi}");
        let (_, lo, hi) = wilson(0, 10);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 5e-4, "{hi}");
    }

    #[test]
    fn paired_difference_uses_discordant_runs() {
        let mut t = Tally::new(2, 2);
        // 10 runs: both outcome 0 in 6, a=0/b=1 in 3, a=1/b=0 in 1.
        for (a, b, k) in [(0, 0, 6), (0, 1, 3), (1, 0, 1)] {
            for _ in 0..k {
                t.record(&[a, b], &[1, 1]);
            }
        }
        let (d, lo, hi) = t.difference(0, 1, 0);
        assert!((d - 0.2).abs() < 1e-12);
        // var = ((3 + 1)/10 - 0.04)/10 = 0.036
        let h = Z95 * 0.036f64.sqrt();
        assert!((lo - (0.2 - h)).abs() < 1e-12 && (hi - (0.2 + h).min(1.0)).abs() < 1e-12);
        let (p, _, _) = t.probability(0, 0);
        assert!((p - 0.9).abs() < 1e-12);
    }
}
