//! Real data in: political event data (GDELT, ICEWS, Phoenix) read as streams, CAMEO tables and
//! country codes, UN General Assembly votes, COW capabilities and ATOP alliances, and the
//! scenario fragment `intrigue calibrate` writes from them.

pub mod aggregate;
pub mod calibrate;
pub mod cameo;
pub mod countries;
pub mod events;
pub mod states;

pub use aggregate::{DyadAggregator, Period};
pub use events::{
    read_file, read_stream, DataError, Event, FileReport, Layout, Problem, ReadOptions,
};
