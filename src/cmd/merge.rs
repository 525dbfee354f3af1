//! `intrigue merge`: adds up the shards written by `intrigue run --shard I/K --out DIR` and prints
//! exactly what the unsplit run prints. Shards of different runs (scenario, seed, runs, formats,
//! interventions, version) refuse to merge.

use std::path::{Path, PathBuf};

use intrigue_sim::Tally;
use serde_json::Value;

use super::run::{render, Header};
use super::CmdResult;

#[derive(clap::Args)]
pub struct Args {
    /// Folders holding shard-I-of-K.json files (from `intrigue run --shard I/K --out DIR`).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

struct Shard {
    path: String,
    header: Header,
    shard: u64,
    shards: u64,
    first: u64,
    end: u64,
    tally: Tally,
}

pub fn run(args: Args) -> CmdResult {
    let mut shards = Vec::new();
    for dir in &args.dirs {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: cannot read folder: {e}", dir.display()))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("shard-") && n.ends_with(".json"))
            })
            .collect();
        paths.sort();
        for p in paths {
            shards.push(read_shard(&p)?);
        }
    }
    let first = shards
        .first()
        .ok_or("no shard-*.json files in the given folders")?;
    let (header, k) = (first.header.clone(), first.shards);
    let mut seen = vec![false; k as usize];
    let mut total = Tally::new(header.formats.len(), header.outcomes.len());
    for s in &shards {
        if s.header != header || s.shards != k {
            let what = differing(&header, &s.header, k, s.shards);
            return Err(format!(
                "{}: belongs to another run than {} ({what} differ)",
                s.path, first.path
            ));
        }
        let expect = super::run::shard_range(header.runs, s.shard, k);
        if s.first != expect.start
            || s.end != expect.end
            || s.tally.runs != expect.end - expect.start
        {
            return Err(format!(
                "{}: its runs {}..{} do not match shard {}/{k}",
                s.path, s.first, s.end, s.shard
            ));
        }
        if std::mem::replace(&mut seen[s.shard as usize], true) {
            return Err(format!("{}: shard {}/{k} given twice", s.path, s.shard));
        }
        total.add(&s.tally);
    }
    if let Some(missing) = seen.iter().position(|x| !x) {
        return Err(format!("shard {missing}/{k} is missing"));
    }
    print!("{}", render(&header, &total, args.json));
    Ok(())
}

fn differing(a: &Header, b: &Header, ka: u64, kb: u64) -> String {
    let mut d = Vec::new();
    if a.scenario != b.scenario
        || a.scenario_sha256 != b.scenario_sha256
        || a.scenario_name != b.scenario_name
    {
        d.push("scenario");
    }
    if a.seed != b.seed {
        d.push("seed");
    }
    if a.runs != b.runs {
        d.push("runs");
    }
    if a.formats != b.formats || a.outcomes != b.outcomes {
        d.push("formats");
    }
    if a.interventions != b.interventions {
        d.push("interventions");
    }
    if a.version != b.version {
        d.push("version");
    }
    if ka != kb {
        d.push("shard counts");
    }
    d.join(", ")
}

fn read_shard(path: &Path) -> Result<Shard, String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{name}:{}:{}: not valid JSON: {e}", e.line(), e.column()))?;
    let bad =
        |what: &str| format!("{name}: not a shard of `intrigue run` ({what} missing or malformed)");
    if v.get("intrigue_shard").and_then(Value::as_u64) != Some(1) {
        return Err(bad("intrigue_shard = 1"));
    }
    let s = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| bad(k))
    };
    let u = |k: &str| v.get(k).and_then(Value::as_u64).ok_or_else(|| bad(k));
    let pairs = |k: &str| -> Result<Vec<(String, String)>, String> {
        v.get(k)
            .and_then(Value::as_array)
            .ok_or_else(|| bad(k))?
            .iter()
            .map(|p| match p.as_array().map(|a| a.as_slice()) {
                Some([a, b]) => Ok((
                    a.as_str().ok_or_else(|| bad(k))?.to_string(),
                    b.as_str().ok_or_else(|| bad(k))?.to_string(),
                )),
                _ => Err(bad(k)),
            })
            .collect()
    };
    let header = Header {
        scenario: s("scenario")?,
        scenario_name: s("scenario_name")?,
        scenario_sha256: s("scenario_sha256")?,
        version: s("version")?,
        seed: u("seed")?,
        runs: u("runs")?,
        formats: pairs("formats")?,
        outcomes: pairs("outcomes")?,
        interventions: v
            .get("interventions")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("interventions"))?
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad("interventions"))
            })
            .collect::<Result<_, _>>()?,
    };
    let t = v.get("tally").ok_or_else(|| bad("tally"))?;
    let list = |k: &str, len: usize| -> Result<Vec<u64>, String> {
        let a = t.get(k).and_then(Value::as_array).ok_or_else(|| bad(k))?;
        let out: Vec<u64> = a
            .iter()
            .map(|x| x.as_u64().ok_or_else(|| bad(k)))
            .collect::<Result<_, _>>()?;
        if out.len() != len {
            return Err(bad(k));
        }
        Ok(out)
    };
    let (nf, no) = (header.formats.len(), header.outcomes.len());
    let tally = Tally {
        formats: nf,
        outcomes: no,
        runs: t
            .get("runs")
            .and_then(Value::as_u64)
            .ok_or_else(|| bad("tally.runs"))?,
        counts: list("counts", nf * no)?,
        discord: list("discord", nf * nf * no)?,
        rounds: list("rounds", nf)?,
    };
    let (shard, shards) = (u("shard")?, u("shards")?);
    if shards == 0 || shard >= shards {
        return Err(bad("shard/shards"));
    }
    let (first, end) = (u("first_run")?, u("end_run")?);
    Ok(Shard {
        path: name.clone(),
        header,
        shard,
        shards,
        first,
        end,
        tally,
    })
}
