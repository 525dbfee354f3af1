//! `intrigue`: the command-line shell. It parses arguments, reads files through
//! `intrigue-formats`/`intrigue-data`, calls the pure models and prints or writes results.
//! Each subcommand lives in its own module under `cmd/`.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cmd;

#[derive(Parser)]
#[command(
    name = "intrigue",
    version,
    about = "Simulate and forecast multilateral crisis diplomacy"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a bargaining model (KTAB SMP, compromise, median, BDM) on a KTAB CSV/XML scenario.
    Bargain(cmd::bargain::Args),
    /// Score the bargaining models against real negotiation outcomes (DEU III).
    Backtest(cmd::backtest::Args),
    /// Structural balance of a signed network: frustration index, blocs, triangle and walk balance.
    Balance(cmd::balance::Args),
    /// Read political event data (GDELT, ICEWS, Phoenix).
    Events(cmd::events::Args),
    /// Turn real data (UN votes, COW, ATOP, events) into a scenario fragment.
    Calibrate(cmd::calibrate::Args),
    /// Monte Carlo over a crisis scenario: outcome probabilities per format of talks.
    Run(cmd::run::Args),
    /// Merge shard outputs of `intrigue run --shard` into the unsplit result.
    Merge(cmd::merge::Args),
    /// Sensitivity of outcomes to interventions and uncertain inputs (Morris, Sobol).
    Sensitivity(cmd::sensitivity::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bargain(a) => cmd::bargain::run(a),
        Command::Backtest(a) => cmd::backtest::run(a),
        Command::Balance(a) => cmd::balance::run(a),
        Command::Events(a) => cmd::events::run(a),
        Command::Calibrate(a) => cmd::calibrate::run(a),
        Command::Run(a) => cmd::run::run(a),
        Command::Merge(a) => cmd::merge::run(a),
        Command::Sensitivity(a) => cmd::sensitivity::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            // One line, no panic, exit status 2: the contract for bad input.
            eprintln!("intrigue: {}", msg.replace('\n', " "));
            ExitCode::from(2)
        }
    }
}
