//! Signed relations and structural balance: the relation matrix of the crisis model, its balance
//! measures (triangle, walk-based, exact frustration index with two-bloc partition) and its dynamics.
//!
//! Pure: no files, no terminal. Readers for edge lists live in `intrigue-formats`.
//!
//! API:
//! - [`Relations`]: n x n directed relations r_ij in [-1, 1], flat row-major `Vec<f64>`;
//!   [`Relations::signed_graph`] gives the symmetric view, w_ij = (r_ij + r_ji) / 2.
//! - [`step`]`(n, r, baseline, impulses, noise, &DynamicsParams, scratch)`: one pure,
//!   allocation-free round of dynamics (event impulses, Ornstein-Uhlenbeck reversion to the
//!   baseline, balance pressure after Marvel et al. 2011), clipped to [-1, 1]. The simulator calls
//!   it every round with its own impulse accumulator, pre-drawn noise and a reusable scratch.
//! - [`SignedGraph`]: undirected signed weighted graph (one edge per pair).
//! - [`frustration`]`(&g, &FrustrationOptions)` -> [`Frustration`]: frustration index (edges
//!   counted), optimal two-bloc partition and frustrated edges, marked exact or given as bounds;
//!   [`frustration::enumerate`], [`frustration::local_search`] and
//!   [`frustration::cycle_packing_bound`] are the pieces.
//! - [`triangle_balance`] (share of balanced triangles, unweighted and weighted) and
//!   [`walk_balance`] (Estrada & Benzi 2014).

pub mod frustration;
pub mod graph;
pub mod measures;
pub mod relations;

pub use frustration::{frustration, Frustration, FrustrationOptions};
pub use graph::{Edge, GraphError, SignedGraph};
pub use measures::{triangle_balance, walk_balance, TriangleBalance};
pub use relations::{step, DynamicsParams, Relations, RelationsError};
