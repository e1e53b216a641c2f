//! Metrics written on one line, and numbers kept as the writer wrote them.
//!
//! A metric may be a YAML string instead of a map:
//!
//! ```yaml
//! visits: 走访慰问 1250余人次, 去年 1100
//! gdp: 地区生产总值 130.0亿元, 增长5.8%
//! projects: 省市重点项目 72宗, 其中 in_production + continuing + new_start
//! ```
//!
//! The head is the name, a space and the quantity (`[约]数值[万|亿][余|多]单位[左右]`);
//! each field after a comma (`,` `，` `;` `；`) starts with a keyword of
//! [`KEYWORDS`], which maps it onto a field of the long form. A field added
//! to [`Metric`] becomes one more row of that table and one more arm of
//! [`Field::read`]. Parsing is strict: anything not in the grammar is an
//! error pointing at the bad part inside the string.
//!
//! The loader also gives every long-form number back its written precision:
//! YAML reads `130.0` as a float and loses its `.0`; the scalar's text in the
//! source is read again here so `130.0亿元` prints as written.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess};

use crate::data::Metric;
use crate::data::loaded::Loaded;
use crate::data::markers::TO_FILL;
use crate::diag::{Diagnostic, Explain, Severity, Span};
use crate::suggest::suggest;
use crate::zh::compare::MetricKind;
use crate::zh::number::Approx;

/// What a compact field sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    LastYear,
    Previous,
    Target,
    /// A signed stated 同比 change (`同比 +5.8%`, `同比下降23.9%`).
    Yoy,
    /// A signed stated 环比 change.
    Mom,
    /// 增长5.8%: a stated 同比 increase.
    YoyUp,
    /// 下降23.9%: a stated 同比 decrease.
    YoyDown,
    PartOf,
    Parts,
    Decimals,
    Scale,
    /// 类型 时点/累计/比率, or the kind's word alone (`累计`).
    Kind(Option<MetricKind>),
    YearEnd,
}

/// One row of the keyword table: the words that start a field, and what
/// the field sets.
pub(crate) struct Keyword {
    pub words: &'static [&'static str],
    pub field: Field,
}

/// Every keyword of a compact metric, in the order the README lists them.
pub(crate) const KEYWORDS: &[Keyword] = &[
    Keyword {
        words: &["去年", "去年同期", "last_year"],
        field: Field::LastYear,
    },
    Keyword {
        words: &["上期", "previous"],
        field: Field::Previous,
    },
    Keyword {
        words: &["目标", "target"],
        field: Field::Target,
    },
    Keyword {
        words: &["同比", "变化", "yoy"],
        field: Field::Yoy,
    },
    Keyword {
        words: &["环比", "mom"],
        field: Field::Mom,
    },
    Keyword {
        words: &["增长", "提高", "上升"],
        field: Field::YoyUp,
    },
    Keyword {
        words: &["下降", "减少"],
        field: Field::YoyDown,
    },
    Keyword {
        words: &["属于", "part_of"],
        field: Field::PartOf,
    },
    Keyword {
        words: &["其中", "parts"],
        field: Field::Parts,
    },
    Keyword {
        words: &["小数", "decimals"],
        field: Field::Decimals,
    },
    Keyword {
        words: &["换算", "scale"],
        field: Field::Scale,
    },
    Keyword {
        words: &["类型", "kind"],
        field: Field::Kind(None),
    },
    Keyword {
        words: &["时点"],
        field: Field::Kind(Some(MetricKind::Stock)),
    },
    Keyword {
        words: &["累计"],
        field: Field::Kind(Some(MetricKind::Cumulative)),
    },
    Keyword {
        words: &["比率"],
        field: Field::Kind(Some(MetricKind::Rate)),
    },
    Keyword {
        words: &["上年末", "year_end"],
        field: Field::YearEnd,
    },
];

/// Why a compact metric cannot be read; each names the bad part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CompactIssue {
    /// The head has no name before the quantity.
    NoName,
    /// The head's quantity is not `[约]数值[余|多]单位`.
    BadQuantity { written: String },
    /// A field is empty (`, ,`).
    EmptyField,
    /// A field starts with no known keyword.
    UnknownKeyword {
        written: String,
        suggestion: Option<&'static str>,
    },
    /// The same field twice.
    Duplicate { keyword: String },
    /// Not a number where one is expected.
    BadNumber { written: String },
    /// A unit other than the metric's after a number.
    UnitMismatch { written: String, expected: String },
    /// A stated change not like `增长5.8%` / `-23.9%` / `提高1.5个百分点`.
    BadChange { written: String, rate: bool },
    /// A metric key that cannot name a metric.
    BadKey { written: String },
    /// Decimals not a whole number from 0 to 6.
    BadDecimals { written: String },
    /// Not 是 or 否.
    BadFlag { written: String },
    /// Not one of the kinds (时点, 累计, 比率).
    BadKind { written: String },
    /// A to-fill marker `待填` left where a number goes.
    ToFill,
    /// `待填 元`: the marker parted from its unit, so the head reads the
    /// unit alone as the quantity.
    MarkerApart { unit: String },
}

