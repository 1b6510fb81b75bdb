//! The seeded generator the random-input tests share (splitmix64: repeatable runs without
//! another dependency), and the environment variables that make a run longer. Included with
//! `#[path = "common/rng.rs"] mod rng;`.

// Each test file uses part of it.
#![allow(dead_code)]

/// A small, seeded generator: the same seed gives the same inputs on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; 0, without drawing, when `n` is 0 (so a seed's run stays what the
    /// fuzz counts in the notes were measured on).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// A count from the environment (a long run), else the default (what `cargo test` runs).
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
