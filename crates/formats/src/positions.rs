//! The position-trajectory CSV of `intrigue bargain --positions-csv`, column for column the
//! `positions_fullprec.csv` that KTAB's reference runs were dumped to.

use intrigue_bargain::Negotiation;

/// The header line, exactly.
pub const HEADER: &str = "turn,actor,actor_name,dim,pos_0_100,ideal_0_100";

/// One row per turn, actor and dimension; turn 0 is the input. Numbers are on 0-100 at full
/// precision in the shortest form that reads back to the same double.
pub fn positions_csv(neg: &Negotiation, positions: &[Vec<f64>], ideals: &[Vec<f64>]) -> String {
    let (n, d) = (neg.n(), neg.d());
    let mut out = String::with_capacity(64 * positions.len() * n * d + 64);
    out.push_str(HEADER);
    out.push('\n');
    for (t, (pos, ideal)) in positions.iter().zip(ideals).enumerate() {
        for i in 0..n {
            for k in 0..d {
                use std::fmt::Write;
                let _ = writeln!(
                    out,
                    "{t},{i},{},{k},{:?},{:?}",
                    neg.actors[i],
                    pos[i * d + k] * 100.0,
                    ideal[i * d + k] * 100.0
                );
            }
        }
    }
    out
}
