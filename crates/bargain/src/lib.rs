//! Bargaining models: pure functions from actors' capabilities, positions and saliences to outcomes.
//!
//! * [`smp`]: KTAB's Spatial Model of Politics, number for number (see `MODEL.md`).
//! * [`baseline`]: the compromise (weighted mean), weighted median and Nash bargaining baselines.
//! * [`bdm`]: Bueno de Mesquita's expected-utility model as reconstructed by Scholz, Calbert & Smith (2011).
//!
//! Nothing here reads files or prints: readers live in `intrigue-formats`, the shell in the binary.

pub mod baseline;
pub mod bdm;
pub mod smp;

/// A negotiation: actors with a capability, and a position and a salience on each issue dimension.
///
/// Positions and saliences are on the models' internal [0, 1] scale (KTAB's 0-100 inputs divided
/// by 100). Matrices are flat and row-major: `position[i * d + k]` is actor i on dimension k.
#[derive(Clone, Debug, PartialEq)]
pub struct Negotiation {
    pub name: String,
    pub actors: Vec<String>,
    pub dimensions: Vec<String>,
    /// Capability c_i ("power", "influence"); used as is, never normalised.
    pub capability: Vec<f64>,
    /// Advocated positions, n x d, in [0, 1].
    pub position: Vec<f64>,
    /// Saliences, n x d, in [0, 1], each actor's row summing to at most 1.
    pub salience: Vec<f64>,
}

impl Negotiation {
    /// Number of actors.
    pub fn n(&self) -> usize {
        self.actors.len()
    }

    /// Number of issue dimensions.
    pub fn d(&self) -> usize {
        self.dimensions.len()
    }

    /// Actor i's position as a slice of length d.
    pub fn position_of(&self, i: usize) -> &[f64] {
        let d = self.d();
        &self.position[i * d..(i + 1) * d]
    }

    /// Actor i's saliences as a slice of length d.
    pub fn salience_of(&self, i: usize) -> &[f64] {
        let d = self.d();
        &self.salience[i * d..(i + 1) * d]
    }

    /// Checks the invariants every model relies on; the message names the actor and the problem.
    /// Readers give file and line context; this is the last line of defence for programmatic input.
    pub fn validate(&self) -> Result<(), String> {
        let (n, d) = (self.n(), self.d());
        if n < 3 {
            return Err(format!("a negotiation needs at least 3 actors, found {n}"));
        }
        if d == 0 {
            return Err("a negotiation needs at least 1 issue dimension".into());
        }
        if self.capability.len() != n
            || self.position.len() != n * d
            || self.salience.len() != n * d
        {
            return Err(
                "capability, position and salience arrays do not match the actors and dimensions"
                    .into(),
            );
        }
        for i in 0..n {
            let name = &self.actors[i];
            let c = self.capability[i];
            if !(c.is_finite() && c > 0.0) {
                return Err(format!(
                    "actor {name}: capability must be positive, found {c}"
                ));
            }
            let mut total = 0.0;
            for k in 0..d {
                let x = self.position[i * d + k];
                let s = self.salience[i * d + k];
                if !(0.0..=1.0).contains(&x) {
                    return Err(format!(
                        "actor {name}: position {} on dimension {} is outside 0-100",
                        x * 100.0,
                        self.dimensions[k]
                    ));
                }
                if !(0.0..=1.0).contains(&s) {
                    return Err(format!(
                        "actor {name}: salience {} on dimension {} is outside 0-100",
                        s * 100.0,
                        self.dimensions[k]
                    ));
                }
                total += s;
            }
            if total <= 0.0 {
                return Err(format!(
                    "actor {name}: total salience is zero (the actor would not take part)"
                ));
            }
            if total > 1.0 + 1e-9 {
                return Err(format!(
                    "actor {name}: saliences sum to {} (over 100)",
                    total * 100.0
                ));
            }
        }
        Ok(())
    }
}
