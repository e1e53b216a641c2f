//! Comparison phrases: `同比增长12.5%`, `环比下降3.2%`, `同比提高2.4个百分点`,
//! `同比持平`. The verb follows the sign of the change after rounding, so a
//! printed `持平` never hides a visible difference and a printed change is
//! never `0%`. A change between two rates is in 个百分点, never in `%`.
//!
//! What a metric is ([`MetricKind`]: 时点, 累计, 比率) decides which
//! comparisons make sense; [`Change::since`] names its base (比6月底增加5个,
//! 较上半年提高2.7个百分点).

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, Unexpected};

use super::number::{
    PERCENT_PLACES, Plain, format_percent_places, format_quantity, format_written, growth_places,
    round_half_up,
};

/// What the current value is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Basis {
    /// 同比: the same period last year.
    YearOnYear,
    /// 环比: the previous period.
    PeriodOnPeriod,
}

impl Basis {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Basis::YearOnYear => "同比",
            Basis::PeriodOnPeriod => "环比",
        }
    }
}

/// The phrase comparing `current` with `base`.
///
/// * `unit == "%"`: both are rates; the difference in 个百分点 with 提高/下降
///   (同比提高2.4个百分点).
/// * otherwise: growth in percent with 增长/下降 (同比增长12.5%);
///   when `base` is 0 there is no growth rate, so the absolute change is
///   given with 增加/减少 and the unit (同比增加12人).
///
/// A change that rounds to zero is 持平. `None` when the difference or the
/// rate overflows `Decimal` (never for numbers within the data's limits,
/// see [`super::number::check_exact`]): a caller reports that, it never
/// prints a saturated or wrapped figure.
pub(crate) fn compare_phrase(
    current: Decimal,
    base: Decimal,
    basis: Basis,
    unit: &str,
) -> Option<String> {
    computed_change(current, base, unit, None).map(|c| c.phrase(basis))
}

/// A change as a verb and an amount: 增长 + 5.8%, 提高 + 1.5个百分点, 持平
/// (no amount). Kept apart so several can share one 分别.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    /// 增长/下降 (a growth rate), 提高/下降 (percentage points), 增加/减少
    /// (an absolute change) or 持平.
    pub verb: &'static str,
    /// The figure after the verb; empty for 持平.
    pub amount: String,
}

impl Change {
    /// `同比增长5.8%`, `环比持平`.
    pub(crate) fn phrase(&self, basis: Basis) -> String {
        format!("{}{}{}", basis.as_str(), self.verb, self.amount)
    }

    fn flat() -> Change {
        Change {
            verb: "持平",
            amount: String::new(),
        }
    }
}

/// The change from `base` to `current` (see [`compare_phrase`]), the rate
/// rounded to `places` decimals when the writer declared them (printed
/// with exactly that many), else to [`PERCENT_PLACES`].
pub(crate) fn computed_change(
    current: Decimal,
    base: Decimal,
    unit: &str,
    places: Option<u32>,
) -> Option<Change> {
    let dp = places.unwrap_or(PERCENT_PLACES);
    let change = current.checked_sub(base)?;
    let signed = |value: Decimal,
                  up: &'static str,
                  down: &'static str,
                  print: &dyn Fn(Decimal) -> String| {
        match value.cmp(&Decimal::ZERO) {
            Ordering::Equal => Change::flat(),
            Ordering::Greater => Change {
                verb: up,
                amount: print(value),
            },
            Ordering::Less => Change {
                verb: down,
                amount: print(value.abs()),
            },
        }
    };
    if unit == "%" {
        let points = round_half_up(change, dp);
        return Some(signed(points, "提高", "下降", &|p| {
            format!("{}个百分点", Plain(fixed(p, places)))
        }));
    }
    if !base.is_zero() {
        let rate = growth_places(current, base, dp)?;
        return Some(signed(rate, "增长", "下降", &|r| {
            format_percent_places(r, places)
        }));
    }
    Some(signed(change, "增加", "减少", &|c| {
        format_quantity(c, unit, None)
    }))
}