impl CompactIssue {
    fn message(&self) -> String {
        match self {
            CompactIssue::NoName => {
                "紧凑写法应以“名称 数值单位”开头，名称与数值之间空一格，如“走访慰问 1250余人次”"
                    .into()
            }
            CompactIssue::BadQuantity { written } => format!(
                "“{written}”不是“数值单位”的写法，应如“1250余人次”“约300人”“219.504万元”“72.5%”"
            ),
            CompactIssue::EmptyField => "逗号之间没有内容，请删去多余的逗号".into(),
            CompactIssue::UnknownKeyword {
                written,
                suggestion,
            } => {
                let mut m = format!("无法识别“{written}”");
                if let Some(s) = suggestion {
                    m.push_str(&format!("，是否想写“{s}”？"));
                } else {
                    m.push_str("，逗号后应以关键词开头：");
                    let words: Vec<&str> = KEYWORDS.iter().map(|k| k.words[0]).collect();
                    m.push_str(&words.join("、"));
                }
                m
            }
            CompactIssue::Duplicate { keyword } => format!("“{keyword}”写了不止一次"),
            CompactIssue::BadNumber { written } => {
                format!("“{written}”不是数字，应写成如 1100 或 98.6 的数值")
            }
            CompactIssue::UnitMismatch { written, expected } if expected.is_empty() => {
                format!("“{written}”带了单位，但这个指标没有单位，请只写数值")
            }
            CompactIssue::UnitMismatch { written, expected } => {
                format!("“{written}”的单位与指标的单位“{expected}”不同，请只写数值或写同样的单位")
            }
            CompactIssue::BadChange {
                written,
                rate: true,
            } => format!(
                "“{written}”不是增减幅度的写法：比率指标的增减写百分点，如“提高1.5个百分点”“-0.3个百分点”"
            ),
            CompactIssue::BadChange {
                written,
                rate: false,
            } => format!("“{written}”不是增减幅度的写法，应如“增长5.8%”“下降23.9%”“+5.8%”“持平”"),
            CompactIssue::BadKey { written } => format!(
                "“{written}”不是指标名：指标名只能由汉字、英文字母、数字和下划线组成（如 新开工 或 new_start）"
            ),
            CompactIssue::BadDecimals { written } => {
                format!("“{written}”不是小数位数，应为0到6的整数")
            }
            CompactIssue::BadFlag { written } => format!("“{written}”应为“是”或“否”"),
            CompactIssue::BadKind { written } => {
                format!("“{written}”不是指标类型，应为“时点”“累计”或“比率”")
            }
            CompactIssue::ToFill => format!("还没有填写，请把“{TO_FILL}”换成数值"),
            CompactIssue::MarkerApart { unit } => format!(
                "“{TO_FILL}”与单位之间不空格，请写成“{TO_FILL}{unit}”，填写时把“{TO_FILL}”换成数值"
            ),
        }
    }
}

/// A compact metric that cannot be read, at its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CompactError {
    /// Where the metric is, as the file writes it (`metrics.visits`).
    pub path: String,
    pub issue: CompactIssue,
}

impl Explain for CompactError {
    fn message(&self) -> String {
        format!("{}：{}", self.path, self.issue.message())
    }
}

/// A problem at a byte range of the compact text.
type Failure = (Range<usize>, CompactIssue);

/// Where the parts of a compact metric are, as byte ranges of its text:
/// what `wengao next` edits, and where `check` points at a to-fill marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The head's quantity as written (`约2400人次`).
    pub quantity: Range<usize>,
    /// The number inside the quantity (`2400`), or its marker.
    pub value: Number,
    /// The fields after the head, in order.
    pub fields: Vec<FieldAt>,
}

/// A number of a compact metric, or the to-fill marker in its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Number {
    pub range: Range<usize>,
    /// Whether it is the marker [`TO_FILL`].
    pub marker: bool,
}

/// One field of a compact metric and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldAt {
    pub field: Field,
    /// From its keyword to its end (`去年 17420`).
    pub whole: Range<usize>,
    /// The same with the separator before it (`, 去年 17420`): what
    /// removing the field removes.
    pub with_separator: Range<usize>,
    /// Its value after the keyword (`17420`, `5.8%`).
    pub value: Range<usize>,
    /// Its number (or marker), for the fields that hold one.
    pub number: Option<Number>,
}

impl Layout {
    /// Every to-fill marker, with the field it stands in (`None`: the
    /// metric's value).
    pub(crate) fn markers(&self) -> impl Iterator<Item = (Range<usize>, Option<Field>)> + '_ {
        let value = self.value.marker.then(|| (self.value.range.clone(), None));
        value.into_iter().chain(self.fields.iter().filter_map(|f| {
            let n = f.number.as_ref().filter(|n| n.marker)?;
            Some((n.range.clone(), Some(f.field)))
        }))
    }
}

/// Reads a compact metric into `metric`'s fields. A to-fill marker is an
/// error at the first one (the loader then reports every marker of the
/// file, see `rollover::unfilled`).
pub(crate) fn parse_into(text: &str, metric: &mut Metric) -> Result<(), Failure> {
    let layout = read(text, metric)?;
    match layout.markers().next() {
        Some((range, _)) => Err((range, CompactIssue::ToFill)),
        None => Ok(()),
    }
}

