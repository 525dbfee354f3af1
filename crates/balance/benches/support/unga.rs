//! The UN General Assembly voting network of one year, read from `../shared/data/states/`
//! (Voeten, Strezhnev & Bailey via the `unvotes` package; see that folder's PROVENANCE.md).
//!
//! Agreement of a pair = share of the year's roll calls on which both states recorded a vote
//! (yes, no or abstain) and voted alike; pairs with fewer than 10 such roll calls get no edge.
//! Signs by terciles of the agreement over all pairs: the top third +1 (high agreement), the
//! bottom third -1 (low agreement), the middle third no edge.

use intrigue_balance::SignedGraph;
use std::collections::HashMap;
use std::path::Path;

/// The signed UNGA network of `year`, with state names; `None` when the data is absent.
pub fn unga_network(states_dir: &Path, year: &str) -> Option<(Vec<String>, SignedGraph)> {
    let calls = std::fs::read_to_string(states_dir.join("un_roll_calls.csv")).ok()?;
    let votes = std::fs::read_to_string(states_dir.join("un_votes.csv")).ok()?;
    // rcid -> in year? (rcid, session, importantvote, date are the first four plain fields)
    let mut in_year: HashMap<String, usize> = HashMap::new();
    for line in calls.lines().skip(1) {
        let f: Vec<&str> = line.splitn(5, ',').collect();
        if f.len() >= 4 && f[3].starts_with(year) {
            let k = in_year.len();
            in_year.insert(normal_rcid(f[0]), k);
        }
    }
    let r = in_year.len();
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut ballots: Vec<Vec<u8>> = Vec::new(); // per state, per roll call: 0 none, 1 yes, 2 no, 3 abstain
    for line in votes.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 4 {
            continue;
        }
        let Some(&call) = in_year.get(&normal_rcid(f[0])) else {
            continue;
        };
        let v = match f[3] {
            "yes" => 1,
            "no" => 2,
            "abstain" => 3,
            _ => continue,
        };
        let s = *index.entry(f[1].to_string()).or_insert_with(|| {
            names.push(f[1].to_string());
            ballots.push(vec![0; r]);
            names.len() - 1
        });
        ballots[s][call] = v;
    }
    let n = names.len();
    let mut pairs = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let (mut joint, mut same) = (0u32, 0u32);
            for (x, y) in ballots[a].iter().zip(&ballots[b]) {
                if *x != 0 && *y != 0 {
                    joint += 1;
                    same += u32::from(x == y);
                }
            }
            if joint >= 10 {
                pairs.push((a, b, f64::from(same) / f64::from(joint)));
            }
        }
    }
    let mut sorted: Vec<f64> = pairs.iter().map(|p| p.2).collect();
    sorted.sort_by(f64::total_cmp);
    let low = sorted[sorted.len() / 3];
    let high = sorted[2 * sorted.len() / 3];
    let edges: Vec<(usize, usize, i8)> = pairs
        .iter()
        .filter_map(|&(a, b, x)| {
            if x >= high {
                Some((a, b, 1))
            } else if x < low {
                Some((a, b, -1))
            } else {
                None
            }
        })
        .collect();
    Some((names, SignedGraph::from_signs(n, &edges).ok()?))
}

/// "3.0" and "3" name the same roll call.
fn normal_rcid(s: &str) -> String {
    s.trim().trim_end_matches(".0").to_string()
}
