//! Report periods and how a report names them.
//!
//! Codes: `2026-Q3` (a quarter), `2026-H1` (a half), `2026` (the year),
//! `2026-05` (one month: 5月份) and `2026-01~05` (January to May: 1—5月).
//! A report's period runs from the start of the year unless it is a single
//! month: a Q3 report covers January to September, so it speaks of
//! 前三季度; the same quarter on its own is 三季度. Each period knows its
//! end date, the period before and after it (same length), the same period
//! last year, the end of last year, and the phrases that fit it.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};

/// The earliest and latest years a period may have.
pub(crate) const FIRST_YEAR: i32 = 1949;
pub(crate) const LAST_YEAR: i32 = 2100;

/// What a period looks like, for deserialization errors.
const EXPECTED: &str = "报告期，如 2026-Q3、2026-H1、2026、2026-05 或 2026-01~05";

/// The accepted forms, listed in parse errors.
const FORMS_HELP: &str = "应写成 2026-Q3（季度，Q1～Q4）、2026-H1（半年，H1或H2）、\
     2026（全年）、2026-05（单月，5月份）或 2026-01~05（1月起累计，1—5月）";

/// A reporting period. Build it with [`Period::new`] or by parsing; the
/// fields are public for matching, and the methods panic on a span that
/// [`Period::new`] would refuse (Q0, H3, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub year: i32,
    pub span: PeriodSpan,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodSpan {
    /// Quarter 1..=4.
    Quarter(u8),
    /// Half 1..=2.
    Half(u8),
    Year,
    /// One month 1..=12 on its own (`2026-05`, 5月份): the one period that
    /// does not run from January.
    Month(u8),
    /// January to month 1..=12 (`2026-01~05`, 1—5月), as monthly bulletins
    /// count. `2026-01~01` is January of such a series, so that the period
    /// after it is `2026-01~02`, not `2026-02`.
    Months(u8),
}

/// How [`Period::label`] names a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelStyle {
    /// What a report for the period covers, from January on: Q3 → 前三季度,
    /// 2026-01~05 → 1—5月, 2026-05 → 5月份.
    Cumulative,
    /// The period alone: Q3 → 三季度, H2 → 下半年, 2026-01~05 → 5月份.
    Single,
    /// 今年以来, or 今年 for a whole year, or 5月份 for a single month.
    Since,
    /// The cumulative label with its year: 2026年前三季度; 2026年 when the
    /// report covers the whole year; 2026年1—5月; 2026年5月份.
    WithYear,
}

/// Why a text is not a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsePeriodError {
    /// Not one of the accepted forms (this includes Q5, H3 and month 13).
    Format(String),
    /// A year outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
    Year(i64),
    /// A month range that does not start in January (`2026-03~05`).
    RangeStart(String),
}

impl fmt::Display for ParsePeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParsePeriodError::Format(input) => {
                write!(f, "无法识别报告期“{input}”，{FORMS_HELP}")
            }
            ParsePeriodError::Year(year) => {
                write!(f, "报告期的年份{year}不在{FIRST_YEAR}—{LAST_YEAR}年之间")
            }
            ParsePeriodError::RangeStart(input) => write!(
                f,
                "报告期“{input}”的月份区间应从1月起算（如 2026-01~05 表示1—5月）；单月请写 2026-05"
            ),
        }
    }
}

impl std::error::Error for ParsePeriodError {}

const QUARTER_NAMES: [&str; 4] = ["一季度", "二季度", "三季度", "四季度"];

