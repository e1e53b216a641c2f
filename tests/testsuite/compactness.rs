//! How long the example data files are against the reports they draft
//! (issue 9 §3: "a data file no longer than 1.5 times the report it drafts").
//!
//! **The measure.** The length of a text is the number of its characters
//! other than whitespace: a CJK character, a Latin letter, a digit and a
//! punctuation mark count one each, so indentation, line breaks and the
//! spaces of YAML do not count for or against a file. In a data file,
//! comment lines (first non-blank character `#`) are left out: they explain
//! the example and are not data a writer has to type. A data file is
//! measured against the 工作汇报 it drafts (`huibao.md` of its folder and
//! period under `tests/expected/drafts`, which the golden test keeps equal
//! to what `wengao build` writes).
//!
//! Why the 汇报 and not the longest draft: every example file also carries
//! what only the speech and the research report print (`speech`,
//! `research`, an `outlines.jianghua`), so the ratio to the 汇报 charges the
//! file with every section it holds; the ratio to the longest draft, printed
//! beside it, is the kinder reading and is not asserted.
//!
//! `data/liuchuan/2026-Q3.yaml` keeps its metrics in the long form on
//! purpose (the README and `wengao init` show that form from it) and is
//! printed, not bounded. Every other example writes each metric on one line
//! (the compact form says every field, `累计` and `上年末` included).
//!
//! No example reaches 1.5 yet with the data format as it is (see
//! [`BOUNDS`]); each is held to the ratio it reached, so a file can only
//! grow shorter, and a new example is held to the goal.

use std::path::{Path, PathBuf};

use crate::common::{data_length, files_under, length};

/// The goal of issue 9 §3.
const GOAL: f64 = 1.5;

/// The example deliberately written in the long form.
const LONG_FORM: &str = "liuchuan/2026-Q3.yaml";

/// Files that do not reach [`GOAL`], with the ratio each is held to (the
/// ratio reached, rounded up to leave room for small changes of the
/// drafts). Once every metric is compact, what is left is the prose and its
/// structure: `{key:同比}` references are longer than the words they print
/// (`{tourism_income:同比}`, 19 characters, prints 同比增长16.9%, 9), each
/// item repeats its keys (`lead`, `narrative`, `points`, `results`,
/// `detail`, `causes`), and `speech` and `research` print nothing in the
/// 汇报. `data/tongxi/2026-Q3.yaml`, compact from the start, shows the floor:
/// 1.90.
const BOUNDS: &[(&str, f64)] = &[
    ("gongwen/2026-Q3.yaml", 2.00),
    ("liuchuan/2025-Q3.yaml", 1.95),
    ("liuchuan/2026-Q1.yaml", 2.10),
    ("liuchuan/2026-Q2.yaml", 1.85),
    ("qingshi/2026-01~03.yaml", 1.65),
    ("qingshi/2026-01~04.yaml", 1.60),
    ("qingshi/2026-01~05.yaml", 1.60),
    ("qingshi/2026-H1.yaml", 2.05),
    ("songlin/2026-Q3.yaml", 2.30),
    ("tongxi/2026-Q3.yaml", 1.95),
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example data files, relative to `data/`.
fn examples() -> Vec<PathBuf> {
    files_under(&repo().join("data"))
        .into_iter()
        .filter(|rel| rel.extension().is_some_and(|e| e == "yaml"))
        .collect()
}

/// The drafts of `rel` (`liuchuan/2026-Q3.yaml`), by genre.
fn drafts(rel: &Path) -> Vec<(String, String)> {
    let dir = repo()
        .join("tests/expected/drafts")
        .join(rel.with_extension(""));
    let mut found: Vec<(String, String)> = files_under(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let genre = p.file_stem().unwrap().to_string_lossy().into_owned();
            (genre, std::fs::read_to_string(dir.join(&p)).unwrap())
        })
        .collect();
    found.sort();
    assert!(
        !found.is_empty(),
        "{} has no drafts in {}",
        rel.display(),
        dir.display()
    );
    found
}

#[test]
fn example_data_files_are_not_much_longer_than_their_reports() {
    let mut failures = Vec::new();
    for rel in examples() {
        let name = rel.to_string_lossy().replace('\\', "/");
        let data = data_length(&std::fs::read_to_string(repo().join("data").join(&rel)).unwrap());
        let drafts = drafts(&rel);
        let huibao = drafts
            .iter()
            .find(|(genre, _)| genre == "huibao")
            .map(|(_, text)| length(text))
            .expect("every example drafts a 汇报");
        let (longest_genre, longest) = drafts
            .iter()
            .map(|(genre, text)| (genre.as_str(), length(text)))
            .max_by_key(|(_, len)| *len)
            .unwrap();
        #[allow(clippy::cast_precision_loss)]
        let (ratio, kinder) = (data as f64 / huibao as f64, data as f64 / longest as f64);
        let bound = if name == LONG_FORM {
            None
        } else {
            Some(
                BOUNDS
                    .iter()
                    .find(|(file, _)| *file == name)
                    .map_or(GOAL, |(_, b)| *b),
            )
        };
        println!(
            "{name}: {data} / 汇报 {huibao} = {ratio:.2}; / {longest_genre} {longest} = {kinder:.2}{}",
            bound.map_or_else(
                || " (long form on purpose)".to_owned(),
                |b| format!(", bound {b:.2}")
            )
        );
        if bound.is_some_and(|b| ratio > b) {
            failures.push(format!("{name}: {ratio:.2} > {:.2}", bound.unwrap()));
        }
    }
    assert!(failures.is_empty(), "data files grew: {failures:?}");
}

/// Every bound names an example, is above the goal (else it is not
/// needed), and the long-form example is not among them.
#[test]
fn the_bounds_name_examples_that_miss_the_goal() {
    let names: Vec<String> = examples()
        .iter()
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(names.iter().any(|n| n == LONG_FORM));
    for (file, bound) in BOUNDS {
        assert!(names.iter().any(|n| n == file), "{file} is not an example");
        assert!(*bound > GOAL, "{file}: {bound} needs no exception");
        assert_ne!(*file, LONG_FORM);
    }
}

/// Outside the long-form example, every metric is on one line.
#[test]
fn examples_write_metrics_compact_where_the_form_allows() {
    for rel in examples() {
        let name = rel.to_string_lossy().replace('\\', "/");
        if name == LONG_FORM {
            continue;
        }
        let text = std::fs::read_to_string(repo().join("data").join(&rel)).unwrap();
        let long: Vec<String> = long_form_metrics(&text)
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        assert!(
            long.is_empty(),
            "{name}: metrics {long:?} could be written on one line"
        );
    }
}

/// The metrics of `yaml` written as maps, each with its field lines: a key
/// at indentation 2 under `metrics:` with nothing after its colon.
fn long_form_metrics(yaml: &str) -> Vec<(String, Vec<&str>)> {
    let mut found: Vec<(String, Vec<&str>)> = Vec::new();
    let mut in_metrics = false;
    for line in yaml.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            let section = line.split('#').next().unwrap().trim();
            in_metrics = matches!(section, "metrics:" | "指标:" | "数据:");
            continue;
        }
        if !in_metrics {
            continue;
        }
        if let Some(entry) = line.strip_prefix("  ")
            && !entry.starts_with(' ')
        {
            if let Some(key) = entry.trim_end().strip_suffix(':') {
                found.push((key.to_owned(), Vec::new()));
            }
        } else if let Some((_, body)) = found.last_mut() {
            body.push(line);
        }
    }
    found
}
