//! `intrigue backtest deu`: forecast accuracy of the bargaining models on real EU negotiations
//! (DEU III, Arregui & Perarnaud 2022). Every scoreable issue becomes a one-dimensional
//! negotiation; each model predicts the outcome; the mean absolute error (0-100 scale) gets a 95%
//! cluster-bootstrap interval, and its paired difference with the compromise model a 95% paired
//! cluster-bootstrap interval, resampling proposals (issues of one proposal are not independent).

use super::CmdResult;
use intrigue_bargain::bdm::{self, BdmParams};
use intrigue_bargain::smp::{self, SmpConfig};
use intrigue_bargain::{baseline, Negotiation};
use intrigue_formats::deu::{self, CouncilWeights, DeuData, Issue, REGIMES};
use intrigue_formats::write_atomic;
use intrigue_stats::bootstrap::{paired_cluster_bootstrap, percentile_interval, ClusterTotals};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The Council weights shipped with the binary (`fixtures/deu/eucouncil_weights.csv`, see its
/// PROVENANCE.md), used when `--weights` is not given.
const DEFAULT_WEIGHTS: &str = include_str!("../../fixtures/deu/eucouncil_weights.csv");

/// The models run when `--models` is not given (issue 3).
pub const DEFAULT_MODELS: &str = "mean,compromise,median,smp,bdm,nash";

/// Every model name `--models` accepts, with what it predicts.
pub const MODELS: &[(&str, &str)] = &[
    ("mean", "salience-weighted mean of positions"),
    ("compromise", "capability x salience weighted mean"),
    ("median", "capability x salience weighted median"),
    (
        "nash",
        "Nash bargaining solution, reference point as disagreement point (issues with rp)",
    ),
    (
        "bdm",
        "BDM (Scholz et al. 2011): weighted median after 10 rounds",
    ),
    (
        "bdm-mean",
        "BDM: capability x salience weighted mean after 10 rounds",
    ),
    (
        "bdm-q05",
        "BDM with Q = 0.5: weighted median after 10 rounds",
    ),
    (
        "smp",
        "KTAB SMP, defaults: capability x salience weighted mean of the final positions",
    ),
    (
        "smp-fixed",
        "SMP with fixed ideals (accommodation 0): weighted mean of final positions",
    ),
    (
        "smp-mode",
        "SMP, defaults: the final position with the highest outcome probability",
    ),
    (
        "compromise-cod",
        "compromise with the Parliament at capability 0 under consultation (CNS)",
    ),
];

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(clap::Subcommand)]
pub enum Source {
    /// Backtest on a DEU III file (tab-separated, `p<actor>`/`s<actor>` columns, `rp`, `out`).
    Deu(DeuArgs),
}

/// How actors get their capability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Capability {
    /// Council voting weights of the treaty period in force at the proposal's introduction;
    /// the Commission and the Parliament each get the largest member's weight.
    Votes,
    /// Every actor 1.
    Equal,
}

#[derive(clap::Args)]
pub struct DeuArgs {
    /// The DEU file.
    pub file: PathBuf,
    /// Council voting weights CSV (default: the copy of `eucouncil_weights.csv` built in).
    #[arg(long, value_name = "PATH")]
    pub weights: Option<PathBuf>,
    /// Comma-separated models (see `MODELS` in the docs): mean, compromise, median, smp, bdm,
    /// nash, and the variants bdm-mean, bdm-q05, smp-fixed, smp-mode, compromise-cod.
    #[arg(long, value_name = "LIST", default_value = DEFAULT_MODELS)]
    pub models: String,
    /// Write one CSV row per issue and model to PATH.
    #[arg(long = "per-issue", value_name = "PATH")]
    pub per_issue: Option<PathBuf>,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 2011)]
    pub seed: u64,
    /// Number of bootstrap resamples.
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Capability rule.
    #[arg(long, value_enum, default_value = "votes")]
    pub capability: Capability,
}

pub fn run(args: Args) -> CmdResult {
    match args.source {
        Source::Deu(a) => run_deu(a),
    }
}

/// A scoreable issue ready for the models.
struct Case<'a> {
    issue: &'a Issue,
    neg: Negotiation,
    /// The reference point on [0, 1], if recorded.
    rp: Option<f64>,
    /// The Parliament's index among the actors, if present.
    ep: Option<usize>,
}

