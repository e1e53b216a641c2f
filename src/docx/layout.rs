//! The page as GB/T 9704 sets it: page size and margins, the paragraph and
//! character styles, settings, the font table and the page-number footers.
//!
//! The parts are written here directly, in schema order. Lines use an exact 28 pt pitch
//! rather than a document grid: it gives 22 lines in every reader, and the
//! grid's character pitch is drawn differently by Word, WPS and LibreOffice.

use std::fmt::Write as _;

use super::style::{PageNumberPosition, StyleProfile};
use super::wordml::{self, Align, ParagraphProps};
use super::xml::escape;

/// A4 in twips.
pub(super) const PAGE_WIDTH: u32 = 11906;
pub(super) const PAGE_HEIGHT: u32 = 16838;
/// 天头 37 mm, 订口 28 mm; bottom and right follow from the 156×225 mm text area.
pub(super) const MARGIN_TOP: u32 = 2098;
pub(super) const MARGIN_BOTTOM: u32 = 1984;
pub(super) const MARGIN_LEFT: u32 = 1588;
pub(super) const MARGIN_RIGHT: u32 = 1474;
/// The page number's line sits about 7 mm under the text area, as the standard asks.
pub(super) const FOOTER_DISTANCE: u32 = 1417;
pub(super) const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// The text area's height (225 mm): 22 lines of the body's pitch.
pub(super) const TEXT_HEIGHT: u32 = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;

/// Body text: 三号, 16 pt.
pub(super) const BODY_HALF_POINTS: usize = 32;
/// One body character (16 pt) in twips.
pub(super) const ONE_CHAR: i32 = 320;
/// Page numbers: 四号, 14 pt; one such character is the number's inset.
pub(super) const PAGE_NUMBER_HALF_POINTS: usize = 28;
pub(super) const PAGE_NUMBER_INSET: i32 = 280;
/// Characters a body line holds.
pub(super) const CHARS_PER_LINE: u32 = 28;

/// Style ids used by the converter.
pub(super) const TITLE: &str = "Title";
pub(super) const SUBTITLE: &str = "Subtitle";
pub(super) const HEADINGS: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];
pub(super) const SALUTATION: &str = "Salutation";
pub(super) const SIGNATURE: &str = "Signature";
pub(super) const TABLE_TEXT: &str = "TableText";
pub(super) const FOOTER: &str = "Footer";
/// Character styles of run-in leads: `一、`, `（一）`, and the rest (`1.`,
/// `（1）`, a lead without a number).
pub(super) const LEADS: [&str; 3] = ["Lead1", "Lead2", "Lead3"];
/// Character style of a bracketed line under the title.
pub(super) const SUBTITLE_KAI: &str = "SubtitleKai";

/// Character spacing (twips, negative = condensed) that fits 28 characters
/// into a line: at 16 pt only 27 fit the 156 mm line, −0.25 pt each makes 28.
pub(super) fn character_spacing() -> i32 {
    (TEXT_WIDTH / CHARS_PER_LINE) as i32 - ONE_CHAR
}

