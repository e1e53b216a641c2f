//! The one-pass deserializer ([`super::tree`]) checked against
//! `serde_norway`, the reference it stands in for: whenever the tree gives
//! a value, `serde_norway` must give the same one (compared by their
//! `Debug` text), on every YAML file in the repository read into every
//! type the loader reads, and on generated documents full of the scalars
//! where YAML's rules are subtle.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{KeyNames, TopLevel, refuse_raw_characters, source_map};

/// What the tree gives for `source` (`None`: it declines, or the file is
/// refused before deserializing), and what `serde_norway` gives.
fn both<T: DeserializeOwned>(
    source: &str,
    names: &dyn KeyNames,
) -> Option<(Option<T>, Result<T, serde_norway::Error>)> {
    // As `parse_keyed` does: text where parsers part ways is not given
    // to the tree.
    let unusual = refuse_raw_characters(source).ok()?;
    let (_, tree) = source_map::build(source, names, !unusual).ok()?;
    let fast = if unusual {
        None
    } else {
        tree.deserialize::<T>()
    };
    Some((fast, serde_norway::from_str::<T>(source)))
}

/// Fails when the tree gives a value `serde_norway` does not give;
/// whether the tree gave one.
fn agree<T: DeserializeOwned + Debug>(
    source: &str,
    names: &dyn KeyNames,
) -> std::result::Result<bool, String> {
    let Some((fast, slow)) = both::<T>(source, names) else {
        return Ok(false);
    };
    let Some(fast) = fast else {
        return Ok(false);
    };
    match slow {
        Ok(slow) if format!("{fast:?}") == format!("{slow:?}") => Ok(true),
        Ok(slow) => Err(format!(
            "{}: the tree gives\n{fast:?}\nserde_norway gives\n{slow:?}\nfor\n{source}",
            std::any::type_name::<T>()
        )),
        Err(e) => Err(format!(
            "{}: the tree gives\n{fast:?}\nserde_norway refuses: {e}\nfor\n{source}",
            std::any::type_name::<T>()
        )),
    }
}

/// Every type a YAML file is loaded into, tried on `source`; how many
/// the tree read.
fn agree_on_every_type(source: &str) -> std::result::Result<usize, String> {
    let data = &crate::data::keys::DataKeys;
    let plain = &TopLevel(&[]);
    let results = [
        agree::<crate::data::Data>(source, data)?,
        agree::<serde_norway::Value>(source, data)?,
        agree::<serde_json::Value>(source, plain)?,
        agree::<crate::config::Config>(source, plain)?,
        agree::<crate::lint::LintConfig>(source, plain)?,
        agree::<crate::docx::StyleProfile>(source, plain)?,
        agree::<crate::render::genre::FrontMatter>(source, plain)?,
    ];
    // `wengao next` only checks that the file is YAML.
    let ignored = both::<serde::de::IgnoredAny>(source, data);
    if let Some((Some(_), Err(e))) = ignored {
        return Err(format!(
            "IgnoredAny: serde_norway refuses: {e}\nfor\n{source}"
        ));
    }
    Ok(results.iter().filter(|read| **read).count())
}

fn yaml_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "cfg")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_yaml_file_in_the_repository_reads_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let mut files = 0;
    for dir in [
        "data",
        "init",
        "templates",
        "tests/corpus",
        "tests/fixtures",
    ] {
        for path in yaml_files(&root.join(dir)) {
            let Ok((source, _)) = crate::files::read_text(&path) else {
                continue;
            };
            files += 1;
            if let Err(e) = agree_on_every_type(&source) {
                failures.push(format!("{}: {e}", path.display()));
            }
        }
    }
    assert!(files > 80, "only {files} YAML files found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_example_data_files_are_read_in_one_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["data", "init/data"] {
        for path in yaml_files(&root.join(dir)) {
            let (source, _) = crate::files::read_text(&path).unwrap();
            let read = agree::<crate::data::Data>(&source, &crate::data::keys::DataKeys);
            assert_eq!(read, Ok(true), "{}", path.display());
        }
    }
}

