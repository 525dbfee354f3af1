//! The crisis simulator: scenario types, the per-round engine (events, relation dynamics, bargaining
//! in forums, outcome rules) and Monte Carlo with common random numbers.
//!
//! Pure: a run is a function of the scenario, the seed and the run index.
