//! `intrigue run` and `intrigue merge` from the outside: identical bytes for the same seed, for any
//! thread count and for any shard split; refusal to merge shards of different runs; one-line errors
//! with exit status 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn intrigue(args: &[&str], threads: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_intrigue"));
    c.args(args);
    if let Some(t) = threads {
        c.env("RAYON_NUM_THREADS", t);
    }
    c.output().expect("intrigue runs")
}

fn ok(out: Output) -> Vec<u8> {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("intrigue-sim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn p(d: &Path) -> &str {
    d.to_str().expect("utf-8 path")
}

#[test]
fn same_seed_same_bytes_for_any_thread_count_and_any_shard_split() {
    let args = ["run", "--runs", "2000", "--seed", "7", "--json"];
    let a = ok(intrigue(&args, None));
    let one = ok(intrigue(&args, Some("1")));
    let two = ok(intrigue(&args, Some("2")));
    assert_eq!(a, one, "RAYON_NUM_THREADS=1 differs");
    assert_eq!(a, two, "RAYON_NUM_THREADS=2 differs");
    let v: serde_json::Value = serde_json::from_slice(&a).expect("json");
    assert_eq!(v["runs"], 2000);
    assert_eq!(v["seed"], 7);
    assert_eq!(v["scenario"], "northeast-asia-2017");
    assert_eq!(v["scenario_sha256"].as_str().map(str::len), Some(64));
    let formats = v["formats"].as_array().expect("formats");
    assert!(formats.len() >= 4);
    for f in formats {
        let outcomes = f["outcomes"].as_object().expect("outcomes");
        let n: u64 = outcomes.values().map(|o| o["n"].as_u64().expect("n")).sum();
        assert_eq!(n, 2000, "{}: one outcome per run", f["id"]);
        let p: f64 = outcomes.values().map(|o| o["p"].as_f64().expect("p")).sum();
        assert!(
            (p - 1.0).abs() < 1e-5,
            "{}: probabilities sum to {p}",
            f["id"]
        );
        for o in outcomes.values() {
            let (p, lo, hi) = (
                o["p"].as_f64().unwrap(),
                o["lo"].as_f64().unwrap(),
                o["hi"].as_f64().unwrap(),
            );
            assert!(lo <= p && p <= hi, "interval [{lo}, {hi}] around {p}");
        }
    }
    // Three shards in two folders, merged, give the same bytes; so does the table.
    let (d1, d2) = (temp_dir("s1"), temp_dir("s2"));
    for (i, d) in [("0/3", &d1), ("1/3", &d2), ("2/3", &d1)] {
        ok(intrigue(
            &[
                "run",
                "--runs",
                "2000",
                "--seed",
                "7",
                "--shard",
                i,
                "--out",
                p(d),
            ],
            None,
        ));
    }
    let merged = ok(intrigue(&["merge", p(&d1), p(&d2), "--json"], None));
    assert_eq!(a, merged, "merged shards differ from the unsplit run");
    let table = ok(intrigue(&["merge", p(&d1), p(&d2)], None));
    let unsplit_table = ok(intrigue(
        &["run", "--runs", "2000", "--seed", "7"],
        Some("2"),
    ));
    assert_eq!(table, unsplit_table);
    // A missing shard is an error, not a smaller result.
    let out = intrigue(&["merge", p(&d1)], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shard 1/3 is missing"));
    let _ = std::fs::remove_dir_all(&d1);
    let _ = std::fs::remove_dir_all(&d2);
}

#[test]
fn shards_of_different_runs_refuse_to_merge() {
    let (d1, d2) = (temp_dir("m1"), temp_dir("m2"));
    ok(intrigue(
        &[
            "run",
            "--runs",
            "40",
            "--seed",
            "1",
            "--format",
            "six_now",
            "--shard",
            "0/2",
            "--out",
            p(&d1),
        ],
        None,
    ));
    ok(intrigue(
        &[
            "run",
            "--runs",
            "40",
            "--seed",
            "2",
            "--format",
            "six_now",
            "--shard",
            "1/2",
            "--out",
            p(&d2),
        ],
        None,
    ));
    let out = intrigue(&["merge", p(&d1), p(&d2)], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("intrigue: ") && err.contains("seed") && err.lines().count() == 1,
        "{err}"
    );
    // Same seed but another intervention: also refused.
    ok(intrigue(
        &[
            "run",
            "--runs",
            "40",
            "--seed",
            "1",
            "--format",
            "six_now",
            "--intervention",
            "fix_us_russia",
            "--shard",
            "1/2",
            "--out",
            p(&d2),
        ],
        None,
    ));
    std::fs::remove_file(d2.join("shard-1-of-2.json")).ok();
    ok(intrigue(
        &[
            "run",
            "--runs",
            "40",
            "--seed",
            "1",
            "--format",
            "six_now",
            "--intervention",
            "fix_us_russia",
            "--shard",
            "1/2",
            "--out",
            p(&d2),
        ],
        None,
    ));
    let out = intrigue(&["merge", p(&d1), p(&d2)], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interventions"));
    let _ = std::fs::remove_dir_all(&d1);
    let _ = std::fs::remove_dir_all(&d2);
}

#[test]
fn bad_input_is_one_line_with_exit_status_2() {
    let d = temp_dir("bad");
    let file = d.join("bad.toml");
    std::fs::write(
        &file,
        "schema = 1\nid = \"x\"\nrounds = 3\n[[actors]]\nid = \"A\"\ncapability = -1\n",
    )
    .expect("write");
    let out = intrigue(&["run", p(&file), "--runs", "5"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let first = err.lines().find(|l| !l.contains("warning")).unwrap_or("");
    assert!(
        first.starts_with(&format!("intrigue: {}:", file.display())),
        "{err}"
    );
    let out = intrigue(&["run", "--runs", "5", "--format", "nope"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `nope`"));
    let out = intrigue(
        &["run", "--runs", "5", "--shard", "3/3", "--out", p(&d)],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&d);
}
