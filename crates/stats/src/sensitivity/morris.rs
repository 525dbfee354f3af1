//! Morris elementary effects (Morris 1991), for screening many inputs with few evaluations.
//!
//! Inputs live on a p-level grid {0, 1/(p-1), ..., 1} of the unit hypercube (p even), with step
//! Delta = p / (2 (p - 1)). A trajectory starts at a random grid point x* whose coordinates lie in
//! {0, ..., 1 - Delta} and moves each input once, in a random order and with a random direction,
//! by +-Delta: k + 1 points, k elementary effects
//!   EE_i = (y(x + Delta_i e_i) - y(x)) / Delta_i,   Delta_i = +-Delta.
//! Over r trajectories, per input and output: mu = mean EE_i, mu* = mean |EE_i| (Campolongo,
//! Cariboni & Saltelli 2007, which does not let effects of opposite signs cancel), and sigma =
//! the standard deviation of EE_i (denominator r - 1), large when the input interacts or acts
//! non-linearly. Effects are per unit of the [0, 1] scale of the input.
//! The interval on mu* is a percentile bootstrap over trajectories.

use super::{par_rows, percentile_interval, Bootstrap, Design, Interval, SensitivityError};
use crate::stream::stream;
use rand::Rng;

/// Stream channels of the trajectories and of the bootstrap.
const CHANNEL_TRAJECTORY: u32 = 0x0e0e_0001;
const CHANNEL_BOOT: u32 = 0x0e0e_0002;

/// An integer in 0..n from one 64-bit draw.
#[inline]
fn below<R: Rng + ?Sized>(rng: &mut R, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

/// r Morris trajectories over k inputs on a p-level grid.
#[derive(Debug, Clone)]
pub struct MorrisDesign {
    k: usize,
    r: usize,
    levels: usize,
    delta: f64,
    /// r (k + 1) points of k coordinates, row-major.
    points: Vec<f64>,
    /// Per trajectory and step l (0..k): the input moved between points l and l + 1.
    moved: Vec<u32>,
    /// Per trajectory and step: the signed step +-Delta of that input.
    step: Vec<f64>,
}

impl MorrisDesign {
    /// `trajectories` random trajectories of `inputs` inputs on a grid of `levels` levels (even,
    /// at least 2; 4 is the usual choice), drawn from `stream(seed, t, ..)` for trajectory t.
    pub fn new(
        inputs: usize,
        trajectories: usize,
        levels: usize,
        seed: u64,
    ) -> Result<Self, SensitivityError> {
        if inputs == 0 {
            return Err(SensitivityError(
                "a Morris analysis needs at least one input".into(),
            ));
        }
        if trajectories < 2 {
            return Err(SensitivityError(format!(
                "a Morris analysis needs at least 2 trajectories, not {trajectories}"
            )));
        }
        if levels < 2 || levels % 2 == 1 {
            return Err(SensitivityError(format!(
                "the Morris grid needs an even number of levels, at least 2, not {levels}"
            )));
        }
        let (k, r, p) = (inputs, trajectories, levels);
        let delta = p as f64 / (2.0 * (p - 1) as f64);
        let mut points = vec![0.0; r * (k + 1) * k];
        let mut moved = vec![0u32; r * k];
        let mut step = vec![0.0; r * k];
        let mut order: Vec<u32> = Vec::with_capacity(k);
        let mut x = vec![0.0; k];
        for t in 0..r {
            let mut rng = stream(seed, t as u64, CHANNEL_TRAJECTORY);
            // Base point x* on the lower half of the grid, signs D*, order P* (Morris 1991).
            for xi in x.iter_mut() {
                *xi = below(&mut rng, p / 2) as f64 / (p - 1) as f64;
            }
            order.clear();
            order.extend(0..k as u32);
            for i in (1..k).rev() {
                order.swap(i, below(&mut rng, i + 1));
            }
            let base = t * (k + 1) * k;
            for (i, xi) in x.iter_mut().enumerate() {
                // A downward move starts from x* + Delta so that it ends on x*.
                let s = if rng.next_u64() >> 63 == 1 {
                    delta
                } else {
                    -delta
                };
                if s < 0.0 {
                    *xi += delta;
                }
                step[t * k + i] = s;
            }
            points[base..base + k].copy_from_slice(&x);
            for (l, &i) in order.iter().enumerate() {
                let i = i as usize;
                x[i] += step[t * k + i];
                moved[t * k + l] = i as u32;
                let row = base + (l + 1) * k;
                points[row..row + k].copy_from_slice(&x);
            }
            // Per-step signs, in step order.
            let signs: Vec<f64> = order.iter().map(|&i| step[t * k + i as usize]).collect();
            step[t * k..t * k + k].copy_from_slice(&signs);
        }
        Ok(MorrisDesign {
            k,
            r,
            levels,
            delta,
            points,
            moved,
            step,
        })
    }

    /// r, the number of trajectories.
    pub fn trajectories(&self) -> usize {
        self.r
    }

    /// p, the number of grid levels.
    pub fn levels(&self) -> usize {
        self.levels
    }

    /// Delta, the grid step of an elementary effect.
    pub fn delta(&self) -> f64 {
        self.delta
    }
}

impl Design for MorrisDesign {
    fn inputs(&self) -> usize {
        self.k
    }

    fn rows(&self) -> usize {
        self.r * (self.k + 1)
    }

    fn fill_row(&self, row: usize, out: &mut [f64]) {
        out[..self.k].copy_from_slice(&self.points[row * self.k..(row + 1) * self.k]);
    }

    fn block(&self, row: usize) -> usize {
        row / (self.k + 1)
    }
}

/// Morris measures of one output.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// mu per input: the mean elementary effect.
    pub mu: Vec<f64>,
    /// mu* per input: the mean absolute elementary effect, with its bootstrap interval.
    pub mu_star: Vec<Interval>,
    /// sigma per input: the standard deviation of the elementary effects.
    pub sigma: Vec<f64>,
}

