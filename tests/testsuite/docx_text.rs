//! The DOCX says what the Markdown says: every block's text, in order,
//! escapes shown literally, nothing lost from Markdown the 公文 conventions
//! do not use, and nothing XML cannot hold.

use crate::common::{FIXTURES, Package, assert_same_text, build, example_drafts, fixture};

fn texts(markdown: &str) -> Vec<String> {
    Package::open(&build(markdown))
        .paragraphs()
        .iter()
        .map(crate::common::Element::text)
        .collect()
}

#[test]
fn fixtures_keep_every_block_in_order() {
    for name in FIXTURES {
        let markdown = fixture(name);
        assert_same_text(&markdown, &build(&markdown));
    }
}

#[test]
fn example_drafts_keep_every_block_in_order() {
    let drafts = example_drafts();
    assert_eq!(drafts.len(), 55);
    for (name, markdown) in drafts {
        let result = std::panic::catch_unwind(|| assert_same_text(&markdown, &build(&markdown)));
        assert!(
            result.is_ok(),
            "{name}: the DOCX text differs from the Markdown"
        );
    }
}

#[test]
fn the_comparison_notices_a_lost_block() {
    let markdown = fixture("jianghua.md");
    let shorter = markdown.replacen("同志们：\n\n", "", 1);
    let result = std::panic::catch_unwind(|| assert_same_text(&markdown, &build(&shorter)));
    assert!(result.is_err(), "a missing salutation must be noticed");
}

#[test]
fn escapes_come_out_literally_without_changing_structure() {
    let markdown = "# 标题\n\n\\*\\*不是加粗\\*\\*\n\n\\# 不是标题\n\na \\| b\n\n<b>不是HTML</b>\n\n\\<i>也不是\\</i>，\\[链接\\](x)\n";
    assert_eq!(
        texts(markdown),
        [
            "标题",
            "**不是加粗**",
            "# 不是标题",
            "a | b",
            "<b>不是HTML</b>",
            "<i>也不是</i>，[链接](x)"
        ]
    );
    let pkg = Package::open(&build(markdown));
    let paragraphs = pkg.paragraphs();
    assert!(
        paragraphs[1..].iter().all(|p| p.style_id().is_none()),
        "all body text"
    );
    assert!(pkg.xml("word/document.xml").descendants("w:b").is_empty());
    assert!(
        pkg.text("word/document.xml")
            .contains("&lt;b&gt;不是HTML&lt;/b&gt;")
    );
}

#[test]
fn control_characters_never_reach_the_xml() {
    let markdown = "# 标\u{1}题\n\n正文\u{0}含有\u{B}控制\u{1F}字符\u{FFFF}。\n";
    let bytes = build(markdown);
    let pkg = Package::open(&bytes);
    for (name, data) in &pkg.parts {
        let text = std::str::from_utf8(data).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| (c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == '\u{FFFF}'),
            "{name}"
        );
    }
    assert_eq!(texts(markdown), ["标题", "正文含有控制字符。"]);
    let props = wengao::docx::DocProps {
        title: "标\u{2}题".into(),
        ..crate::common::props()
    };
    let bytes =
        wengao::docx::markdown_to_docx("正文", &props, &wengao::docx::StyleProfile::default())
            .unwrap();
    assert!(
        Package::open(&bytes)
            .text("docProps/core.xml")
            .contains("<dc:title>标题</dc:title>")
    );
}

#[test]
fn soft_breaks_join_chinese_and_hard_breaks_become_breaks() {
    let markdown = "第一行接着\n第二行，2026\n年共有Word\nWPS用户。\n\n上一行\\\n下一行\n";
    let pkg = Package::open(&build(markdown));
    let paragraphs = pkg.paragraphs();
    assert_eq!(
        paragraphs[0].text(),
        "第一行接着第二行，2026年共有Word WPS用户。"
    );
    assert_eq!(paragraphs[1].text(), "上一行\n下一行");
    assert_eq!(paragraphs[1].descendants("w:br").len(), 1);
}

#[test]
fn other_markdown_degrades_to_readable_text() {
    let markdown = "\
# 标题

- 第一项*强调*内容
- 第二项`代码`内容
  - 嵌套项

1. 加强领导
2. 落实责任

> 引用的一段话，[链接文字](https://example.org)。

```
代码第一行
代码第二行
```

<div>
HTML块
</div>

---

![图片说明](a.png)最后一段~~删除~~。
";
    assert_eq!(
        texts(markdown),
        [
            "标题",
            // No italic Chinese type: single emphasis shows as typed, as the
            // lint reads it (an asterisk placeholder never vanishes).
            "第一项*强调*内容",
            "第二项代码内容",
            "嵌套项",
            "1.加强领导",
            "2.落实责任",
            "引用的一段话，链接文字。",
            "代码第一行\n代码第二行",
            "<div>\nHTML块\n</div>",
            "图片说明最后一段~~删除~~。",
        ]
    );
}

#[test]
fn odd_input_does_not_panic() {
    // Each odd input gives a package whose paragraphs hold its text and
    // nothing else (an empty document still has its one empty body).
    let cases: [(&str, &[&str]); 12] = [
        ("", &[]),
        ("\n\n\n", &[]),
        ("#", &[]),
        ("**", &["**"]),
        ("**只有加粗**", &["只有加粗"]),
        ("| a |\n| - |\n", &["a"]),
        (
            "| a | b |\n| - | - |\n| 1 |\n| 1 | 2 | 3 |\n",
            &["a", "b", "1", "", "1", "2"],
        ),
        ("# \n\n2026年10月8日", &["2026年10月8日"]),
        // Two tabs open an indented code block: one tab stays in the text.
        ("\t\t制表符\t开头", &["\t制表符\t开头"]),
        ("> > > 深层引用", &["深层引用"]),
        ("<!-- 注释 -->", &["<!-- 注释 -->"]),
        // Without footnotes enabled, `[^1]: 脚注` is a link reference
        // definition: `[^1]` becomes a link whose text is kept.
        ("[^1]\n\n[^1]: 脚注", &["^1"]),
    ];
    for (markdown, expected) in cases {
        let bytes = build(markdown);
        assert!(bytes.starts_with(b"PK"), "{markdown:?}: not a zip");
        let pkg = Package::open(&bytes);
        assert!(pkg.parts.contains_key("word/styles.xml"), "{markdown:?}");
        assert_eq!(texts(markdown), expected, "{markdown:?}");
    }
}
