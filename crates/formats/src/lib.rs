//! Readers and writers of the file formats `intrigue` speaks: KTAB scenario CSV/XML, position
//! trajectories, DEU backtest data, signed edge lists and scenario TOML.
//!
//! Every reader reports bad input as an [`InputError`]: one line naming the file, the place and the
//! problem. Writers go through [`write_atomic`] so a failed run never leaves a half-written file.

mod error;
pub use error::{write_atomic, InputError};

pub mod deu;
pub mod edges;
pub mod ktab;
pub mod positions;
pub mod scenario;
