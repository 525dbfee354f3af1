//! Statistics shared by the analyses: per-run random streams, bootstrap intervals, and
//! sensitivity indices (Morris, Sobol/Saltelli).
//!
//! Pure: every function takes its data and its random stream as arguments.

pub mod bootstrap;
pub mod sensitivity;
pub mod stream;