/// Where the parts of the compact metric `text` are; to-fill markers are
/// taken where numbers go.
pub(crate) fn layout(text: &str) -> Result<Layout, Failure> {
    read(text, &mut Metric::default())
}

fn read(text: &str, metric: &mut Metric) -> Result<Layout, Failure> {
    let segments = split_segments(text);
    let (head_range, rest) = segments
        .split_first()
        .expect("split gives one segment at least");
    let mut layout = read_head(text, head_range.clone(), metric)?;
    let mut seen: Vec<Field> = Vec::new();
    for range in rest {
        let (start, end) = trim_range(text, range.clone());
        if start == end {
            return Err((range.start..range.end, CompactIssue::EmptyField));
        }
        let segment = &text[start..end];
        let Some((word, field)) = keyword_at(segment) else {
            let written: String = segment
                .chars()
                .take_while(|c| !c.is_ascii_digit() && !is_space(*c) && !"+-".contains(*c))
                .collect();
            let written = if written.is_empty() {
                segment.to_owned()
            } else {
                written
            };
            let words: Vec<String> = KEYWORDS
                .iter()
                .flat_map(|k| k.words.iter().map(|w| (*w).to_owned()))
                .collect();
            let suggestion = suggest(&written, &words)
                .and_then(|s| KEYWORDS.iter().flat_map(|k| k.words).find(|w| **w == s))
                .copied();
            return Err((
                start..start + written.len(),
                CompactIssue::UnknownKeyword {
                    written,
                    suggestion,
                },
            ));
        };
        let slot = slot_of(field);
        if seen.iter().any(|f| slot_of(*f) == slot) {
            return Err((
                start..start + word.len(),
                CompactIssue::Duplicate {
                    keyword: word.to_owned(),
                },
            ));
        }
        seen.push(field);
        let (value_start, value_end) = trim_range(text, start + word.len()..end);
        let number = field
            .read(&text[value_start..value_end], metric)
            .map_err(|issue| {
                let range = if value_start == value_end {
                    start..end
                } else {
                    value_start..value_end
                };
                (range, issue)
            })?;
        // The separator is the one character before the segment.
        let separator = text[..range.start]
            .char_indices()
            .next_back()
            .map_or(range.start, |(i, _)| i);
        layout.fields.push(FieldAt {
            field,
            whole: start..end,
            with_separator: separator..end,
            value: value_start..value_end,
            number: number.map(|n| Number {
                range: value_start + n.range.start..value_start + n.range.end,
                marker: n.marker,
            }),
        });
    }
    Ok(layout)
}

/// Fields that set the same thing (增长 and 同比 both state 同比).
fn slot_of(field: Field) -> Field {
    match field {
        Field::YoyUp | Field::YoyDown => Field::Yoy,
        f => f,
    }
}

impl Field {
    /// The key of the long form this field sets (`去年` → `last_year`),
    /// by which messages name it.
    pub(crate) fn long_key(self) -> &'static str {
        match self {
            Field::LastYear => "last_year",
            Field::Previous => "previous",
            Field::Target => "target",
            Field::Yoy | Field::YoyUp | Field::YoyDown => "yoy",
            Field::Mom => "mom",
            Field::PartOf => "part_of",
            Field::Parts => "parts",
            Field::Decimals => "decimals",
            Field::Scale => "scale",
            Field::Kind(_) => "kind",
            Field::YearEnd => "year_end",
        }
    }

    /// Reads `value` (the field after its keyword, trimmed) into `metric`;
    /// where its number is inside `value`, for the fields that hold one.
    fn read(self, value: &str, metric: &mut Metric) -> Result<Option<Number>, CompactIssue> {
        let rate = metric.is_rate();
        let (slot, number) = match self {
            Field::LastYear => (&mut metric.last_year, number_in_unit(value, &metric.unit)?),
            Field::Previous => (&mut metric.previous, number_in_unit(value, &metric.unit)?),
            Field::Target => (&mut metric.target, number_in_unit(value, &metric.unit)?),
            Field::YearEnd => (&mut metric.year_end, number_in_unit(value, &metric.unit)?),
            Field::Yoy => (&mut metric.yoy, stated(value, None, rate)?),
            Field::Mom => (&mut metric.mom, stated(value, None, rate)?),
            Field::YoyUp => (&mut metric.yoy, stated(value, Some(true), rate)?),
            Field::YoyDown => (&mut metric.yoy, stated(value, Some(false), rate)?),
            _ => {
                self.read_setting(value, metric)?;
                return Ok(None);
            }
        };
        *slot = Some(number.0);
        Ok(Some(number.1))
    }

    /// Reads a field that holds no number of the period (属于, 其中, 小数,
    /// 换算, 类型): it carries over from one period to the next.
    fn read_setting(self, value: &str, metric: &mut Metric) -> Result<(), CompactIssue> {
        match self {
            Field::LastYear
            | Field::Previous
            | Field::Target
            | Field::YearEnd
            | Field::Yoy
            | Field::Mom
            | Field::YoyUp
            | Field::YoyDown => unreachable!("a field with a number: Field::read"),
            Field::PartOf => metric.part_of = Some(key(value)?.to_owned()),
            Field::Parts => {
                metric.parts = value
                    .split(['+', '＋', '、'])
                    .map(|k| key(k.trim()).map(str::to_owned))
                    .collect::<Result<_, _>>()?;
            }
            Field::Decimals => {
                metric.decimals = Some(value.parse::<u32>().ok().filter(|d| *d <= 6).ok_or_else(
                    || CompactIssue::BadDecimals {
                        written: value.to_owned(),
                    },
                )?);
            }
            Field::Kind(Some(kind)) => {
                if !value.is_empty() {
                    return Err(CompactIssue::BadKind {
                        written: value.to_owned(),
                    });
                }
                metric.kind = Some(kind);
            }
            Field::Kind(None) => {
                metric.kind = Some(match value {
                    "时点" | "stock" => MetricKind::Stock,
                    "累计" | "cumulative" => MetricKind::Cumulative,
                    "比率" | "rate" => MetricKind::Rate,
                    _ => {
                        return Err(CompactIssue::BadKind {
                            written: value.to_owned(),
                        });
                    }
                });
            }
            Field::Scale => {
                metric.scale = Some(match value {
                    "" | "是" | "true" => true,
                    "否" | "false" => false,
                    _ => {
                        return Err(CompactIssue::BadFlag {
                            written: value.to_owned(),
                        });
                    }
                });
            }
        }
        Ok(())
    }
}

