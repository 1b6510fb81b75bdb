//! Benchmarks of the xlsx export and import on the synthetic county package.

fn main() {}
