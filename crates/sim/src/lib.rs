//! The crisis simulator: scenario types, the per-round engine (events, relation dynamics, bargaining
//! in forums, outcome rules) and Monte Carlo with common random numbers.
//!
//! Pure: a run is a function of the scenario, the seed and the run index. Readers of scenario files
//! live in `intrigue-formats`; the `intrigue run` shell in the binary.

pub mod dist;
pub mod engine;
pub mod expr;
pub mod model;
pub mod montecarlo;
pub mod relations;
pub mod scenario;

pub use dist::Dist;
pub use engine::{draw_inputs, run_drawn, run_one, Inputs, Plan, RunResult, Workspace};
pub use model::{CompileError, Locus, Model, UncertainInput};
pub use montecarlo::{simulate, simulate_threads, wilson, Tally};
pub use scenario::*;
