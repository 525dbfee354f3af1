//! Property tests of the frustration index, balance measures and dynamics on random signed graphs.

use intrigue_balance::frustration::{cycle_packing_bound, enumerate, local_search};
use intrigue_balance::{
    frustration, step, triangle_balance, walk_balance, DynamicsParams, FrustrationOptions,
    SignedGraph,
};
use proptest::prelude::*;

/// A random signed graph: n nodes, each pair an edge with some probability, random signs.
fn graph(max_n: usize) -> impl Strategy<Value = SignedGraph> {
    (2..=max_n).prop_flat_map(|n| {
        let pairs = n * (n - 1) / 2;
        (Just(n), proptest::collection::vec(0u8..4, pairs)).prop_map(|(n, cells)| {
            let mut e = Vec::new();
            let mut k = 0;
            for u in 0..n {
                for v in u + 1..n {
                    match cells[k] {
                        1 => e.push((u, v, 1)),
                        2 | 3 => e.push((u, v, if cells[k] == 2 { -1 } else { 1 })),
                        _ => {}
                    }
                    k += 1;
                }
            }
            SignedGraph::from_signs(n, &e).unwrap()
        })
    })
}

fn bb_only() -> FrustrationOptions {
    FrustrationOptions {
        enumerate_up_to: 0,
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn balanced_graph_has_index_zero(n in 2usize..16, bits in any::<u64>(), keep in any::<u64>()) {
        // Signs agree with a planted partition: positive within, negative across.
        let side: Vec<u8> = (0..n).map(|v| (bits >> v & 1) as u8).collect();
        let mut e = Vec::new();
        let mut k = 0;
        for u in 0..n {
            for v in u + 1..n {
                if keep.rotate_left(k) & 1 == 1 {
                    e.push((u, v, if side[u] == side[v] { 1 } else { -1 }));
                }
                k += 1;
            }
        }
        let g = SignedGraph::from_signs(n, &e).unwrap();
        for opts in [FrustrationOptions::default(), bb_only()] {
            let f = frustration(&g, &opts);
            prop_assert!(f.exact);
            prop_assert_eq!(f.index, 0);
        }
        if g.edge_count() > 0 {
            prop_assert!((walk_balance(&g, false).unwrap() - 1.0).abs() < 1e-9);
        }
        if let Some(t) = triangle_balance(&g) {
            prop_assert_eq!(t.balanced, t.triangles);
        }
    }

    #[test]
    fn switching_leaves_measures_unchanged(g in graph(12), at in any::<usize>()) {
        let v = at % g.node_count();
        let s = g.switched(v);
        prop_assert_eq!(enumerate(&g).unwrap().0, enumerate(&s).unwrap().0);
        prop_assert_eq!(frustration(&g, &bb_only()).index, frustration(&s, &bb_only()).index);
        prop_assert_eq!(
            triangle_balance(&g).map(|t| t.balanced),
            triangle_balance(&s).map(|t| t.balanced)
        );
        let (a, b) = (walk_balance(&g, false).unwrap(), walk_balance(&s, false).unwrap());
        prop_assert!((a - b).abs() < 1e-9, "{} vs {}", a, b);
    }

    #[test]
    fn index_is_consistent_and_bounded(g in graph(14)) {
        let (exact, p) = enumerate(&g).unwrap();
        prop_assert_eq!(g.frustration_of(&p), exact);
        for opts in [FrustrationOptions::default(), bb_only()] {
            let f = frustration(&g, &opts);
            prop_assert!(f.exact);
            prop_assert_eq!(f.index, exact, "branch and bound agrees with enumeration");
            prop_assert_eq!(f.frustrated_edges.len(), f.index);
            prop_assert_eq!(g.frustrated_edges(&f.partition), f.frustrated_edges.clone());
            prop_assert!(f.partition.iter().all(|&s| s <= 1));
        }
        prop_assert!(exact <= g.negative_edge_count());
        prop_assert!(exact <= g.edge_count() / 2);
        prop_assert!(cycle_packing_bound(&g) <= exact);
        prop_assert!(local_search(&g, 7, 2).0 >= exact);
        // Same seed, same answer.
        prop_assert_eq!(local_search(&g, 7, 2), local_search(&g, 7, 2));
    }

    #[test]
    fn budgeted_search_gives_valid_bounds(g in graph(24), budget in 1u64..2000) {
        let opts = FrustrationOptions { enumerate_up_to: 0, node_budget: budget, ..Default::default() };
        let f = frustration(&g, &opts);
        let exact = frustration(&g, &FrustrationOptions::default()).index;
        prop_assert!(f.lower_bound <= exact && exact <= f.index);
        prop_assert_eq!(f.exact, f.lower_bound == f.index);
        prop_assert_eq!(g.frustration_of(&f.partition), f.index);
    }

    #[test]
    fn dynamics_stay_in_range(
        n in 3usize..8,
        vals in proptest::collection::vec(-1.0f64..=1.0, 64 * 4),
        gains in proptest::collection::vec(0.0f64..3.0, 4),
    ) {
        let nn = n * n;
        let mut r: Vec<f64> = vals[..nn].to_vec();
        let base = vals[64..64 + nn].to_vec();
        let imp: Vec<f64> = vals[128..128 + nn].iter().map(|x| 3.0 * x).collect();
        let noise = vals[192..192 + nn].to_vec();
        let p = DynamicsParams {
            impulse_gain: gains[0],
            reversion_rate: gains[1],
            balance_gain: gains[2],
            noise_scale: gains[3],
        };
        let mut scratch = vec![0.0; nn];
        for _ in 0..5 {
            step(n, &mut r, &base, &imp, &noise, &p, &mut scratch);
        }
        prop_assert!(r.iter().all(|x| (-1.0..=1.0).contains(x)));
        prop_assert!((0..n).all(|i| r[i * n + i] == 0.0));
    }
}

#[test]
fn complete_graph_of_24_is_solved_exactly() {
    // K24 with pseudo-random signs: enumeration with node 0 fixed, 2^23 partitions.
    let mut e = Vec::new();
    let mut x = 2024u64;
    for u in 0..24 {
        for v in u + 1..24 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            e.push((u, v, if x & 1 == 1 { 1 } else { -1 }));
        }
    }
    let g = SignedGraph::from_signs(24, &e).unwrap();
    let f = frustration(&g, &FrustrationOptions::default());
    assert!(f.exact);
    assert!(f.index <= g.edge_count() / 2);
    assert!(local_search(&g, 1, 8).0 >= f.index);
}

