//! Test and bench helpers: a minimal reader of the `source,target,sign` edge lists in
//! `fixtures/balance/` (the balance crate itself does no I/O; the full reader is in
//! intrigue-formats, which depends on this crate).
#![allow(dead_code)]

use intrigue_balance::SignedGraph;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/balance")
}

/// Read a simple edge list (no quoting); panics on bad test data.
pub fn read_signed(path: &Path) -> (Vec<String>, SignedGraph) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut edges = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let mut id = |s: &str| {
            *index.entry(s.to_string()).or_insert_with(|| {
                names.push(s.to_string());
                names.len() - 1
            })
        };
        let (u, v) = (id(f[0]), id(f[1]));
        let s: f64 = f[2].parse().expect("numeric sign");
        edges.push((u, v, if s > 0.0 { 1 } else { -1 }));
    }
    let g = SignedGraph::from_signs(names.len(), &edges).expect("valid graph");
    (names, g)
}
