//! Numbers as offices write them (GB/T 15835-2011, docs/conventions.md "Numbers"):
//! Arabic digits without thousands separators or trailing zeros, 万 and 亿
//! as characters only when the result stays exact and short (`1.5万`,
//! `12.5亿`, never `4千`), approximations in their fixed places (`3200余人`,
//! `约300人`, `1234万余元`), and the one rounding rule of the project.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserialize, Deserializer, Unexpected};

const WAN: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);
const YI: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);

/// Decimals allowed after 万 or 亿: `1.25万` is fine, `1.268万` is not.
const MAGNITUDE_PLACES: u32 = 2;

/// Places a printed percentage keeps.
pub(crate) const PERCENT_PLACES: u32 = 1;

/// Significant digits a number in the data may have. A YAML float is an
/// IEEE double, which keeps any decimal of up to 15 significant digits
/// exactly (DBL_DIG); the 17th digit of 12345678901234567.0 is already lost
/// when the file is read.
pub(crate) const MAX_SIGNIFICANT_DIGITS: usize = 15;
/// Digits before the decimal point: below 10^15, so a value times 亿 (10^8)
/// and times 100 (a percentage) stays far inside `Decimal` (about 7.9×10^28).
pub(crate) const MAX_INTEGER_DIGITS: usize = 15;
/// Digits after the decimal point: 0.000001 is the smallest step a figure in
/// a report can have; 1e-30 would otherwise read as 0.
pub(crate) const MAX_DECIMAL_PLACES: usize = 6;

/// A number in the data that cannot be printed exactly as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NumberLimit {
    /// More than [`MAX_SIGNIFICANT_DIGITS`] significant digits.
    TooManyDigits { written: String, digits: usize },
    /// More than [`MAX_INTEGER_DIGITS`] digits before the point.
    TooLarge { written: String, digits: usize },
    /// More than [`MAX_DECIMAL_PLACES`] digits after the point.
    TooManyDecimals { written: String, places: usize },
    /// Read as a different number than the one written.
    NotExact { written: String, read: String },
}

impl NumberLimit {
    /// The message, in Chinese, with the limit that was passed.
    pub(crate) fn message(&self) -> String {
        match self {
            NumberLimit::TooManyDigits { written, digits } => format!(
                "数值 {written} 有{digits}位有效数字，最多只能有\
                 {MAX_SIGNIFICANT_DIGITS}位，否则无法精确读取和打印"
            ),
            NumberLimit::TooLarge { written, digits } => format!(
                "数值 {written} 太大：整数部分有{digits}位，最多只能有{MAX_INTEGER_DIGITS}位"
            ),
            NumberLimit::TooManyDecimals { written, places } => {
                format!("数值 {written} 的小数有{places}位，最多只能有{MAX_DECIMAL_PLACES}位")
            }
            NumberLimit::NotExact { written, read } => {
                format!("数值 {written} 无法精确读取（读成了 {read}），请写成普通的数字")
            }
        }
    }
}

/// The digits of a plain decimal or scientific number as written
/// (`-12.50`, `1e-30`, `+3E5`): the significant digits without leading or
/// trailing zeros, and where the point goes (value = 0.DIGITS × 10^point).
/// `None` for anything else (`0x1F`, `.inf`).
fn written_digits(text: &str) -> Option<(String, i64)> {
    let t = text.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let joined = format!("{int}{frac}");
    let significant = joined.trim_start_matches('0');
    let point = i64::try_from(int.len()).ok()? + exponent
        - i64::try_from(joined.len() - significant.len()).ok()?;
    Some((significant.trim_end_matches('0').to_owned(), point))
}

