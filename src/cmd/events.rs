//! `intrigue events`: read political event data. `aggregate` writes directed dyad aggregates
//! by day or month; `codes` and `countries` print the built-in CAMEO tables.

use super::CmdResult;
use intrigue_data::aggregate::parse_country_list;
use intrigue_data::cameo::{cameo, quad_class, GoldsteinTable, QuadConvention};
use intrigue_data::countries::countries;
use intrigue_data::{read_file, DyadAggregator, Layout, Period, ReadOptions};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Directed dyad aggregates (GDELT 1.0/2.0, ICEWS, Phoenix; plain, .gz or .zip).
    Aggregate(AggregateArgs),
    /// The built-in CAMEO event codes: name, Goldstein (GDELT, ICEWS, Phoenix), quad classes.
    Codes,
    /// The built-in country crosswalk: CAMEO, ISO3, UN (ISO2), COW ccode and abbreviation.
    Countries,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum By {
    Day,
    Month,
}

#[derive(clap::Args)]
struct AggregateArgs {
    /// Event files; the layout of each is detected from its header or column count.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Aggregation period.
    #[arg(long, value_enum)]
    by: By,
    /// Keep only dyads between these CAMEO country codes, e.g. USA,CHN,JPN,KOR,PRK,RUS.
    #[arg(long)]
    countries: Option<String>,
    /// Write the CSV here (atomically) instead of standard output.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Force a layout: gdelt1, gdelt1-backfile, gdelt1-daily, gdelt2, icews, phoenix.
    #[arg(long)]
    layout: Option<String>,
    /// Stop with an error at the first malformed row.
    #[arg(long)]
    strict: bool,
    /// Replace each row's Goldstein score by a built-in table: gdelt, icews or phoenix.
    #[arg(long)]
    goldstein: Option<String>,
    /// Line endings of the CSV: `auto` writes CR LF when every file read is GDELT (as the GDELT
    /// golden files, written by Python's csv module) and LF otherwise (as the ICEWS one).
    #[arg(long, value_enum, default_value = "auto")]
    line_ending: LineEnding,
    /// Shorthand for `--line-ending crlf`.
    #[arg(long)]
    crlf: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LineEnding {
    Auto,
    Lf,
    Crlf,
}

pub fn run(args: Args) -> CmdResult {
    match args.command {
        Command::Aggregate(a) => aggregate(a),
        Command::Codes => {
            let mut out = String::from("code\tname\tgoldstein_gdelt\tgoldstein_icews\tgoldstein_phoenix\tquad_gdelt\tquad_icews_beger\tquad_phoenix\n");
            let num = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_default();
            let q = |c: &str, k| {
                quad_class(c.as_bytes(), k)
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            };
            for c in cameo().codes() {
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    c.code,
                    c.name,
                    num(c.goldstein[0]),
                    num(c.goldstein[1]),
                    num(c.goldstein[2]),
                    q(&c.code, QuadConvention::Gdelt),
                    q(&c.code, QuadConvention::IcewsBeger),
                    q(&c.code, QuadConvention::Phoenix)
                ));
            }
            print!("{out}");
            Ok(())
        }
        Command::Countries => {
            let mut out = String::from("cameo\tiso3\tun_iso2\tcow_ccode\tcow_abb\tname\n");
            for c in countries().all() {
                let cc = c.cow_ccode.map(|v| v.to_string()).unwrap_or_default();
                out.push_str(&format!(
                    "{}\t{}\t{}\t{cc}\t{}\t{}\n",
                    c.cameo, c.iso3, c.un_iso2, c.cow_abb, c.name
                ));
            }
            print!("{out}");
            Ok(())
        }
    }
}

