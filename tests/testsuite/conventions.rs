//! The lint and the DOCX converter read a draft with one Markdown reader
//! (`wengao::conventions::markdown`) and classify its blocks by the same
//! rules (`wengao::conventions::blocks`), each from its own view of the
//! blocks (per-character source positions, inline runs): every golden draft
//! must come out line for line the same from both.

use std::fs;
use std::path::{Path, PathBuf};

use wengao::conventions::blocks::{Classified, Role};

/// The roles and texts of both readers; line breaks and spaces left out of
/// the texts (the lint joins a hard break, the converter keeps it).
fn both(markdown: &str) -> (Vec<Classified>, Vec<Classified>) {
    let squeeze = |v: Vec<Classified>| -> Vec<Classified> {
        v.into_iter()
            .map(|c| Classified::new(c.role, c.text.split_whitespace().collect::<String>()))
            .collect()
    };
    (
        squeeze(wengao::lint::roles(markdown)),
        squeeze(wengao::docx::roles(markdown)),
    )
}

fn drafts() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut out = Vec::new();
    walk(&root.join("expected/drafts"), &mut out);
    walk(&root.join("fixtures/md"), &mut out);
    out
}

#[test]
fn lint_and_docx_classify_every_golden_draft_alike() {
    let drafts = drafts();
    assert!(drafts.len() >= 12, "found only {drafts:?}");
    for path in drafts {
        let markdown = fs::read_to_string(&path).unwrap();
        let (lint, docx) = both(&markdown);
        assert_eq!(lint, docx, "{}", path.display());
        // The comparison means something only if the draft has structure.
        assert_eq!(lint[0].role, Role::Title, "{}", path.display());
        assert!(
            lint.iter().any(|c| matches!(c.role, Role::Heading(1))),
            "{}",
            path.display()
        );
    }
}

#[test]
fn lint_and_docx_agree_on_the_edge_cases_they_used_to_split() {
    let cases = [
        // A blank line ends the title block: the salutation after it is one.
        "# 讲话\n（2026年10月15日）\n\n同志们：\n\n正文。\n",
        // A sentence directly under the title is body text, not a title line.
        "# 标题\n今年以来，我县各项工作稳步推进。\n",
        // A numbered `#` heading is a heading, not the title.
        "# 一、总体情况\n\n正文。\n",
        // A plain numbered line is a heading; a bold phrase is no lead.
        "# 标题\n\n一、主要做法\n\n**重要的是**，我们要坚持。\n",
        // A bold sentence alone is a lead; a bold heading alone a heading.
        "# 标题\n\n**（二）阵地条件相对薄弱。**\n\n**（三）组织建设情况**\n",
        // Several documents in one file: each `#` starts one.
        "# 甲\n柳川县委\n\n正文。\n\n# 乙\n\n正文。\n",
        // A break inside the bold stretch does not make it a lead.
        "**重要\n的是**，我们要坚持。\n",
        "正文。\n\n柳川县委老干部局调研组\n2026年10月8日\n",
        // Single-`*` emphasis is no markup: both show the asterisks.
        "由*人增长至*人。\n",
        // A list item directly under the title starts at its marker, even
        // when its text is on the next line (the two readers used to differ).
        "# 标题\n-\n  柳川县委\n\n正文。\n",
        // An empty numbered item is its number, for both (the converter
        // used to carry the number on to the next paragraph).
        "# 标题\n\n正文。\n\n1. \n\\\n其后\n",
    ];
    for markdown in cases {
        let (lint, docx) = both(markdown);
        assert_eq!(lint, docx, "{markdown:?}");
    }
}

mod random_drafts {
    use proptest::prelude::*;

    /// Lines a hand-written draft is made of (no code or HTML: the lint
    /// does not read those, the converter prints them).
    const LINES: &[&str] = &[
        "# 柳川县工作汇报",
        "# 一、总体情况",
        "## 一、总体情况",
        "### （一）组织建设",
        "#### 概况",
        "标题\n===",
        "（送审稿）",
        "（2026年10月15日）",
        "柳川县委老干部局",
        "2026年10月8日",
        "同志们：",
        "尊敬的各位领导、同志们：",
        "今年以来，全县各项工作稳步推进。",
        "现将有关情况汇报如下：",
        "一、主要做法",
        "（二）强化保障",
        "㈢完善机制",
        "1.强化保障",
        "**（一）突出政治引领。**",
        "**（二）强化保障。** 我们坚持。",
        "**一、总体情况**",
        "**1.加强领导**",
        "**重要的是**，我们要坚持。",
        "**全县共有党支部86个。**",
        "一是加强领导；二是落实责任。",
        "GDP growth",
        "由*人增长至*人。",
        "| 项目 | 数量 |\n| --- | ---: |\n| 党员 | 1842名 |",
        "- 一项",
        "1. 加强领导",
        "2) **加强领导**",
        "- 一、主要做法",
        "> 引文一段",
        "> 一、主要做法",
        "\\# 不是标题",
        "一、主要做法：",
        "柳川县委老干部局调研组",
        "---",
    ];

    /// What joins two lines: a soft break, a blank line, a hard break.
    const JOINS: &[&str] = &["\n", "\n\n", "\n\n", "\\\n", "  \n"];

    fn draft() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (prop::sample::select(LINES), prop::sample::select(JOINS)),
            1..12,
        )
        .prop_map(|parts| parts.into_iter().flat_map(|(l, j)| [l, j]).collect())
    }

    proptest! {
        /// Any draft made of such lines: both readers agree on every block.
        #[test]
        fn lint_and_docx_agree_on_random_drafts(markdown in draft()) {
            let (lint, docx) = super::both(&markdown);
            prop_assert_eq!(lint, docx, "{:?}", markdown);
        }
    }
}