/// `Decimal`'s own text (`Display`: every digit of its scale, `130.0`
/// stays `130.0`), written without its long division of a 96-bit mantissa
/// digit by digit: a draft prints thousands of figures. A mantissa beyond
/// 64 bits, or a width or precision asked for, is left to `Decimal`.
#[derive(Clone, Copy)]
pub(crate) struct Plain(pub(crate) Decimal);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let Ok(mut mantissa) = u64::try_from(v.mantissa().unsigned_abs()) else {
            return fmt::Display::fmt(&v, f);
        };
        if f.width().is_some() || f.precision().is_some() || f.sign_plus() {
            return fmt::Display::fmt(&v, f);
        }
        // Digits from the last: at most 20 of a u64, and the zeros up to
        // the scale (at most 28) and one before the point.
        let mut digits = [b'0'; 30];
        let mut start = digits.len();
        while mantissa > 0 {
            start -= 1;
            digits[start] = b'0' + (mantissa % 10) as u8;
            mantissa /= 10;
        }
        let scale = v.scale() as usize;
        let start = start.min(digits.len() - scale - 1);
        let (whole, fraction) = digits[start..].split_at(digits.len() - start - scale);
        let text = |bytes| std::str::from_utf8(bytes).expect("ASCII digits");
        if v.is_sign_negative() {
            f.write_str("-")?;
        }
        f.write_str(text(whole))?;
        if scale > 0 {
            f.write_str(".")?;
            f.write_str(text(fraction))?;
        }
        Ok(())
    }
}

/// Whether `value`, written in the data as `written` (when the text is at
/// hand), can be printed exactly: within [`MAX_SIGNIFICANT_DIGITS`],
/// [`MAX_INTEGER_DIGITS`] and [`MAX_DECIMAL_PLACES`], and read as the very
/// number written. The written text is what is checked when there is one,
/// since a float may already have lost digits on reading.
pub(crate) fn check_exact(value: Decimal, written: Option<&str>) -> Result<(), NumberLimit> {
    // The value as printed: for a message, or when no text was written.
    let shown = || Plain(value.normalize()).to_string();
    let written_text = written.map(str::trim).filter(|w| !w.is_empty());
    let parsed = written_text.and_then(written_digits);
    let from_text = parsed.is_some();
    let (text, (digits, point)) = if let (Some(w), Some(p)) = (written_text, parsed) {
        (w.to_owned(), p)
    } else {
        let shown = shown();
        let digits = written_digits(&shown).expect("a Decimal prints as plain digits");
        (shown, digits)
    };
    let count = digits.len();
    let integer = usize::try_from(point.max(0)).unwrap_or(usize::MAX);
    let places = usize::try_from((count as i64 - point).max(0)).unwrap_or(usize::MAX);
    if integer > MAX_INTEGER_DIGITS {
        return Err(NumberLimit::TooLarge {
            written: text,
            digits: integer,
        });
    }
    if places > MAX_DECIMAL_PLACES {
        return Err(NumberLimit::TooManyDecimals {
            written: text,
            places,
        });
    }
    if count > MAX_SIGNIFICANT_DIGITS {
        return Err(NumberLimit::TooManyDigits {
            written: text,
            digits: count,
        });
    }
    // Within the limits, the text and the value read must agree digit for digit.
    let exact = Decimal::from_scientific(&text)
        .or_else(|_| Decimal::from_str(&text))
        .is_ok_and(|d| d.normalize() == value.normalize());
    if from_text && !exact {
        return Err(NumberLimit::NotExact {
            written: text,
            read: shown(),
        });
    }
    Ok(())
}

/// `v` as a draft prints it: 15000 → 1.5万, 1250000000 → 12.5亿, 12680 →
/// 12680 (1.268万 would need three decimals), 1.50 → 1.5.
///
/// A value of at least 10^8 tries 亿 first and then 万, so 123450000 becomes
/// 12345万 rather than a long digit string; below 10^4 digits are always
/// printed in full (no 千 or 百).
pub(crate) fn format_number(v: Decimal) -> String {
    let v = v.normalize();
    for (magnitude, name) in [(YI, '亿'), (WAN, '万')] {
        if v.abs() >= magnitude
            && let Some(scaled) = v.checked_div(magnitude).map(|s| s.normalize())
            && scaled.scale() <= MAGNITUDE_PLACES
        {
            return format!("{}{name}", Plain(scaled));
        }
    }
    Plain(v).to_string()
}

