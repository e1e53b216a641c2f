//! Why a YAML file could not be read, in Chinese.
//!
//! serde_norway's errors carry a key path and a position; their English text
//! comes from serde's fixed formats (`unknown field `x`, expected one of …`)
//! and is turned into a structured [`YamlErrorKind`] here. Syntax errors of
//! both parsers are matched against their known texts and translated.

use std::fmt;

use crate::diag::{Explain, Span};
use crate::files::ReadIssue;
use crate::suggest::suggest;

use super::{MAX_ALIAS_NODES, MAX_DEPTH};

/// Why a YAML file could not be read into the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub span: Option<Span>,
    /// The key path the error is about, as `metrics.branches.value`.
    pub path: Option<String>,
    pub kind: YamlErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not YAML; `detail` is already Chinese.
    Syntax {
        detail: String,
    },
    /// A key followed by a full-width colon `：` where YAML needs `: `.
    FullWidthColon,
    Empty,
    MultipleDocuments,
    TooDeep,
    AliasBomb,
    DuplicateKey {
        key: String,
        /// The line the key was first written on, when known.
        first_line: Option<usize>,
        /// The other name it was first written under (`meta` for `基本信息`).
        same_as: Option<String>,
    },
    UnknownKey {
        key: String,
        expected: Vec<String>,
    },
    MissingKey {
        key: String,
    },
    WrongType {
        found: String,
        expected: String,
    },
    InvalidValue {
        found: String,
        expected: String,
    },
    /// The value's shape does not fit (a list of the wrong length…).
    Mismatch,
    /// A character refused in input text, written raw in the file (`span`
    /// points at it) or as an escape such as `\e` (`span` is the scalar).
    Forbidden {
        code: u32,
        bidi: bool,
        escaped: bool,
        /// The scalar is a key, not a value.
        in_key: bool,
    },
    /// Anything serde reports in a form not recognised above.
    Other {
        detail: String,
    },
}

impl YamlError {
    /// An error about the whole text, or at `span` if given.
    pub fn new(span: Option<Span>, kind: YamlErrorKind) -> Self {
        YamlError {
            span,
            path: None,
            kind,
        }
    }

    /// The thing the message is about: the value at the key path, or the
    /// file's content when the error is about the top level.
    fn subject(&self) -> String {
        match &self.path {
            Some(p) if !p.is_empty() => format!("“{p}”的值"),
            _ => "文件的内容".into(),
        }
    }
}

