//! Markdown → DOCX bytes for the ~8,000-character report fixture.
//! `cargo bench --bench docx`; the aim is ≤ 1 ms a report on one core.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use wengao::docx::{DocProps, StyleProfile, markdown_to_docx};

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

criterion_group!(benches, report);
criterion_main!(benches);
