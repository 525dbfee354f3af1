//! The whole DEU backtest end to end, as a user runs it: `intrigue backtest deu
//! fixtures/deu/deu3-dev.tsv --json` (all six models, 223 issues, 1,000 bootstrap resamples),
//! including process start and reading the file. Target: under 10 s (issue 3).

use criterion::{criterion_group, criterion_main, Criterion};
use std::process::Command;
use std::time::Duration;

fn backtest(c: &mut Criterion) {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/deu/deu3-dev.tsv");
    let mut g = c.benchmark_group("backtest");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("deu3-dev all models 1000 resamples", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_intrigue"))
                .args(["backtest", "deu", file, "--json"])
                .output()
                .expect("run intrigue");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout.len()
        })
    });
    g.finish();
}

criterion_group!(benches, backtest);
criterion_main!(benches);
