//! Reads the DOCX back and checks the GB/T 9704 layout values: page, fonts
//! and sizes per element, paragraph layout, footers, settings, tables and
//! core properties.

// OOXML part names are case-sensitive and `_rels/.rels` has no extension:
// comparing the name is what the format asks.
#![allow(clippy::case_sensitive_file_extension_comparisons)]

use crate::common::{Element, Package, Styles, build, build_with, fixture};
use wengao::docx::{PageNumberPosition, StyleProfile};

fn huibao() -> Package {
    Package::open(&build(&fixture("huibao.md")))
}

/// The east-Asian font, size and boldness of a run of `paragraph` as a
/// reader resolves them from the styles and the run's own properties; the
/// Latin font is Times New Roman throughout.
fn run_format(styles: &Styles, paragraph: &Element, run: &Element) -> (String, String, bool) {
    let format = styles.run_format(paragraph, run);
    assert_eq!(format.ascii.as_deref(), Some("Times New Roman"));
    assert_eq!(format.h_ansi.as_deref(), Some("Times New Roman"));
    assert_eq!(format.cs.as_deref(), Some("Times New Roman"));
    (
        format.east_asia.expect("every run has a Chinese font"),
        format.size.expect("every run has a size"),
        format.bold,
    )
}

/// [`run_format`] of the `i`-th run of `paragraph`.
fn nth_run(styles: &Styles, paragraph: &Element, i: usize) -> (String, String, bool) {
    run_format(styles, paragraph, paragraph.runs()[i])
}

fn paragraph<'a>(paragraphs: &'a [Element], text: &str) -> &'a Element {
    paragraphs
        .iter()
        .find(|p| p.text() == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?}"))
}

fn starting<'a>(paragraphs: &'a [Element], prefix: &str) -> &'a Element {
    paragraphs
        .iter()
        .find(|p| p.text().starts_with(prefix))
        .unwrap_or_else(|| panic!("no paragraph starting {prefix:?}"))
}

#[test]
fn page_is_a4_with_the_standard_margins_and_footers_first() {
    let doc = huibao().xml("word/document.xml");
    let sect = doc.at("w:body/w:sectPr").unwrap();
    let names: Vec<&str> = sect.elements().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "w:footerReference",
            "w:footerReference",
            "w:pgSz",
            "w:pgMar",
            "w:cols"
        ],
        "schema order"
    );
    let size = sect.child("w:pgSz").unwrap();
    assert_eq!(
        (size.attr("w:w"), size.attr("w:h")),
        (Some("11906"), Some("16838"))
    );
    let m = sect.child("w:pgMar").unwrap();
    assert_eq!(
        ["w:top", "w:bottom", "w:left", "w:right"].map(|k| m.attr(k).unwrap()),
        ["2098", "1984", "1588", "1474"]
    );
}

#[test]
fn body_style_gives_22_lines_of_28_characters() {
    let pkg = huibao();
    let normal = pkg.style("Normal");
    let spacing = normal.at("w:pPr/w:spacing").unwrap();
    assert_eq!(spacing.attr("w:line"), Some("560"));
    assert_eq!(spacing.attr("w:lineRule"), Some("exact"));
    let ind = normal.at("w:pPr/w:ind").unwrap();
    assert_eq!(ind.attr("w:firstLine"), Some("640"));
    assert_eq!(ind.attr("w:firstLineChars"), Some("200"));
    assert_eq!(normal.at("w:pPr/w:jc").unwrap().attr("w:val"), Some("both"));
    let styles = pkg.xml("word/styles.xml");
    let defaults = styles.at("w:docDefaults/w:rPrDefault/w:rPr").unwrap();
    // −0.25 pt a character: 28 characters of 16 pt fit the 156 mm line.
    assert_eq!(
        defaults.child("w:spacing").unwrap().attr("w:val"),
        Some("-5")
    );
    assert_eq!(defaults.child("w:sz").unwrap().attr("w:val"), Some("32"));
}

#[test]
fn defaults_mark_chinese_and_keep_punctuation_off_line_starts() {
    let styles = huibao().xml("word/styles.xml");
    let rpr = styles.at("w:docDefaults/w:rPrDefault/w:rPr").unwrap();
    assert_eq!(
        rpr.child("w:lang").unwrap().attr("w:eastAsia"),
        Some("zh-CN")
    );
    assert_eq!(
        rpr.child("w:rFonts").unwrap().attr("w:eastAsia"),
        Some("仿宋_GB2312")
    );
    let ppr = styles.at("w:docDefaults/w:pPrDefault/w:pPr").unwrap();
    assert_eq!(ppr.child("w:kinsoku").unwrap().attr("w:val"), Some("1"));
    // No automatic gap between Chinese and digits.
    assert_eq!(ppr.child("w:autoSpaceDN").unwrap().attr("w:val"), Some("0"));
}

