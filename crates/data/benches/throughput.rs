//! Throughput of parsing and aggregating GDELT 2.0 on one core.
//!
//! `cargo bench -p intrigue-data --bench throughput` writes a file of at least 512 MB (set
//! `INTRIGUE_BENCH_MB`) by repeating the real 15-minute export in `fixtures/events/` into the
//! temp folder, reads and aggregates it into directed dyad-days, and prints MB/s and the peak
//! resident memory (VmHWM) after a file a quarter of the size and after the full one: equal
//! peaks show memory flat in the file size. Without `--bench` (as under `cargo test
//! --all-targets`) it runs on 4 MB as a smoke check.

use intrigue_data::{read_file, DyadAggregator, Period, ReadOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let l = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    l.split_whitespace().nth(1)?.parse().ok()
}

/// Process CPU time (user + system) in seconds; /proc reports it in USER_HZ = 100 ticks.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn make_file(src: &[u8], mb: u64, path: &Path) -> u64 {
    let mut w = std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(path).expect("create bench file"),
    );
    let mut n = 0u64;
    while n < mb * 1_000_000 {
        w.write_all(src).expect("write bench file");
        n += src.len() as u64;
    }
    w.flush().expect("flush bench file");
    n
}

/// Returns (wall seconds, CPU seconds, events, dyad rows).
fn run(path: &Path) -> (f64, f64, u64, usize) {
    let t = Instant::now();
    let c0 = cpu_seconds().unwrap_or(0.0);
    let mut agg = DyadAggregator::new(Period::Day, &[]);
    let rep = read_file(path, &ReadOptions::default(), |ev| {
        agg.add(ev);
    })
    .expect("read bench file");
    let rows = agg.rows().len();
    assert_eq!(rep.malformed(), 0);
    let cpu = cpu_seconds().unwrap_or(0.0) - c0;
    (t.elapsed().as_secs_f64(), cpu, rep.events, rows)
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let mb: u64 = if bench {
        std::env::var("INTRIGUE_BENCH_MB")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(512)
    } else {
        4
    };
    let src_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/events/20191024143000.export.CSV");
    let src = std::fs::read(&src_path).expect("fixtures/events/20191024143000.export.CSV");
    let dir: PathBuf = std::env::temp_dir().join(format!("intrigue-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let small = dir.join("quarter.export.CSV");
    let big = dir.join("full.export.CSV");
    let small_bytes = make_file(&src, mb.div_ceil(4), &small);
    let big_bytes = make_file(&src, mb, &big);
    let (ts, cs, es, _) = run(&small);
    let hwm_small = vm_hwm_kb();
    let (tb, cb, eb, rows) = run(&big);
    let hwm_big = vm_hwm_kb();
    let _ = std::fs::remove_dir_all(&dir);
    // Below 50 ms the 10 ms CPU ticks say nothing.
    let mbs = |b: u64, t: f64| {
        if t >= 0.05 {
            b as f64 / 1e6 / t
        } else {
            f64::NAN
        }
    };
    println!(
        "gdelt2 parse+aggregate, 1 thread: {:.1} MB in {:.2} s wall = {:.0} MB/s; {:.2} s CPU = {:.0} MB/s ({} events, {:.2} M events/s wall, {} dyad-days)",
        big_bytes as f64 / 1e6,
        tb,
        mbs(big_bytes, tb),
        cb,
        mbs(big_bytes, cb),
        eb,
        eb as f64 / tb / 1e6,
        rows
    );
    println!(
        "quarter file: {:.1} MB in {:.2} s wall = {:.0} MB/s; CPU {:.0} MB/s ({es} events)",
        small_bytes as f64 / 1e6,
        ts,
        mbs(small_bytes, ts),
        mbs(small_bytes, cs)
    );
    match (hwm_small, hwm_big) {
        (Some(a), Some(b)) => {
            println!("peak RSS (VmHWM): {a} kB after the quarter file, {b} kB after the full file")
        }
        _ => println!("peak RSS: /proc/self/status not available"),
    }
}
