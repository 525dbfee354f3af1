//! The Sobol' low-discrepancy sequence in base 2 (Sobol' 1967), with the direction numbers of
//! Joe & Kuo (2008, table `new-joe-kuo-6.21201`) for the first 64 dimensions.
//!
//! Points are made by index in Gray-code order (Antonov & Saleev 1979), so any point can be
//! computed on its own: a design can be evaluated in parallel or split across machines without
//! walking the sequence. An optional random digital shift (an XOR of each coordinate with a
//! per-dimension random word; Dick & Pillichshammer 2010, ch. 4) keyed by the seed randomises the
//! design while keeping its stratification.

use crate::stream::stream;
use rand::Rng;

/// Bits per coordinate: points are multiples of 2^-32, so at most 2^32 points.
const BITS: usize = 32;

/// Stream channel of the digital shift (kept apart from every other use of the seed).
const SHIFT_CHANNEL: u32 = 0x5e_0b01;

/// Joe & Kuo (2008) `new-joe-kuo-6.21201`, dimensions 2 to 64: the degree `s` of the primitive
/// polynomial, its inner coefficients `a` as bits, and the initial odd numbers `m_1..m_s`.
/// Dimension 1 is the van der Corput sequence and needs no row.
#[rustfmt::skip]
const JOE_KUO: &[(u32, u32, &[u32])] = &[
    (1, 0, &[1]), // 2
    (2, 1, &[1, 3]), // 3
    (3, 1, &[1, 3, 1]), // 4
    (3, 2, &[1, 1, 1]), // 5
    (4, 1, &[1, 1, 3, 3]), // 6
    (4, 4, &[1, 3, 5, 13]), // 7
    (5, 2, &[1, 1, 5, 5, 17]), // 8
    (5, 4, &[1, 1, 5, 5, 5]), // 9
    (5, 7, &[1, 1, 7, 11, 19]), // 10
    (5, 11, &[1, 1, 5, 1, 1]), // 11
    (5, 13, &[1, 1, 1, 3, 11]), // 12
    (5, 14, &[1, 3, 5, 5, 31]), // 13
    (6, 1, &[1, 3, 3, 9, 7, 49]), // 14
    (6, 13, &[1, 1, 1, 15, 21, 21]), // 15
    (6, 16, &[1, 3, 1, 13, 27, 49]), // 16
    (6, 19, &[1, 1, 1, 15, 7, 5]), // 17
    (6, 22, &[1, 3, 1, 15, 13, 25]), // 18
    (6, 25, &[1, 1, 5, 5, 19, 61]), // 19
    (7, 1, &[1, 3, 7, 11, 23, 15, 103]), // 20
    (7, 4, &[1, 3, 7, 13, 13, 15, 69]), // 21
    (7, 7, &[1, 1, 3, 13, 7, 35, 63]), // 22
    (7, 8, &[1, 3, 5, 9, 1, 25, 53]), // 23
    (7, 14, &[1, 3, 1, 13, 9, 35, 107]), // 24
    (7, 19, &[1, 3, 1, 5, 27, 61, 31]), // 25
    (7, 21, &[1, 1, 5, 11, 19, 41, 61]), // 26
    (7, 28, &[1, 3, 5, 3, 3, 13, 69]), // 27
    (7, 31, &[1, 1, 7, 13, 1, 19, 1]), // 28
    (7, 32, &[1, 3, 7, 5, 13, 19, 59]), // 29
    (7, 37, &[1, 1, 3, 9, 25, 29, 41]), // 30
    (7, 41, &[1, 3, 5, 13, 23, 1, 55]), // 31
    (7, 42, &[1, 3, 7, 3, 13, 59, 17]), // 32
    (7, 50, &[1, 3, 1, 3, 5, 53, 69]), // 33
    (7, 55, &[1, 1, 5, 5, 23, 33, 13]), // 34
    (7, 56, &[1, 1, 7, 7, 1, 61, 123]), // 35
    (7, 59, &[1, 1, 7, 9, 13, 61, 49]), // 36
    (7, 62, &[1, 3, 3, 5, 3, 55, 33]), // 37
    (8, 14, &[1, 3, 1, 15, 31, 13, 49, 245]), // 38
    (8, 21, &[1, 3, 5, 15, 31, 59, 63, 97]), // 39
    (8, 22, &[1, 3, 1, 11, 11, 11, 77, 249]), // 40
    (8, 38, &[1, 3, 1, 11, 27, 43, 71, 9]), // 41
    (8, 47, &[1, 1, 7, 15, 21, 11, 81, 45]), // 42
    (8, 49, &[1, 3, 7, 3, 25, 31, 65, 79]), // 43
    (8, 50, &[1, 3, 1, 1, 19, 11, 3, 205]), // 44
    (8, 52, &[1, 1, 5, 9, 19, 21, 29, 157]), // 45
    (8, 56, &[1, 3, 7, 11, 1, 33, 89, 185]), // 46
    (8, 67, &[1, 3, 3, 3, 15, 9, 79, 71]), // 47
    (8, 70, &[1, 3, 7, 11, 15, 39, 119, 27]), // 48
    (8, 84, &[1, 1, 3, 1, 11, 31, 97, 225]), // 49
    (8, 97, &[1, 1, 1, 3, 23, 43, 57, 177]), // 50
    (8, 103, &[1, 3, 7, 7, 17, 17, 37, 71]), // 51
    (8, 115, &[1, 3, 1, 5, 27, 63, 123, 213]), // 52
    (8, 122, &[1, 1, 3, 5, 11, 43, 53, 133]), // 53
    (9, 8, &[1, 3, 5, 5, 29, 17, 47, 173, 479]), // 54
    (9, 13, &[1, 3, 3, 11, 3, 1, 109, 9, 69]), // 55
    (9, 16, &[1, 1, 1, 5, 17, 39, 23, 5, 343]), // 56
    (9, 22, &[1, 3, 1, 5, 25, 15, 31, 103, 499]), // 57
    (9, 25, &[1, 1, 1, 11, 11, 17, 63, 105, 183]), // 58
    (9, 44, &[1, 1, 5, 11, 9, 29, 97, 231, 363]), // 59
    (9, 47, &[1, 1, 5, 15, 19, 45, 41, 7, 383]), // 60
    (9, 52, &[1, 3, 7, 7, 31, 19, 83, 137, 221]), // 61
    (9, 55, &[1, 1, 1, 3, 23, 15, 111, 223, 83]), // 62
    (9, 59, &[1, 1, 5, 13, 31, 15, 55, 25, 161]), // 63
    (9, 62, &[1, 1, 3, 13, 25, 47, 39, 87, 257]), // 64
];

