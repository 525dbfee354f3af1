//! `intrigue sensitivity`: which inputs move which outcomes. Morris elementary effects to screen,
//! Sobol' first-order and total indices (Saltelli sampling) to apportion the variance, both from
//! `intrigue_stats::sensitivity`.
//!
//! The simulator is not wired in yet: a scenario is refused with a message saying so, and
//! `--function ishigami|linear` runs the same analysis on a test function with known indices.
//! [`analyse`] and [`Problem`] are the seam for the simulator: inputs on the unit cube, a closure
//! that evaluates one design point, named outputs.

use super::CmdResult;
use intrigue_formats::write_atomic;
use intrigue_stats::sensitivity::morris::{morris_indices, MorrisDesign, MorrisIndices};
use intrigue_stats::sensitivity::saltelli::{
    sobol_indices, SaltelliDesign, Sampling, SobolIndices,
};
use intrigue_stats::sensitivity::test_functions::{Ishigami, Linear};
use intrigue_stats::sensitivity::{evaluate, Bootstrap, Design, Interval};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// Morris elementary effects (mu, mu*, sigma): cheap screening of many inputs.
    Morris,
    /// Sobol' first-order and total indices by Saltelli sampling.
    Sobol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFunction {
    /// Ishigami & Homma (1990), a = 7, b = 0.1, on [-pi, pi]^3.
    Ishigami,
    /// f = 4 x1 - 2 x2 + 0.5 x3 on [0, 1]^3 (additive: S_i = ST_i = c_i^2 / sum c^2).
    Linear,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SamplingArg {
    /// Sobol' low-discrepancy sequence, digitally shifted by the seed (up to 32 inputs).
    SobolSequence,
    /// Independent uniforms from the per-sample random streams.
    MonteCarlo,
}

#[derive(clap::Args)]
pub struct Args {
    /// Scenario file (TOML); default: the built-in North-East Asia 2017 scenario.
    pub scenario: Option<PathBuf>,
    /// The method.
    #[arg(long, value_enum)]
    pub method: Method,
    /// Sobol: base samples N, N (k + 2) evaluations (default 1024; powers of two suit the
    /// sequence). Morris: trajectories r, r (k + 1) evaluations (default 50).
    #[arg(long)]
    pub runs: Option<usize>,
    /// Print a JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Master seed of the design and of the bootstrap.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Analyse a test function with known indices instead of a scenario.
    #[arg(long, value_enum, conflicts_with = "scenario")]
    pub function: Option<TestFunction>,
    /// Morris grid levels p (even).
    #[arg(long, default_value_t = 4)]
    pub levels: usize,
    /// Bootstrap resamples for the 95% intervals (0: none).
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    /// How the Saltelli base matrices are drawn (Sobol method).
    #[arg(long, value_enum, default_value = "sobol-sequence")]
    pub sampling: SamplingArg,
    /// Worker threads (0: all cores). The result does not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Scenario: Monte Carlo runs per design point (its outcome probabilities are the outputs).
    #[arg(long, default_value_t = 100)]
    pub replicates: u64,
    /// Write the table or JSON to this file (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// Largest design, in model evaluations, and largest bootstrap accepted: beyond them the flat
/// output matrix or the replicate table would not fit in memory on an ordinary machine.
const MAX_EVALUATIONS: usize = 100_000_000;
const MAX_RESAMPLES: usize = 100_000;

/// What is analysed: named inputs on the unit cube, named outputs, and (for test functions) the
/// exact indices to print beside the estimates.
pub struct Problem {
    /// Shown in the title and as `model` in JSON.
    pub name: String,
    /// One line saying what the inputs and outputs are.
    pub description: String,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    /// Exact (S_i, ST_i) per output and input, when known.
    pub exact: Option<Vec<Vec<(f64, f64)>>>,
}

/// Estimates for every output.
pub enum Estimates {
    Sobol(Vec<SobolIndices>),
    Morris {
        delta: f64,
        indices: Vec<MorrisIndices>,
    },
}

/// The result of [`analyse`].
pub struct Report {
    pub evaluations: usize,
    pub estimates: Estimates,
}

pub fn run(args: Args) -> CmdResult {
    let (problem, report) = match args.function {
        None => scenario_analysis(&args)?,
        Some(function) => test_function_analysis(&args, function)?,
    };
    emit(&args, &problem, &report)
}

fn test_function_analysis(
    args: &Args,
    function: TestFunction,
) -> Result<(Problem, Report), String> {
    let (problem, report) = match function {
        TestFunction::Ishigami => {
            let f = Ishigami::default();
            let exact = vec![f.first_order().into_iter().zip(f.total()).collect()];
            let problem = Problem {
                name: "ishigami".into(),
                description: format!(
                    "Ishigami function (a = {}, b = {}), inputs x1..x3 uniform on [-pi, pi]",
                    f.a, f.b
                ),
                inputs: vec!["x1".into(), "x2".into(), "x3".into()],
                outputs: vec!["y".into()],
                exact: Some(exact),
            };
            let report = analyse(args, &problem, |_, _, u, out| out[0] = f.eval_unit(u))?;
            (problem, report)
        }
        TestFunction::Linear => {
            let f = Linear {
                coefficients: vec![4.0, -2.0, 0.5],
            };
            let s = f.indices();
            let problem = Problem {
                name: "linear".into(),
                description: "linear function y = 4 x1 - 2 x2 + 0.5 x3, inputs uniform on [0, 1]"
                    .into(),
                inputs: vec!["x1".into(), "x2".into(), "x3".into()],
                outputs: vec!["y".into()],
                exact: Some(vec![s.iter().map(|&v| (v, v)).collect()]),
            };
            let report = analyse(args, &problem, |_, _, u, out| out[0] = f.eval(u))?;
            (problem, report)
        }
    };
    Ok((problem, report))
}

fn emit(args: &Args, problem: &Problem, report: &Report) -> CmdResult {
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&to_json(args, problem, report))
            .map_err(|e| format!("cannot format JSON: {e}"))?;
        s.push('\n');
        s
    } else {
        to_table(args, problem, report)
    };
    match &args.out {
        Some(path) => write_atomic(path, text.as_bytes())
            .map_err(|e| format!("{}: cannot write: {e}", path.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// The simulator as a model on the unit cube. Inputs: the scenario's uncertain numbers (coordinate
/// = quantile of the number's distribution), then its interventions (on when the coordinate is at
/// least 0.5). Outputs: the probability of each outcome under each format, from `--replicates` runs
/// per design point. Run r of the point in design block b is run b R + r of the seed, so the points
/// a estimator compares share their random numbers (common random numbers).
fn scenario_analysis(args: &Args) -> Result<(Problem, Report), String> {
    use intrigue_sim::{run_one, Inputs, Workspace};
    use std::sync::Mutex;
    let (text, name) = match &args.scenario {
        Some(p) => (
            std::fs::read_to_string(p).map_err(|e| format!("{}: cannot read: {e}", p.display()))?,
            p.display().to_string(),
        ),
        None => (
            super::run::BUILTIN.to_string(),
            "northeast-asia-2017.toml (built in)".to_string(),
        ),
    };
    let file = intrigue_formats::scenario::parse(&text, &name).map_err(|e| e.to_string())?;
    let model = &file.model;
    if args.replicates == 0 {
        return Err("--replicates must be at least 1".into());
    }
    let uncertain = model.uncertain_inputs();
    let (nu, nv) = (uncertain.len(), model.intervention_ids.len());
    let (nf, no) = (model.format_ids.len(), model.outcome_ids.len());
    if nu + nv == 0 {
        return Err(format!(
            "{name}: the scenario has no uncertain numbers and no interventions to analyse"
        ));
    }
    let mut inputs: Vec<String> = uncertain.iter().map(|u| u.name.clone()).collect();
    inputs.extend(
        model
            .intervention_ids
            .iter()
            .map(|v| format!("intervention:{v}")),
    );
    let mut outputs = Vec::with_capacity(nf * no);
    for f in &model.format_ids {
        outputs.extend(model.outcome_ids.iter().map(|o| format!("{f}/{o}")));
    }
    let problem = Problem {
        name: model.id.clone(),
        description: format!(
            "{}: {nu} uncertain inputs and {nv} interventions, outcome probabilities of {nf} formats from {} runs per design point",
            model.name, args.replicates
        ),
        inputs,
        outputs,
        exact: None,
    };
    // Morris puts points on {0, 1/(p-1), ..., 1}; the quantiles are taken at the middles of p
    // equal-probability strata so that unbounded laws stay finite.
    let p = args.levels.max(2) as f64;
    let morris = args.method == Method::Morris;
    let failure: Mutex<Option<String>> = Mutex::new(None);
    let (seed, reps) = (args.seed, args.replicates);
    let report = analyse(args, &problem, |_, block, u, out| {
        let mut q: Vec<f64> = u[..nu].to_vec();
        if morris {
            q.iter_mut().for_each(|x| *x = (*x * (p - 1.0) + 0.5) / p);
        }
        let on: Vec<usize> = (0..nv).filter(|&v| u[nu + v] >= 0.5).collect();
        let plans: Vec<_> = (0..nf).map(|f| model.plan(f, &on)).collect();
        let mut ws = Workspace::new(model);
        out.fill(0.0);
        for r in 0..reps {
            let run = block as u64 * reps + r;
            for (f, plan) in plans.iter().enumerate() {
                match run_one(plan, seed, run, Inputs::Quantiles(&q), &mut ws) {
                    Ok(res) => out[f * no + res.outcome] += 1.0 / reps as f64,
                    Err(e) => {
                        failure
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .get_or_insert(e);
                        return;
                    }
                }
            }
        }
    })?;
    if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(format!("{name}: {e}"));
    }
    Ok((problem, report))
}

/// Run the design of `args.method` over `problem` with `model(row, block, u, out)`: `u` is the
/// design point in the unit cube (one coordinate per input), `out` receives one value per output,
/// and `block` is the key for common random numbers (see `Design::block`).
pub fn analyse<F>(args: &Args, problem: &Problem, model: F) -> Result<Report, String>
where
    F: Fn(usize, usize, &[f64], &mut [f64]) + Sync,
{
    let k = problem.inputs.len();
    let m = problem.outputs.len();
    if args.bootstrap > MAX_RESAMPLES {
        return Err(format!(
            "--bootstrap {} is above the limit of {MAX_RESAMPLES}",
            args.bootstrap
        ));
    }
    let boot = Bootstrap {
        resamples: args.bootstrap,
        confidence: 0.95,
        seed: args.seed,
    };
    let too_big = |evaluations: Option<usize>| match evaluations {
        Some(e) if e <= MAX_EVALUATIONS => Ok(e),
        _ => Err(format!(
            "--runs {} asks for more than {MAX_EVALUATIONS} model evaluations",
            args.runs.unwrap_or_default()
        )),
    };
    match args.method {
        Method::Sobol => {
            let n = args.runs.unwrap_or(1024);
            let evaluations = too_big(n.checked_mul(k + 2))?;
            let sampling = match args.sampling {
                SamplingArg::SobolSequence => Sampling::SobolSequence,
                SamplingArg::MonteCarlo => Sampling::MonteCarlo,
            };
            let design = SaltelliDesign::new(k, n, sampling, args.seed)
                .map_err(|e| format!("--runs: {e}"))?;
            let y = evaluate(&design, m, args.threads, &model);
            let indices =
                sobol_indices(&design, &y, m, &boot, args.threads).map_err(|e| e.to_string())?;
            Ok(Report {
                evaluations,
                estimates: Estimates::Sobol(indices),
            })
        }
        Method::Morris => {
            let r = args.runs.unwrap_or(50);
            let evaluations = too_big(r.checked_mul(k + 1))?;
            let design =
                MorrisDesign::new(k, r, args.levels, args.seed).map_err(|e| e.to_string())?;
            debug_assert_eq!(design.rows(), evaluations);
            let y = evaluate(&design, m, args.threads, &model);
            let indices =
                morris_indices(&design, &y, m, &boot, args.threads).map_err(|e| e.to_string())?;
            Ok(Report {
                evaluations,
                estimates: Estimates::Morris {
                    delta: design.delta(),
                    indices,
                },
            })
        }
    }
}

fn interval(i: &Interval) -> Value {
    json!({ "estimate": i.estimate, "lo": i.lo, "hi": i.hi })
}

fn method_name(m: Method) -> &'static str {
    match m {
        Method::Morris => "morris",
        Method::Sobol => "sobol",
    }
}

/// The JSON report: stable key order (serde_json's map is sorted) and inputs in problem order.
pub fn to_json(args: &Args, problem: &Problem, report: &Report) -> Value {
    let mut outputs = Vec::new();
    let exact = |o: usize, i: usize| problem.exact.as_ref().map(|e| e[o][i]);
    let design = match &report.estimates {
        Estimates::Sobol(all) => {
            for (o, r) in all.iter().enumerate() {
                let indices: Vec<Value> = (0..problem.inputs.len())
                    .map(|i| {
                        let mut v = json!({
                            "input": problem.inputs[i],
                            "first_order": interval(&r.first[i]),
                            "total": interval(&r.total[i]),
                        });
                        if let Some((s, t)) = exact(o, i) {
                            v["exact"] = json!({ "first_order": s, "total": t });
                        }
                        v
                    })
                    .collect();
                outputs.push(json!({
                    "id": problem.outputs[o], "mean": r.mean, "variance": r.variance, "indices": indices,
                }));
            }
            let sampling = match args.sampling {
                SamplingArg::SobolSequence => "sobol-sequence",
                SamplingArg::MonteCarlo => "monte-carlo",
            };
            json!({ "kind": "saltelli", "base_samples": args.runs.unwrap_or(1024), "sampling": sampling })
        }
        Estimates::Morris {
            delta,
            indices: all,
        } => {
            for r in all {
                let indices: Vec<Value> = (0..problem.inputs.len())
                    .map(|i| {
                        json!({
                            "input": problem.inputs[i],
                            "mu": r.mu[i],
                            "mu_star": interval(&r.mu_star[i]),
                            "sigma": r.sigma[i],
                        })
                    })
                    .collect();
                outputs.push(json!({ "id": problem.outputs[outputs.len()], "indices": indices }));
            }
            json!({
                "kind": "morris-trajectories", "trajectories": args.runs.unwrap_or(50),
                "levels": args.levels, "delta": delta,
            })
        }
    };
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "model": problem.name,
        "description": problem.description,
        "method": method_name(args.method),
        "seed": args.seed,
        "design": design,
        "evaluations": report.evaluations,
        "bootstrap": { "resamples": args.bootstrap, "confidence": 0.95 },
        "inputs": problem.inputs,
        "outputs": outputs,
    })
}

