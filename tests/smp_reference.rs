//! SMP against KTAB's own outputs: every case of `fixtures/ktab/reference/INDEX.json` (copied from
//! `shared/data/ktab/reference`) must give the same number of states and every coordinate within
//! 1e-9 of `smpc`'s full-precision positions; cases where `smpc` fails must give a clear error.

use intrigue_bargain::smp::{self, SmpConfig};
use intrigue_formats::ktab;
use std::path::{Path, PathBuf};

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ktab/reference")
}

fn input_of(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name.ends_with(".csv") && name != "positions_fullprec.csv") || name.ends_with(".xml")
        })
        .unwrap_or_else(|| panic!("no input in {}", dir.display()))
}

/// (turn, actor, dim) -> (pos, ideal) from a positions CSV.
fn read_positions(path: &Path) -> Vec<(usize, usize, usize, f64, f64)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
                f[5].parse().unwrap(),
            )
        })
        .collect()
}

fn config_for(s: &ktab::KtabScenario) -> SmpConfig {
    SmpConfig {
        params: s.params,
        accommodation: s.accommodation.clone(),
        seed: s.seed.unwrap_or(SmpConfig::default().seed),
        ..SmpConfig::default()
    }
}

#[test]
fn every_reference_case_matches_smpc() {
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(reference_dir().join("INDEX.json")).unwrap())
            .unwrap();
    let cases = index.as_array().unwrap();
    assert!(cases.len() >= 20, "INDEX.json lists {} cases", cases.len());
    let (mut checked, mut coords, mut identical, mut worst) = (0, 0usize, 0usize, 0.0f64);
    for case in cases {
        let name = case["case"].as_str().unwrap();
        let dir = reference_dir().join(name);
        let input = input_of(&dir);
        let text = std::fs::read_to_string(&input).unwrap();
        let scenario = ktab::read(&input.display().to_string(), &text).unwrap();
        let result = smp::run(&scenario.negotiation, &config_for(&scenario));
        if let Some(err) = case["error"].as_str() {
            let e = result.expect_err(&format!("{name}: smpc fails ({err}) but we ran"));
            assert!(e.0.contains("KTAB rejects"), "{name}: unclear error {e}");
            assert!(!e.0.contains('\n'));
            checked += 1;
            continue;
        }
        let run = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let states = case["states"].as_u64().unwrap() as usize;
        assert_eq!(run.positions.len(), states, "{name}: number of states");
        let d = scenario.negotiation.d();
        for (t, i, k, pos, ideal) in read_positions(&dir.join("positions_fullprec.csv")) {
            let ours = run.positions[t][i * d + k] * 100.0;
            let ours_ideal = run.ideals[t][i * d + k] * 100.0;
            let err = (ours - pos).abs().max((ours_ideal - ideal).abs());
            assert!(
                err <= 1e-9,
                "{name}: turn {t} actor {i} dim {k}: {ours} vs {pos}"
            );
            worst = worst.max(err);
            coords += 1;
            if ours == pos && ours_ideal == ideal {
                identical += 1;
            }
        }
        checked += 1;
    }
    println!(
        "{checked} cases, {coords} coordinates, {identical} bit-identical, worst error {worst:e}"
    );
    assert_eq!(checked, cases.len());
}

/// The per-state probabilities printed in smpc's log (`<actor>, prob : ...`, 4 decimals).
///
#[test]
fn reported_outcome_probabilities_match_smpc_logs() {
    let mut compared = 0;
    for name in [
        "dummyData_3Dim",
        "SOE-Policy",
        "dummyData-a040",
        "SOE-Pol-Comp",
        "dummyData_6Dim",
        "edge-duplicate-pos",
        "synthetic/synth-n020-d12-s1",
        "paramsweep/d3-VotingRule-PropCbc",
        "paramsweep/d3-BigRAdjust-Half",
        "paramsweep/d3-PCEModel-MarkovIncentive",
    ] {
        let dir = reference_dir().join(name);
        let input = input_of(&dir);
        let scenario = ktab::read(
            &input.display().to_string(),
            &std::fs::read_to_string(&input).unwrap(),
        )
        .unwrap();
        let run = smp::run(&scenario.negotiation, &config_for(&scenario)).unwrap();
        let log = std::fs::read_to_string(dir.join("log_summary.txt")).unwrap();
        for line in log.lines().filter(|l| l.contains(", prob :")) {
            let (actor, rest) = line.split_once(", prob :").unwrap();
            let i = scenario
                .negotiation
                .actors
                .iter()
                .position(|a| a == actor.trim())
                .unwrap();
            for (t, p) in rest.split_whitespace().enumerate() {
                let p: f64 = p.parse().unwrap();
                let ours = run.probabilities[t][i];
                assert!(
                    (ours - p).abs() <= 0.00005 + 1e-12,
                    "{name}: {actor} state {t}: {ours} vs {p}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 100, "only {compared} probabilities compared");
}