#[test]
fn every_style_and_run_names_its_chinese_font_and_no_theme_font_anywhere() {
    let pkg = huibao();
    for style in pkg.xml("word/styles.xml").descendants("w:style") {
        // Word's empty default character style aside, every paragraph and
        // character style names its Chinese font.
        let kind = style.attr("w:type");
        let default = style.attr("w:default") == Some("1");
        if kind == Some("paragraph") || (kind == Some("character") && !default) {
            let fonts = style.at("w:rPr/w:rFonts");
            assert!(
                fonts.and_then(|f| f.attr("w:eastAsia")).is_some(),
                "style {:?}",
                style.attr("w:styleId")
            );
        }
    }
    let styles = pkg.styles();
    // (The footers' digits are 宋体, tested with the page numbers.)
    for paragraph in pkg.xml("word/document.xml").descendants("w:p") {
        for run in paragraph.runs() {
            run_format(&styles, paragraph, run);
        }
    }
    // The package has a theme part (validators require one), but no part
    // that formats text refers to it: a theme font would override the
    // `w:eastAsia` names.
    for (name, data) in &pkg.parts {
        if name.contains("theme") || name.ends_with(".rels") || name == "[Content_Types].xml" {
            continue;
        }
        let text = String::from_utf8_lossy(data);
        assert!(
            !text.to_lowercase().contains("theme"),
            "{name} mentions a theme"
        );
    }
    assert!(pkg.parts.contains_key("word/theme/theme1.xml"));
}

#[test]
fn title_and_title_block() {
    let pkg = huibao();
    let styles = pkg.styles();
    let paragraphs = pkg.paragraphs();
    let title = &paragraphs[0];
    assert_eq!(title.text(), "柳川县2026年前三季度老干部工作情况汇报");
    assert_eq!(title.style_id(), Some("Title"));
    let style = pkg.style("Title");
    assert_eq!(
        style.at("w:pPr/w:jc").unwrap().attr("w:val"),
        Some("center")
    );
    assert_eq!(
        style.at("w:pPr/w:ind").unwrap().attr("w:firstLineChars"),
        Some("0")
    );
    for run in title.runs() {
        assert_eq!(
            run_format(&styles, title, run),
            ("方正小标宋简体".into(), "44".into(), false)
        );
    }
    let lines: Vec<String> = paragraphs[1..4].iter().map(Element::text).collect();
    assert_eq!(lines, ["（送审稿）", "柳川县委老干部局", "2026年10月8日"]);
    for p in &paragraphs[1..4] {
        assert_eq!(p.style_id(), Some("Subtitle"));
    }
    // Bracketed lines in 楷体, the others in 仿宋; a blank line after the block.
    assert_eq!(
        nth_run(&styles, &paragraphs[1], 0),
        ("楷体_GB2312".into(), "32".into(), false)
    );
    assert_eq!(
        nth_run(&styles, &paragraphs[2], 0),
        ("仿宋_GB2312".into(), "32".into(), false)
    );
    let after = paragraphs[3].at("w:pPr/w:spacing").unwrap();
    assert_eq!(after.attr("w:after"), Some("560"));
    assert_eq!(
        pkg.style("Subtitle")
            .at("w:pPr/w:jc")
            .unwrap()
            .attr("w:val"),
        Some("center")
    );
}

#[test]
fn headings_take_their_font_from_the_numbering_level() {
    let pkg = huibao();
    let styles = pkg.styles();
    let paragraphs = pkg.paragraphs();
    let cases = [
        ("一、主要做法及成效", "Heading1", "黑体"),
        (
            "（一）离退休干部党建工作还有薄弱环节",
            "Heading2",
            "楷体_GB2312",
        ),
        ("1. 活动场所建设不平衡", "Heading3", "仿宋_GB2312"),
        ("（1）就医绿色通道覆盖面窄", "Heading4", "仿宋_GB2312"),
    ];
    for (text, style, font) in cases {
        let p = paragraph(&paragraphs, text);
        assert_eq!(p.style_id(), Some(style), "{text}");
        assert_eq!(
            nth_run(&styles, p, 0),
            (font.into(), "32".into(), false),
            "{text}"
        );
    }
    for (level, id) in ["Heading1", "Heading2", "Heading3", "Heading4"]
        .iter()
        .enumerate()
    {
        let s = pkg.style(id);
        assert_eq!(
            s.at("w:pPr/w:outlineLvl").unwrap().attr("w:val"),
            Some(&*level.to_string())
        );
        assert!(s.at("w:pPr/w:keepNext").is_some());
        assert!(s.at("w:rPr/w:b").is_none(), "the standard bolds no heading");
    }
}

