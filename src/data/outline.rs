//! The writer's own outline (提纲) and the frame text a genre prints around
//! the body.
//!
//! An outline is a list of parts, each with a title and, optionally, a
//! narrative, 一是/二是 points, results and parts of its own, down to the four
//! levels of GB/T 9704 (`一、` → `（一）` → `1.` → `（1）`). Numbers are never
//! written in the data: `flatten` walks the tree into a list of parts with
//! their level and place, so templates print a flat list and numbering is
//! decided in one place (`conventions::numbering`).
//!
//! [`FrameText`] is the one type of every piece of frame text a writer may
//! keep (`true` or leave it out), switch off (`false`) or replace with a
//! sentence of their own.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::conventions::numbering::MAX_HEADING_LEVEL;

/// The Chinese names of a part's keys, so positions of `提纲[0].下级[0].标题`
/// are looked up as `outline[0].parts[0].title`.
pub(crate) const FIELD_ALIASES: [(&str, &str); 7] = [
    ("标题", "title"),
    ("正文", "narrative"),
    ("要点", "points"),
    ("成效", "results"),
    ("下级", "parts"),
    ("标题样式", "heading"),
    ("要点排列", "points_layout"),
];

/// One part of the writer's outline (`outline` / `提纲`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "提纲的一个部分：标题（不写序号）、正文、要点、成效和下级部分")]
pub struct Part {
    /// Its heading, without a number: 筑牢组织根基，打造“银龄堡垒”聚合力.
    #[serde(alias = "标题")]
    #[schemars(description = "这一部分的标题，不写序号（序号自动排）", extend("x-aliases" = ["标题"]))]
    pub title: String,
    /// Its narrative paragraph.
    #[serde(default, alias = "正文")]
    #[schemars(description = "叙述段落，可用 {键} 引用指标", extend("x-aliases" = ["正文"]))]
    pub narrative: Option<String>,
    /// Enumerated as 一是……；二是…….
    #[serde(default, alias = "要点")]
    #[schemars(description = "要点，依次印成“一是……二是……”", extend("x-aliases" = ["要点"]))]
    pub points: Vec<String>,
    /// Sentences on what it achieved, usually citing metrics.
    #[serde(default, alias = "成效")]
    #[schemars(description = "成效句子，通常引用指标", extend("x-aliases" = ["成效"]))]
    pub results: Vec<String>,
    /// Its own parts, one level down.
    #[serde(default, alias = "下级")]
    #[schemars(description = "下一级的各部分（最多四级）", extend("x-aliases" = ["下级"]))]
    pub parts: Vec<Part>,
    /// A heading on its own line, or a run-in lead opening the paragraph.
    /// Default: stand-alone at level 1 and for a part with parts of its
    /// own, run-in otherwise.
    #[serde(default, alias = "标题样式")]
    #[schemars(description = "标题单独成行（standalone/单列）或作段首（run_in/段首）；默认一级单列、有下级的单列、其余段首", extend("x-aliases" = ["标题样式"]))]
    pub heading: Option<HeadingStyle>,
    /// Points inside the paragraph (`一是……；二是……。`, the default) or one
    /// paragraph each.
    #[serde(default, alias = "要点排列")]
    #[schemars(description = "要点排在段内（inline/段内，默认）或每点一段（paragraphs/分段）", extend("x-aliases" = ["要点排列"]))]
    pub points_layout: Option<PointsLayout>,
}

/// How a part's title is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum HeadingStyle {
    /// A heading on its own line: `## 一、加强组织建设`.
    #[serde(rename = "standalone", alias = "单列")]
    Standalone,
    /// A bold lead opening the paragraph: `**（一）加强组织建设。**正文`.
    #[serde(rename = "run_in", alias = "段首")]
    RunIn,
}

/// How a part's points are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum PointsLayout {
    /// Inside the paragraph: 一是……；二是…….
    #[serde(rename = "inline", alias = "段内")]
    Inline,
    /// One paragraph each: 一是…….
    #[serde(rename = "paragraphs", alias = "分段")]
    Paragraphs,
}

/// A part of an outline in the order it is printed, with its place.
#[derive(Debug)]
pub(crate) struct Flat<'d> {
    /// 1 for `一、` … 4 for `（1）`.
    pub(crate) level: u8,
    /// Its place among its siblings, from 1.
    pub(crate) index: usize,
    /// How many siblings it has, itself included.
    pub(crate) count: usize,
    /// Whether its title is a run-in lead.
    pub(crate) run_in: bool,
    /// Whether its points are one paragraph each.
    pub(crate) points_apart: bool,
    /// The part as written.
    pub(crate) part: &'d Part,
}

/// The parts of `outline` in print order, each with its level and place.
/// Parts deeper than the fourth level are left out (the data check reports
/// them); an explicit run-in lead with parts of its own stays run-in.
pub(crate) fn flatten(outline: &[Part]) -> Vec<Flat<'_>> {
    let mut out = Vec::new();
    walk(&mut out, outline, 1);
    out
}