impl Period {
    /// A period, if the year and span are in range.
    pub fn new(year: i32, span: PeriodSpan) -> Result<Period, ParsePeriodError> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(ParsePeriodError::Year(year.into()));
        }
        let valid = match span {
            PeriodSpan::Quarter(q) => (1..=4).contains(&q),
            PeriodSpan::Half(h) => (1..=2).contains(&h),
            PeriodSpan::Year => true,
            PeriodSpan::Month(m) | PeriodSpan::Months(m) => (1..=12).contains(&m),
        };
        if !valid {
            return Err(ParsePeriodError::Format(Period { year, span }.to_string()));
        }
        Ok(Period { year, span })
    }

    /// The period's name in a sentence; see [`LabelStyle`].
    pub fn label(self, style: LabelStyle) -> String {
        match (style, self.span) {
            (LabelStyle::Cumulative, _) => self.cumulative(),
            (LabelStyle::Single, _) => self.single(),
            (LabelStyle::Since, PeriodSpan::Month(m)) => format!("{m}月份"),
            (LabelStyle::Since, PeriodSpan::Year) => "今年".to_owned(),
            (LabelStyle::Since, _) => "今年以来".to_owned(),
            (LabelStyle::WithYear, _) => match self.cumulative().as_str() {
                "全年" => format!("{}年", self.year),
                label => format!("{}年{label}", self.year),
            },
        }
    }

    fn cumulative(self) -> String {
        match self.span {
            PeriodSpan::Quarter(1) => "一季度".into(),
            PeriodSpan::Quarter(2) | PeriodSpan::Half(1) => "上半年".into(),
            PeriodSpan::Quarter(3) => "前三季度".into(),
            PeriodSpan::Quarter(4) | PeriodSpan::Half(2) | PeriodSpan::Year => "全年".into(),
            PeriodSpan::Month(m) => format!("{m}月份"),
            PeriodSpan::Months(1) => "1月".into(),
            PeriodSpan::Months(m) => format!("1—{m}月"),
            span => invalid(span),
        }
    }

    fn single(self) -> String {
        match self.span {
            PeriodSpan::Quarter(q @ 1..=4) => QUARTER_NAMES[usize::from(q - 1)].into(),
            PeriodSpan::Half(1) => "上半年".into(),
            PeriodSpan::Half(2) => "下半年".into(),
            PeriodSpan::Year => "全年".into(),
            PeriodSpan::Month(m) | PeriodSpan::Months(m) => format!("{m}月份"),
            span => invalid(span),
        }
    }

    /// The last month the period covers (1..=12).
    pub fn end_month(self) -> u8 {
        match self.span {
            PeriodSpan::Quarter(q @ 1..=4) => q * 3,
            PeriodSpan::Half(h @ 1..=2) => h * 6,
            PeriodSpan::Year => 12,
            PeriodSpan::Month(m @ 1..=12) | PeriodSpan::Months(m @ 1..=12) => m,
            span => invalid(span),
        }
    }

    /// Whether the period runs from January (every one but a single month).
    pub fn is_cumulative(self) -> bool {
        !matches!(self.span, PeriodSpan::Month(_))
    }

    /// Whether the period before this one is in the same year, so that the
    /// two running totals can be subtracted.
    pub fn previous_in_same_year(self) -> bool {
        self.previous().year == self.year
    }

    /// The last day of the period: 2026-Q3 → 2026-09-30.
    pub fn end_date(self) -> NaiveDate {
        let month = u32::from(self.end_month());
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, month + 1, 1)
        };
        next.and_then(|d| d.pred_opt())
            .expect("year of a period is in range")
    }

    /// The period just before, of the same length: Q1 → last year's Q4,
    /// H1 → last year's H2, a year → the year before, 2026-05 → 2026-04,
    /// 2026-01~05 → 2026-01~04. The base of 环比.
    pub fn previous(self) -> Period {
        let (year, span) = match self.span {
            PeriodSpan::Quarter(1) => (self.year - 1, PeriodSpan::Quarter(4)),
            PeriodSpan::Quarter(q @ 2..=4) => (self.year, PeriodSpan::Quarter(q - 1)),
            PeriodSpan::Half(1) => (self.year - 1, PeriodSpan::Half(2)),
            PeriodSpan::Half(2) => (self.year, PeriodSpan::Half(1)),
            PeriodSpan::Year => (self.year - 1, PeriodSpan::Year),
            PeriodSpan::Month(1) => (self.year - 1, PeriodSpan::Month(12)),
            PeriodSpan::Month(m @ 2..=12) => (self.year, PeriodSpan::Month(m - 1)),
            PeriodSpan::Months(1) => (self.year - 1, PeriodSpan::Months(12)),
            PeriodSpan::Months(m @ 2..=12) => (self.year, PeriodSpan::Months(m - 1)),
            span => invalid(span),
        };
        Period { year, span }
    }

    /// The period just after, of the same length: Q4 → next year's Q1,
    /// 2026-12 → 2027-01, 2026-01~12 → 2027-01~01. What `wengao next` rolls
    /// a file forward to. The year may pass [`LAST_YEAR`]; check with
    /// [`Period::new`] before writing it.
    pub fn next(self) -> Period {
        let (year, span) = match self.span {
            PeriodSpan::Quarter(4) => (self.year + 1, PeriodSpan::Quarter(1)),
            PeriodSpan::Quarter(q @ 1..=3) => (self.year, PeriodSpan::Quarter(q + 1)),
            PeriodSpan::Half(2) => (self.year + 1, PeriodSpan::Half(1)),
            PeriodSpan::Half(1) => (self.year, PeriodSpan::Half(2)),
            PeriodSpan::Year => (self.year + 1, PeriodSpan::Year),
            PeriodSpan::Month(12) => (self.year + 1, PeriodSpan::Month(1)),
            PeriodSpan::Month(m @ 1..=11) => (self.year, PeriodSpan::Month(m + 1)),
            PeriodSpan::Months(12) => (self.year + 1, PeriodSpan::Months(1)),
            PeriodSpan::Months(m @ 1..=11) => (self.year, PeriodSpan::Months(m + 1)),
            span => invalid(span),
        };
        Period { year, span }
    }

    /// The same period a year earlier: the base of 同比.
    pub fn same_last_year(self) -> Period {
        Period {
            year: self.year - 1,
            span: self.span,
        }
    }

    /// The last day of the year before: the date of 上年末.
    pub fn last_year_end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year - 1, 12, 31).expect("year of a period is in range")
    }

    /// The periods whose file holds the figures at the end of last year,
    /// in the order they are looked for: the last period of last year of
    /// this series' own length first, then the whole year.
    pub fn last_year_end_periods(self) -> Vec<Period> {
        let year = self.year - 1;
        let own = match self.span {
            PeriodSpan::Quarter(_) => PeriodSpan::Quarter(4),
            PeriodSpan::Half(_) => PeriodSpan::Half(2),
            PeriodSpan::Year => PeriodSpan::Year,
            PeriodSpan::Month(_) => PeriodSpan::Month(12),
            PeriodSpan::Months(_) => PeriodSpan::Months(12),
        };
        let mut out = vec![Period { year, span: own }];
        if own != PeriodSpan::Year {
            out.push(Period {
                year,
                span: PeriodSpan::Year,
            });
        }
        out
    }

    /// How a date at the end of the previous period is named as the base
    /// of a stock: 6月底, or 上年末 when it is last year's end.
    pub fn previous_end_name(self) -> String {
        let prev = self.previous();
        if prev.year < self.year {
            "上年末".to_owned()
        } else {
            format!("{}月底", prev.end_month())
        }
    }

    /// How the previous period is named as the base of a rate: 上半年,
    /// 1—4月, 4月份; 上年 when it is last year's whole year.
    pub fn previous_name(self) -> String {
        let prev = self.previous();
        let label = prev.label(LabelStyle::Cumulative);
        if prev.year < self.year {
            if label == "全年" {
                "上年".to_owned()
            } else {
                format!("上年{label}")
            }
        } else {
            label
        }
    }

    /// The share of the year elapsed at the period's end, in twelfths
    /// (n/12 by month): the default 序时进度.
    pub fn elapsed_twelfths(self) -> u8 {
        self.end_month()
    }

    /// The phrases of time that fit a report of this period, its own labels
    /// first: for 2026-Q3 前三季度, 三季度, 今年以来, 1—9月.
    pub fn phrases(self) -> Vec<String> {
        let mut out = vec![self.cumulative()];
        let mut add = |s: String| {
            if !out.contains(&s) {
                out.push(s);
            }
        };
        add(self.single());
        if let PeriodSpan::Month(m) = self.span {
            add(format!("{m}月"));
            return out;
        }
        add(self.label(LabelStyle::Since));
        let end = self.end_month();
        if end == 1 {
            add("1月".into());
        } else {
            add(format!("1—{end}月"));
        }
        out
    }
}