/// The approximation words of GB/T 15835: `20余次`, `100多件`, `约300人`,
/// `300人左右` (never 约 and 左右 together, which one value cannot express).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Approx {
    /// 余: "somewhat more than", after the number.
    Yu,
    /// 多: "more than", after the number.
    Duo,
    /// 约: "about", before the number.
    Yue,
    /// 左右: "around", after the unit.
    Zuoyou,
}

/// What [`Approx`] accepts, for error messages.
const APPROX_EXPECTED: &str = "约数词：余、多、约或左右";

impl Approx {
    pub fn as_str(self) -> &'static str {
        match self {
            Approx::Yu => "余",
            Approx::Duo => "多",
            Approx::Yue => "约",
            Approx::Zuoyou => "左右",
        }
    }
}

impl fmt::Display for Approx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not one of 余 多 约 左右.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseApproxError {
    pub input: String,
}

impl fmt::Display for ParseApproxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "无法识别约数词“{}”，应为{APPROX_EXPECTED}", self.input)
    }
}

impl std::error::Error for ParseApproxError {}

impl FromStr for Approx {
    type Err = ParseApproxError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "余" => Ok(Approx::Yu),
            "多" => Ok(Approx::Duo),
            "约" => Ok(Approx::Yue),
            "左右" => Ok(Approx::Zuoyou),
            _ => Err(ParseApproxError {
                input: s.to_owned(),
            }),
        }
    }
}

struct ApproxVisitor;

impl de::Visitor<'_> for ApproxVisitor {
    type Value = Approx;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(APPROX_EXPECTED)
    }

    // Failing inside the visitor (not after reading a String) lets the YAML
    // deserializer attach the value's own key and position to the error.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Approx, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for Approx {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ApproxVisitor)
    }
}

/// A quantity with its unit and optional approximation: (3200, "人", 余) →
/// 3200余人, (300, "人", 约) → 约300人, (15000, "人次", None) → 1.5万人次.
///
/// A unit starting with 万 or 亿 is a magnitude plus a measure: the value is
/// normalised through [`format_number`] ((12500, "万元") → 1.25亿元) and 余/多
/// go after the magnitude ((1234, "万元", 余) → 1234万余元, never 1234余万元).
/// Rates (`%`, `‰`, `个百分点`) print the value as is: 万 has no place there.
pub(crate) fn format_quantity(v: Decimal, unit: &str, approx: Option<Approx>) -> String {
    let (number, measure) = number_and_measure(v, unit);
    place_approx(&number, measure, approx)
}

/// A metric's quantity as the writer wrote it: the value with its written
/// precision (`130.0`, `219.504`) and its written unit (`万元` stays 万元),
/// approximation words placed as in [`format_quantity`] (`1234万余元`).
/// With `scale`, the writer asked for 万/亿 to be chosen
/// ([`format_quantity`]: 15000人次 → 1.5万人次).
pub(crate) fn format_written(
    v: Decimal,
    unit: &str,
    approx: Option<Approx>,
    scale: bool,
) -> String {
    let (magnitude, measure) = split_magnitude(unit);
    if scale {
        // Scaling shortens: it may move 万 up to 亿, never down to a long
        // digit string (219.504万元 stays, never 2195040元).
        let rank = |m: &str| ["", "万", "亿", "万亿"].iter().position(|r| *r == m);
        let (number, _) = number_and_measure(v, unit);
        let scaled = ["万亿", "亿", "万"]
            .into_iter()
            .find(|m| number.ends_with(m))
            .unwrap_or("");
        if rank(scaled) >= rank(magnitude) {
            return format_quantity(v, unit, approx);
        }
    }
    place_approx(&format!("{}{magnitude}", Plain(v)), measure, approx)
}