/// `word/styles.xml`.
pub(super) fn styles_xml(p: &StyleProfile) -> String {
    let f = &p.fonts;
    let line = p.line_spacing.0;
    let fonts_with = |latin: &str, east_asia: &str| {
        format!(
            r#"<w:rFonts w:ascii="{l}" w:hAnsi="{l}" w:eastAsia="{e}" w:cs="{l}"/>"#,
            l = escape(latin),
            e = escape(east_asia)
        )
    };
    let fonts = |east_asia: &str| fonts_with(&f.latin, east_asia);
    // Size in half-points, for complex scripts too.
    let size = |half_points: usize| {
        format!(r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#)
    };
    let bold = if p.bold_leads { "<w:b/><w:bCs/>" } else { "" };
    let no_indent = r#"<w:ind w:firstLine="0" w:firstLineChars="0"/>"#;
    let exact =
        format!(r#"<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>"#);
    let single = r#"<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>"#;

    let mut x = String::with_capacity(6000);
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    x.push_str(
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    let _ = write!(
        x,
        r#"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:spacing w:val="{spacing}"/><w:kern w:val="0"/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:kinsoku w:val="1"/><w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>{exact}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts = fonts(&f.body),
        spacing = character_spacing(),
        sz = BODY_HALF_POINTS,
    );
    let mut style = |id: &str, name: &str, ppr: &str, rpr: &str| {
        let based = if id == "Normal" {
            r"<w:qFormat/>".to_owned()
        } else {
            r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>"#.to_owned()
        };
        let default = if id == "Normal" {
            r#" w:default="1""#
        } else {
            ""
        };
        let _ = write!(
            x,
            r#"<w:style w:type="paragraph"{default} w:styleId="{id}"><w:name w:val="{name}"/>{based}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
        );
    };
    let body_rpr = fonts(&f.body) + &size(BODY_HALF_POINTS);
    style(
        "Normal",
        "Normal",
        &format!(
            r#"<w:kinsoku w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>{exact}<w:ind w:firstLine="{}" w:firstLineChars="200"/><w:jc w:val="both"/>"#,
            2 * ONE_CHAR
        ),
        &body_rpr,
    );
    style(
        TITLE,
        "Title",
        &format!(r#"<w:keepNext/>{no_indent}<w:jc w:val="center"/>"#),
        &(fonts(&f.title) + &size(p.title_half_points())),
    );
    style(
        SUBTITLE,
        "Subtitle",
        &format!(r#"<w:keepNext/>{no_indent}<w:jc w:val="center"/>"#),
        &body_rpr,
    );
    let heading_fonts = [&f.heading1, &f.heading2, &f.body, &f.body];
    for (level, (id, font)) in HEADINGS.iter().zip(heading_fonts).enumerate() {
        let b = if level == 0 { "" } else { bold };
        style(
            id,
            &format!("heading {}", level + 1),
            &format!(r#"<w:keepNext/><w:outlineLvl w:val="{level}"/>"#),
            &format!("{}{b}{}", fonts(font), size(BODY_HALF_POINTS)),
        );
    }
    style(
        SALUTATION,
        "Salutation",
        &format!(r#"{no_indent}<w:jc w:val="left"/>"#),
        &body_rpr,
    );
    style(
        SIGNATURE,
        "Signature",
        &format!(r#"<w:keepNext/>{no_indent}<w:jc w:val="right"/>"#),
        &body_rpr,
    );
    style(
        TABLE_TEXT,
        "表格文字",
        &format!(r#"{exact}{no_indent}<w:jc w:val="center"/>"#),
        &(fonts(&f.body) + &size(p.table_half_points())),
    );
    style(
        FOOTER,
        "footer",
        &format!(r"{single}{no_indent}"),
        // GB/T 9704 §7.5: 4号半角宋体阿拉伯数字 — the digits in the page
        // number's font too, not the body's Latin one.
        &(fonts_with(&f.page_number, &f.page_number) + &size(PAGE_NUMBER_HALF_POINTS)),
    );
    // Character styles for runs set apart from their paragraph: run-in leads
    // in their level's font (bold per setting, except 黑体), and the speech's
    // bracketed line under the title in 楷体. They carry no size: a lead is
    // as large as its paragraph.
    let mut character = |id: &str, name: &str, rpr: &str| {
        let _ = write!(
            x,
            r#"<w:style w:type="character" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/><w:rPr>{rpr}</w:rPr></w:style>"#
        );
    };
    character(LEADS[0], "一级段首标题", &fonts(&f.heading1));
    character(
        LEADS[1],
        "二级段首标题",
        &format!("{}{bold}", fonts(&f.heading2)),
    );
    character(LEADS[2], "段首标题", &format!("{}{bold}", fonts(&f.body)));
    character(SUBTITLE_KAI, "副标题楷体", &fonts(&f.heading2));
    x.push_str(r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#);
    x.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    x.push_str("</w:styles>");
    x
}

/// `word/settings.xml`: odd/even footers when numbers sit at the sides, no
/// punctuation compression (the standard keeps every mark full-width).
pub(super) fn settings_xml(p: &StyleProfile) -> String {
    let even_odd = match p.page_number {
        PageNumberPosition::Sides => "<w:evenAndOddHeaders/>",
        PageNumberPosition::Center => "",
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>{even_odd}<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

/// What the font table says about a font a stock system may lack or know
/// under another name: the `w:altName` Word and WPS try when `name` is not
/// installed, and the PANOSE class that steers their substitution otherwise.
struct FontFacts {
    name: &'static str,
    alt_name: Option<&'static str>,
    panose: &'static str,
    /// ECMA-376 ST_FontFamily.
    family: &'static str,
}

/// The fonts of the default profile and their usual stand-ins. 方正小标宋简体
/// falls back to 华文中宋 (installed with Microsoft Office, the closest
/// heavy 宋 face), and past that, through the GB2312 character set, to the
/// system's default Chinese face (宋体 on Windows); the `_GB2312` faces of
/// older Windows to the 仿宋 and 楷体 every Windows since Vista has. PANOSE
/// values are those the fonts carry (方正's declare none: all "any").
const KNOWN_FONTS: &[FontFacts] = &[
    FontFacts {
        name: "方正小标宋简体",
        alt_name: Some("华文中宋"),
        panose: "02000000000000000000",
        family: "auto",
    },
    FontFacts {
        name: "仿宋_GB2312",
        alt_name: Some("仿宋"),
        panose: "02010609030101010101",
        family: "modern",
    },
    FontFacts {
        name: "楷体_GB2312",
        alt_name: Some("楷体"),
        panose: "02010609030101010101",
        family: "modern",
    },
    FontFacts {
        name: "黑体",
        alt_name: Some("SimHei"),
        panose: "02010609060101010101",
        family: "modern",
    },
    FontFacts {
        name: "宋体",
        alt_name: Some("SimSun"),
        panose: "02010600030101010101",
        family: "auto",
    },
    FontFacts {
        name: "Times New Roman",
        alt_name: None,
        panose: "02020603050405020304",
        family: "roman",
    },
];

/// `word/fontTable.xml`: every font the document names, Chinese ones with the
/// GB2312 character set so a reader lacking them substitutes a Chinese face,
/// the default profile's with their stand-ins ([`KNOWN_FONTS`]). Children in
/// CT_Font's order: altName, panose1, charset, family, pitch.
pub(super) fn font_table_xml(p: &StyleProfile) -> String {
    let f = &p.fonts;
    let mut names: Vec<&str> = Vec::new();
    for name in [
        &f.title,
        &f.body,
        &f.heading1,
        &f.heading2,
        &f.page_number,
        &f.latin,
    ] {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for name in names {
        let charset = if name.is_ascii() { "00" } else { "86" };
        let _ = write!(x, r#"<w:font w:name="{}">"#, escape(name));
        let family = match KNOWN_FONTS.iter().find(|k| k.name == name) {
            Some(known) => {
                if let Some(alt) = known.alt_name {
                    let _ = write!(x, r#"<w:altName w:val="{alt}"/>"#);
                }
                let _ = write!(x, r#"<w:panose1 w:val="{}"/>"#, known.panose);
                known.family
            }
            None if name.is_ascii() => "roman",
            None => "modern",
        };
        let _ = write!(
            x,
            r#"<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        );
    }
    x.push_str("</w:fonts>");
    x
}

/// `word/theme/theme1.xml`: the smallest complete theme. Word and the
/// ECMA-376 validators expect a document to have one; nothing in the
/// package names a theme font or colour, so it changes no formatting. Its
/// font scheme names the profile's fonts, so that a user who switches a
/// paragraph to a theme font in Word still gets the 公文 faces.
pub(super) fn theme_xml(p: &StyleProfile) -> String {
    let f = &p.fonts;
    let colour =
        |name: &str, value: &str| format!(r#"<a:{name}><a:srgbClr val="{value}"/></a:{name}>"#);
    let mut colours = String::from(
        r#"<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>"#,
    );
    for (name, value) in [
        ("dk2", "1F497D"),
        ("lt2", "EEECE1"),
        ("accent1", "4F81BD"),
        ("accent2", "C0504D"),
        ("accent3", "9BBB59"),
        ("accent4", "8064A2"),
        ("accent5", "4BACC6"),
        ("accent6", "F79646"),
        ("hlink", "0000FF"),
        ("folHlink", "800080"),
    ] {
        colours.push_str(&colour(name, value));
    }
    let font = |tag: &str, east_asia: &str| {
        format!(
            r#"<a:{tag}><a:latin typeface="{l}"/><a:ea typeface="{e}"/><a:cs typeface="{l}"/></a:{tag}>"#,
            l = escape(&f.latin),
            e = escape(east_asia)
        )
    };
    let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = format!(r#"<a:ln w="9525">{fill}</a:ln>"#);
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="wengao"><a:themeElements><a:clrScheme name="wengao">{colours}</a:clrScheme><a:fontScheme name="wengao">{major}{minor}</a:fontScheme><a:fmtScheme name="wengao"><a:fillStyleLst>{fills}</a:fillStyleLst><a:lnStyleLst>{lines}</a:lnStyleLst><a:effectStyleLst>{effects}</a:effectStyleLst><a:bgFillStyleLst>{fills}</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#,
        major = font("majorFont", &f.title),
        minor = font("minorFont", &f.body),
        fills = fill.repeat(3),
        lines = line.repeat(3),
        effects = effect.repeat(3),
    )
}

/// Relationship ids of the footers, as `word/_rels/document.xml.rels` names
/// them: `footerN.xml` is `rIdFooterN`.
const FOOTER_ODD_RID: &str = "rIdFooter1";
const FOOTER_EVEN_RID: &str = "rIdFooter2";

/// The relationship id of the `n`-th footer part (from 1).
pub(super) fn footer_rid(n: usize) -> String {
    format!("rIdFooter{n}")
}

/// The body's `w:sectPr`, last in `w:body`.
pub(super) fn section_xml(p: &StyleProfile) -> String {
    section_with_footers(p, FOOTER_ODD_RID, FOOTER_EVEN_RID)
}

/// The `w:sectPr` of a section whose pages carry no page number (GB/T 9704
/// §7.5: the 版记 page and the blank page before it): both its footers
/// are the empty one [`footers`] adds last when `blank` is asked for.
pub(super) fn unnumbered_section_xml(p: &StyleProfile) -> String {
    let blank = footer_rid(numbered_footer_count(p) + 1);
    section_with_footers(p, &blank, &blank)
}

/// How many footers carry the page number: odd and even, or one centred.
fn numbered_footer_count(p: &StyleProfile) -> usize {
    match p.page_number {
        PageNumberPosition::Sides => 2,
        PageNumberPosition::Center => 1,
    }
}

fn section_with_footers(p: &StyleProfile, default: &str, even: &str) -> String {
    // With odd and even footers a section must name its even one too, or
    // it inherits the section before's.
    let even = match p.page_number {
        PageNumberPosition::Sides => {
            format!(r#"<w:footerReference w:type="even" r:id="{even}"/>"#)
        }
        PageNumberPosition::Center => String::new(),
    };
    format!(
        r#"<w:sectPr><w:footerReference w:type="default" r:id="{default}"/>{even}<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="851" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/><w:cols w:space="425"/></w:sectPr>"#
    )
}

/// The footer parts, odd (default) first: `— N —` in 宋体 四号 (the
/// `Footer` style), odd pages right and even pages left, one character in
/// from the text edge; or one centred footer.
/// With `blank`, an empty footer follows them, for
/// [`unnumbered_section_xml`].
pub(super) fn footers(p: &StyleProfile, blank: bool) -> Vec<String> {
    let number = |align: Align, left: i32, right: i32| {
        let props = ParagraphProps {
            style: Some(FOOTER),
            indent: Some((left, right)),
            align: Some(align),
            ..ParagraphProps::default()
        };
        let mut paragraph = String::with_capacity(512);
        wordml::paragraph(&mut paragraph, &props, |out| {
            wordml::run(out, "— ", None);
            wordml::page_field(out);
            wordml::run(out, " —", None);
        });
        wordml::footer(&paragraph)
    };
    let mut parts = match p.page_number {
        PageNumberPosition::Sides => vec![
            number(Align::Right, 0, PAGE_NUMBER_INSET),
            number(Align::Left, PAGE_NUMBER_INSET, 0),
        ],
        PageNumberPosition::Center => vec![number(Align::Center, 0, 0)],
    };
    debug_assert_eq!(parts.len(), numbered_footer_count(p));
    if blank {
        let mut empty = String::new();
        wordml::paragraph(&mut empty, &ParagraphProps::default(), |_| {});
        parts.push(wordml::footer(&empty));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_eight_characters_fit_a_line() {
        let pitch = ONE_CHAR + character_spacing();
        assert!(pitch * 28 <= TEXT_WIDTH as i32);
        assert!(pitch * 29 > TEXT_WIDTH as i32);
        assert_eq!(character_spacing(), -5);
    }

    #[test]
    fn twenty_two_lines_fit_a_page() {
        let height = TEXT_HEIGHT as i32;
        let line = StyleProfile::default().line_spacing.0 as i32;
        assert_eq!(height / line, 22);
    }

    #[test]
    fn font_names_are_escaped() {
        let mut p = StyleProfile::default();
        p.fonts.body = "A&B".into();
        assert!(styles_xml(&p).contains(r#"w:eastAsia="A&amp;B""#));
        assert!(font_table_xml(&p).contains(r#"w:name="A&amp;B""#));
    }
}
