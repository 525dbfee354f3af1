//! SMP end to end (read + run to KTAB's stop) on KTAB's 80- and 160-actor examples.
//! Run: `cargo bench --bench smp`. KTAB's `smpc` takes 252 s on a080 on this machine class.

use criterion::{criterion_group, criterion_main, Criterion};
use intrigue_bargain::smp::{self, SmpConfig};
use intrigue_formats::ktab;
use std::path::Path;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("smp");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for name in ["dummyData-a080", "dummyData-a160"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/ktab/{name}.csv"));
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.display().to_string();
        let s = ktab::read(&file, &text).unwrap();
        let run = smp::run(&s.negotiation, &SmpConfig::default()).unwrap();
        eprintln!(
            "{name}: {} actors, {} states, stop {:?}",
            s.negotiation.n(),
            run.positions.len(),
            run.stop
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                let s = ktab::read(&file, &text).unwrap();
                smp::run(&s.negotiation, &SmpConfig::default()).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