fn aggregate(a: AggregateArgs) -> CmdResult {
    let layout = match &a.layout {
        None => None,
        Some(s) => Some(
            Layout::parse(s)
                .ok_or_else(|| format!("--layout {s:?}: expected one of {}", Layout::NAMES))?,
        ),
    };
    let goldstein = match &a.goldstein {
        None => None,
        Some(s) => Some(
            GoldsteinTable::parse(s)
                .ok_or_else(|| format!("--goldstein {s:?}: expected gdelt, icews or phoenix"))?,
        ),
    };
    let list = match &a.countries {
        Some(s) => parse_country_list(s).map_err(|e| format!("--countries: {e}"))?,
        None => Vec::new(),
    };
    let period = match a.by {
        By::Day => Period::Day,
        By::Month => Period::Month,
    };
    let opts = ReadOptions {
        layout,
        strict: a.strict,
        goldstein,
    };
    let mut agg = DyadAggregator::new(period, &list);
    let mut all_gdelt = true;
    for f in &a.files {
        let rep = read_file(f, &opts, |ev| {
            agg.add(ev);
        })
        .map_err(|e| e.to_string())?;
        if let Some(l) = rep.layout {
            agg.set_style(l.date_style());
            all_gdelt &= !matches!(l, Layout::Icews | Layout::Phoenix);
        }
        eprintln!("{rep}");
    }
    let crlf = a.crlf
        || match a.line_ending {
            LineEnding::Auto => all_gdelt && !a.files.is_empty(),
            LineEnding::Lf => false,
            LineEnding::Crlf => true,
        };
    let text = agg.to_csv(crlf);
    match &a.csv {
        Some(p) => intrigue_formats::write_atomic(p, text.as_bytes())
            .map_err(|e| format!("{}: cannot write: {e}", p.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
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

    fn run_cli(argv: &[&str]) -> CmdResult {
        let cli = Cli::try_parse_from(std::iter::once("events").chain(argv.iter().copied()))
            .map_err(|e| e.to_string())?;
        run(cli.args)
    }

    fn fx(p: &str) -> String {
        format!("{}/fixtures/events/{p}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn aggregate_writes_the_golden_files() {
        let dir = std::env::temp_dir().join(format!("intrigue-events-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let six = "USA,CHN,JPN,KOR,PRK,RUS";
        for (events, golden, crlf) in [
            (
                "20191024143000.export.CSV",
                "DERIVED_gdelt2_20191024143000_six_dyad_day.csv",
                true,
            ),
            (
                "gdelt1_daily_sample_20160728.tsv",
                "DERIVED_gdelt1_sample_six_dyad_day.csv",
                true,
            ),
            (
                "events.20180601.tab",
                "DERIVED_icews_20180601_six_dyad_day.csv",
                false,
            ),
        ] {
            let out = dir.join(golden);
            let out_s = out.to_string_lossy().into_owned();
            let ev = fx(events);
            let mut argv = vec![
                "aggregate",
                &ev,
                "--by",
                "day",
                "--countries",
                six,
                "--csv",
                &out_s,
            ];
            // Default options reproduce each golden file, line endings included.
            run_cli(&argv).unwrap();
            let bytes = std::fs::read(&out).unwrap();
            assert_eq!(bytes, std::fs::read(fx(golden)).unwrap(), "{golden}");
            assert_eq!(bytes.contains(&b'\r'), crlf, "{golden}: line endings");
            // Forcing LF gives the same rows with bare newlines.
            argv.extend_from_slice(&["--line-ending", "lf"]);
            run_cli(&argv).unwrap();
            let lf = std::fs::read(&out).unwrap();
            assert!(!lf.contains(&b'\r'));
            assert_eq!(
                lf.len(),
                bytes.len()
                    - if crlf {
                        bytes.iter().filter(|&&b| b == b'\n').count()
                    } else {
                        0
                    }
            );
        }
    }

    #[test]
    fn strict_and_bad_options_are_one_line_errors() {
        let e = run_cli(&[
            "aggregate",
            &fx("phoenix_synthetic.txt"),
            "--by",
            "day",
            "--strict",
        ])
        .unwrap_err();
        assert!(
            e.ends_with("phoenix_synthetic.txt:6:16: bad quad class: QuadClass \"7\" is not 0-4"),
            "{e}"
        );
        let e = run_cli(&[
            "aggregate",
            &fx("events.20180601.tab"),
            "--by",
            "day",
            "--countries",
            "US",
        ])
        .unwrap_err();
        assert_eq!(
            e,
            "--countries: country code \"US\" is not a three-letter CAMEO code"
        );
        let e = run_cli(&[
            "aggregate",
            &fx("events.20180601.tab"),
            "--by",
            "day",
            "--goldstein",
            "weis",
        ])
        .unwrap_err();
        assert!(e.starts_with("--goldstein \"weis\""));
        // Without --strict the malformed row is reported, not fatal.
        run_cli(&["aggregate", &fx("phoenix_synthetic.txt"), "--by", "month"]).unwrap();
    }
}
