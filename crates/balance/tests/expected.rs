//! The graphs with known exact answers (`fixtures/balance/`, copied from `shared/data/balance/`)
//! reproduced: nodes, edges, negative edges, frustration index (exact) and triangle balance.

mod common;

use intrigue_balance::{frustration, triangle_balance, walk_balance, FrustrationOptions};

#[test]
fn every_expected_file_is_reproduced() {
    let dir = common::fixtures();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".expected.json").map(str::to_string))
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        7,
        "all seven shared graphs are in the fixtures"
    );
    for name in &names {
        let (_, g) = common::read_signed(&dir.join(format!("{name}.csv")));
        let text = std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap();
        let want: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            g.node_count() as u64,
            want["nodes"].as_u64().unwrap(),
            "{name} nodes"
        );
        assert_eq!(
            g.edge_count() as u64,
            want["edges"].as_u64().unwrap(),
            "{name} edges"
        );
        assert_eq!(
            g.negative_edge_count() as u64,
            want["negative_edges"].as_u64().unwrap()
        );
        // Once with the default strategy, once forcing branch and bound on every component.
        for opts in [
            FrustrationOptions::default(),
            FrustrationOptions {
                enumerate_up_to: 0,
                ..Default::default()
            },
        ] {
            let f = frustration(&g, &opts);
            assert!(f.exact, "{name}");
            assert_eq!(
                f.index as u64,
                want["frustration_index"].as_u64().unwrap(),
                "{name}"
            );
            assert_eq!(g.frustration_of(&f.partition), f.index);
        }
        let tb = triangle_balance(&g);
        match want["triangle_balance"].as_f64() {
            Some(t) => assert!((tb.unwrap().share - t).abs() < 1e-12, "{name} triangles"),
            None => assert!(tb.is_none()),
        }
        let k = walk_balance(&g, false).unwrap();
        assert!(k > 0.0 && k <= 1.0 + 1e-12, "{name} walk balance {k}");
        if want["frustration_index"].as_u64() == Some(0) {
            assert!((k - 1.0).abs() < 1e-9, "balanced graph has K = 1");
        }
    }
}

/// The same check straight from `../shared` when it is there (the fixtures are copies).
#[test]
fn shared_files_match_the_fixtures() {
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/balance");
    if !shared.is_dir() {
        eprintln!("note: ../shared/data/balance absent; checked the fixtures only");
        return;
    }
    for entry in std::fs::read_dir(common::fixtures()).unwrap() {
        let name = entry.unwrap().file_name();
        if name == "PROVENANCE.md" {
            continue;
        }
        let ours = std::fs::read(common::fixtures().join(&name)).unwrap();
        let theirs = std::fs::read(shared.join(&name)).unwrap();
        assert_eq!(ours, theirs, "{name:?} differs from the shared copy");
    }
}
