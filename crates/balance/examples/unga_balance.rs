//! Structural balance of one year's UNGA voting network: `cargo run --release -p
//! intrigue-balance --example unga_balance [YEAR]` (needs ../shared/data/states).

#[path = "../benches/support/unga.rs"]
mod unga;

use intrigue_balance::{frustration, triangle_balance, FrustrationOptions};
use std::time::Instant;

fn main() {
    let year = std::env::args().nth(1).unwrap_or_else(|| "2017".into());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/states");
    let Some((names, g)) = unga::unga_network(&dir, &year) else {
        println!("../shared/data/states absent: nothing to do");
        return;
    };
    println!(
        "UNGA {year}: {} states, {} edges ({} negative)",
        names.len(),
        g.edge_count(),
        g.negative_edge_count()
    );
    let t = Instant::now();
    let (ub, _) = intrigue_balance::frustration::local_search(&g, 1, 16);
    println!("local search: {ub} in {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let lb = intrigue_balance::frustration::cycle_packing_bound(&g);
    println!("cycle packing: {lb} in {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let f = frustration(&g, &FrustrationOptions::default());
    println!(
        "frustration: index {} lower {} exact {} in {:.3} s",
        f.index,
        f.lower_bound,
        f.exact,
        t.elapsed().as_secs_f64()
    );
    if let Some(tb) = triangle_balance(&g) {
        println!("triangle balance {:.4}", tb.share);
    }
}