/// The head: `name quantity`.
fn read_head(text: &str, range: Range<usize>, metric: &mut Metric) -> Result<Layout, Failure> {
    let (start, end) = trim_range(text, range);
    let head = &text[start..end];
    let Some(gap) = head.rfind(is_space) else {
        return Err((start..end.max(start + 1), CompactIssue::NoName));
    };
    let name = head[..gap].trim_end_matches(is_space);
    let gap_len = head[gap..].chars().next().map_or(1, char::len_utf8);
    let q_start = start + gap + gap_len;
    let quantity = &text[q_start..end];
    if name.is_empty() {
        return Err((start..end, CompactIssue::NoName));
    }
    let bad = || {
        (
            q_start..end,
            CompactIssue::BadQuantity {
                written: quantity.to_owned(),
            },
        )
    };
    // `待填 元`: the marker went into the name.
    if name
        .strip_suffix(TO_FILL)
        .is_some_and(|before| before.ends_with(is_space))
        && read_quantity(&format!("0{quantity}")).is_some_and(|(_, unit, _)| !unit.is_empty())
    {
        let marker = start + name.len() - TO_FILL.len();
        let unit = quantity.to_owned();
        return Err((marker..end, CompactIssue::MarkerApart { unit }));
    }
    // The marker stands where the number goes: `约待填人次` reads as
    // `约0人次`, so the rest of the quantity is held to the same grammar.
    let about = if quantity.starts_with('约') {
        '约'.len_utf8()
    } else {
        0
    };
    let marker = quantity[about..].starts_with(TO_FILL);
    let (value, unit, approx) = if marker {
        let rest = &quantity[about + TO_FILL.len()..];
        read_quantity(&format!("{}0{rest}", &quantity[..about]))
    } else {
        read_quantity(quantity)
    }
    .ok_or_else(bad)?;
    let len = if marker {
        TO_FILL.len()
    } else {
        leading_number(&quantity[about..])
            .map_or(0, |(_, rest)| quantity.len() - about - rest.len())
    };
    let number = Number {
        range: about..about + len,
        marker,
    };
    name.clone_into(&mut metric.name);
    metric.value = value;
    metric.unit = unit;
    metric.approx = approx;
    Ok(Layout {
        quantity: q_start..end,
        value: Number {
            range: q_start + number.range.start..q_start + number.range.end,
            marker: number.marker,
        },
        fields: Vec::new(),
    })
}

/// `[约]数值[万亿|亿|万][余|多]单位[左右]` → value, unit, approximation.
fn read_quantity(q: &str) -> Option<(Decimal, String, Option<Approx>)> {
    let (about, q) = match q.strip_prefix('约') {
        Some(rest) => (true, rest),
        None => (false, q),
    };
    let (number, rest) = leading_number(q)?;
    let (around, rest) = match rest.strip_suffix("左右") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let mut magnitude = "";
    let mut rest = rest;
    for m in ["万亿", "亿", "万"] {
        if let Some(r) = rest.strip_prefix(m) {
            magnitude = m;
            rest = r;
            break;
        }
    }
    let (more, measure) = match rest.chars().next() {
        Some(c @ ('余' | '多')) => (Some(c), &rest[c.len_utf8()..]),
        _ => (None, rest),
    };
    // 1234余万元 puts 余 before the magnitude it qualifies (1234万余元).
    if more.is_some() && measure.starts_with(['万', '亿']) {
        return None;
    }
    if measure.contains(TO_FILL)
        || measure
            .chars()
            .any(|c| c.is_ascii_digit() || is_space(c) || "余多约".contains(c))
    {
        return None;
    }
    let approx = match (about, more, around) {
        (false, None, false) => None,
        (true, None, false) => Some(Approx::Yue),
        (false, Some('余'), false) => Some(Approx::Yu),
        (false, Some(_), false) => Some(Approx::Duo),
        (false, None, true) => Some(Approx::Zuoyou),
        _ => return None,
    };
    Some((number, format!("{magnitude}{measure}"), approx))
}