/// mu* of output `o` over trajectories `pick(0..r)` into `mu_star`; with `full`, also mu and sigma.
fn measures(
    d: &MorrisDesign,
    y: &[f64],
    m: usize,
    o: usize,
    pick: impl Fn(usize) -> usize,
    mu_star: &mut [f64],
    mut full: Option<(&mut [f64], &mut [f64])>,
) {
    let (k, r) = (d.k, d.r);
    mu_star.fill(0.0);
    if let Some((mu, sigma)) = full.as_mut() {
        mu.fill(0.0);
        sigma.fill(0.0);
    }
    let ee = |t: usize, l: usize| {
        let row = t * (k + 1) + l;
        (y[(row + 1) * m + o] - y[row * m + o]) / d.step[t * k + l]
    };
    for s in 0..r {
        let t = pick(s);
        for l in 0..k {
            let i = d.moved[t * k + l] as usize;
            let e = ee(t, l);
            mu_star[i] += e.abs();
            if let Some((mu, _)) = full.as_mut() {
                mu[i] += e;
            }
        }
    }
    mu_star.iter_mut().for_each(|v| *v /= r as f64);
    if let Some((mu, sigma)) = full {
        mu.iter_mut().for_each(|v| *v /= r as f64);
        for t in 0..r {
            for l in 0..k {
                let i = d.moved[t * k + l] as usize;
                let dev = ee(t, l) - mu[i];
                sigma[i] += dev * dev;
            }
        }
        sigma
            .iter_mut()
            .for_each(|v| *v = (*v / (r - 1) as f64).sqrt());
    }
}

/// Morris measures of every output from the flat matrix `y` of model outputs on `design`
/// (`design.rows()` rows of `outputs` values), with a bootstrap interval on mu*.
pub fn morris_indices(
    design: &MorrisDesign,
    y: &[f64],
    outputs: usize,
    boot: &Bootstrap,
    threads: usize,
) -> Result<Vec<MorrisIndices>, SensitivityError> {
    let (k, r, m) = (design.k, design.r, outputs);
    super::saltelli::check_outputs(y, design.rows(), m)?;
    let reps = par_rows(boot.resamples, m * k, threads, |b, row| {
        let mut rng = stream(boot.seed, b as u64, CHANNEL_BOOT);
        let picks: Vec<u32> = (0..r).map(|_| below(&mut rng, r) as u32).collect();
        for (o, cell) in row.chunks_mut(k).enumerate() {
            measures(design, y, m, o, |s| picks[s] as usize, cell, None);
        }
    });
    let mut column = vec![0.0; boot.resamples];
    let (mut mu, mut ms, mut sigma) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
    let mut result = Vec::with_capacity(m);
    for o in 0..m {
        measures(design, y, m, o, |s| s, &mut ms, Some((&mut mu, &mut sigma)));
        let mu_star = (0..k)
            .map(|i| {
                for (c, rep) in column.iter_mut().zip(reps.chunks(m * k)) {
                    *c = rep[o * k + i];
                }
                percentile_interval(ms[i], &mut column, boot.confidence)
            })
            .collect();
        result.push(MorrisIndices {
            mu: mu.clone(),
            mu_star,
            sigma: sigma.clone(),
        });
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trajectories_move_one_input_by_delta_on_the_grid() {
        let d = MorrisDesign::new(5, 30, 4, 11).unwrap();
        assert!((d.delta() - 2.0 / 3.0).abs() < 1e-15);
        let k = 5;
        let (mut a, mut b) = (vec![0.0; k], vec![0.0; k]);
        for t in 0..30 {
            let mut seen = [false; 5];
            for l in 0..k {
                d.fill_row(t * (k + 1) + l, &mut a);
                d.fill_row(t * (k + 1) + l + 1, &mut b);
                let changed: Vec<usize> = (0..k).filter(|&i| a[i] != b[i]).collect();
                assert_eq!(changed.len(), 1);
                let i = changed[0];
                assert_eq!(i, d.moved[t * k + l] as usize);
                assert!(((b[i] - a[i]) - d.step[t * k + l]).abs() < 1e-12);
                assert!(!seen[i]);
                seen[i] = true;
                for v in a.iter().chain(&b) {
                    let level = v * 3.0;
                    assert!((level - level.round()).abs() < 1e-12 && (0.0..=1.0).contains(v));
                }
            }
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(MorrisDesign::new(0, 10, 4, 1).is_err());
        assert!(MorrisDesign::new(3, 1, 4, 1).is_err());
        assert!(MorrisDesign::new(3, 10, 3, 1).is_err());
        assert!(MorrisDesign::new(3, 10, 0, 1).is_err());
    }
}