fn invalid(span: PeriodSpan) -> ! {
    panic!("{span:?} is not a valid period span; build periods with Period::new")
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            PeriodSpan::Quarter(q) => write!(f, "{}-Q{q}", self.year),
            PeriodSpan::Half(h) => write!(f, "{}-H{h}", self.year),
            PeriodSpan::Year => write!(f, "{}", self.year),
            PeriodSpan::Month(m) => write!(f, "{}-{m:02}", self.year),
            PeriodSpan::Months(m) => write!(f, "{}-01~{m:02}", self.year),
        }
    }
}

/// A month number of one or two ASCII digits, 1..=12.
fn month(text: &str) -> Option<u8> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|m| (1..=12).contains(m))
}

impl FromStr for Period {
    type Err = ParsePeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let format_error = || ParsePeriodError::Format(s.to_owned());
        let text = s.trim();
        let (year, code) = match text.split_once('-') {
            Some((year, code)) => (year, Some(code)),
            None => (text, None),
        };
        if year.is_empty() || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format_error());
        }
        let year: i64 = year.parse().map_err(|_| format_error())?;
        let span = match code {
            None => PeriodSpan::Year,
            Some(code) => match code.as_bytes() {
                [kind, digit @ b'1'..=b'9'] if kind.is_ascii_alphabetic() => {
                    let n = digit - b'0';
                    match kind.to_ascii_uppercase() {
                        b'Q' if n <= 4 => PeriodSpan::Quarter(n),
                        b'H' if n <= 2 => PeriodSpan::Half(n),
                        _ => return Err(format_error()),
                    }
                }
                _ => match code.split_once('~') {
                    Some((first, last)) => {
                        let (first, last) = month(first)
                            .zip(month(last))
                            .filter(|(a, b)| a <= b)
                            .ok_or_else(format_error)?;
                        if first != 1 {
                            return Err(ParsePeriodError::RangeStart(s.trim().to_owned()));
                        }
                        PeriodSpan::Months(last)
                    }
                    None => PeriodSpan::Month(month(code).ok_or_else(format_error)?),
                },
            },
        };
        let year = i32::try_from(year).map_err(|_| ParsePeriodError::Year(year))?;
        Period::new(year, span)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PeriodVisitor)
    }
}

