//! The frustration index (line index of balance): the least number of edges whose removal (or sign
//! change) makes a signed graph balanced, equivalently the fewest edges frustrated by a two-bloc
//! partition (Harary 1959; the exact problem as posed by Aref, Mason & Wilson 2020). Edges are
//! counted, not weighted, as in signnet.
//!
//! Strategy: peel the graph to its 2-core (a node of degree one can always satisfy its edge), split
//! the core into connected components (the index is additive over them), then per component:
//! - up to [`FrustrationOptions::enumerate_up_to`] nodes, exhaustive Gray-code enumeration of the
//!   2^(n-1) partitions with node 0 fixed, an O(1) bitset update per flip;
//! - beyond, an upper bound from iterated local search and an exact branch and bound in the manner
//!   of Russian doll search (Verfaillie, Lemaître & Schiex 1996): the subgraphs induced by the
//!   suffixes of a static node order are solved from the smallest up, each exact value bounding the
//!   larger searches. A search-node budget keeps the run finite; if it is spent, the result carries
//!   a certified lower bound (the best of the largest solved suffix and a packing of edge-disjoint
//!   negative cycles, each of which must contain a frustrated edge) and the gap. Components over
//!   [`FrustrationOptions::exact_search_up_to`] nodes get those bounds without the search.

use crate::graph::SignedGraph;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Settings of [`frustration`]. Defaults are deterministic for a given `seed`.
#[derive(Debug, Clone, PartialEq)]
pub struct FrustrationOptions {
    /// Seed of the local search.
    pub seed: u64,
    /// Starts of the iterated local search, per component.
    pub restarts: usize,
    /// Components with at most this many nodes are solved by enumeration (at most 34).
    pub enumerate_up_to: usize,
    /// Branch-and-bound search nodes allowed over the whole graph before giving bounds.
    pub node_budget: u64,
    /// Components larger than this get bounds only (local search and cycle packing), no branch
    /// and bound: Russian doll search solves one subproblem per node.
    pub exact_search_up_to: usize,
}

impl Default for FrustrationOptions {
    fn default() -> Self {
        FrustrationOptions {
            seed: 1,
            restarts: 16,
            enumerate_up_to: 26,
            node_budget: 400_000_000,
            exact_search_up_to: 5000,
        }
    }
}

/// The frustration index with an optimal (or best found) two-bloc partition.
#[derive(Debug, Clone, PartialEq)]
pub struct Frustration {
    /// Frustrated edges of `partition`: the index when `exact`, else an upper bound.
    pub index: usize,
    /// A proven lower bound (equal to `index` when `exact`).
    pub lower_bound: usize,
    pub exact: bool,
    /// Bloc of each node, 0 or 1.
    pub partition: Vec<u8>,
    /// Indices of the edges frustrated by `partition`, in edge order.
    pub frustrated_edges: Vec<usize>,
}

impl Frustration {
    /// Upper minus lower bound (0 when exact).
    pub fn gap(&self) -> usize {
        self.index - self.lower_bound
    }
}

/// Queue pops allowed to the long-cycle phase of [`cycle_packing_bound`].
const PACKING_WORK: u64 = 300_000_000;

/// Largest graph [`enumerate`] accepts.
pub const ENUMERATE_MAX: usize = 34;