/// Input order by decreasing `key`, ties in input order (a deterministic ranking).
fn ranking(k: usize, key: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    order
}

fn fmt_interval(i: &Interval) -> String {
    format!("{:>8.4} [{:>7.4}, {:>7.4}]", i.estimate, i.lo, i.hi)
}

/// The human-readable table: one block per output, inputs ranked by ST (Sobol) or mu* (Morris).
pub fn to_table(args: &Args, problem: &Problem, report: &Report) -> String {
    let mut s = String::new();
    let w = problem
        .inputs
        .iter()
        .map(|n| n.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(s, "{}", problem.description);
    let conf = if args.bootstrap > 0 {
        format!(
            "95% intervals: percentile bootstrap, {} resamples",
            args.bootstrap
        )
    } else {
        "no bootstrap: intervals collapse to the estimate".to_string()
    };
    match &report.estimates {
        Estimates::Sobol(all) => {
            let sampling = match args.sampling {
                SamplingArg::SobolSequence => "Sobol sequence, digitally shifted",
                SamplingArg::MonteCarlo => "Monte Carlo",
            };
            let _ = writeln!(
                s,
                "Sobol indices, Saltelli design: N = {} base samples, {} evaluations, {sampling}, seed {}",
                args.runs.unwrap_or(1024),
                report.evaluations,
                args.seed
            );
            let _ = writeln!(s, "{conf}; inputs ranked by total index");
            if args.sampling == SamplingArg::SobolSequence && args.bootstrap > 0 {
                // Resampling ignores the sequence's stratification (measured coverage 100%).
                let _ = writeln!(
                    s,
                    "(on the Sobol sequence these intervals are conservative)"
                );
            }
            for (o, r) in all.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "\noutput {}: mean {:.4}, variance {:.4}",
                    problem.outputs[o], r.mean, r.variance
                );
                let _ = write!(
                    s,
                    "{:<w$}  {:>28}  {:>28}",
                    "input", "first order S [95%]", "total ST [95%]"
                );
                if problem.exact.is_some() {
                    let _ = write!(s, "  {:>8}  {:>8}", "exact S", "exact ST");
                }
                s.push('\n');
                for i in ranking(problem.inputs.len(), |i| r.total[i].estimate) {
                    let _ = write!(
                        s,
                        "{:<w$}  {:>28}  {:>28}",
                        problem.inputs[i],
                        fmt_interval(&r.first[i]),
                        fmt_interval(&r.total[i])
                    );
                    if let Some(e) = &problem.exact {
                        let _ = write!(s, "  {:>8.4}  {:>8.4}", e[o][i].0, e[o][i].1);
                    }
                    s.push('\n');
                }
            }
        }
        Estimates::Morris {
            delta,
            indices: all,
        } => {
            let _ = writeln!(
                s,
                "Morris elementary effects: r = {} trajectories, {} levels (delta {:.4}), {} evaluations, seed {}",
                args.runs.unwrap_or(50),
                args.levels,
                delta,
                report.evaluations,
                args.seed
            );
            let _ = writeln!(
                s,
                "{conf}; effects per unit of each input's [0, 1] scale; ranked by mu*"
            );
            for (o, r) in all.iter().enumerate() {
                let _ = writeln!(s, "\noutput {}:", problem.outputs[o]);
                let _ = writeln!(
                    s,
                    "{:<w$}  {:>10}  {:>28}  {:>10}",
                    "input", "mu", "mu* [95%]", "sigma"
                );
                for i in ranking(problem.inputs.len(), |i| r.mu_star[i].estimate) {
                    let _ = writeln!(
                        s,
                        "{:<w$}  {:>10.4}  {:>28}  {:>10.4}",
                        problem.inputs[i],
                        r.mu[i],
                        fmt_interval(&r.mu_star[i]),
                        r.sigma[i]
                    );
                }
            }
        }
    }
    s
}
