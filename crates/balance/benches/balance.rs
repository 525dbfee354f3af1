//! Benchmarks of the balance crate: `cargo bench -p intrigue-balance`.
//! - `frustration/k24_exact`: a complete signed graph of 24 nodes, exact (target < 0.2 s, one core);
//! - `frustration/unga_2017`: the UNGA voting network of 2017 (193 states), certified result
//!   (target < 60 s); skipped with a notice when ../shared/data/states is absent;
//! - `frustration/cow_1946_49`: the Correlates of War network of 64 states (fixture);
//! - `frustration/planted_n3000_m15000`: two planted blocs, 15,000 random edges, 2% signs flipped;
//! - `dynamics/step_n6`, `dynamics/step_n30`: one round of relation dynamics.

#[path = "support/unga.rs"]
mod unga;

use criterion::{criterion_group, criterion_main, Criterion};
use intrigue_balance::{frustration, step, DynamicsParams, FrustrationOptions, SignedGraph};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// K_n with signs from a xorshift stream (about half negative).
fn complete_graph(n: usize, seed: u64) -> SignedGraph {
    let mut e = Vec::new();
    let mut x = seed;
    for u in 0..n {
        for v in u + 1..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            e.push((u, v, if x & 1 == 1 { 1 } else { -1 }));
        }
    }
    SignedGraph::from_signs(n, &e).expect("valid")
}

/// Two planted blocs, `m` random pairs, each sign flipped with probability `noise`.
fn planted(n: usize, m: usize, noise: f64) -> SignedGraph {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(5);
    let side: Vec<u8> = (0..n).map(|_| rng.random_range(0..2u8)).collect();
    let mut seen = std::collections::HashSet::new();
    let mut edges = Vec::new();
    while edges.len() < m {
        let (u, v) = (rng.random_range(0..n), rng.random_range(0..n));
        if u == v || !seen.insert((u.min(v), u.max(v))) {
            continue;
        }
        let s: i8 = if side[u] == side[v] { 1 } else { -1 };
        edges.push((u, v, if rng.random_bool(noise) { -s } else { s }));
    }
    SignedGraph::from_signs(n, &edges).expect("valid")
}

fn read_fixture(name: &str) -> SignedGraph {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/balance")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture present");
    let mut names: Vec<String> = Vec::new();
    let mut e = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let mut id = |s: &str| match names.iter().position(|n| n == s) {
            Some(i) => i,
            None => {
                names.push(s.to_string());
                names.len() - 1
            }
        };
        let (u, v) = (id(f[0]), id(f[1]));
        e.push((u, v, if f[2].trim() == "-1" { -1 } else { 1 }));
    }
    SignedGraph::from_signs(names.len(), &e).expect("valid")
}

fn report(label: &str, g: &SignedGraph) {
    let t = Instant::now();
    let f = frustration(g, &FrustrationOptions::default());
    let verdict = if f.exact {
        format!("exact {}", f.index)
    } else {
        format!("bounds {}..{} (gap {})", f.lower_bound, f.index, f.gap())
    };
    println!(
        "{label}: {} nodes, {} edges ({} negative): frustration {verdict}, one run {:.3} s",
        g.node_count(),
        g.edge_count(),
        g.negative_edge_count(),
        t.elapsed().as_secs_f64()
    );
}

fn frustration_benches(c: &mut Criterion) {
    let k24 = complete_graph(24, 2024);
    report("k24_exact", &k24);
    let cow = read_fixture("real-cow-1946-1949.csv");
    report("cow_1946_49", &cow);
    let mut group = c.benchmark_group("frustration");
    group.sample_size(10);
    group.bench_function("k24_exact", |b| {
        b.iter(|| frustration(black_box(&k24), &FrustrationOptions::default()))
    });
    group.bench_function("cow_1946_49", |b| {
        b.iter(|| frustration(black_box(&cow), &FrustrationOptions::default()))
    });
    let states = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/states");
    match unga::unga_network(&states, "2017") {
        Some((_, g)) => {
            report("unga_2017", &g);
            group.bench_function("unga_2017", |b| {
                b.iter(|| frustration(black_box(&g), &FrustrationOptions::default()))
            });
        }
        None => println!("unga_2017: skipped, ../shared/data/states is absent"),
    }
    let sparse = planted(3000, 15_000, 0.02);
    report("planted_n3000_m15000", &sparse);
    group.bench_function("planted_n3000_m15000", |b| {
        b.iter(|| frustration(black_box(&sparse), &FrustrationOptions::default()))
    });
    group.finish();
}

fn dynamics_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("dynamics");
    for n in [6usize, 30] {
        let nn = n * n;
        let mut r: Vec<f64> = (0..nn)
            .map(|k| ((k * 37 % 19) as f64 / 9.5) - 1.0)
            .collect();
        let base = r.clone();
        let imp = vec![0.01; nn];
        let noise: Vec<f64> = (0..nn).map(|k| ((k * 13 % 7) as f64 - 3.0) / 3.0).collect();
        let mut scratch = vec![0.0; nn];
        let p = DynamicsParams {
            noise_scale: 0.05,
            ..Default::default()
        };
        group.bench_function(format!("step_n{n}"), |b| {
            b.iter(|| step(n, black_box(&mut r), &base, &imp, &noise, &p, &mut scratch))
        });
    }
    group.finish();
}

criterion_group!(benches, frustration_benches, dynamics_benches);
criterion_main!(benches);