/// Scalars written plainly where the rules bite: every form of null, bool
/// and number `serde_norway` knows, near misses of each, and text.
const PLAIN: &[&str] = &[
    "~",
    "null",
    "Null",
    "NULL",
    "nULL",
    "true",
    "True",
    "TRUE",
    "tRUE",
    "false",
    "False",
    "FALSE",
    "yes",
    "no",
    "on",
    "off",
    "Yes",
    "y",
    "n",
    "0",
    "-0",
    "+0",
    "00",
    "007",
    "-007",
    "+007",
    "1",
    "+1",
    "-1",
    "++1",
    "+-1",
    "12",
    "1e3",
    "1E3",
    "-1e3",
    "1e-3",
    "1e+3",
    "+1e3",
    "1e400",
    "-1e400",
    "1.",
    ".5",
    "-.5",
    "+.5",
    "5.0",
    "3.14",
    "-3.14",
    "0.0",
    "1_000",
    "1,000",
    "0x1F",
    "0X1F",
    "0x1f",
    "-0x1F",
    "+0x1F",
    "0x-1",
    "0x",
    "0o17",
    "-0o17",
    "+0o17",
    "0o8",
    "0b101",
    "-0b101",
    "0b2",
    "017",
    "0.5e1",
    ".inf",
    ".Inf",
    ".INF",
    "+.inf",
    "-.inf",
    "-.Inf",
    ".nan",
    ".NaN",
    ".NAN",
    "-.nan",
    "nan",
    "NaN",
    "inf",
    "infinity",
    "-inf",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "340282366920938463463374607431768211455",
    "340282366920938463463374607431768211456",
    "-170141183460469231731687303715884105728",
    "-170141183460469231731687303715884105729",
    "12个",
    "3221人",
    "95.1%",
    "2026-Q1",
    "2026-04-08",
    "2026",
    "Q3",
    "01~05",
    "alpha",
    "beta",
    "Alpha",
    "中文",
    "离退休干部 3221人",
    "说明：甲",
    "a.b",
    "x-y",
    "a'b",
    "a\"b",
    "50余人",
    "约3成",
];

/// Text for quoted and block scalars, including what a plain scalar
/// cannot hold.
const TEXT: &[&str] = &[
    "",
    " ",
    "a: b",
    "a #b",
    "- x",
    "[x]",
    "{x}",
    "#x",
    "@x",
    "`x",
    "%x",
    "!x",
    "&x",
    "*x",
    "|x",
    ">x",
    "?x",
    "'",
    "\"",
    "\\",
    "x ",
    " x",
    "中文，标点。",
    "12个",
    "~",
    "null",
    "true",
    "1e3",
    "0x1F",
    ".inf",
    "行一\n行二",
    "甲\n\n乙",
    "尾\n",
    "a  b",
];

/// A document to write: the shape of a YAML file.
#[derive(Clone, Debug)]
pub(super) enum Doc {
    Plain(&'static str),
    /// Several words of plain text, written over several lines.
    Folded(Vec<&'static str>),
    Single(String),
    Double(String),
    Block {
        text: String,
        literal: bool,
        chomp: &'static str,
    },
    Seq(Vec<Doc>),
    Map(Vec<(String, Doc)>),
}

const KEYS: &[&str] = &[
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "x",
    "名称",
    "值",
    "1",
    "true",
    "~",
    "0x1F",
    "12个",
    "\"a\"",
    "'b'",
    "\"键 空格\"",
];

fn scalar() -> impl Strategy<Value = Doc> {
    let text = prop::sample::select(TEXT).prop_map(str::to_owned);
    let words = prop::sample::select(
        PLAIN
            .iter()
            .copied()
            .filter(|w| w.len() > 1)
            .collect::<Vec<_>>(),
    );
    prop_oneof![
        4 => prop::sample::select(PLAIN).prop_map(Doc::Plain),
        1 => prop::collection::vec(words, 2..4).prop_map(Doc::Folded),
        2 => prop_oneof![prop::sample::select(PLAIN).prop_map(str::to_owned), text.clone()]
            .prop_map(Doc::Single),
        2 => prop_oneof![
            prop::sample::select(PLAIN).prop_map(str::to_owned),
            text.clone(),
            prop::sample::select(&[
                "\\u4E2D\\u6587", "\\x41", "\\n", "a\\tb", "\\\"", "\\\\", "\\/", "\\ ",
                "line\\\n  break", "\\u00e9",
            ][..]).prop_map(str::to_owned),
        ]
        .prop_map(Doc::Double),
        1 => (
            prop::collection::vec(text, 1..4),
            any::<bool>(),
            prop::sample::select(&["", "-", "+"][..]),
        )
            .prop_map(|(lines, literal, chomp)| Doc::Block {
                text: lines.join("\n"),
                literal,
                chomp,
            }),
    ]
}

fn document() -> impl Strategy<Value = Doc> {
    let key = prop::sample::select(KEYS).prop_map(str::to_owned);
    scalar().prop_recursive(4, 40, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Doc::Seq),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|entries| {
                // Duplicate keys are refused before deserializing.
                let mut seen = std::collections::HashSet::new();
                Doc::Map(
                    entries
                        .into_iter()
                        .filter(|(k, _)| seen.insert(k.trim_matches(['"', '\'']).to_owned()))
                        .collect(),
                )
            }),
        ]
    })
}

