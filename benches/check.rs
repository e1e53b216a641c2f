//! `wengao check` on 1 MiB worst-case Markdown: one line packed with faults,
//! and many lines of them (see `support/worst_case.rs`). Reports the time
//! (criterion) and the peak memory of one run (`wait4`'s `ru_maxrss`), which
//! must stay under 200 MB. `cargo bench --bench check`; the same figures
//! for any build of the binary: `benches/check-rss.sh`.

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/peak_rss.rs"]
mod peak_rss;
#[path = "support/worst_case.rs"]
mod worst_case;

const SIZE: usize = 1024 * 1024;

/// One `wengao check` of `file`, returning the child's peak RSS in KB.
fn check(dir: &Path, file: &str) -> i64 {
    peak_rss::peak_rss_kb(
        Command::new(env!("CARGO_BIN_EXE_wengao"))
            .args(["check", file])
            .current_dir(dir),
    )
}

fn worst_cases(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("check_worst_case");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(SIZE as u64));
    for (name, make) in [
        ("one_line", worst_case::one_line as fn(usize) -> String),
        ("many_lines", worst_case::many_lines),
    ] {
        let file = format!("{name}.md");
        std::fs::write(dir.path().join(&file), make(SIZE)).expect("write");
        let mut peaks: Vec<i64> = (0..3).map(|_| check(dir.path(), &file)).collect();
        peaks.sort_unstable();
        eprintln!(
            "check {name} ({} KiB): peak RSS {:.1} MB (median of 3)",
            SIZE / 1024,
            peaks[1] as f64 / 1024.0
        );
        group.bench_function(name, |b| b.iter(|| check(dir.path(), &file)));
    }
    group.finish();
}

criterion_group!(benches, worst_cases);
criterion_main!(benches);
