//! `intrigue bargain --model bdm`: Bueno de Mesquita's expected-utility model (one dimension).

use super::bargain::Args;
use super::CmdResult;
use intrigue_bargain::bdm::{self, BdmParams};
use intrigue_bargain::Negotiation;
use intrigue_formats::{positions, write_atomic};
use serde_json::json;

pub fn run(args: &Args, neg: &Negotiation) -> CmdResult {
    let file = args.input.display().to_string();
    let mut params = BdmParams::default();
    for p in &args.params {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| format!("--param {p}: expected NAME=VALUE"))?;
        let num = |v: &str| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| format!("--param {p}: '{v}' is not a number"))
        };
        match name.trim() {
            "q" => params.q = num(value)?,
            "t" => params.t = num(value)?,
            "rounds" => params.rounds = num(value)? as usize,
            "capitulation" => params.capitulation = value.trim() == "true",
            other => {
                return Err(format!(
                    "--param {p}: unknown bdm parameter '{other}' (expected q, t, rounds, capitulation)"
                ))
            }
        }
    }
    let run = bdm::run(neg, &params).map_err(|e| format!("{file}: BDM cannot run: {e}"))?;
    if let Some(path) = &args.positions_csv {
        // BDM has no separate ideal points: actors' positions are their stated preferences.
        let csv = positions::positions_csv(neg, &run.positions, &run.positions);
        write_atomic(path, csv.as_bytes())
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    let last = run.positions.last().cloned().unwrap_or_default();
    if args.json {
        let v = json!({
            "scenario": neg.name,
            "model": "bdm",
            "actors": neg.actors,
            "rounds": run.positions.len() - 1,
            "median": run.median.iter().map(|x| x * 100.0).collect::<Vec<_>>(),
            "mean": run.mean.iter().map(|x| x * 100.0).collect::<Vec<_>>(),
            "final_positions": last.iter().map(|x| x * 100.0).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    println!(
        "{}: {} actors, BDM (Scholz et al. 2011), {} rounds",
        neg.name,
        neg.n(),
        run.positions.len() - 1
    );
    println!("{:>6} {:>10} {:>10}", "round", "median", "mean");
    for (t, (m, a)) in run.median.iter().zip(&run.mean).enumerate() {
        println!("{t:>6} {:>10.3} {:>10.3}", m * 100.0, a * 100.0);
    }
    Ok(())
}
