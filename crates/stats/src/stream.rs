//! Per-run random streams. Run k of a Monte Carlo draws only from `stream(seed, k, channel)`, so its
//! numbers do not depend on threads, on how runs are split across machines, or on other runs.
//! Channels separate independent uses inside one run (uncertain inputs, events, bargaining) so that
//! common random numbers survive a change of format or intervention.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};

/// The generator behind every stream: ChaCha with 8 rounds, fixed by the project (never `StdRng`,
/// whose algorithm may change between rand versions).
pub type Stream = ChaCha8Rng;

/// The stream of run `run` for the purpose `channel`, under the master `seed`.
pub fn stream(seed: u64, run: u64, channel: u32) -> Stream {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..12].copy_from_slice(&channel.to_le_bytes());
    key[12..20].copy_from_slice(b"intrigue");
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(run);
    rng
}

/// A uniform draw in [0, 1) with 53 random bits.
#[inline]
pub fn uniform01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_keyed_by_seed_run_and_channel() {
        let a: Vec<u64> = (0..4).map(|_| stream(7, 3, 0).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]), "same key, same numbers");
        let base = stream(7, 3, 0).next_u64();
        assert_ne!(base, stream(8, 3, 0).next_u64());
        assert_ne!(base, stream(7, 4, 0).next_u64());
        assert_ne!(base, stream(7, 3, 1).next_u64());
    }

    #[test]
    fn uniform_is_in_unit_interval() {
        let mut r = stream(1, 0, 0);
        for _ in 0..10_000 {
            let u = uniform01(&mut r);
            assert!((0.0..1.0).contains(&u));
        }
    }
}
