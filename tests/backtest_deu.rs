//! `intrigue backtest deu` end to end on the DEU III dev file copied into `fixtures/deu/`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dev_file() -> String {
    root()
        .join("fixtures/deu/deu3-dev.tsv")
        .display()
        .to_string()
}

fn intrigue(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_intrigue"))
        .args(args)
        .output()
        .expect("run intrigue")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn tmp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("intrigue-backtest-{}-{name}", std::process::id()))
}

#[test]
fn mean_scores_24_70_on_the_223_scoreable_issues() {
    let f = dev_file();
    let v = json(&intrigue(&[
        "backtest",
        "deu",
        &f,
        "--json",
        "--models",
        "mean,compromise",
        "--resamples",
        "200",
    ]));
    assert_eq!(v["issues"], 223);
    assert_eq!(v["skipped"]["no outcome"], 4);
    assert_eq!(
        v["skipped"]["fewer than 3 actors with a position and a salience > 0"],
        1
    );
    let mean = &v["models"]["mean"];
    assert_eq!(mean["n"], 223);
    let mae = mean["mae"].as_f64().unwrap();
    assert_eq!(format!("{mae:.2}"), "24.70");
    let (lo, hi) = (
        mean["mae_ci"][0].as_f64().unwrap(),
        mean["mae_ci"][1].as_f64().unwrap(),
    );
    assert!(lo < mae && mae < hi && hi - lo > 1.0, "{lo} {mae} {hi}");
    let comp = &v["models"]["compromise"];
    assert_eq!(comp["diff_vs_compromise"].as_f64(), Some(0.0));
    // The paired difference is the difference of the MAEs when both score every issue.
    let d = mean["diff_vs_compromise"].as_f64().unwrap();
    assert!((d - (mae - comp["mae"].as_f64().unwrap())).abs() < 1e-9);
    assert!(
        v["models"].get("median").is_none(),
        "only the models asked for are printed"
    );
}

#[test]
fn every_default_model_is_scored_and_output_is_reproducible() {
    let f = dev_file();
    let a = intrigue(&["backtest", "deu", &f, "--json"]);
    let v = json(&a);
    for m in ["mean", "compromise", "median", "smp", "bdm", "nash"] {
        let e = &v["models"][m];
        let n = e["n"].as_u64().unwrap();
        assert!(n > 100, "{m}: n = {n}");
        let mae = e["mae"].as_f64().unwrap();
        assert!((0.0..100.0).contains(&mae), "{m}: {mae}");
        for k in ["mae_ci", "diff_ci"] {
            let (lo, hi) = (e[k][0].as_f64().unwrap(), e[k][1].as_f64().unwrap());
            assert!(lo <= hi, "{m} {k}");
        }
    }
    // nash applies only where a reference point is recorded.
    assert!(v["models"]["nash"]["n"].as_u64().unwrap() < 223);
    assert_eq!(v["models"]["smp"]["n"], 223);
    let b = intrigue(&["backtest", "deu", &f, "--json"]);
    assert_eq!(a.stdout, b.stdout, "same input and seed, same bytes");
    let c = json(&intrigue(&["backtest", "deu", &f, "--json", "--seed", "7"]));
    assert_eq!(c["models"]["bdm"]["mae"], v["models"]["bdm"]["mae"]);
    assert_ne!(c["models"]["bdm"]["mae_ci"], v["models"]["bdm"]["mae_ci"]);
}

#[test]
fn per_issue_file_has_one_row_per_issue_and_model() {
    let f = dev_file();
    let p = tmp("per-issue.csv");
    let ps = p.display().to_string();
    let out = intrigue(&[
        "backtest",
        "deu",
        &f,
        "--models",
        "median,nash",
        "--per-issue",
        &ps,
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::remove_file(&p).ok();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("proposal,issue,line,model,predicted,outcome,abs_error")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // compromise is always run for the paired differences.
    assert_eq!(rows.len(), 223 * 3);
    for r in &rows {
        assert_eq!(r.len(), 7);
        if !r[4].is_empty() {
            let (p, o, e): (f64, f64, f64) = (
                r[4].parse().unwrap(),
                r[5].parse().unwrap(),
                r[6].parse().unwrap(),
            );
            assert!(((p - o).abs() - e).abs() < 1e-9);
        } else {
            assert_eq!(
                r[3], "nash",
                "only nash leaves issues without a reference point unscored"
            );
        }
    }
}

#[test]
fn equal_capability_makes_compromise_the_salience_weighted_mean() {
    let f = dev_file();
    let v = json(&intrigue(&[
        "backtest",
        "deu",
        &f,
        "--json",
        "--models",
        "mean,compromise",
        "--capability",
        "equal",
        "--resamples",
        "50",
    ]));
    let (m, c) = (
        &v["models"]["mean"]["mae"],
        &v["models"]["compromise"]["mae"],
    );
    assert!((m.as_f64().unwrap() - c.as_f64().unwrap()).abs() < 1e-9);
}

#[test]
fn bad_input_is_one_line_with_file_and_line_and_status_2() {
    let p = tmp("bad.tsv");
    let mut text = std::fs::read_to_string(dev_file()).unwrap();
    // Break a position cell on the third issue row (line 5).
    let lines: Vec<&str> = text.lines().collect();
    let mut fields: Vec<String> = lines[4].split('\t').map(String::from).collect();
    fields[13] = "abc".into();
    let bad = fields.join("\t");
    text = lines[..4].join("\n") + "\n" + &bad + "\n";
    std::fs::write(&p, text).unwrap();
    let ps = p.display().to_string();
    let out = intrigue(&["backtest", "deu", &ps]);
    std::fs::remove_file(&p).ok();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("{ps}:5:14: pcom: not a number")),
        "{err}"
    );

    let out = intrigue(&["backtest", "deu", &dev_file(), "--models", "mean,oracle"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown model \"oracle\""));
    let out = intrigue(&["backtest", "deu", "/nonexistent/deu.tsv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("intrigue: /nonexistent/deu.tsv: cannot read"));
}
