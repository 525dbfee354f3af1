//! Distributions for uncertain scenario numbers, drawn by inverse transform so that every number
//! consumes exactly one uniform: run k's draws stay aligned across formats, interventions and edits
//! that turn a fixed number into a distribution (common random numbers), and sensitivity analysis can
//! pass quantiles directly.

/// A scenario number: fixed, or a distribution drawn once per run.
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    Fixed(f64),
    Uniform {
        low: f64,
        high: f64,
    },
    /// Triangular on [low, high] with its mode.
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
    },
    /// Normal, clamped to [low, high] when bounds are given.
    Normal {
        mean: f64,
        sd: f64,
        low: Option<f64>,
        high: Option<f64>,
    },
}

impl Dist {
    /// The value at quantile `u` in [0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Dist::Fixed(x) => x,
            Dist::Uniform { low, high } => low + u * (high - low),
            Dist::Triangular { low, mode, high } => {
                let w = high - low;
                if w <= 0.0 {
                    return low;
                }
                let f = (mode - low) / w;
                if u < f {
                    low + (u * w * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - u) * w * (high - mode)).sqrt()
                }
            }
            Dist::Normal {
                mean,
                sd,
                low,
                high,
            } => {
                let mut x = mean + sd * normal_quantile(u);
                if let Some(l) = low {
                    x = x.max(l);
                }
                if let Some(h) = high {
                    x = x.min(h);
                }
                x
            }
        }
    }

    /// The central value: the fixed number, or the distribution's median (used for checks that need
    /// one nominal number, such as a salience sum).
    pub fn nominal(&self) -> f64 {
        self.quantile(0.5)
    }

    /// Smallest and largest values the distribution can take (infinite for an unbounded normal).
    pub fn range(&self) -> (f64, f64) {
        match *self {
            Dist::Fixed(x) => (x, x),
            Dist::Uniform { low, high } | Dist::Triangular { low, high, .. } => (low, high),
            Dist::Normal { low, high, .. } => (
                low.unwrap_or(f64::NEG_INFINITY),
                high.unwrap_or(f64::INFINITY),
            ),
        }
    }

    /// True unless the number is fixed.
    pub fn is_uncertain(&self) -> bool {
        !matches!(self, Dist::Fixed(_))
    }
}

/// Standard normal quantile by Acklam's rational approximation (relative error below 1.2e-9, ample
/// for scenario inputs). Source: P. J. Acklam, "An algorithm for computing the inverse normal
/// cumulative distribution function" (2003).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    // Keep away from 0 and 1 where the tails are infinite.
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    const P_LOW: f64 = 0.024_25;
    if p < P_LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_known_values() {
        // Tabulated standard normal quantiles.
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-8);
        assert!((normal_quantile(0.5)).abs() < 1e-12);
        assert!((normal_quantile(0.001) + 3.090_232_306_167_813).abs() < 1e-7);
    }

    #[test]
    fn triangular_quantile_hits_mode_at_its_mass() {
        let t = Dist::Triangular {
            low: 0.0,
            mode: 0.25,
            high: 1.0,
        };
        assert!((t.quantile(0.25) - 0.25).abs() < 1e-12);
        assert_eq!(t.quantile(0.0), 0.0);
        assert!((t.quantile(1.0) - 1.0).abs() < 1e-12);
        // Mean of a triangular is (a + b + c) / 3.
        let m: f64 = (0..100_000)
            .map(|i| t.quantile((i as f64 + 0.5) / 100_000.0))
            .sum::<f64>()
            / 1e5;
        assert!((m - 1.25 / 3.0).abs() < 1e-4, "{m}");
    }

    #[test]
    fn clamped_normal_stays_in_bounds() {
        let n = Dist::Normal {
            mean: 0.0,
            sd: 1.0,
            low: Some(-0.5),
            high: Some(2.0),
        };
        assert_eq!(n.quantile(0.01), -0.5);
        assert_eq!(n.quantile(0.9999), 2.0);
    }
}