/// A decimal number at the start of `s` (`1250`, `-3.5`, `+5.8`) and what
/// follows it; the number keeps its written precision.
fn leading_number(s: &str) -> Option<(Decimal, &str)> {
    let sign = usize::from(s.starts_with(['+', '-']));
    let digits = s[sign..]
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or(s.len(), |i| i + sign);
    let text = &s[..digits];
    if digits == sign || text.ends_with('.') || text[sign..].starts_with('.') {
        return None;
    }
    let value = Decimal::from_str(text.trim_start_matches('+')).ok()?;
    Some((value, &s[digits..]))
}

/// A number, optionally followed by the metric's own unit; or the
/// to-fill marker in its place (`待填`, `待填元`).
fn number_in_unit(value: &str, unit: &str) -> Result<(Decimal, Number), CompactIssue> {
    let bad = || CompactIssue::BadNumber {
        written: value.to_owned(),
    };
    let marker = value.starts_with(TO_FILL);
    let (number, rest) = if marker {
        (Decimal::ZERO, &value[TO_FILL.len()..])
    } else {
        leading_number(value).ok_or_else(bad)?
    };
    if !rest.is_empty() && rest != unit {
        return Err(CompactIssue::UnitMismatch {
            written: value.to_owned(),
            expected: unit.to_owned(),
        });
    }
    let range = 0..value.len() - rest.len();
    Ok((number, Number { range, marker }))
}

/// A stated change: `增长5.8%`, `-23.9%`, `提高1.5个百分点`, `持平`; `up`
/// is the direction a keyword already gave (增长 / 下降). The to-fill
/// marker stands for the number (`增长待填%`) or, alone, for the whole
/// change (`同比 待填`, rolled from `同比 持平`).
fn stated(value: &str, up: Option<bool>, rate: bool) -> Result<(Decimal, Number), CompactIssue> {
    let bad = || CompactIssue::BadChange {
        written: value.to_owned(),
        rate,
    };
    if value == "持平" && up.is_none() {
        let range = 0..value.len();
        return Ok((
            Decimal::ZERO,
            Number {
                range,
                marker: false,
            },
        ));
    }
    let mut rest = value;
    let mut direction = up;
    if direction.is_none() {
        for (word, dir) in [
            ("增长", true),
            ("提高", true),
            ("上升", true),
            ("下降", false),
            ("减少", false),
        ] {
            if let Some(r) = rest.strip_prefix(word) {
                direction = Some(dir);
                rest = r;
                break;
            }
        }
    }
    if direction.is_some() && rest.starts_with(['+', '-']) {
        return Err(bad());
    }
    let expected = if rate { "个百分点" } else { "%" };
    let at = value.len() - rest.len();
    if let Some(unit) = rest.strip_prefix(TO_FILL) {
        if unit != expected && !(unit.is_empty() && at == 0 && up.is_none()) {
            return Err(bad());
        }
        let range = at..at + TO_FILL.len();
        return Ok((
            Decimal::ZERO,
            Number {
                range,
                marker: true,
            },
        ));
    }
    let (number, unit) = leading_number(rest).ok_or_else(bad)?;
    if unit != expected {
        return Err(bad());
    }
    let range = at..value.len() - unit.len();
    let number = match direction {
        Some(false) => -number.abs(),
        _ => number,
    };
    Ok((
        number,
        Number {
            range,
            marker: false,
        },
    ))
}

/// A metric key as written after 属于 or 其中.
fn key(value: &str) -> Result<&str, CompactIssue> {
    if crate::data::is_identifier(value) {
        Ok(value)
    } else {
        Err(CompactIssue::BadKey {
            written: value.to_owned(),
        })
    }
}

/// The keyword `segment` starts with (the longest that fits) and its field.
/// A Latin keyword must be followed by a space or the end.
fn keyword_at(segment: &str) -> Option<(&'static str, Field)> {
    KEYWORDS
        .iter()
        .flat_map(|k| k.words.iter().map(move |w| (*w, k.field)))
        .filter(|(w, _)| {
            segment
                .strip_prefix(w)
                .is_some_and(|rest| !w.is_ascii() || rest.is_empty() || rest.starts_with(is_space))
        })
        .max_by_key(|(w, _)| w.len())
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}'
}

/// The byte ranges between separators.
fn split_segments(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, ',' | '，' | ';' | '；') {
            out.push(start..i);
            start = i + c.len_utf8();
        }
    }
    out.push(start..text.len());
    out
}

fn trim_range(text: &str, range: std::ops::Range<usize>) -> (usize, usize) {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let trail = s.len() - s.trim_end_matches(is_space).len();
    (
        range.start + lead,
        (range.end - trail).max(range.start + lead),
    )
}

/// A metric as the YAML wrote it: a map (the long form) or a string (the
/// compact form, kept in `compact` until [`expand`] reads it with its
/// positions at hand).
struct Written(Metric);

struct WrittenVisitor;

impl<'de> de::Visitor<'de> for WrittenVisitor {
    type Value = Written;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("指标（键值表，或一行紧凑写法，如“走访慰问 1250余人次, 去年 1100”）")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Written, E> {
        Ok(Written(Metric {
            compact: Some(v.to_owned()),
            ..Metric::default()
        }))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Written, A::Error> {
        Metric::deserialize(de::value::MapAccessDeserializer::new(map)).map(Written)
    }
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(WrittenVisitor)
    }
}

