//! Properties of the SMP engine on random negotiations.

use intrigue_bargain::smp::{self, Mode, Smp, SmpConfig};
use intrigue_bargain::Negotiation;
use proptest::prelude::*;

fn negotiation() -> impl Strategy<Value = Negotiation> {
    (3usize..9, 1usize..4).prop_flat_map(|(n, d)| {
        (
            prop::collection::vec(1.0f64..200.0, n),
            prop::collection::vec(0.0f64..=1.0, n * d),
            prop::collection::vec(0.05f64..1.0, n * d),
        )
            .prop_map(move |(capability, position, raw)| {
                // Saliences: positive, each actor's row summing to at most 1.
                let mut salience = raw.clone();
                for i in 0..n {
                    let total: f64 = raw[i * d..(i + 1) * d].iter().sum();
                    let scale = if total > 0.95 { 0.95 / total } else { 1.0 };
                    for k in 0..d {
                        salience[i * d + k] *= scale;
                    }
                }
                Negotiation {
                    name: "random".into(),
                    actors: (0..n).map(|i| format!("A{i}")).collect(),
                    dimensions: (0..d).map(|k| format!("D{k}")).collect(),
                    capability,
                    position,
                    salience,
                }
            })
    })
}

fn native() -> SmpConfig {
    let mut cfg = SmpConfig {
        max_turns: 30,
        ..SmpConfig::default()
    };
    cfg.params.mode = Mode::Native;
    cfg
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn outcome_distribution_sums_to_one(neg in negotiation()) {
        let mut m = Smp::new(&neg, &native()).unwrap();
        for _ in 0..4 {
            let (map, p) = m.outcome_distribution().unwrap();
            let total: f64 = p.iter().sum();
            prop_assert!((total - 1.0).abs() < 1e-12, "sum {}", total);
            prop_assert!(p.iter().all(|x| (0.0..=1.0).contains(x)));
            prop_assert!(map.iter().all(|&u| u < p.len()));
            m.step().unwrap();
        }
    }

    #[test]
    fn positions_stay_in_unit_interval(neg in negotiation()) {
        let run = smp::run(&neg, &native()).unwrap();
        for state in run.positions.iter().chain(&run.ideals) {
            prop_assert!(state.iter().all(|x| (0.0..=1.0).contains(x)));
        }
    }

    #[test]
    fn same_input_same_result(neg in negotiation()) {
        let a = smp::run(&neg, &native()).unwrap();
        let b = smp::run(&neg, &native()).unwrap();
        prop_assert_eq!(a, b);
    }
}

/// Large negotiations split per-actor work across threads; the result must not depend on how many.
#[test]
fn results_do_not_depend_on_thread_count() {
    let n = 40;
    let d = 2;
    // A deterministic spread of actors (no randomness needed).
    let neg = Negotiation {
        name: "threads".into(),
        actors: (0..n).map(|i| format!("A{i}")).collect(),
        dimensions: vec!["x".into(), "y".into()],
        capability: (0..n).map(|i| 10.0 + ((i * 37) % 90) as f64).collect(),
        position: (0..n * d)
            .map(|j| ((j * 53) % 100) as f64 / 100.0)
            .collect(),
        salience: (0..n * d)
            .map(|j| 0.2 + ((j * 29) % 25) as f64 / 100.0)
            .collect(),
    };
    let cfg = SmpConfig {
        max_turns: 20,
        ..SmpConfig::default()
    };
    let pool = |t| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .unwrap()
    };
    let one = pool(1).install(|| smp::run(&neg, &cfg)).unwrap();
    let two = pool(2).install(|| smp::run(&neg, &cfg)).unwrap();
    let four = pool(4).install(|| smp::run(&neg, &cfg)).unwrap();
    assert_eq!(one, two);
    assert_eq!(one, four);
    assert!(one.positions.len() > 2);
}

