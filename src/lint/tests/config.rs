//! The lint config: disabling rules, rule ids and their suggestions.

use super::*;

#[test]
fn disabling_a_rule_silences_exactly_that_rule() {
    let md = "共有党员 86人。。";
    let rules =
        |config: &LintConfig| -> Vec<Rule> { lint(md, config).iter().map(|f| f.rule).collect() };
    assert_eq!(
        rules(&LintConfig::default()),
        [Rule::SpaceCjk, Rule::PunctDoubled]
    );
    let (config, _) = crate::yaml::parse::<LintConfig>("disable: [space-cjk]").unwrap();
    assert_eq!(config.disable, BTreeSet::from([Rule::SpaceCjk]));
    assert_eq!(rules(&config), [Rule::PunctDoubled]);
}

#[test]
fn disabling_an_outranking_rule_lets_the_other_speak() {
    let md = "## 一、甲\n\n### (一)乙\n";
    let rules =
        |config: &LintConfig| -> Vec<Rule> { lint(md, config).iter().map(|f| f.rule).collect() };
    assert_eq!(rules(&LintConfig::default()), [Rule::NumberingStyle]);
    let config = LintConfig {
        disable: BTreeSet::from([Rule::NumberingStyle]),
    };
    assert_eq!(rules(&config), [Rule::PunctHalfwidth]);
}

#[test]
fn unknown_rule_id_suggests_the_right_one() {
    let err = crate::yaml::parse::<LintConfig>("disable: [space-cjkk]").unwrap_err();
    assert_eq!(
        err.message(),
        "“disable[0]”的值文本“space-cjkk”不对，应为规则编号，是否想写“space-cjk”？"
    );
    assert_eq!(
        err.span.map(|s| (s.line, s.column, s.width)),
        Some((1, 11, 10))
    );
    let err = crate::yaml::parse::<LintConfig>("disable: [foo]").unwrap_err();
    assert!(
        err.message()
            .contains("以下规则编号之一：punct-doubled、punct-halfwidth"),
        "{}",
        err.message()
    );
    let err = crate::yaml::parse::<LintConfig>("disabel: []").unwrap_err();
    assert_eq!(
        err.message(),
        "顶层下没有“disabel”这个键，是否想写“disable”？"
    );
}

#[test]
fn rule_ids_are_stable_unique_and_parse_back() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(Rule::id).collect();
    for (rule, id) in Rule::ALL.iter().zip(&ids) {
        assert_eq!(id.parse::<Rule>(), Ok(*rule));
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id}"
        );
        assert!(!rule.title().is_empty());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
    assert_eq!(
        "space-cjkk".parse::<Rule>().unwrap_err().to_string(),
        "没有“space-cjkk”这条规则，应为规则编号，是否想写“space-cjk”？"
    );
    let errors: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| r.severity() == Severity::Error)
        .map(Rule::id)
        .collect();
    assert_eq!(errors, ["count-mismatch", "placeholder"]);
}

#[test]
fn finding_explains_itself_with_its_rule_id() {
    let f = lint("全州共建立党支部XX个。", &LintConfig::default()).remove(0);
    assert_eq!(f.code(), Some("placeholder"));
    let d = f.into_diagnostic(std::path::Path::new("稿.md"), "全州共建立党支部XX个。");
    assert_eq!(
        d.to_string(),
        "稿.md:1:9: 错误: “XX”是未填写的占位符，请换成实际内容 [placeholder]\n  |\n1 | 全州共建立党支部XX个。\n  |                 ^^\n"
    );
}
