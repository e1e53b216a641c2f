//! `wengao diff` of two long drafts of one report, a period apart, at
//! 100 KiB and 1 MiB: every paragraph's figures changed and one paragraph
//! in seven moved to the end as well. Pairing each changed paragraph with
//! where it came from once compared it with every other changed one
//! (1 MB: 5 s, 120 s and more when no paragraph was left unchanged); the
//! time must now grow with the drafts: compare the two medians (both
//! include loading jieba's dictionary, about 0.13 s).
//! `cargo bench --bench diff`; `WENGAO_BIN` measures another build.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const SIZE: usize = 1024 * 1024;

fn wengao() -> PathBuf {
    std::env::var_os("WENGAO_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_wengao")),
        PathBuf::from,
    )
}

/// One `wengao diff`; exit status 1 (the drafts differ) is expected.
fn diff(dir: &Path, old: &str, new: &str) {
    let status = Command::new(wengao())
        .args(["diff", "--color", "never", old, new])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run wengao");
    assert_eq!(status.code(), Some(1), "wengao diff {old} {new}");
}

/// Paragraph `i` of the report of period `period`: the same words each
/// period, other figures.
fn paragraph(i: usize, period: usize) -> String {
    let figure = |k: usize| (i * 7919 + k * 104_729 + period * 1_299_709) % 997 + 3;
    format!(
        "第{i}项工作：全县离退休干部党员{}名，同比增长{}.{}%；建成党支部{}个，\
         开展“银发课堂”活动{}场次，走访慰问老同志{}人次，办理实事{}件。\
         工作扎实推进，老同志满意度持续提升。",
        figure(1),
        figure(2) % 30,
        figure(3) % 10,
        figure(4),
        figure(5),
        figure(6) * 3,
        figure(7),
    )
}

/// A draft of `count` paragraphs: a title, then sections of twenty
/// paragraphs under a heading. With `moved`, every seventh paragraph comes
/// after all the others.
fn draft(count: usize, period: usize, moved: bool) -> String {
    let mut kept = String::from("# 关于全县老干部工作情况的报告\n\n");
    let mut last = String::new();
    for i in 0..count {
        if i % 20 == 0 {
            kept.push_str(&format!("## 第{}部分\n\n", i / 20 + 1));
        }
        let text = paragraph(i, period) + "\n\n";
        if moved && i % 7 == 3 {
            last.push_str(&text);
        } else {
            kept.push_str(&text);
        }
    }
    kept + &last
}

/// Two periods' drafts of as many paragraphs as keep both within `bytes`.
fn drafts(bytes: usize) -> (String, String) {
    let mut count = bytes / paragraph(0, 1).len();
    loop {
        let (old, new) = (draft(count, 1, false), draft(count, 2, true));
        if old.len().max(new.len()) <= bytes {
            return (old, new);
        }
        count -= count / 100 + 1;
    }
}

fn long_drafts(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("diff_changed_everywhere");
    group.sample_size(10);
    for (name, bytes) in [("100KiB", SIZE / 10), ("1MiB", SIZE)] {
        let (old, new) = (format!("old-{name}.md"), format!("new-{name}.md"));
        let (old_text, new_text) = drafts(bytes);
        std::fs::write(dir.path().join(&old), old_text).expect("write");
        std::fs::write(dir.path().join(&new), new_text).expect("write");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| b.iter(|| diff(dir.path(), &old, &new)));
    }
    group.finish();
}

criterion_group!(benches, long_drafts);
criterion_main!(benches);
