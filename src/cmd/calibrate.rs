//! `intrigue calibrate`: a scenario fragment from real data (COW CINC, UN votes, ATOP and,
//! optionally, event files) in which every number carries its source.

use super::CmdResult;
use intrigue_data::calibrate::{fragment, CalibrationData, EventTally};
use intrigue_data::states::{read_atop, read_cow_nmc, read_un_roll_calls, read_un_votes};
use intrigue_data::{read_file, Layout, ReadOptions};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Calendar year of the capabilities, votes and alliances.
    #[arg(long)]
    year: u16,
    /// Actors as CAMEO country codes, e.g. USA,CHN,PRK,KOR,JPN,RUS.
    #[arg(long)]
    actors: String,
    /// Event files (GDELT, ICEWS, Phoenix) for event tone and per-dyad rates of each quad class.
    #[arg(long, num_args = 1..)]
    events: Vec<PathBuf>,
    /// Force the layout of the event files.
    #[arg(long)]
    layout: Option<String>,
    /// Folder with un_votes.csv (or un_votes_six.csv), un_roll_calls.csv, cow_nmc.csv and
    /// atop_alliance.csv (or atop_alliance_six.csv). Default: ../shared/data/states (the full
    /// data) if it exists, else fixtures/states (the six states of the built-in scenario).
    #[arg(long)]
    states: Option<PathBuf>,
    /// Where to write the TOML fragment (atomically).
    #[arg(long)]
    out: PathBuf,
}

/// The first of `names` present in `dir`.
fn pick(dir: &Path, names: &[&str]) -> Result<PathBuf, String> {
    names
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!(
                "{}: no {} (see --states)",
                dir.display(),
                names.join(" or ")
            )
        })
}

pub fn run(a: Args) -> CmdResult {
    let actors: Vec<String> = a
        .actors
        .split(',')
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    if actors.len() < 2 {
        return Err("--actors: give at least two CAMEO country codes, e.g. USA,PRK".into());
    }
    let layout = match &a.layout {
        None => None,
        Some(s) => Some(
            Layout::parse(s)
                .ok_or_else(|| format!("--layout {s:?}: expected one of {}", Layout::NAMES))?,
        ),
    };
    let states = a.states.clone().unwrap_or_else(|| {
        let shared = PathBuf::from("../shared/data/states");
        if shared.is_dir() {
            shared
        } else {
            PathBuf::from("fixtures/states")
        }
    });
    let e = |x: intrigue_data::DataError| x.to_string();
    let votes = read_un_votes(&pick(&states, &["un_votes.csv", "un_votes_six.csv"])?).map_err(e)?;
    let roll_calls = read_un_roll_calls(&pick(&states, &["un_roll_calls.csv"])?).map_err(e)?;
    let nmc = read_cow_nmc(&pick(&states, &["cow_nmc.csv"])?).map_err(e)?;
    let atop = read_atop(&pick(
        &states,
        &["atop_alliance.csv", "atop_alliance_six.csv"],
    )?)
    .map_err(e)?;
    let mut tally = EventTally::default();
    let opts = ReadOptions {
        layout,
        ..Default::default()
    };
    for f in &a.events {
        let rep = read_file(f, &opts, |ev| tally.add(ev)).map_err(e)?;
        eprintln!("{rep}");
        tally.files.push(
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    }
    let data = CalibrationData {
        year: a.year,
        actors: &actors,
        votes: &votes,
        roll_calls: &roll_calls,
        nmc: &nmc,
        atop: &atop,
        events: (!a.events.is_empty()).then_some(&tally),
    };
    let text = fragment(&data)?;
    intrigue_formats::write_atomic(&a.out, text.as_bytes())
        .map_err(|x| format!("{}: cannot write: {x}", a.out.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn writes_a_sourced_fragment_from_the_fixtures() {
        let root = env!("CARGO_MANIFEST_DIR");
        let dir =
            std::env::temp_dir().join(format!("intrigue-calibrate-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("fragment.toml");
        let states = format!("{root}/fixtures/states");
        let events = format!("{root}/fixtures/events/events.20180601.tab");
        let out_s = out.to_string_lossy().into_owned();
        let argv = [
            "calibrate",
            "--year",
            "2016",
            "--actors",
            "USA,PRK,JPN",
            "--events",
            &events,
            "--states",
            &states,
            "--out",
            &out_s,
        ];
        run(Cli::try_parse_from(argv).unwrap().args).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(
            "capability = { value = 0.13325359, source = \"COW NMC 7.0, cinc, ccode 2, 2016\" }"
        ));
        assert_eq!(text.matches("[[relations]]").count(), 6);
        assert_eq!(text.matches("[[event_rates]]").count(), 24);
        // Every line holding a number holds it as { value = …, source = "…" } (or is a quad id).
        for l in text
            .lines()
            .filter(|l| !l.starts_with('#') && l.bytes().any(|b| b.is_ascii_digit()))
        {
            assert!(
                l.starts_with("quad = ")
                    || (l.contains("{ value = ") && l.contains(", source = \"")),
                "{l}"
            );
        }
        let argv = [
            "calibrate",
            "--year",
            "2016",
            "--actors",
            "USA",
            "--states",
            &states,
            "--out",
            &out_s,
        ];
        assert!(run(Cli::try_parse_from(argv).unwrap().args)
            .unwrap_err()
            .contains("at least two"));
    }
}
