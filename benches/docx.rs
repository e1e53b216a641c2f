//! Markdown → DOCX bytes: the ~8,000-character report fixture (the aim is
//! ≤ 1 ms a report on one core), the golden drafts one by one (a batch's
//! case: many small drafts, where the package's fixed costs weigh), and the
//! same drafts joined into one document (pandoc's in-process case in
//! `benches/batch.rs`). `cargo bench --bench docx`.
//!
//! Environment:
//! - `DOCX_DRAFTS=folder`: the drafts are the `.md` files under that folder
//!   (e.g. the output of a `wengao build` of a province batch) instead of
//!   the golden drafts;
//! - `DOCX_CPU=1`: instead of criterion, print the thread CPU time a draft
//!   (per draft and joined, medians of 9 rounds), as `benches/batch.rs`
//!   measures it: on a shared machine the wall clock measures the
//!   neighbours as much as the program;
//! - `DOCX_LOOP=n`: convert every draft `n` times and exit (for `perf record`);
//! - `DOCX_LOOP_JOINED=n`: convert the joined drafts `n` times and exit.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group};
use wengao::docx::{DocProps, StyleProfile, markdown_to_docx};
use wengao::render::Draft;

/// The binary's allocator (src/main.rs), so that in-process figures are
/// the binary's.
#[global_allocator]
static ALLOCATOR: wengao::memory::Allocator = wengao::memory::Allocator;

fn report(c: &mut Criterion) {
    let markdown = include_str!("../tests/fixtures/md/huibao.md");
    let props = DocProps {
        title: "柳川县2026年前三季度老干部工作情况汇报".into(),
        author: Some("柳川县委老干部局".into()),
        date: chrono::NaiveDate::from_ymd_opt(2026, 10, 8).expect("valid date"),
    };
    let style = StyleProfile::default();
    let size = markdown_to_docx(markdown, &props, &style)
        .expect("conversion")
        .len();
    eprintln!(
        "huibao.md: {} characters → {size} bytes of DOCX",
        markdown.chars().count()
    );
    let mut group = c.benchmark_group("markdown_to_docx");
    group.throughput(Throughput::Bytes(markdown.len() as u64));
    group.bench_function("huibao", |b| {
        b.iter(|| markdown_to_docx(black_box(markdown), &props, &style).expect("conversion"));
    });
    group.finish();
}

/// The `.md` files under `dir` (not under hidden folders), in a stable order.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let hidden =
        |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e))
        .map(|e| e.expect("read drafts folder").into_path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
        .collect()
}

/// The drafts to convert, with their properties.
fn drafts() -> Vec<(String, DocProps)> {
    let dir = std::env::var_os("DOCX_DRAFTS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/drafts"),
        PathBuf::from,
    );
    markdown_files(&dir)
        .iter()
        .map(|p| {
            let md = std::fs::read_to_string(p).expect("draft");
            let props = DocProps {
                title: Draft::title_of(&md),
                author: None,
                date: chrono::NaiveDate::from_ymd_opt(2026, 10, 12).expect("date"),
            };
            (md, props)
        })
        .collect()
}

fn many_drafts(c: &mut Criterion) {
    let drafts = drafts();
    let joined = drafts
        .iter()
        .map(|(md, _)| md.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let style = StyleProfile::default();
    let bytes: usize = drafts.iter().map(|(md, _)| md.len()).sum();
    let mut group = c.benchmark_group("markdown_to_docx_drafts");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("each_of_{}", drafts.len()), |b| {
        b.iter(|| {
            for (md, props) in &drafts {
                black_box(markdown_to_docx(black_box(md), props, &style).expect("conversion"));
            }
        });
    });
    group.bench_function(format!("{}_joined", drafts.len()), |b| {
        b.iter(|| markdown_to_docx(black_box(&joined), &drafts[0].1, &style).expect("conversion"));
    });
    group.finish();
}

/// The CPU time this thread has used, in seconds.
fn thread_cpu() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write into.
    let done = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut t) };
    assert_eq!(done, 0, "clock_gettime");
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `DOCX_CPU`: thread CPU a draft, per draft and joined; `DOCX_LOOP`: a
/// loop to profile.
fn cpu_figures() {
    let drafts = drafts();
    let style = StyleProfile::default();
    let n = drafts.len() as f64;
    if let Some(rounds) = std::env::var("DOCX_LOOP").ok().and_then(|r| r.parse().ok()) {
        for _ in 0..rounds {
            for (md, props) in &drafts {
                black_box(markdown_to_docx(md, props, &style).expect("conversion"));
            }
        }
        return;
    }
    let joined = drafts
        .iter()
        .map(|(md, _)| md.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(rounds) = std::env::var("DOCX_LOOP_JOINED")
        .ok()
        .and_then(|r| r.parse().ok())
    {
        for _ in 0..rounds {
            black_box(markdown_to_docx(&joined, &drafts[0].1, &style).expect("conversion"));
        }
        return;
    }
    let rounds = |f: &dyn Fn()| {
        median(
            (0..9)
                .map(|_| {
                    let start = thread_cpu();
                    f();
                    (thread_cpu() - start) * 1000.0 / n
                })
                .collect(),
        )
    };
    // A warm-up round: the per-thread parts and compressor.
    for (md, props) in &drafts {
        black_box(markdown_to_docx(md, props, &style).expect("conversion"));
    }
    let each = rounds(&|| {
        for (md, props) in &drafts {
            black_box(markdown_to_docx(md, props, &style).expect("conversion"));
        }
    });
    let one = rounds(&|| {
        black_box(markdown_to_docx(&joined, &drafts[0].1, &style).expect("conversion"));
    });
    let chars = drafts
        .iter()
        .map(|(md, _)| md.chars().count())
        .sum::<usize>() as f64
        / n;
    println!(
        "{} drafts of {chars:.0} characters: {each:.4} ms CPU a draft each, \
         {one:.4} ms a draft joined (medians of 9)",
        drafts.len()
    );
}

criterion_group!(benches, report, many_drafts);

fn main() {
    if ["DOCX_CPU", "DOCX_LOOP", "DOCX_LOOP_JOINED"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
    {
        cpu_figures();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
