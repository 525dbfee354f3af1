//! The golden dyad-day aggregates reproduced byte for byte from their event files: on the
//! copies in `fixtures/events/`, and on `../shared` when it is there.

use intrigue_data::aggregate::parse_country_list;
use intrigue_data::{read_file, DyadAggregator, Period, ReadOptions};
use std::path::{Path, PathBuf};

const SIX: &str = "USA,CHN,JPN,KOR,PRK,RUS";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn aggregate(files: &[PathBuf], crlf: bool) -> String {
    let six = parse_country_list(SIX).unwrap();
    let mut agg = DyadAggregator::new(Period::Day, &six);
    for f in files {
        let opts = ReadOptions::default();
        let rep = read_file(f, &opts, |ev| {
            agg.add(ev);
        })
        .unwrap();
        assert_eq!(rep.malformed(), 0, "{rep}");
        agg.set_style(rep.layout.unwrap().date_style());
    }
    agg.to_csv(crlf)
}

/// The GDELT goldens end lines with CRLF, the ICEWS one with LF.
fn check(dir: &Path, events: &str, golden: &str) {
    let crlf = !events.starts_with("events.");
    let got = aggregate(&[dir.join(events)], crlf);
    let want = std::fs::read(dir.join(golden)).unwrap();
    assert_eq!(got.as_bytes(), &want[..], "{events} vs {golden}:\n{got}");
}

#[test]
fn golden_fixtures_byte_for_byte() {
    let d = root().join("fixtures/events");
    check(
        &d,
        "20191024143000.export.CSV",
        "DERIVED_gdelt2_20191024143000_six_dyad_day.csv",
    );
    check(
        &d,
        "gdelt1_daily_sample_20160728.tsv",
        "DERIVED_gdelt1_sample_six_dyad_day.csv",
    );
    check(
        &d,
        "events.20180601.tab",
        "DERIVED_icews_20180601_six_dyad_day.csv",
    );
}

#[test]
fn golden_shared_byte_for_byte() {
    let d = root().join("../shared/data/events");
    if !d.exists() {
        eprintln!(
            "notice: ../shared absent, golden check against shared/ skipped (fixtures checked)"
        );
        return;
    }
    check(
        &d.join("gdelt"),
        "20191024143000.export.CSV",
        "DERIVED_gdelt2_20191024143000_six_dyad_day.csv",
    );
    check(
        &d.join("gdelt"),
        "gdelt1_daily_sample_20160728.tsv",
        "DERIVED_gdelt1_sample_six_dyad_day.csv",
    );
    check(
        &d.join("icews"),
        "events.20180601.tab",
        "DERIVED_icews_20180601_six_dyad_day.csv",
    );
}
