//! A large sparse planted-bloc graph: `cargo run --release -p intrigue-balance --example planted
//! [NODES] [EDGES] [NOISE]` — two blocs, random pairs, each sign flipped with probability NOISE.

use intrigue_balance::{frustration, FrustrationOptions, SignedGraph};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::collections::HashSet;
use std::time::Instant;

fn main() {
    let arg = |i: usize, d: f64| {
        std::env::args()
            .nth(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    let (n, m, noise) = (
        arg(1, 3000.0) as usize,
        arg(2, 15000.0) as usize,
        arg(3, 0.02),
    );
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let side: Vec<u8> = (0..n).map(|_| rng.random_range(0..2u8)).collect();
    let mut seen = HashSet::new();
    let mut edges = Vec::new();
    while edges.len() < m {
        let (u, v) = (rng.random_range(0..n), rng.random_range(0..n));
        if u == v || !seen.insert((u.min(v), u.max(v))) {
            continue;
        }
        let mut s: i8 = if side[u] == side[v] { 1 } else { -1 };
        if rng.random_bool(noise) {
            s = -s;
        }
        edges.push((u, v, s));
    }
    let g = SignedGraph::from_signs(n, &edges).expect("valid");
    let t = Instant::now();
    let ls = intrigue_balance::frustration::local_search(&g, 1, 16).0;
    println!("local search {ls} in {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let cp = intrigue_balance::frustration::cycle_packing_bound(&g);
    println!("cycle packing {cp} in {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let f = frustration(&g, &FrustrationOptions::default());
    println!(
        "planted n={n} m={m} noise={noise}: index {} lower {} exact {} in {:.3} s",
        f.index,
        f.lower_bound,
        f.exact,
        t.elapsed().as_secs_f64()
    );
}