/// Accepts `"2026-Q3"` and also a bare year, which YAML reads as an integer.
struct PeriodVisitor;

impl Visitor<'_> for PeriodVisitor {
    type Value = Period;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Period, E> {
        whole_year(v).ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Period, E> {
        whole_year(i64::try_from(v).unwrap_or(i64::MAX))
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }
}

fn whole_year(year: i64) -> Option<Period> {
    let year = i32::try_from(year).ok()?;
    Period::new(year, PeriodSpan::Year).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn parses_the_three_forms_case_insensitively() {
        let q3 = Period::new(2026, PeriodSpan::Quarter(3)).unwrap();
        assert_eq!(p("2026-Q3"), q3);
        assert_eq!(p("2026-q3"), q3);
        assert_eq!(p(" 2026-Q3 "), q3);
        assert_eq!(p("2026-h1").span, PeriodSpan::Half(1));
        assert_eq!(p("2026-H2").span, PeriodSpan::Half(2));
        assert_eq!(p("2026").span, PeriodSpan::Year);
        assert_eq!(p("1949").year, 1949);
        assert_eq!(p("2100-Q4").year, 2100);
    }

    #[test]
    fn rejects_spans_and_years_out_of_range() {
        let format = |s: &str| ParsePeriodError::Format(s.to_owned());
        for bad in [
            "2026-Q5",
            "2026-Q0",
            "2026-H3",
            "2026-H0",
            "2026-Q",
            "2026-Q03",
            "2026-M3",
            "2026-",
            "26年",
            "",
            "-2026",
            "2026-Q3-1",
            "２０２６",
            "2026-13",
            "2026-00",
            "2026-001",
            "2026-01~13",
            "2026-05~03",
            "2026-01~",
            "2026-~05",
            "2026-01-05",
        ] {
            assert_eq!(bad.parse::<Period>(), Err(format(bad)), "{bad:?}");
        }
        assert_eq!("1948".parse::<Period>(), Err(ParsePeriodError::Year(1948)));
        assert_eq!(
            "2101-Q1".parse::<Period>(),
            Err(ParsePeriodError::Year(2101))
        );
        assert_eq!(
            "99999999999".parse::<Period>(),
            Err(ParsePeriodError::Year(99_999_999_999))
        );
    }

    #[test]
    fn errors_explain_the_accepted_forms_in_chinese() {
        assert_eq!(
            "2026-Q5".parse::<Period>().unwrap_err().to_string(),
            "无法识别报告期“2026-Q5”，应写成 2026-Q3（季度，Q1～Q4）、\
             2026-H1（半年，H1或H2）、2026（全年）、2026-05（单月，5月份）\
             或 2026-01~05（1月起累计，1—5月）"
        );
        assert_eq!(
            "2200".parse::<Period>().unwrap_err().to_string(),
            "报告期的年份2200不在1949—2100年之间"
        );
    }

    #[test]
    fn displays_the_canonical_code() {
        assert_eq!(p("2026-q3").to_string(), "2026-Q3");
        assert_eq!(p("2026-h1").to_string(), "2026-H1");
        assert_eq!(p("2026").to_string(), "2026");
    }

    #[test]
    fn deserializes_strings_and_bare_years() {
        assert_eq!(
            serde_norway::from_str::<Period>("2026-Q3").unwrap(),
            p("2026-Q3")
        );
        assert_eq!(serde_norway::from_str::<Period>("2026").unwrap(), p("2026"));
        assert_eq!(
            serde_norway::from_str::<Period>("'2026'").unwrap(),
            p("2026")
        );
        let err = serde_norway::from_str::<Period>("2026-Q5").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected 报告期，如 2026-Q3、2026-H1、2026、2026-05 或 2026-01~05")
        );
        let err = serde_norway::from_str::<Period>("3000").unwrap_err();
        assert!(
            err.to_string().starts_with("invalid value: integer `3000`"),
            "{err}"
        );
        assert!(serde_norway::from_str::<Period>("-5").is_err());
        assert!(serde_norway::from_str::<Period>("2026.5").is_err());
    }

    #[test]
    fn cumulative_labels_name_what_the_report_covers() {
        let cases = [
            ("2026-Q1", "一季度"),
            ("2026-Q2", "上半年"),
            ("2026-Q3", "前三季度"),
            ("2026-Q4", "全年"),
            ("2026-H1", "上半年"),
            ("2026-H2", "全年"),
            ("2026", "全年"),
        ];
        for (code, want) in cases {
            assert_eq!(p(code).label(LabelStyle::Cumulative), want, "{code}");
        }
    }

    #[test]
    fn single_labels_name_the_period_alone() {
        let cases = [
            ("2026-Q1", "一季度"),
            ("2026-Q2", "二季度"),
            ("2026-Q3", "三季度"),
            ("2026-Q4", "四季度"),
            ("2026-H1", "上半年"),
            ("2026-H2", "下半年"),
            ("2026", "全年"),
        ];
        for (code, want) in cases {
            assert_eq!(p(code).label(LabelStyle::Single), want, "{code}");
        }
    }

    #[test]
    fn since_and_with_year_labels() {
        assert_eq!(p("2026-Q3").label(LabelStyle::Since), "今年以来");
        assert_eq!(p("2026-H2").label(LabelStyle::Since), "今年以来");
        assert_eq!(p("2026").label(LabelStyle::Since), "今年");
        assert_eq!(p("2026-Q3").label(LabelStyle::WithYear), "2026年前三季度");
        assert_eq!(p("2026-Q1").label(LabelStyle::WithYear), "2026年一季度");
        assert_eq!(p("2026-H1").label(LabelStyle::WithYear), "2026年上半年");
        assert_eq!(p("2026").label(LabelStyle::WithYear), "2026年");
        assert_eq!(p("2026-Q4").label(LabelStyle::WithYear), "2026年");
    }

    #[test]
    fn end_dates() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(p("2026-Q1").end_date(), ymd(2026, 3, 31));
        assert_eq!(p("2026-Q2").end_date(), ymd(2026, 6, 30));
        assert_eq!(p("2026-Q3").end_date(), ymd(2026, 9, 30));
        assert_eq!(p("2026-Q4").end_date(), ymd(2026, 12, 31));
        assert_eq!(p("2026-H1").end_date(), ymd(2026, 6, 30));
        assert_eq!(p("2026-H2").end_date(), ymd(2026, 12, 31));
        assert_eq!(p("2026").end_date(), ymd(2026, 12, 31));
    }

    #[test]
    fn previous_periods_cross_year_boundaries() {
        assert_eq!(p("2026-Q1").previous(), p("2025-Q4"));
        assert_eq!(p("2026-Q3").previous(), p("2026-Q2"));
        assert_eq!(p("2026-H1").previous(), p("2025-H2"));
        assert_eq!(p("2026-H2").previous(), p("2026-H1"));
        assert_eq!(p("2026").previous(), p("2025"));
    }

    #[test]
    fn months_and_month_ranges() {
        assert_eq!(p("2026-05").span, PeriodSpan::Month(5));
        assert_eq!(p("2026-5").to_string(), "2026-05");
        assert_eq!(p("2026-01~05").span, PeriodSpan::Months(5));
        assert_eq!(p("2026-1~5").to_string(), "2026-01~05");
        assert_eq!(p("2026-01~01").to_string(), "2026-01~01");
        assert_eq!(p("2026-12").to_string(), "2026-12");
        assert_eq!(
            "2026-03~05".parse::<Period>(),
            Err(ParsePeriodError::RangeStart("2026-03~05".into()))
        );
        assert_eq!(
            "2026-03~05".parse::<Period>().unwrap_err().to_string(),
            "报告期“2026-03~05”的月份区间应从1月起算（如 2026-01~05 表示1—5月）；单月请写 2026-05"
        );
        assert_eq!(
            serde_norway::from_str::<Period>("2026-01~05").unwrap(),
            p("2026-01~05")
        );
        assert_eq!(
            serde_norway::from_str::<Period>("2026-05").unwrap(),
            p("2026-05")
        );
    }

    #[test]
    fn month_labels() {
        let l = |code: &str, style| p(code).label(style);
        assert_eq!(l("2026-01~05", LabelStyle::Cumulative), "1—5月");
        assert_eq!(l("2026-01~05", LabelStyle::Single), "5月份");
        assert_eq!(l("2026-01~05", LabelStyle::Since), "今年以来");
        assert_eq!(l("2026-01~05", LabelStyle::WithYear), "2026年1—5月");
        assert_eq!(l("2026-01~01", LabelStyle::WithYear), "2026年1月");
        assert_eq!(l("2026-01~12", LabelStyle::Since), "今年以来");
        assert_eq!(l("2026-05", LabelStyle::Cumulative), "5月份");
        assert_eq!(l("2026-05", LabelStyle::Single), "5月份");
        assert_eq!(l("2026-05", LabelStyle::Since), "5月份");
        assert_eq!(l("2026-05", LabelStyle::WithYear), "2026年5月份");
        assert_eq!(l("2026-12", LabelStyle::Since), "12月份");
    }

    #[test]
    fn month_end_dates_know_leap_years() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(p("2028-02").end_date(), ymd(2028, 2, 29));
        assert_eq!(p("2026-01~02").end_date(), ymd(2026, 2, 28));
        assert_eq!(p("2026-01~05").end_date(), ymd(2026, 5, 31));
        assert_eq!(p("2026-12").end_date(), ymd(2026, 12, 31));
        assert_eq!(p("2100-12").end_date(), ymd(2100, 12, 31));
    }

    #[test]
    fn previous_and_next_are_inverse_and_keep_the_length() {
        for code in [
            "2026-Q1",
            "2026-Q4",
            "2026-H1",
            "2026-H2",
            "2026",
            "2026-01",
            "2026-12",
            "2026-01~01",
            "2026-01~05",
            "2026-01~12",
        ] {
            let period = p(code);
            assert_eq!(period.next().previous(), period, "{code}");
            assert_eq!(period.previous().next(), period, "{code}");
        }
        assert_eq!(p("2026-Q4").next(), p("2027-Q1"));
        assert_eq!(p("2026-Q2").next(), p("2026-Q3"));
        assert_eq!(p("2026-H1").next(), p("2026-H2"));
        assert_eq!(p("2026").next(), p("2027"));
        assert_eq!(p("2026-12").next(), p("2027-01"));
        assert_eq!(p("2026-01~12").next(), p("2027-01~01"));
        assert_eq!(p("2026-01~01").next(), p("2026-01~02"));
        assert_eq!(p("2026-01").previous(), p("2025-12"));
        assert_eq!(p("2026-01~05").previous(), p("2026-01~04"));
        assert_eq!(p("2026-01~01").previous(), p("2025-01~12"));
    }

    #[test]
    fn last_year_and_its_end() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(p("2026-Q3").same_last_year(), p("2025-Q3"));
        assert_eq!(p("2026-01~05").same_last_year(), p("2025-01~05"));
        assert_eq!(p("2026-Q3").last_year_end(), ymd(2025, 12, 31));
        let ends = |code: &str| -> Vec<String> {
            p(code)
                .last_year_end_periods()
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(ends("2026-Q3"), ["2025-Q4", "2025"]);
        assert_eq!(ends("2026-H1"), ["2025-H2", "2025"]);
        assert_eq!(ends("2026"), ["2025"]);
        assert_eq!(ends("2026-05"), ["2025-12", "2025"]);
        assert_eq!(ends("2026-01~05"), ["2025-01~12", "2025"]);
    }

    #[test]
    fn bases_are_named_as_a_report_names_them() {
        assert_eq!(p("2026-Q3").previous_end_name(), "6月底");
        assert_eq!(p("2026-Q1").previous_end_name(), "上年末");
        assert_eq!(p("2026-01~05").previous_end_name(), "4月底");
        assert_eq!(p("2026-Q3").previous_name(), "上半年");
        assert_eq!(p("2026-Q2").previous_name(), "一季度");
        assert_eq!(p("2026-Q1").previous_name(), "上年");
        assert_eq!(p("2026-01~05").previous_name(), "1—4月");
        assert_eq!(p("2026-05").previous_name(), "4月份");
        assert_eq!(p("2026-01").previous_name(), "上年12月份");
    }

    #[test]
    fn phrases_that_fit_a_period() {
        let ph = |code: &str| p(code).phrases();
        assert_eq!(ph("2026-Q3"), ["前三季度", "三季度", "今年以来", "1—9月"]);
        assert_eq!(ph("2026-Q2"), ["上半年", "二季度", "今年以来", "1—6月"]);
        assert_eq!(ph("2026-Q4"), ["全年", "四季度", "今年以来", "1—12月"]);
        assert_eq!(ph("2026"), ["全年", "今年", "1—12月"]);
        assert_eq!(ph("2026-01~05"), ["1—5月", "5月份", "今年以来"]);
        assert_eq!(ph("2026-05"), ["5月份", "5月"]);
        assert_eq!(ph("2026-Q1"), ["一季度", "今年以来", "1—3月"]);
    }

    #[test]
    fn cumulative_periods_and_elapsed_months() {
        assert!(p("2026-Q3").is_cumulative());
        assert!(p("2026-01~05").is_cumulative());
        assert!(!p("2026-05").is_cumulative());
        assert_eq!(p("2026-Q3").elapsed_twelfths(), 9);
        assert_eq!(p("2026-H1").elapsed_twelfths(), 6);
        assert_eq!(p("2026-01~05").elapsed_twelfths(), 5);
        assert!(p("2026-Q3").previous_in_same_year());
        assert!(!p("2026-Q1").previous_in_same_year());
    }

    #[test]
    #[should_panic(expected = "Quarter(5) is not a valid period span")]
    fn hand_built_invalid_span_is_a_bug() {
        let bad = Period {
            year: 2026,
            span: PeriodSpan::Quarter(5),
        };
        bad.end_date();
    }
}
