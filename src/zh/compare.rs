//! Comparison phrases: `同比增长12.5%`, `环比下降3.2%`, `同比提高2.4个百分点`,
//! `同比持平`. The verb follows the sign of the change after rounding, so a
//! printed `持平` never hides a visible difference and a printed change is
//! never `0%`. A change between two rates is in 个百分点, never in `%`.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::number::{PERCENT_PLACES, format_percent, format_quantity, growth, round_half_up};

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
    let basis = basis.as_str();
    let change = current.checked_sub(base)?;
    if unit == "%" {
        let points = round_half_up(change, PERCENT_PLACES).normalize();
        return Some(match points.cmp(&Decimal::ZERO) {
            Ordering::Equal => format!("{basis}持平"),
            Ordering::Greater => format!("{basis}提高{points}个百分点"),
            Ordering::Less => format!("{basis}下降{}个百分点", points.abs()),
        });
    }
    if !base.is_zero() {
        let rate = growth(current, base)?;
        return Some(match rate.cmp(&Decimal::ZERO) {
            Ordering::Equal => format!("{basis}持平"),
            Ordering::Greater => format!("{basis}增长{}", format_percent(rate)),
            Ordering::Less => format!("{basis}下降{}", format_percent(rate.abs())),
        });
    }
    let amount = format_quantity(change.abs(), unit, None);
    Some(match change.cmp(&Decimal::ZERO) {
        Ordering::Equal => format!("{basis}持平"),
        Ordering::Greater => format!("{basis}增加{amount}"),
        Ordering::Less => format!("{basis}减少{amount}"),
    })
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
}