/// Writes `doc` in block style at `indent`, after a `key:` or `-` that
/// is already written; `flow` writes collections as `[..]` and `{..}`.
fn write(doc: &Doc, indent: usize, flow: bool, out: &mut String) {
    let pad = " ".repeat(indent);
    match doc {
        Doc::Plain(p) => {
            out.push(' ');
            out.push_str(p);
        }
        Doc::Folded(words) => {
            out.push(' ');
            out.push_str(&words.join(&format!("\n{pad}  ")));
        }
        Doc::Single(s) => {
            out.push_str(" '");
            out.push_str(&s.replace('\'', "''").replace('\n', "\n\n"));
            out.push('\'');
        }
        Doc::Double(s) => {
            out.push_str(" \"");
            out.push_str(&s.replace('"', "\\\"").replace('\n', &format!("\n{pad}  ")));
            out.push('"');
        }
        Doc::Block {
            text,
            literal,
            chomp,
        } => {
            out.push_str(if *literal { " |" } else { " >" });
            out.push_str(chomp);
            for line in text.split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&pad);
                    out.push_str("  ");
                    out.push_str(line.trim_start());
                }
            }
        }
        Doc::Seq(items) if flow || items.is_empty() => {
            out.push_str(" [");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_flow(item, out);
            }
            out.push_str(" ]");
        }
        Doc::Map(entries) if flow || entries.is_empty() => {
            out.push_str(" {");
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push(' ');
                out.push_str(k);
                out.push(':');
                write_flow(v, out);
            }
            out.push_str(" }");
        }
        Doc::Seq(items) => {
            for item in items {
                out.push('\n');
                out.push_str(&pad);
                out.push('-');
                write(item, indent + 2, false, out);
            }
        }
        Doc::Map(entries) => {
            for (k, v) in entries {
                out.push('\n');
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                write(v, indent + 2, false, out);
            }
        }
    }
}

/// Inside `[..]` or `{..}`: plain scalars without flow indicators, quoted
/// ones on one line, no block scalars.
fn write_flow(doc: &Doc, out: &mut String) {
    match doc {
        Doc::Plain(p) if !p.contains([',', '[', ']', '{', '}']) => write(doc, 0, true, out),
        Doc::Plain(p) => write(&Doc::Single((*p).to_owned()), 0, true, out),
        Doc::Folded(words) => write(&Doc::Single(words.join(" ")), 0, true, out),
        Doc::Block { text, .. } => write(&Doc::Double(text.replace('\n', "\\n")), 0, true, out),
        Doc::Single(s) | Doc::Double(s) if s.contains('\n') => {
            write(&Doc::Single(s.replace('\n', " ")), 0, true, out);
        }
        _ => write(doc, 0, true, out),
    }
}

/// The document as a file: a mapping at the top, as every file is.
pub(super) fn file(entries: &[(String, Doc)], flow_from: usize) -> String {
    let mut out = String::from("# 生成的文件\n");
    for (i, (k, v)) in entries.iter().enumerate() {
        out.push_str(k);
        out.push(':');
        write(v, 2, i >= flow_from, &mut out);
        out.push('\n');
    }
    out
}

