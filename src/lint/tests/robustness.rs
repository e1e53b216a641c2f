//! Robustness: random drafts of tricky characters never panic and every
//! span stays inside the source.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use super::*;

const TRICKY: &[&str] = &[
    "*",
    "**",
    "\\",
    "|",
    "#",
    "## ",
    "【",
    "】",
    "【待补：",
    "“",
    "”",
    "‘",
    "’",
    "（",
    "）",
    "(",
    ")",
    "《",
    "》",
    "。",
    "，",
    "、",
    "；",
    "：",
    ",",
    ":",
    ".",
    "...",
    "…",
    "—",
    "-",
    "～",
    "%",
    "一是",
    "二是",
    "三项",
    "一、",
    "（一）",
    "1.",
    "1、",
    "㈠",
    "X",
    "xx",
    "×",
    "_",
    "{",
    "}",
    "{{",
    "`",
    "[",
    "]",
    "&amp;",
    "&#x4e00;",
    "<br>",
    "年",
    "月",
    "日",
    "约",
    "左右",
    "千",
    "百",
    "余",
    "万",
    "增长",
    "0",
    "1",
    "2",
    "9",
    "２",
    "柳川",
    "我讲三点意见",
    " ",
    "　",
    "\t",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "> ",
    "- ",
    "| --- |",
    "𠀀",
    "e\u{301}",
    "\u{200b}",
];

/// A draft of up to 60 tricky pieces.
fn draft() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TRICKY), 0..60).prop_map(|p| p.concat())
}

/// The oracle of every random draft: no panic, every span inside its line,
/// a message for every finding, findings sorted by place, and the same
/// findings on a second run.
fn check_draft(source: &str) -> Vec<Finding> {
    let findings = lint(source, &LintConfig::default());
    let lines: Vec<&str> = source.split('\n').collect();
    for f in &findings {
        let line = lines
            .get(f.span.line - 1)
            .unwrap_or_else(|| panic!("{source:?}: {f:?}"));
        let chars = line.chars().count();
        assert!(
            f.span.column >= 1 && f.span.column - 1 + f.span.width <= chars,
            "{source:?}: {f:?} outside line {line:?}"
        );
        assert!(!f.message().is_empty());
    }
    let places: Vec<(usize, usize)> = findings
        .iter()
        .map(|f| (f.span.line, f.span.column))
        .collect();
    assert!(
        places.windows(2).all(|w| w[0] <= w[1]),
        "{source:?}: unsorted"
    );
    assert_eq!(
        findings,
        lint(source, &LintConfig::default()),
        "{source:?}: not deterministic"
    );
    findings
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn never_panics_and_spans_stay_inside_the_source(source in draft()) {
        check_draft(&source);
    }
}

/// The generator reaches the rules, so the span checks above bite: a fixed
/// run of 3,000 drafts finds more than 3,000 faults of more than 15 rules.
#[test]
fn random_drafts_reach_most_rules() {
    let mut runner = TestRunner::deterministic();
    let mut total = 0;
    let mut rules = BTreeSet::new();
    for _ in 0..3000 {
        let source = draft().new_tree(&mut runner).unwrap().current();
        let findings = check_draft(&source);
        total += findings.len();
        rules.extend(findings.iter().map(|f| f.rule));
    }
    assert!(total > 3000, "{total}");
    assert!(rules.len() > 15, "{rules:?}");
}

/// `suppress` returns a lone hit untouched without reading the table of
/// rules: that holds because no rule outranks itself.
#[test]
fn no_rule_outranks_itself() {
    for &rule in Rule::ALL {
        assert!(!outranks(rule, rule), "{rule}");
        for &other in Rule::ALL {
            assert!(!(outranks(rule, other) && outranks(other, rule)));
        }
    }
}
