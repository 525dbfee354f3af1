//! Test functions with known sensitivity indices, to check the estimators and to demonstrate
//! `intrigue sensitivity` without a scenario.

use std::f64::consts::PI;

/// The Ishigami function (Ishigami & Homma 1990) on [-pi, pi]^3:
/// f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ishigami {
    pub a: f64,
    pub b: f64,
}

impl Default for Ishigami {
    /// a = 7, b = 0.1, the values of Marrel et al. (2009) and most of the literature.
    fn default() -> Self {
        Ishigami { a: 7.0, b: 0.1 }
    }
}

impl Ishigami {
    /// The number of inputs.
    pub const INPUTS: usize = 3;

    /// f at `x` in [-pi, pi]^3.
    pub fn eval(&self, x: &[f64]) -> f64 {
        let s1 = x[0].sin();
        let s2 = x[1].sin();
        s1 + self.a * s2 * s2 + self.b * x[2].powi(4) * s1
    }

    /// f at the point `u` of the unit cube, each coordinate mapped linearly onto [-pi, pi].
    pub fn eval_unit(&self, u: &[f64]) -> f64 {
        let x = [
            PI * (2.0 * u[0] - 1.0),
            PI * (2.0 * u[1] - 1.0),
            PI * (2.0 * u[2] - 1.0),
        ];
        self.eval(&x)
    }

    /// Analytic partial variances (Sobol' & Levitan 1999): V, V1, V2, V13 (V3 = V12 = V23 = 0).
    fn variances(&self) -> (f64, f64, f64, f64) {
        let (a, b) = (self.a, self.b);
        let p4 = PI.powi(4);
        let p8 = PI.powi(8);
        let v1 = 0.5 * (1.0 + b * p4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * p8 * 8.0 / 225.0;
        (v1 + v2 + v13, v1, v2, v13)
    }

    /// Analytic first-order indices (S1, S2, S3).
    pub fn first_order(&self) -> [f64; 3] {
        let (v, v1, v2, _) = self.variances();
        [v1 / v, v2 / v, 0.0]
    }

    /// Analytic total indices (ST1, ST2, ST3).
    pub fn total(&self) -> [f64; 3] {
        let (v, v1, v2, v13) = self.variances();
        [(v1 + v13) / v, v2 / v, v13 / v]
    }

    /// The analytic variance of f.
    pub fn variance(&self) -> f64 {
        self.variances().0
    }
}

/// An additive linear function f(u) = sum_i c_i u_i of uniform inputs on [0, 1]: every elementary
/// effect of input i is c_i, and S_i = ST_i = c_i^2 / sum_j c_j^2.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    pub coefficients: Vec<f64>,
}

impl Linear {
    /// f at `u`.
    pub fn eval(&self, u: &[f64]) -> f64 {
        self.coefficients.iter().zip(u).map(|(c, x)| c * x).sum()
    }

    /// Analytic first-order (= total) indices.
    pub fn indices(&self) -> Vec<f64> {
        let sum: f64 = self.coefficients.iter().map(|c| c * c).sum();
        self.coefficients.iter().map(|c| c * c / sum).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ishigami_indices_match_the_published_values() {
        // Published to four decimals (e.g. Marrel et al. 2009; Saltelli et al. 2010).
        let f = Ishigami::default();
        let s = f.first_order();
        let t = f.total();
        for (got, want) in s.iter().zip([0.3139, 0.4424, 0.0]) {
            assert!((got - want).abs() < 5e-5, "{got} vs {want}");
        }
        for (got, want) in t.iter().zip([0.5576, 0.4424, 0.2437]) {
            assert!((got - want).abs() < 5e-5, "{got} vs {want}");
        }
        assert!((f.variance() - 13.8446).abs() < 1e-3);
        assert!((f.eval(&[PI / 2.0, PI / 2.0, 1.0]) - 8.1).abs() < 1e-12);
    }
}