/// A change the writer stated (`增长5.8%`, `下降23.9%`, `提高1.5个百分点`):
/// `stated` is signed, in percent, or in 个百分点 for a rate; printed as
/// written, with the verb its sign calls for.
pub(crate) fn stated_change(stated: Decimal, rate: bool) -> Change {
    let (up, down, unit) = if rate {
        ("提高", "下降", "个百分点")
    } else {
        ("增长", "下降", "%")
    };
    match stated.cmp(&Decimal::ZERO) {
        Ordering::Equal => Change::flat(),
        Ordering::Greater => Change {
            verb: up,
            amount: format!("{stated}{unit}"),
        },
        Ordering::Less => Change {
            verb: down,
            amount: format!("{}{unit}", Plain(stated.abs())),
        },
    }
}

/// The change from `base` to `current` in the unit a stated change is
/// written in (percent, or 个百分点 for a rate), rounded to `places`: what
/// a stated figure is checked against. `None` when it cannot be computed.
pub(crate) fn computed_for_check(
    current: Decimal,
    base: Decimal,
    rate: bool,
    places: u32,
) -> Option<Decimal> {
    if rate {
        Some(round_half_up(current.checked_sub(base)?, places))
    } else {
        growth_places(current, base, places)
    }
}

/// `v` with `places` decimals when declared, else without trailing zeros.
fn fixed(v: Decimal, places: Option<u32>) -> Decimal {
    match places {
        Some(p) => {
            let mut v = v;
            v.rescale(p);
            v
        }
        None => v.normalize(),
    }
}

/// What a metric measures, which decides how it compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetricKind {
    /// 时点: a stock at the period's end (党支部数): compared with the end
    /// of the previous period, of last year, or the same date last year.
    Stock,
    /// 累计: a running total since January (走访人次): compared with the
    /// same period last year only; its own figure for the quarter or month
    /// is the difference of two running totals of one year.
    Cumulative,
    /// 比率: a rate in % (覆盖率): changes in 个百分点.
    Rate,
}

/// What `kind` accepts, for error messages.
const KIND_EXPECTED: &str = "指标类型：时点、累计或比率";

