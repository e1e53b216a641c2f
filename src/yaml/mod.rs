//! The one place that parses YAML, so the parser can be swapped, and the
//! one way to load a YAML file ([`load_file`]) for data, `wengao.yaml` and
//! style profiles alike, with one set of limits.
//!
//! A file that loads is parsed once; one that does not, twice:
//!
//! * `saphyr-parser` (pure Rust, event based) reads every file, or for the
//!   plain block YAML data files are written in, [`fast`], which gives the
//!   same events several times faster and leaves anything else, errors
//!   included, to saphyr. One walk
//!   of the events builds a [`SourceMap`] from key paths
//!   (`metrics.branches.value`, `practices[0].points[1]`) to positions, so
//!   later stages can point at the line of any value, refuses what no data
//!   file needs (see [`source_map`]) before anything expands it, and keeps
//!   the document as a light [`tree`], which a deserializer of the same
//!   rules as `serde_norway`'s reads into the typed model.
//! * `serde_norway` (the maintained fork of `serde_yaml`) reads the file
//!   again only when that fails, or when the document uses what the tree
//!   does not cover (tags, anchors, a tab, …): it is the reference, and its
//!   error is the one reported; [`error`] turns its English errors into
//!   Chinese.

pub(crate) mod error;
mod fast;
#[cfg(test)]
mod oracle;
pub(crate) mod source_map;
pub(crate) mod tree;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::conventions::script::{Forbidden, forbidden};
use crate::diag::{Diagnostic, Severity};
use crate::files;

pub(crate) use error::{YamlError, YamlErrorKind};
pub(crate) use source_map::SourceMap;

/// Nesting deeper than this is refused; real data files need about six levels.
pub(crate) const MAX_DEPTH: usize = 32;
/// Aliases expanding to more than this many nodes in all are refused (a
/// "billion laughs" file). Nodes written out are bounded by the size limit.
pub(crate) const MAX_ALIAS_NODES: usize = 10_000;

/// A YAML file read and parsed, with what is needed to point into it.
#[derive(Debug)]
pub(crate) struct YamlFile<T> {
    pub path: PathBuf,
    pub source: String,
    pub value: T,
    pub map: SourceMap,
    /// Findings that did not stop the reading (a GBK file).
    pub warnings: Vec<Diagnostic>,
}

/// Reads `path` with the limits every input file gets (a regular file, at
/// most [`files::MAX_FILE_BYTES`], UTF-8 or GBK, no control or bidi
/// characters) and parses it into `T`. On failure, the findings end with
/// the error.
///
/// `aliases` pairs other names of top-level keys with their canonical ones
/// (`基本信息` for `meta`): a key written under both is refused as a
/// duplicate, and the map files positions under the canonical name.
pub(crate) fn load_file<T: DeserializeOwned>(
    path: &Path,
    aliases: &[(&str, &str)],
) -> Result<YamlFile<T>, Vec<Diagnostic>> {
    load_file_keyed(path, &TopLevel(aliases))
}

/// [`load_file`], with other names for keys at any depth ([`KeyNames`]).
pub(crate) fn load_file_keyed<T: DeserializeOwned>(
    path: &Path,
    names: &dyn KeyNames,
) -> Result<YamlFile<T>, Vec<Diagnostic>> {
    let (source, warning) = files::read_text(path).map_err(|d| vec![d])?;
    let mut warnings: Vec<Diagnostic> = warning.into_iter().collect();
    match parse_file_keyed(path, source, names) {
        Ok(mut file) => {
            file.warnings = warnings;
            Ok(file)
        }
        Err(error) => {
            warnings.push(*error);
            Err(warnings)
        }
    }
}

/// The error that ended a failed [`load_file`], for callers that print
/// only it (a settings file's GBK warning is not worth a line).
#[allow(clippy::unnecessary_box_returns)] // made to be `map_err`'s argument
pub(crate) fn last_error(mut findings: Vec<Diagnostic>) -> Box<Diagnostic> {
    let error = findings.pop().expect("a failed load has an error");
    Box::new(error)
}