#[test]
fn run_in_leads_are_set_in_their_level_font_then_body_text() {
    let pkg = huibao();
    let styles = pkg.styles();
    let paragraphs = pkg.paragraphs();
    let p = starting(&paragraphs, "（一）突出政治引领");
    assert_eq!(p.style_id(), None, "a body paragraph");
    let runs = p.runs();
    assert_eq!(runs[0].text(), "（一）突出政治引领，推动思想建设走深走实。");
    assert_eq!(
        run_format(&styles, p, runs[0]),
        ("楷体_GB2312".into(), "32".into(), false)
    );
    assert!(runs[1].text().starts_with("我们始终把政治建设摆在首位"));
    assert_eq!(
        run_format(&styles, p, runs[1]),
        ("仿宋_GB2312".into(), "32".into(), false)
    );
    let p = starting(&paragraphs, "1. 持续抓好思想政治建设。");
    assert_eq!(
        nth_run(&styles, p, 0),
        ("仿宋_GB2312".into(), "32".into(), false)
    );
}

#[test]
fn bold_leads_is_a_setting() {
    let style = StyleProfile {
        bold_leads: true,
        ..StyleProfile::default()
    };
    let pkg = Package::open(&build_with(&fixture("huibao.md"), &style));
    let styles = pkg.styles();
    let paragraphs = pkg.paragraphs();
    let lead = starting(&paragraphs, "（一）突出政治引领");
    assert_eq!(
        nth_run(&styles, lead, 0),
        ("楷体_GB2312".into(), "32".into(), true),
        "lead bold"
    );
    assert!(!nth_run(&styles, lead, 1).2, "body not bold");
    let lead = starting(&paragraphs, "1. 持续抓好思想政治建设。");
    assert!(nth_run(&styles, lead, 0).2, "仿宋 lead bold");
    let heading = paragraph(&paragraphs, "一、主要做法及成效");
    assert!(!nth_run(&styles, heading, 0).2, "黑体 never bold");
    let heading = paragraph(&paragraphs, "（一）离退休干部党建工作还有薄弱环节");
    assert!(nth_run(&styles, heading, 0).2, "楷体 heading bold");
    assert!(pkg.style("Heading2").at("w:rPr/w:b").is_some());
}

#[test]
fn salutation_is_flush_left() {
    let pkg = huibao();
    let p = paragraph(&pkg.paragraphs(), "尊敬的各位领导：").clone();
    assert_eq!(p.style_id(), Some("Salutation"));
    let style = pkg.style("Salutation");
    let ind = style.at("w:pPr/w:ind").unwrap();
    assert_eq!(
        (ind.attr("w:firstLine"), ind.attr("w:firstLineChars")),
        (Some("0"), Some("0"))
    );
    assert_eq!(style.at("w:pPr/w:jc").unwrap().attr("w:val"), Some("left"));
}