impl MetricKind {
    /// The kind a metric has when its file does not say: 比率 for a unit
    /// of `%`, else 时点 (a stock compares in every way a running total
    /// does and more, so an undeclared 累计 still never reads wrongly as a
    /// stock of another kind of unit).
    pub fn of(declared: Option<MetricKind>, unit: &str) -> MetricKind {
        declared.unwrap_or(if unit == "%" {
            MetricKind::Rate
        } else {
            MetricKind::Stock
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Stock => "时点",
            MetricKind::Cumulative => "累计",
            MetricKind::Rate => "比率",
        }
    }
}

impl fmt::Display for MetricKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

struct KindVisitor;

impl de::Visitor<'_> for KindVisitor {
    type Value = MetricKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(KIND_EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<MetricKind, E> {
        match v.trim() {
            "时点" | "stock" => Ok(MetricKind::Stock),
            "累计" | "cumulative" => Ok(MetricKind::Cumulative),
            "比率" | "rate" => Ok(MetricKind::Rate),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

impl<'de> Deserialize<'de> for MetricKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KindVisitor)
    }
}

/// The change from `base` to `current` as an amount: `增加5个`, `减少4个`,
/// printed in the unit and precision written (in 万/亿 only when `scale`);
/// for a rate (`unit == "%"`) `提高2.7个百分点`, rounded as every computed
/// rate is ([`computed_change`]). `持平` when nothing is left after rounding;
/// `None` when the difference overflows.
pub(crate) fn absolute_change(
    current: Decimal,
    base: Decimal,
    unit: &str,
    places: Option<u32>,
    scale: bool,
) -> Option<Change> {
    if unit == "%" {
        return computed_change(current, base, unit, places);
    }
    let diff = current.checked_sub(base)?;
    let amount = |v: Decimal| format_written(v, unit, None, scale);
    Some(match diff.cmp(&Decimal::ZERO) {
        Ordering::Equal => Change::flat(),
        Ordering::Greater => Change {
            verb: "增加",
            amount: amount(diff),
        },
        Ordering::Less => Change {
            verb: "减少",
            amount: amount(-diff),
        },
    })
}

impl Change {
    /// The change from a named base: `比6月底增加5个`, `比上年末减少3个`,
    /// `较上半年提高2.7个百分点` (a rate), `与6月底持平`.
    pub(crate) fn since(&self, base_name: &str) -> String {
        if self.verb == "持平" {
            format!("与{base_name}持平")
        } else if self.amount.ends_with("个百分点") {
            format!("较{base_name}{}{}", self.verb, self.amount)
        } else {
            format!("比{base_name}{}{}", self.verb, self.amount)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(current: &str, base: &str, basis: Basis, unit: &str) -> String {
        compare_phrase(current.parse().unwrap(), base.parse().unwrap(), basis, unit).unwrap()
    }

    #[test]
    fn an_overflowing_difference_is_refused_not_saturated() {
        let max = Decimal::MAX;
        let yoy = Basis::YearOnYear;
        assert_eq!(compare_phrase(max, -max, yoy, "%"), None);
        assert_eq!(compare_phrase(max, Decimal::ONE, yoy, "人"), None);
        assert_eq!(compare_phrase(max, -Decimal::ONE, yoy, "人"), None);
        assert_eq!(compare_phrase(-max, max, yoy, "%"), None);
    }

    #[test]
    fn rates_change_in_percentage_points() {
        let yoy = Basis::YearOnYear;
        assert_eq!(phrase("39.6", "37.2", yoy, "%"), "同比提高2.4个百分点");
        assert_eq!(phrase("36.7", "37.2", yoy, "%"), "同比下降0.5个百分点");
        assert_eq!(phrase("37.2", "37.2", yoy, "%"), "同比持平");
        assert_eq!(phrase("37.24", "37.2", yoy, "%"), "同比持平");
        assert_eq!(phrase("37.16", "37.2", yoy, "%"), "同比持平");
        assert_eq!(phrase("37.25", "37.2", yoy, "%"), "同比提高0.1个百分点");
        assert_eq!(phrase("40", "30", yoy, "%"), "同比提高10个百分点");
        assert_eq!(
            phrase("12", "0", Basis::PeriodOnPeriod, "%"),
            "环比提高12个百分点"
        );
    }

    #[test]
    fn counts_change_in_percent() {
        assert_eq!(
            phrase("112.5", "100", Basis::YearOnYear, "人"),
            "同比增长12.5%"
        );
        assert_eq!(
            phrase("96.8", "100", Basis::PeriodOnPeriod, "件"),
            "环比下降3.2%"
        );
        assert_eq!(phrase("300", "200", Basis::YearOnYear, "人"), "同比增长50%");
        assert_eq!(phrase("100", "100", Basis::YearOnYear, "人"), "同比持平");
    }

    #[test]
    fn growth_that_rounds_to_zero_is_flat() {
        assert_eq!(
            phrase("100.04", "100", Basis::YearOnYear, "万元"),
            "同比持平"
        );
        assert_eq!(
            phrase("99.96", "100", Basis::YearOnYear, "万元"),
            "同比持平"
        );
        assert_eq!(
            phrase("100.05", "100", Basis::YearOnYear, "万元"),
            "同比增长0.1%"
        );
    }

    #[test]
    fn stated_changes_take_the_verb_of_their_sign() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let yoy = Basis::YearOnYear;
        assert_eq!(stated_change(d("5.8"), false).phrase(yoy), "同比增长5.8%");
        assert_eq!(
            stated_change(d("-23.9"), false).phrase(yoy),
            "同比下降23.9%"
        );
        assert_eq!(
            stated_change(d("1.5"), true).phrase(Basis::PeriodOnPeriod),
            "环比提高1.5个百分点"
        );
        assert_eq!(
            stated_change(d("-0.50"), true).phrase(yoy),
            "同比下降0.50个百分点"
        );
        assert_eq!(stated_change(d("0"), false).phrase(yoy), "同比持平");
        assert_eq!(stated_change(d("6.0"), false).amount, "6.0%");
    }

    #[test]
    fn declared_places_round_once_and_print_in_full() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let c = computed_change(d("170.78"), d("100"), "人", Some(2)).unwrap();
        assert_eq!((c.verb, c.amount.as_str()), ("增长", "70.78%"));
        let c = computed_change(d("108"), d("100"), "人", Some(2)).unwrap();
        assert_eq!(c.amount, "8.00%");
        let c = computed_change(d("39.625"), d("37.2"), "%", Some(2)).unwrap();
        assert_eq!((c.verb, c.amount.as_str()), ("提高", "2.43个百分点"));
        assert_eq!(
            computed_for_check(d("105.84"), d("100"), false, 1),
            Some(d("5.8"))
        );
        assert_eq!(
            computed_for_check(d("39.6"), d("37.2"), true, 1),
            Some(d("2.4"))
        );
    }

