//! Accuracy of the Sobol' estimators on the Ishigami function against its analytic indices, by
//! sampling and base sample size, over 20 seeds: the worst and root-mean-square error of the six
//! indices (S1..S3, ST1..ST3) and the share of 95% bootstrap intervals that hold the exact value.
//! Run: `cargo bench -p intrigue-stats --bench ishigami_accuracy`.

use intrigue_stats::sensitivity::saltelli::{sobol_indices, SaltelliDesign, Sampling};
use intrigue_stats::sensitivity::test_functions::Ishigami;
use intrigue_stats::sensitivity::{evaluate, Bootstrap};

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would too: nothing else to parse.
    let f = Ishigami::default();
    let (s1, st) = (f.first_order(), f.total());
    let seeds = 20u64;
    println!("| sampling | N | evaluations | worst error | RMS error | 95% intervals holding the exact value |");
    println!("|---|---|---|---|---|---|");
    for (sampling, name) in [
        (Sampling::SobolSequence, "Sobol sequence"),
        (Sampling::MonteCarlo, "Monte Carlo"),
    ] {
        for n in [256usize, 1024, 4096, 16384] {
            let (mut worst, mut sq, mut held, mut count) = (0.0f64, 0.0, 0, 0);
            for seed in 0..seeds {
                let d = SaltelliDesign::new(3, n, sampling, seed).unwrap();
                let y = evaluate(&d, 1, 0, |_, _, u, o| o[0] = f.eval_unit(u));
                let boot = Bootstrap {
                    resamples: 200,
                    confidence: 0.95,
                    seed,
                };
                let r = &sobol_indices(&d, &y, 1, &boot, 0).unwrap()[0];
                for i in 0..3 {
                    for (iv, exact) in [(r.first[i], s1[i]), (r.total[i], st[i])] {
                        let e = (iv.estimate - exact).abs();
                        worst = worst.max(e);
                        sq += e * e;
                        count += 1;
                        held += usize::from(iv.lo <= exact && exact <= iv.hi);
                    }
                }
            }
            println!(
                "| {name} | {n} | {} | {worst:.4} | {:.4} | {:.0}% |",
                n * 5,
                (sq / count as f64).sqrt(),
                100.0 * held as f64 / count as f64
            );
        }
    }
}
