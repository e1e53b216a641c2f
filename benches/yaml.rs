//! Loading generated data files of ~100 KB and ~1 MB (the size limit):
//! reading YAML must scale linearly, 10× the input at most 11× the time.
//! `cargo bench --bench yaml`; compare the two medians.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

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

fn load(c: &mut Criterion) {
    let path = Path::new("bench.yaml");
    let mut group = c.benchmark_group("load_data");
    group.sample_size(10);
    for (name, bytes) in [("100KB", 100_000), ("1MB", 1_000_000)] {
        let source = generate(bytes);
        wengao::data::load::parse(path, source.clone()).expect("the generated file loads");
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &source, |b, s| {
            b.iter(|| wengao::data::load::parse(path, black_box(s.clone())).expect("loads"))
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
