//! The simulator's must-shows at the library level: SMP trajectories at kappa = 0, outcome counts
//! that sum to the runs, common random numbers, thread-count independence, and the scenario
//! reader's validation (every number of the shipped scenario has a source; errors name line and
//! column).

use intrigue_bargain::smp::{self, SmpConfig};
use intrigue_bargain::Negotiation;
use intrigue_formats::scenario::parse;
use intrigue_sim::*;

const SHIPPED: &str = include_str!("../scenarios/northeast-asia-2017.toml");

fn shipped() -> Model {
    parse(SHIPPED, "northeast-asia-2017.toml")
        .expect("the shipped scenario compiles")
        .model
}

/// A negotiation of five actors on two issues and the same thing as a one-forum scenario.
fn one_forum(kappa: f64) -> (Negotiation, Scenario) {
    let neg = Negotiation {
        name: "t".into(),
        actors: ["A", "B", "C", "D", "E"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        dimensions: vec!["x".into(), "y".into()],
        capability: vec![40.0, 25.0, 15.0, 10.0, 30.0],
        position: vec![0.10, 0.80, 0.35, 0.20, 0.90, 0.55, 0.60, 0.05, 0.45, 0.95],
        salience: vec![0.70, 0.30, 0.40, 0.50, 0.90, 0.10, 0.35, 0.35, 0.20, 0.60],
    };
    let mut sc = Scenario {
        id: "one".into(),
        rounds: 12,
        settings: Settings {
            kappa: Num::fixed(kappa),
            agreement_spread: Num::fixed(0.0),
            ..Settings::default()
        },
        ..Default::default()
    };
    for (i, a) in neg.actors.iter().enumerate() {
        sc.actors.push(Actor {
            id: a.clone(),
            name: a.clone(),
            capability: Num::fixed(neg.capability[i]),
        });
        for k in 0..2 {
            sc.stances.push(Stance {
                actor: a.clone(),
                issue: neg.dimensions[k].clone(),
                position: Num::fixed(neg.position[i * 2 + k] * 100.0),
                salience: Num::fixed(neg.salience[i * 2 + k] * 100.0),
            });
        }
    }
    for k in &neg.dimensions {
        sc.issues.push(Issue {
            id: k.clone(),
            name: k.clone(),
            low: "0".into(),
            mid: "50".into(),
            high: "100".into(),
        });
    }
    // Some relations, so that kappa has something to act on.
    for (f, t, b) in [
        ("A", "B", -0.8),
        ("B", "A", -0.6),
        ("C", "E", 0.9),
        ("D", "A", 0.5),
    ] {
        sc.relations.push(Relation {
            from: f.into(),
            to: t.into(),
            baseline: Num::fixed(b),
        });
    }
    sc.forums.push(Forum {
        id: "all".into(),
        name: String::new(),
        members: neg.actors.clone(),
        agenda: neg.dimensions.clone(),
        start: 1,
        after: None,
        during: None,
        when: None,
        agree_on: vec![],
        persist: false,
    });
    sc.formats.push(Format {
        id: "f".into(),
        name: String::new(),
        forums: vec!["all".into()],
    });
    sc.outcomes.push(Outcome {
        id: "end".into(),
        name: String::new(),
        kind: OutcomeKind::Fallback,
        rule: None,
    });
    (neg, sc)
}

fn trajectory(model: &Model, seed: u64) -> Vec<Vec<f64>> {
    let plan = model.plan(0, &[]);
    let mut ws = Workspace::new(model);
    draw_inputs(model, seed, 0, Inputs::Drawn, &mut ws);
    let pos = model.layout.pos;
    let nd = model.n() * model.d();
    let mut out = Vec::new();
    run_drawn(&plan, seed, 0, &mut ws, &mut |_, v| {
        out.push(v[pos..pos + nd].iter().map(|x| x / 100.0).collect())
    })
    .expect("runs");
    out
}

#[test]
fn kappa_zero_one_forum_no_events_follows_plain_smp() {
    let (neg, sc) = one_forum(0.0);
    let model = Model::compile(&sc).expect("compiles");
    let sim = trajectory(&model, 3);
    let reference = smp::run(&neg, &SmpConfig::default()).expect("smp runs");
    // State t of the reference is after t turns; round t of the simulator is after t turns.
    let turns = (reference.positions.len() - 1).min(sim.len());
    assert!(turns >= 3, "the reference moved for {turns} turns only");
    for t in 1..=turns {
        for (a, b) in sim[t - 1].iter().zip(&reference.positions[t]) {
            assert!((a - b).abs() < 1e-12, "turn {t}: simulator {a} vs SMP {b}");
        }
    }
    // With a non-zero gain the hostile A-B pair bargains differently.
    let (_, sc) = one_forum(2.0);
    let coupled = trajectory(&Model::compile(&sc).expect("compiles"), 3);
    let differs = (0..turns).any(|t| {
        coupled[t]
            .iter()
            .zip(&sim[t])
            .any(|(a, b)| (a - b).abs() > 1e-9)
    });
    assert!(differs, "kappa = 2 should change the trajectory");
}

#[test]
fn outcome_counts_sum_to_runs_and_threads_do_not_matter() {
    let model = shipped();
    let formats: Vec<usize> = (0..model.format_ids.len()).collect();
    let one = simulate_threads(&model, &formats, &[], 11, 0..300, 1).expect("runs");
    let two = simulate_threads(&model, &formats, &[], 11, 0..300, 2).expect("runs");
    assert_eq!(one, two);
    // Split runs add up to the whole.
    let mut split = simulate(&model, &formats, &[], 11, 0..170).expect("runs");
    split.add(&simulate(&model, &formats, &[], 11, 170..300).expect("runs"));
    assert_eq!(split, one);
    let no = model.outcome_ids.len();
    for f in 0..formats.len() {
        let total: u64 = one.counts[f * no..(f + 1) * no].iter().sum();
        assert_eq!(total, 300, "format {f}: every run has exactly one outcome");
        let p: f64 = (0..no).map(|o| one.probability(f, o).0).sum();
        assert!((p - 1.0).abs() < 1e-12);
    }
    // A different seed gives different counts (the streams are really keyed by the seed).
    let other = simulate(&model, &formats, &[], 12, 0..300).expect("runs");
    assert_ne!(other.counts, one.counts);
}

#[test]
fn common_random_numbers_across_formats_and_neutral_interventions() {
    let mut sc = one_forum(0.0).1;
    sc.events.push(EventType {
        id: "shock".into(),
        name: String::new(),
        cameo: "111".into(),
        goldstein: Num::fixed(-2.0),
        source: "A".into(),
        targets: vec!["B".into()],
        impulse_scale: Num::fixed(1.0),
        rate: Some(Num::fixed(0.7)),
        modifiers: vec![],
        when: None,
        at: vec![],
        effects: vec![],
    });
    sc.settings.relation_noise = Num {
        dist: Dist::Uniform {
            low: 0.0,
            high: 0.1,
        },
        source: None,
    };
    sc.outcomes.insert(
        0,
        Outcome {
            id: "many".into(),
            name: String::new(),
            kind: OutcomeKind::Terminal,
            rule: Some("count_shock >= 9".into()),
        },
    );
    sc.interventions.push(Intervention {
        id: "neutral".into(),
        name: String::new(),
        source: None,
        changes: vec![Change::EventRate {
            event: "shock".into(),
            factor: 1.0,
        }],
    });
    sc.interventions.push(Intervention {
        id: "calm".into(),
        name: String::new(),
        source: None,
        changes: vec![Change::EventRate {
            event: "shock".into(),
            factor: 0.0,
        }],
    });
    let model = Model::compile(&sc).expect("compiles");
    let mut ws = Workspace::new(&model);
    let mut outcomes = |iv: &[usize]| -> Vec<usize> {
        let plan = model.plan(0, iv);
        (0..200)
            .map(|k| {
                run_one(&plan, 5, k, Inputs::Drawn, &mut ws)
                    .expect("runs")
                    .outcome
            })
            .collect()
    };
    let base = outcomes(&[]);
    assert_eq!(
        base,
        outcomes(&[0]),
        "a neutral intervention leaves every run unchanged"
    );
    let many = base.iter().filter(|&&o| o == 0).count();
    assert!(
        many > 20 && many < 180,
        "rate 0.7 over 12 rounds: {many} of 200 runs reach 9 shocks"
    );
    assert!(
        outcomes(&[1]).iter().all(|&o| o == 1),
        "no shocks, no `many`"
    );
}

#[test]
fn every_number_of_the_shipped_scenario_has_a_source() {
    let file = parse(SHIPPED, "northeast-asia-2017.toml").expect("compiles");
    assert!(
        file.warnings.is_empty(),
        "numbers without a source: {:?}",
        file.warnings.iter().take(3).collect::<Vec<_>>()
    );
    assert!(file.model.format_ids.len() >= 4 && file.model.intervention_ids.len() >= 6);
    for id in [
        "armed_conflict",
        "regime_collapse",
        "denuclearisation_path",
        "freeze",
        "stalemate",
    ] {
        assert!(
            file.model.outcome_ids.iter().any(|o| o == id),
            "outcome {id}"
        );
    }
    // The check bites: strip one source and a warning names its line.
    let needle = "capability = { dist = \"triangular\", low = 0.12164623, mode = 0.12164623, high = 0.13325359, source = ";
    let at = SHIPPED.find(needle).expect("USA capability line");
    let line = SHIPPED[..at].matches('\n').count() + 1;
    let end = at + SHIPPED[at..].find('\n').expect("line end");
    let edited = format!("{}capability = 0.1216{}", &SHIPPED[..at], &SHIPPED[end..]);
    let file = parse(&edited, "edited.toml").expect("compiles");
    assert_eq!(file.warnings.len(), 1);
    assert!(
        file.warnings[0]
            .to_string()
            .starts_with(&format!("edited.toml:{line}:")),
        "{}",
        file.warnings[0]
    );
}

fn error_of(edit: (&str, &str)) -> String {
    assert!(
        SHIPPED.contains(edit.0),
        "fixture text {:?} not found",
        edit.0
    );
    let text = SHIPPED.replacen(edit.0, edit.1, 1);
    parse(&text, "bad.toml").expect_err("must fail").to_string()
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle")]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn validation_names_file_line_column_and_problem() {
    // Unknown actor in a forum: points at the member string.
    let e = error_of((
        "members = [\"USA\", \"CHN\", \"KOR\", \"JPN\", \"RUS\"]",
        "members = [\"USA\", \"CHN\", \"KOR\", \"JPN\", \"RUX\"]",
    ));
    let line = line_of(
        SHIPPED,
        "members = [\"USA\", \"CHN\", \"KOR\", \"JPN\", \"RUS\"]",
    );
    assert!(e.starts_with(&format!("bad.toml:{line}:")), "{e}");
    assert!(e.contains("unknown actor `RUX`"), "{e}");
    // A rule that refers to nothing: the column is the unknown name's.
    let e = error_of(("rule = \"count_war >= 1\"", "rule = \"count_wars >= 1\""));
    let line = line_of(SHIPPED, "rule = \"count_war >= 1\"");
    assert_eq!(
        e,
        format!("bad.toml:{line}:9: `count_wars` refers to nothing in this scenario")
    );
    // Saliences over 100.
    let e = error_of((
        "salience = { dist = \"triangular\", low = 30, mode = 40, high = 50",
        "salience = { dist = \"triangular\", low = 60, mode = 70, high = 80",
    ));
    assert!(
        e.contains("saliences of PRK sum to") && e.contains("over 100"),
        "{e}"
    );
    // Malformed TOML and unknown keys.
    let e = error_of(("rounds = 24", "rounds = = 24"));
    assert!(e.starts_with("bad.toml:"), "{e}");
    let e = error_of((
        "persist = true\nsource = \"seed P1.S2, P2.S3\"",
        "persits = true\nsource = \"seed P1.S2, P2.S3\"",
    ));
    assert!(e.contains("unknown key `persits`"), "{e}");
    // A missing fallback makes 'exactly one outcome per run' impossible.
    let e = error_of(("kind = \"fallback\"", "kind = \"terminal\""));
    assert!(e.contains("needs a rule"), "{e}");
}

#[test]
fn interventions_move_the_outcomes_they_should() {
    let model = shipped();
    let f = model.format_index("china_pressure").expect("format");
    let base = simulate(&model, &[f], &[], 3, 0..400).expect("runs");
    let iv = model
        .intervention_index("close_russian_loophole")
        .expect("intervention");
    let closed = simulate(&model, &[f], &[iv], 3, 0..400).expect("runs");
    assert_ne!(
        base.counts, closed.counts,
        "closing the loophole changes something"
    );
}
