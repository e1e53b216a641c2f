//! Property tests of the whole pipeline — load → validate → render → lint →
//! DOCX — on damaged and hostile input: it may refuse a file, but it must
//! never panic, whatever it drafts must lint and convert, and no invisible
//! character (control, non-character, bidi) ever reaches a draft or a DOCX:
//! written raw or as a YAML escape, the file is refused or comes out clean.
//!
//! CI runs the default number of cases; a longer run:
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use wengao::data::load::parse;
use wengao::data::validate::validate;
use wengao::docx::{DocProps, StyleProfile, markdown_to_docx};
use wengao::lint::{LintConfig, lint};
use wengao::render::context::Context;
use wengao::render::templates::Templates;

static TEMPLATES: LazyLock<Templates> = LazyLock::new(|| Templates::load(None).unwrap());

const EXAMPLE: &str = include_str!("../../data/liuchuan/2026-Q3.yaml");

/// Where the example lives: parsed as that file, it takes its comparison
/// bases from the earlier files of its series beside it.
const EXAMPLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/liuchuan/2026-Q3.yaml");

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
    let loaded = match parse(Path::new(EXAMPLE_PATH), source) {
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
    for genre in TEMPLATES.genres().all() {
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
        for paragraph in crate::common::Package::open(&docx).paragraphs() {
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

// ---------------------------------------------------------------------------
// Data text never changes a draft's structure: line breaks of every
// convention and block markers typed into a narrative leave the blocks of
// the draft (and the paragraphs of the DOCX) exactly as with plain text.

/// Every way text can end a line.
const LINE_BREAKS: &[&str] = &[
    "\n", "\r", "\r\n", "\n\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{B}", "\u{C}",
];

/// What opens a block or a list item at the start of a Markdown line
/// (`*` and `___` are left out: the data checks refuse them as
/// placeholders; `render::escape`'s tests cover them).
const BLOCK_MARKERS: &[&str] = &[
    "1. ", "1) ", "2026. ", "- ", "+ ", "# ", "## ", "> ", "| ", "|---|", "```", "~~~", "---",
    "- - -", "===", "    ", "\t", "<div>", "<!-- ", "[a]: /x",
];

/// Ordinary words, Chinese and Latin, for the markers to sit between.
const WORDS: &[&str] = &[
    "段落", "项", "工作", "推进", "GDP", "word", "。", "，", "2026",
];

/// Text made of words, line breaks and block markers, never blank.
fn structured_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(LINE_BREAKS),
        prop::sample::select(BLOCK_MARKERS),
        prop::sample::select(WORDS),
    ];
    (
        prop::sample::select(WORDS),
        prop::collection::vec(piece, 0..10),
    )
        .prop_map(|(word, pieces)| {
            // One word somewhere, so the narrative has text.
            let mut pieces: Vec<&str> = pieces;
            let at = pieces.len() / 2;
            pieces.insert(at, word);
            pieces.concat()
        })
}

/// `text` as a double-quoted YAML scalar with every character that is not
/// printable written as an escape, so it reaches the data unchanged (a raw
/// line break in a YAML scalar would be folded by YAML itself).
fn yaml_escaped(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const NARRATIVE: &str = "narrative: 坚持把政治建设摆在首位，县委常委会两次专题听取老干部工作汇报，研究解决阵地建设、经费保障等重点问题。";

/// Per genre: the blocks of the draft as the lint and the DOCX converter
/// classify them, and the number of paragraphs in the DOCX.
type Structure = Vec<(
    Vec<wengao::conventions::blocks::Role>,
    Vec<wengao::conventions::blocks::Role>,
    usize,
)>;

/// The structure of the drafts made from the example with `narrative` as
/// the first practice's narrative, or `None` if the data is refused.
fn structure_with(narrative: &str) -> Option<Structure> {
    let source = EXAMPLE.replacen(
        NARRATIVE,
        &format!("narrative: {}", yaml_escaped(narrative)),
        1,
    );
    assert_ne!(source, EXAMPLE, "the example no longer holds the narrative");
    let loaded = parse(Path::new(EXAMPLE_PATH), source).ok()?;
    if validate(&loaded)
        .iter()
        .any(wengao::diag::Diagnostic::is_error)
    {
        return None;
    }
    let context = Context::new(&loaded.data);
    let props = DocProps {
        title: "标题".into(),
        author: None,
        date: loaded.data.meta.date,
    };
    let mut out = Vec::new();
    for genre in TEMPLATES.genres().all() {
        let markdown = TEMPLATES.render(genre, &context).expect("renders").markdown;
        let docx = markdown_to_docx(&markdown, &props, &StyleProfile::default()).expect("converts");
        let roles = |v: Vec<wengao::conventions::blocks::Classified>| {
            v.into_iter().map(|c| c.role).collect::<Vec<_>>()
        };
        out.push((
            roles(wengao::lint::roles(&markdown)),
            roles(wengao::docx::roles(&markdown)),
            docx_paragraphs(&docx),
        ));
    }
    Some(out)
}

/// The number of paragraphs (`<w:p>` elements) in a DOCX's document.xml.
fn docx_paragraphs(docx: &[u8]) -> usize {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip archive");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    xml.matches("<w:p>").count() + xml.matches("<w:p ").count()
}

static PLAIN_STRUCTURE: LazyLock<Structure> =
    LazyLock::new(|| structure_with("段落").expect("plain text is drafted"));

#[test]
fn a_bare_carriage_return_makes_no_new_paragraph() {
    assert_eq!(
        structure_with("段落\r1. 项").as_ref(),
        Some(&*PLAIN_STRUCTURE)
    );
    assert_eq!(
        structure_with("段落\u{2028}# 标题").as_ref(),
        Some(&*PLAIN_STRUCTURE)
    );
}

proptest! {
    // Each case drafts and converts three documents: fewer cases than the
    // default keep the debug-build run short.
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A narrative with any text is one stretch of its paragraph: the draft
    /// has the same blocks, classified the same, and the DOCX the same
    /// number of paragraphs as with plain text.
    #[test]
    fn line_breaks_and_markers_in_data_change_no_structure(text in structured_text()) {
        // Control characters other than line feed and carriage return may be
        // refused at loading; every other text must be drafted.
        let may_refuse = text.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
        match structure_with(&text) {
            Some(structure) => prop_assert_eq!(&structure, &*PLAIN_STRUCTURE, "{:?}", text),
            None => prop_assert!(may_refuse, "refused: {:?}", text),
        }
    }
}

#[path = "../../benches/support/worst_case.rs"]
mod worst_case;

/// Runs `wengao check` on `file` (from `dir`) and returns the child's peak
/// resident memory in KB, from `wait4`, which reports that child alone
/// (tests run in parallel threads and spawn other children).
fn check_peak_rss_kb(dir: &Path, file: &str) -> i64 {
    // WENGAO_BIN lets the test be pointed at another build (e.g. an older one).
    let bin = std::env::var("WENGAO_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wengao").into());
    crate::peak_rss::peak_rss_kb(
        std::process::Command::new(bin)
            .args(["check", file])
            .current_dir(dir),
    )
}

/// Peak memory of `check` stays linear in the input on the worst cases (a
/// line or a file packed with faults): ten times the input costs at most
/// about ten times the memory, and 1 MB stays far under 200 MB. Sizes are
/// smaller in a debug build, which is slower, not hungrier.
#[test]
fn check_memory_stays_linear_on_worst_cases() {
    let small = if cfg!(debug_assertions) {
        50_000
    } else {
        100_000
    };
    let large = 10 * small;
    let dir = tempfile::tempdir().unwrap();
    for (name, make) in [
        ("one_line", worst_case::one_line as fn(usize) -> String),
        ("many_lines", worst_case::many_lines),
    ] {
        let mut peaks = Vec::new();
        for size in [small, large] {
            let file = format!("{name}-{size}.md");
            std::fs::write(dir.path().join(&file), make(size)).unwrap();
            peaks.push(check_peak_rss_kb(dir.path(), &file));
        }
        let (small_kb, large_kb) = (peaks[0], peaks[1]);
        eprintln!("{name}: {small} bytes → {small_kb} KB, {large} bytes → {large_kb} KB");
        assert!(
            large_kb <= 12 * small_kb,
            "{name}: {small} bytes took {small_kb} KB, {large} bytes {large_kb} KB"
        );
        assert!(
            large_kb < 200 * 1024,
            "{name}: {large} bytes took {large_kb} KB"
        );
    }
}
