//! `intrigue bargain`: one negotiation from a KTAB CSV/XML file, under SMP or a baseline model.

use super::CmdResult;
use intrigue_bargain::smp::{self, SmpConfig, StopReason};
use intrigue_bargain::{baseline, Negotiation};
use intrigue_formats::{ktab, positions, write_atomic};
use serde_json::json;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Model {
    /// KTAB's Spatial Model of Politics.
    Smp,
    /// Capability x salience weighted mean per dimension.
    Compromise,
    /// Capability x salience weighted median per dimension.
    Median,
    /// Bueno de Mesquita's expected-utility model (Scholz et al. 2011), one dimension.
    Bdm,
}

#[derive(clap::Args)]
pub struct Args {
    /// KTAB scenario file (CSV or XML).
    pub input: PathBuf,
    /// The bargaining model.
    #[arg(long, value_enum, default_value = "smp")]
    pub model: Model,
    /// A model parameter, e.g. `VotingRule=PropCbc` or `mode=native` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Write the trajectory as CSV: turn,actor,actor_name,dim,pos_0_100,ideal_0_100.
    #[arg(long, value_name = "PATH")]
    pub positions_csv: Option<PathBuf>,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Seed for the stochastic mode (default: the file's prngSeed, else KTAB's default seed).
    #[arg(long)]
    pub seed: Option<u64>,
}

pub fn run(args: Args) -> CmdResult {
    let file = args.input.display().to_string();
    let text =
        std::fs::read_to_string(&args.input).map_err(|e| format!("{file}: cannot read: {e}"))?;
    let scenario = ktab::read(&file, &text).map_err(|e| e.to_string())?;
    let neg = &scenario.negotiation;
    match args.model {
        Model::Smp => run_smp(&args, &scenario),
        Model::Compromise | Model::Median => {
            if !args.params.is_empty() {
                return Err(format!(
                    "--param applies to --model smp and bdm, not {:?}",
                    args.model
                )
                .to_lowercase());
            }
            let outcome = if args.model == Model::Compromise {
                baseline::compromise(neg)
            } else {
                baseline::median(neg)
            };
            print_point(&args, neg, &outcome)
        }
        Model::Bdm => super::bargain_bdm::run(&args, neg),
    }
}

fn model_name(m: Model) -> &'static str {
    match m {
        Model::Smp => "smp",
        Model::Compromise => "compromise",
        Model::Median => "median",
        Model::Bdm => "bdm",
    }
}

/// Prints a single predicted point (baseline models).
pub(crate) fn print_point(args: &Args, neg: &Negotiation, outcome: &[f64]) -> CmdResult {
    if args.positions_csv.is_some() {
        return Err("--positions-csv needs a model with a trajectory (smp or bdm)".into());
    }
    if args.json {
        let v = json!({
            "scenario": neg.name,
            "model": model_name(args.model),
            "dimensions": neg.dimensions,
            "outcome": outcome.iter().map(|x| x * 100.0).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        );
    } else {
        println!(
            "{} ({} actors), model {}",
            neg.name,
            neg.n(),
            model_name(args.model)
        );
        for (k, x) in outcome.iter().enumerate() {
            println!("  {:<24} {:>8.3}", neg.dimensions[k], x * 100.0);
        }
    }
    Ok(())
}

fn run_smp(args: &Args, scenario: &ktab::KtabScenario) -> CmdResult {
    let neg = &scenario.negotiation;
    let mut cfg = SmpConfig {
        params: scenario.params,
        accommodation: scenario.accommodation.clone(),
        ..SmpConfig::default()
    };
    if let Some(s) = args.seed.or(scenario.seed) {
        cfg.seed = s;
    }
    for p in &args.params {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| format!("--param {p}: expected NAME=VALUE"))?;
        cfg.params
            .set(name.trim(), value.trim())
            .map_err(|e| format!("--param {p}: {e}"))?;
    }
    let file = args.input.display().to_string();
    let run = smp::run(neg, &cfg).map_err(|e| format!("{file}: SMP cannot run: {e}"))?;
    if let Some(path) = &args.positions_csv {
        let csv = positions::positions_csv(neg, &run.positions, &run.ideals);
        write_atomic(path, csv.as_bytes())
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    let (n, d) = (neg.n(), neg.d());
    let last = run
        .positions
        .last()
        .expect("a run has at least its initial state");
    let (stop, period) = match run.stop {
        StopReason::Converged => ("converged", None),
        StopReason::MaxTurns => ("max-turns", None),
        StopReason::Cycle { period } => ("cycle", Some(period)),
    };
    if args.json {
        let params: serde_json::Map<String, serde_json::Value> = cfg
            .params
            .entries()
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let v = json!({
            "scenario": neg.name,
            "model": "smp",
            "mode": format!("{:?}", cfg.params.mode).to_lowercase(),
            "params": params,
            "actors": neg.actors,
            "dimensions": neg.dimensions,
            "states": run.positions.len(),
            "stop": stop,
            "cycle_period": period,
            "final_positions": (0..n).map(|i| (0..d).map(|k| last[i * d + k] * 100.0).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "outcome_probabilities": run.probabilities,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    println!(
        "{}: {} actors, {} dimension(s), SMP ({:?} mode)",
        neg.name, n, d, cfg.params.mode
    );
    let changed: Vec<String> = cfg
        .params
        .entries()
        .iter()
        .zip(smp::Params::default().entries())
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| format!("{}={}", a.0, a.1))
        .collect();
    if !changed.is_empty() {
        println!("parameters: {}", changed.join(", "));
    }
    match period {
        Some(p) => println!(
            "{} states, stopped: limit cycle of period {p}",
            run.positions.len()
        ),
        None => println!("{} states, stopped: {stop}", run.positions.len()),
    }
    let probs = run.probabilities.last().cloned().unwrap_or_default();
    print!("{:<26}", "actor");
    for dim in &neg.dimensions {
        print!(" {:>10.10}", dim);
    }
    println!(" {:>8}", "p(final)");
    for i in 0..n {
        print!("{:<26}", neg.actors[i]);
        for k in 0..d {
            print!(" {:>10.3}", last[i * d + k] * 100.0);
        }
        println!(" {:>8.4}", probs.get(i).copied().unwrap_or(f64::NAN));
    }
    Ok(())
}