/// `metrics:` with each metric in the long or the compact form.
pub(crate) fn de_metrics<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<IndexMap<String, Metric>, D::Error> {
    let written = IndexMap::<String, Written>::deserialize(d)?;
    Ok(written.into_iter().map(|(key, w)| (key, w.0)).collect())
}

/// Reads every compact metric of `loaded`, gives long-form numbers back
/// their written precision, and applies the file's number settings. The
/// first compact metric that cannot be read is the error.
pub(crate) fn expand(loaded: &mut Loaded) -> Result<(), Box<Diagnostic>> {
    let mut failure = None;
    for (key, metric) in &mut loaded.data.metrics {
        let Some(text) = metric.compact.take() else {
            keep_written_precision(&loaded.source, &loaded.map, key, metric);
            continue;
        };
        if let Err((range, issue)) = parse_into(&text, metric) {
            failure = Some((key.clone(), text, range, issue));
            break;
        }
    }
    if let Some((key, text, range, issue)) = failure {
        let path = format!("metrics.{key}");
        let error = CompactError {
            path: loaded.written_path(&path),
            issue,
        };
        let span = span_inside(&loaded.source, &loaded.map, &path, &text, range);
        return Err(Box::new(match span {
            Some(span) => loaded.at(Severity::Error, span, error),
            None => loaded.finding(Severity::Error, &path, error),
        }));
    }
    let defaults = &loaded.data.numbers;
    let (scale, decimals) = (defaults.scale, defaults.decimals);
    for metric in loaded.data.metrics.values_mut() {
        metric.scale = metric.scale.or(Some(scale));
        metric.decimals = metric.decimals.or(decimals);
    }
    Ok(())
}

/// Where `range` of the compact text of `path` sits in the file: counted
/// from the scalar's start when the scalar is written plain or quoted
/// without escapes, else found by its text. Costs the scalar's length, not
/// the file's: a file still to fill asks this of every marker.
pub(crate) fn span_inside(
    source: &str,
    map: &crate::yaml::SourceMap,
    path: &str,
    text: &str,
    range: Range<usize>,
) -> Option<Span> {
    let at = map.value(path)?;
    let start = map.value_range(path)?.start;
    let raw = source.get(start..)?;
    let width = text[range.clone()].chars().count();
    let skip = if raw.starts_with(text) {
        Some(0)
    } else if raw.starts_with(['"', '\'']) && raw[1..].starts_with(text) {
        Some(1)
    } else {
        None
    };
    match skip {
        Some(skip) => Some(at.after(&raw[..skip + range.start], width)),
        None => map.find_in_value(source, path, &text[range]),
    }
}

