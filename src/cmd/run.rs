//! `intrigue run`: Monte Carlo over a crisis scenario. Outcome probabilities per format of talks
//! with 95% Wilson intervals and paired differences (common random numbers), as a table or JSON;
//! `--shard I/K --out DIR` writes a partial result that `intrigue merge` completes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use intrigue_formats::scenario::{self, ScenarioFile};
use intrigue_formats::write_atomic;
use intrigue_sim::{simulate, Model, Tally};
use sha2::{Digest, Sha256};

use super::CmdResult;

/// The built-in scenario, run when no file is given.
pub const BUILTIN: &str = include_str!("../../scenarios/northeast-asia-2017.toml");
const BUILTIN_NAME: &str = "northeast-asia-2017.toml (built in)";

#[derive(clap::Args)]
pub struct Args {
    /// Scenario file (TOML, schema 1); the built-in North-East Asia 2017 scenario when omitted.
    pub scenario: Option<PathBuf>,
    /// Number of Monte Carlo runs (each run simulates every chosen format).
    #[arg(long, default_value_t = 10_000)]
    pub runs: u64,
    /// Master seed: run k draws only from streams keyed by (seed, k).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Format id to simulate (repeatable); all formats when omitted.
    #[arg(long = "format", value_name = "ID")]
    pub formats: Vec<String>,
    /// Intervention id to apply (repeatable, applied in the order given).
    #[arg(long = "intervention", value_name = "ID")]
    pub interventions: Vec<String>,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Run only shard I of K (0-based), e.g. 0/3; needs --out.
    #[arg(long, value_name = "I/K")]
    pub shard: Option<String>,
    /// Folder for the shard's partial result.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Everything the output depends on besides the counts; shards carry it so merge needs no scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub scenario: String,
    pub scenario_name: String,
    pub scenario_sha256: String,
    pub version: String,
    pub seed: u64,
    pub runs: u64,
    pub formats: Vec<(String, String)>,
    pub outcomes: Vec<(String, String)>,
    pub interventions: Vec<String>,
}

