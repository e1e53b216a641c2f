//! Property tests of the whole pipeline — load → validate → render → lint →
//! DOCX — on damaged and hostile input: it may refuse a file, but it must
//! never panic, whatever it drafts must lint and convert, and no invisible
//! character (control, non-character, bidi) ever reaches a draft or a DOCX:
//! written raw or as a YAML escape, the file is refused or comes out clean.
//!
//! CI runs the default number of cases; a longer run:
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

mod common;

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use wengao::data::load::parse;
use wengao::data::validate::validate;
use wengao::docx::{DocProps, StyleProfile, markdown_to_docx};
use wengao::lint::{LintConfig, lint};
use wengao::render::Genre;
use wengao::render::context::Context;
use wengao::render::templates::Templates;

static TEMPLATES: LazyLock<Templates> = LazyLock::new(|| Templates::load(None).unwrap());

const EXAMPLE: &str = include_str!("../data/liuchuan/2026-Q3.yaml");

/// Characters that stress YAML, Markdown, the lint and XML.
const TRICKY: &[&str] = &[
    "{",
    "}",
    "{{",
    "{%",
    ":",
    ": ",
    "- ",
    "#",
    "*",
    "**",
    "\\",
    "|",
    "<",
    ">",
    "&",
    "[",
    "]",
    "`",
    "\"",
    "'",
    "\n",
    "\n  ",
    "\t",
    "。",
    "，",
    "；",
    "：",
    "“",
    "”",
    "（",
    "）",
    "【",
    "】",
    "【待补：",
    "一是",
    "二是",
    "三项",
    "XX",
    "20xx",
    "……",
    "...",
    "15～30%",
    "约",
    "左右",
    "4千",
    "{branches}",
    "{branches:同比}",
    "{retired_members:占比}",
    "{nope}",
    "&a ",
    "*a",
    "\u{FFFF}",
    "\u{7}",
    "𠀀",
    "é",
    "0",
    "-1",
    "1e309",
    "~",
    "!",
    "%",
    "@",
    "\u{202E}",
    "\u{2066}",
    "\u{85}",
];

/// YAML escapes of invisible characters, written as is inside a
/// double-quoted scalar (and as literal backslashes anywhere else).
/// `\r` is left to the normalisation of line ends in data text.
const ESCAPES: &[&str] = &[
    "\\0", "\\a", "\\b", "\\e", "\\v", "\\f", "\\x7f", "\\x85", "\\x9b", "\\uFFFF", "\\uFFFE",
    "\\N", "\\u202A", "\\u202E", "\\u2066", "\\u2069", "\\t", "\\n", "\\L", "\\u00e9",
];

/// A character no output may hold: C0 controls but line feed and tab, C1
/// controls, DEL, the non-characters U+FFFE/U+FFFF and the bidi controls.
fn invisible(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t')
        || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(what: &str, text: &str) {
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| invisible(c)) {
        let around: String = text[at..].chars().take(40).collect();
        panic!("U+{:04X} reached {what}: {around:?}", c as u32);
    }
}

/// How far a data file got.
#[derive(Debug, PartialEq)]
enum Reached {
    /// Refused while reading: the message.
    Unreadable(String),
    /// Refused by the data checks: their messages.
    Invalid(Vec<String>),
    Drafted,
}

/// Takes the data through every step.
fn run(source: String) -> Reached {
    let loaded = match parse(Path::new("fuzz.yaml"), source) {
        Ok(l) => l,
        Err(d) => return Reached::Unreadable(d.to_string()),
    };
    let findings = validate(&loaded);
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.is_error())
        .map(ToString::to_string)
        .collect();
    if !errors.is_empty() {
        return Reached::Invalid(errors);
    }
    let context = Context::new(&loaded.data);
    for genre in Genre::ALL {
        let rendered = TEMPLATES
            .render(genre, &context)
            .expect("templates render valid data");
        assert_clean("the draft", &rendered.markdown);
        for f in lint(&rendered.markdown, &LintConfig::default()) {
            let line = rendered.markdown.lines().nth(f.span.line - 1).unwrap_or("");
            assert!(
                f.span.column <= line.chars().count() + 1,
                "span outside its line"
            );
        }
        let props = DocProps {
            title: "标题".into(),
            author: None,
            date: loaded.data.meta.date,
        };
        let docx = markdown_to_docx(&rendered.markdown, &props, &StyleProfile::default())
            .expect("drafts convert");
        assert!(docx.starts_with(b"PK"));
        for paragraph in common::Package::open(&docx).paragraphs() {
            assert_clean("the DOCX", &paragraph.text());
        }
    }
    Reached::Drafted
}

/// An edit at a fraction of the way through the text.
fn edit() -> impl Strategy<Value = (f64, usize, String)> {
    (
        0.0..1.0f64,
        0..4usize,
        prop::collection::vec(piece(), 1..4).prop_map(|v| v.concat()),
    )
}

/// A tricky piece of text, or now and then a YAML escape.
fn piece() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => prop::sample::select(TRICKY),
        1 => prop::sample::select(ESCAPES),
    ]
}

fn apply(text: &str, edits: &[(f64, usize, String)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, delete, insert) in edits {
        let i = ((chars.len() as f64) * at) as usize;
        let end = (i + delete).min(chars.len());
        chars.splice(i..end, insert.chars());
    }
    chars.into_iter().collect()
}

proptest! {
    /// Random damage anywhere in a real data file.
    #[test]
    fn damaged_data_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        run(apply(EXAMPLE, &edits));
    }

    /// Hostile text in prose is either drafted, or refused for what it is
    /// (a placeholder, a bad reference, an invisible character, nothing).
    #[test]
    fn hostile_prose_is_drafted_or_refused_for_a_reason(
        pieces in prop::collection::vec(piece(), 0..12)
    ) {
        let text: String = pieces.concat();
        let source = EXAMPLE.replace(
            "summary: 全县离退休干部党建工作提质增效，服务管理更加精准，老同志正能量作用持续彰显",
            &format!("summary: {}", quote(&pieces)),
        );
        match run(source) {
            Reached::Drafted => {}
            Reached::Unreadable(m) => prop_assert!(
                ["控制字符", "双向文字控制符", "U+FFFF"].iter().any(|w| m.contains(w)),
                "{text:?}: {m}"
            ),
            Reached::Invalid(errors) => {
                for m in errors {
                    prop_assert!(
                        ["占位符", "指标", "写法", "不能为空", "要求"].iter().any(|w| m.contains(w)),
                        "{text:?}: {m}"
                    );
                }
            }
        }
    }
}

/// `pieces` as a double-quoted YAML scalar: escapes from [`ESCAPES`] as
/// they are, everything else quoted literally.
fn quote(pieces: &[&str]) -> String {
    let mut out = String::from('"');
    for piece in pieces {
        if ESCAPES.contains(piece) {
            out.push_str(piece);
            continue;
        }
        for c in piece.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}