pub(super) fn top_level() -> impl Strategy<Value = (Vec<(String, Doc)>, usize)> {
    let entries = prop::collection::btree_map(prop::sample::select(KEYS), document(), 1..6);
    let entries = entries.prop_map(|entries| {
        let mut seen = std::collections::HashSet::new();
        entries
            .into_iter()
            .filter(|(k, _)| seen.insert(k.trim_matches(['"', '\'']).to_owned()))
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Vec<_>>()
    });
    (entries, 0usize..8)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Alpha,
    Beta,
    #[serde(rename = "12个")]
    Ge,
    #[serde(alias = "true")]
    Yes,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read through Debug
struct Typed {
    a: Option<String>,
    b: Option<u32>,
    c: Option<f64>,
    d: Option<Kind>,
    e: Option<bool>,
    f: Option<Vec<String>>,
    #[serde(default)]
    g: i64,
    #[serde(default, alias = "名称")]
    h: String,
    x: Option<()>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read through Debug
struct Strict {
    #[serde(default)]
    a: Vec<String>,
    #[serde(default)]
    b: Option<u8>,
    #[serde(default)]
    c: std::collections::BTreeMap<String, f32>,
    #[serde(default)]
    d: Vec<Kind>,
    #[serde(flatten)]
    rest: Flat,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read through Debug
struct Flat {
    e: Option<Either>,
    #[serde(default)]
    f: (),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // read through Debug
enum Either {
    Number(i32),
    Flag(bool),
    Text(String),
    List(Vec<Option<String>>),
    Map(indexmap::IndexMap<String, u64>),
}

fn check_all(source: &str) -> std::result::Result<(), TestCaseError> {
    let names = &TopLevel(&[]);
    let results = [
        agree::<serde_json::Value>(source, names),
        agree::<serde_norway::Value>(source, names),
        agree::<Typed>(source, names),
        agree::<Strict>(source, names),
        agree::<crate::data::Data>(source, &crate::data::keys::DataKeys),
    ];
    for result in results {
        result.map_err(TestCaseError::fail)?;
    }
    Ok(())
}

/// Generated documents: the tree must agree with `serde_norway` on every
/// one, and read most of them (a tree that declined everything would pass
/// vacuously).
#[test]
fn generated_documents_read_the_same_both_ways() {
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases: 600,
        ..Config::default()
    });
    let read = std::cell::Cell::new(0usize);
    runner
        .run(&top_level(), |(entries, flow_from)| {
            let source = file(&entries, flow_from);
            let json = agree::<serde_json::Value>(&source, &TopLevel(&[]));
            read.set(read.get() + usize::from(json == Ok(true)));
            json.map_err(TestCaseError::fail)?;
            check_all(&source)
        })
        .unwrap();
    assert!(
        read.get() > 300,
        "the tree read only {} documents",
        read.get()
    );
}

/// A document shaped like [`Strict`], so that most fields are read.
fn strict_shaped() -> impl Strategy<Value = Vec<(String, Doc)>> {
    let scalars = || prop::collection::vec(scalar(), 0..4).prop_map(Doc::Seq);
    let keyed = prop::collection::btree_map(prop::sample::select(KEYS), scalar(), 0..4)
        .prop_map(|m| Doc::Map(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
    (
        scalars(),
        scalar(),
        keyed,
        scalars(),
        prop_oneof![scalar(), document()],
        prop::option::of(scalar()),
    )
        .prop_map(|(a, b, c, d, e, f)| {
            let mut entries = vec![
                ("a".to_owned(), a),
                ("b".to_owned(), b),
                ("c".to_owned(), c),
                ("d".to_owned(), d),
                ("e".to_owned(), e),
            ];
            entries.extend(f.map(|f| ("f".to_owned(), f)));
            entries
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn typed_documents_read_the_same_both_ways(entries in strict_shaped(), flow_from in 0usize..6) {
        check_all(&file(&entries, flow_from))?;
    }

}

/// Every scalar of the lists above, in every style, under every key of
/// the typed structs and in a list: exhaustively, not by chance.
#[test]
fn every_scalar_reads_the_same_in_every_field() {
    let mut values: Vec<Doc> = PLAIN.iter().map(|p| Doc::Plain(p)).collect();
    for text in PLAIN.iter().chain(TEXT) {
        values.push(Doc::Single((*text).to_owned()));
        values.push(Doc::Double((*text).to_owned()));
        values.push(Doc::Block {
            text: (*text).to_owned(),
            literal: true,
            chomp: "",
        });
        values.push(Doc::Block {
            text: (*text).to_owned(),
            literal: false,
            chomp: "-",
        });
    }
    let mut failures = Vec::new();
    for key in ["a", "b", "c", "d", "e", "f", "g", "h", "x"] {
        for value in &values {
            for doc in [value.clone(), Doc::Seq(vec![value.clone()])] {
                let source = file(&[(key.to_owned(), doc)], usize::from(key == "f"));
                if let Err(e) = check_all(&source) {
                    failures.push(e.to_string());
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Whole documents where two YAML parsers are most likely to part ways:
/// document markers, comments, blank lines, explicit keys, flow oddities,
/// indentation indicators, escapes, long keys.
#[test]
fn tricky_documents_read_the_same_both_ways() {
    let long_cjk_key = format!("{}: 1\n", "甲".repeat(1100));
    let long_ascii_key = format!("{}: 1\n", "k".repeat(1030));
    let just_short_key = format!("{}: 1\n", "键".repeat(1000));
    let documents = [
        "---\na: 1\n",
        "---\na: 1\n...\n",
        "--- # c\na: 1\n",
        "a: 1 # c\nb: 'x' # c\nc: \"y\"   # c\n",
        "a: x   \nb:   y\n",
        "a:\n\n  b: 1\n\n",
        "a: b\n  c\n   d\n",
        "a: b\n\n  c\n",
        "a: 'x\n\n  y'\n",
        "a: 'x\n  y  \n  z'\n",
        "a: \"x\\\n  y\"\n",
        "a: \"x \\\n  y\"\n",
        "a: \"  x\n\n\n  y  \"\n",
        "a: >\n  x\n\n   y\n  z\n",
        "a: >\n  x\n   y\n  z\n\n",
        "a: |2\n   x\n",
        "a: |\n\n  x\n",
        "a: |\n  x\n\n\n",
        "a: |-\n  x\n\n\n",
        "a: |+\n  x\n\n\n",
        "a: >+\n  x\n\n",
        "a: |\n  x\n b: 1\n",
        "a: |\n    x\n  y\n",
        "a: |\n  # not a comment\n",
        "? a\n: 1\n",
        "? a\n",
        "a: [1, 2,]\n",
        "a: {b: 1, c}\n",
        "a: {b: 1, c: }\n",
        "a: [b: 1, c]\n",
        "a: [[1, 2], {x: [y]}]\n",
        "a: [\n  1,\n  2\n]\n",
        "a: {\n  b: 1,\n  c: 2\n  }\n",
        "- a\n- b\n",
        "- a: 1\n  b: 2\n- - x\n  - y\n",
        "a:\n- x\n- y\nb: 1\n",
        "a:\n  - x\n  -\n  - ~\n",
        "a: -1\nb: - \n",
        "a: 'it''s'\n",
        "a: \"\\U0001F600 \\u00e9 \\x41\"\n",
        "a: \"\\_ \\L \\P \\0\"\n",
        "a: \"\\t \\/ \\  \\\"\"\n",
        "a: 😀文字\n",
        "a:b: c\n",
        "a: b:c\n",
        "a: b#c\n",
        "a: http://x.y/z?q=1#f\n",
        "a: -x\nb: ?x\nc: :x\n",
        "a: x - y\nb: '- y'\n",
        "a:    \nb: ~\nc: null\nd:\n",
        "a: [ ]\nb: { }\nc: ''\nd: \"\"\n",
        "a: 1\n\n\n# c\n",
        "# c\n\na: 1\n",
        "\u{FEFF}a: 1\n",
        "a: 1\r\nb: |\r\n  x\r\n  y\r\n",
        "a: 1\rb: 2\r",
        "a: x\u{2028}y\n",
        "a:\tb\n",
        "a: b\t\nc: d\n",
        "a:\n\t- b\n",
        "%YAML 1.2\n---\na: 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: !!str 1\n",
        "a: &x 1\nb: *x\n",
        "<<: {a: 1}\nb: 2\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "[a, b]: 1\n",
        "{a: 1}\n",
        "[1, 2]\n",
        "a: 1\n  b: 2\n",
        "a: b: c\n",
        "a: 'x' y\n",
        "a:\n  b: 1\n c: 2\n",
        "a: [1, 2\n",
        "a: \"x\n",
        "a: |\n x\n  y\n",
        "'a\n  b': 1\n",
        "\"a\\\n  b\": 1\n",
        long_cjk_key.as_str(),
        long_ascii_key.as_str(),
        just_short_key.as_str(),
    ];
    let mut failures = Vec::new();
    for source in documents {
        if let Err(e) = check_all(source) {
            failures.push(e.to_string());
        }
        if let Err(e) = agree_on_every_type(source) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