/// Builds the negotiation of each issue; issues whose capabilities cannot be set are skipped
/// with a reason.
fn prepare<'a>(
    data: &'a DeuData,
    weights: &CouncilWeights,
    rule: Capability,
    skipped: &mut BTreeMap<String, usize>,
) -> Vec<Case<'a>> {
    let mut cases = Vec::with_capacity(data.issues.len());
    'issues: for issue in &data.issues {
        let mut cap = Vec::with_capacity(issue.stances.len());
        let regime = issue.intro.map(deu::regime_at);
        for st in &issue.stances {
            let c = match rule {
                Capability::Equal => Some(1.0),
                Capability::Votes => {
                    let Some(r) = regime else {
                        *skipped
                            .entry("no readable introduction date".into())
                            .or_default() += 1;
                        continue 'issues;
                    };
                    match st.actor.as_str() {
                        "com" | "ep" => weights.largest(r),
                        code => weights.member(code, r),
                    }
                }
            };
            match c {
                Some(c) => cap.push(c),
                None => {
                    let r = regime.map_or("?", |r| REGIMES[r].0);
                    *skipped
                        .entry(format!("no Council weight for an actor under {r}"))
                        .or_default() += 1;
                    continue 'issues;
                }
            }
        }
        let neg = Negotiation {
            name: issue.issue.clone(),
            actors: issue.stances.iter().map(|s| s.actor.clone()).collect(),
            dimensions: vec![issue.issue.clone()],
            capability: cap,
            position: issue.stances.iter().map(|s| s.position / 100.0).collect(),
            salience: issue.stances.iter().map(|s| s.salience / 100.0).collect(),
        };
        let ep = issue.stances.iter().position(|s| s.actor == "ep");
        cases.push(Case {
            issue,
            neg,
            rp: issue.rp.map(|r| r / 100.0),
            ep,
        });
    }
    cases
}

/// Weighted mean of positions under weights capability x salience.
fn cs_mean(neg: &Negotiation, x: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for ((c, s), xi) in neg.capability.iter().zip(&neg.salience).zip(x) {
        num += c * s * xi;
        den += c * s;
    }
    num / den
}

/// One model's prediction on one case, on [0, 1]. `Ok(None)`: the model does not apply
/// (nash without a reference point). `Err`: the model failed on this input.
fn predict(model: &str, case: &Case) -> Result<Option<f64>, String> {
    let neg = &case.neg;
    let bdm_run = |p: BdmParams| bdm::run(neg, &p);
    let smp_cfg = |fixed: bool| {
        // Native mode: KTAB's own checks refuse states whose risk attitudes are all neutral,
        // which happens on a third of DEU issues (actors bunched at the scale's ends).
        let mut cfg = SmpConfig::default();
        cfg.params.mode = smp::Mode::Native;
        if fixed {
            cfg.accommodation = Some(vec![0.0; neg.n() * neg.n()]);
        }
        cfg
    };
    let v = match model {
        "mean" => baseline::mean(neg)[0],
        "compromise" => baseline::compromise(neg)[0],
        "median" => baseline::median(neg)[0],
        "nash" => match case.rp {
            Some(rp) => baseline::nash(neg, &[rp])[0],
            None => return Ok(None),
        },
        "bdm" => *bdm_run(BdmParams::default())?
            .median
            .last()
            .unwrap_or(&f64::NAN),
        "bdm-mean" => *bdm_run(BdmParams::default())?
            .mean
            .last()
            .unwrap_or(&f64::NAN),
        "bdm-q05" => *bdm_run(BdmParams {
            q: 0.5,
            ..BdmParams::default()
        })?
        .median
        .last()
        .unwrap_or(&f64::NAN),
        "smp" | "smp-fixed" => {
            let run = smp::run_with_probabilities(neg, &smp_cfg(model == "smp-fixed"), false)
                .map_err(|e| e.to_string())?;
            cs_mean(neg, run.positions.last().ok_or("SMP returned no state")?)
        }
        "smp-mode" => {
            let run = smp::run(neg, &smp_cfg(false)).map_err(|e| e.to_string())?;
            let x = run.positions.last().ok_or("SMP returned no state")?;
            let p = run
                .probabilities
                .last()
                .ok_or("SMP returned no probabilities")?;
            // The most probable position; ties go to the first actor holding one.
            let mut best = 0;
            for (i, &pi) in p.iter().enumerate() {
                if pi > p[best] {
                    best = i;
                }
            }
            x[best]
        }
        "compromise-cod" => {
            let mut g = neg.clone();
            if let (Some(ep), "CNS") = (case.ep, case.issue.procedure.as_str()) {
                g.capability[ep] = 0.0;
            }
            // capability 0 fails Negotiation::validate, but the weighted mean needs none.
            baseline::compromise(&g)[0]
        }
        other => return Err(format!("unknown model \"{other}\"")),
    };
    if v.is_finite() {
        Ok(Some(v))
    } else {
        Err("the model gave no finite prediction".into())
    }
}