/// Exact frustration index and an optimal partition by Gray-code enumeration over the 2^(n-1)
/// partitions with node 0 in bloc 0. `None` when the graph has more than [`ENUMERATE_MAX`] nodes.
pub fn enumerate(g: &SignedGraph) -> Option<(usize, Vec<u8>)> {
    let n = g.node_count();
    if n > ENUMERATE_MAX {
        return None;
    }
    if n <= 1 {
        return Some((0, vec![0; n]));
    }
    // Per node: all neighbours, and the positive ones. A neighbour u of v is frustrated when
    // (u positive) xor (u on v's side) -- one popcount of nb & (set ^ pos ^ [v in bloc 0]).
    let mut nb = [0u64; 64];
    let mut pos = [0u64; 64];
    let mut deg = [0i32; 64];
    for e in g.edges() {
        nb[e.u] |= 1 << e.v;
        nb[e.v] |= 1 << e.u;
        if e.weight > 0.0 {
            pos[e.u] |= 1 << e.v;
            pos[e.v] |= 1 << e.u;
        }
        deg[e.u] += 1;
        deg[e.v] += 1;
    }
    // All nodes in bloc 0: exactly the negative edges are frustrated.
    let mut cost = g.negative_edge_count() as i32;
    let mut best = cost;
    let mut best_set = 0u64;
    let mut set = 0u64; // bit v set: node v in bloc 1
    let steps: u64 = 1u64 << (n - 1);
    for t in 1..steps {
        let v = (t.trailing_zeros() as usize + 1) & 63;
        // All ones when v is in bloc 0 (its side is the complement of `set`).
        let side0 = ((set >> v) & 1).wrapping_sub(1);
        let frustrated = (nb[v] & (set ^ pos[v] ^ side0)).count_ones() as i32;
        // Flipping v toggles the state of each of its edges.
        cost += deg[v] - 2 * frustrated;
        set ^= 1 << v;
        if cost < best {
            best = cost;
            best_set = set;
            if best == 0 {
                break;
            }
        }
    }
    let partition = (0..n).map(|v| (best_set >> v & 1) as u8).collect();
    Some((best as usize, partition))
}

/// Incremental state of a partition: each node's count of frustrated edges, a work queue of
/// nodes whose gain may have changed, and a log of flips (to undo a rejected perturbation).
struct Flipper<'a> {
    g: &'a SignedGraph,
    side: Vec<u8>,
    frust: Vec<u32>,
    cost: usize,
    queued: Vec<bool>,
    queue: Vec<usize>,
    log: Vec<usize>,
}

impl<'a> Flipper<'a> {
    fn new(g: &'a SignedGraph, side: Vec<u8>) -> Self {
        let n = g.node_count();
        let mut frust = vec![0u32; n];
        let mut cost = 0;
        for (i, e) in g.edges().iter().enumerate() {
            if g.is_frustrated(i, &side) {
                frust[e.u] += 1;
                frust[e.v] += 1;
                cost += 1;
            }
        }
        Flipper {
            g,
            side,
            frust,
            cost,
            queued: vec![false; n],
            queue: Vec::new(),
            log: Vec::new(),
        }
    }

    #[inline]
    fn gain(&self, v: usize) -> i64 {
        2 * i64::from(self.frust[v]) - self.g.degree(v) as i64
    }

    #[inline]
    fn enqueue(&mut self, v: usize) {
        if !self.queued[v] {
            self.queued[v] = true;
            self.queue.push(v);
        }
    }

    /// Flip `v`; its neighbours join the queue and the flip is logged.
    fn flip(&mut self, v: usize) {
        let sv = self.side[v];
        let g = self.g;
        for a in g.neighbours(v) {
            let u = a.node as usize;
            let was = (a.sign > 0) != (self.side[u] == sv);
            if was {
                self.frust[u] -= 1;
            } else {
                self.frust[u] += 1;
            }
            self.enqueue(u);
        }
        let d = g.degree(v) as u32;
        self.cost = self.cost + d as usize - 2 * self.frust[v] as usize;
        self.frust[v] = d - self.frust[v];
        self.side[v] ^= 1;
        self.log.push(v);
    }

    /// Flip improving nodes until none is left (a local optimum of single flips), looking only
    /// at queued nodes: those whose gain may have changed.
    fn descend(&mut self) {
        while let Some(v) = self.queue.pop() {
            self.queued[v] = false;
            if self.gain(v) > 0 {
                self.flip(v);
            }
        }
    }

    /// Undo every logged flip, newest first.
    fn undo(&mut self) {
        while let Some(v) = self.log.pop() {
            self.flip(v);
            self.log.pop();
        }
        for &v in &self.queue {
            self.queued[v] = false;
        }
        self.queue.clear();
    }
}