/// The number of dimensions this generator carries.
pub const MAX_DIMENSIONS: usize = 1 + JOE_KUO.len();

/// A Sobol' sequence of a fixed number of dimensions, possibly digitally shifted.
#[derive(Debug, Clone)]
pub struct SobolSequence {
    /// `directions[d][b]`: direction number `v_{b+1}` of dimension `d`, left-aligned in 32 bits.
    directions: Vec<[u32; BITS]>,
    /// Per-dimension XOR shift (all zero for the plain sequence).
    shift: Vec<u32>,
}

impl SobolSequence {
    /// The plain (unshifted) sequence in `dimensions` dimensions, or `None` above
    /// [`MAX_DIMENSIONS`] or at zero.
    pub fn new(dimensions: usize) -> Option<Self> {
        if dimensions == 0 || dimensions > MAX_DIMENSIONS {
            return None;
        }
        let mut directions = Vec::with_capacity(dimensions);
        // Dimension 1: v_b = 2^-b.
        let mut first = [0u32; BITS];
        for (b, v) in first.iter_mut().enumerate() {
            *v = 1u32 << (BITS - 1 - b);
        }
        directions.push(first);
        for &(s, a, m) in &JOE_KUO[..dimensions - 1] {
            let s = s as usize;
            let mut v = [0u32; BITS];
            for b in 0..BITS {
                v[b] = if b < s {
                    m[b] << (BITS - 1 - b)
                } else {
                    // Bratley & Fox (1988) recurrence on the left-aligned numbers:
                    // v_b = a_1 v_{b-1} ^ ... ^ a_{s-1} v_{b-s+1} ^ v_{b-s} ^ (v_{b-s} >> s).
                    let mut x = v[b - s] ^ (v[b - s] >> s);
                    for k in 1..s {
                        if (a >> (s - 1 - k)) & 1 == 1 {
                            x ^= v[b - k];
                        }
                    }
                    x
                };
            }
            directions.push(v);
        }
        Some(SobolSequence {
            directions,
            shift: vec![0; dimensions],
        })
    }

    /// The sequence with a random digital shift drawn from `stream(seed, 0, ..)`.
    pub fn shifted(dimensions: usize, seed: u64) -> Option<Self> {
        let mut seq = Self::new(dimensions)?;
        let mut rng = stream(seed, 0, SHIFT_CHANNEL);
        for s in &mut seq.shift {
            *s = rng.next_u32();
        }
        Some(seq)
    }

    /// The number of dimensions.
    pub fn dimensions(&self) -> usize {
        self.directions.len()
    }

    /// The largest number of points (indices `0..CAPACITY`).
    pub const CAPACITY: u64 = 1 << BITS;