fn walk<'d>(out: &mut Vec<Flat<'d>>, parts: &'d [Part], level: u8) {
    if level > MAX_HEADING_LEVEL {
        return;
    }
    for (i, part) in parts.iter().enumerate() {
        let run_in = match part.heading {
            Some(style) => style == HeadingStyle::RunIn,
            None => level > 1 && part.parts.is_empty(),
        };
        out.push(Flat {
            level,
            index: i + 1,
            count: parts.len(),
            run_in,
            points_apart: part.points_layout == Some(PointsLayout::Paragraphs),
            part,
        });
        walk(out, &part.parts, level + 1);
    }
}

/// The key paths of the parts lists nested deeper than the fourth level,
/// outermost first: `outline[0].parts[0].parts[0].parts[0].parts`.
pub(crate) fn too_deep(at: &str, outline: &[Part]) -> Vec<String> {
    fn walk(out: &mut Vec<String>, at: &str, parts: &[Part], level: u8) {
        for (i, part) in parts.iter().enumerate() {
            let children = format!("{at}[{i}].parts");
            if part.parts.is_empty() {
                continue;
            }
            if level == MAX_HEADING_LEVEL {
                out.push(children);
            } else {
                walk(out, &children, &part.parts, level + 1);
            }
        }
    }
    let mut out = Vec::new();
    walk(&mut out, at, outline, 1);
    out
}

/// Every text of `outline` (at key path `at`) with its key path, in file
/// order: titles, narratives, points and results are all prose.
pub(crate) fn texts<'d>(at: &str, outline: &'d [Part], out: &mut Vec<(String, &'d str)>) {
    for (i, part) in outline.iter().enumerate() {
        let path = format!("{at}[{i}]");
        out.push((format!("{path}.title"), &part.title));
        if let Some(n) = &part.narrative {
            out.push((format!("{path}.narrative"), n));
        }
        for (j, p) in part.points.iter().enumerate() {
            out.push((format!("{path}.points[{j}]"), p));
        }
        for (j, r) in part.results.iter().enumerate() {
            out.push((format!("{path}.results[{j}]"), r));
        }
        texts(&format!("{path}.parts"), &part.parts, out);
    }
}

/// A piece of frame text: the genre's own wording, none, or the writer's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FrameText {
    /// The genre's wording (the key left out, or `true`).
    #[default]
    Default,
    /// Not printed (`false`).
    Off,
    /// The writer's own text.
    Own(String),
}

impl FrameText {
    /// The writer's own text, if any.
    pub fn own(&self) -> Option<&String> {
        match self {
            FrameText::Own(text) => Some(text),
            _ => None,
        }
    }

    /// The same choice with the own text turned into something else.
    pub(crate) fn map<T>(&self, f: impl FnOnce(&str) -> T) -> Wording<T> {
        match self {
            FrameText::Default => Wording::Default,
            FrameText::Off => Wording::Off,
            FrameText::Own(text) => Wording::Own(f(text)),
        }
    }
}

/// What a frame-text key accepts, shown in the error for anything else.
pub(crate) const FRAME_TEXT_EXPECTED: &str =
    "文字（自己的说法），或 false（不写这一句），或 true（用默认的说法）";

struct FrameTextVisitor;

impl de::Visitor<'_> for FrameTextVisitor {
    type Value = FrameText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(FRAME_TEXT_EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<FrameText, E> {
        Ok(if v {
            FrameText::Default
        } else {
            FrameText::Off
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FrameText, E> {
        Ok(FrameText::Own(v.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<FrameText, E> {
        Ok(FrameText::Default)
    }
}

impl<'de> Deserialize<'de> for FrameText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FrameTextVisitor)
    }
}

/// A frame text as a template sees it: `none` for the genre's wording,
/// `false` for none, else the text. A template prints it with
/// `{% if x != false %}{{ x or "默认说法" }}{% endif %}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Wording<T> {
    /// The genre's wording.
    Default,
    /// Not printed.
    Off,
    /// The writer's text, as printed.
    Own(T),
}

impl<T: Serialize> Serialize for Wording<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Wording::Default => s.serialize_none(),
            Wording::Off => s.serialize_bool(false),
            Wording::Own(text) => text.serialize(s),
        }
    }
}

/// The default wording of a speech's announcement, `N` standing for the
/// count of parts: 下面，我讲三点意见。
pub(crate) const PARTS_PHRASE: &str = "讲N点意见";

/// The placeholder of the count in a parts phrase.
pub(crate) const COUNT_PLACEHOLDER: &str = "N";

