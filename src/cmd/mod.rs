//! One module per subcommand. Each exposes `Args` (clap) and `run(Args) -> CmdResult`.

pub mod backtest;
pub mod balance;
pub mod bargain;
mod bargain_bdm;
pub mod calibrate;
pub mod events;
pub mod merge;
pub mod run;
pub mod sensitivity;

/// A subcommand's result: `Err` carries a one-line message; the shell prints it and exits with 2.
pub type CmdResult = Result<(), String>;
