//! The metric table of `wengao diff` for data inputs: each metric's value
//! old → new and the change, and every comparison a draft may print of it
//! (同比, 环比, 占比, …) old → new, marked as typed in the data or computed
//! by wengao. The texts are the ones the drafts print (`data::refs`).

use rust_decimal::Decimal;

use crate::data::Data;
use crate::data::refs::{FORMS, Form, Resolver};
use crate::zh::number::format_number;

/// One form of a metric, old → new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Comparison {
    /// 同比, 环比, 占比, 去年, 上期, 目标, 完成率, …
    pub label: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Typed in the data file (去年, 上期, 目标), not computed by wengao.
    pub typed: bool,
}

/// One metric's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MetricRow {
    pub key: String,
    pub name: String,
    /// The value as printed (`1250余人次`), absent on one side when the
    /// metric is new or gone.
    pub old: Option<String>,
    pub new: Option<String>,
    /// The change of the value: `+4个`, `-0.5万元`, `持平`; empty when one
    /// side has no value.
    pub change: String,
    /// The forms whose text is not the same on both sides.
    pub comparisons: Vec<Comparison>,
}

impl MetricRow {
    /// Whether anything of the metric changed.
    pub(crate) fn differs(&self) -> bool {
        self.old != self.new || !self.comparisons.is_empty()
    }
}

/// The rows of every metric of `new`, then those only `old` has.
pub(crate) fn table(old: &Data, new: &Data) -> Vec<MetricRow> {
    let (old_r, new_r) = (Resolver::for_data(old), Resolver::for_data(new));
    let keys = new
        .metrics
        .keys()
        .chain(old.metrics.keys().filter(|k| !new.metrics.contains_key(*k)));
    keys.map(|key| {
        let text = |r: &Resolver, data: &Data, form| {
            data.metrics
                .contains_key(key)
                .then(|| r.format(key, form).ok())
                .flatten()
        };
        let comparisons = FORMS
            .iter()
            .filter_map(|&(form, label, _)| {
                let old_text = text(&old_r, old, form);
                let new_text = text(&new_r, new, form);
                (old_text != new_text).then_some(Comparison {
                    label,
                    old: old_text,
                    new: new_text,
                    typed: matches!(form, Form::LastYear | Form::Previous | Form::Target),
                })
            })
            .collect();
        let (old_m, new_m) = (old.metrics.get(key), new.metrics.get(key));
        let change = match (old_m, new_m) {
            (Some(o), Some(n)) => change(o.value, n.value, &n.unit),
            _ => String::new(),
        };
        MetricRow {
            key: key.clone(),
            name: new_m.or(old_m).map(|m| m.name.clone()).unwrap_or_default(),
            old: text(&old_r, old, Form::Value),
            new: text(&new_r, new, Form::Value),
            change,
            comparisons,
        }
    })
    .collect()
}

/// `+4个`, `-0.5万元`, `+2.4个百分点` (for a rate), `持平`.
fn change(old: Decimal, new: Decimal, unit: &str) -> String {
    let Some(diff) = new.checked_sub(old) else {
        return String::new();
    };
    if diff.is_zero() {
        return "持平".into();
    }
    let sign = if diff.is_sign_negative() { "-" } else { "+" };
    let unit = if unit == "%" { "个百分点" } else { unit };
    format!("{sign}{}{unit}", format_number(diff.abs()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::data::load::parse;

    fn data(value: &str, previous: &str) -> Data {
        let yaml = format!(
            "meta:\n  region: 柳川县\n  organization: 局\n  topic: 工作\n  period: 2026-Q3\n  date: 2026-10-12\nmetrics:\n  branches:\n    name: 党支部\n    value: {value}\n    unit: 个\n    previous: {previous}\n"
        );
        parse(Path::new("t.yaml"), yaml).unwrap().data
    }

    #[test]
    fn values_changes_and_comparisons_typed_or_computed() {
        let rows = table(&data("86", "81"), &data("90", "86"));
        let row = &rows[0];
        assert_eq!(
            (row.key.as_str(), row.name.as_str()),
            ("branches", "党支部")
        );
        assert_eq!(
            (row.old.as_deref(), row.new.as_deref()),
            (Some("86个"), Some("90个"))
        );
        assert_eq!(row.change, "+4个");
        let mom = row.comparisons.iter().find(|c| c.label == "环比").unwrap();
        assert!(!mom.typed);
        let previous = row.comparisons.iter().find(|c| c.label == "上期").unwrap();
        assert!(previous.typed);
        assert_eq!(
            (previous.old.as_deref(), previous.new.as_deref()),
            (Some("81个"), Some("86个"))
        );
    }

    #[test]
    fn rates_change_in_points() {
        assert_eq!(
            change(Decimal::new(962, 1), Decimal::new(986, 1), "%"),
            "+2.4个百分点"
        );
        assert_eq!(change(Decimal::from(5), Decimal::from(5), "个"), "持平");
    }
}
