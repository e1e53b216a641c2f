//! The rules of one unit run only where the characters they start from
//! occur ([`Present`]): the same hits as running every rule on every unit,
//! the simple version kept here as the oracle.

use proptest::prelude::*;

use super::generate::chinese_text;
use super::*;

/// Every rule of one unit, run whatever the unit holds: the simple
/// version of [`unit_hits`].
fn unit_hits_oracle(unit: &Unit) -> Vec<Hit> {
    let s = &unit.chars;
    let mut hits = Vec::new();
    hits.extend(crate::lint::punct::doubled(s));
    hits.extend(crate::lint::punct::halfwidth(s));
    hits.extend(crate::lint::punct::pairs(s));
    hits.extend(crate::lint::punct::spaces(s));
    hits.extend(crate::lint::punct::ellipsis(s));
    hits.extend(crate::lint::punct::dashes(s));
    hits.extend(crate::lint::punct::quote_dunhao(s));
    hits.extend(crate::lint::numbers::qian_bai(s));
    hits.extend(crate::lint::numbers::range_unit(s));
    hits.extend(crate::lint::numbers::approx_redundant(s));
    hits.extend(crate::lint::numbers::approx_order(s));
    hits.extend(crate::lint::numbers::growth_sign(s));
    hits.extend(crate::lint::numbers::fullwidth_digits(s));
    hits.extend(crate::lint::numbers::dates(s));
    hits.extend(crate::lint::placeholder::placeholders(s));
    hits.extend(crate::lint::placeholder::missing_values(s));
    hits.extend(
        crate::lint::placeholder::bold_literals(s)
            .into_iter()
            .filter(|h| !unit.any_escaped(h.range.clone())),
    );
    if matches!(
        unit.kind,
        UnitKind::Paragraph | UnitKind::ListItem | UnitKind::Cell
    ) {
        let markers = crate::lint::enums::markers(s, &unit.line_starts);
        hits.extend(crate::lint::enums::marker_punct(s, &markers));
        hits.extend(crate::lint::enums::mixed(s, &markers));
        hits.extend(crate::lint::sequence::enum_sequence(&markers));
    }
    hits.extend(crate::lint::structure::unit_checks(unit));
    hits
}

/// Markdown around the generated text: a title, headings, a table, bold.
const FRAMES: [&str; 6] = [
    "{}",
    "# 标题\n\n## 一、{}\n\n{}",
    "**（一）{}**\n{}",
    "| {} | {} |\n|---|---|\n| 甲 | 乙 |",
    "- {}\n- {}",
    "{}  \n{}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn gated_unit_rules_agree_with_running_every_rule(
        a in chinese_text(),
        b in chinese_text(),
        frame in proptest::sample::select(&FRAMES[..]),
    ) {
        let markdown = frame.replacen("{}", &a, 1).replacen("{}", &b, 1);
        for unit in crate::lint::text::units(&markdown) {
            let markers = crate::lint::enums::markers(&unit.chars, &unit.line_starts);
            prop_assert_eq!(unit_hits(&unit, &markers), unit_hits_oracle(&unit));
        }
    }
}

/// What the quick path of [`Present::of`] skips for an ideograph: none is
/// a point, a mark of a pair, an ellipsis, a dash, a full-width digit or
/// `【`, a space or a minus, none closes a quoted item or opens an empty
/// pair, and none is `、`.
#[test]
fn no_ideograph_is_a_mark_the_quick_path_skips() {
    use crate::lint::{chars, numbers, placeholder, punct};
    for c in crate::conventions::script::UNIFIED_IDEOGRAPHS {
        let skipped = chars::is_point(c)
            || punct::may_pair(c)
            || punct::is_ellipsis_mark(c)
            || punct::closes_item(c)
            || numbers::is_minus(c)
            || is_space(c)
            || placeholder::closer_of_empty(c).is_some()
            || matches!(c, '、' | '－' | '—' | '０'..='９' | '【');
        assert!(!skipped, "{c}");
    }
}
