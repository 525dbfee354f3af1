//! Speed of the sensitivity machinery: the Sobol' sequence, a whole Saltelli analysis of the
//! Ishigami function, the estimators with bootstrap on a larger design, and Morris.
//! Run: `cargo bench -p intrigue-stats --bench sensitivity`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use intrigue_stats::sensitivity::morris::{morris_indices, MorrisDesign};
use intrigue_stats::sensitivity::saltelli::{sobol_indices, SaltelliDesign, Sampling};
use intrigue_stats::sensitivity::sobol_sequence::SobolSequence;
use intrigue_stats::sensitivity::test_functions::{Ishigami, Linear};
use intrigue_stats::sensitivity::{evaluate, Bootstrap, Design};
use std::hint::black_box;

fn sequence(c: &mut Criterion) {
    let seq = SobolSequence::shifted(40, 1).unwrap();
    let mut g = c.benchmark_group("sobol_sequence");
    g.throughput(Throughput::Elements(65_536 * 40));
    g.bench_function("65536 points x 40 dims", |b| {
        let mut p = [0.0; 40];
        b.iter(|| {
            let mut s = 0.0;
            for i in 0..65_536u64 {
                seq.point(i, &mut p);
                s += p[39];
            }
            black_box(s)
        })
    });
    g.finish();
}

fn saltelli(c: &mut Criterion) {
    let f = Ishigami::default();
    let mut g = c.benchmark_group("saltelli");
    g.sample_size(10);
    for threads in [1, 2] {
        g.bench_function(
            format!("ishigami N=8192 boot=1000 threads={threads}"),
            |b| {
                b.iter(|| {
                    let d = SaltelliDesign::new(3, 8192, Sampling::SobolSequence, 1).unwrap();
                    let y = evaluate(&d, 1, threads, |_, _, u, o| o[0] = f.eval_unit(u));
                    let boot = Bootstrap {
                        resamples: 1000,
                        confidence: 0.95,
                        seed: 1,
                    };
                    black_box(sobol_indices(&d, &y, 1, &boot, threads).unwrap())
                })
            },
        );
    }
    // Estimators alone on a scenario-sized problem: 20 inputs, 5 outputs, N = 4096
    // (90,112 evaluations' worth of outputs), 500 resamples.
    let k = 20;
    let lin = Linear {
        coefficients: (0..k).map(|i| 1.0 + i as f64).collect(),
    };
    let d = SaltelliDesign::new(k, 4096, Sampling::SobolSequence, 1).unwrap();
    let y = evaluate(&d, 5, 0, |_, _, u, o| {
        for (j, v) in o.iter_mut().enumerate() {
            *v = lin.eval(u) * (j + 1) as f64 + u[j];
        }
    });
    for threads in [1, 2] {
        g.bench_function(
            format!("estimators k=20 m=5 N=4096 boot=500 threads={threads}"),
            |b| {
                let boot = Bootstrap {
                    resamples: 500,
                    confidence: 0.95,
                    seed: 1,
                };
                b.iter(|| black_box(sobol_indices(&d, &y, 5, &boot, threads).unwrap()))
            },
        );
    }
    g.finish();
}

fn morris(c: &mut Criterion) {
    let k = 20;
    let lin = Linear {
        coefficients: (0..k).map(|i| 1.0 + i as f64).collect(),
    };
    let mut g = c.benchmark_group("morris");
    g.sample_size(10);
    g.bench_function("k=20 r=200 boot=1000", |b| {
        b.iter(|| {
            let d = MorrisDesign::new(k, 200, 4, 1).unwrap();
            let y = evaluate(&d, 1, 1, |_, _, u, o| o[0] = lin.eval(u));
            assert_eq!(y.len(), d.rows());
            let boot = Bootstrap {
                resamples: 1000,
                confidence: 0.95,
                seed: 1,
            };
            black_box(morris_indices(&d, &y, 1, &boot, 1).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, sequence, saltelli, morris);
criterion_main!(benches);
