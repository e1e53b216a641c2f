//! The style profile: the settings an office may change (font names, title
//! and table sizes, line spacing, bold leads, page number position), read
//! from YAML through [`crate::yaml::parse`]. Every key is documented in
//! `templates/style.yaml`; [`StyleProfile::default`] is GB/T 9704.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::diag::{Diagnostic, Explain, Severity, Span};
use crate::yaml::{self, YamlError};

/// Font names; the Chinese ones go to `w:eastAsia`, `latin` to ascii/hAnsi.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fonts {
    /// The title's face (小标宋).
    pub title: String,
    /// The body's face (仿宋).
    pub body: String,
    /// `一、` headings.
    pub heading1: String,
    /// `（一）` headings and leads, and the speech's bracketed lines.
    pub heading2: String,
    /// The page number's face (宋体).
    pub page_number: String,
    /// Digits and Latin letters.
    pub latin: String,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            title: "方正小标宋简体".into(),
            body: "仿宋_GB2312".into(),
            heading1: "黑体".into(),
            heading2: "楷体_GB2312".into(),
            page_number: "宋体".into(),
            latin: "Times New Roman".into(),
        }
    }
}

/// Where the page number sits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageNumberPosition {
    /// Odd pages right, even pages left, one character in (GB/T 9704).
    #[default]
    Sides,
    /// Centred on every page (common for internal drafts).
    Center,
}

/// A line pitch in twips, written in YAML as `28pt` or `560` (twips).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineSpacing(pub u32);

