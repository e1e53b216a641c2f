//! 序时进度: how far through its annual target a metric should be at the
//! end of the period, and how far it is. By default the share of the year
//! gone by month (n/12: 1—5月 → 41.7%); a file may set its own schedule
//! (`schedule: {上半年: 60, 全年: 120}`), keyed by the period as the report
//! names it (一季度, 上半年, 前三季度, 全年, 1—5月, 5月份) or by its code
//! without the year (Q1, H1, Q3, 01~05, 05).
//!
//! `{键:序时进度}` prints "完成年度计划的46.4%，高于序时进度4.7个百分点"; the
//! gap is taken between the two rounded figures, so the printed numbers add
//! up. A figure typed by hand after 年度计划的 or 序时进度 is checked against
//! the one computed.

use std::cmp::Ordering;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::zh::number::{PERCENT_PLACES, round_half_up, share};
use crate::zh::period::{LabelStyle, Period};

/// A file's own schedule: the expected completion (in %) by period.
#[derive(Debug, Default)]
pub struct Schedule {
    /// The schedule as written, in file order.
    pub entries: IndexMap<String, Decimal>,
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Percent(#[serde(deserialize_with = "super::de_number")] Decimal);
        let entries = IndexMap::<String, Percent>::deserialize(d)?
            .into_iter()
            .map(|(k, Percent(v))| (k, v))
            .collect();
        Ok(Schedule { entries })
    }
}

/// The names a schedule may give `period`: its labels and its code
/// without the year.
fn names(period: Period) -> Vec<String> {
    let mut out = vec![
        period.label(LabelStyle::Cumulative),
        period.label(LabelStyle::Single),
    ];
    let code = period.to_string();
    if let Some((_, rest)) = code.split_once('-') {
        out.push(rest.to_owned());
    }
    out
}

/// The expected completion at the end of `period`, in % rounded to one
/// place: the file's schedule if it has one (`Err` with the keys it has
/// when it lacks this period), else n/12 by month.
pub(crate) fn expected(period: Period, schedule: &Schedule) -> Result<Decimal, Vec<String>> {
    if schedule.entries.is_empty() {
        let months = Decimal::from(period.elapsed_twelfths());
        let rate = share(months, Decimal::from(12)).expect("twelve is not zero");
        return Ok(rate);
    }
    let names = names(period);
    schedule
        .entries
        .iter()
        .find(|(k, _)| names.iter().any(|n| n == k.trim()))
        .map(|(_, v)| round_half_up(*v, PERCENT_PLACES))
        .ok_or_else(|| schedule.entries.keys().cloned().collect())
}

/// The completion of `value` against `target` and its gap to `expected`,
/// both rounded as printed; `None` when the target is 0 or it overflows.
pub(crate) fn progress(
    value: Decimal,
    target: Decimal,
    expected: Decimal,
) -> Option<(Decimal, Decimal)> {
    let done = share(value, target)?;
    Some((done, done.checked_sub(expected)?))
}

/// 完成年度计划的46.4%，高于序时进度4.7个百分点.
pub(crate) fn phrase(done: Decimal, gap: Decimal) -> String {
    let done = done.normalize();
    let points = gap.abs().normalize();
    match gap.cmp(&Decimal::ZERO) {
        Ordering::Greater => format!("完成年度计划的{done}%，高于序时进度{points}个百分点"),
        Ordering::Less => format!("完成年度计划的{done}%，低于序时进度{points}个百分点"),
        Ordering::Equal => format!("完成年度计划的{done}%，与序时进度持平"),
    }
}

/// A figure typed after `marker` in `text` (`年度计划的46.4%`,
/// `高于序时进度4.4个百分点`): the number as written and its byte range.
pub(crate) fn typed_after<'t>(
    text: &'t str,
    marker: &str,
) -> Vec<(&'t str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(marker) {
        let start = at + marker.len();
        let len = text[start..]
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        if len > 0 {
            out.push((&text[start..start + len], start..start + len));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn by_default_the_year_goes_by_month() {
        let none = Schedule::default();
        assert_eq!(expected(p("2026-01~05"), &none), Ok(d("41.7")));
        assert_eq!(expected(p("2026-Q3"), &none), Ok(d("75")));
        assert_eq!(expected(p("2026-H1"), &none), Ok(d("50")));
        assert_eq!(expected(p("2026"), &none), Ok(d("100")));
    }

    #[test]
    fn a_schedule_names_periods_as_a_report_does() {
        let schedule: Schedule =
            serde_norway::from_str("上半年: 60\n全年: 120\nQ3: 85\n01~05: 45").unwrap();
        assert_eq!(expected(p("2026-Q2"), &schedule), Ok(d("60")));
        assert_eq!(expected(p("2026-H1"), &schedule), Ok(d("60")));
        assert_eq!(expected(p("2026-Q3"), &schedule), Ok(d("85")));
        assert_eq!(expected(p("2026"), &schedule), Ok(d("120")));
        assert_eq!(expected(p("2026-01~05"), &schedule), Ok(d("45")));
        assert_eq!(
            expected(p("2026-Q1"), &schedule),
            Err(vec![
                "上半年".into(),
                "全年".into(),
                "Q3".into(),
                "01~05".into()
            ])
        );
    }

    #[test]
    fn the_gap_is_between_the_printed_figures() {
        let (done, gap) = progress(d("232000"), d("500000"), d("41.7")).unwrap();
        assert_eq!(
            phrase(done, gap),
            "完成年度计划的46.4%，高于序时进度4.7个百分点"
        );
        let (done, gap) = progress(d("180000"), d("500000"), d("41.7")).unwrap();
        assert_eq!(
            phrase(done, gap),
            "完成年度计划的36%，低于序时进度5.7个百分点"
        );
        let (done, gap) = progress(d("375"), d("500"), d("75")).unwrap();
        assert_eq!(phrase(done, gap), "完成年度计划的75%，与序时进度持平");
        assert_eq!(progress(d("1"), Decimal::ZERO, d("75")), None);
    }

    #[test]
    fn typed_figures_are_found() {
        let text = "完成年度计划的46.4%，高于序时进度4.4个百分点";
        let found = typed_after(text, "序时进度");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "4.4");
        assert_eq!(&text[found[0].1.clone()], "4.4");
        assert_eq!(typed_after(text, "年度计划的")[0].0, "46.4");
        assert!(typed_after("与序时进度持平", "序时进度").is_empty());
    }
}