    /// Coordinate `dim` of point `index` as a 32-bit fraction (the point times 2^32).
    /// `index` must be below [`Self::CAPACITY`]; higher bits are ignored.
    #[inline]
    pub fn coordinate_bits(&self, index: u64, dim: usize) -> u32 {
        let v = &self.directions[dim];
        let mut g = (index ^ (index >> 1)) as u32; // Gray code of the index
        let mut x = 0u32;
        while g != 0 {
            x ^= v[(g.trailing_zeros() & 31) as usize];
            g &= g - 1;
        }
        x ^ self.shift[dim]
    }

    /// Coordinate `dim` of point `index` in (0, 1): the centre of its cell of width 2^-32, so that
    /// no coordinate is exactly 0 (quantile functions of unbounded laws stay finite).
    #[inline]
    pub fn coordinate(&self, index: u64, dim: usize) -> f64 {
        (self.coordinate_bits(index, dim) as f64 + 0.5) * (1.0 / (1u64 << BITS) as f64)
    }

    /// All coordinates of point `index` into `out` (whose length is at most the dimension).
    pub fn point(&self, index: u64, out: &mut [f64]) {
        for (d, o) in out.iter_mut().enumerate() {
            *o = self.coordinate(index, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_points_are_the_standard_sequence() {
        // The first eight points of the three-dimensional sequence, derived by hand from
        // m = (1), (1, 3) and the recurrence, in Gray-code order.
        let expect = [
            [0.0, 0.0, 0.0],
            [0.5, 0.5, 0.5],
            [0.75, 0.25, 0.25],
            [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625],
            [0.875, 0.875, 0.125],
            [0.625, 0.125, 0.875],
            [0.125, 0.625, 0.375],
        ];
        let seq = SobolSequence::new(3).unwrap();
        for (i, p) in expect.iter().enumerate() {
            for (d, &e) in p.iter().enumerate() {
                let got = seq.coordinate_bits(i as u64, d) as f64 / 4294967296.0;
                assert_eq!(got, e, "point {i} dimension {d}");
            }
        }
    }

    #[test]
    fn every_dimension_stratifies_powers_of_two() {
        // The first 2^m points of each one-dimensional projection fall one in each interval
        // [j 2^-m, (j+1) 2^-m): a (0, m, 1)-net, which fails if a direction number is wrong.
        let seq = SobolSequence::new(MAX_DIMENSIONS).unwrap();
        for m in [1u32, 4, 10] {
            let n = 1u64 << m;
            for d in 0..MAX_DIMENSIONS {
                let mut seen = vec![false; n as usize];
                for i in 0..n {
                    let cell = (seq.coordinate_bits(i, d) >> (32 - m)) as usize;
                    assert!(!seen[cell], "dimension {d}, m {m}: cell {cell} twice");
                    seen[cell] = true;
                }
            }
        }
    }

    #[test]
    fn first_two_dimensions_form_a_zero_net() {
        // Dimensions 1 and 2 form a (0, m, 2)-net: every elementary box of area 2^-m holds
        // exactly one of the first 2^m points.
        let seq = SobolSequence::new(2).unwrap();
        let m = 8u32;
        let n = 1u64 << m;
        for split in 0..=m {
            let mut count = vec![0u32; n as usize];
            for i in 0..n {
                let a = if split == 0 {
                    0
                } else {
                    seq.coordinate_bits(i, 0) >> (32 - split)
                };
                let b = if split == m {
                    0
                } else {
                    seq.coordinate_bits(i, 1) >> (32 - (m - split))
                };
                count[((a as u64) << (m - split) | b as u64) as usize] += 1;
            }
            assert!(count.iter().all(|&c| c == 1), "split {split}");
        }
    }

    #[test]
    fn shift_is_seeded_and_keeps_stratification() {
        let a = SobolSequence::shifted(5, 7).unwrap();
        let b = SobolSequence::shifted(5, 7).unwrap();
        let c = SobolSequence::shifted(5, 8).unwrap();
        assert_eq!(a.coordinate_bits(3, 4), b.coordinate_bits(3, 4));
        assert_ne!(a.coordinate_bits(3, 4), c.coordinate_bits(3, 4));
        let n = 64u64;
        let mut seen = vec![false; n as usize];
        for i in 0..n {
            seen[(a.coordinate_bits(i, 2) >> 26) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn bounds_are_refused() {
        assert!(SobolSequence::new(0).is_none());
        assert!(SobolSequence::new(MAX_DIMENSIONS + 1).is_none());
        assert!(SobolSequence::new(MAX_DIMENSIONS).is_some());
    }

    #[test]
    fn coordinates_are_inside_the_open_unit_interval() {
        let seq = SobolSequence::new(4).unwrap();
        let mut p = [0.0; 4];
        for i in 0..1000 {
            seq.point(i, &mut p);
            assert!(p.iter().all(|&x| x > 0.0 && x < 1.0));
        }
    }
}
