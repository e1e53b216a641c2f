//! Loading generated data files of ~100 KB and ~1 MB (the size limit):
//! reading YAML must scale linearly, 10× the input at most 11× the time.
//! Then loading and validating files of as many metrics as fit, each with
//! the figures validate reads back as written (validate once read each
//! number's line from the top of the file: 11.5 s for 9,500 metrics).
//! `cargo bench --bench yaml`; compare the two medians of each group.
//!
//! On Unix the time measured is the thread's CPU time, so that other
//! processes on a busy machine do not stretch the large case more than the
//! small one; elsewhere it is the wall clock.

use std::hint::black_box;
use std::path::Path;

use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// The binary's allocator (src/main.rs), so that the figures are the
/// binary's: with the system's, the 1 MB case of many metrics took 14× the
/// time of the 100 KB one, with the binary's 10×.
#[global_allocator]
static ALLOCATOR: wengao::memory::Allocator = wengao::memory::Allocator;

/// An ordinary data file of about `bytes` bytes: the header of a real one
/// and as many practices as fit, each a lead, a narrative and three points.
fn generate(bytes: usize) -> String {
    let mut out = String::from(
        "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  \
         period: 2026-Q3\n  date: 2026-10-12\nmetrics:\n  branches:\n    name: 离退休干部党支部\n    \
         value: 81\n    unit: 个\npractices:\n",
    );
    let mut i = 0;
    loop {
        let practice = format!(
            "  - lead: 第{i}项做法，突出政治引领推动思想政治建设走深走实\n    \
             narrative: 坚持把政治建设摆在首位，研究解决阵地建设、经费保障等重点问题。\n    \
             points:\n      - 建立“月学习、季报告、年述评”制度，组织集中学习\n      \
             - 举办形势报告会和情况通报会，邀请老同志参加观摩\n      \
             - 全县建成离退休干部党支部{{branches}}\n"
        );
        if out.len() + practice.len() > bytes {
            return out;
        }
        out.push_str(&practice);
        i += 1;
    }
}

/// A data file of about `bytes` bytes that is nearly all metrics, each
/// with a value, a previous and a last year's figure.
fn generate_metrics(bytes: usize) -> String {
    let mut out = String::from(
        "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  \
         period: 2026-Q3\n  date: 2026-10-12\nmetrics:\n",
    );
    let mut i = 0;
    loop {
        let metric = format!(
            "  m{i}:\n    name: 指标{i}\n    value: {i}.5\n    unit: 个\n    \
             previous: {i}\n    last_year: {}\n",
            i + 1
        );
        if out.len() + metric.len() > bytes {
            return out;
        }
        out.push_str(&metric);
        i += 1;
    }
}

fn load<M: Measurement>(c: &mut Criterion<M>) {
    let path = Path::new("bench.yaml");
    let mut group = c.benchmark_group("load_data");
    group.sample_size(10);
    for (name, bytes) in [("100KB", 100_000), ("1MB", 1_000_000)] {
        let source = generate(bytes);
        wengao::data::load::parse(path, source.clone()).expect("the generated file loads");
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &source, |b, s| {
            b.iter(|| wengao::data::load::parse(path, black_box(s.clone())).expect("loads"));
        });
    }
    group.finish();
    let mut group = c.benchmark_group("load_and_validate_metrics");
    group.sample_size(10);
    for (name, bytes) in [("100KB", 100_000), ("1MB", 1_000_000)] {
        let source = generate_metrics(bytes);
        let loaded = wengao::data::load::parse(path, source.clone()).expect("loads");
        assert!(wengao::data::validate::validate(&loaded).is_empty());
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &source, |b, s| {
            b.iter(|| {
                let loaded = wengao::data::load::parse(path, black_box(s.clone())).expect("loads");
                wengao::data::validate::validate(&loaded)
            });
        });
    }
    group.finish();
}

#[cfg(unix)]
mod cpu {
    use criterion::measurement::{Measurement, ValueFormatter};
    use criterion::{Criterion, Throughput};

    /// The calling thread's CPU time, in nanoseconds.
    pub(crate) struct CpuTime;

    fn now() -> u64 {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec to write into; the clock exists on
        // every Unix Rust supports.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut t) };
        t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
    }

    impl Measurement for CpuTime {
        type Intermediate = u64;
        type Value = u64;

        fn start(&self) -> u64 {
            now()
        }
        fn end(&self, start: u64) -> u64 {
            now() - start
        }
        fn add(&self, a: &u64, b: &u64) -> u64 {
            a + b
        }
        fn zero(&self) -> u64 {
            0
        }
        fn to_f64(&self, value: &u64) -> f64 {
            *value as f64
        }
        fn formatter(&self) -> &dyn ValueFormatter {
            &CpuFormatter
        }
    }

    struct CpuFormatter;

    impl ValueFormatter for CpuFormatter {
        fn scale_values(&self, _typical: f64, values: &mut [f64]) -> &'static str {
            for v in values {
                *v /= 1e6;
            }
            "ms (CPU)"
        }
        fn scale_throughputs(
            &self,
            _typical: f64,
            throughput: &Throughput,
            values: &mut [f64],
        ) -> &'static str {
            let bytes = match throughput {
                Throughput::Bytes(b) | Throughput::BytesDecimal(b) => *b as f64,
                Throughput::Elements(e) | Throughput::ElementsAndBytes { elements: e, .. } => {
                    *e as f64
                }
                Throughput::Bits(b) => *b as f64 / 8.0,
            };
            for v in values {
                *v = bytes * 1e9 / *v / (1024.0 * 1024.0);
            }
            "MiB/s (CPU)"
        }
        fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
            "ns"
        }
    }

    pub(crate) fn criterion() -> Criterion<CpuTime> {
        Criterion::default().with_measurement(CpuTime)
    }
}

#[cfg(unix)]
criterion_group! {
    name = benches;
    config = cpu::criterion();
    targets = load
}

#[cfg(not(unix))]
criterion_group!(benches, load);

criterion_main!(benches);
