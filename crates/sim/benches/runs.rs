//! Runs per second on the built-in North-East Asia 2017 scenario: one run = one format simulated to
//! its outcome (24 monthly rounds, 6 actors), all worker threads. Criterion's throughput line
//! ("thrpt") is in runs per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use intrigue_sim::simulate;

const SCENARIO: &str = include_str!("../../../scenarios/northeast-asia-2017.toml");
const BLOCK: u64 = 2_000;

fn runs(c: &mut Criterion) {
    let model = intrigue_formats::scenario::parse(SCENARIO, "northeast-asia-2017.toml")
        .expect("scenario")
        .model;
    let mut g = c.benchmark_group("runs");
    g.throughput(Throughput::Elements(BLOCK));
    g.sample_size(20);
    for id in [
        "china_pressure",
        "bilateral_only",
        "five_then_six",
        "six_now",
    ] {
        let f = model.format_index(id).expect("format");
        let mut start = 0u64;
        g.bench_function(id, |b| {
            b.iter(|| {
                // Fresh run indices each iteration, as a long Monte Carlo would see.
                let t = simulate(&model, &[f], &[], 1, start..start + BLOCK).expect("runs");
                start += BLOCK;
                t
            })
        });
    }
    // Every format per run, as `intrigue run` does (throughput counts format-runs).
    let all: Vec<usize> = (0..model.format_ids.len()).collect();
    g.throughput(Throughput::Elements(BLOCK * all.len() as u64));
    g.bench_function("all_formats", |b| {
        b.iter(|| simulate(&model, &all, &[], 1, 0..BLOCK).expect("runs"))
    });
    g.finish();
}

criterion_group!(benches, runs);
criterion_main!(benches);