/// Parses the text of `path`, already read, into `T`, with other names
/// for keys at any depth ([`KeyNames`]).
pub(crate) fn parse_file_keyed<T: DeserializeOwned>(
    path: &Path,
    source: String,
    names: &dyn KeyNames,
) -> Result<YamlFile<T>, Box<Diagnostic>> {
    match parse_keyed::<T>(&source, names) {
        Ok((value, map)) => Ok(YamlFile {
            path: path.to_path_buf(),
            source,
            value,
            map,
            warnings: Vec::new(),
        }),
        Err(e) => Err(Box::new(e.into_diagnostic(path, &source))),
    }
}

impl YamlError {
    /// The finding to print for `file`, whose text is `source`.
    pub fn into_diagnostic(self, file: &Path, source: &str) -> Diagnostic {
        match self.span {
            Some(span) => Diagnostic::at(Severity::Error, file, source, span, self),
            None => Diagnostic::file(Severity::Error, file, self),
        }
    }
}

/// Parses `source` into `T`, returning where every key sits.
pub(crate) fn parse<T: DeserializeOwned>(source: &str) -> Result<(T, SourceMap), YamlError> {
    parse_keyed(source, &TopLevel(&[]))
}

/// Other names of keys: a key written under both names in one mapping is
/// refused as a duplicate, and the source map files positions under the
/// canonical names, so they are looked up the same whichever name the file
/// used.
pub(crate) trait KeyNames {
    /// The canonical name of `key`, written in the mapping at `parent`
    /// (its path, `""` at the top, under canonical names or as written:
    /// the answer must not depend on which), when `key` is another name.
    fn canonical(&self, parent: &str, key: &str) -> Option<&str>;
}

/// Other names of top-level keys only: `(alias, canonical)` pairs.
struct TopLevel<'a>(&'a [(&'a str, &'a str)]);

impl KeyNames for TopLevel<'_> {
    fn canonical(&self, parent: &str, key: &str) -> Option<&str> {
        if !parent.is_empty() {
            return None;
        }
        self.0.iter().find(|(a, _)| *a == key).map(|(_, c)| *c)
    }
}

/// [`parse`], with other names for keys at any depth ([`KeyNames`]).
pub(crate) fn parse_keyed<T: DeserializeOwned>(
    source: &str,
    names: &dyn KeyNames,
) -> Result<(T, SourceMap), YamlError> {
    let unusual = refuse_raw_characters(source)?;
    let (map, tree) = source_map::build(source, names, !unusual)?;
    if map.is_empty()
        && source
            .trim()
            .lines()
            .all(|l| l.trim_start().starts_with('#'))
    {
        return Err(YamlError::new(None, YamlErrorKind::Empty));
    }
    let once = if unusual { None } else { tree.deserialize() };
    #[cfg(debug_assertions)]
    if once.is_some() {
        tree.check_against_reference::<T>(source);
    }
    drop(tree);
    let value = match once {
        Some(value) => value,
        None => serde_norway::from_str(source).map_err(|e| {
            // serde_norway names keys as written; the map files them under
            // their canonical names.
            let positions = source_map::AsWritten { map: &map, names };
            error::from_serde(&e, &positions)
        })?,
    };
    Ok((value, map))
}