/// A unit's magnitude prefix (万亿, 亿, 万) and the measure after it;
/// rates have none (`万%` is no unit).
fn split_magnitude(unit: &str) -> (&str, &str) {
    if ["%", "‰", "个百分点"].contains(&unit) {
        return ("", unit);
    }
    for prefix in ["万亿", "亿", "万"] {
        if let Some(measure) = unit.strip_prefix(prefix) {
            return (prefix, measure);
        }
    }
    ("", unit)
}

/// The 概数 of a quantity: rounded down to its leading digit and followed by
/// 余, as reports write round figures — 1250人次 → 千余人次, 15000人 → 万余人,
/// 3268人 → 3000余人, 36000小时 → 3万余小时, 219.504万元 → 200万余元. A
/// leading 1 of 十/百/千/万/亿 is the character alone (千余, never 1千余);
/// other leading digits stay Arabic (GB/T 15835 §5.3: never 3千). `None`
/// for a value below 10, a negative one, or one already round (3000 is not
/// "3000余"), which has no 概数.
pub(crate) fn approximate(v: Decimal, unit: &str) -> Option<String> {
    let (magnitude, measure) = split_magnitude(unit);
    if ["%", "‰", "个百分点"].contains(&unit) {
        return None;
    }
    let factor = match magnitude {
        "万亿" => YI.checked_mul(WAN)?,
        "亿" => YI,
        "万" => WAN,
        _ => Decimal::ONE,
    };
    let full = v.checked_mul(factor)?;
    if full < Decimal::TEN {
        return None;
    }
    let (group, suffix) = if full >= YI {
        (YI, "亿")
    } else if full >= WAN {
        (WAN, "万")
    } else {
        (Decimal::ONE, "")
    };
    let count = (full / group).trunc().normalize();
    let digits = count.mantissa().to_string();
    let lead =
        Decimal::from_str(&format!("{}{}", &digits[..1], "0".repeat(digits.len() - 1))).ok()?;
    if lead.checked_mul(group)? == full.normalize() {
        return None;
    }
    let number = match (lead.to_string().as_str(), suffix) {
        ("1", "亿" | "万") => suffix.to_owned(),
        ("10", "") => "十".to_owned(),
        ("100", "") => "百".to_owned(),
        ("1000", "") => "千".to_owned(),
        (n, s) => format!("{n}{s}"),
    };
    Some(format!("{number}余{measure}"))
}

/// `number` + approximation + `measure`: 约 before, 余/多 between, 左右 after.
fn place_approx(number: &str, measure: &str, approx: Option<Approx>) -> String {
    let mut out = String::new();
    if approx == Some(Approx::Yue) {
        out.push('约');
    }
    out.push_str(number);
    if let Some(a @ (Approx::Yu | Approx::Duo)) = approx {
        out.push_str(a.as_str());
    }
    out.push_str(measure);
    if approx == Some(Approx::Zuoyou) {
        out.push_str("左右");
    }
    out
}

/// Splits the printed quantity into the number (with any 万/亿) and the
/// measure word that follows the approximation.
fn number_and_measure(v: Decimal, unit: &str) -> (String, &str) {
    if ["%", "‰", "个百分点"].contains(&unit) {
        return (Plain(v.normalize()).to_string(), unit);
    }
    // 万亿 has no step in format_number, so that magnitude is kept as written.
    if let Some(measure) = unit.strip_prefix("万亿") {
        return (format!("{}万亿", Plain(v.normalize())), measure);
    }
    for (prefix, magnitude) in [("亿", YI), ("万", WAN)] {
        if let Some(measure) = unit.strip_prefix(prefix) {
            return match v.checked_mul(magnitude) {
                Some(full) => (format_number(full), measure),
                None => (format!("{}{prefix}", Plain(v.normalize())), measure),
            };
        }
    }
    (format_number(v), unit)
}

