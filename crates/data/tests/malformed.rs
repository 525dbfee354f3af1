//! Every malformed row is reported with its kind and line; `strict` stops at the first; `.gz`
//! and `.zip` files read the same as plain ones.

use intrigue_data::{read_file, DyadAggregator, Layout, Period, Problem, ReadOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/events")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("intrigue-data-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn lines(file: &str) -> Vec<String> {
    std::fs::read_to_string(fixtures().join(file))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn set_field(line: &str, i: usize, v: &str) -> String {
    let mut f: Vec<&str> = line.split('\t').collect();
    f[i] = v;
    f.join("\t")
}

/// GDELT 2.0 rows with one fault each at known lines.
fn broken_gdelt2() -> (String, Vec<(u64, Problem)>) {
    let mut l: Vec<String> = lines("20191024143000.export.CSV")[..40].to_vec();
    let want = vec![
        (3, Problem::ColumnCount), // truncated mid-row
        (5, Problem::ColumnCount), // one column too many
        (8, Problem::Date),
        (9, Problem::Date),
        (12, Problem::EventCode),
        (14, Problem::QuadClass),
        (17, Problem::Goldstein),
        (20, Problem::Weight),
        (22, Problem::Country),
        (25, Problem::Blank),
    ];
    l[2] = l[2][..l[2].len() / 2].to_string();
    l[4] = format!("{}\textra", l[4]);
    l[7] = set_field(&l[7], 1, "20191332");
    l[8] = set_field(&l[8], 1, "2019-10-24");
    l[11] = set_field(&l[11], 26, "13y");
    l[13] = set_field(&l[13], 29, "5");
    l[16] = set_field(&l[16], 30, "abc");
    l[19] = set_field(&l[19], 31, "");
    l[21] = set_field(&l[21], 7, "US");
    l[24] = String::new();
    (l.join("\n") + "\n", want)
}

fn read_report(path: &Path, opts: &ReadOptions) -> intrigue_data::FileReport {
    read_file(path, opts, |_| {}).unwrap()
}

#[test]
fn every_malformed_gdelt_row_is_reported_by_kind_and_line() {
    let d = tmp("gdelt");
    let (text, want) = broken_gdelt2();
    let p = d.join("broken.export.CSV");
    std::fs::write(&p, text).unwrap();
    let rep = read_report(&p, &ReadOptions::default());
    assert_eq!(rep.layout, Some(Layout::Gdelt2));
    assert_eq!(rep.rows, 40);
    assert_eq!(rep.events, 40 - want.len() as u64);
    let got: Vec<(u64, Problem)> = rep.examples.iter().map(|m| (m.line, m.problem)).collect();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    assert_eq!(got_sorted, want);
    assert_eq!(rep.count(Problem::ColumnCount), 2);
    let text = rep.to_string();
    assert!(
        text.contains("broken.export.CSV:12:27: bad event code: unknown CAMEO code \"13y\""),
        "{text}"
    );
    assert!(text.contains(":3: wrong column count:"), "{text}");
    assert!(text.contains("10 malformed"), "{text}");
}

#[test]
fn strict_stops_at_the_first_malformed_row() {
    let d = tmp("strict");
    let (text, _) = broken_gdelt2();
    let p = d.join("broken.export.CSV");
    std::fs::write(&p, &text).unwrap();
    let mut seen = 0;
    let opts = ReadOptions {
        strict: true,
        ..Default::default()
    };
    let err = read_file(&p, &opts, |_| seen += 1).unwrap_err();
    assert_eq!(err.line, Some(3));
    assert_eq!(seen, 2);
    let third = text.lines().nth(2).unwrap();
    let n = third.split('\t').count();
    assert!(n < 61);
    let want = format!(
        "{}:3: wrong column count: {n} columns, expected 61 for layout gdelt2",
        p.display()
    );
    assert_eq!(err.to_string(), want);
}

#[test]
fn icews_bad_codes_dates_and_counts_are_reported() {
    let d = tmp("icews");
    let mut l: Vec<String> = lines("events.20180601.tab")[..30].to_vec();
    l[3] = set_field(&l[3], 6, "13y"); // line 4
    l[5] = set_field(&l[5], 1, "2018-06-31"); // line 6
    l[7] = set_field(&l[7], 7, "NA"); // line 8: missing intensity
    l[9] = l[9].split('\t').take(12).collect::<Vec<_>>().join("\t"); // line 10: truncated
    l[11] = set_field(&l[11], 4, "Atlantis"); // line 12: unknown country name, kept
    let p = d.join("bad.tab");
    std::fs::write(&p, l.join("\n")).unwrap();
    let rep = read_report(&p, &ReadOptions::default());
    assert_eq!(rep.layout, Some(Layout::Icews));
    assert_eq!(rep.rows, 29);
    let got: Vec<(u64, Option<usize>, Problem)> = rep
        .examples
        .iter()
        .map(|m| (m.line, m.field, m.problem))
        .collect();
    assert_eq!(
        got,
        vec![
            (4, Some(7), Problem::EventCode),
            (6, Some(2), Problem::Date),
            (8, Some(8), Problem::Goldstein),
            (10, None, Problem::ColumnCount),
        ]
    );
    assert_eq!(rep.events, 25);
    assert_eq!(rep.unmapped_countries.get("Atlantis"), Some(&1));
    assert!(rep
        .to_string()
        .contains("country name \"Atlantis\" has no CAMEO code"));
}

#[test]
fn icews_with_byte_order_mark_and_crlf_reads() {
    let d = tmp("icews-bom");
    let l = lines("events.20180601.tab");
    let p = d.join("bom.tab");
    std::fs::write(&p, format!("\u{feff}{}\r\n", l[..11].join("\r\n"))).unwrap();
    let rep = read_report(&p, &ReadOptions::default());
    assert_eq!(
        (rep.layout, rep.rows, rep.events),
        (Some(Layout::Icews), 10, 10)
    );
}

#[test]
fn icews_without_cameo_column_is_a_clear_error() {
    let d = tmp("icews-nocode");
    let l = lines("events.20180601.tab");
    let drop = |s: &String| {
        let mut f: Vec<&str> = s.split('\t').collect();
        f.remove(6);
        f.join("\t")
    };
    let text: Vec<String> = l[..5].iter().map(drop).collect();
    let p = d.join("events.2017.tab");
    std::fs::write(&p, text.join("\n")).unwrap();
    let err = read_file(&p, &ReadOptions::default(), |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:1: ICEWS header has no \"CAMEO Code\" column",
            p.display()
        )
    );
}

#[test]
fn unknown_layout_and_forced_layout() {
    let d = tmp("layout");
    let p = d.join("x.tsv");
    std::fs::write(&p, "a\tb\tc\n").unwrap();
    let err = read_file(&p, &ReadOptions::default(), |_| {}).unwrap_err();
    assert!(err
        .to_string()
        .contains(":1: cannot detect the layout from 3 tab-separated columns"));
    // GDELT 1.0 rows forced to the daily layout: the 201 backfile rows become malformed.
    let opts = ReadOptions {
        layout: Some(Layout::Gdelt1Daily),
        ..Default::default()
    };
    let rep = read_report(&fixtures().join("gdelt1_daily_sample_20160728.tsv"), &opts);
    assert_eq!(
        (rep.rows, rep.events, rep.count(Problem::ColumnCount)),
        (710, 509, 201)
    );
    let auto = read_report(
        &fixtures().join("gdelt1_daily_sample_20160728.tsv"),
        &ReadOptions::default(),
    );
    assert_eq!((auto.events, auto.malformed()), (710, 0));
    // Examples are capped per kind but every row is counted.
    assert_eq!(rep.examples.len(), intrigue_data::events::EXAMPLES_PER_KIND);
    assert!(rep
        .to_string()
        .contains("… and 181 more rows with wrong column count"));
}

fn aggregate(path: &Path) -> String {
    let mut agg = DyadAggregator::new(Period::Month, &[]);
    let rep = read_file(path, &ReadOptions::default(), |ev| {
        agg.add(ev);
    })
    .unwrap();
    assert_eq!(rep.malformed(), 0);
    agg.to_csv(false)
}

#[test]
fn gz_and_zip_read_like_plain() {
    let d = tmp("compressed");
    let plain = fixtures().join("20191024143000.export.CSV");
    let bytes = std::fs::read(&plain).unwrap();
    let gz = d.join("20191024143000.export.CSV.gz");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(&bytes).unwrap();
    std::fs::write(&gz, e.finish().unwrap()).unwrap();
    let zp = d.join("20191024143000.export.CSV.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&zp).unwrap());
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("20191024143000.export.CSV", o).unwrap();
    z.write_all(&bytes).unwrap();
    z.finish().unwrap();
    let want = aggregate(&plain);
    assert!(want.lines().count() > 10);
    assert_eq!(aggregate(&gz), want);
    assert_eq!(aggregate(&zp), want);
    // A truncated gzip stream is an error naming the file, not a panic.
    let gzb = std::fs::read(&gz).unwrap();
    let cut = d.join("cut.CSV.gz");
    std::fs::write(&cut, &gzb[..gzb.len() / 2]).unwrap();
    let err = read_file(&cut, &ReadOptions::default(), |_| {}).unwrap_err();
    assert!(err.to_string().contains("cut.CSV.gz:"), "{err}");
}

#[test]
fn phoenix_rows_read_and_checked() {
    let rep = read_file(
        &fixtures().join("phoenix_synthetic.txt"),
        &ReadOptions::default(),
        |ev| {
            assert!((1..=4).contains(&ev.quad));
        },
    )
    .unwrap();
    assert_eq!(rep.layout, Some(Layout::Phoenix));
    assert_eq!((rep.rows, rep.events), (6, 5));
    assert_eq!(rep.examples[0].problem, Problem::QuadClass);
}

#[test]
fn goldstein_table_can_replace_row_values() {
    use intrigue_data::cameo::GoldsteinTable;
    let p = fixtures().join("20191024143000.export.CSV");
    let mut diff = 0;
    let mut rows = Vec::new();
    read_file(&p, &ReadOptions::default(), |ev| rows.push(ev.goldstein)).unwrap();
    let opts = ReadOptions {
        goldstein: Some(GoldsteinTable::Gdelt),
        ..Default::default()
    };
    let mut i = 0;
    read_file(&p, &opts, |ev| {
        if ev.goldstein != rows[i] {
            diff += 1;
        }
        i += 1;
    })
    .unwrap();
    // GDELT rows carry exactly GDELT's table.
    assert_eq!((i, diff), (rows.len(), 0));
    let opts = ReadOptions {
        goldstein: Some(GoldsteinTable::Phoenix),
        ..Default::default()
    };
    let rep = read_file(&p, &opts, |_| {}).unwrap();
    assert!(
        rep.count(Problem::Goldstein) > 0,
        "Phoenix lacks many 4-digit codes"
    );
}
