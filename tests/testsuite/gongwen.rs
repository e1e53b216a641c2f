//! Drafts sent as a 公文 (issue 12): the example `data/gongwen/2026-Q3.yaml`
//! sends its 汇报 up as a 报告 (版头 with 签发人, 落款 with room for a 印章,
//! 附注, 版记) and its 讲话 out as the 附件 of a 通知 (落款 without a 印章).
//! The DOCX is read back for positions, colours and rules; LibreOffice
//! renders it and the 版记 must land at the bottom of an even page.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Element, Package};
use snapbox::cmd::cargo_bin;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example data file `rel` into a fresh folder; returns it.
fn build(rel: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(cargo_bin("wengao"))
        .current_dir(dir.path())
        .arg("build")
        .arg(repo().join(rel))
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    dir
}

fn docx(dir: &Path, genre: &str) -> Package {
    let path = dir.join(format!("out/2026-Q3/{genre}.docx"));
    Package::open(&std::fs::read(path).unwrap())
}

fn paragraph_with<'a>(paragraphs: &'a [Element], text: &str) -> &'a Element {
    paragraphs
        .iter()
        .find(|p| p.text() == text)
        .unwrap_or_else(|| panic!("no paragraph “{text}”"))
}

fn attr<'a>(p: &'a Element, path: &str, name: &str) -> Option<&'a str> {
    p.at(path).and_then(|e| e.attr(name))
}