#[test]
fn signature_is_right_aligned_with_the_date_four_characters_in() {
    let pkg = huibao();
    let paragraphs = pkg.paragraphs();
    let n = paragraphs.len();
    let (org, date) = (&paragraphs[n - 2], &paragraphs[n - 1]);
    assert_eq!(org.text(), "柳川县委老干部局");
    assert_eq!(date.text(), "2026年10月8日");
    assert_eq!(
        pkg.style("Signature")
            .at("w:pPr/w:jc")
            .unwrap()
            .attr("w:val"),
        Some("right")
    );
    let inset = |p: &Element| -> i32 {
        assert_eq!(p.style_id(), Some("Signature"));
        p.at("w:pPr/w:ind")
            .unwrap()
            .attr("w:right")
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(inset(date), 1280, "右空四字");
    // Centred over the date: 8 characters against the date's 6.5.
    let (org_w, date_w) = (8 * 320, 13 * 160);
    assert_eq!(inset(org) + org_w / 2, inset(date) + date_w / 2);
}

#[test]
fn the_signature_keeps_with_the_last_body_paragraph() {
    fn keeps(p: &Element) -> (bool, Option<&str>) {
        (
            p.at("w:pPr/w:keepNext").is_some(),
            p.at("w:pPr/w:widowControl").and_then(|w| w.attr("w:val")),
        )
    }
    for name in ["huibao.md", "diaoyan.md"] {
        let pkg = Package::open(&build(&fixture(name)));
        let paragraphs = pkg.paragraphs();
        let n = paragraphs.len();
        let last_body = &paragraphs[n - 3];
        assert_eq!(last_body.style_id(), None, "{name}: {}", last_body.text());
        assert_eq!(keeps(last_body), (true, Some("1")), "{name}");
        // Only the last one: the body before it flows freely.
        assert_eq!(keeps(&paragraphs[n - 4]), (false, None), "{name}");
        // The signature's lines keep together through their style.
        assert!(pkg.style("Signature").at("w:pPr/w:keepNext").is_some());
    }
    // After a table, its last row keeps with the signature.
    let pkg = Package::open(&build(
        "正文。\n\n| 甲 | 乙 |\n| - | - |\n| 1 | 2 |\n\n柳川县委老干部局\n2026年10月8日\n",
    ));
    let doc = pkg.xml("word/document.xml");
    let rows = doc.descendants("w:tr");
    for cell in rows[1].descendants("w:p") {
        assert_eq!(keeps(cell), (true, Some("1")));
    }
    for cell in rows[0].descendants("w:p") {
        assert_eq!(keeps(cell), (false, None));
    }
}

#[test]
fn tables_are_real_tables_with_widths_header_rows_and_borders() {
    let pkg = huibao();
    let styles = pkg.styles();
    let doc = pkg.xml("word/document.xml");
    let tables = doc.descendants("w:tbl");
    assert_eq!(tables.len(), 2);
    let table = tables[0];
    let grid: Vec<u32> = table
        .at("w:tblGrid")
        .unwrap()
        .elements()
        .map(|c| c.attr("w:w").unwrap().parse().unwrap())
        .collect();
    assert_eq!(grid.len(), 3);
    assert_eq!(grid.iter().sum::<u32>(), 8844, "full text width");
    assert!(grid[0] > grid[1], "the wordy column is wider: {grid:?}");
    let rows = table.descendants("w:tr");
    assert!(rows[0].at("w:trPr/w:tblHeader").is_some(), "header repeats");
    assert!(rows[1].at("w:trPr/w:tblHeader").is_none());
    let borders = table.at("w:tblPr/w:tblBorders").unwrap();
    for side in ["w:top", "w:bottom", "w:insideH", "w:insideV"] {
        assert_eq!(borders.child(side).unwrap().attr("w:val"), Some("single"));
    }
    let cell = rows[1].descendants("w:p")[1];
    assert_eq!(cell.text(), "1842名");
    assert_eq!(cell.style_id(), Some("TableText"));
    assert_eq!(
        cell.at("w:pPr/w:jc").unwrap().attr("w:val"),
        Some("right"),
        "---: column"
    );
    assert_eq!(
        nth_run(&styles, cell, 0),
        ("仿宋_GB2312".into(), "28".into(), false)
    );
    let header = rows[0].descendants("w:p")[0];
    assert_eq!(
        (
            header.style_id(),
            pkg.style("TableText")
                .at("w:pPr/w:jc")
                .unwrap()
                .attr("w:val")
        ),
        (Some("TableText"), Some("center")),
        "the header row is centred by its style"
    );
    assert!(header.at("w:pPr/w:jc").is_none());
    let small = StyleProfile {
        table_font_size: 12.0,
        ..StyleProfile::default()
    };
    let pkg = Package::open(&build_with(&fixture("huibao.md"), &small));
    let cell = pkg.xml("word/document.xml").descendants("w:tbl")[0].descendants("w:p")[4].clone();
    assert_eq!(nth_run(&pkg.styles(), &cell, 0).1, "24");
}

#[test]
fn table_rows_are_whole_line_pitches_so_the_body_stays_on_its_grid() {
    let spacing = |p: &Package| {
        let s = p.style("TableText").at("w:pPr/w:spacing").unwrap().clone();
        (
            s.attr("w:line").map(str::to_owned),
            s.attr("w:lineRule").map(str::to_owned),
        )
    };
    let pkg = huibao();
    assert_eq!(spacing(&pkg), (Some("560".into()), Some("exact".into())));
    let doc = pkg.xml("word/document.xml");
    let heights: Vec<(String, String)> = doc.descendants("w:tbl")[0]
        .descendants("w:tr")
        .iter()
        .map(|row| {
            let h = row.at("w:trPr/w:trHeight").expect("every row has a height");
            (
                h.attr("w:val").unwrap().into(),
                h.attr("w:hRule").unwrap().into(),
            )
        })
        .collect();
    // Every cell of this table fits one line.
    assert_eq!(heights, vec![("560".to_string(), "exact".to_string()); 6]);
    // A cell that wraps makes its row as many pitches high as it has lines.
    let pkg = Package::open(&build(&format!(
        "| 项目 | 数量 |\n| --- | --- |\n| {} | 1 |\n| 甲 | 2 |\n",
        "老干部".repeat(20)
    )));
    let heights: Vec<String> = pkg
        .xml("word/document.xml")
        .descendants("w:trHeight")
        .iter()
        .map(|h| h.attr("w:val").unwrap().to_owned())
        .collect();
    // 60 characters at 27 a line in a 7,738-twip column: three lines.
    assert_eq!(heights, ["560", "1680", "560"]);
    // The pitch follows the profile.
    let loose = StyleProfile {
        line_spacing: wengao::docx::LineSpacing(600),
        ..StyleProfile::default()
    };
    let pkg = Package::open(&build_with(&fixture("huibao.md"), &loose));
    assert_eq!(spacing(&pkg).0.as_deref(), Some("600"));
    let row = pkg.xml("word/document.xml").descendants("w:tr")[1].clone();
    assert_eq!(
        row.at("w:trPr/w:trHeight").unwrap().attr("w:val"),
        Some("600")
    );
}

#[test]
fn page_numbers_sit_right_on_odd_and_left_on_even_pages() {
    let pkg = huibao();
    let styles = pkg.styles();
    assert!(
        pkg.xml("word/settings.xml")
            .child("w:evenAndOddHeaders")
            .is_some()
    );
    let sect = pkg
        .xml("word/document.xml")
        .at("w:body/w:sectPr")
        .unwrap()
        .clone();
    let refs: Vec<(&str, &str)> = sect
        .descendants("w:footerReference")
        .iter()
        .map(|r| (r.attr("w:type").unwrap(), r.attr("r:id").unwrap()))
        .collect();
    assert_eq!(refs, [("default", "rIdFooter1"), ("even", "rIdFooter2")]);
    let rels = pkg.text("word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml""#));
    assert!(rels.contains(r#"Id="rIdFooter2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml""#));
    for (part, jc, side) in [
        ("word/footer1.xml", "right", "w:right"),
        ("word/footer2.xml", "left", "w:left"),
    ] {
        let footer = pkg.xml(part);
        let p = footer.child("w:p").unwrap();
        assert_eq!(
            p.at("w:pPr/w:jc").unwrap().attr("w:val"),
            Some(jc),
            "{part}"
        );
        assert_eq!(
            p.at("w:pPr/w:ind").unwrap().attr(side),
            Some("280"),
            "one 四号 character in"
        );
        assert_eq!(p.text(), "— 1 —");
        assert_eq!(
            footer.descendants("w:instrText")[0].children,
            vec![crate::common::Node::Text("PAGE".into())]
        );
        // GB/T 9704 §7.5: 4号半角宋体阿拉伯数字 — the digits in 宋体
        // too, not the body's Latin font.
        for run in p.runs() {
            let format = styles.run_format(p, run);
            for font in [&format.ascii, &format.h_ansi, &format.east_asia, &format.cs] {
                assert_eq!(font.as_deref(), Some("宋体"), "{part}");
            }
            assert_eq!(format.size.as_deref(), Some("28"), "{part}");
            assert!(!format.bold);
        }
        assert_eq!(
            p.runs()[0].at("w:rPr/w:rFonts").unwrap().attr("w:hint"),
            Some("eastAsia"),
            "em dash"
        );
    }
}

#[test]
fn centred_page_numbers_need_one_footer() {
    let style = StyleProfile {
        page_number: PageNumberPosition::Center,
        ..StyleProfile::default()
    };
    let pkg = Package::open(&build_with("# 标题\n\n正文。\n", &style));
    assert!(!pkg.parts.contains_key("word/footer2.xml"));
    assert!(
        pkg.xml("word/settings.xml")
            .child("w:evenAndOddHeaders")
            .is_none()
    );
    let p = pkg.xml("word/footer1.xml").child("w:p").unwrap().clone();
    assert_eq!(p.at("w:pPr/w:jc").unwrap().attr("w:val"), Some("center"));
    assert!(!pkg.text("word/_rels/document.xml.rels").contains("footer2"));
    assert!(!pkg.text("[Content_Types].xml").contains("footer2"));
}

#[test]
fn shared_marks_get_the_east_asia_hint_and_others_do_not() {
    let pkg = huibao();
    for run in pkg.xml("word/document.xml").descendants("w:r") {
        let text = run.text();
        let hinted = run.at("w:rPr/w:rFonts").and_then(|f| f.attr("w:hint")) == Some("eastAsia");
        let shared = text.contains(['“', '”', '‘', '’', '—', '…', '·']);
        assert_eq!(hinted, shared, "{text}");
    }
}

#[test]
fn core_properties_come_from_the_caller_and_the_document_date() {
    let pkg = huibao();
    let core = pkg.xml("docProps/core.xml");
    let text = |name: &str| match &core.child(name)?.children[..] {
        [crate::common::Node::Text(t)] => Some(t.clone()),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(
        text("dc:title").as_deref(),
        Some("柳川县2026年前三季度老干部工作情况汇报")
    );
    assert_eq!(text("dc:creator").as_deref(), Some("柳川县委老干部局"));
    assert_eq!(
        text("dcterms:created").as_deref(),
        Some("2026-10-08T00:00:00Z")
    );
    assert_eq!(
        text("dcterms:modified").as_deref(),
        Some("2026-10-08T00:00:00Z")
    );
}

#[test]
fn package_parts_are_declared_and_deflated() {
    let bytes = build(&fixture("huibao.md"));
    let pkg = Package::open(&bytes);
    let types = pkg.text("[Content_Types].xml");
    for part in pkg
        .parts
        .keys()
        .filter(|p| !p.ends_with(".rels") && *p != "[Content_Types].xml")
    {
        assert!(
            types.contains(&format!(r#"PartName="/{part}""#)),
            "{part} undeclared"
        );
    }
    assert_eq!(pkg.order[0], "[Content_Types].xml");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        assert_eq!(
            entry.compression(),
            zip::CompressionMethod::Deflated,
            "{}",
            entry.name()
        );
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (2026, 10, 8),
            "stamp from the document date"
        );
    }
    assert!(bytes.len() <= 20 * 1024, "{} bytes", bytes.len());
}

#[test]
fn font_table_names_stand_ins_for_fonts_a_stock_system_lacks() {
    let pkg = Package::open(&build(&fixture("huibao.md")));
    let table = pkg.xml("word/fontTable.xml");
    let fonts = table.descendants("w:font");
    let facts = |name: &str| {
        let font = fonts
            .iter()
            .find(|f| f.attr("w:name") == Some(name))
            .unwrap_or_else(|| panic!("{name} not in the font table"));
        let val = |child: &str| {
            font.child(child)
                .and_then(|c| c.attr("w:val"))
                .map(str::to_owned)
        };
        (val("w:altName"), val("w:charset"), val("w:panose1"))
    };
    for (name, alt) in [
        ("方正小标宋简体", "华文中宋"),
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("黑体", "SimHei"),
        ("宋体", "SimSun"),
    ] {
        let (alt_name, charset, panose) = facts(name);
        assert_eq!(alt_name.as_deref(), Some(alt), "{name}");
        assert_eq!(charset.as_deref(), Some("86"), "{name}: GB2312");
        assert_eq!(
            panose.map(|p| p.len()),
            Some(20),
            "{name}: ten PANOSE bytes"
        );
    }
    assert_eq!(
        facts("Times New Roman"),
        (None, Some("00".into()), Some("02020603050405020304".into()))
    );
    // CT_Font's sequence: altName, panose1, charset, family, pitch.
    let text = pkg.text("word/fontTable.xml");
    assert!(text.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:panose1 w:val="02010609030101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="variable"/></w:font>"#), "{text}");
    // A font the profile names that wengao does not know gets no stand-in.
    let mut style = StyleProfile::default();
    style.fonts.body = "方正仿宋_GBK".into();
    let pkg = Package::open(&crate::common::build_with("正文", &style));
    let text = pkg.text("word/fontTable.xml");
    assert!(
        text.contains(r#"<w:font w:name="方正仿宋_GBK"><w:charset w:val="86"/>"#),
        "{text}"
    );
}