/// `phrase` with `N` replaced by the count `n` as a Chinese count word,
/// fitted to the measure word after it (讲N点意见 → 讲两点意见, 强调N个方面
/// → 强调三个方面). `None` for no parts.
pub(crate) fn fill_count(phrase: &str, n: usize) -> Option<String> {
    let (before, after) = phrase.split_once(COUNT_PLACEHOLDER)?;
    let measure: String = after.chars().take(1).collect();
    let word = crate::conventions::numeral::count_word(n as u64, &measure)?;
    Some(format!("{before}{word}{}", &after[measure.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(title: &str, parts: Vec<Part>) -> Part {
        Part {
            title: title.into(),
            narrative: None,
            points: Vec::new(),
            results: Vec::new(),
            parts,
            heading: None,
            points_layout: None,
        }
    }

    fn four_levels() -> Vec<Part> {
        vec![
            part(
                "甲",
                vec![part(
                    "乙",
                    vec![part("丙", vec![part("丁", vec![]), part("戊", vec![])])],
                )],
            ),
            part("己", vec![]),
        ]
    }

    #[test]
    fn the_tree_flattens_in_print_order_with_levels_and_places() {
        let outline = four_levels();
        let flat: Vec<(u8, usize, usize, &str, bool)> = flatten(&outline)
            .iter()
            .map(|f| (f.level, f.index, f.count, f.part.title.as_str(), f.run_in))
            .collect();
        assert_eq!(
            flat,
            [
                (1, 1, 2, "甲", false),
                (2, 1, 1, "乙", false),
                (3, 1, 1, "丙", false),
                (4, 1, 2, "丁", true),
                (4, 2, 2, "戊", true),
                (1, 2, 2, "己", false),
            ]
        );
    }

    #[test]
    fn the_writer_chooses_heading_style_and_points_layout() {
        let mut outline = vec![part("甲", vec![part("乙", vec![])])];
        outline[0].heading = Some(HeadingStyle::RunIn);
        outline[0].parts[0].heading = Some(HeadingStyle::Standalone);
        outline[0].parts[0].points_layout = Some(PointsLayout::Paragraphs);
        let flat = flatten(&outline);
        assert!(flat[0].run_in && !flat[0].points_apart);
        assert!(!flat[1].run_in && flat[1].points_apart);
    }

    #[test]
    fn a_fifth_level_is_found_and_left_out() {
        let mut outline = four_levels();
        outline[0].parts[0].parts[0].parts[1].parts = vec![part("庚", vec![])];
        assert_eq!(
            too_deep("outline", &outline),
            ["outline[0].parts[0].parts[0].parts[1].parts"]
        );
        assert!(flatten(&outline).iter().all(|f| f.level <= 4));
        assert!(too_deep("outline", &four_levels()).is_empty());
    }

    #[test]
    fn frame_text_is_default_off_or_own() {
        let read = |yaml: &str| serde_norway::from_str::<FrameText>(yaml);
        assert_eq!(read("true").unwrap(), FrameText::Default);
        assert_eq!(read("~").unwrap(), FrameText::Default);
        assert_eq!(read("false").unwrap(), FrameText::Off);
        assert_eq!(read("上半年").unwrap(), FrameText::Own("上半年".into()));
        let err = read("3").unwrap_err().to_string();
        assert!(err.contains(FRAME_TEXT_EXPECTED), "{err}");
        assert!(read("[a]").is_err());
    }

    #[test]
    fn a_frame_text_reaches_templates_as_none_false_or_text() {
        let mut tera = tera::Tera::new();
        tera.add_raw_template(
            "t",
            "{% if x != false %}[{{ x or \"默认\" }}]{% else %}关{% endif %}",
        )
        .unwrap();
        let print = |f: Wording<String>| {
            let mut ctx = tera::Context::new();
            ctx.insert("x", &f);
            tera.render("t", &ctx).unwrap()
        };
        assert_eq!(print(Wording::Default), "[默认]");
        assert_eq!(print(Wording::Off), "关");
        assert_eq!(print(Wording::Own("上半年".into())), "[上半年]");
    }

    #[test]
    fn chinese_keys_of_an_outline_find_their_place() {
        let yaml = "meta:\n  region: 青石区\n  organization: 青石区民政局\n  topic: 民政工作\n  \
                    period: 2026-H1\n  date: 2026-07-08\n\
                    metrics:\n  标题:\n    name: 标题\n    value: 1\n\
                    提纲:\n  - 标题: 甲\n    下级:\n      - 标题: 乙\n        要点: [丙]\n";
        let loaded =
            crate::data::load::parse(std::path::Path::new("t.yaml"), yaml.to_owned()).unwrap();
        let line = |path: &str| loaded.span_of(path).map(|s| (s.line, s.column));
        assert_eq!(line("outline[0].title"), Some((12, 5)));
        assert_eq!(line("outline[0].parts[0].title"), Some((14, 9)));
        assert_eq!(line("outline[0].parts[0].points[0]"), Some((15, 14)));
        // A metric keyed 标题 keeps its own name.
        assert_eq!(line("metrics.标题.name"), Some((9, 5)));
    }

    #[test]
    fn the_count_fits_its_measure_word() {
        assert_eq!(fill_count(PARTS_PHRASE, 3).unwrap(), "讲三点意见");
        assert_eq!(fill_count(PARTS_PHRASE, 2).unwrap(), "讲两点意见");
        assert_eq!(
            fill_count("强调N个方面意见", 2).unwrap(),
            "强调两个方面意见"
        );
        assert_eq!(fill_count("讲N", 1).unwrap(), "讲一");
        assert_eq!(fill_count("讲三点意见", 3), None);
        assert_eq!(fill_count(PARTS_PHRASE, 0), None);
    }
}
