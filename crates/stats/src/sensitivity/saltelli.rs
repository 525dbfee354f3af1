//! Sobol' variance-based sensitivity indices estimated from a Saltelli design.
//!
//! Design (Saltelli 2002; Saltelli et al. 2010): two independent N x k matrices A and B of points
//! in the unit hypercube, and for each input i the matrix AB_i, which is A with column i taken
//! from B. N (k + 2) model evaluations in all. Here the rows come in blocks of k + 2 per base
//! sample j: A_j, B_j, AB_j^(1), ..., AB_j^(k).
//!
//! Estimators, with f0 the mean and V the variance of the 2N outputs f(A), f(B):
//! - first order (Saltelli et al. 2010, table 2 (b)):
//!   V_i = 1/N sum_j (f(B)_j - f0) (f(AB_i)_j - f(A)_j), S_i = V_i / V
//!   (f0 is subtracted from f(B) only to reduce the estimator's variance; its expectation is
//!   unchanged because E[f(AB_i) - f(A)] = 0);
//! - total (Jansen 1999): VT_i = 1/(2N) sum_j (f(A)_j - f(AB_i)_j)^2, ST_i = VT_i / V.
//!
//! Intervals: percentile bootstrap over base samples (Archer, Saltelli & Sobol' 1997).

use super::sobol_sequence::{SobolSequence, MAX_DIMENSIONS};
use super::{par_rows, percentile_interval, Bootstrap, Design, Interval, SensitivityError};
use crate::stream::stream;
use rand::Rng;

/// Stream channels of the Monte Carlo matrices A and B and of the bootstrap.
const CHANNEL_A: u32 = 0x5a17_0001;
const CHANNEL_B: u32 = 0x5a17_0002;
const CHANNEL_BOOT: u32 = 0x5a17_0003;

/// How the base matrices A and B are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// A 2k-dimensional Sobol' sequence with a seeded digital shift: A is dimensions 1..k, B is
    /// k+1..2k (Saltelli 2002). Up to 32 inputs. Best with N a power of two.
    SobolSequence,
    /// Independent uniforms: A_j from `stream(seed, j, A)`, B_j from `stream(seed, j, B)`.
    MonteCarlo,
}

/// The Saltelli design of `inputs` inputs and `base_samples` base samples.
#[derive(Debug, Clone)]
pub struct SaltelliDesign {
    k: usize,
    n: usize,
    seed: u64,
    sequence: Option<SobolSequence>,
}

/// A uniform in (0, 1) with 53 bits: the centre of its cell, so never exactly 0.
#[inline]
fn open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// An integer in 0..n from one 64-bit draw (multiply-shift; bias below 2^-32 for n < 2^32).
#[inline]
fn below<R: Rng + ?Sized>(rng: &mut R, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

impl SaltelliDesign {
    /// A design; the seed sets the digital shift or the Monte Carlo streams.
    pub fn new(
        inputs: usize,
        base_samples: usize,
        sampling: Sampling,
        seed: u64,
    ) -> Result<Self, SensitivityError> {
        if inputs == 0 {
            return Err(SensitivityError(
                "a Sobol analysis needs at least one input".into(),
            ));
        }
        if base_samples < 2 {
            return Err(SensitivityError(format!(
                "a Sobol analysis needs at least 2 base samples, not {base_samples}"
            )));
        }
        let sequence = match sampling {
            Sampling::MonteCarlo => None,
            Sampling::SobolSequence => {
                if 2 * inputs > MAX_DIMENSIONS {
                    return Err(SensitivityError(format!(
                        "the Sobol sequence carries {MAX_DIMENSIONS} dimensions, enough for {} inputs, \
                         not {inputs}; use Monte Carlo sampling",
                        MAX_DIMENSIONS / 2
                    )));
                }
                if base_samples as u64 > SobolSequence::CAPACITY {
                    return Err(SensitivityError(
                        "too many base samples for the Sobol sequence".into(),
                    ));
                }
                SobolSequence::shifted(2 * inputs, seed)
            }
        };
        Ok(SaltelliDesign {
            k: inputs,
            n: base_samples,
            seed,
            sequence,
        })
    }

    /// N, the number of base samples.
    pub fn base_samples(&self) -> usize {
        self.n
    }

    /// How A and B are drawn.
    pub fn sampling(&self) -> Sampling {
        if self.sequence.is_some() {
            Sampling::SobolSequence
        } else {
            Sampling::MonteCarlo
        }
    }

    /// Row index of matrix `c` (0 = A, 1 = B, 2 + i = AB_i) of base sample `j`.
    #[inline]
    pub fn row(&self, j: usize, c: usize) -> usize {
        j * (self.k + 2) + c
    }

    fn fill_matrix(&self, j: usize, from_b: bool, out: &mut [f64]) {
        match &self.sequence {
            Some(seq) => {
                let off = if from_b { self.k } else { 0 };
                for (d, o) in out.iter_mut().enumerate() {
                    *o = seq.coordinate(j as u64, off + d);
                }
            }
            None => {
                let ch = if from_b { CHANNEL_B } else { CHANNEL_A };
                let mut rng = stream(self.seed, j as u64, ch);
                for o in out.iter_mut() {
                    *o = open01(&mut rng);
                }
            }
        }
    }

    fn b_coordinate(&self, j: usize, i: usize) -> f64 {
        match &self.sequence {
            Some(seq) => seq.coordinate(j as u64, self.k + i),
            None => {
                let mut rng = stream(self.seed, j as u64, CHANNEL_B);
                let mut x = 0.0;
                for _ in 0..=i {
                    x = open01(&mut rng);
                }
                x
            }
        }
    }
}

impl Design for SaltelliDesign {
    fn inputs(&self) -> usize {
        self.k
    }

    fn rows(&self) -> usize {
        self.n * (self.k + 2)
    }

    fn fill_row(&self, row: usize, out: &mut [f64]) {
        let (j, c) = (row / (self.k + 2), row % (self.k + 2));
        let out = &mut out[..self.k];
        match c {
            0 => self.fill_matrix(j, false, out),
            1 => self.fill_matrix(j, true, out),
            _ => {
                self.fill_matrix(j, false, out);
                out[c - 2] = self.b_coordinate(j, c - 2);
            }
        }
    }

    fn block(&self, row: usize) -> usize {
        row / (self.k + 2)
    }
}

/// Sobol' indices of one output.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// f0, the mean output over A and B.
    pub mean: f64,
    /// V, the output variance over A and B. When it is 0 the output does not move and every
    /// index is reported as 0.
    pub variance: f64,
    /// S_i per input, with its bootstrap interval.
    pub first: Vec<Interval>,
    /// ST_i per input, with its bootstrap interval.
    pub total: Vec<Interval>,
}

