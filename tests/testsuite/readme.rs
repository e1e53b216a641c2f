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

/// The outline example of the README is a data file that loads and checks
/// clean, as a writer would copy it.
#[test]
fn the_outline_example_is_valid_data() {
    let text = readme();
    let section = text
        .split_once("### `outline`（提纲）")
        .expect("the outline section")
        .1;
    let yaml = section
        .split_once("```yaml\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("a yaml example")
        .0;
    let loaded =
        wengao::data::load::parse(std::path::Path::new("README.md"), yaml.to_owned()).unwrap();
    assert!(wengao::data::validate::validate(&loaded).is_empty());
    assert_eq!(loaded.data.outline.len(), 2);
    // Keyed by the genre's Chinese name, as written (the pipeline names it
    // by the genre before drafting).
    assert_eq!(loaded.data.outlines["讲话"].len(), 3);
}