#[test]
fn balance_pressure_drives_towards_balance() {
    // Marvel et al. 2011: from an unbalanced random start, X' = X^2 tends to a balanced state.
    // 8 actors, strong pressure, no reversion: the share of balanced triangles must rise to 1.
    let n = 8;
    let mut x = 77u64;
    let mut r = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = ((x >> 11) as f64 / (1u64 << 53) as f64) * 0.2 - 0.1;
            r[i * n + j] = v;
            r[j * n + i] = v;
        }
    }
    let share = |r: &[f64]| {
        let rel = intrigue_balance::Relations::from_values(n, r.to_vec()).unwrap();
        triangle_balance(&rel.signed_graph(0.0)).unwrap().share
    };
    let before = share(&r);
    let zero = vec![0.0; n * n];
    let mut scratch = vec![0.0; n * n];
    let p = DynamicsParams {
        impulse_gain: 0.0,
        reversion_rate: 0.0,
        balance_gain: 1.0,
        noise_scale: 0.0,
    };
    for _ in 0..200 {
        step(n, &mut r, &zero, &zero, &[], &p, &mut scratch);
    }
    let after = share(&r);
    assert!(before < 1.0, "start is unbalanced ({before})");
    assert_eq!(after, 1.0, "pressure reached balance");
}