/// The estimates from one output's column `col` (the design's rows in order) over the base
/// samples `pick(0..N)`: writes S_i to `first`, ST_i to `total`, returns (f0, V).
///
/// One pass: with a = f(A) - c, b = f(B) - c, d_i = f(AB_i) - f(A) and mu = f0 - c,
/// V = mean(a^2, b^2) - mu^2 and sum (f(B) - f0) d_i = sum b d_i - mu sum d_i. The shift `c`
/// (the full sample's mean) keeps the variance free of cancellation.
fn estimate(
    col: &[f64],
    k: usize,
    c: f64,
    pick: impl Fn(usize) -> usize,
    first: &mut [f64],
    total: &mut [f64],
    sum_d: &mut [f64],
) -> (f64, f64) {
    let n = col.len() / (k + 2);
    first.fill(0.0);
    total.fill(0.0);
    sum_d.fill(0.0);
    let (mut s, mut q) = (0.0, 0.0);
    for t in 0..n {
        let block = &col[pick(t) * (k + 2)..][..k + 2];
        let (fa, a, b) = (block[0], block[0] - c, block[1] - c);
        s += a + b;
        q += a * a + b * b;
        for (i, &fab) in block[2..].iter().enumerate() {
            let d = fab - fa;
            first[i] += b * d;
            sum_d[i] += d;
            total[i] += d * d;
        }
    }
    let nf = n as f64;
    let mu = s / (2.0 * nf);
    let f0 = c + mu;
    let var = q / (2.0 * nf) - mu * mu;
    // An output that does not move has no variance to apportion.
    if var <= f64::EPSILON * f0 * f0 {
        first.fill(0.0);
        total.fill(0.0);
        return (f0, 0.0);
    }
    for i in 0..k {
        first[i] = (first[i] - mu * sum_d[i]) / (nf * var);
        total[i] /= 2.0 * nf * var;
    }
    (f0, var)
}