/// Rounds to `places` decimals, a midpoint away from zero (四舍五入): 37.25 →
/// 37.3, −37.25 → −37.3, 2.5 → 3. The only rounding the project uses, so
/// every printed figure agrees with every other.
pub(crate) fn round_half_up(v: Decimal, places: u32) -> Decimal {
    v.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// A percentage rounded to [`PERCENT_PLACES`] without a trailing `.0`:
/// 37.24 → 37.2%, 37.25 → 37.3%, 40.0 → 40%.
pub(crate) fn format_percent(v: Decimal) -> String {
    format!("{}%", Plain(round_half_up(v, PERCENT_PLACES).normalize()))
}

/// A computed percentage with `places` decimals declared by the writer
/// (a bulletin's `70.78%`): rounded by [`round_half_up`] and printed with
/// exactly that many decimals (`70.80%`, a column of figures keeps its
/// width). Without a declaration, [`format_percent`].
pub(crate) fn format_percent_places(v: Decimal, places: Option<u32>) -> String {
    match places {
        None => format_percent(v),
        Some(p) => {
            let mut rounded = round_half_up(v, p);
            rounded.rescale(p);
            format!("{}%", Plain(rounded))
        }
    }
}

/// [`share`] rounded to `places` decimals.
pub(crate) fn share_places(part: Decimal, whole: Decimal, places: u32) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let percent = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    Some(round_half_up(percent, places))
}

/// Growth of `current` over `base` in percent, rounded to `places`: 112.5
/// over 100 → 12.5. `None` when `base` is 0 (or the arithmetic overflows).
///
/// The change is divided by |base| so the sign always follows the change: a
/// loss shrinking from −100 to −50 is +50%, not −50%.
pub(crate) fn growth_places(current: Decimal, base: Decimal, places: u32) -> Option<Decimal> {
    if base.is_zero() {
        return None;
    }
    let change = current.checked_sub(base)?;
    let percent = change
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(base.abs())?;
    Some(round_half_up(percent, places))
}

/// Half a unit in the last place `v` is written to (0.05 for 5.8, 0.5 for
/// 72): how far a figure rounded to that precision may be from the truth.
pub(crate) fn half_ulp(v: Decimal) -> Decimal {
    Decimal::new(5, v.scale() + 1)
}

