//! `intrigue bargain` end to end: the positions CSV, JSON output, and one-line errors on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn intrigue(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_intrigue"))
        .args(args)
        .output()
        .unwrap()
}

fn fixture(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/ktab")
        .join(p)
        .display()
        .to_string()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("intrigue-bargain-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn positions_csv_reproduces_smpc() {
    let dir = temp_dir("csv");
    let out = dir.join("positions.csv");
    let o = intrigue(&[
        "bargain",
        &fixture("reference/dummyData_3Dim/dummyData_3Dim.csv"),
        "--positions-csv",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ours = std::fs::read_to_string(&out).unwrap();
    let theirs =
        std::fs::read_to_string(fixture("reference/dummyData_3Dim/positions_fullprec.csv"))
            .unwrap();
    assert_eq!(
        ours.lines().next(),
        Some("turn,actor,actor_name,dim,pos_0_100,ideal_0_100")
    );
    assert_eq!(ours.lines().count(), theirs.lines().count());
    for (a, b) in ours.lines().zip(theirs.lines()).skip(1) {
        let (fa, fb): (Vec<&str>, Vec<&str>) = (a.split(',').collect(), b.split(',').collect());
        assert_eq!(fa[..4], fb[..4]);
        for c in 4..6 {
            let (x, y): (f64, f64) = (fa[c].parse().unwrap(), fb[c].parse().unwrap());
            assert!((x - y).abs() <= 1e-9, "{a} vs {b}");
        }
    }
    // Text output names the stop reason.
    let o = intrigue(&[
        "bargain",
        &fixture("reference/dummyData_3Dim/dummyData_3Dim.csv"),
    ]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("11 states, stopped: converged"));
}

#[test]
fn json_reports_states_stop_positions_and_probabilities() {
    let o = intrigue(&[
        "bargain",
        &fixture("reference/SOE-Policy/SOE-Policy.csv"),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["states"], 20);
    assert_eq!(v["stop"], "converged");
    let n = v["actors"].as_array().unwrap().len();
    assert_eq!(v["final_positions"].as_array().unwrap().len(), n);
    let probs = v["outcome_probabilities"].as_array().unwrap();
    assert_eq!(probs.len(), 20);
    assert!(probs.iter().all(|s| s.as_array().unwrap().len() == n));
    // Same input, same bytes.
    let again = intrigue(&[
        "bargain",
        &fixture("reference/SOE-Policy/SOE-Policy.csv"),
        "--json",
    ]);
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn params_change_the_run_and_xsd_aliases_are_accepted() {
    let input = fixture("reference/dummyData_3Dim/dummyData_3Dim.csv");
    let base = intrigue(&["bargain", &input, "--json"]);
    let cubic = intrigue(&["bargain", &input, "--json", "--param", "VotingRule=PropCbc"]);
    assert!(cubic.status.success());
    assert_ne!(base.stdout, cubic.stdout);
    let alias = intrigue(&[
        "bargain",
        &input,
        "--json",
        "--param",
        "VotingRule=Proportional",
    ]);
    assert_eq!(base.stdout, alias.stdout);
    let none = intrigue(&["bargain", &input, "--json", "--param", "BigRAdjust=No"]);
    let v: serde_json::Value = serde_json::from_slice(&none.stdout).unwrap();
    assert_eq!(v["params"]["BigRAdjust"], "None");
    assert_eq!(
        v["states"], 8,
        "the reference run of BigRAdjust=None has 8 states"
    );
}

#[test]
fn big_r_adjust_full_is_a_clear_error_in_ktab_mode_and_runs_natively() {
    let input = fixture("reference/paramsweep/d3-BigRAdjust-Full/d3-BigRAdjust-Full.xml");
    let o = intrigue(&["bargain", &input]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("d3-BigRAdjust-Full.xml") && err.contains("BigRAdjust=Full"),
        "{err}"
    );
    let o = intrigue(&["bargain", &input, "--param", "mode=native", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Runs `bargain` on `content` and returns the single stderr line of a failed run.
fn bad_input(name: &str, content: &str, extra: &[&str]) -> String {
    let dir = temp_dir(name);
    let path = dir.join(format!("{name}.csv"));
    std::fs::write(&path, content).unwrap();
    let mut args = vec!["bargain", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = intrigue(&args);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{name}: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    // Errors about the file name it; errors about an option name the option.
    let named =
        err.contains(&format!("{name}.csv")) || (!extra.is_empty() && err.contains(extra[1]));
    assert!(
        named,
        "{name}: the error does not name the file or the option: {err}"
    );
    err
}

const HEAD: &str = "S,desc,3,1\nActor,Description,Power,P,S\n";

#[test]
fn bad_input_gives_one_line_with_file_line_and_problem() {
    for (name, file, line_no, expect) in [
        ("zero-cap", "d3-zero-cap", 6, "capability"),
        ("zero-sal", "d3-zero-sal", 6, "saliences"),
    ] {
        let o = intrigue(&["bargain", &fixture(&format!("edge/{file}.csv"))]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("{file}.csv:{line_no}:")),
            "{name}: {err}"
        );
        assert!(err.contains(expect), "{name}: {err}");
    }
    let two = "S,desc,3,2\nActor,Description,Power,P,S,Q,T\n";
    let e = bad_input(
        "salsum",
        &format!("{two}a,x,1,50,60,20,41\nb,x,1,40,40,20,20\nc,x,1,30,40,20,20\n"),
        &[],
    );
    assert!(e.contains("salsum.csv:3") && e.contains("over 100"), "{e}");
    let e = bad_input(
        "range",
        &format!("{HEAD}a,x,1,50,60\nb,x,1,150,40\nc,x,1,50,40\n"),
        &[],
    );
    assert!(
        e.contains("range.csv:4:") && e.contains("outside 0-100"),
        "{e}"
    );
    let e = bad_input(
        "ragged",
        &format!("{HEAD}a,x,1,50,60\nb,x,1,50\nc,x,1,50,40\n"),
        &[],
    );
    assert!(e.contains("ragged.csv:4") && e.contains("ragged"), "{e}");
    let e = bad_input(
        "few",
        "S,desc,2,1\nActor,Description,Power,P,S\na,x,1,50,60\nb,x,1,50,40\n",
        &[],
    );
    assert!(
        e.contains("few.csv:1") && e.contains("at least 3 actors"),
        "{e}"
    );
    let e = bad_input(
        "notnum",
        &format!("{HEAD}a,x,1,5O,60\nb,x,1,50,40\nc,x,1,50,40\n"),
        &[],
    );
    assert!(
        e.contains("notnum.csv:3:") && e.contains("not a number"),
        "{e}"
    );
    let e = bad_input("short", &format!("{HEAD}a,x,1,50,60\nb,x,1,50,40\n"), &[]);
    assert!(
        e.contains("short.csv") && e.contains("announces 3 actors"),
        "{e}"
    );
    let ok = format!("{HEAD}a,x,1,50,60\nb,x,2,30,40\nc,x,3,70,40\n");
    let e = bad_input("param", &ok, &["--param", "VotingRul=Prop"]);
    assert!(e.contains("unknown parameter 'VotingRul'"), "{e}");
    let e = bad_input("value", &ok, &["--param", "VotingRule=Proportion"]);
    assert!(e.contains("unknown value 'Proportion'"), "{e}");
}

#[test]
fn unreadable_file_is_an_error_not_a_panic() {
    let o = intrigue(&["bargain", "/nonexistent/scenario.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/scenario.csv"));
}

#[test]
fn a_failed_run_leaves_an_existing_output_untouched() {
    let dir = temp_dir("keep");
    let out = dir.join("positions.csv");
    std::fs::write(&out, "precious\n").unwrap();
    let input = fixture("reference/paramsweep/d3-BigRAdjust-Full/d3-BigRAdjust-Full.xml");
    let o = intrigue(&["bargain", &input, "--positions-csv", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
}

#[test]
fn limit_cycles_are_detected_and_reported() {
    let input = fixture("cycle-eusmp-seed341.csv");
    // Native mode stops as soon as the state repeats.
    let o = intrigue(&["bargain", &input, "--json", "--param", "mode=native"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["stop"], "cycle");
    assert_eq!(v["cycle_period"], 2);
    let native_states = v["states"].as_u64().unwrap();
    assert!(native_states < 101);
    // KTAB mode keeps smpc's trajectory to the turn cap but names the cycle.
    let o = intrigue(&["bargain", &input, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["states"], 101);
    assert_eq!(v["stop"], "cycle");
    let o = intrigue(&["bargain", &input]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("limit cycle of period 2"));
}

/// `--model bdm` end to end on the EC emission-standards case (Bueno de Mesquita 1994), written as
/// a KTAB CSV with delay in years x 10 on the 0-100 scale: every round's median within half a year
/// of Scholz et al. (2011), Table 2; and the baselines print one point.
#[test]
fn bdm_and_baselines_through_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bdm");
    let table =
        std::fs::read_to_string(root.join("emission_standards_BDM1994_table1.csv")).unwrap();
    let rows: Vec<&str> = table
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut csv = format!(
        "Emissions,EC 1994,{},1\nActor,Description,Capability,Delay,Salience\n",
        rows.len()
    );
    for r in &rows {
        let f: Vec<&str> = r.split(',').collect();
        let years: f64 = f[2].parse().unwrap();
        csv.push_str(&format!("{},x,{},{},{}\n", f[0], f[1], years * 10.0, f[3]));
    }
    let dir = temp_dir("bdm");
    let input = dir.join("emissions.csv");
    std::fs::write(&input, csv).unwrap();
    let input = input.to_str().unwrap();
    let o = intrigue(&[
        "bargain", input, "--model", "bdm", "--json", "--param", "rounds=8",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let medians: Vec<f64> = v["median"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() / 10.0)
        .collect();
    let published =
        std::fs::read_to_string(root.join("emission_standards_published_results.csv")).unwrap();
    let mut checked = 0;
    for line in published
        .lines()
        .filter(|l| l.contains("Table 2 (Q=1.0),median_voter_position"))
    {
        let f: Vec<&str> = line.split(',').collect();
        let (round, value): (usize, f64) = (f[2].parse().unwrap(), f[3].parse().unwrap());
        assert!(
            (medians[round] - value).abs() <= 0.5,
            "round {round}: {} vs {value}",
            medians[round]
        );
        checked += 1;
    }
    assert_eq!(checked, 8);
    for model in ["compromise", "median"] {
        let o = intrigue(&["bargain", input, "--model", model, "--json"]);
        assert!(o.status.success());
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let x = v["outcome"][0].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&x), "{model}: {x}");
    }
    let o = intrigue(&["bargain", input, "--model", "bdm", "--param", "bogus=1"]);
    assert_eq!(o.status.code(), Some(2));
}