/// Per-model results.
struct Scored {
    name: String,
    /// Prediction on 0-100 per case; NaN where the model did not apply or failed.
    predicted: Vec<f64>,
    /// Absolute error per case; NaN where not scored.
    error: Vec<f64>,
    failures: Vec<(String, String)>,
}

struct Summary {
    mae: f64,
    n: usize,
    mae_ci: (f64, f64),
    diff: f64,
    diff_ci: (f64, f64),
}

/// Scores the models and bootstraps their errors. `models` must include "compromise".
fn score(
    cases: &[Case],
    models: &[String],
    resamples: usize,
    seed: u64,
) -> (Vec<Scored>, Vec<Summary>) {
    let scored: Vec<Scored> = models
        .iter()
        .map(|m| {
            let mut s = Scored {
                name: m.clone(),
                predicted: vec![f64::NAN; cases.len()],
                error: vec![f64::NAN; cases.len()],
                failures: vec![],
            };
            for (k, case) in cases.iter().enumerate() {
                match predict(m, case) {
                    Ok(Some(p)) => {
                        s.predicted[k] = 100.0 * p;
                        s.error[k] = (100.0 * p - case.issue.outcome).abs();
                    }
                    Ok(None) => {}
                    Err(e) => s.failures.push((case.issue.issue.clone(), e)),
                }
            }
            s
        })
        .collect();

    // Clusters: proposals, numbered in order of first appearance.
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let cluster: Vec<usize> = cases
        .iter()
        .map(|c| {
            let next = ids.len();
            *ids.entry(c.issue.proposal.as_str()).or_insert(next)
        })
        .collect();
    let g = ids.len();
    let comp = scored
        .iter()
        .position(|s| s.name == "compromise")
        .expect("compromise is always scored");
    let mut series = Vec::with_capacity(2 * scored.len());
    for s in &scored {
        let diff: Vec<f64> = s
            .error
            .iter()
            .zip(&scored[comp].error)
            .map(|(a, b)| a - b)
            .collect();
        series.push(ClusterTotals::new(&s.error, &cluster, g));
        series.push(ClusterTotals::new(&diff, &cluster, g));
    }
    let reps = paired_cluster_bootstrap(&series, resamples, seed);
    let summaries = scored
        .iter()
        .enumerate()
        .map(|(m, s)| Summary {
            mae: series[2 * m].mean(),
            n: s.error.iter().filter(|e| !e.is_nan()).count(),
            mae_ci: percentile_interval(&reps[2 * m], 0.95),
            diff: series[2 * m + 1].mean(),
            diff_ci: percentile_interval(&reps[2 * m + 1], 0.95),
        })
        .collect();
    (scored, summaries)
}