/// `part` as a percentage of `whole`, rounded: 10193 of 27364 → 37.2.
/// `None` when `whole` is 0 (or the arithmetic overflows).
pub(crate) fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    share_places(part, whole, PERCENT_PLACES)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Plain` writes what `Decimal` writes, for every sign, scale and
    /// size of mantissa (beyond 64 bits it hands over).
    #[test]
    fn plain_decimals_print_as_decimal_does() {
        let check = |v: Decimal| {
            assert_eq!(Plain(v).to_string(), v.to_string(), "{v:?}");
            assert_eq!(format!("{:>40}", Plain(v)), format!("{v:>40}"));
            // (`Decimal` itself panics on a precision past 32 characters.)
            if v.mantissa().unsigned_abs() < 1 << 64 {
                assert_eq!(format!("{:.3}", Plain(v)), format!("{v:.3}"));
            }
        };
        for scale in 0..=28 {
            for lo in [0, 1, 5, 9, 10, 99, 100, 12_345, u32::MAX] {
                for (mid, hi) in [(0, 0), (1, 0), (u32::MAX, 0), (0, 1), (u32::MAX, u32::MAX)] {
                    for negative in [false, true] {
                        check(Decimal::from_parts(lo, mid, hi, negative, scale));
                    }
                }
            }
        }
        // Zero with its sign set, which `from_parts` clears.
        let mut negative_zero = Decimal::new(0, 2);
        negative_zero.set_sign_negative(true);
        check(negative_zero);
        proptest::proptest!(|(m in -(1i128 << 96) + 1..(1i128 << 96), scale in 0u32..=28)| {
            check(Decimal::from_i128_with_scale(m, scale));
        });
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_use_wan_and_yi_only_when_exact_and_short() {
        let cases = [
            ("15000", "1.5万"),
            ("12500", "1.25万"),
            ("10000", "1万"),
            ("1250000000", "12.5亿"),
            ("100000000", "1亿"),
            ("3200", "3200"),
            ("9999", "9999"),
            ("12680", "12680"),
            ("123456", "123456"),
            ("123450000", "12345万"),
            ("123456789", "123456789"),
            ("-15000", "-1.5万"),
            ("15000.5", "15000.5"),
        ];
        for (v, want) in cases {
            assert_eq!(format_number(d(v)), want, "{v}");
        }
    }

    #[test]
    fn numbers_beyond_exact_printing_are_refused_with_the_limit() {
        let check = |written: &str| {
            let value: Decimal = written.parse().unwrap_or_else(|_| {
                let f: f64 = written.parse().unwrap();
                f.to_string().parse().unwrap_or_default()
            });
            check_exact(value, Some(written)).map_err(|e| e.message())
        };
        assert_eq!(
            check("12345678901234567.0"),
            Err("数值 12345678901234567.0 太大：整数部分有17位，最多只能有15位".into())
        );
        assert_eq!(
            check("1e-30"),
            Err("数值 1e-30 的小数有30位，最多只能有6位".into())
        );
        assert_eq!(
            check("1234567890.123456"),
            Err(
                "数值 1234567890.123456 有16位有效数字，最多只能有15位，否则无法精确读取和打印"
                    .into()
            )
        );
        assert_eq!(
            check("-7.9e28"),
            Err("数值 -7.9e28 太大：整数部分有29位，最多只能有15位".into())
        );
        for fine in [
            "123456789012345",
            "0.000001",
            "98.6",
            "-3",
            "1.5e3",
            "0",
            "0.0",
            "+12",
        ] {
            assert_eq!(check(fine), Ok(()), "{fine}");
        }
    }

    #[test]
    fn a_number_read_differently_from_its_text_is_refused() {
        let read = Decimal::from(12);
        assert_eq!(
            check_exact(read, Some("12.5")),
            Err(NumberLimit::NotExact {
                written: "12.5".into(),
                read: "12".into()
            })
        );
        // Without the text, the value itself is checked.
        assert!(check_exact(Decimal::MAX, None).is_err());
        assert_eq!(check_exact(Decimal::from(3200), None), Ok(()));
        // Text that is not a plain decimal (0x1F) falls back to the value.
        assert_eq!(check_exact(Decimal::from(31), Some("0x1F")), Ok(()));
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(format_number(d("1.50")), "1.5");
        assert_eq!(format_number(d("40.0")), "40");
        assert_eq!(format_number(d("0.00")), "0");
        assert_eq!(format_number(d("98.6")), "98.6");
        assert_eq!(format_number(d("15000.00")), "1.5万");
    }

    #[test]
    fn approx_parses_the_four_words_only() {
        assert_eq!("余".parse(), Ok(Approx::Yu));
        assert_eq!("多".parse(), Ok(Approx::Duo));
        assert_eq!("约".parse(), Ok(Approx::Yue));
        assert_eq!(" 左右 ".parse(), Ok(Approx::Zuoyou));
        let err = "大约".parse::<Approx>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "无法识别约数词“大约”，应为约数词：余、多、约或左右"
        );
        assert!("左".parse::<Approx>().is_err());
    }

    #[test]
    fn approx_deserializes_with_a_chinese_expectation() {
        let a: Approx = serde_norway::from_str("余").unwrap();
        assert_eq!(a, Approx::Yu);
        let err = serde_norway::from_str::<Approx>("about").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected 约数词：余、多、约或左右"),
            "{err}"
        );
    }

    #[test]
    fn quantities_place_the_approximation() {
        let q = |v: &str, unit: &str, a: Option<Approx>| format_quantity(d(v), unit, a);
        assert_eq!(q("3200", "人", Some(Approx::Yu)), "3200余人");
        assert_eq!(q("100", "件", Some(Approx::Duo)), "100多件");
        assert_eq!(q("300", "人", Some(Approx::Yue)), "约300人");
        assert_eq!(q("300", "人", Some(Approx::Zuoyou)), "300人左右");
        assert_eq!(q("15000", "人次", None), "1.5万人次");
        assert_eq!(q("15000", "人次", Some(Approx::Yu)), "1.5万余人次");
        assert_eq!(q("89", "个", None), "89个");
        assert_eq!(q("12680", "人", None), "12680人");
        assert_eq!(q("42", "", None), "42");
        assert_eq!(q("42", "", Some(Approx::Yu)), "42余");
    }

    #[test]
    fn magnitude_units_are_normalised() {
        let q = |v: &str, unit: &str, a: Option<Approx>| format_quantity(d(v), unit, a);
        assert_eq!(q("1234", "万元", Some(Approx::Yu)), "1234万余元");
        assert_eq!(q("12500", "万元", None), "1.25亿元");
        assert_eq!(q("12.5", "亿元", None), "12.5亿元");
        assert_eq!(q("0.5", "万元", None), "5000元");
        assert_eq!(q("3", "万", Some(Approx::Yu)), "3万余");
        assert_eq!(q("300", "万元", Some(Approx::Yue)), "约300万元");
        assert_eq!(q("1.5", "万亿元", None), "1.5万亿元");
    }

    #[test]
    fn written_quantities_keep_the_unit_and_precision() {
        let q = |v: &str, unit: &str, a: Option<Approx>| format_written(d(v), unit, a, false);
        assert_eq!(q("219.504", "万元", None), "219.504万元");
        assert_eq!(q("12.345", "亿元", None), "12.345亿元");
        assert_eq!(q("130.0", "亿元", None), "130.0亿元");
        assert_eq!(q("15000", "人次", None), "15000人次");
        assert_eq!(q("12500", "万元", None), "12500万元");
        assert_eq!(q("1234", "万元", Some(Approx::Yu)), "1234万余元");
        assert_eq!(q("300", "人", Some(Approx::Zuoyou)), "300人左右");
        assert_eq!(q("70.80", "%", None), "70.80%");
        assert_eq!(q("1.5", "万亿元", Some(Approx::Yue)), "约1.5万亿元");
        // Scaling only when asked.
        assert_eq!(format_written(d("15000"), "人次", None, true), "1.5万人次");
        assert_eq!(format_written(d("12500"), "万元", None, true), "1.25亿元");
        // Never down to a longer figure than the writer's.
        assert_eq!(
            format_written(d("219.504"), "万元", None, true),
            "219.504万元"
        );
        assert_eq!(format_written(d("0.5"), "万元", None, true), "0.5万元");
        assert_eq!(format_written(d("3200"), "人", None, true), "3200人");
    }

    #[test]
    fn approximations_round_down_to_the_leading_digit() {
        let a = |v: &str, unit: &str| approximate(d(v), unit);
        assert_eq!(a("1250", "人次").as_deref(), Some("千余人次"));
        assert_eq!(a("15000", "人").as_deref(), Some("万余人"));
        assert_eq!(a("3268", "人").as_deref(), Some("3000余人"));
        assert_eq!(a("36000", "小时").as_deref(), Some("3万余小时"));
        assert_eq!(a("156", "个").as_deref(), Some("百余个"));
        assert_eq!(a("12", "次").as_deref(), Some("十余次"));
        assert_eq!(a("27", "次").as_deref(), Some("20余次"));
        assert_eq!(a("219.504", "万元").as_deref(), Some("200万余元"));
        assert_eq!(a("123456", "人").as_deref(), Some("10万余人"));
        assert_eq!(a("150000000", "元").as_deref(), Some("亿余元"));
        assert_eq!(a("1000.5", "元").as_deref(), Some("千余元"));
        for (v, unit) in [
            ("3000", "人"),
            ("9", "人"),
            ("-1250", "人"),
            ("72.5", "%"),
            ("10000", "人"),
        ] {
            assert_eq!(a(v, unit), None, "{v}{unit}");
        }
    }

    #[test]
    fn declared_decimals_are_kept_in_full() {
        assert_eq!(format_percent_places(d("70.775"), Some(2)), "70.78%");
        assert_eq!(format_percent_places(d("70.8"), Some(2)), "70.80%");
        assert_eq!(format_percent_places(d("-3.125"), Some(2)), "-3.13%");
        assert_eq!(format_percent_places(d("70.8"), Some(0)), "71%");
        assert_eq!(format_percent_places(d("40.0"), None), "40%");
        assert_eq!(share_places(d("2"), d("3"), 2), Some(d("66.67")));
        assert_eq!(growth_places(d("4"), d("3"), 3), Some(d("33.333")));
        assert_eq!(half_ulp(d("5.8")), d("0.05"));
        assert_eq!(half_ulp(d("72")), d("0.5"));
    }

    #[test]
    fn rates_print_the_value_as_is() {
        let q = |v: &str, unit: &str| format_quantity(d(v), unit, None);
        assert_eq!(q("37.2", "%"), "37.2%");
        assert_eq!(q("2.4", "个百分点"), "2.4个百分点");
        assert_eq!(q("15000", "%"), "15000%");
        assert_eq!(q("30", "%"), "30%");
    }

    #[test]
    fn rounding_is_half_away_from_zero_not_bankers() {
        assert_eq!(round_half_up(d("37.25"), 1), d("37.3"));
        assert_eq!(round_half_up(d("37.24"), 1), d("37.2"));
        assert_eq!(round_half_up(d("-37.25"), 1), d("-37.3"));
        assert_eq!(round_half_up(d("2.5"), 0), d("3"));
        assert_eq!(round_half_up(d("2.345"), 2), d("2.35"));
        assert_eq!(round_half_up(d("2.344999"), 2), d("2.34"));
        assert_eq!(PERCENT_PLACES, 1);
    }

    #[test]
    fn percents_round_and_drop_a_trailing_zero() {
        assert_eq!(format_percent(d("37.24")), "37.2%");
        assert_eq!(format_percent(d("37.25")), "37.3%");
        assert_eq!(format_percent(d("40.0")), "40%");
        assert_eq!(format_percent(d("99.96")), "100%");
        assert_eq!(format_percent(d("-0.04")), "0%");
        assert_eq!(format_percent(d("-3.25")), "-3.3%");
    }

    #[test]
    fn share_of_a_whole() {
        assert_eq!(share(d("10193"), d("27364")), Some(d("37.2")));
        assert_eq!(share(d("1"), d("3")), Some(d("33.3")));
        assert_eq!(share(d("2"), d("3")), Some(d("66.7")));
        assert_eq!(share(d("5"), d("0")), None);
    }

    #[test]
    fn growth_over_a_base() {
        let growth = |current, base| growth_places(current, base, PERCENT_PLACES);
        assert_eq!(growth(d("112.5"), d("100")), Some(d("12.5")));
        assert_eq!(growth(d("96.8"), d("100")), Some(d("-3.2")));
        assert_eq!(growth(d("100"), d("100")), Some(d("0")));
        assert_eq!(growth(d("12"), d("0")), None);
        assert_eq!(growth(d("-50"), d("-100")), Some(d("50")));
        // 1/3 growth rounds by the one rule.
        assert_eq!(growth(d("4"), d("3")), Some(d("33.3")));
    }
}