impl<'de> Deserialize<'de> for LineSpacing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LineSpacing;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("行距，写作“28pt”（磅）或“560”（缇）")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LineSpacing, E> {
                u32::try_from(v)
                    .map(LineSpacing)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LineSpacing, E> {
                let number = v
                    .trim()
                    .strip_suffix("pt")
                    .or_else(|| v.trim().strip_suffix('磅'))
                    .map(str::trim);
                number
                    .and_then(|n| n.parse::<f64>().ok())
                    .filter(|pt| pt.is_finite() && *pt > 0.0 && *pt < 1000.0)
                    .map(|pt| LineSpacing((pt * 20.0).round() as u32))
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// How the document is set. `Default` is the national standard.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StyleProfile {
    /// The faces of each element.
    pub fonts: Fonts,
    /// Title size in points (二号 = 22).
    pub title_size: f32,
    /// Table text size in points: 14 (四号) or 12 (小四).
    pub table_font_size: f32,
    /// Body line pitch; 555–579 twips give 22 lines a page.
    pub line_spacing: LineSpacing,
    /// Bold the 楷体 and 仿宋 leads and headings (`（一）`, `1.`, `（1）`).
    pub bold_leads: bool,
    /// Where page numbers go.
    pub page_number: PageNumberPosition,
    /// Size in points of the 发文机关标志 (GB/T 9704 leaves it to the
    /// office); a mark too long for one line at this size is set smaller.
    pub issuer_mark_size: f32,
}

impl Default for StyleProfile {
    fn default() -> Self {
        StyleProfile {
            fonts: Fonts::default(),
            title_size: 22.0,
            table_font_size: 14.0,
            line_spacing: LineSpacing(560),
            bold_leads: false,
            page_number: PageNumberPosition::Sides,
            issuer_mark_size: 36.0,
        }
    }
}

/// The longest font name Windows can select: `LOGFONT.lfFaceName` holds 32
/// UTF-16 units with the closing NUL, and Word and WPS cut longer names
/// there, so a longer name never matches an installed font.
const MAX_FONT_NAME: usize = 31;
const FONT_NAME_RULE: &str =
    "字体名称：1到31个字符，前后不带空格，不含控制字符、格式字符或其他不可显示的字符";

/// Checks a font name before it is written into `styles.xml`, the font
/// table and the theme. Returns the name as the message shows it (each
/// refused character as `[U+XXXX]`) when it cannot be used.
fn check_font_name(name: &str) -> Result<(), String> {
    let refused = |c: char| -> bool {
        let code = c as u32;
        c.is_control()
            // Format characters: zero-width, joiners, bidi embeddings,
            // isolates and marks, invisible operators, the BOM.
            || matches!(code, 0x00AD | 0x061C | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
            // Line and paragraph separators.
            || matches!(code, 0x2028 | 0x2029)
            // Private use (no font is named with them) and the
            // noncharacters, which XML 1.0 discourages (U+FFFE and U+FFFF
            // it forbids).
            || matches!(code, 0xE000..=0xF8FF | 0xF_0000..=0x10_FFFF | 0xFDD0..=0xFDEF)
            || code & 0xFFFE == 0xFFFE
    };
    let length = name.encode_utf16().count();
    let untrimmed = name.trim() != name;
    if !name.trim().is_empty()
        && !untrimmed
        && length <= MAX_FONT_NAME
        && !name.chars().any(refused)
    {
        return Ok(());
    }
    let shown: String = name
        .chars()
        .map(|c| {
            if refused(c) {
                format!("[U+{:04X}]", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect();
    let why = if name.trim().is_empty() {
        "（为空）".to_owned()
    } else if name.chars().any(refused) {
        "（含不可显示的字符）".to_owned()
    } else if untrimmed {
        "（前后带空格）".to_owned()
    } else {
        format!("（{length}个字符）")
    };
    Err(format!("“{shown}”{why}"))
}

/// Accepted line pitches: from a tight 20 pt to a loose 36 pt.
const LINE_SPACING_RANGE: std::ops::RangeInclusive<u32> = 400..=720;

impl StyleProfile {
    /// Reads and checks a profile file through `yaml::load_file`, with
    /// the limits of every input file and errors located in it.
    pub fn load(path: &Path) -> Result<Self, Box<Diagnostic>> {
        let file = yaml::load_file::<StyleProfile>(path, &[]).map_err(yaml::last_error)?;
        file.value
            .check()
            .map_err(|e| e.located(|key| file.map.value(key)))
            .map_err(|e| Box::new(e.into_diagnostic(path, &file.source)))?;
        Ok(file.value)
    }

    /// Parses and checks a profile; every key is optional.
    pub fn from_yaml_str(source: &str) -> Result<Self, StyleError> {
        let (profile, map) = yaml::parse::<StyleProfile>(source).map_err(StyleError::Yaml)?;
        profile
            .check()
            .map_err(|e| e.located(|key| map.value(key)))?;
        Ok(profile)
    }

    /// Checks values the types alone cannot.
    pub fn check(&self) -> Result<(), StyleError> {
        let invalid = |key: &'static str, found: String, expected: &'static str| {
            Err(StyleError::Invalid {
                key,
                found,
                expected,
                span: None,
            })
        };
        let f = &self.fonts;
        for (key, name) in [
            ("fonts.title", &f.title),
            ("fonts.body", &f.body),
            ("fonts.heading1", &f.heading1),
            ("fonts.heading2", &f.heading2),
            ("fonts.page_number", &f.page_number),
            ("fonts.latin", &f.latin),
        ] {
            if let Err(found) = check_font_name(name) {
                return invalid(key, found, FONT_NAME_RULE);
            }
        }
        if !(12.0..=30.0).contains(&self.title_size) || (self.title_size * 2.0).fract() != 0.0 {
            return invalid(
                "title_size",
                self.title_size.to_string(),
                "12到30之间的磅值（可带 .5），标准为22（二号）",
            );
        }
        if !(22.0..=72.0).contains(&self.issuer_mark_size)
            || (self.issuer_mark_size * 2.0).fract() != 0.0
        {
            return invalid(
                "issuer_mark_size",
                self.issuer_mark_size.to_string(),
                "22到72之间的磅值（可带 .5），默认为36（小初）",
            );
        }
        if ![12.0, 14.0].contains(&self.table_font_size) {
            return invalid(
                "table_font_size",
                self.table_font_size.to_string(),
                "14（四号）或12（小四）",
            );
        }
        if !LINE_SPACING_RANGE.contains(&self.line_spacing.0) {
            return invalid(
                "line_spacing",
                format!("{}缇", self.line_spacing.0),
                "400到720缇（20磅到36磅）之间，标准为560缇（28磅）",
            );
        }
        Ok(())
    }

    /// Title size in half-points (`w:sz`).
    pub fn title_half_points(&self) -> usize {
        (self.title_size * 2.0) as usize
    }

    /// Table text size in half-points (`w:sz`).
    pub fn table_half_points(&self) -> usize {
        (self.table_font_size * 2.0) as usize
    }
}

/// Why a style profile was refused.
#[derive(Debug, thiserror::Error)]
pub enum StyleError {
    #[error("无法读取样式文件“{}”：{source}", path.display())]
    /// The style file could not be read.
    Io {
        /// The style file.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    #[error("{0}")]
    /// The style file is not valid YAML for the profile.
    Yaml(YamlError),
    #[error("“{key}”的值{found}不对，应为{expected}")]
    /// A value outside what Word accepts.
    Invalid {
        /// The key, as written in the style file.
        key: &'static str,
        /// The value found.
        found: String,
        /// What is allowed, in Chinese.
        expected: &'static str,
        /// Where the value stands in the style file.
        span: Option<Span>,
    },
}

impl StyleError {
    /// Where in the profile the fault is, when known.
    pub fn span(&self) -> Option<Span> {
        match self {
            StyleError::Io { .. } => None,
            StyleError::Yaml(e) => e.span,
            StyleError::Invalid { span, .. } => *span,
        }
    }

    fn located(self, find: impl Fn(&str) -> Option<Span>) -> Self {
        match self {
            StyleError::Invalid {
                key,
                found,
                expected,
                span: None,
            } => StyleError::Invalid {
                span: find(key),
                key,
                found,
                expected,
            },
            other => other,
        }
    }

    /// The finding to print for `file`, whose text is `source`.
    pub fn into_diagnostic(self, file: &Path, source: &str) -> Diagnostic {
        match self.span() {
            Some(span) => Diagnostic::at(Severity::Error, file, source, span, self),
            None => Diagnostic::file(Severity::Error, file, self),
        }
    }
}

impl Explain for StyleError {
    fn message(&self) -> String {
        match self {
            StyleError::Yaml(e) => e.message(),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_mapping_is_the_standard() {
        let p = StyleProfile::from_yaml_str("bold_leads: false\n").unwrap();
        assert_eq!(p, StyleProfile::default());
    }

    #[test]
    fn the_example_file_is_the_default() {
        let src = include_str!("../../templates/style.yaml");
        let p = StyleProfile::from_yaml_str(src).unwrap();
        assert_eq!(p, StyleProfile::default());
    }

    #[test]
    fn line_spacing_in_points_or_twips() {
        let p = StyleProfile::from_yaml_str("line_spacing: 28.5pt\n").unwrap();
        assert_eq!(p.line_spacing, LineSpacing(570));
        let p = StyleProfile::from_yaml_str("line_spacing: 579\n").unwrap();
        assert_eq!(p.line_spacing, LineSpacing(579));
        let p = StyleProfile::from_yaml_str("line_spacing: 30磅\n").unwrap();
        assert_eq!(p.line_spacing, LineSpacing(600));
    }

    #[test]
    fn unknown_keys_are_refused_with_a_suggestion() {
        let e = StyleProfile::from_yaml_str("fonts:\n  boddy: 仿宋\n").unwrap_err();
        assert_eq!(e.message(), "“fonts”下没有“boddy”这个键，是否想写“body”？");
        assert_eq!(e.span(), Some(Span::new(2, 3, 5)));
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let e = StyleProfile::from_yaml_str("table_font_size: 13\n").unwrap_err();
        assert_eq!(
            e.message(),
            "“table_font_size”的值13不对，应为14（四号）或12（小四）"
        );
        assert_eq!(e.span(), Some(Span::new(1, 18, 2)));
        let e = StyleProfile::from_yaml_str("line_spacing: 二十八磅\n").unwrap_err();
        assert!(e.message().contains("写作“28pt”"), "{}", e.message());
        let e = StyleProfile::from_yaml_str("page_number: left\n").unwrap_err();
        assert!(e.message().contains("sides"), "{}", e.message());
        let e = StyleProfile::from_yaml_str("line_spacing: 1000\n").unwrap_err();
        assert!(e.message().starts_with("“line_spacing”的值1000缇不对"));
    }

    #[test]
    fn font_names_that_would_corrupt_or_never_match_are_refused() {
        // Control, bidi and noncharacter code points never get this far:
        // the YAML loader refuses them in any file, at the scalar.
        for (yaml, code) in [
            (r#""方正\uFFFF""#, "U+FFFF"),
            (r#""\u202E宋体""#, "U+202E"),
            (r#""楷\x7F体""#, "U+007F"),
        ] {
            let src = format!("fonts:\n  title: {yaml}\n");
            let e = StyleProfile::from_yaml_str(&src).unwrap_err();
            assert!(e.message().contains(code), "{yaml}: {}", e.message());
            assert_eq!(e.span().map(|s| s.line), Some(2), "{yaml}");
        }
        for (yaml, found) in [
            (r#""仿宋\u200B""#, "“仿宋[U+200B]”（含不可显示的字符）"),
            (r#""\uE000""#, "“[U+E000]”（含不可显示的字符）"),
            (r#""\U0010FFFE""#, "“[U+10FFFE]”（含不可显示的字符）"),
            (r#""""#, "“”（为空）"),
            (r#"" 宋体""#, "“ 宋体”（前后带空格）"),
            (
                &"字".repeat(32),
                &format!("“{}”（32个字符）", "字".repeat(32)),
            ),
        ] {
            let src = format!("fonts:\n  title: {yaml}\n");
            let e = StyleProfile::from_yaml_str(&src).unwrap_err();
            assert_eq!(
                e.message(),
                format!("“fonts.title”的值{found}不对，应为{FONT_NAME_RULE}"),
                "{yaml}"
            );
            assert_eq!(e.span().map(|s| s.line), Some(2), "{yaml}");
        }
    }

    #[test]
    fn ordinary_font_names_are_accepted() {
        for name in [
            "方正小标宋_GBK",
            "Times New Roman",
            "FangSong",
            "华文中宋",
            &"字".repeat(31),
        ] {
            let src = format!("fonts:\n  body: \"{name}\"\n");
            let p = StyleProfile::from_yaml_str(&src).unwrap();
            assert_eq!(p.fonts.body, name);
        }
    }

    #[test]
    fn profiles_built_in_code_are_checked_too() {
        let mut p = StyleProfile::default();
        p.fonts.latin = "Times\u{FFFF}".into();
        assert!(p.check().is_err());
        p.fonts.latin = "Times".into();
        p.title_size = f32::NAN;
        assert!(p.check().is_err());
    }

    #[test]
    fn diagnostic_shows_the_line() {
        let src = "title_size: 40\n";
        let d = StyleProfile::from_yaml_str(src)
            .unwrap_err()
            .into_diagnostic(Path::new("style.yaml"), src);
        assert!(
            d.to_string()
                .starts_with("style.yaml:1:13: 错误: “title_size”的值40不对")
        );
    }
}