/// The stochastic mode draws in a fixed order: one seed, one result; another seed, another path.
#[test]
fn stochastic_mode_is_reproducible_per_seed() {
    let neg = Negotiation {
        name: "stochastic".into(),
        actors: (0..7).map(|i| format!("A{i}")).collect(),
        dimensions: vec!["x".into()],
        capability: vec![100.0, 50.0, 130.0, 40.0, 60.0, 120.0, 55.0],
        position: vec![0.75, 0.83, 0.82, 0.63, 0.82, 0.84, 0.71],
        salience: vec![0.5, 0.3, 0.48, 0.2, 0.41, 0.23, 0.32],
    };
    let mut cfg = SmpConfig {
        max_turns: 30,
        ..SmpConfig::default()
    };
    cfg.params.transitions = smp::StateTransitions::Stochastic;
    let runs: Vec<_> = (0..8u64)
        .map(|s| {
            smp::run(
                &neg,
                &SmpConfig {
                    seed: s,
                    ..cfg.clone()
                },
            )
            .unwrap()
        })
        .collect();
    assert_eq!(
        runs[3],
        smp::run(
            &neg,
            &SmpConfig {
                seed: 3,
                ..cfg.clone()
            }
        )
        .unwrap()
    );
    assert!(
        runs.iter().any(|r| r.positions != runs[0].positions),
        "the seed changes nothing"
    );
}

/// Kappa = 0 coupling is exactly no coupling; a non-zero kappa changes the numbers.
#[test]
fn zero_kappa_coupling_is_ktab() {
    let neg = Negotiation {
        name: "coupling".into(),
        actors: (0..6).map(|i| format!("A{i}")).collect(),
        dimensions: vec!["x".into(), "y".into()],
        capability: vec![100.0, 50.0, 130.0, 40.0, 60.0, 120.0],
        position: vec![
            0.75, 0.06, 0.83, 0.73, 0.82, 0.91, 0.63, 0.51, 0.82, 0.46, 0.84, 0.34,
        ],
        salience: vec![
            0.5, 0.06, 0.3, 0.21, 0.48, 0.14, 0.2, 0.39, 0.41, 0.25, 0.23, 0.39,
        ],
    };
    let plain = smp::run(&neg, &SmpConfig::default()).unwrap();
    let regard: Vec<f64> = (0..36)
        .map(|j| if (j / 6 + j % 6) % 2 == 0 { 0.8 } else { -0.8 })
        .collect();
    let zero = SmpConfig {
        coupling: Some(smp::Coupling {
            regard: regard.clone(),
            kappa: 0.0,
            gamma: 0.0,
        }),
        ..SmpConfig::default()
    };
    assert_eq!(plain, smp::run(&neg, &zero).unwrap());
    let strong = SmpConfig {
        coupling: Some(smp::Coupling {
            regard: regard.clone(),
            kappa: 1.0,
            gamma: 0.0,
        }),
        ..SmpConfig::default()
    };
    assert_ne!(plain.positions, smp::run(&neg, &strong).unwrap().positions);
    // Suspicion alone (gamma) also changes the numbers, and stays within [0, 1].
    let suspicious = SmpConfig {
        coupling: Some(smp::Coupling {
            regard,
            kappa: 0.0,
            gamma: 0.5,
        }),
        ..SmpConfig::default()
    };
    let run = smp::run(&neg, &suspicious).unwrap();
    assert_ne!(plain.positions, run.positions);
    assert!(run
        .positions
        .iter()
        .flatten()
        .all(|x| (0.0..=1.0).contains(x)));
}

/// With uniform goodwill (no distrust), gamma has nothing to act on: the numbers are KTAB's.
#[test]
fn gamma_without_distrust_changes_nothing() {
    let neg = Negotiation {
        name: "trust".into(),
        actors: (0..5).map(|i| format!("A{i}")).collect(),
        dimensions: vec!["x".into()],
        capability: vec![100.0, 50.0, 130.0, 40.0, 60.0],
        position: vec![0.75, 0.2, 0.82, 0.5, 0.1],
        salience: vec![0.5, 0.3, 0.48, 0.2, 0.41],
    };
    let plain = smp::run(&neg, &SmpConfig::default()).unwrap();
    let trusting = SmpConfig {
        coupling: Some(smp::Coupling {
            regard: vec![0.6; 25],
            kappa: 0.0,
            gamma: 0.8,
        }),
        ..SmpConfig::default()
    };
    assert_eq!(plain, smp::run(&neg, &trusting).unwrap());
}