/// A partition that satisfies every edge of a spanning forest grown by breadth-first search from
/// `root` (balanced graphs are solved outright by it).
fn tree_partition(g: &SignedGraph, root: usize) -> Vec<u8> {
    let n = g.node_count();
    let mut side = vec![u8::MAX; n];
    let mut queue = std::collections::VecDeque::new();
    for start in std::iter::once(root).chain(0..n) {
        if side[start] != u8::MAX {
            continue;
        }
        side[start] = 0;
        queue.push_back(start);
        while let Some(v) = queue.pop_front() {
            for a in g.neighbours(v) {
                let u = a.node as usize;
                if side[u] == u8::MAX {
                    side[u] = if a.sign > 0 { side[v] } else { side[v] ^ 1 };
                    queue.push_back(u);
                }
            }
        }
    }
    side
}

/// An upper bound on the frustration index by iterated local search: `restarts` starts (spanning
/// tree partitions from random roots, then random partitions), each descended by improving single
/// flips and perturbed by random flips, keeping the best. Deterministic for a given `seed`.
pub fn local_search(g: &SignedGraph, seed: u64, restarts: usize) -> (usize, Vec<u8>) {
    let n = g.node_count();
    if n == 0 {
        return (0, Vec::new());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut best: Option<(usize, Vec<u8>)> = None;
    let iterations = 20 * n + 200;
    let kick = (n / 25).clamp(2, 12);
    for start in 0..restarts.max(1) {
        let side = if start % 2 == 0 {
            tree_partition(g, rng.random_range(0..n))
        } else {
            (0..n).map(|_| rng.random_range(0..2u8)).collect()
        };
        let mut f = Flipper::new(g, side);
        (0..n).for_each(|v| f.enqueue(v));
        f.descend();
        f.log.clear();
        // Iterated local search: kick, descend, keep if no worse, else undo.
        for _ in 0..iterations {
            if f.cost == 0 {
                break;
            }
            let before = f.cost;
            for _ in 0..kick {
                let v = rng.random_range(0..n);
                f.flip(v);
                f.enqueue(v);
            }
            f.descend();
            if f.cost <= before {
                f.log.clear();
            } else {
                f.undo();
            }
        }
        let here = (f.cost, f.side);
        if best.as_ref().is_none_or(|b| here.0 < b.0) {
            best = Some(here);
        }
        if best.as_ref().is_some_and(|b| b.0 == 0) {
            break;
        }
    }
    best.expect("at least one start")
}

/// A lower bound: the size of a greedy packing of edge-disjoint negative cycles (sign product -1).
/// Every such cycle holds at least one frustrated edge under any partition. Negative triangles are
/// packed first, then shortest negative cycles through each remaining edge.
pub fn cycle_packing_bound(g: &SignedGraph) -> usize {
    packing_avoiding(g, vec![false; g.edge_count()])
}

/// [`cycle_packing_bound`] over the edges not marked in `used`.
fn packing_avoiding(g: &SignedGraph, mut used: Vec<bool>) -> usize {
    let n = g.node_count();
    let mut count = 0;
    // Triangles u < v < w.
    for u in 0..n {
        for a in g.neighbours(u) {
            let v = a.node as usize;
            if v <= u || used[a.edge as usize] {
                continue;
            }
            let (nu, nv) = (g.neighbours(u), g.neighbours(v));
            let (mut i, mut j) = (0, 0);
            while i < nu.len() && j < nv.len() {
                let (x, y) = (nu[i], nv[j]);
                if x.node < y.node {
                    i += 1;
                } else if x.node > y.node {
                    j += 1;
                } else {
                    let w = x.node as usize;
                    if w > v
                        && !used[a.edge as usize]
                        && !used[x.edge as usize]
                        && !used[y.edge as usize]
                        && a.sign * x.sign * y.sign < 0
                    {
                        used[a.edge as usize] = true;
                        used[x.edge as usize] = true;
                        used[y.edge as usize] = true;
                        count += 1;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    // Longer cycles: for each unused edge (u, v) of sign s, a shortest path u -> v over unused
    // edges whose sign product is -s, searched in the parity double cover.
    let mut prev = vec![(u32::MAX, u32::MAX); 2 * n];
    let mut seen: Vec<usize> = Vec::new();
    let mut queue = std::collections::VecDeque::new();
    // Work cap (queue pops) so that huge graphs stay fast; the bound stays valid, only weaker.
    let mut work: u64 = 0;
    // Nodes of components of the unused edges found balanced: no negative cycle can use their
    // edges any more (edges are only ever taken away).
    let mut dead = vec![false; n];
    for (ei, e) in g.edges().iter().enumerate() {
        if used[ei] {
            continue;
        }
        if work > PACKING_WORK {
            break;
        }
        if dead[e.u] {
            continue;
        }
        let want: u8 = if e.weight > 0.0 { 1 } else { 0 }; // parity 1 = negative product
        for &t in &seen {
            prev[t] = (u32::MAX, u32::MAX);
        }
        seen.clear();
        queue.clear();
        let start = 2 * e.u;
        prev[start] = (start as u32, u32::MAX);
        seen.push(start);
        queue.push_back(start);
        let target = 2 * e.v + want as usize;
        let mut found = false;
        while let Some(s) = queue.pop_front() {
            work += 1;
            if s == target {
                found = true;
                break;
            }
            let (x, par) = (s / 2, (s % 2) as u8);
            for a in g.neighbours(x) {
                let ai = a.edge as usize;
                if used[ai] || ai == ei {
                    continue;
                }
                let np = par ^ u8::from(a.sign < 0);
                let t = 2 * a.node as usize + np as usize;
                if prev[t].0 == u32::MAX {
                    prev[t] = (s as u32, a.edge);
                    seen.push(t);
                    queue.push_back(t);
                }
            }
        }
        if !found {
            // If v was reached (at the other parity), the unused edges around the visited nodes
            // (this one included) hold no negative cycle: one avoiding edge ei would make its
            // component unbalanced, whose double cover is connected, so the target would have
            // been reached; one through ei is what was sought. (If v was not reached, edge ei
            // is a bridge and the rest may still hold negative cycles.)
            if prev[2 * e.v + (1 - want as usize)].0 != u32::MAX {
                for &t in &seen {
                    dead[t / 2] = true;
                }
            }
            continue;
        }
        {
            // The path may pass a node twice (once per parity), so this is a closed walk, not
            // always a cycle; that is enough: a closed walk of negative sign has a frustrated
            // edge under every partition, since unfrustrated edges multiply to +1 around it.
            let mut s = target;
            while s != start {
                let (p, edge) = prev[s];
                used[edge as usize] = true;
                s = p as usize;
            }
            used[ei] = true;
            count += 1;
        }
    }
    count
}

/// Order for the branch and bound: highest degree first, then always the node with most edges
/// to the nodes already ordered (ties by degree, then index).
fn search_order(g: &SignedGraph) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let n = g.node_count();
    let mut placed = vec![false; n];
    let mut links = vec![0usize; n];
    let mut heap: BinaryHeap<(usize, usize, Reverse<usize>)> =
        (0..n).map(|v| (0, g.degree(v), Reverse(v))).collect();
    let mut order = Vec::with_capacity(n);
    // Lazy deletion: an entry is current only if its link count still matches.
    while let Some((l, _, Reverse(v))) = heap.pop() {
        if placed[v] || l != links[v] {
            continue;
        }
        placed[v] = true;
        order.push(v);
        for a in g.neighbours(v) {
            let u = a.node as usize;
            if !placed[u] {
                links[u] += 1;
                heap.push((links[u], g.degree(u), Reverse(u)));
            }
        }
    }
    order
}

/// State of the Russian doll search over one suffix.
struct Doll<'a> {
    g: &'a SignedGraph,
    /// For each node, the offset in its (sorted) adjacency of the first neighbour with a higher index.
    forward: Vec<usize>,
    rds: Vec<usize>,
    side: Vec<u8>,
    cost_if: [Vec<u32>; 2],
    sum_min: usize,
    ub: usize,
    best: Vec<u8>,
    target: usize,
    nodes: u64,
    budget: u64,
    aborted: bool,
}

impl Doll<'_> {
    #[inline]
    fn assign(&mut self, k: usize, s: u8, undo: bool) {
        let g = self.g;
        for a in &g.neighbours(k)[self.forward[k]..] {
            let u = a.node as usize;
            // The bloc of u that would frustrate this edge.
            let bad = if a.sign > 0 {
                (s ^ 1) as usize
            } else {
                s as usize
            };
            let old = self.cost_if[0][u].min(self.cost_if[1][u]) as usize;
            if undo {
                self.cost_if[bad][u] -= 1;
            } else {
                self.cost_if[bad][u] += 1;
            }
            let new = self.cost_if[0][u].min(self.cost_if[1][u]) as usize;
            self.sum_min = self.sum_min + new - old;
        }
    }

    fn dfs(&mut self, k: usize, cost: usize) {
        let n = self.g.node_count();
        if k == n {
            if cost < self.ub {
                self.ub = cost;
                self.best.copy_from_slice(&self.side);
            }
            return;
        }
        self.nodes += 1;
        if self.nodes > self.budget {
            self.aborted = true;
            return;
        }
        if cost + self.sum_min + self.rds[k] >= self.ub {
            return;
        }
        let c = [self.cost_if[0][k], self.cost_if[1][k]];
        let first = if c[1] < c[0] { 1u8 } else { 0u8 };
        self.sum_min -= c[0].min(c[1]) as usize;
        for s in [first, first ^ 1] {
            self.side[k] = s;
            self.assign(k, s, false);
            self.dfs(k + 1, cost + c[s as usize] as usize);
            self.assign(k, s, true);
            if self.aborted || self.ub <= self.target {
                break;
            }
        }
        self.sum_min += c[0].min(c[1]) as usize;
    }
}

/// Result of [`branch_and_bound`] on one connected graph.
struct Solved {
    lower: usize,
    exact: bool,
    partition: Vec<u8>,
    nodes: u64,
}

/// Exact frustration by Russian doll search, starting from the upper bound `start` (a partition).
fn branch_and_bound(g: &SignedGraph, start: &[u8], budget: u64) -> Solved {
    let n0 = g.node_count();
    let order = search_order(g);
    let (h, _) = g.induced(&order);
    let n = h.node_count();
    let start_h: Vec<u8> = order.iter().map(|&v| start[v]).collect();
    let forward = (0..n)
        .map(|k| h.neighbours(k).partition_point(|a| (a.node as usize) <= k))
        .collect();
    let mut doll = Doll {
        g: &h,
        forward,
        rds: vec![0; n + 1],
        side: vec![0; n],
        cost_if: [vec![0; n], vec![0; n]],
        sum_min: 0,
        ub: 0,
        best: vec![0; n],
        target: 0,
        nodes: 0,
        budget,
        aborted: false,
    };
    // Best partition of the previous (smaller) suffix, over all n nodes (only its tail is read).
    let mut prev = vec![0u8; n];
    let mut solved_from = n.saturating_sub(1);
    for d in (0..n.saturating_sub(1)).rev() {
        // Upper bound 1: the previous suffix's optimum with node d on its better side.
        let mut cand = prev.clone();
        let (mut c0, mut c1) = (0usize, 0usize);
        for a in &h.neighbours(d)[doll.forward[d]..] {
            let su = cand[a.node as usize];
            // Frustrated if d took bloc 0 / bloc 1.
            if (a.sign > 0) != (su == 0) {
                c0 += 1;
            }
            if (a.sign > 0) != (su == 1) {
                c1 += 1;
            }
        }
        cand[d] = if c1 < c0 { 1 } else { 0 };
        let mut ub = doll.rds[d + 1] + c0.min(c1);
        // Upper bound 2: the local search partition on this suffix.
        let suffix_cost = |p: &[u8]| {
            (d..n)
                .flat_map(|k| {
                    h.neighbours(k)[doll.forward[k]..]
                        .iter()
                        .map(move |a| (k, a))
                })
                .filter(|(k, a)| (a.sign > 0) != (p[*k] == p[a.node as usize]))
                .count()
        };
        let ls = suffix_cost(&start_h);
        if ls < ub {
            ub = ls;
            cand.copy_from_slice(&start_h);
        }
        // Node d sits in bloc 0 (symmetry); normalise the incumbent the same way.
        if cand[d] == 1 {
            cand[d..].iter_mut().for_each(|s| *s ^= 1);
        }
        doll.ub = ub;
        doll.best.copy_from_slice(&cand);
        doll.target = doll.rds[d + 1];
        if ub > doll.target {
            doll.side[d] = 0;
            doll.cost_if[0][d..].iter_mut().for_each(|c| *c = 0);
            doll.cost_if[1][d..].iter_mut().for_each(|c| *c = 0);
            doll.sum_min = 0;
            doll.assign(d, 0, false);
            doll.dfs(d + 1, 0);
            if doll.aborted {
                break;
            }
        }
        doll.rds[d] = doll.ub;
        prev.copy_from_slice(&doll.best);
        solved_from = d;
    }
    let exact = solved_from == 0 && !doll.aborted;
    let partition_h = if exact { prev } else { start_h };
    let mut partition = vec![0u8; n0];
    for (k, &v) in order.iter().enumerate() {
        partition[v] = partition_h[k];
    }
    let lower = if exact {
        g.frustration_of(&partition)
    } else {
        // The solved suffix's exact index plus a packing of negative cycles over the edges
        // outside it: the two count disjoint edge sets.
        let inside: Vec<bool> = h
            .edges()
            .iter()
            .map(|e| e.u >= solved_from && e.v >= solved_from)
            .collect();
        doll.rds[solved_from] + packing_avoiding(&h, inside)
    };
    Solved {
        lower,
        exact,
        partition,
        nodes: doll.nodes,
    }
}

/// The frustration index of `g`: exact when the search finishes within the budget, else bounds.
pub fn frustration(g: &SignedGraph, opts: &FrustrationOptions) -> Frustration {
    let n = g.node_count();
    // 2-core peeling: remember each removed node and the neighbour it still had.
    let mut deg: Vec<usize> = (0..n).map(|v| g.degree(v)).collect();
    let mut removed = vec![false; n];
    let mut peeled: Vec<(usize, Option<(usize, i8)>)> = Vec::new();
    let mut stack: Vec<usize> = (0..n).filter(|&v| deg[v] <= 1).collect();
    while let Some(v) = stack.pop() {
        if removed[v] {
            continue;
        }
        removed[v] = true;
        let anchor = g.neighbours(v).iter().find(|a| !removed[a.node as usize]);
        let anchor = anchor.map(|a| (a.node as usize, a.sign));
        if let Some((u, _)) = anchor {
            deg[u] -= 1;
            if deg[u] <= 1 {
                stack.push(u);
            }
        }
        peeled.push((v, anchor));
    }
    // Components of the core.
    let mut comp = vec![usize::MAX; n];
    let mut components: Vec<Vec<usize>> = Vec::new();
    for s in 0..n {
        if removed[s] || comp[s] != usize::MAX {
            continue;
        }
        let id = components.len();
        let mut nodes = vec![s];
        comp[s] = id;
        let mut i = 0;
        while i < nodes.len() {
            let v = nodes[i];
            i += 1;
            for a in g.neighbours(v) {
                let u = a.node as usize;
                if !removed[u] && comp[u] == usize::MAX {
                    comp[u] = id;
                    nodes.push(u);
                }
            }
        }
        nodes.sort_unstable();
        components.push(nodes);
    }
    let mut partition = vec![0u8; n];
    let mut lower = 0;
    let mut exact = true;
    let mut budget = opts.node_budget;
    for (ci, nodes) in components.iter().enumerate() {
        let (sub, _) = g.induced(nodes);
        let (part, lo, ex) = if nodes.len() <= opts.enumerate_up_to.min(ENUMERATE_MAX) {
            let (k, p) = enumerate(&sub).expect("size checked");
            (p, k, true)
        } else {
            let seed = opts.seed ^ (ci as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let (ub, p) = local_search(&sub, seed, opts.restarts);
            let packing = cycle_packing_bound(&sub);
            if packing == ub {
                (p, ub, true)
            } else if nodes.len() > opts.exact_search_up_to {
                (p, packing, false)
            } else {
                let s = branch_and_bound(&sub, &p, budget);
                budget = budget.saturating_sub(s.nodes);
                (s.partition, s.lower.max(packing), s.exact)
            }
        };
        exact &= ex;
        lower += lo;
        for (k, &v) in nodes.iter().enumerate() {
            partition[v] = part[k];
        }
    }
    // Peeled nodes back in reverse: each satisfies the one edge it had when removed.
    for &(v, anchor) in peeled.iter().rev() {
        partition[v] = match anchor {
            Some((u, s)) => {
                if s > 0 {
                    partition[u]
                } else {
                    partition[u] ^ 1
                }
            }
            None => 0,
        };
    }
    let frustrated_edges = g.frustrated_edges(&partition);
    let index = frustrated_edges.len();
    let lower_bound = if exact { index } else { lower.min(index) };
    Frustration {
        index,
        lower_bound,
        exact: exact || lower_bound == index,
        partition,
        frustrated_edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k4_all_negative() -> SignedGraph {
        let mut e = Vec::new();
        for u in 0..4 {
            for v in u + 1..4 {
                e.push((u, v, -1));
            }
        }
        SignedGraph::from_signs(4, &e).unwrap()
    }

    #[test]
    fn all_negative_k4_needs_two() {
        // Two blocs of two: the two within-bloc negative edges are frustrated.
        let g = k4_all_negative();
        assert_eq!(enumerate(&g).unwrap().0, 2);
        let f = frustration(&g, &FrustrationOptions::default());
        assert_eq!((f.index, f.exact), (2, true));
        assert_eq!(f.frustrated_edges.len(), 2);
    }

    #[test]
    fn branch_and_bound_matches_enumeration_on_a_dense_graph() {
        // A deterministic pseudo-random complete graph of 14 nodes.
        let mut e = Vec::new();
        let mut x = 12345u64;
        for u in 0..14 {
            for v in u + 1..14 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                e.push((u, v, if x >> 33 & 1 == 1 { 1 } else { -1 }));
            }
        }
        let g = SignedGraph::from_signs(14, &e).unwrap();
        let want = enumerate(&g).unwrap().0;
        let opts = FrustrationOptions {
            enumerate_up_to: 0,
            ..Default::default()
        };
        let f = frustration(&g, &opts);
        assert!(f.exact);
        assert_eq!(f.index, want);
        assert!(cycle_packing_bound(&g) <= want);
        assert!(local_search(&g, 3, 4).0 >= want);
    }

    #[test]
    fn a_spent_budget_gives_honest_bounds() {
        let mut e = Vec::new();
        let mut x = 99u64;
        for u in 0..30 {
            for v in u + 1..30 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                e.push((u, v, if x >> 33 & 1 == 1 { 1 } else { -1 }));
            }
        }
        let g = SignedGraph::from_signs(30, &e).unwrap();
        let opts = FrustrationOptions {
            enumerate_up_to: 0,
            node_budget: 1000,
            ..Default::default()
        };
        let f = frustration(&g, &opts);
        assert!(!f.exact);
        assert!(f.lower_bound < f.index);
        assert_eq!(g.frustration_of(&f.partition), f.index);
    }
}
