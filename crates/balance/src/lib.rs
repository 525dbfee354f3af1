//! Signed relations and structural balance: the relation matrix of the crisis model, its balance
//! measures (triangle, walk-based, exact frustration index with two-bloc partition) and its dynamics.
//!
//! Pure: no files, no terminal. Readers for edge lists live in `intrigue-formats`.
