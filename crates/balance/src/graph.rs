//! Undirected signed (weighted) graphs: nodes by index, each unordered pair at most once.

use std::fmt;

/// An undirected edge between nodes `u` and `v`; the sign of `weight` is the relation's sign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub u: usize,
    pub v: usize,
    pub weight: f64,
}

impl Edge {
    /// +1 for a positive tie, -1 for a negative one.
    #[inline]
    pub fn sign(&self) -> i8 {
        if self.weight > 0.0 {
            1
        } else {
            -1
        }
    }
}

/// Why a list of edges is not a signed graph.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphError {
    NodeOutOfRange { edge: usize, node: usize },
    SelfLoop { edge: usize, node: usize },
    DuplicatePair { first: usize, second: usize },
    ZeroOrNotFinite { edge: usize },
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::NodeOutOfRange { edge, node } => {
                write!(f, "edge {edge} names node {node}, beyond the node count")
            }
            GraphError::SelfLoop { edge, node } => {
                write!(f, "edge {edge} is a self-loop on node {node}")
            }
            GraphError::DuplicatePair { first, second } => {
                write!(f, "edge {second} repeats the pair of edge {first}")
            }
            GraphError::ZeroOrNotFinite { edge } => {
                write!(f, "edge {edge} has a zero or non-finite weight")
            }
        }
    }
}

impl std::error::Error for GraphError {}

/// One entry of a node's adjacency: the neighbour, the edge index and the edge's sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Adj {
    pub node: u32,
    pub edge: u32,
    pub sign: i8,
}

/// An undirected signed graph with weights, stored as an edge list plus compressed adjacency
/// (neighbours of each node sorted by index).
#[derive(Debug, Clone)]
pub struct SignedGraph {
    n: usize,
    edges: Vec<Edge>,
    offsets: Vec<usize>,
    adj: Vec<Adj>,
}

impl SignedGraph {
    /// A graph of `n` nodes. Rejects self-loops, repeated pairs (in either order), zero or
    /// non-finite weights and nodes beyond `n`.
    pub fn new(n: usize, edges: Vec<Edge>) -> Result<Self, GraphError> {
        let mut seen = std::collections::HashMap::with_capacity(edges.len());
        for (i, e) in edges.iter().enumerate() {
            for node in [e.u, e.v] {
                if node >= n {
                    return Err(GraphError::NodeOutOfRange { edge: i, node });
                }
            }
            if e.u == e.v {
                return Err(GraphError::SelfLoop { edge: i, node: e.u });
            }
            if !e.weight.is_finite() || e.weight == 0.0 {
                return Err(GraphError::ZeroOrNotFinite { edge: i });
            }
            let key = (e.u.min(e.v), e.u.max(e.v));
            if let Some(&first) = seen.get(&key) {
                return Err(GraphError::DuplicatePair { first, second: i });
            }
            seen.insert(key, i);
        }
        let mut deg = vec![0usize; n];
        for e in &edges {
            deg[e.u] += 1;
            deg[e.v] += 1;
        }
        let mut offsets = vec![0usize; n + 1];
        for v in 0..n {
            offsets[v + 1] = offsets[v] + deg[v];
        }
        let mut fill = offsets.clone();
        let mut adj = vec![
            Adj {
                node: 0,
                edge: 0,
                sign: 1
            };
            offsets[n]
        ];
        for (i, e) in edges.iter().enumerate() {
            let s = e.sign();
            adj[fill[e.u]] = Adj {
                node: e.v as u32,
                edge: i as u32,
                sign: s,
            };
            fill[e.u] += 1;
            adj[fill[e.v]] = Adj {
                node: e.u as u32,
                edge: i as u32,
                sign: s,
            };
            fill[e.v] += 1;
        }
        for v in 0..n {
            adj[offsets[v]..offsets[v + 1]].sort_unstable_by_key(|a| a.node);
        }
        Ok(SignedGraph {
            n,
            edges,
            offsets,
            adj,
        })
    }

    /// A graph from signs alone: `(u, v, +1 or -1)`.
    pub fn from_signs(n: usize, signed: &[(usize, usize, i8)]) -> Result<Self, GraphError> {
        let edges = signed
            .iter()
            .map(|&(u, v, s)| Edge {
                u,
                v,
                weight: f64::from(s),
            })
            .collect();
        SignedGraph::new(n, edges)
    }

