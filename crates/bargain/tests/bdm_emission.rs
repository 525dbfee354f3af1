//! The BDM model (Scholz et al. 2011 reconstruction) on the EC emission-standards case
//! (Bueno de Mesquita 1994): the published round medians of Scholz et al.'s Table 2, and every
//! actor's position over 20 rounds against the project's Python oracle
//! (`shared/tools/bdm-oracle/bdm_spec.py`), whose output is copied into `fixtures/bdm/`.

use intrigue_bargain::bdm::{run, BdmParams};
use intrigue_bargain::Negotiation;

fn fixture(name: &str) -> String {
    let path = format!("{}/../../fixtures/bdm/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Positions in years (4-10) are mapped to [0, 1] by y / 10; the model is scale-free.
fn emission_case() -> Negotiation {
    let text = fixture("emission_standards_BDM1994_table1.csv");
    let mut neg = Negotiation {
        name: "emission standards".into(),
        actors: vec![],
        dimensions: vec!["delay".into()],
        capability: vec![],
        position: vec![],
        salience: vec![],
    };
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        neg.actors.push(f[0].to_string());
        neg.capability.push(f[1].parse().unwrap());
        neg.position.push(f[2].parse::<f64>().unwrap() / 10.0);
        neg.salience.push(f[3].parse::<f64>().unwrap() / 100.0);
    }
    neg
}

/// Rows of the oracle's `--positions` output: (round, median, mean, positions...).
fn oracle(name: &str) -> Vec<Vec<f64>> {
    fixture(name)
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(|v| v.parse().unwrap()).collect())
        .collect()
}

#[test]
fn round_medians_match_scholz_table_2_within_half_a_year() {
    let published: Vec<(usize, f64)> = fixture("emission_standards_published_results.csv")
        .lines()
        .filter(|l| l.contains(",median_voter_position,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2].parse().unwrap(), f[3].parse().unwrap())
        })
        .collect();
    assert_eq!(published.len(), 8);
    let params = BdmParams {
        rounds: 8,
        ..BdmParams::default()
    };
    let out = run(&emission_case(), &params).unwrap();
    assert_eq!(out.median.len(), 9);
    assert!((out.median[0] * 10.0 - 7.0).abs() < 1e-12);
    for (round, value) in published {
        let ours = out.median[round] * 10.0;
        assert!(
            (ours - value).abs() <= 0.5,
            "round {round}: ours {ours}, published {value}"
        );
    }
    // Round 1 is confirmed exactly by the paper's figures: Belgium 7 -> 8.41593 (spec §3.4).
    assert!((out.positions[1][1] * 10.0 - 8.415932).abs() < 1e-6);
}

fn check_against_oracle(file: &str, q: f64) {
    let rows = oracle(file);
    let params = BdmParams {
        q,
        rounds: 20,
        ..BdmParams::default()
    };
    let out = run(&emission_case(), &params).unwrap();
    assert_eq!(out.positions.len(), rows.len());
    for (t, row) in rows.iter().enumerate() {
        assert!(
            (out.median[t] * 10.0 - row[1]).abs() < 2e-6,
            "{file} round {t} median"
        );
        assert!(
            (out.mean[t] * 10.0 - row[2]).abs() < 2e-6,
            "{file} round {t} mean"
        );
        for (i, want) in row[3..].iter().enumerate() {
            let got = out.positions[t][i] * 10.0;
            assert!(
                (got - want).abs() < 2e-6,
                "{file} round {t} actor {i}: {got} vs {want}"
            );
        }
    }
}

#[test]
fn twenty_rounds_match_the_oracle_at_q_1() {
    check_against_oracle("emission_standards_oracle_20rounds.tsv", 1.0);
}

#[test]
fn twenty_rounds_match_the_oracle_at_q_one_half() {
    check_against_oracle("emission_standards_oracle_q05_20rounds.tsv", 0.5);
}

#[test]
fn risk_exponents_of_round_one_match_the_spec() {
    // Spec §2.5, worked case, round 1.
    let want = [
        1.4057, 0.7542, 0.5089, 1.4057, 1.0465, 1.0465, 1.9649, 0.5000, 2.0000, 1.1121,
    ];
    let out = run(
        &emission_case(),
        &BdmParams {
            rounds: 1,
            ..BdmParams::default()
        },
    )
    .unwrap();
    for (got, want) in out.risk[0].iter().zip(want) {
        assert!((got - want).abs() < 5e-5, "{got} vs {want}");
    }
}

#[test]
fn positions_stay_within_the_input_range_and_the_run_is_deterministic() {
    let neg = emission_case();
    let a = run(
        &neg,
        &BdmParams {
            rounds: 40,
            ..BdmParams::default()
        },
    )
    .unwrap();
    let b = run(
        &neg,
        &BdmParams {
            rounds: 40,
            ..BdmParams::default()
        },
    )
    .unwrap();
    assert_eq!(a, b);
    for x in a.positions.iter().flatten() {
        assert!((0.4..=1.0).contains(x), "{x}");
    }
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let mut two_d = emission_case();
    two_d.dimensions.push("second".into());
    two_d.position = two_d.position.iter().flat_map(|&x| [x, x]).collect();
    two_d.salience = two_d
        .salience
        .iter()
        .flat_map(|&s| [s / 2.0, s / 2.0])
        .collect();
    let e = run(&two_d, &BdmParams::default()).unwrap_err();
    assert!(e.contains("one-dimensional"), "{e}");
    let q = BdmParams {
        q: 1.5,
        ..BdmParams::default()
    };
    assert!(run(&emission_case(), &q).is_err());
    // Everybody at one point: nothing moves (spec A16), no division by zero.
    let mut flat = emission_case();
    flat.position.iter_mut().for_each(|x| *x = 0.5);
    let out = run(&flat, &BdmParams::default()).unwrap();
    assert!(out.positions.iter().flatten().all(|&x| x == 0.5));
    // Stop when static stops early on a fixed point.
    let out = run(
        &flat,
        &BdmParams {
            stop_when_static: true,
            ..BdmParams::default()
        },
    )
    .unwrap();
    assert_eq!(out.positions.len(), 2);
}