#[test]
fn the_report_carries_every_part_of_the_masthead_in_place() {
    let dir = build("data/gongwen/2026-Q3.yaml");
    let package = docx(dir.path(), "huibao");
    let paragraphs = package.paragraphs();
    let texts: Vec<String> = paragraphs.iter().map(Element::text).collect();
    // 份号, 密级和保密期限, 紧急程度: the first three lines, top left.
    assert_eq!(texts[..3], ["000006", "秘密★1年", "加急"]);
    for p in &paragraphs[..3] {
        assert_eq!(attr(p, "w:pPr/w:jc", "w:val"), Some("left"));
        let fonts = p.descendants("w:rFonts")[0];
        assert_eq!(fonts.attr("w:eastAsia"), Some("黑体"));
    }
    // 发文机关标志: red 小标宋, centred, its top 35 mm under the text area's.
    let mark = paragraph_with(&paragraphs, "中共柳川县委老干部局文件");
    assert_eq!(attr(mark, "w:pPr/w:jc", "w:val"), Some("center"));
    assert_eq!(mark.descendants("w:color")[0].attr("w:val"), Some("FF0000"));
    assert_eq!(
        mark.descendants("w:rFonts")[0].attr("w:eastAsia"),
        Some("方正小标宋简体")
    );
    assert_eq!(
        attr(mark, "w:pPr/w:spacing", "w:before"),
        Some((1984 - 3 * 560).to_string().as_str())
    );
    // 发文字号 left, 签发人 right (a document sent up), the red rule under it.
    let number = paragraphs
        .iter()
        .find(|p| p.text().contains("签发人："))
        .unwrap();
    assert!(number.text().contains("柳老干〔2026〕12号"));
    assert_eq!(attr(number, "w:pPr/w:jc", "w:val"), Some("left"));
    assert_eq!(
        attr(number, "w:pPr/w:pBdr/w:bottom", "w:color"),
        Some("FF0000")
    );
    assert_eq!(
        attr(number, "w:pPr/w:spacing", "w:before"),
        Some("1120"),
        "两行空行在发文机关标志之下"
    );
    let runs = number.runs();
    let signer = runs.last().unwrap();
    assert_eq!(signer.text(), "王立新");
    assert_eq!(
        signer.descendants("w:rFonts")[0].attr("w:eastAsia"),
        Some("楷体_GB2312")
    );
    // 主送机关 flush left, under the title.
    let to = paragraph_with(&paragraphs, "中共柳川县委：");
    assert_eq!(attr(to, "w:pPr/w:pStyle", "w:val"), Some("Salutation"));
    // 落款 with a 印章: two blank lines above, the date 右空四字.
    let signature = paragraph_with(&paragraphs, "柳川县委老干部局");
    assert_eq!(attr(signature, "w:pPr/w:spacing", "w:before"), Some("1120"));
    let date = paragraph_with(&paragraphs, "2026年10月12日");
    assert_eq!(attr(date, "w:pPr/w:ind", "w:right"), Some("1280"));
    // 附注 right under the date.
    let at = |t: &str| texts.iter().position(|x| x == t).unwrap();
    assert_eq!(
        at("（联系人：李静，电话：0000-6612345）"),
        at("2026年10月12日") + 1
    );
    // 版记: thick, thin, thick rules as wide as the text area, pushed to
    // the bottom of the text area, in a section starting on an even page.
    let copy_to = paragraph_with(&paragraphs, "　抄送：市委老干部局。");
    let printed = paragraphs
        .iter()
        .find(|p| p.text().ends_with("2026年10月12日印发"))
        .unwrap();
    assert_eq!(attr(copy_to, "w:pPr/w:pBdr/w:top", "w:sz"), Some("8"));
    assert_eq!(attr(copy_to, "w:pPr/w:pBdr/w:bottom", "w:sz"), Some("6"));
    assert_eq!(attr(printed, "w:pPr/w:pBdr/w:bottom", "w:sz"), Some("8"));
    for p in [copy_to, printed] {
        assert_eq!(attr(p, "w:pPr/w:ind", "w:right"), Some("0"));
    }
    assert_eq!(attr(copy_to, "w:pPr/w:ind", "w:hanging"), Some("1120"));
    // Two lines of 560 and the rules' allowance fill the 12756 twips of the
    // text area.
    assert_eq!(
        attr(copy_to, "w:pPr/w:spacing", "w:before"),
        Some((12756 - 2 * 560 - 180).to_string().as_str())
    );
    let document = package.text("word/document.xml");
    let last_section = &document[document.rfind("<w:sectPr>").unwrap()..];
    assert!(last_section.contains(r#"<w:type w:val="evenPage"/>"#));
}

#[test]
fn the_notice_carries_the_speech_as_its_attachment() {
    let dir = build("data/gongwen/2026-Q3.yaml");
    let package = docx(dir.path(), "jianghua");
    let paragraphs = package.paragraphs();
    let texts: Vec<String> = paragraphs.iter().map(Element::text).collect();
    // 联合行文 (§7.2.4): the organs' names one a line, the host first, in
    // red, spread to one width; 文件 right of them, centred down them.
    assert_eq!(
        texts[..5],
        ["", "中共柳川县委老干部局", "文件", "柳川县民政局", ""]
    );
    let document = package.text("word/document.xml");
    let mark = &document[document.find("<w:tbl>").unwrap()..document.find("</w:tbl>").unwrap()];
    assert_eq!(mark.matches("<w:tr>").count(), 2);
    assert!(mark.contains(r#"<w:vMerge w:val="restart"/><w:vAlign w:val="center"/>"#));
    assert_eq!(mark.matches(r#"<w:color w:val="FF0000"/>"#).count(), 3);
    for name in ["中共柳川县委老干部局", "柳川县民政局"] {
        assert_eq!(
            attr(
                &paragraphs[texts.iter().position(|t| t == name).unwrap()],
                "w:pPr/w:jc",
                "w:val"
            ),
            Some("distribute")
        );
    }
    // No 份号 or 签发人: the 发文字号 centred.
    let number = paragraph_with(&paragraphs, "柳老干〔2026〕13号");
    assert_eq!(attr(number, "w:pPr/w:jc", "w:val"), Some("center"));
    // 附件说明 with a hanging indent under the name's first character.
    let note = paragraph_with(&paragraphs, "附件：在全县老干部工作推进会上的讲话");
    assert_eq!(attr(note, "w:pPr/w:ind", "w:left"), Some("1600"));
    assert_eq!(attr(note, "w:pPr/w:ind", "w:hanging"), Some("960"));
    // 落款 without a 印章, 联合行文 (§7.3.5.2): the host's 署名 first, the
    // other under it, their first characters in line, the longest 右空二字;
    // the date two characters further right.
    let last_of = |t: &str| &paragraphs[texts.iter().rposition(|x| x == t).unwrap()];
    let host = last_of("中共柳川县委老干部局");
    let other = last_of("柳川县民政局");
    let date = paragraph_with(&paragraphs, "2026年10月12日");
    let right =
        |p: &Element| -> i32 { attr(p, "w:pPr/w:ind", "w:right").unwrap().parse().unwrap() };
    let start = |p: &Element, chars: i32| 8482 - right(p) - chars * 320;
    assert_eq!(right(host), 640);
    assert_eq!(start(host, 10), start(other, 6));
    assert_eq!(start(date, 7) - start(host, 10), 640);
    let at = |t: &str| texts.iter().position(|x| x == t).unwrap();
    assert_eq!(
        texts.iter().rposition(|x| x == "柳川县民政局").unwrap() + 1,
        at("2026年10月12日")
    );
    // The 附件 page: a new page, 附件 in 黑体 flush left, the title on line 3.
    let label = paragraph_with(&paragraphs, "附件");
    assert!(label.at("w:pPr/w:pageBreakBefore").is_some());
    assert_eq!(
        label.descendants("w:rFonts")[0].attr("w:eastAsia"),
        Some("黑体")
    );
    assert_eq!(at("在全县老干部工作推进会上的讲话"), at("附件") + 2);
}

#[test]
fn an_oral_draft_has_no_part_of_a_sent_document() {
    let dir = build("data/liuchuan/2026-Q3.yaml");
    for genre in ["huibao", "jianghua", "diaoyan"] {
        let package = docx(dir.path(), genre);
        let document = package.text("word/document.xml");
        for absent in [
            "FF0000",
            "w:framePr",
            "evenPage",
            "w:pBdr",
            "pageBreakBefore",
        ] {
            assert!(!document.contains(absent), "{genre}: {absent}");
        }
    }
}

/// Renders `docx` to PDF, blank pages LibreOffice inserts included.
fn render(dir: &Path, docx: &Path) -> PathBuf {
    crate::imprint::render_all(dir, &[docx.to_path_buf()]);
    dir.join(docx.with_extension("pdf").file_name().unwrap())
}

/// Each page of `pdf` as its words with their bottom edge in points.
pub(crate) fn words(pdf: &Path) -> Vec<Vec<(String, f64)>> {
    boxes(pdf)
        .into_iter()
        .map(|page| page.into_iter().map(|(w, _, bottom)| (w, bottom)).collect())
        .collect()
}

/// Each page of `pdf` as its words with their top and bottom edges.
fn boxes(pdf: &Path) -> Vec<Vec<(String, f64, f64)>> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut list = Vec::new();
        for word in page.split("<word ").skip(1) {
            let number = |name: &str| -> f64 {
                let at = word.split(&format!("{name}=\"")).nth(1).unwrap();
                at[..at.find('"').unwrap()].parse().unwrap()
            };
            let text = &word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()];
            list.push((text.to_owned(), number("yMin"), number("yMax")));
        }
        pages.push(list);
    }
    pages
}

#[test]
fn libreoffice_puts_the_imprint_at_the_bottom_of_an_even_last_page() {
    if !crate::common::office_present() {
        return;
    }
    let dir = build("data/gongwen/2026-Q3.yaml");
    // The bottom of the text area: 37 mm + 225 mm, in points.
    let text_bottom = (2098.0 + 12756.0) / 20.0;
    for genre in ["huibao", "jianghua", "diaoyan"] {
        let pdf = render(
            dir.path(),
            &dir.path().join(format!("out/2026-Q3/{genre}.docx")),
        );
        let pages = words(&pdf);
        assert_eq!(pages.len() % 2, 0, "{genre}: {} pages", pages.len());
        let last = pages.last().unwrap();
        let text: String = last.iter().map(|(w, _)| w.as_str()).collect();
        // The page holds the 版记 and the page number, nothing else.
        assert!(text.starts_with("抄送："), "{genre}: {text}");
        assert!(
            last.iter()
                .all(|(_, y)| *y > text_bottom - 2.0 * 28.0 - 6.0),
            "{genre}: the 版记 page holds more than the 版记: {text}"
        );
        let printed = last.iter().find(|(w, _)| w.ends_with("印发")).unwrap();
        assert!(
            (text_bottom - printed.1).abs() < 10.0,
            "{genre}: 印发 line ends at {} pt, the text area at {text_bottom} pt",
            printed.1
        );
        // The 版记 is the last page: nothing of the body follows it, and
        // every page before holds text or is the blank page before it.
        for (i, page) in pages[..pages.len() - 1].iter().enumerate() {
            let blank_before_imprint = i + 2 == pages.len();
            assert!(
                !page.is_empty() || blank_before_imprint,
                "{genre}: page {} is blank",
                i + 1
            );
        }
    }
}

/// Several attachments: each on a line of its own, numbered, a second line
/// of a name under the name's first character (GB/T 9704 §7.3.4); each
/// page labelled in order (§7.3.7). Without a 印章 the 落款 moves: the
/// date 右空二字 when it is the longer.
#[test]
fn several_attachments_hang_under_their_names() {
    let markdown = "# 关于印发材料的通知\n\n各乡镇：\n\n现将材料印发给你们。\n\n附件：1.讲话\\\n2.台账\n\n柳川县委\n2026年10月12日\n\n附件1\n\n# 讲话\n\n同志们。\n\n附件2\n\n# 台账\n\n台账。\n";
    let sent = wengao::docx::Frame {
        signature: "柳川县委".into(),
        date: "2026年10月12日".into(),
        seal: false,
        ..Default::default()
    };
    let bytes = wengao::docx::markdown_to_gongwen(
        markdown,
        &crate::common::props(),
        Some(&sent),
        &wengao::docx::StyleProfile::default(),
    )
    .unwrap();
    let paragraphs = Package::open(&bytes).paragraphs();
    let first = paragraph_with(&paragraphs, "附件：1.讲话");
    let second = paragraph_with(&paragraphs, "2.台账");
    // 左空二字 (640) + 附件： (960) + 1. (320).
    assert_eq!(attr(first, "w:pPr/w:ind", "w:left"), Some("1920"));
    assert_eq!(attr(first, "w:pPr/w:ind", "w:hanging"), Some("1280"));
    assert_eq!(attr(second, "w:pPr/w:ind", "w:left"), Some("1920"));
    assert_eq!(attr(second, "w:pPr/w:ind", "w:hanging"), Some("320"));
    for label in ["附件1", "附件2"] {
        let p = paragraph_with(&paragraphs, label);
        assert!(p.at("w:pPr/w:pageBreakBefore").is_some(), "{label}");
    }
    // 署名 4 characters, date 7 (8 half-width digits): the date 右空二字.
    let right = |t: &str| -> i32 {
        attr(paragraph_with(&paragraphs, t), "w:pPr/w:ind", "w:right")
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(right("2026年10月12日"), 640);
    // Its first character two right of the 署名's: 署名 inset = date inset
    // + date width + two characters − 署名 width.
    assert_eq!(right("柳川县委"), 640 + 7 * 320 + 2 * 320 - 4 * 320);
}

/// A 通知 with a table besides the 讲话: the 讲话 is 附件1, the table
/// 附件2, and the 附件说明 numbers both; the draft checks clean.
#[test]
fn a_notice_numbers_the_speech_and_its_tables() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(repo().join("data/gongwen/2026-Q3.yaml")).unwrap();
    let data = source + "    附件:\n      - 标题: 主要指标\n        指标: [老干部]\n";
    let file = dir.path().join("2026-Q3.yaml");
    std::fs::write(&file, data).unwrap();
    let output = Command::new(cargo_bin("wengao"))
        .current_dir(dir.path())
        .args(["build", "--strict", "--genre", "jianghua", "--format", "md"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "已为1个数据文件中的1个生成草稿，共1个文件；0个错误，0个警告\n"
    );
    let md = std::fs::read_to_string(dir.path().join("out/2026-Q3/jianghua.md")).unwrap();
    assert!(
        md.contains("附件：1.在全县老干部工作推进会上的讲话\\\n2.主要指标\n"),
        "{md}"
    );
    let labels: Vec<&str> = md.lines().filter(|l| l.starts_with("附件")).collect();
    assert_eq!(labels[1..], ["附件1", "附件2"]);
    assert!(
        md.ends_with("| 离退休干部 | 3268人 | 3245人 | 3190人 |\n"),
        "{md}"
    );
}

/// Several 签发人 (GB/T 9704 §7.2.6): two names a line, a further line's
/// name under the first line's first name, the 发文字号 on the line of the
/// last name (§7.2.5), which carries the red rule; LibreOffice lays them out
/// so.
#[test]
fn several_signers_stand_two_a_line_with_the_number_on_the_last() {
    let markdown = "# 关于工作情况的报告\n\n中共柳川县委：\n\n现将情况报告如下。\n\n柳川县委老干部局\n2026年10月12日\n";
    let sent = wengao::docx::Frame {
        issuer_mark: Some("中共柳川县委老干部局文件".into()),
        number: Some("柳老干〔2026〕12号".into()),
        signers: vec!["王立新".into(), "李明".into(), "欧阳晓东".into()],
        addressee: Some("中共柳川县委：".into()),
        signature: "柳川县委老干部局".into(),
        date: "2026年10月12日".into(),
        seal: true,
        ..Default::default()
    };
    let bytes = wengao::docx::markdown_to_gongwen(
        markdown,
        &crate::common::props(),
        Some(&sent),
        &wengao::docx::StyleProfile::default(),
    )
    .unwrap();
    let paragraphs = Package::open(&bytes).paragraphs();
    let untabbed = |text: &str| {
        paragraphs
            .iter()
            .find(|p| p.text().replace('\t', "") == text)
            .unwrap_or_else(|| panic!("no paragraph “{text}”"))
    };
    let first = untabbed("签发人：王立新李明");
    let last = untabbed("柳老干〔2026〕12号欧阳晓东");
    assert!(first.at("w:pPr/w:pBdr").is_none(), "只有最后一行有红线");
    assert_eq!(
        attr(last, "w:pPr/w:pBdr/w:bottom", "w:color"),
        Some("FF0000")
    );
    assert_eq!(attr(first, "w:pPr/w:spacing", "w:before"), Some("1120"));
    assert_eq!(attr(last, "w:pPr/w:spacing", "w:before"), Some("0"));
    let tabs = |p: &Element| -> Vec<String> {
        p.descendants("w:tab")
            .iter()
            .filter_map(|t| t.attr("w:pos").map(str::to_owned))
            .collect()
    };
    assert_eq!(tabs(first), tabs(last), "两行用同一组制表位");

    if !crate::common::office_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signers.docx");
    std::fs::write(&path, &bytes).unwrap();
    let pdf = render(dir.path(), &path);
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let word = |text: &str| -> (f64, f64) {
        let at = html
            .split("<word ")
            .find(|w| w.contains(&format!(">{text}")))
            .unwrap_or_else(|| panic!("no “{text}” in {html}"));
        let number = |name: &str| -> f64 {
            let v = at.split(&format!("{name}=\"")).nth(1).unwrap();
            v[..v.find('"').unwrap()].parse().unwrap()
        };
        (number("xMin"), number("yMax"))
    };
    let (wang_x, wang_y) = word("王立新");
    let (li_x, li_y) = word("李明");
    let (ouyang_x, ouyang_y) = word("欧阳晓东");
    let (_, number_y) = word("柳老干");
    assert!((wang_y - li_y).abs() < 1.0, "王立新、李明同一行");
    assert!(ouyang_y > wang_y + 20.0, "欧阳晓东回行");
    assert!(
        (ouyang_x - wang_x).abs() < 2.0,
        "回行与第一个姓名对齐：{ouyang_x} {wang_x}"
    );
    assert!(li_x > wang_x + 3.0 * 16.0, "每行两个姓名，均匀编排");
    assert!(
        (number_y - ouyang_y).abs() < 1.0,
        "发文字号与最后一个签发人同一行"
    );
    // 李明 ends within the text area, one character in or more.
    let text_right = (11906.0 - 1474.0) / 20.0;
    assert!(li_x + 2.0 * 16.0 <= text_right - 15.0, "{li_x}");
}

/// 联合行文 with 印章 (GB/T 9704 §7.3.5.1): the 署名 in the organs' order
/// two a row, the right one over the date, an odd last one alone over the
/// date; rows far enough apart for their seals; LibreOffice keeps the 落款
/// on a page with body text, the mark's 文件 centred down the names.
#[test]
fn a_joint_notice_with_seals_sets_the_signatures_two_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(repo().join("data/gongwen/2026-Q3.yaml")).unwrap();
    let names = "[中共柳川县委老干部局, 柳川县民政局, 柳川县财政局]";
    let data = source
        .replace(
            "发文机关标志: [中共柳川县委老干部局, 柳川县民政局]",
            &format!("发文机关标志: {names}"),
        )
        .replace(
            "署名: [中共柳川县委老干部局, 柳川县民政局]",
            &format!("署名: {names}"),
        )
        .replace("    加盖印章: false\n", "    加盖印章: true\n");
    let file = dir.path().join("2026-Q3.yaml");
    std::fs::write(&file, data).unwrap();
    let output = Command::new(cargo_bin("wengao"))
        .current_dir(dir.path())
        .args(["build", "--genre", "jianghua"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let docx_path = dir.path().join("out/2026-Q3/jianghua.docx");
    let package = Package::open(&std::fs::read(&docx_path).unwrap());
    let paragraphs = package.paragraphs();
    let texts: Vec<String> = paragraphs.iter().map(Element::text).collect();
    let date = texts.iter().position(|t| t == "2026年10月12日").unwrap();
    // Two rows: the host and the second organ, then the third alone.
    assert_eq!(texts[date - 2], "\t\t\t中共柳川县委老干部局\t柳川县民政局");
    assert_eq!(texts[date - 1], "\t\t\t\t柳川县财政局");
    let before = |i: usize| attr(&paragraphs[i], "w:pPr/w:spacing", "w:before");
    assert_eq!(before(date - 2), Some("1120"), "两行空行留给印章");
    assert_eq!(before(date - 1), Some("2240"), "两排印章互不相交");
    // The right column's centre is the date's (右空四字).
    let centres: Vec<&str> = paragraphs[date - 2]
        .descendants("w:tab")
        .iter()
        .filter_map(|t| t.attr("w:pos"))
        .collect();
    // The text area is 8844 twips wide.
    let date_centre = 8844 - 4 * 320 - 7 * 320 / 2;
    assert_eq!(
        centres,
        [
            (date_centre - 8844 / 2).to_string(),
            date_centre.to_string()
        ]
    );

    if !crate::common::office_present() {
        return;
    }
    let pdf = render(dir.path(), &docx_path);
    let pages = boxes(&pdf);
    let find = |page: &[(String, f64, f64)], text: &str| {
        page.iter()
            .find(|(w, _, _)| w.starts_with(text))
            .map(|(_, top, bottom)| (*top, *bottom))
    };
    // 文件 sits between the first and the last name of the mark.
    let first = &pages[0];
    let host = find(first, "中").unwrap();
    let last = find(first, "柳川县财政局")
        .or_else(|| find(first, "柳"))
        .unwrap();
    let word = find(first, "文件").unwrap();
    assert!(
        host.1 < word.1 && word.1 < last.1 + 1.0,
        "{host:?} {word:?} {last:?}"
    );
    // The page of the 落款 also holds body text. (The mark's names are
    // spread, so only the 署名 comes out as one word.)
    let closing_page = pages
        .iter()
        .find(|p| p.iter().any(|(w, _, _)| w == "柳川县财政局"))
        .unwrap();
    assert!(
        closing_page
            .iter()
            .any(|(w, _, _)| w.starts_with("附件：") || w.contains("印发给你们")),
        "落款所在页没有正文"
    );
}

/// A 调研报告 sent up as a 公文 of its own: the 版头 over the title, the
/// 主送机关 under it, the 落款 of the sending organ at the end (not the
/// 调研组 under the title), the 版记 last.
#[test]
fn the_research_report_is_sent_up_as_a_gongwen() {
    let dir = build("data/gongwen/2026-Q3.yaml");
    let paragraphs = docx(dir.path(), "diaoyan").paragraphs();
    let texts: Vec<String> = paragraphs.iter().map(Element::text).collect();
    assert_eq!(texts[0], "中共柳川县委老干部局文件");
    let at = |t: &str| texts.iter().position(|x| x == t).unwrap();
    let title = at("关于柳川县离退休干部党建工作的调研报告");
    assert_eq!(texts[title + 1], "中共柳川县委：");
    let date = at("2026年10月12日");
    assert_eq!(texts[date - 1], "柳川县委老干部局");
    assert!(date > title + 10, "落款在文末");
    assert!(
        texts.iter().any(|t| t.ends_with("2026年10月12日印发")),
        "版记"
    );
    let md = std::fs::read_to_string(dir.path().join("out/2026-Q3/diaoyan.md")).unwrap();
    assert!(!md.contains("调研组\n2026年10月12日"), "{md}");
}