    pub fn node_count(&self) -> usize {
        self.n
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    pub fn negative_edge_count(&self) -> usize {
        self.edges.iter().filter(|e| e.weight < 0.0).count()
    }

    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Neighbours of `v`, sorted by node index.
    #[inline]
    pub fn neighbours(&self, v: usize) -> &[Adj] {
        &self.adj[self.offsets[v]..self.offsets[v + 1]]
    }

    #[inline]
    pub fn degree(&self, v: usize) -> usize {
        self.offsets[v + 1] - self.offsets[v]
    }

    /// Is the edge frustrated under a two-bloc partition (positive across blocs, or negative
    /// within one)?
    #[inline]
    pub fn is_frustrated(&self, edge: usize, partition: &[u8]) -> bool {
        let e = &self.edges[edge];
        let same = partition[e.u] == partition[e.v];
        (e.weight > 0.0) != same
    }

    /// Indices of the edges frustrated by `partition` (one entry of 0 or 1 per node).
    pub fn frustrated_edges(&self, partition: &[u8]) -> Vec<usize> {
        (0..self.edges.len())
            .filter(|&i| self.is_frustrated(i, partition))
            .collect()
    }

    /// Number of edges frustrated by `partition`.
    pub fn frustration_of(&self, partition: &[u8]) -> usize {
        (0..self.edges.len())
            .filter(|&i| self.is_frustrated(i, partition))
            .count()
    }

    /// The graph switched at `v` (Harary 1953): every edge at `v` changes sign.
    pub fn switched(&self, v: usize) -> SignedGraph {
        let edges = self
            .edges
            .iter()
            .map(|e| {
                if e.u == v || e.v == v {
                    Edge {
                        weight: -e.weight,
                        ..*e
                    }
                } else {
                    *e
                }
            })
            .collect();
        SignedGraph::new(self.n, edges).expect("switching keeps a valid graph valid")
    }

    /// The subgraph induced by `nodes` (renumbered in the given order) and, for each of its
    /// edges, the index of the edge in `self`.
    pub fn induced(&self, nodes: &[usize]) -> (SignedGraph, Vec<usize>) {
        let mut local = vec![usize::MAX; self.n];
        for (i, &v) in nodes.iter().enumerate() {
            local[v] = i;
        }
        let mut edges = Vec::new();
        let mut origin = Vec::new();
        for (i, e) in self.edges.iter().enumerate() {
            let (a, b) = (local[e.u], local[e.v]);
            if a != usize::MAX && b != usize::MAX {
                edges.push(Edge {
                    u: a,
                    v: b,
                    weight: e.weight,
                });
                origin.push(i);
            }
        }
        let g = SignedGraph::new(nodes.len(), edges).expect("a subgraph of a valid graph is valid");
        (g, origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_edges() {
        let dup = SignedGraph::from_signs(3, &[(0, 1, 1), (1, 0, -1)]);
        assert_eq!(
            dup.unwrap_err(),
            GraphError::DuplicatePair {
                first: 0,
                second: 1
            }
        );
        let lp = SignedGraph::from_signs(3, &[(2, 2, 1)]);
        assert_eq!(lp.unwrap_err(), GraphError::SelfLoop { edge: 0, node: 2 });
        let out = SignedGraph::from_signs(2, &[(0, 2, 1)]);
        assert_eq!(
            out.unwrap_err(),
            GraphError::NodeOutOfRange { edge: 0, node: 2 }
        );
        let z = SignedGraph::new(
            2,
            vec![Edge {
                u: 0,
                v: 1,
                weight: 0.0,
            }],
        );
        assert_eq!(z.unwrap_err(), GraphError::ZeroOrNotFinite { edge: 0 });
    }

    #[test]
    fn frustration_of_a_partition() {
        // Triangle + - -: balanced with {0,1} vs {2}.
        let g = SignedGraph::from_signs(3, &[(0, 1, 1), (1, 2, -1), (0, 2, -1)]).unwrap();
        assert_eq!(g.frustration_of(&[0, 0, 1]), 0);
        assert_eq!(g.frustrated_edges(&[0, 0, 0]), vec![1, 2]);
        assert_eq!(g.degree(1), 2);
        assert_eq!(g.neighbours(1)[0].node, 0);
    }
}
