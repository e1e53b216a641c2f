//! The caps on findings: a line or a file full of one fault lists the
//! first ones and sums up the rest in one “另有N处同类问题” finding, so the
//! report (and the memory it takes) stays small on any input.

use super::*;

/// `n` half-width commas between Chinese characters: `n` findings.
fn commas(n: usize) -> String {
    "甲,乙".repeat(n)
}

#[test]
fn a_line_lists_the_first_findings_and_sums_up_the_rest() {
    let found = all(&commas(10_000));
    assert_eq!(found.len(), LINE_CAP + 1);
    assert!(
        found[..LINE_CAP]
            .iter()
            .all(|f| f.0 == Rule::PunctHalfwidth)
    );
    // The summary stands at the first fault it leaves out.
    assert_eq!(
        found[LINE_CAP],
        hit(
            Rule::PunctHalfwidth,
            1,
            3 * LINE_CAP + 2,
            1,
            "本行另有9980处同类问题（中文中使用了半角标点），不再逐一列出"
        )
    );
}

#[test]
fn a_file_lists_at_most_its_cap_per_rule() {
    // 15 paragraphs of 30: nine list 20 and sum up 10 each; the tenth
    // lists 20 and fills the file, so its last 10 and the 5 × 30 after it
    // are summed up once, at the first one left out.
    let md = vec![commas(30); 15].join("\n\n");
    let found = all(&md);
    let listed = found.iter().filter(|f| !f.2.contains("另有")).count();
    assert_eq!(listed, FILE_CAP);
    let summaries: Vec<&(Rule, Span, String)> =
        found.iter().filter(|f| f.2.contains("另有")).collect();
    assert_eq!(summaries.len(), 10, "{summaries:#?}");
    for s in &summaries[..9] {
        assert_eq!(
            s.2,
            "本行另有10处同类问题（中文中使用了半角标点），不再逐一列出"
        );
    }
    assert_eq!(
        *summaries[9],
        hit(
            Rule::PunctHalfwidth,
            19,
            3 * LINE_CAP + 2,
            1,
            "本文件此后另有160处同类问题（中文中使用了半角标点），不再逐一列出"
        )
    );
}

#[test]
fn caps_count_each_rule_on_its_own() {
    // 25 commas and 25 doubled stops on one line: each rule lists 20.
    let md = "甲,乙。。".repeat(25);
    let found = all(&md);
    for rule in [Rule::PunctHalfwidth, Rule::PunctDoubled] {
        let of_rule: Vec<_> = found.iter().filter(|f| f.0 == rule).collect();
        assert_eq!(of_rule.len(), LINE_CAP + 1, "{rule}");
        assert!(of_rule[LINE_CAP].2.starts_with("本行另有5处同类问题"));
    }
}

#[test]
fn a_summary_is_switched_off_with_its_rule() {
    let config = LintConfig {
        disable: [Rule::PunctHalfwidth].into(),
    };
    assert!(lint(&commas(100), &config).is_empty());
}

#[test]
fn a_huge_fault_is_quoted_by_its_start() {
    let found = all(&format!("甲{}", "。".repeat(100_000)));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].2.len() < 1_000, "{}", found[0].2);
    assert!(found[0].2.contains(&format!("“{}…”", "。".repeat(100))));
}