/// Characters on which YAML parsers are known to part ways: tabs, carriage
/// returns, YAML 1.1's extra line breaks, a byte-order mark.
fn is_unusual(c: char) -> bool {
    matches!(c, '\t' | '\r' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Whether a character whose UTF-8 encoding starts with `b` may be
/// [`forbidden`] or [`is_unusual`]: a control byte but the line feed,
/// DEL, or the lead byte of U+0080–U+00BF (the C1 controls),
/// U+2000–U+2FFF (line separators, bidi controls) or U+F000–U+FFFF
/// (byte-order mark, non-characters). Tested over every character.
fn may_be_special(b: u8) -> bool {
    (b < 0x20 && b != b'\n') || matches!(b, 0x7F | 0xC2 | 0xE2 | 0xEF)
}

/// Refuses a control or bidi character written raw anywhere in the text,
/// pointing at the character itself. Escaped ones are refused in
/// [`source_map`], at their scalar.
///
/// Otherwise says whether the text has characters on which YAML parsers
/// are known to part ways (tabs, carriage returns, YAML 1.1's extra line
/// breaks, a byte-order mark, a directive), so that `serde_norway` reads
/// the file rather than the [`tree`].
fn refuse_raw_characters(source: &str) -> Result<bool, YamlError> {
    let mut unusual = source.starts_with('%') || source.contains("\n%");
    // Only characters whose first byte [`may_be_special`] marks are
    // decoded and asked: a data file's ideographs, ASCII and line feeds
    // are passed by two comparisons a byte. A marked byte is ASCII or a
    // lead byte, so it starts a character.
    let bytes = source.as_bytes();
    let mut at = 0;
    let mut found = None;
    while let Some(k) = bytes[at..].iter().position(|&b| may_be_special(b)) {
        let byte = at + k;
        let c = source[byte..].chars().next().unwrap_or_default();
        unusual |= is_unusual(c);
        if forbidden(c).is_some() {
            found = Some((byte, c));
            break;
        }
        at = byte + c.len_utf8();
    }
    let Some((byte, c)) = found else {
        return Ok(unusual);
    };
    Err(YamlError::new(
        Some(crate::diag::Span::from_offset(source, byte, 1)),
        YamlErrorKind::Forbidden {
            code: c as u32,
            bidi: forbidden(c) == Some(Forbidden::Bidi),
            escaped: false,
            in_key: false,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::source_map::SEEN_KEYS_LISTED;
    use super::*;
    use crate::diag::{Explain, Span};
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        name: String,
        value: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        title: String,
        #[serde(default, alias = "条目")]
        items: Vec<Item>,
    }

    fn err(src: &str) -> YamlError {
        parse::<Doc>(src).unwrap_err()
    }

    #[test]
    fn every_special_character_starts_with_a_marked_byte() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            if forbidden(c).is_some() || is_unusual(c) {
                let mut buf = [0; 4];
                let first = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(may_be_special(first), "{c:?}");
            }
        }
        // Marked bytes start characters: none is a continuation byte.
        assert!((0x80..0xC0).all(|b| !may_be_special(b)));
    }

    #[test]
    fn special_characters_are_found_after_marks_sharing_their_first_byte() {
        // `“` `—` (E2), `，` (EF) and `·` (C2) are asked and let pass.
        let fine = "a: “甲”—乙，丙·丁\n";
        assert_eq!(refuse_raw_characters(fine), Ok(false));
        assert_eq!(refuse_raw_characters(&format!("{fine}b: 戊\t\n")), Ok(true));
        let e = refuse_raw_characters(&format!("{fine}b: 戊\u{202E}己\n")).unwrap_err();
        assert_eq!(e.span.map(|s| (s.line, s.column)), Some((2, 5)));
        assert!(matches!(
            e.kind,
            YamlErrorKind::Forbidden {
                code: 0x202E,
                bidi: true,
                ..
            }
        ));
    }

    #[test]
    fn maps_every_key_and_list_item() {
        let src = "title: 标题\nitems:\n  - name: 甲\n    value: 3\n";
        let (doc, map) = parse::<Doc>(src).unwrap();
        assert_eq!(doc.items[0].value, 3);
        assert_eq!(map.key("items[0].value"), Some(Span::new(4, 5, 5)));
        assert_eq!(map.value("items[0].value"), Some(Span::new(4, 12, 1)));
        assert_eq!(map.value("title"), Some(Span::new(1, 8, 2)));
        assert_eq!(map.key("items"), Some(Span::new(2, 1, 5)));
    }

    /// A value's text as written: its first line, quotes and all, for
    /// numbers written the way the model does not keep them.
    #[test]
    fn values_read_back_as_written() {
        let src = "title: \"标题\"\nitems:\n  - name: 甲\n    value: 130  # 注\n  - name: 乙\n    value: 0x1F\n";
        let (_, map) = parse::<Doc>(src).unwrap();
        assert_eq!(map.written(src, "title"), Some("\"标题\""));
        assert_eq!(map.written(src, "items[0].value"), Some("130"));
        assert_eq!(map.written(src, "items[1].value"), Some("0x1F"));
        assert_eq!(map.written(src, "items[1].name"), Some("乙"));
        assert_eq!(map.written(src, "items[2].value"), None);
    }

    #[test]
    fn finds_text_inside_a_block_scalar() {
        let src = "title: |\n  第一行\n  第二行{x}\n";
        let (_, map) = parse::<Doc>(src).unwrap();
        assert_eq!(
            map.find_in_value(src, "title", "{x}"),
            Some(Span::new(3, 6, 3))
        );
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let e = err("title: 甲\nitems:\n  - name: 乙\n    valeu: 3\n");
        assert_eq!(e.span, Some(Span::new(4, 5, 5)));
        assert_eq!(
            e.message(),
            "“items[0]”下没有“valeu”这个键，是否想写“value”？"
        );
    }

    #[test]
    fn unknown_key_without_a_close_match_lists_the_keys() {
        let e = err("title: 甲\nfoo: 1\n");
        assert_eq!(
            e.message(),
            "顶层下没有“foo”这个键，可用的键有：title、items"
        );
    }

    #[test]
    fn wrong_type_names_the_key_and_points_at_the_value() {
        let e = err("title: 甲\nitems:\n  - name: 乙\n    value: 很多\n");
        assert_eq!(e.span, Some(Span::new(4, 12, 2)));
        assert_eq!(
            e.message(),
            "“items[0].value”的值应为整数，实际是文本“很多”"
        );
    }

    #[test]
    fn missing_key_names_the_parent() {
        let e = err("title: 甲\nitems:\n  - name: 乙\n");
        assert_eq!(e.message(), "“items[0]”缺少必填的键“value”");
        assert_eq!(e.span.map(|s| s.line), Some(3));
    }

    #[test]
    fn duplicate_keys_are_refused_with_both_lines() {
        let e = err("title: 甲\nitems: []\ntitle: 乙\n");
        assert_eq!(e.span, Some(Span::new(3, 1, 5)));
        assert_eq!(e.message(), "键“title”重复出现（第1行已写过一次）");
    }

    #[test]
    fn syntax_errors_are_in_chinese_with_a_position() {
        let e = err("title: 甲: 乙\n");
        assert_eq!(e.span.map(|s| (s.line, s.column)), Some((1, 9)));
        assert!(
            e.message().starts_with("YAML 格式错误："),
            "{}",
            e.message()
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_serde_sees_it() {
        let src = format!("title: {}", "[".repeat(100_000));
        assert_eq!(err(&src).kind, YamlErrorKind::TooDeep);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e"]
            .iter()
            .zip(["b", "c", "d", "e", "f"])
        {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            src.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let e = err(&src);
        assert_eq!(e.kind, YamlErrorKind::AliasBomb);
        // Located at the alias that crossed the limit.
        assert_eq!(e.span.map(|s| s.line), Some(5));
    }

    #[test]
    fn many_plain_nodes_are_no_alias_bomb() {
        let mut src = String::from("title: 标题\nitems:\n");
        for i in 0..(MAX_ALIAS_NODES * 2) {
            src.push_str(&format!("  - {{name: 甲{i}, value: {i}}}\n"));
        }
        let (doc, _) = parse::<Doc>(&src).unwrap();
        assert_eq!(doc.items.len(), MAX_ALIAS_NODES * 2);
    }

    #[test]
    fn a_full_width_colon_is_reported_on_its_own_line() {
        let e = err("items:\n  - name: 甲\n    value：1\n    other: 2\n");
        assert_eq!(e.kind, YamlErrorKind::FullWidthColon);
        assert_eq!(e.span, Some(Span::new(3, 10, 1)));
        assert_eq!(
            e.message(),
            "YAML 格式错误：键后面用了全角冒号“：”，请改为半角冒号“:”并在其后加一个空格"
        );
    }

    #[test]
    fn a_list_item_with_a_full_width_colon_is_not_blamed() {
        let e = err("title: 甲\nitems:\n  - 说明：乙\n  bad\n");
        assert_ne!(e.kind, YamlErrorKind::FullWidthColon);
    }

    #[test]
    fn a_full_width_colon_inside_a_value_is_fine() {
        assert!(parse::<Doc>("title: 说明：甲\nitems: []\n").is_ok());
    }

    #[test]
    fn top_level_errors_name_their_subject() {
        let e = err("- 甲\n- 乙\n");
        assert_eq!(
            e.message(),
            "文件的内容应为键值表（“键: 值”的形式），实际是列表"
        );
    }

    #[test]
    fn huge_integers_are_described_without_rust_syntax() {
        let e = err("title: 甲\nitems:\n  - name: 乙\n    value: 123456789012345678901234567890\n");
        assert_eq!(
            e.message(),
            "“items[0].value”的值应为整数，实际是整数123456789012345678901234567890（超出了能处理的范围）"
        );
    }

    #[test]
    fn escaped_controls_in_keys_are_named_by_their_parent() {
        let e = err("title: 甲\nitems:\n  - \"na\\eme\": 乙\n");
        assert_eq!(e.span.map(|s| (s.line, s.column)), Some((3, 5)));
        assert_eq!(
            e.message(),
            "“items[0]”下的键含有不可见的控制字符（U+001B，来自“\\”转义写法），公文中不能有这类字符，请删除"
        );
    }

    #[test]
    fn an_escaped_control_is_placed_by_the_keys_as_written() {
        // `条目` is another name of `items`: the map files it under the
        // canonical name, a message names it as the file wrote it.
        let names = TopLevel(&[("条目", "items")]);
        let at = |src: &str| parse_keyed::<Doc>(src, &names).unwrap_err().path;
        let src = "title: 甲\n条目:\n  - name: \"乙\\e\"\n    value: 1\n";
        assert_eq!(at(src).as_deref(), Some("条目[0].name"));
        let src = "title: 甲\n条目:\n  - \"na\\eme\": 乙\n";
        assert_eq!(at(src).as_deref(), Some("条目[0]"));
        let src = "title: 甲\nitems:\n  - name: \"乙\\e\"\n    value: 1\n";
        assert_eq!(at(src).as_deref(), Some("items[0].name"));
    }

    #[test]
    fn serdes_errors_are_placed_under_keys_with_other_names() {
        // serde_norway names `条目[0]`; the map files `items[0]`.
        let names = TopLevel(&[("条目", "items")]);
        let at = |src: &str| parse_keyed::<Doc>(src, &names).unwrap_err().span;
        let src = "title: 甲\n条目:\n  - name: 乙\n    value: 1\n    多余: 2\n";
        assert_eq!(at(src), Some(Span::new(5, 5, 2)));
        let src = "title: 甲\n条目:\n  - name: 乙\n    value: abc\n";
        assert_eq!(at(src), Some(Span::new(4, 12, 3)));
    }

    #[test]
    fn a_duplicate_key_is_found_in_a_mapping_of_many_keys() {
        // Past the keys kept in a list, the hashed ones still find it.
        for keys in [3, SEEN_KEYS_LISTED, SEEN_KEYS_LISTED + 1, 40] {
            let mut src = String::new();
            for i in 0..keys {
                src.push_str(&format!("k{i}: {i}\n"));
            }
            for duplicate in [0, keys - 1] {
                let with = format!("{src}k{duplicate}: again\n");
                let e = parse::<serde_norway::Value>(&with).unwrap_err();
                assert_eq!(
                    e.kind,
                    YamlErrorKind::DuplicateKey {
                        key: format!("k{duplicate}"),
                        first_line: Some(duplicate + 1),
                        same_as: None,
                    },
                    "{keys} keys"
                );
            }
            src.push_str("last: 1\n");
            assert!(parse::<serde_norway::Value>(&src).is_ok(), "{keys} keys");
        }
    }

    #[test]
    fn finds_text_on_a_later_line_of_a_quoted_scalar() {
        let src = "title: \"甲\n  乙{x}\"\n";
        let (_, map) = parse::<Doc>(src).unwrap();
        assert_eq!(
            map.find_in_value(src, "title", "{x}"),
            Some(Span::new(2, 4, 3))
        );
    }

    #[test]
    fn small_aliases_are_fine() {
        let src = "title: &t 标题\nitems: []\n";
        assert!(parse::<Doc>(src).is_ok());
    }

    #[test]
    fn empty_file_is_reported_as_such() {
        assert_eq!(err("# 只有注释\n").kind, YamlErrorKind::Empty);
    }

    #[test]
    fn keys_are_located_under_their_canonical_names() {
        let src = "title: 甲\nitems:\n  - name: 乙\n    value: 1\n";
        let (_, map) = parse_keyed::<Doc>(src, &TopLevel(&[("items", "things")])).unwrap();
        assert_eq!(map.key("things[0].value").map(|s| s.line), Some(4));
        assert_eq!(map.key("items[0].value"), None);
        assert_eq!(map.key("title").map(|s| s.line), Some(1));
    }
}
