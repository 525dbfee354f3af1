//! Balance measures other than the frustration index: the share of balanced triangles
//! (Cartwright & Harary 1956) and walk-based balance (Estrada & Benzi 2014).

use crate::graph::SignedGraph;

/// Triangle counts of a signed graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TriangleBalance {
    pub triangles: usize,
    /// Triangles whose sign product is positive.
    pub balanced: usize,
    /// `balanced / triangles`.
    pub share: f64,
    /// Share of balanced triangles, each weighted by its intensity, the geometric mean of its
    /// absolute edge weights (Onnela, Saramäki, Kertész & Kaski 2005). Equals `share` on a graph
    /// of signs only.
    pub weighted_share: f64,
}

/// Triangle balance (Cartwright & Harary 1956): the share of triangles with a positive sign
/// product. `None` when the graph has no triangle.
pub fn triangle_balance(g: &SignedGraph) -> Option<TriangleBalance> {
    let (mut triangles, mut balanced) = (0usize, 0usize);
    let (mut w_all, mut w_bal) = (0.0f64, 0.0f64);
    let edges = g.edges();
    for u in 0..g.node_count() {
        for a in g.neighbours(u) {
            let v = a.node as usize;
            if v <= u {
                continue;
            }
            let (nu, nv) = (g.neighbours(u), g.neighbours(v));
            let (mut i, mut j) = (nu.partition_point(|x| x.node as usize <= v), 0);
            j += nv.partition_point(|y| y.node as usize <= v);
            while i < nu.len() && j < nv.len() {
                let (x, y) = (nu[i], nv[j]);
                if x.node < y.node {
                    i += 1;
                } else if x.node > y.node {
                    j += 1;
                } else {
                    let w = (edges[a.edge as usize].weight
                        * edges[x.edge as usize].weight
                        * edges[y.edge as usize].weight)
                        .abs()
                        .cbrt();
                    triangles += 1;
                    w_all += w;
                    if a.sign * x.sign * y.sign > 0 {
                        balanced += 1;
                        w_bal += w;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    (triangles > 0).then(|| TriangleBalance {
        triangles,
        balanced,
        share: balanced as f64 / triangles as f64,
        weighted_share: w_bal / w_all,
    })
}

/// Walk-based degree of balance (Estrada & Benzi 2014): K = tr(e^A) / tr(e^|A|), where A is the
/// signed adjacency matrix (entries +1/-1 when `weighted` is false, the edge weights when true).
/// Closed walks are counted with weight 1/k! by length k; K is 1 for a balanced graph and falls
/// towards 0 as negative closed walks come to match the positive ones. `None` for an empty graph.
/// Dense O(n^3) eigenvalues: meant for up to a few hundred nodes.
pub fn walk_balance(g: &SignedGraph, weighted: bool) -> Option<f64> {
    let n = g.node_count();
    if n == 0 {
        return None;
    }
    let mut signed = vec![0.0; n * n];
    let mut absolute = vec![0.0; n * n];
    for e in g.edges() {
        let w = if weighted {
            e.weight
        } else {
            f64::from(e.sign())
        };
        for (i, j) in [(e.u, e.v), (e.v, e.u)] {
            signed[i * n + j] = w;
            absolute[i * n + j] = w.abs();
        }
    }
    let lambda = symmetric_eigenvalues(&mut signed, n);
    let mu = symmetric_eigenvalues(&mut absolute, n);
    // Shift by the largest eigenvalue of |A| (the spectral radius, which bounds those of A) so
    // that the exponentials cannot overflow.
    let top = mu.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let num: f64 = lambda.iter().map(|l| (l - top).exp()).sum();
    let den: f64 = mu.iter().map(|m| (m - top).exp()).sum();
    Some(num / den)
}

/// Eigenvalues of the symmetric `n x n` row-major matrix `a` (destroyed) by the cyclic Jacobi
/// method (Jacobi 1846; rotation formulas as in Rutishauser 1966). Unsorted.
pub fn symmetric_eigenvalues(a: &mut [f64], n: usize) -> Vec<f64> {
    assert_eq!(a.len(), n * n, "matrix is n x n");
    let total: f64 = a.iter().map(|x| x * x).sum();
    for _sweep in 0..100 {
        let mut off = 0.0;
        for p in 0..n {
            for q in p + 1..n {
                off += a[p * n + q] * a[p * n + q];
            }
        }
        if off <= 1e-30 * total.max(f64::MIN_POSITIVE) || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                let tau = s / (1.0 + c);
                a[p * n + p] -= t * apq;
                a[q * n + q] += t * apq;
                a[p * n + q] = 0.0;
                a[q * n + p] = 0.0;
                for r in 0..n {
                    if r == p || r == q {
                        continue;
                    }
                    let g = a[r * n + p];
                    let h = a[r * n + q];
                    let gp = g - s * (h + g * tau);
                    let hq = h + s * (g - h * tau);
                    a[r * n + p] = gp;
                    a[p * n + r] = gp;
                    a[r * n + q] = hq;
                    a[q * n + r] = hq;
                }
            }
        }
    }
    (0..n).map(|i| a[i * n + i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_finds_known_eigenvalues() {
        // Path of three nodes: eigenvalues -sqrt2, 0, sqrt2.
        let mut a = vec![0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
        let mut ev = symmetric_eigenvalues(&mut a, 3);
        ev.sort_by(f64::total_cmp);
        let r2 = 2f64.sqrt();
        for (got, want) in ev.iter().zip([-r2, 0.0, r2]) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }

    #[test]
    fn negative_triangle_walk_balance() {
        // Triangle with one negative edge: switching-equivalent to the all-negative triangle.
        let g = SignedGraph::from_signs(3, &[(0, 1, 1), (1, 2, 1), (0, 2, -1)]).unwrap();
        let k = walk_balance(&g, false).unwrap();
        // Signed: eigenvalues 1, 1, -2. Unsigned K3: 2, -1, -1.
        let want = (2.0 * 1f64.exp() + (-2f64).exp()) / (2f64.exp() + 2.0 * (-1f64).exp());
        assert!((k - want).abs() < 1e-12, "{k} vs {want}");
        let balanced = SignedGraph::from_signs(3, &[(0, 1, 1), (1, 2, -1), (0, 2, -1)]).unwrap();
        assert!((walk_balance(&balanced, false).unwrap() - 1.0).abs() < 1e-12);
    }

    /// tr(e^M) by its power series, an independent check of the eigenvalue route.
    fn trace_exp_series(m: &[f64], n: usize) -> f64 {
        let mut p: Vec<f64> = (0..n * n)
            .map(|k| if k / n == k % n { 1.0 } else { 0.0 })
            .collect();
        let mut total = 0.0;
        let mut fact = 1.0;
        for k in 0..60 {
            if k > 0 {
                fact *= k as f64;
            }
            total += (0..n).map(|i| p[i * n + i]).sum::<f64>() / fact;
            let mut q = vec![0.0; n * n];
            for i in 0..n {
                for l in 0..n {
                    for j in 0..n {
                        q[i * n + j] += p[i * n + l] * m[l * n + j];
                    }
                }
            }
            p = q;
        }
        total
    }

    #[test]
    fn walk_balance_matches_the_power_series() {
        let n = 9;
        let mut e = Vec::new();
        let mut x = 4242u64;
        for u in 0..n {
            for v in u + 1..n {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                match x >> 61 {
                    0..=2 => e.push((u, v, 1)),
                    3..=5 => e.push((u, v, -1)),
                    _ => {}
                }
            }
        }
        let g = SignedGraph::from_signs(n, &e).unwrap();
        let (mut a, mut b) = (vec![0.0; n * n], vec![0.0; n * n]);
        for &(u, v, s) in &e {
            a[u * n + v] = f64::from(s);
            a[v * n + u] = f64::from(s);
            b[u * n + v] = 1.0;
            b[v * n + u] = 1.0;
        }
        let want = trace_exp_series(&a, n) / trace_exp_series(&b, n);
        let got = walk_balance(&g, false).unwrap();
        assert!((got - want).abs() < 1e-10, "{got} vs {want}");
        assert!(got < 1.0 - 1e-6, "this graph is unbalanced");
    }

    #[test]
    fn triangles_counted_once() {
        // K4 with one negative edge (0,1): it lies in 2 of the 4 triangles.
        let mut e = vec![(0, 1, -1)];
        for (u, v) in [(0, 2), (0, 3), (1, 2), (1, 3), (2, 3)] {
            e.push((u, v, 1));
        }
        let g = SignedGraph::from_signs(4, &e).unwrap();
        let t = triangle_balance(&g).unwrap();
        assert_eq!((t.triangles, t.balanced), (4, 2));
        assert_eq!(t.share, 0.5);
        assert_eq!(t.weighted_share, 0.5);
        let path = SignedGraph::from_signs(3, &[(0, 1, 1), (1, 2, -1)]).unwrap();
        assert!(triangle_balance(&path).is_none());
    }
}