    #[test]
    fn zero_base_gives_the_absolute_change() {
        assert_eq!(phrase("12", "0", Basis::YearOnYear, "人"), "同比增加12人");
        assert_eq!(
            phrase("15000", "0", Basis::YearOnYear, "人次"),
            "同比增加1.5万人次"
        );
        assert_eq!(
            phrase("-5", "0", Basis::PeriodOnPeriod, "万元"),
            "环比减少5万元"
        );
        assert_eq!(phrase("0", "0", Basis::YearOnYear, "人"), "同比持平");
    }

    #[test]
    fn changes_name_their_base() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let since = |cur, base, name, unit, scale| {
            absolute_change(d(cur), d(base), unit, None, scale).map(|c| c.since(name))
        };
        let c = |cur, base, name, unit| since(cur, base, name, unit, true).unwrap();
        assert_eq!(c("86", "81", "6月底", "个"), "比6月底增加5个");
        assert_eq!(c("86", "74", "上年末", "个"), "比上年末增加12个");
        assert_eq!(c("70", "74", "上年末", "个"), "比上年末减少4个");
        assert_eq!(c("86", "86", "6月底", "个"), "与6月底持平");
        assert_eq!(c("91.4", "88.7", "上半年", "%"), "较上半年提高2.7个百分点");
        assert_eq!(c("88.7", "91.4", "上半年", "%"), "较上半年下降2.7个百分点");
        assert_eq!(c("91.42", "91.4", "上半年", "%"), "与上半年持平");
        assert_eq!(c("15000", "0", "上年末", "人次"), "比上年末增加1.5万人次");
        // Scaled only when the metric asks, as every printed number.
        assert_eq!(
            since("15000", "0", "上年末", "人次", false).unwrap(),
            "比上年末增加15000人次"
        );
        assert_eq!(
            absolute_change(Decimal::MAX, -Decimal::MAX, "个", None, false),
            None
        );
    }

    fn text_of(kind: MetricKind) -> &'static str {
        kind.as_str()
    }

    #[test]
    fn kinds_default_by_unit_and_read_chinese_names() {
        assert_eq!(MetricKind::of(None, "%"), MetricKind::Rate);
        assert_eq!(MetricKind::of(None, "个"), MetricKind::Stock);
        assert_eq!(
            MetricKind::of(Some(MetricKind::Cumulative), "人次"),
            MetricKind::Cumulative
        );
        for (text, kind) in [
            ("时点", MetricKind::Stock),
            ("累计", MetricKind::Cumulative),
            ("比率", MetricKind::Rate),
            ("cumulative", MetricKind::Cumulative),
            ("stock", MetricKind::Stock),
        ] {
            assert_eq!(serde_norway::from_str::<MetricKind>(text).unwrap(), kind);
            assert_eq!(MetricKind::of(Some(kind), "").to_string(), text_of(kind));
        }
        let err = serde_norway::from_str::<MetricKind>("存量").unwrap_err();
        assert!(
            err.to_string().contains("指标类型：时点、累计或比率"),
            "{err}"
        );
    }
}
