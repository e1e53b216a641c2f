//! The README is the users' manual: it must keep naming every lint rule
//! they can switch off and every way of citing a metric.

use wengao::data::refs::FORMS;
use wengao::lint::Rule;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn every_lint_rule_is_documented() {
    let text = readme();
    for rule in Rule::ALL {
        assert!(
            text.contains(&format!("| `{}` |", rule.id())),
            "{} missing",
            rule.id()
        );
    }
}

#[test]
fn every_reference_form_is_documented() {
    let text = readme();
    for (_, zh, _) in FORMS {
        assert!(text.contains(&format!("{{键:{zh}}}")), "{zh} missing");
    }
}