/// A JSON number, or null when undefined.
fn num(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn run_deu(a: DeuArgs) -> CmdResult {
    let mut models: Vec<String> = Vec::new();
    for m in a.models.split(',').map(str::trim).filter(|m| !m.is_empty()) {
        if !MODELS.iter().any(|(k, _)| *k == m) {
            let known: Vec<&str> = MODELS.iter().map(|(k, _)| *k).collect();
            return Err(format!(
                "--models: unknown model \"{m}\" (known: {})",
                known.join(", ")
            ));
        }
        if !models.iter().any(|x| x == m) {
            models.push(m.to_string());
        }
    }
    if models.is_empty() {
        return Err("--models: the list is empty".into());
    }
    if a.resamples == 0 {
        return Err("--resamples must be at least 1".into());
    }
    let data = deu::read_deu(&a.file).map_err(|e| e.to_string())?;
    let weights = match &a.weights {
        Some(p) => deu::read_council_weights(p).map_err(|e| e.to_string())?,
        None => deu::parse_council_weights(DEFAULT_WEIGHTS, "built-in eucouncil_weights.csv")
            .map_err(|e| e.to_string())?,
    };
    let mut skipped = data.skipped.clone();
    let cases = prepare(&data, &weights, a.capability, &mut skipped);
    if cases.is_empty() {
        return Err(format!("{}: no scoreable issue", a.file.display()));
    }
    // The paired differences need compromise even when it is not asked for.
    let mut run_models = models.clone();
    if !run_models.iter().any(|m| m == "compromise") {
        run_models.push("compromise".into());
    }
    let (scored, summaries) = score(&cases, &run_models, a.resamples, a.seed);

    for s in &scored {
        if let Some((issue, e)) = s.failures.first() {
            eprintln!(
                "intrigue: note: model {} failed on {} issue(s), left out of its MAE (first: {issue}: {e})",
                s.name,
                s.failures.len()
            );
        }
    }
    if let Some(p) = &a.per_issue {
        write_per_issue(p, &cases, &scored)?;
    }

    let shown: Vec<usize> = models
        .iter()
        .map(|m| run_models.iter().position(|r| r == m).unwrap_or(0))
        .collect();
    if a.json {
        let mut ms = Map::new();
        for &k in &shown {
            let s = &summaries[k];
            ms.insert(
                run_models[k].clone(),
                json!({
                    "mae": num(s.mae),
                    "n": s.n,
                    "mae_ci": [num(s.mae_ci.0), num(s.mae_ci.1)],
                    "diff_vs_compromise": num(s.diff),
                    "diff_ci": [num(s.diff_ci.0), num(s.diff_ci.1)],
                }),
            );
        }
        let out = json!({
            "issues": cases.len(),
            "skipped": skipped,
            "models": ms,
        });
        println!("{out}");
    } else {
        let mut t = String::new();
        let _ = writeln!(t, "DEU backtest of {}", a.file.display());
        let skips: Vec<String> = skipped.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        let _ = writeln!(
            t,
            "issues scored: {} from {} proposals ({} rows read; skipped: {})",
            cases.len(),
            cases
                .iter()
                .map(|c| c.issue.proposal.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            data.rows,
            if skips.is_empty() {
                "none".into()
            } else {
                skips.join("; ")
            }
        );
        let _ = writeln!(
            t,
            "capability: {}; bootstrap: {} resamples of proposals, seed {}",
            match a.capability {
                Capability::Votes =>
                    "Council votes by treaty period, Commission and Parliament = largest member",
                Capability::Equal => "equal",
            },
            a.resamples,
            a.seed
        );
        let _ = writeln!(
            t,
            "{:<15} {:>4} {:>7}  {:<15} {:>8}  95% CI of diff",
            "model", "n", "MAE", "95% CI", "diff"
        );
        for &k in &shown {
            let s = &summaries[k];
            let _ = writeln!(
                t,
                "{:<15} {:>4} {:>7.2}  [{:>5.2}, {:>5.2}]  {:>+8.2}  [{:>+6.2}, {:>+6.2}]",
                run_models[k], s.n, s.mae, s.mae_ci.0, s.mae_ci.1, s.diff, s.diff_ci.0, s.diff_ci.1
            );
        }
        let _ = writeln!(
            t,
            "MAE on the 0-100 scale; diff = MAE(model) - MAE(compromise) on the issues both score."
        );
        print!("{t}");
    }
    Ok(())
}

/// Full-precision number for CSV, empty when undefined.
fn cell(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

fn write_per_issue(path: &Path, cases: &[Case], scored: &[Scored]) -> CmdResult {
    let mut s = String::from("proposal,issue,line,model,predicted,outcome,abs_error\n");
    for (k, c) in cases.iter().enumerate() {
        for m in scored {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{}",
                c.issue.proposal,
                c.issue.issue,
                c.issue.line,
                m.name,
                cell(m.predicted[k]),
                c.issue.outcome,
                cell(m.error[k])
            );
        }
    }
    write_atomic(path, s.as_bytes()).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}