/// A long-form number read as a float has lost its trailing zeros
/// (`130.0` → 130): the scalar's text gives them back when it is the same
/// number written as a plain decimal.
fn keep_written_precision(
    source: &str,
    map: &crate::yaml::SourceMap,
    key: &str,
    metric: &mut Metric,
) {
    let written = |field: &str| -> Option<Decimal> {
        let text = map.written(source, &format!("metrics.{key}.{field}"))?;
        Decimal::from_str(text.trim().trim_start_matches('+')).ok()
    };
    let keep = |slot: &mut Option<Decimal>, field: &str| {
        if let (Some(v), Some(w)) = (*slot, written(field))
            && v == w
        {
            *slot = Some(w);
        }
    };
    let mut value = Some(metric.value);
    keep(&mut value, "value");
    metric.value = value.unwrap_or(metric.value);
    keep(&mut metric.previous, "previous");
    keep(&mut metric.last_year, "last_year");
    keep(&mut metric.target, "target");
    keep(&mut metric.yoy, "yoy");
    keep(&mut metric.mom, "mom");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Metric, (String, CompactIssue)> {
        let mut m = Metric::default();
        parse_into(text, &mut m).map_err(|(r, i)| (text[r].to_owned(), i))?;
        Ok(m)
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn reads_the_kind_and_the_year_end() {
        let m = read("走访慰问 1250余人次, 累计, 去年 1100").unwrap();
        assert_eq!(m.kind, Some(MetricKind::Cumulative));
        let m = read("党支部 86个, 时点, 上年末 74").unwrap();
        assert_eq!(m.kind, Some(MetricKind::Stock));
        assert_eq!(m.year_end, Some(d("74")));
        let m = read("覆盖率 98.6%, 类型 比率").unwrap();
        assert_eq!(m.kind, Some(MetricKind::Rate));
        let (bad, issue) = read("党支部 86个, 类型 年度").unwrap_err();
        assert_eq!(bad, "年度");
        assert_eq!(
            issue,
            CompactIssue::BadKind {
                written: "年度".into()
            }
        );
        let (_, issue) = read("党支部 86个, 累计 3").unwrap_err();
        assert_eq!(
            issue,
            CompactIssue::BadKind {
                written: "3".into()
            }
        );
    }

    #[test]
    fn reads_the_head_and_fields() {
        let m = read("走访慰问 1250余人次, 去年 1100").unwrap();
        assert_eq!(m.name, "走访慰问");
        assert_eq!(m.value, d("1250"));
        assert_eq!(m.unit, "人次");
        assert_eq!(m.approx, Some(Approx::Yu));
        assert_eq!(m.last_year, Some(d("1100")));
        let m = read("地区生产总值 130.0亿元，增长5.8%；目标 135亿元").unwrap();
        assert_eq!(m.value.to_string(), "130.0");
        assert_eq!(m.unit, "亿元");
        assert_eq!(m.yoy, Some(d("5.8")));
        assert_eq!(m.target, Some(d("135")));
        let m = read("覆盖率 98.6%, 同比提高1.5个百分点, 上期 97, 小数 2, 换算").unwrap();
        assert_eq!(m.yoy, Some(d("1.5")));
        assert_eq!(m.previous, Some(d("97")));
        assert_eq!(m.decimals, Some(2));
        assert_eq!(m.scale, Some(true));
        let m = read("项目 72宗, 其中 a + b_2 + c, 属于 total, 下降23.9%").unwrap();
        assert_eq!(m.parts, ["a", "b_2", "c"]);
        assert_eq!(m.part_of.as_deref(), Some("total"));
        assert_eq!(m.yoy, Some(d("-23.9")));
    }

    #[test]
    fn quantities_take_every_approximation() {
        let q = |s: &str| read_quantity(s).map(|(v, u, a)| (v.to_string(), u, a));
        assert_eq!(
            q("约300人"),
            Some(("300".into(), "人".into(), Some(Approx::Yue)))
        );
        assert_eq!(
            q("300人左右"),
            Some(("300".into(), "人".into(), Some(Approx::Zuoyou)))
        );
        assert_eq!(
            q("1234万余元"),
            Some(("1234".into(), "万元".into(), Some(Approx::Yu)))
        );
        assert_eq!(
            q("100多件"),
            Some(("100".into(), "件".into(), Some(Approx::Duo)))
        );
        assert_eq!(
            q("219.504万元"),
            Some(("219.504".into(), "万元".into(), None))
        );
        assert_eq!(q("42"), Some(("42".into(), String::new(), None)));
        for bad in [
            "约300余人",
            "三百人",
            "1234余万元",
            "12人3",
            ".5人",
            "5.人",
            "人",
        ] {
            assert_eq!(q(bad), None, "{bad}");
        }
    }

    #[test]
    fn errors_name_the_bad_part() {
        let err = |s: &str| read(s).unwrap_err();
        assert_eq!(err("走访慰问1250人次").1, CompactIssue::NoName);
        assert_eq!(err("走访慰问 1250人次, 去年 一千").0, "一千");
        assert_eq!(
            err("走访慰问 1250人次, 去年 1100人").1,
            CompactIssue::UnitMismatch {
                written: "1100人".into(),
                expected: "人次".into()
            }
        );
        let (part, issue) = err("走访慰问 1250人次, 前年 1100");
        assert_eq!(part, "前年");
        assert_eq!(issue.message(), "无法识别“前年”，是否想写“去年”？");
        let (part, issue) = err("走访慰问 1250人次, 1100");
        assert_eq!(part, "1100");
        assert!(
            issue
                .message()
                .starts_with("无法识别“1100”，逗号后应以关键词开头：去年、上期、目标、同比"),
            "{}",
            issue.message()
        );
        assert_eq!(err("走访慰问 1250人次, , 去年 1").0, " ");
        assert_eq!(
            err("走访慰问 1250人次, 增长5%, 同比 +3%").1,
            CompactIssue::Duplicate {
                keyword: "同比".into()
            }
        );
        assert_eq!(err("率 98%, 同比 +1.5%").0, "+1.5%");
        assert_eq!(err("投资 5亿元, 增长 -5%").0, "-5%");
        assert_eq!(err("投资 5亿元, 其中 a + 甲。").0, "a + 甲。");
        let chinese = read("投资 72宗, 其中 投产 + 新开工, 属于 项目").unwrap();
        assert_eq!(chinese.parts, ["投产", "新开工"]);
        assert_eq!(chinese.part_of.as_deref(), Some("项目"));
        assert_eq!(err("投资 5亿元, 小数 7").0, "7");
        assert_eq!(err("投资 5亿元, 换算 也许").0, "也许");
        assert_eq!(err("投资 5亿元余").0, "5亿元余");
    }

    /// The text of each marker's range and the field it stands in.
    fn markers(text: &str) -> Vec<(&str, Option<Field>)> {
        let layout = layout(text).unwrap();
        layout.markers().map(|(r, f)| (&text[r], f)).collect()
    }

    #[test]
    fn the_to_fill_marker_stands_where_a_number_goes() {
        assert_eq!(
            markers("收入 待填元, 去年 待填, 上期 待填元, 目标 待填, 上年末 待填, 换算"),
            [
                (TO_FILL, None),
                (TO_FILL, Some(Field::LastYear)),
                (TO_FILL, Some(Field::Previous)),
                (TO_FILL, Some(Field::Target)),
                (TO_FILL, Some(Field::YearEnd)),
            ]
        );
        // The rest of the quantity keeps its grammar: 约, 万, 余, 左右.
        for head in [
            "游客 待填万余人次",
            "培训 约待填人次",
            "人数 待填人左右",
            "村 待填",
        ] {
            assert_eq!(markers(head), [(TO_FILL, None)], "{head}");
        }
        assert_eq!(
            markers("投资 5亿元, 增长待填%, 环比 待填"),
            [(TO_FILL, Some(Field::YoyUp)), (TO_FILL, Some(Field::Mom))]
        );
        assert_eq!(
            markers("率 98%, 同比下降待填个百分点"),
            [(TO_FILL, Some(Field::Yoy))]
        );
        assert!(markers("走访慰问 1250余人次, 去年 1100, 增长5.8%").is_empty());
        // Read as a metric, a marker is an error at the first one.
        let (part, issue) = read("收入 18600元, 去年 待填").unwrap_err();
        assert_eq!((part.as_str(), issue), (TO_FILL, CompactIssue::ToFill));
    }

    #[test]
    fn the_to_fill_marker_is_read_strictly() {
        let err = |s: &str| layout(s).map(|_| ()).unwrap_err();
        let text = "收入 待填 元";
        let (range, issue) = err(text);
        assert_eq!(&text[range], "待填 元");
        assert_eq!(
            issue.message(),
            "“待填”与单位之间不空格，请写成“待填元”，填写时把“待填”换成数值"
        );
        let (_, issue) = err("收入 待填元, 去年 待填人");
        assert_eq!(
            issue,
            CompactIssue::UnitMismatch {
                written: "待填人".into(),
                expected: "元".into()
            }
        );
        for bad in ["收入 待填余万元", "收入 约待填余元", "收入 待填待填元"] {
            assert!(
                matches!(err(bad).1, CompactIssue::BadQuantity { .. }),
                "{bad}"
            );
        }
        for bad in [
            "投资 5亿元, 增长待填",
            "率 98%, 同比 待填%",
            "投资 5亿元, 同比 +待填%",
        ] {
            assert!(
                matches!(err(bad).1, CompactIssue::BadChange { .. }),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_layout_gives_every_part_its_range() {
        let text = "地区生产总值 约130.0亿元，增长5.8%； 去年 120.5, 属于 gdp_all, 环比 持平";
        let l = layout(text).unwrap();
        assert_eq!(&text[l.quantity.clone()], "约130.0亿元");
        assert_eq!(&text[l.value.range.clone()], "130.0");
        let parts: Vec<(&str, &str, Option<&str>)> = l
            .fields
            .iter()
            .map(|f| {
                (
                    &text[f.whole.clone()],
                    &text[f.with_separator.clone()],
                    f.number.as_ref().map(|n| &text[n.range.clone()]),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("增长5.8%", "，增长5.8%", Some("5.8")),
                ("去年 120.5", "； 去年 120.5", Some("120.5")),
                ("属于 gdp_all", ", 属于 gdp_all", None),
                ("环比 持平", ", 环比 持平", Some("持平")),
            ]
        );
    }

    const META: &str = "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  period: 2026-Q3\n  date: 2026-10-12\n";

    #[test]
    fn long_form_numbers_keep_their_written_precision() {
        let mut src = format!("{META}metrics:\n");
        for i in 0..3_000 {
            src.push_str(&format!(
                "  m{i}:\n    name: 指标{i}\n    value: {i}.0\n    unit: 亿元\n    last_year: 1.50\n    yoy: +5.80\n"
            ));
        }
        src.push_str("  c: 紧凑 130.0亿元, 去年 120.50\n");
        let loaded = crate::data::load::parse(std::path::Path::new("d.yaml"), src).unwrap();
        let m = &loaded.data.metrics["m2999"];
        assert_eq!(m.value.to_string(), "2999.0");
        assert_eq!(m.last_year.unwrap().to_string(), "1.50");
        assert_eq!(m.yoy.unwrap().to_string(), "5.80");
        let c = &loaded.data.metrics["c"];
        assert_eq!(c.value.to_string(), "130.0");
        assert_eq!(c.last_year.unwrap().to_string(), "120.50");
    }

    #[test]
    fn a_bad_compact_metric_is_located_inside_its_string() {
        for (written, column, width) in [
            ("走访慰问 1250余人次, 去年 1100人", 28, 5),
            ("\"走访慰问 1250余人次，前年 1100\"", 25, 2),
            ("'走访慰问 1250余人次, 上期 十'", 29, 1),
        ] {
            let src = format!("{META}metrics:\n  visits: {written}\n");
            let err = crate::data::load::parse(std::path::Path::new("d.yaml"), src).unwrap_err();
            assert_eq!(err.span, Some(Span::new(8, column, width)), "{written}");
        }
    }

    #[test]
    fn a_field_added_to_the_table_is_found_by_its_keyword() {
        assert_eq!(
            keyword_at("去年同期 5"),
            Some(("去年同期", Field::LastYear))
        );
        assert_eq!(keyword_at("去年 5"), Some(("去年", Field::LastYear)));
        assert_eq!(keyword_at("yoy +5%"), Some(("yoy", Field::Yoy)));
        assert_eq!(keyword_at("yoyo 5"), None);
        for k in KEYWORDS {
            for w in k.words {
                assert_eq!(keyword_at(w).map(|(_, f)| f), Some(k.field), "{w}");
            }
        }
    }
}