pub fn run(args: Args) -> CmdResult {
    let (text, name) = match &args.scenario {
        Some(p) => (
            std::fs::read_to_string(p).map_err(|e| format!("{}: cannot read: {e}", p.display()))?,
            p.display().to_string(),
        ),
        None => (BUILTIN.to_string(), BUILTIN_NAME.to_string()),
    };
    let file = scenario::parse(&text, &name).map_err(|e| e.to_string())?;
    report_warnings(&file);
    if args.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    let model = &file.model;
    let formats: Vec<usize> = if args.formats.is_empty() {
        (0..model.format_ids.len()).collect()
    } else {
        args.formats
            .iter()
            .map(|f| {
                model.format_index(f).ok_or_else(|| {
                    format!(
                        "unknown format `{f}` (formats: {})",
                        model.format_ids.join(", ")
                    )
                })
            })
            .collect::<Result<_, _>>()?
    };
    let interventions: Vec<usize> = args
        .interventions
        .iter()
        .map(|v| {
            model.intervention_index(v).ok_or_else(|| {
                format!(
                    "unknown intervention `{v}` (interventions: {})",
                    model.intervention_ids.join(", ")
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let header = Header {
        scenario: model.id.clone(),
        scenario_name: model.name.clone(),
        scenario_sha256: hex(&Sha256::digest(text.as_bytes())),
        version: env!("CARGO_PKG_VERSION").to_string(),
        seed: args.seed,
        runs: args.runs,
        formats: formats
            .iter()
            .map(|&f| (model.format_ids[f].clone(), model.format_names[f].clone()))
            .collect(),
        outcomes: model
            .outcome_ids
            .iter()
            .cloned()
            .zip(model.outcome_names.iter().cloned())
            .collect(),
        interventions: interventions
            .iter()
            .map(|&v| model.intervention_ids[v].clone())
            .collect(),
    };
    match (&args.shard, &args.out) {
        (Some(s), Some(dir)) => {
            let (i, k) = parse_shard(s)?;
            let range = shard_range(args.runs, i, k);
            let tally = run_range(model, &formats, &interventions, args.seed, range.clone())?;
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
            let path = dir.join(format!("shard-{i}-of-{k}.json"));
            let bytes = shard_json(&header, i, k, &range, &tally);
            write_atomic(&path, bytes.as_bytes())
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            eprintln!(
                "intrigue: wrote runs {}..{} of {} to {}",
                range.start,
                range.end,
                args.runs,
                path.display()
            );
            Ok(())
        }
        (Some(_), None) => Err("--shard needs --out DIR".into()),
        (None, Some(_)) => Err("--out is only used with --shard I/K".into()),
        (None, None) => {
            let tally = run_range(model, &formats, &interventions, args.seed, 0..args.runs)?;
            print!("{}", render(&header, &tally, args.json));
            Ok(())
        }
    }
}

fn report_warnings(file: &ScenarioFile) {
    if let Some(first) = file.warnings.first() {
        eprintln!(
            "intrigue: warning: {} number(s) without a source; first: {first}",
            file.warnings.len()
        );
    }
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("--shard `{s}` must be I/K with 0 <= I < K, e.g. 0/3");
    let (a, b) = s.split_once('/').ok_or_else(bad)?;
    let (i, k): (u64, u64) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || i >= k {
        return Err(bad());
    }
    Ok((i, k))
}

/// Runs of shard i of k: a contiguous block, the blocks covering 0..runs exactly once.
pub fn shard_range(runs: u64, i: u64, k: u64) -> std::ops::Range<u64> {
    let at = |j: u64| ((runs as u128 * j as u128) / k as u128) as u64;
    at(i)..at(i + 1)
}

/// Simulates a range of runs in blocks, with a progress bar on a terminal when it takes over a second.
fn run_range(
    model: &Model,
    formats: &[usize],
    interventions: &[usize],
    seed: u64,
    range: std::ops::Range<u64>,
) -> Result<Tally, String> {
    let mut total = Tally::new(formats.len(), model.outcome_ids.len());
    let start = Instant::now();
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(range.end - range.start),
        indicatif::ProgressDrawTarget::hidden(),
    );
    let mut shown = false;
    let block = 4096u64;
    let mut s = range.start;
    while s < range.end {
        let e = (s + block).min(range.end);
        let t = simulate(model, formats, interventions, seed, s..e)?;
        total.add(&t);
        bar.inc(e - s);
        if !shown && start.elapsed() > Duration::from_secs(1) && std::io::stderr().is_terminal() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            shown = true;
        }
        s = e;
    }
    bar.finish_and_clear();
    Ok(total)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn f6(x: f64) -> String {
    // Fixed decimals: the same bytes on every platform; -0 printed as 0.
    let s = format!("{x:.6}");
    if s == "-0.000000" {
        "0.000000".into()
    } else {
        s
    }
}

/// The report: a table, or JSON with deterministic bytes.
pub fn render(h: &Header, t: &Tally, json: bool) -> String {
    let (nf, no) = (h.formats.len(), h.outcomes.len());
    let mut o = String::new();
    if json {
        o.push_str("{\n");
        o.push_str(&format!("  \"scenario\": {},\n", js(&h.scenario)));
        o.push_str(&format!(
            "  \"scenario_sha256\": {},\n",
            js(&h.scenario_sha256)
        ));
        o.push_str(&format!("  \"version\": {},\n", js(&h.version)));
        o.push_str(&format!("  \"seed\": {},\n", h.seed));
        o.push_str(&format!("  \"runs\": {},\n", h.runs));
        let ivs: Vec<String> = h.interventions.iter().map(|s| js(s)).collect();
        o.push_str(&format!("  \"interventions\": [{}],\n", ivs.join(", ")));
        o.push_str("  \"interval\": \"wilson95\",\n");
        o.push_str("  \"formats\": [\n");
        for f in 0..nf {
            o.push_str(&format!(
                "    {{\n      \"id\": {},\n      \"name\": {},\n",
                js(&h.formats[f].0),
                js(&h.formats[f].1)
            ));
            let mean_rounds = if t.runs > 0 {
                t.rounds[f] as f64 / t.runs as f64
            } else {
                0.0
            };
            o.push_str(&format!("      \"mean_rounds\": {},\n", f6(mean_rounds)));
            o.push_str("      \"outcomes\": {\n");
            for k in 0..no {
                let (p, lo, hi) = t.probability(f, k);
                let comma = if k + 1 < no { "," } else { "" };
                o.push_str(&format!(
                    "        {}: {{ \"p\": {}, \"lo\": {}, \"hi\": {}, \"n\": {} }}{comma}\n",
                    js(&h.outcomes[k].0),
                    f6(p),
                    f6(lo),
                    f6(hi),
                    t.counts[f * no + k]
                ));
            }
            o.push_str("      }\n");
            o.push_str(if f + 1 < nf { "    },\n" } else { "    }\n" });
        }
        o.push_str("  ],\n");
        o.push_str("  \"differences\": [\n");
        let mut rows = Vec::new();
        for a in 0..nf {
            for b in a + 1..nf {
                for k in 0..no {
                    let (d, lo, hi) = t.difference(a, b, k);
                    rows.push(format!(
                        "    {{ \"a\": {}, \"b\": {}, \"outcome\": {}, \"d\": {}, \"lo\": {}, \"hi\": {} }}",
                        js(&h.formats[a].0),
                        js(&h.formats[b].0),
                        js(&h.outcomes[k].0),
                        f6(d),
                        f6(lo),
                        f6(hi)
                    ));
                }
            }
        }
        o.push_str(&rows.join(",\n"));
        if !rows.is_empty() {
            o.push('\n');
        }
        o.push_str("  ]\n}\n");
        return o;
    }
    o.push_str(&format!("{} ({})\n", h.scenario_name, h.scenario));
    o.push_str(&format!(
        "{} runs, seed {}, interventions: {}\n",
        h.runs,
        h.seed,
        if h.interventions.is_empty() {
            "none".to_string()
        } else {
            h.interventions.join(", ")
        }
    ));
    o.push_str("\nOutcome probabilities, 95% Wilson intervals\n");
    let width = h
        .outcomes
        .iter()
        .map(|x| x.0.len())
        .max()
        .unwrap_or(8)
        .max(8);
    for f in 0..nf {
        let mean_rounds = if t.runs > 0 {
            t.rounds[f] as f64 / t.runs as f64
        } else {
            0.0
        };
        o.push_str(&format!(
            "\n{}: {} (mean {:.1} rounds)\n",
            h.formats[f].0, h.formats[f].1, mean_rounds
        ));
        for k in 0..no {
            let (p, lo, hi) = t.probability(f, k);
            o.push_str(&format!(
                "  {:<width$}  {:.3}  [{:.3}, {:.3}]\n",
                h.outcomes[k].0, p, lo, hi
            ));
        }
    }
    if nf > 1 {
        o.push_str(&format!(
            "\nPaired differences against {} (same runs under each format; 95% intervals)\n",
            h.formats[0].0
        ));
        let fw = h.formats.iter().map(|x| x.0.len()).max().unwrap_or(8);
        for b in 1..nf {
            for k in 0..no {
                let (d, lo, hi) = t.difference(b, 0, k);
                o.push_str(&format!(
                    "  {:<fw$}  {:<width$}  {:+.3}  [{:+.3}, {:+.3}]\n",
                    h.formats[b].0, h.outcomes[k].0, d, lo, hi
                ));
            }
        }
    }
    o
}

/// A shard's partial result as JSON: the header, its place in the split and its integer counts.
fn shard_json(h: &Header, i: u64, k: u64, range: &std::ops::Range<u64>, t: &Tally) -> String {
    let v = serde_json::json!({
        "intrigue_shard": 1,
        "scenario": h.scenario,
        "scenario_name": h.scenario_name,
        "scenario_sha256": h.scenario_sha256,
        "version": h.version,
        "seed": h.seed,
        "runs": h.runs,
        "formats": h.formats.iter().map(|(a, b)| vec![a.clone(), b.clone()]).collect::<Vec<_>>(),
        "outcomes": h.outcomes.iter().map(|(a, b)| vec![a.clone(), b.clone()]).collect::<Vec<_>>(),
        "interventions": h.interventions,
        "shard": i,
        "shards": k,
        "first_run": range.start,
        "end_run": range.end,
        "tally": {
            "runs": t.runs,
            "counts": t.counts,
            "discord": t.discord,
            "rounds": t.rounds,
        }
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
