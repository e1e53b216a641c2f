//! `wengao check` on 1 MiB worst-case Markdown: one line packed with faults,
//! and many lines of them (see `support/worst_case.rs`). Reports the time
//! (criterion) and the peak memory of one run (`wait4`'s `ru_maxrss`), which
//! must stay under 200 MB. Then a data file still to fill, as `wengao next`
//! leaves one, of 100 KiB and of 1 MiB: every number a `待填` marker, each
//! an error pointed at inside its line (placing each from the top of the
//! file once took 20 s for the 1 MiB one; compare the two medians).
//! `cargo bench --bench check`; the same figures for any build of the
//! binary: `benches/check-rss.sh`.

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
    let mut group = c.benchmark_group("check_to_fill");
    group.sample_size(10);
    for (name, bytes) in [("100KiB", SIZE / 10), ("1MiB", SIZE)] {
        let file = format!("to-fill-{name}.yaml");
        let text = to_fill(bytes);
        group.throughput(Throughput::Bytes(text.len() as u64));
        std::fs::write(dir.path().join(&file), text).expect("write");
        group.bench_function(name, |b| b.iter(|| check(dir.path(), &file)));
    }
    group.finish();
}

/// A data file of at most `bytes` bytes that is nearly all one-line
/// metrics still to fill (`待填个, 去年 待填`), with last period's figure in
/// a comment, as `wengao next` writes them.
fn to_fill(bytes: usize) -> String {
    let mut text = String::from(
        "基本信息:\n  地区: 桐溪区\n  单位: 桐溪区农业农村局\n  工作名称: 乡村振兴工作\n  \
         报告期: 2026-Q4\n  成文日期: 2026-10-20\n\n指标:\n",
    );
    for i in 0.. {
        let metric = format!("  m{i}: 指标{i} 待填个, 去年 待填  # 上期：94个\n");
        if text.len() + metric.len() > bytes {
            break;
        }
        text.push_str(&metric);
    }
    text
}

criterion_group!(benches, worst_cases);
criterion_main!(benches);