/// Sobol' first-order and total indices of every output from the flat matrix `y` of model
/// outputs on `design` (`design.rows()` rows of `outputs` values), with percentile bootstrap
/// intervals over base samples. `threads` = 0 uses every core; the result does not depend on it.
pub fn sobol_indices(
    design: &SaltelliDesign,
    y: &[f64],
    outputs: usize,
    boot: &Bootstrap,
    threads: usize,
) -> Result<Vec<SobolIndices>, SensitivityError> {
    let (k, n, m) = (design.k, design.n, outputs);
    check_outputs(y, design.rows(), m)?;
    // One contiguous column per output: the resampling loops read it block by block.
    let rows = design.rows();
    let mut columns = vec![0.0; m * rows];
    for (r, row) in y.chunks(m).enumerate() {
        for (o, &v) in row.iter().enumerate() {
            columns[o * rows + r] = v;
        }
    }
    let mut result = Vec::with_capacity(m);
    let (mut s1, mut st, mut sd) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
    let mut shift = Vec::with_capacity(m);
    for col in columns.chunks(rows) {
        let c = (0..n)
            .map(|j| col[j * (k + 2)] + col[j * (k + 2) + 1])
            .sum::<f64>()
            / (2 * n) as f64;
        let (mean, variance) = estimate(col, k, c, |t| t, &mut s1, &mut st, &mut sd);
        result.push((mean, variance, s1.clone(), st.clone()));
        shift.push(c);
    }
    // Resample b: N base samples drawn with replacement from stream(seed, b, ..); each row
    // holds, per output, k first-order then k total indices.
    let width = m * 2 * k;
    let reps = par_rows(boot.resamples, width, threads, |b, row| {
        let mut rng = stream(boot.seed, b as u64, CHANNEL_BOOT);
        let picks: Vec<u32> = (0..n).map(|_| below(&mut rng, n) as u32).collect();
        let mut sd = vec![0.0; k];
        for (o, cell) in row.chunks_mut(2 * k).enumerate() {
            let (f, t) = cell.split_at_mut(k);
            let col = &columns[o * rows..(o + 1) * rows];
            estimate(col, k, shift[o], |t| picks[t] as usize, f, t, &mut sd);
        }
    });
    let mut column = vec![0.0; boot.resamples];
    Ok(result
        .into_iter()
        .enumerate()
        .map(|(o, (mean, variance, s1, st))| {
            let mut interval = |col: usize, est: f64| {
                for (c, r) in column.iter_mut().zip(reps.chunks(width.max(1))) {
                    *c = r[o * 2 * k + col];
                }
                percentile_interval(est, &mut column, boot.confidence)
            };
            let first = (0..k).map(|i| interval(i, s1[i])).collect();
            let total = (0..k).map(|i| interval(k + i, st[i])).collect();
            SobolIndices {
                mean,
                variance,
                first,
                total,
            }
        })
        .collect())
}

/// The outputs must fill the design and be finite numbers.
pub(crate) fn check_outputs(y: &[f64], rows: usize, m: usize) -> Result<(), SensitivityError> {
    if m == 0 {
        return Err(SensitivityError("the model has no outputs".into()));
    }
    if y.len() != rows * m {
        return Err(SensitivityError(format!(
            "{} output values for a design of {rows} points and {m} outputs (expected {})",
            y.len(),
            rows * m
        )));
    }
    if let Some(p) = y.iter().position(|v| !v.is_finite()) {
        return Err(SensitivityError(format!(
            "output {} of design point {} is not a finite number ({})",
            p % m,
            p / m,
            y[p]
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ab_rows_take_one_column_from_b() {
        for sampling in [Sampling::SobolSequence, Sampling::MonteCarlo] {
            let d = SaltelliDesign::new(3, 8, sampling, 5).unwrap();
            assert_eq!(d.rows(), 40);
            let (mut a, mut b, mut ab) = ([0.0; 3], [0.0; 3], [0.0; 3]);
            for j in 0..8 {
                d.fill_row(d.row(j, 0), &mut a);
                d.fill_row(d.row(j, 1), &mut b);
                for i in 0..3 {
                    d.fill_row(d.row(j, 2 + i), &mut ab);
                    for c in 0..3 {
                        assert_eq!(ab[c], if c == i { b[c] } else { a[c] });
                    }
                    assert_eq!(d.block(d.row(j, 2 + i)), j);
                }
                assert!(a.iter().chain(&b).all(|&x| x > 0.0 && x < 1.0));
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn bad_designs_and_outputs_are_refused() {
        assert!(SaltelliDesign::new(0, 8, Sampling::MonteCarlo, 1).is_err());
        assert!(SaltelliDesign::new(2, 1, Sampling::MonteCarlo, 1).is_err());
        assert!(SaltelliDesign::new(33, 8, Sampling::SobolSequence, 1).is_err());
        assert!(SaltelliDesign::new(33, 8, Sampling::MonteCarlo, 1).is_ok());
        let d = SaltelliDesign::new(2, 4, Sampling::MonteCarlo, 1).unwrap();
        let boot = Bootstrap {
            resamples: 10,
            ..Bootstrap::default()
        };
        assert!(sobol_indices(&d, &[0.0; 15], 1, &boot, 1).is_err());
        let mut y = vec![1.0; 16];
        y[5] = f64::NAN;
        let e = sobol_indices(&d, &y, 1, &boot, 1).unwrap_err();
        assert!(e.0.contains("design point 5"), "{e}");
    }

    #[test]
    fn constant_output_has_zero_indices() {
        let d = SaltelliDesign::new(2, 16, Sampling::SobolSequence, 1).unwrap();
        let y = vec![3.0; d.rows()];
        let r = sobol_indices(&d, &y, 1, &Bootstrap::default(), 1).unwrap();
        assert_eq!(r[0].variance, 0.0);
        assert!(r[0]
            .first
            .iter()
            .chain(&r[0].total)
            .all(|i| i.estimate == 0.0 && i.hi == 0.0));
    }
}