impl Explain for YamlError {
    fn message(&self) -> String {
        let at = match &self.path {
            Some(p) if !p.is_empty() => format!("“{p}”"),
            _ => String::new(),
        };
        match &self.kind {
            YamlErrorKind::Syntax { detail } => format!("YAML 格式错误：{detail}"),
            YamlErrorKind::FullWidthColon => {
                "YAML 格式错误：键后面用了全角冒号“：”，请改为半角冒号“:”并在其后加一个空格".into()
            }
            YamlErrorKind::Empty => "文件是空的，没有任何数据".into(),
            YamlErrorKind::MultipleDocuments => {
                "一个文件只能有一份数据（文件中出现了多个“---”分隔的文档）".into()
            }
            YamlErrorKind::TooDeep => format!("嵌套超过{MAX_DEPTH}层，已拒绝读取"),
            YamlErrorKind::AliasBomb => {
                format!("别名（*引用）展开后超过{MAX_ALIAS_NODES}个节点，已拒绝读取")
            }
            YamlErrorKind::DuplicateKey {
                key,
                first_line,
                same_as,
            } => match (first_line, same_as) {
                (Some(line), None) => format!("键“{key}”重复出现（第{line}行已写过一次）"),
                (Some(line), Some(first)) => {
                    format!("键“{key}”与第{line}行的“{first}”是同一个键，重复出现，请只保留一个")
                }
                (None, _) => format!("键“{key}”重复出现"),
            },
            YamlErrorKind::UnknownKey { key, expected } => {
                let place = if at.is_empty() {
                    "顶层".to_string()
                } else {
                    at.clone()
                };
                let mut m = format!("{place}下没有“{key}”这个键");
                match suggest(key, expected) {
                    Some(s) => m.push_str(&format!("，是否想写“{s}”？")),
                    None if !expected.is_empty() => {
                        let shown: Vec<&str> = expected
                            .iter()
                            .map(String::as_str)
                            .filter(|e| e.is_ascii())
                            .collect();
                        m.push_str(&format!("，可用的键有：{}", shown.join("、")));
                    }
                    None => {}
                }
                m
            }
            YamlErrorKind::MissingKey { key } => {
                if at.is_empty() {
                    format!("缺少必填的键“{key}”")
                } else {
                    format!("{at}缺少必填的键“{key}”")
                }
            }
            YamlErrorKind::WrongType { found, expected } => {
                format!("{}应为{expected}，实际是{found}", self.subject())
            }
            YamlErrorKind::InvalidValue { found, expected } => {
                format!("{}{found}不对，应为{expected}", self.subject())
            }
            YamlErrorKind::Mismatch => format!("{}与要求的格式不符", self.subject()),
            YamlErrorKind::Forbidden {
                code,
                bidi,
                escaped,
                in_key,
            } => {
                let what = if *bidi {
                    "不可见的双向文字控制符"
                } else {
                    "不可见的控制字符"
                };
                let why = if *bidi {
                    "它会让文字倒序或错位显示"
                } else {
                    "公文中不能有这类字符"
                };
                let place = match (&self.path, *in_key) {
                    (Some(p), true) if !p.is_empty() => format!("“{p}”下的键"),
                    (_, true) => "顶层的键".into(),
                    (Some(p), false) if !p.is_empty() => format!("“{p}”的值"),
                    _ => "此处".into(),
                };
                if !*escaped {
                    let code = *code;
                    let raw = if *bidi {
                        ReadIssue::BidiControl { code }
                    } else {
                        ReadIssue::ControlCharacter { code }
                    };
                    return raw.message();
                }
                format!("{place}含有{what}（U+{code:04X}，来自“\\”转义写法），{why}，请删除")
            }
            YamlErrorKind::Other { detail } => {
                if at.is_empty() {
                    detail.clone()
                } else {
                    format!("{at}：{detail}")
                }
            }
        }
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Where keys and values of the parsed file stand, for widening a caret to
/// the whole key or value an error is about. The source map provides it;
/// error translation needs only these two questions answered.
pub(super) trait Positions {
    /// The span of the key at dotted `path` (or of its value if it has no key).
    fn key(&self, path: &str) -> Option<Span>;
    /// The span of the value at dotted `path`.
    fn value(&self, path: &str) -> Option<Span>;
}

/// Turns a serde_norway error into a structured one, using serde's fixed
/// message formats (`unknown field `x`, expected one of …` and so on).
pub(super) fn from_serde(err: &serde_norway::Error, map: &impl Positions) -> YamlError {
    let full = err.to_string();
    let location = err.location();
    // serde_norway appends " at line L column C"; the path, if any, comes first.
    let text = match location {
        Some(_) => full
            .rfind(" at line ")
            .map_or(full.as_str(), |i| &full[..i]),
        None => full.as_str(),
    };
    let (path, message) = split_path(text);
    let mut span = location.map(|l| Span::new(l.line(), l.column(), 1));
    let mut kind = classify(message);
    match &mut kind {
        // Widen the caret to the whole key or value the error is about.
        YamlErrorKind::UnknownKey { key, .. } => {
            let key_path = join_path(path, key);
            if let Some(s) = map.key(&key_path) {
                span = Some(s);
            }
        }
        YamlErrorKind::WrongType { .. }
        | YamlErrorKind::InvalidValue { .. }
        | YamlErrorKind::Mismatch => {
            if let Some(p) = path
                && let Some(s) = map.value(p)
            {
                span = Some(s);
            }
        }
        YamlErrorKind::MissingKey { .. } => {
            if let Some(p) = path
                && let Some(s) = map.key(p)
            {
                span = Some(s);
            }
        }
        YamlErrorKind::DuplicateKey {
            key, first_line, ..
        } => {
            *first_line = map.key(&join_path(path, key)).map(|s| s.line);
        }
        _ => {}
    }
    if span.is_some_and(|s| s.line == 0) {
        span = None;
    }
    YamlError {
        span,
        path: path.map(str::to_owned),
        kind,
    }
}

fn join_path(parent: Option<&str>, key: &str) -> String {
    match parent {
        Some(p) if !p.is_empty() => format!("{p}.{key}"),
        _ => key.to_owned(),
    }
}

const SERDE_MESSAGES: [&str; 8] = [
    "invalid type: ",
    "invalid value: ",
    "unknown field `",
    "missing field `",
    "duplicate field `",
    "unknown variant `",
    "invalid length ",
    "data did not match",
];

/// Splits "metrics.a.value: invalid type: …" into the path and the message.
fn split_path(text: &str) -> (Option<&str>, &str) {
    for start in SERDE_MESSAGES {
        if text.starts_with(start) {
            return (None, text);
        }
        if let Some(i) = text.find(&format!(": {start}")) {
            return (Some(&text[..i]), &text[i + 2..]);
        }
    }
    (None, text)
}

fn classify(message: &str) -> YamlErrorKind {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
        return YamlErrorKind::UnknownKey {
            key: key.to_owned(),
            expected: backticked(tail),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        return YamlErrorKind::MissingKey {
            key: rest.trim_end_matches('`').to_owned(),
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return YamlErrorKind::DuplicateKey {
            key: rest.trim_end_matches('`').to_owned(),
            first_line: None,
            same_as: None,
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (found, tail) = rest.split_once('`').unwrap_or((rest, ""));
        return YamlErrorKind::InvalidValue {
            found: format!("“{found}”"),
            expected: format!("以下之一：{}", backticked(tail).join("、")),
        };
    }
    for (prefix, wrong_type) in [("invalid type: ", true), ("invalid value: ", false)] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            let found = describe_found(found);
            let expected = describe_expected(expected);
            return if wrong_type {
                YamlErrorKind::WrongType { found, expected }
            } else {
                YamlErrorKind::InvalidValue { found, expected }
            };
        }
    }
    if message.contains("more than one document") {
        return YamlErrorKind::MultipleDocuments;
    }
    if message.contains("recursion limit exceeded") {
        return YamlErrorKind::TooDeep;
    }
    if message.contains("repetition limit exceeded") {
        return YamlErrorKind::AliasBomb;
    }
    if message.starts_with("EOF while parsing") {
        return YamlErrorKind::Empty;
    }
    if message.starts_with("invalid length ") || message.starts_with("data did not match") {
        return YamlErrorKind::Mismatch;
    }
    let detail = translate_syntax(message);
    if detail.is_empty() {
        YamlErrorKind::Other {
            detail: message.to_owned(),
        }
    } else {
        YamlErrorKind::Syntax { detail }
    }
}

/// The names between backticks in "expected one of `a`, `b`".
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// serde's description of what it found, in Chinese.
fn describe_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("文本“{}”", s.trim_matches('"'));
    }
    for (en, zh) in [
        ("integer ", "整数"),
        ("floating point ", "数字"),
        ("boolean ", "是非值"),
    ] {
        if let Some(v) = found.strip_prefix(en) {
            // serde describes integers beyond 64 bits as "`N` as u128".
            if let Some(big) = v
                .strip_suffix(" as u128")
                .or_else(|| v.strip_suffix(" as i128"))
            {
                return format!("{zh}{}（超出了能处理的范围）", big.trim_matches('`'));
            }
            return format!("{zh}{}", v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "列表".into(),
        "map" => "键值表".into(),
        "unit value" | "null" => "空值".into(),
        other => other.to_owned(),
    }
}

/// serde's description of what it expected, in Chinese. Descriptions written
/// by this crate (in `expecting` messages) are Chinese already.
fn describe_expected(expected: &str) -> String {
    if !expected.is_ascii() {
        return expected.to_owned();
    }
    let e = expected;
    if e.contains("string") || e == "a character" {
        "文本".into()
    } else if matches!(e, "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64") {
        "整数".into()
    } else if e.starts_with('f') || e.contains("Decimal") || e.contains("number") {
        "数字".into()
    } else if e.contains("sequence") {
        "列表（每项以“- ”开头）".into()
    } else if e.starts_with("struct ") || e.contains("map") {
        "键值表（“键: 值”的形式）".into()
    } else if e.contains("bool") {
        "true 或 false".into()
    } else {
        e.to_owned()
    }
}

/// A syntax error of saphyr-parser, in Chinese. A full-width colon after a
/// key is reported at its own line: the parser only notices on the next.
pub(super) fn from_scan(source: &str, info: &str, line: usize, column: usize) -> YamlError {
    if !info.contains("recursion limit")
        && let Some(span) = full_width_colon(source, line)
    {
        return YamlError::new(Some(span), YamlErrorKind::FullWidthColon);
    }
    YamlError::new(Some(Span::new(line, column, 1)), scan_error_kind(info))
}

/// The `：` of a line at or just before `line` that reads as "key：value"
/// (no ASCII colon before it), where the parser reported an error.
fn full_width_colon(source: &str, line: usize) -> Option<Span> {
    let first = line.saturating_sub(1).max(1);
    source
        .lines()
        .enumerate()
        .skip(first - 1)
        .take(line + 1 - first)
        .find_map(|(i, text)| {
            let body = text.trim_start();
            // A list item is often text with a colon in it (“- 说明：…”).
            if body.starts_with(['#', '"', '\'', '-']) {
                return None;
            }
            let colon = body.find('：')?;
            let key = &body[..colon];
            if key.is_empty() || key.contains(':') || key.contains(char::is_whitespace) {
                return None;
            }
            let byte = text.len() - body.len() + colon;
            Some(Span::new(i + 1, text[..byte].chars().count() + 1, 1))
        })
}

fn scan_error_kind(info: &str) -> YamlErrorKind {
    if info.contains("recursion limit") {
        return YamlErrorKind::TooDeep;
    }
    let detail = translate_syntax(info);
    YamlErrorKind::Syntax {
        detail: if detail.is_empty() {
            format!("无法解析（{info}）")
        } else {
            detail
        },
    }
}

/// libyaml's and saphyr's syntax messages, in Chinese; "" if unrecognised.
fn translate_syntax(message: &str) -> String {
    const KNOWN: [(&str, &str); 11] = [
        (
            "mapping values are not allowed",
            "此处不能出现“键: 值”（值里有“: ”时请给整段加引号）",
        ),
        ("did not find expected key", "缩进没有对齐，或缺少“键:”"),
        ("did not find expected ',' or ']'", "方括号“[”没有配对的“]”"),
        (
            "did not find expected ',' or '}'",
            "花括号“{”没有配对的“}”（文字以“{”开头时请加引号）",
        ),
        ("while scanning a quoted scalar", "引号没有闭合"),
        (
            "illegal placement of ':'",
            "冒号位置不对（值里有“: ”时请给整段加引号）",
        ),
        (
            "cannot start any token",
            "出现了不能作为开头的字符（如制表符、“@”或“`”），请加引号或改用空格",
        ),
        ("tab", "缩进里用了制表符，请改用空格"),
        ("did not find expected '-' indicator", "列表项缩进没有对齐"),
        (
            "found unexpected end of stream",
            "文件意外结束（引号或括号没有闭合）",
        ),
        (
            "simple key expect ':'",
            "缺少冒号：键后面要写半角冒号“:”和一个空格",
        ),
    ];
    for (needle, zh) in KNOWN {
        if message.contains(needle) {
            return zh.to_owned();
        }
    }
    if message.contains("control characters are not allowed") {
        return "含有不可见的控制字符".into();
    }
    if message.contains("while parsing") || message.contains("while scanning") {
        return format!("无法解析（{message}）");
    }
    String::new()
}
