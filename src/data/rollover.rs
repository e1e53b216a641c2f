//! The quarterly cycle's bookkeeping: wengao's two markers in a data file
//! rolled forward by `wengao next`, and the rollover checks of `check` —
//! the mistakes a file copied from last period keeps (a stale date, a
//! period word of the old period, a number typed by hand that has changed,
//! a base not moved, a target already met).
//!
//! The markers:
//!
//! * [`TO_FILL`] (`待填`) is a value left to fill: a whole value
//!   (`value: 待填  # 上期：3268`) or, in a one-line metric, a number
//!   (`农村居民人均可支配收入 待填元, 去年 待填`). A data file holding one
//!   does not load; every marker is reported at its key, a one-line
//!   metric's at its place in the line ([`with_unfilled`]), so `check` and
//!   `build` fail until all are filled.
//! * [`REVIEW`] (`【待核】`) opens a sentence copied from the earlier file that
//!   holds a typed number, a date or a period word; it is an error until the
//!   writer has read the sentence and deleted the marker.
//!
//! Two points connect to the series of files (issue 10 §2–§3): what kind a
//! metric is ([`kind_of`]) and the figures of an earlier file of the series
//! ([`figures_of`], the series' reading of it). Both are one small function each.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use indexmap::IndexMap;
use memchr::memmem::Finder;
use rust_decimal::Decimal;

use crate::conventions::sentences::{PERIOD_WORDS, sentence_ranges};
use crate::data::compact;
use crate::data::loaded::Loaded;
use crate::data::series::Earlier;
use crate::data::{Data, Metric, Text};
use crate::diag::{Diagnostic, Explain, Severity};
use crate::zh::compare::MetricKind;
use crate::zh::date::date_cn;
use crate::zh::number::{Approx, format_quantity};
use crate::zh::period::{LabelStyle, Period};

pub(crate) use crate::data::markers::{REVIEW, TO_FILL};
/// A 时点 figure that changes by more than this factor in one period is
/// probably mistyped.
const PLAUSIBLE_FACTOR: u32 = 2;

/// What kind `metric` is, when known: as the file declares it, or a rate
/// by its unit `%`. An undeclared count is not taken for a stock here, so
/// an undeclared running total is never warned of as a stock that jumped.
pub(crate) fn kind_of(metric: &Metric) -> Option<MetricKind> {
    metric
        .kind
        .or_else(|| metric.is_rate().then_some(MetricKind::Rate))
}

/// The figures of one file of a series, as the rollover checks and `next`
/// need them.
#[derive(Clone, Debug)]
pub(crate) struct Figures {
    /// The file's name, as messages show it: `2026-Q3.yaml`.
    pub name: String,
    pub date: NaiveDate,
    pub metrics: IndexMap<String, Figure>,
}

/// One metric of an earlier file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Figure {
    pub value: Decimal,
    pub previous: Option<Decimal>,
    pub last_year: Option<Decimal>,
}

impl Figures {
    /// The figures of a file already read (tests build them this way).
    #[cfg(test)]
    pub(crate) fn of(data: &Data, name: String) -> Figures {
        let metrics = data
            .metrics
            .iter()
            .map(|(key, m)| {
                let figure = Figure {
                    value: m.value,
                    previous: m.previous,
                    last_year: m.last_year,
                };
                (key.clone(), figure)
            })
            .collect();
        Figures {
            name,
            date: data.meta.date,
            metrics,
        }
    }

    /// The figures of an earlier file as the series read it; `None` for a
    /// ledger column, which has no date.
    fn of_earlier(earlier: &Earlier, name: String) -> Option<Figures> {
        let metrics = earlier
            .values
            .iter()
            .map(|(key, &value)| {
                let written = earlier.written.get(key).copied().unwrap_or_default();
                let figure = Figure {
                    value,
                    previous: written.previous,
                    last_year: written.last_year,
                };
                (key.clone(), figure)
            })
            .collect();
        Some(Figures {
            name,
            date: earlier.date?,
            metrics,
        })
    }
}

/// The figures of the file for `period` in the folder of `beside`
/// (`2026-Q3.yaml` beside `2026-Q4.yaml`), if it is there and loads: the
/// series' reading of it, which is made once per run and shared with the
/// bases, so the file is not parsed a second time.
pub(crate) fn figures_of(beside: &Path, period: Period) -> Option<Figures> {
    let name = format!("{period}.yaml");
    let path = beside.with_file_name(&name);
    if path == beside {
        return None;
    }
    let earlier = crate::data::series::earlier_file(&path)?.ok()?;
    Figures::of_earlier(&earlier, name)
}

/// The same period a year before, if it is in range.
pub(crate) fn same_last_year(period: Period) -> Option<Period> {
    Period::new(period.year - 1, period.span).ok()
}

/// What a rollover check found, at a key of the data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RolloverFinding {
    /// The canonical path of the key (`metrics.x.last_year`).
    pub path: String,
    /// The same path as the file writes it (`指标.x.去年`), for the message.
    pub written: String,
    pub issue: RolloverIssue,
}

/// The mistakes of a file carried over from the period before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RolloverIssue {
    /// `待填` left in a value.
    ToFill,
    /// `【待核】` left in a sentence.
    Review,
    /// A period word that does not fit the report's period or date.
    PeriodWord { word: String, why: WordWhy },
    /// A number typed in prose that is a metric's value.
    TypedValue {
        typed: String,
        name: String,
        key: String,
    },
    /// A number typed in prose that was a metric's value in the earlier file.
    StaleNumber {
        typed: String,
        name: String,
        key: String,
        file: String,
    },
    /// The date falls before the period's end.
    DateEarly {
        date: String,
        end: String,
        period: String,
    },
    /// The date is the earlier file's.
    DateStale { date: String, file: String },
    /// The file's name names another period than `meta.period`.
    FilePeriod {
        file: String,
        named: String,
        period: String,
    },
    /// A running total lower than the earlier file's.
    TotalDown {
        name: String,
        value: String,
        earlier: String,
        file: String,
    },
    /// A stock that changed beyond [`PLAUSIBLE_FACTOR`].
    StockJump {
        name: String,
        value: String,
        earlier: String,
        file: String,
    },
    /// "力争……达到" a target the value has reached.
    TargetMet {
        typed: String,
        name: String,
        value: String,
    },
    /// 余/多/约/左右 on a value that is not round.
    ApproxExact {
        name: String,
        value: String,
        approx: &'static str,
    },
    /// `last_year` left as the earlier file had it (last year's figure of
    /// the earlier period).
    BaseStale {
        name: String,
        written: String,
        file: String,
    },
    /// A value equal to the earlier file's.
    ValueUnchanged {
        name: String,
        value: String,
        file: String,
    },
}

/// Why a period word does not fit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WordWhy {
    /// A span ending before the report's period does (前三季度 in 全年).
    Shorter { period: String },
    /// 今年以来 in a report dated in the following year.
    SinceNextYear { year: i32 },
    /// 年底前, 年内 in a report dated after the year.
    PastYearEnd { year: i32 },
}

impl RolloverIssue {
    /// The rule id, shown after the message and stable for configs.
    pub(crate) fn id(&self) -> &'static str {
        match self {
            RolloverIssue::ToFill => "to-fill",
            RolloverIssue::Review => "review-mark",
            RolloverIssue::PeriodWord { .. } => "period-word",
            RolloverIssue::TypedValue { .. } => "typed-number",
            RolloverIssue::StaleNumber { .. } => "stale-number",
            RolloverIssue::DateEarly { .. } => "date-early",
            RolloverIssue::DateStale { .. } => "date-stale",
            RolloverIssue::FilePeriod { .. } => "file-period",
            RolloverIssue::TotalDown { .. } => "total-down",
            RolloverIssue::StockJump { .. } => "stock-jump",
            RolloverIssue::TargetMet { .. } => "target-met",
            RolloverIssue::ApproxExact { .. } => "approx-exact",
            RolloverIssue::BaseStale { .. } => "base-stale",
            RolloverIssue::ValueUnchanged { .. } => "value-unchanged",
        }
    }

    /// Errors stop the drafts; the rest may be right and are warnings.
    pub(crate) fn severity(&self) -> Severity {
        match self {
            RolloverIssue::ToFill
            | RolloverIssue::Review
            | RolloverIssue::DateStale { .. }
            | RolloverIssue::FilePeriod { .. }
            | RolloverIssue::TotalDown { .. } => Severity::Error,
            _ => Severity::Warning,
        }
    }

    fn text(&self, path: &str) -> String {
        match self {
            RolloverIssue::ToFill => {
                let what = match path.rsplit('.').next() {
                    Some("date") => "日期",
                    Some("last_year") => "去年同期的数",
                    Some("target") => "本年度的目标",
                    Some("previous") => "上期的数",
                    Some("year_end") => "上年末的数",
                    Some("yoy") => "本期的同比增减幅度",
                    Some("mom") => "本期的环比增减幅度",
                    _ => "本期的数",
                };
                format!("还没有填写，请把“{TO_FILL}”换成{what}")
            }
            RolloverIssue::Review => {
                format!("这句话沿用自上期，含有数字、日期或时间用语，核对无误后请删去“{REVIEW}”")
            }
            RolloverIssue::PeriodWord { word, why } => match why {
                WordWhy::Shorter { period } => {
                    format!("报告期是“{period}”，这里却写“{word}”，可能是从上期沿用的，请核对")
                }
                WordWhy::SinceNextYear { year } => format!(
                    "成文日期已在{}年，“{word}”会被读成{}年，请写“{year}年”",
                    year + 1,
                    year + 1
                ),
                WordWhy::PastYearEnd { year } => format!(
                    "成文日期已在{}年，{year}年年底已过，“{word}”的说法不再合适，请改写",
                    year + 1
                ),
            },
            RolloverIssue::TypedValue { typed, name, key } => format!(
                "手写的“{typed}”与指标“{name}”的本期数相同，建议写成 {{{key}}}，数值改动时文字会跟着变"
            ),
            RolloverIssue::StaleNumber {
                typed,
                name,
                key,
                file,
            } => format!(
                "手写的“{typed}”是上期文件 {file} 中“{name}”的数，本期可能已经变了；请核对，或写成 {{{key}}}"
            ),
            RolloverIssue::DateEarly { date, end, period } => {
                format!("成文日期{date}早于报告期“{period}”的结束（{end}），请核对")
            }
            RolloverIssue::DateStale { date, file } => {
                format!("成文日期{date}与上期文件 {file} 的相同，是否忘了改？")
            }
            RolloverIssue::FilePeriod {
                file,
                named,
                period,
            } => format!(
                "文件名“{file}”表示报告期 {named}，meta.period 却写的是 {period}，两者应一致"
            ),
            RolloverIssue::TotalDown {
                name,
                value,
                earlier,
                file,
            } => format!(
                "“{name}”是累计数，本期{value}比上期文件 {file} 的{earlier}还少，累计数不会下降，请核对"
            ),
            RolloverIssue::StockJump {
                name,
                value,
                earlier,
                file,
            } => format!(
                "“{name}”本期为{value}，上期文件 {file} 为{earlier}，一期之内变化超过{PLAUSIBLE_FACTOR}倍，请核对"
            ),
            RolloverIssue::TargetMet { typed, name, value } => {
                format!("这里说力争达到“{typed}”，但“{name}”已达{value}，目标已经实现，请改写")
            }
            RolloverIssue::ApproxExact {
                name,
                value,
                approx,
            } => format!(
                "“{name}”本期为{value}，已是精确的数，不宜再加“{approx}”，请删去 approx 或改用整数"
            ),
            RolloverIssue::BaseStale {
                name,
                written,
                file,
            } => format!(
                "“{name}”的 last_year（去年同期数）{written}与上期文件 {file} 的相同，那是去年另一时期的数，请换成去年同期的数"
            ),
            RolloverIssue::ValueUnchanged { name, value, file } => {
                format!("“{name}”本期数{value}与上期文件 {file} 的相同，是否忘了更新？")
            }
        }
    }
}

impl Explain for RolloverFinding {
    fn message(&self) -> String {
        format!("{}：{}", self.written, self.issue.text(&self.path))
    }

    fn code(&self) -> Option<&'static str> {
        Some(self.issue.id())
    }
}

/// The findings of `path`'s failed load, with every `待填` marker of the file
/// reported at its key. A file with markers cannot load (the first marker
/// stops the YAML reader); without this only that one would be reported.
pub(crate) fn with_unfilled(path: &Path, mut findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let Ok((source, _)) = crate::files::read_text(path) else {
        return findings;
    };
    let markers = unfilled(path, &source);
    if markers.is_empty() {
        return findings;
    }
    // The error that stopped the load is a marker's when it is on a
    // marker's line: it is said better by the marker's own finding.
    let marker_lines: Vec<usize> = markers
        .iter()
        .filter_map(|d| d.span)
        .map(|s| s.line)
        .collect();
    if findings
        .last()
        .and_then(|d| d.span)
        .is_some_and(|s| marker_lines.contains(&s.line))
    {
        findings.pop();
    }
    findings.extend(markers);
    findings
}

/// Every `待填` of `source`, as an error at its key: a whole value
/// (`value: 待填`), or a number of a one-line metric (`待填元, 去年 待填`),
/// pointed at inside the line and named by the long form's key
/// (`metrics.income.last_year`). A one-line metric that cannot be read
/// is reported too, as the load would report it.
pub(crate) fn unfilled(path: &Path, source: &str) -> Vec<Diagnostic> {
    if !source.contains(TO_FILL) {
        return Vec::new();
    }
    let Ok((value, map)) =
        crate::yaml::parse_keyed::<serde_norway::Value>(source, &crate::data::keys::DataKeys)
    else {
        return Vec::new();
    };
    let mut excerpts = crate::diag::Excerpts::new(source);
    let lines: Vec<&str> = source.split('\n').collect();
    let written_path = |at: &str| {
        crate::data::keys::as_written(at, |prefix| {
            let span = map.key(prefix)?;
            let line = lines.get(span.line.checked_sub(1)?)?;
            Some(crate::data::keys::key_at(line, span))
        })
    };
    // No model is read here: the written path is rebuilt from the source,
    // the same way as for a loaded file.
    let to_fill = |at: String| RolloverFinding {
        written: written_path(&at),
        path: at,
        issue: RolloverIssue::ToFill,
    };
    let mut found: Vec<Diagnostic> = map
        .values_written_as(source, TO_FILL)
        .map(|(at, span)| error_at(&mut excerpts, path, span, to_fill(at.to_owned())))
        .collect();
    for (key, text) in lines_of(&value) {
        let at = format!("metrics.{key}");
        let span_of = |range| compact::span_inside(source, &map, &at, &text, range);
        match compact::layout(&text) {
            Ok(layout) => {
                for (range, field) in layout.markers() {
                    if let Some(span) = span_of(range) {
                        let field = field.map_or("value", compact::Field::long_key);
                        found.push(error_at(
                            &mut excerpts,
                            path,
                            span,
                            to_fill(format!("{at}.{field}")),
                        ));
                    }
                }
            }
            // Wrong besides its markers (`待填 元`): said now, not only
            // once every marker before it is filled.
            Err((range, issue)) => {
                if let Some(span) = span_of(range) {
                    let error = compact::CompactError {
                        path: written_path(&at),
                        issue,
                    };
                    found.push(error_at(&mut excerpts, path, span, error));
                }
            }
        }
    }
    found.sort_by_key(|d| d.span.map(|s| (s.line, s.column)));
    found
}

/// An error at `span`, shown with its line.
fn error_at(
    excerpts: &mut crate::diag::Excerpts,
    path: &Path,
    span: crate::diag::Span,
    issue: impl Explain + 'static,
) -> Diagnostic {
    let excerpt = excerpts.excerpt(span);
    Diagnostic::with_excerpt(Severity::Error, path, span, excerpt, issue)
}

/// The metrics of `source` written on one line, by key, with their text
/// (read on their own: a file still to fill does not load as a whole).
pub(crate) fn one_line_metrics(source: &str) -> IndexMap<String, String> {
    crate::yaml::parse_keyed::<serde_norway::Value>(source, &crate::data::keys::DataKeys)
        .map(|(value, _)| lines_of(&value))
        .unwrap_or_default()
}

/// The one-line metrics of a parsed file, under whichever name its
/// `metrics` section was written (`指标`, `数据`).
fn lines_of(file: &serde_norway::Value) -> IndexMap<String, String> {
    use crate::yaml::KeyNames as _;
    let is_metrics = |name: &str| {
        name == "metrics" || crate::data::keys::DataKeys.canonical("", name) == Some("metrics")
    };
    let Some(sections) = file.as_mapping() else {
        return IndexMap::new();
    };
    sections
        .iter()
        .filter(|(name, _)| name.as_str().is_some_and(is_metrics))
        .filter_map(|(_, metrics)| metrics.as_mapping())
        .flatten()
        .filter_map(|(key, metric)| Some((key.as_str()?.to_owned(), metric.as_str()?.to_owned())))
        .collect()
}

/// Every rollover finding about `loaded`, in file order.
pub(crate) fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let data = &loaded.data;
    let period = data.meta.period;
    let earlier = figures_of(&loaded.path, period.previous());
    let last_year = same_last_year(period).and_then(|p| figures_of(&loaded.path, p));
    // Walked once for every check below (each used to walk the data again).
    let texts = data.texts();
    let mut found = Found::default();
    review_marks(&texts, &mut found);
    file_period(&loaded.path, data, &mut found);
    date(data, earlier.as_ref(), &mut found);
    period_words(data, &texts, &mut found);
    hand_typed(data, &texts, earlier.as_ref(), &mut found);
    targets_met(data, &texts, &mut found);
    if let Some(earlier) = &earlier {
        compare_earlier(
            data,
            &texts,
            earlier,
            last_year.as_ref(),
            kind_of,
            &mut found,
        );
    }
    let mut out: Vec<Diagnostic> = found
        .0
        .into_iter()
        .map(|(path, needle, issue)| {
            let severity = issue.severity();
            // A review marker is found with the text after it (there may be
            // several in one value), but only the marker is underlined.
            let width = (issue == RolloverIssue::Review).then(|| REVIEW.chars().count());
            let finding = RolloverFinding {
                written: loaded.written_path(&path),
                path: path.clone(),
                issue,
            };
            match needle.and_then(|n| loaded.map.find_in_value(&loaded.source, &path, &n)) {
                Some(mut span) => {
                    span.width = width.unwrap_or(span.width);
                    loaded.at(severity, span, finding)
                }
                None => loaded.finding(severity, &path, finding),
            }
        })
        .collect();
    out.sort_by_key(|d| d.span.map(|s| (s.line, s.column)));
    out
}

/// Findings as they are made: the key path, the text to point at inside its
/// value (or the key itself), the issue.
#[derive(Default)]
struct Found(Vec<(String, Option<String>, RolloverIssue)>);

impl Found {
    fn at_key(&mut self, path: String, issue: RolloverIssue) {
        self.0.push((path, None, issue));
    }

    fn in_text(&mut self, path: &str, needle: String, issue: RolloverIssue) {
        self.0.push((path.to_owned(), Some(needle), issue));
    }
}

/// The texts the rollover checks read: prose, where sentences are written.
fn prose<'d>(texts: &'d [(String, Text<'d>)]) -> impl Iterator<Item = (&'d str, &'d str)> {
    texts
        .iter()
        .filter(|(_, t)| t.prose)
        .map(|(path, t)| (path.as_str(), t.text))
}

/// A searcher for each fixed word looked for in every text, built once a
/// run: building one per text and word (as `str::match_indices` does) cost
/// more than the searches. `find_iter` finds what `match_indices` finds:
/// each occurrence, not overlapping, in order.
static REVIEW_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(REVIEW));
static SPAN_FINDERS: LazyLock<[Finder<'static>; SPANS.len()]> =
    LazyLock::new(|| SPANS.map(|(word, _)| Finder::new(word)));

fn review_marks(texts: &[(String, Text<'_>)], found: &mut Found) {
    for (path, text) in texts {
        for at in REVIEW_FINDER.find_iter(text.text.as_bytes()) {
            // The marker and what follows it, to find this one of several.
            let needle: String = text.text[at..]
                .chars()
                .take(REVIEW.chars().count() + 6)
                .take_while(|c| *c != '\n')
                .collect();
            found.in_text(path, needle, RolloverIssue::Review);
        }
    }
}

/// The period a file's name says, when the name is a period code.
fn named_period(path: &Path) -> Option<Period> {
    path.file_stem()?.to_str()?.parse().ok()
}

fn file_period(path: &Path, data: &Data, found: &mut Found) {
    let period = data.meta.period;
    if let Some(named) = named_period(path)
        && named != period
    {
        let issue = RolloverIssue::FilePeriod {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            named: named.to_string(),
            period: period.to_string(),
        };
        found.at_key("meta.period".into(), issue);
    }
}

fn date(data: &Data, earlier: Option<&Figures>, found: &mut Found) {
    let meta = &data.meta;
    let end = meta.period.end_date();
    // A date on or before the period's start is `validate`'s finding.
    if meta.date < end && meta.date > meta.period.previous().end_date() {
        let issue = RolloverIssue::DateEarly {
            date: date_cn(meta.date),
            end: date_cn(end),
            period: meta.period.label(LabelStyle::WithYear),
        };
        found.at_key("meta.date".into(), issue);
    }
    if let Some(earlier) = earlier
        && earlier.date == meta.date
    {
        let issue = RolloverIssue::DateStale {
            date: date_cn(meta.date),
            file: earlier.name.clone(),
        };
        found.at_key("meta.date".into(), issue);
    }
}

/// Cumulative spans from January a text may name, with their last month.
/// (一季度 is left out: later reports name the first quarter alone, as a
/// quarter, more often than as a span.)
const SPANS: [(&str, u32); 2] = [("上半年", 6), ("前三季度", 9)];
/// Words before a span that make it a comparison or another year's
/// (较上半年提高, 去年前三季度), not the report's own span.
const NOT_OWN_SPAN: [&str; 12] = [
    "较", "比", "与", "同", "和", "于", "及", "去年", "上年", "明年", "往年", "今年",
];
/// Words after a span that make it a date (上半年末) or a base.
const SPAN_DATE_AFTER: [&str; 4] = ["末", "底", "同期", "的基础"];
/// Only right while the year runs.
const WITHIN_YEAR: [&str; 5] = ["今年年底前", "今年年底", "今年底", "年底前", "年内"];

/// The period words of `text` that do not fit a report for `period` dated
/// `date`: the word and why.
pub(crate) fn misfit_period_words(
    text: &str,
    period: Period,
    date: NaiveDate,
) -> Vec<(String, WordWhy)> {
    let mut out = Vec::new();
    let end_month = period.end_date().month();
    let own = period.label(LabelStyle::Cumulative);
    let mut spans: Vec<(Range<usize>, u32)> = Vec::new();
    for ((word, month), finder) in SPANS.iter().zip(SPAN_FINDERS.iter()) {
        for at in finder.find_iter(text.as_bytes()) {
            spans.push((at..at + word.len(), *month));
        }
    }
    spans.extend(month_ranges(text));
    spans.sort_by_key(|(r, _)| r.start);
    for (range, month) in spans {
        let before = &text[..range.start];
        let after = &text[range.end..];
        let compared = NOT_OWN_SPAN.iter().any(|w| before.ends_with(w))
            || SPAN_DATE_AFTER.iter().any(|w| after.starts_with(w));
        if month < end_month && !compared {
            out.push((
                text[range].to_owned(),
                WordWhy::Shorter {
                    period: own.clone(),
                },
            ));
        }
    }
    if date.year() > period.year {
        out.extend(year_words(text, period.year));
    }
    out
}

/// The words of `text` that speak of the report's year as the current one
/// (今年以来, 年底前), wrong once the date is in the year after `year`. The
/// longest word wins where they overlap (今年年底前, not 今年 and 年底前).
fn year_words(text: &str, year: i32) -> Vec<(String, WordWhy)> {
    let mut taken: Vec<(Range<usize>, &str, WordWhy)> = Vec::new();
    let past = WordWhy::PastYearEnd { year };
    let since = WordWhy::SinceNextYear { year };
    let words = WITHIN_YEAR
        .iter()
        .map(|w| (*w, &past))
        .chain([("今年以来", &since), ("今年", &since)]);
    for (word, why) in words {
        for (at, _) in text.match_indices(word) {
            let range = at..at + word.len();
            // 2026年年底前, 去年底, 明年内: a year of their own.
            let named_year = text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit() || "年去明上".contains(c));
            if !named_year
                && taken
                    .iter()
                    .all(|(r, _, _)| r.end <= range.start || range.end <= r.start)
            {
                taken.push((range, word, why.clone()));
            }
        }
    }
    taken.sort_by_key(|(r, _, _)| r.start);
    taken
        .into_iter()
        .map(|(_, word, why)| (word.to_owned(), why))
        .collect()
}

/// `1—5月`, `1-5月`, `1至5月`: spans from January, with their last month.
fn month_ranges(text: &str) -> Vec<(Range<usize>, u32)> {
    let mut out = Vec::new();
    for (month_at, _) in text.match_indices('月') {
        let before = &text[..month_at];
        let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 2 {
            continue;
        }
        let Ok(last) = before[before.len() - digits..].parse::<u32>() else {
            continue;
        };
        let rest = &before[..before.len() - digits];
        let Some(sep) = rest.chars().next_back() else {
            continue;
        };
        if !matches!(sep, '—' | '-' | '～' | '~' | '至' | '–') {
            continue;
        }
        let rest = &rest[..rest.len() - sep.len_utf8()];
        let rest = rest.strip_suffix('—').unwrap_or(rest);
        let Some(first) = rest.strip_suffix('1') else {
            continue;
        };
        if first.ends_with(|c: char| c.is_ascii_digit()) || !(2..=12).contains(&last) {
            continue;
        }
        out.push((first.len()..month_at + '月'.len_utf8(), last));
    }
    out
}

fn period_words(data: &Data, texts: &[(String, Text<'_>)], found: &mut Found) {
    let (period, date) = (data.meta.period, data.meta.date);
    for (path, text) in prose(texts) {
        for (word, why) in misfit_period_words(text, period, date) {
            found.in_text(path, word.clone(), RolloverIssue::PeriodWord { word, why });
        }
    }
}

/// The numbers typed in `text` outside `{…}` references: where each is
/// and its value.
pub(crate) fn typed_numbers(text: &str) -> Vec<(Range<usize>, Decimal)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let starts = c.is_ascii_digit()
            && depth == 0
            && !previous.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.');
        previous = Some(c);
        if !starts {
            continue;
        }
        let mut end = at + 1;
        let mut seen_point = false;
        while let Some(&(i, d)) = chars.peek() {
            let point =
                d == '.' && !seen_point && text[i + 1..].starts_with(|n: char| n.is_ascii_digit());
            if !d.is_ascii_digit() && !point {
                break;
            }
            seen_point |= point;
            end = i + 1;
            previous = Some(d);
            chars.next();
        }
        if let Ok(value) = text[at..end].parse::<Decimal>() {
            out.push((at..end, value));
        }
    }
    out
}

/// The quantity written at `number` in `text` if it is in `unit`: the
/// number with its 万/亿, 余/多 and unit (`1250余人次`), and its value in
/// the metric's terms. A bare number (no unit) is never taken for a metric.
fn quantity_in(
    text: &str,
    number: &Range<usize>,
    value: Decimal,
    unit: &str,
) -> Option<(String, Decimal)> {
    if unit.is_empty() {
        return None;
    }
    let mut rest = &text[number.end..];
    let mut value = value;
    if !unit.starts_with(['万', '亿']) {
        if let Some(r) = rest.strip_prefix('万') {
            rest = r;
            value = value.checked_mul(Decimal::from(10_000))?;
        } else if let Some(r) = rest.strip_prefix('亿') {
            rest = r;
            value = value.checked_mul(Decimal::from(100_000_000))?;
        }
    }
    let rest = rest
        .strip_prefix('余')
        .or_else(|| rest.strip_prefix('多'))
        .unwrap_or(rest);
    let rest = rest.strip_prefix(unit)?;
    let end = text.len() - rest.len();
    Some((text[number.start..end].to_owned(), value))
}

/// Sentences of `text`, each with its closing mark and its offset (the
/// one sentence splitter, `conventions::sentences`).
pub(crate) fn sentences(text: &str) -> impl Iterator<Item = (usize, &str)> {
    sentence_ranges(text)
        .into_iter()
        .map(move |range| (range.start, &text[range]))
}

/// A sentence of intent (力争达到……): its numbers are targets, not values.
fn is_aim(sentence: &str) -> bool {
    // Both words hold 争: found by one byte search, not two word searches
    // (each of which would set up its searcher for one sentence).
    sentence.match_indices('争').any(|(at, word)| {
        sentence[..at].ends_with('力') || sentence[at + word.len()..].starts_with('取')
    })
}

fn hand_typed_in(
    data: &Data,
    earlier: Option<&Figures>,
    path: &str,
    text: &str,
    found: &mut Found,
) {
    for (_, sentence) in sentences(text) {
        if is_aim(sentence) {
            continue;
        }
        for (range, number) in typed_numbers(sentence) {
            let current = data.metrics.iter().find_map(|(key, m)| {
                let (typed, value) = quantity_in(sentence, &range, number, &m.unit)?;
                (value == m.value).then_some((typed, key, m))
            });
            if let Some((typed, key, m)) = current {
                let issue = RolloverIssue::TypedValue {
                    typed: typed.clone(),
                    name: m.name.clone(),
                    key: key.clone(),
                };
                found.in_text(path, typed, issue);
                continue;
            }
            let Some(earlier) = earlier else { continue };
            let stale = data.metrics.iter().find_map(|(key, m)| {
                let before = earlier.metrics.get(key)?;
                let (typed, value) = quantity_in(sentence, &range, number, &m.unit)?;
                (value == before.value && value != m.value).then_some((typed, key, m))
            });
            if let Some((typed, key, m)) = stale {
                let issue = RolloverIssue::StaleNumber {
                    typed: typed.clone(),
                    name: m.name.clone(),
                    key: key.clone(),
                    file: earlier.name.clone(),
                };
                found.in_text(path, typed, issue);
            }
        }
    }
}

fn hand_typed(
    data: &Data,
    texts: &[(String, Text<'_>)],
    earlier: Option<&Figures>,
    found: &mut Found,
) {
    for (path, text) in prose(texts) {
        hand_typed_in(data, earlier, path, text, found);
    }
}

fn targets_met(data: &Data, texts: &[(String, Text<'_>)], found: &mut Found) {
    for (path, text) in prose(texts) {
        for (_, sentence) in sentences(text).filter(|(_, s)| is_aim(s)) {
            for (range, number) in typed_numbers(sentence) {
                let met = data.metrics.values().find_map(|m| {
                    let (typed, value) = quantity_in(sentence, &range, number, &m.unit)?;
                    let about = m.target == Some(value) || sentence.contains(m.name.as_str());
                    (about && m.value >= value).then_some((typed, m))
                });
                if let Some((typed, m)) = met {
                    let issue = RolloverIssue::TargetMet {
                        typed: typed.clone(),
                        name: m.name.clone(),
                        value: format_quantity(m.value, &m.unit, m.approx),
                    };
                    found.in_text(path, typed, issue);
                }
            }
            for (key, m) in &data.metrics {
                let Some(target) = m.target.filter(|t| m.value >= *t) else {
                    continue;
                };
                for form in ["目标", "target"] {
                    let written = format!("{{{key}:{form}}}");
                    if sentence.contains(&written) {
                        let issue = RolloverIssue::TargetMet {
                            typed: format_quantity(target, &m.unit, None),
                            name: m.name.clone(),
                            value: format_quantity(m.value, &m.unit, m.approx),
                        };
                        found.in_text(path, written, issue);
                    }
                }
            }
        }
    }
}

/// Whether `value` in `unit` is written to its last unit: not a multiple of
/// ten, or with decimals (1263, 98.6), as printed (15000 prints as 1.5万,
/// round). A value in 万 or 亿 (156万余人次) counts in those: never exact.
fn is_exact(value: Decimal, unit: &str) -> bool {
    if unit.starts_with(['万', '亿']) {
        return false;
    }
    let printed = crate::zh::number::format_number(value);
    let digits = printed.trim_end_matches(['万', '亿']);
    if printed.len() != digits.len() {
        // Scaled to 万 or 亿: round by construction.
        return false;
    }
    value.normalize().scale() > 0 || !(value % Decimal::TEN).is_zero()
}

fn compare_earlier(
    data: &Data,
    texts: &[(String, Text<'_>)],
    earlier: &Figures,
    last_year: Option<&Figures>,
    kind_of: impl Fn(&Metric) -> Option<MetricKind>,
    found: &mut Found,
) {
    let same_year = data.meta.period.previous().year == data.meta.period.year;
    let compared_with_previous = compared_with_previous(data, texts);
    for (key, m) in &data.metrics {
        let Some(before) = earlier.metrics.get(key) else {
            continue;
        };
        let q = |v: Decimal| format_quantity(v, &m.unit, None);
        let at = |field: &str| format!("metrics.{key}.{field}");
        // A `previous` or `last_year` that differs from the earlier file's
        // figure is reported when the series is read (`data::series`,
        // rule base-mismatch), with ledgers too; here only what the series
        // cannot see.
        if let Some(written) = m.last_year {
            match last_year.and_then(|f| Some((f, f.metrics.get(key)?))) {
                Some(_) => {}
                None if before.last_year == Some(written) => {
                    let issue = RolloverIssue::BaseStale {
                        name: m.name.clone(),
                        written: q(written),
                        file: earlier.name.clone(),
                    };
                    found.at_key(at("last_year"), issue);
                }
                None => {}
            }
        }
        let value = || q(m.value);
        let earlier_value = || q(before.value);
        match kind_of(m) {
            Some(MetricKind::Cumulative) if same_year && m.value < before.value => {
                let issue = RolloverIssue::TotalDown {
                    name: m.name.clone(),
                    value: value(),
                    earlier: earlier_value(),
                    file: earlier.name.clone(),
                };
                found.at_key(at("value"), issue);
                continue;
            }
            Some(MetricKind::Stock) if jumped(before.value, m.value) => {
                let issue = RolloverIssue::StockJump {
                    name: m.name.clone(),
                    value: value(),
                    earlier: earlier_value(),
                    file: earlier.name.clone(),
                };
                found.at_key(at("value"), issue);
                continue;
            }
            _ => {}
        }
        if let Some(approx) = m.approx
            && m.value != before.value
            && !m.is_rate()
            && is_exact(m.value, &m.unit)
            && !is_exact(before.value, &m.unit)
        {
            let issue = RolloverIssue::ApproxExact {
                name: m.name.clone(),
                value: format_quantity(m.value, &m.unit, None),
                approx: Approx::as_str(approx),
            };
            found.at_key(at("approx"), issue);
        }
        if m.value == before.value && compared_with_previous.contains(key.as_str()) {
            let issue = RolloverIssue::ValueUnchanged {
                name: m.name.clone(),
                value: value(),
                file: earlier.name.clone(),
            };
            found.at_key(at("value"), issue);
        }
    }
}

/// The metrics the prose compares with the period before (`{key:环比}`,
/// `{key:上期}` …): an unchanged value there prints as 持平, which is more
/// often a value not updated than a fact. (A value no sentence compares,
/// such as a yearly health check done in spring, may well stay the same.)
fn compared_with_previous<'d>(
    data: &'d Data,
    texts: &'d [(String, Text<'d>)],
) -> std::collections::HashSet<&'d str> {
    use crate::data::refs::{Form, scan};
    let mut keys = std::collections::HashSet::new();
    for (_, text) in prose(texts) {
        for r in scan(text) {
            if matches!(
                Form::parse(r.form),
                Some(Form::PeriodOnPeriod | Form::PeriodOnPeriodChange | Form::Previous)
            ) && let Some((key, _)) = data.metrics.get_key_value(r.key)
            {
                keys.insert(key.as_str());
            }
        }
    }
    keys
}

/// Whether a stock went from `before` to `now` by more than
/// [`PLAUSIBLE_FACTOR`] either way.
fn jumped(before: Decimal, now: Decimal) -> bool {
    let factor = Decimal::from(PLAUSIBLE_FACTOR);
    if before <= Decimal::ZERO || now <= Decimal::ZERO {
        return false;
    }
    now > before * factor || before > now * factor
}

/// Whether a sentence copied into the next period needs reading again: it
/// holds a typed number (outside `{…}`), a date or a period word.
pub(crate) fn needs_review(sentence: &str) -> bool {
    /// Chinese numerals that count (两次, 三个); 一 is left out, being in
    /// too many set phrases (一批, 进一步).
    const COUNTS: &str = "二两三四五六七八九十";
    const MEASURES: &str = "次个项场名人家批期轮届件所支";
    if !typed_numbers(sentence).is_empty() {
        return true;
    }
    let counted = sentence.char_indices().any(|(at, c)| {
        COUNTS.contains(c)
            && sentence[at + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|m| MEASURES.contains(m))
    });
    if counted {
        return true;
    }
    let bare = without_references(sentence);
    bare.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        || PERIOD_WORDS.iter().any(|t| bare.contains(t))
        || bare.match_indices('月').any(|(at, _)| {
            bare[..at]
                .chars()
                .next_back()
                .is_some_and(|c| "一二三四五六七八九十".contains(c))
        })
}

/// `text` with its `{…}` references taken out: they are refreshed from the
/// metrics and need no review.
fn without_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(code: &str) -> Period {
        code.parse().unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn aims_are_sentences_with_li_zheng_or_zheng_qu() {
        for (sentence, aim) in [
            ("力争年底前达到90个", true),
            ("争取完成全年任务", true),
            ("力争取得实效", true),
            ("全年争先进位，力争", true),
            ("提升竞争力", false),
            ("争先创优", false),
            ("力量、争论、取得", false),
            ("", false),
        ] {
            let words = sentence.contains("力争") || sentence.contains("争取");
            assert_eq!(words, aim, "{sentence}");
            assert_eq!(is_aim(sentence), aim, "{sentence}");
        }
    }

    fn words(text: &str, period: &str, date: NaiveDate) -> Vec<String> {
        misfit_period_words(text, p(period), date)
            .into_iter()
            .map(|(w, _)| w)
            .collect()
    }

    #[test]
    fn a_shorter_span_than_the_period_is_a_misfit() {
        let date = ymd(2026, 12, 28);
        assert_eq!(words("前三季度共走访", "2026-Q4", date), ["前三季度"]);
        assert_eq!(words("上半年新建支部", "2026", date), ["上半年"]);
        // Near misses: the report's own span, a comparison, a date, a plan.
        assert!(words("前三季度共走访", "2026-Q3", ymd(2026, 10, 9)).is_empty());
        assert!(words("较上半年提高2.7个百分点", "2026-Q3", ymd(2026, 10, 9)).is_empty());
        assert!(words("上半年末已建成", "2026-Q4", date).is_empty());
        assert!(words("去年前三季度", "2026-Q4", date).is_empty());
        assert!(words("力争前三季度完成", "2026-Q2", ymd(2026, 7, 9)).is_empty());
        assert!(words("第一季度", "2026-Q1", ymd(2026, 4, 9)).is_empty());
    }

    #[test]
    fn month_ranges_plug_in_by_their_last_month() {
        assert_eq!(words("1—5月共走访", "2026-Q3", ymd(2026, 10, 9)), ["1—5月"]);
        assert_eq!(
            words("1-5月，1至6月", "2026-Q3", ymd(2026, 10, 9)),
            ["1-5月", "1至6月"]
        );
        assert!(words("1—9月共走访", "2026-Q3", ymd(2026, 10, 9)).is_empty());
        assert!(words("11—12月", "2026-Q3", ymd(2026, 10, 9)).is_empty());
        assert!(words("5月份", "2026-Q3", ymd(2026, 10, 9)).is_empty());
    }

    #[test]
    fn within_year_words_misfit_after_the_year() {
        let late = ymd(2027, 1, 8);
        assert_eq!(
            misfit_period_words("今年以来，力争年底前达到", p("2026"), late),
            [
                ("今年以来".into(), WordWhy::SinceNextYear { year: 2026 }),
                ("年底前".into(), WordWhy::PastYearEnd { year: 2026 }),
            ]
        );
        assert!(words("今年以来，力争年底前达到", "2026", ymd(2026, 12, 28)).is_empty());
        assert_eq!(
            words("今年全县力争今年年底前建成，年内完成", "2026", late),
            ["今年", "今年年底前", "年内"]
        );
        assert!(words("截至2026年年底前，去年底，明年内", "2026", late).is_empty());
    }

    #[test]
    fn one_line_markers_are_found_with_the_lines_own_errors() {
        let source = "meta:\n  period: 2026-Q4\n  date: 待填\nmetrics:\n  \
                      a: 收入 待填元, 去年 待填\n  b: 收入 待填 元\n  c: '投资 约待填亿元, 增长待填'\n";
        let found: Vec<String> = unfilled(Path::new("d.yaml"), source)
            .iter()
            .map(Diagnostic::headline)
            .collect();
        assert_eq!(
            found,
            [
                "d.yaml:3:9: 错误: meta.date：还没有填写，请把“待填”换成日期 [to-fill]",
                "d.yaml:5:9: 错误: metrics.a.value：还没有填写，请把“待填”换成本期的数 [to-fill]",
                "d.yaml:5:17: 错误: metrics.a.last_year：还没有填写，请把“待填”换成去年同期的数 [to-fill]",
                "d.yaml:6:9: 错误: metrics.b：“待填”与单位之间不空格，请写成“待填元”，填写时把“待填”换成数值",
                "d.yaml:7:19: 错误: metrics.c：“待填”不是增减幅度的写法，应如“增长5.8%”“下降23.9%”“+5.8%”“持平”",
            ]
        );
    }

    #[test]
    fn typed_numbers_skip_references() {
        let found: Vec<(String, String)> = typed_numbers("共{branches}个，新建12个，占98.6%，B2")
            .into_iter()
            .map(|(r, v)| (r.start.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            found,
            [("25".into(), "12".into()), ("36".into(), "98.6".into())]
        );
    }

    #[test]
    fn quantities_match_units_and_magnitudes() {
        let q = |text: &str, unit: &str| {
            let (range, value) = typed_numbers(text).remove(0);
            quantity_in(text, &range, value, unit)
        };
        assert_eq!(
            q("走访1250余人次", "人次"),
            Some(("1250余人次".into(), 1250.into()))
        );
        assert_eq!(
            q("共1.5万人次", "人次"),
            Some(("1.5万人次".into(), 15000.into()))
        );
        assert_eq!(q("经费86万元", "万元"), Some(("86万元".into(), 86.into())));
        assert_eq!(q("2026年", "人"), None);
        assert_eq!(q("86个", ""), None);
    }

    #[test]
    fn review_is_needed_for_numbers_dates_and_period_words() {
        assert!(needs_review("前三季度共走访1250余人次。"));
        assert!(needs_review("十月召开推进会。"));
        assert!(needs_review("今年以来，工作稳步推进。"));
        assert!(needs_review("县委常委会两次专题听取汇报。"));
        assert!(!needs_review("开展“三必访”活动，进一步做好服务。"));
        assert!(!needs_review(
            "全县建成离退休干部党支部{branches}，{branches:环比}。"
        ));
        assert!(!needs_review("坚持把政治建设摆在首位。"));
    }

    #[test]
    fn exact_values_are_not_round() {
        assert!(is_exact(Decimal::from(1263), "人次"));
        assert!(is_exact("98.6".parse().unwrap(), "人"));
        assert!(!is_exact(Decimal::from(1250), "人次"));
        assert!(!is_exact(Decimal::from(15000), "人次"));
        assert!(!is_exact(Decimal::from(80), "件"));
        assert!(!is_exact(Decimal::from(156), "万人次"));
    }

    #[test]
    fn stocks_jump_beyond_the_factor() {
        assert!(jumped(Decimal::from(40), Decimal::from(86)));
        assert!(jumped(Decimal::from(86), Decimal::from(40)));
        assert!(!jumped(Decimal::from(81), Decimal::from(86)));
        assert!(!jumped(Decimal::ZERO, Decimal::from(86)));
    }

    #[test]
    fn sentences_keep_their_marks_and_offsets() {
        let s: Vec<(usize, &str)> = sentences("甲。乙；丙").collect();
        assert_eq!(s, [(0, "甲。"), (6, "乙；"), (12, "丙")]);
    }

    /// A data file of one metric and one point.
    fn file(period: &str, date: &str, metric: &str, point: &str) -> String {
        format!(
            "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  \
             period: {period}\n  date: {date}\nmetrics:\n  branches:\n    name: 离退休干部党支部\n    \
             unit: 个\n{metric}practices:\n  - lead: 夯实组织基础\n    points:\n      - {point}\n"
        )
    }

    /// The rule ids `check` reports for `name` among `files`, in order.
    fn ids(files: &[(&str, String)], name: &str) -> Vec<&'static str> {
        let dir = tempfile::tempdir().unwrap();
        for (n, text) in files {
            std::fs::write(dir.path().join(n), text).unwrap();
        }
        let (loaded, findings) = crate::data::load::load(&dir.path().join(name));
        // The series' own findings (base-mismatch) come with the load.
        assert!(
            findings.iter().all(|d| d.issue.code().is_some()),
            "{findings:?}"
        );
        findings
            .iter()
            .chain(&check(&loaded.unwrap()))
            .filter_map(|d| d.issue.code())
            .collect()
    }

    #[test]
    fn the_earlier_files_figures_are_the_series_reading_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let q3 = dir.path().join("2026-Q3.yaml");
        let metric = "    value: 86\n    previous: 81\n    last_year: 74\n";
        std::fs::write(&q3, file("2026-Q3", "2026-10-12", metric, "建成")).unwrap();
        let q4 = dir.path().join("2026-Q4.yaml");
        let (bases, _) = crate::data::series::bases_for(&q4, p("2026-Q4"));
        assert_eq!(
            bases.value(crate::data::series::Role::Previous, "branches"),
            Some(86.into())
        );
        // Changed on disk after the series read it: the checks see what
        // the bases were taken from, the file is not read a second time.
        let changed = "    value: 99\n";
        std::fs::write(&q3, file("2026-Q3", "2026-10-13", changed, "建成")).unwrap();
        let figures = figures_of(&q4, p("2026-Q3")).unwrap();
        assert_eq!(figures.name, "2026-Q3.yaml");
        assert_eq!(figures.date, ymd(2026, 10, 12));
        let expected = Figure {
            value: 86.into(),
            previous: Some(81.into()),
            last_year: Some(74.into()),
        };
        assert_eq!(figures.metrics["branches"], expected);
        assert!(figures_of(&q4, p("2026-Q2")).is_none());
    }

    const Q3: &str = "2026-Q3.yaml";
    const Q4: &str = "2026-Q4.yaml";

    fn q3(value: u32) -> (&'static str, String) {
        let metric = format!("    value: {value}\n    last_year: 74\n");
        (
            Q3,
            file("2026-Q3", "2026-10-12", &metric, "全县建成{branches}"),
        )
    }

    fn q4(date: &str, metric: &str, point: &str) -> (&'static str, String) {
        (Q4, file("2026-Q4", date, metric, point))
    }

    const LATE: &str = "2027-01-08";

    #[test]
    fn the_earlier_files_date_is_stale_and_early() {
        let hit = ids(&[q3(81), q4("2026-10-12", "    value: 86\n", "甲")], Q4);
        assert_eq!(hit, ["date-early", "date-stale"]);
        assert!(ids(&[q3(81), q4(LATE, "    value: 86\n", "甲")], Q4).is_empty());
    }

    #[test]
    fn the_file_name_must_name_the_period() {
        let wrong = (
            "2026-Q4.yaml",
            file("2026-Q3", "2026-10-12", "    value: 86\n", "甲"),
        );
        assert_eq!(ids(&[wrong], Q4), ["file-period"]);
        let free = (
            "notes.yaml",
            file("2026-Q3", "2026-10-12", "    value: 86\n", "甲"),
        );
        assert!(ids(&[free], "notes.yaml").is_empty());
    }

    #[test]
    fn a_typed_value_suggests_its_reference() {
        let v = "    value: 86\n";
        assert_eq!(
            ids(&[q4(LATE, v, "全县建成支部86个")], Q4),
            ["typed-number"]
        );
        assert!(ids(&[q4(LATE, v, "全县建成{branches}，2026年新建")], Q4).is_empty());
    }

    #[test]
    fn last_periods_number_typed_by_hand_is_stale() {
        let v = "    value: 86\n";
        let hit = ids(&[q3(81), q4(LATE, v, "全县建成支部81个")], Q4);
        assert_eq!(hit, ["stale-number"]);
        // Without the earlier file there is nothing to compare with.
        assert!(ids(&[q4(LATE, v, "全县建成支部81个")], Q4).is_empty());
    }

    #[test]
    fn a_target_already_met_is_not_striven_for() {
        let met = "    value: 90\n    target: 90\n";
        let hit = ids(&[q4("2026-12-31", met, "力争年底前达到90个")], Q4);
        assert_eq!(hit, ["target-met"]);
        let hit = ids(&[q4("2026-12-31", met, "力争达到{branches:目标}")], Q4);
        assert_eq!(hit, ["target-met"]);
        let open = "    value: 89\n    target: 90\n";
        assert!(ids(&[q4("2026-12-31", open, "力争年底前达到90个")], Q4).is_empty());
    }

    #[test]
    fn within_year_words_after_the_year_and_shorter_spans() {
        let v = "    value: 86\n";
        assert_eq!(ids(&[q4(LATE, v, "力争年底前建成")], Q4), ["period-word"]);
        assert_eq!(ids(&[q4(LATE, v, "前三季度新建")], Q4), ["period-word"]);
        assert!(ids(&[q4("2026-12-31", v, "力争年底前建成")], Q4).is_empty());
        assert!(ids(&[q4(LATE, v, "较前三季度增加")], Q4).is_empty());
    }

    #[test]
    fn an_approximation_on_a_value_now_exact() {
        let now_exact = q4(LATE, "    value: 1263\n    approx: 余\n", "甲");
        assert_eq!(ids(&[q3(1250), now_exact.clone()], Q4), ["approx-exact"]);
        // Still round, or no earlier file to have been round in.
        let round = q4(LATE, "    value: 1270\n    approx: 余\n", "甲");
        assert!(ids(&[q3(1250), round], Q4).is_empty());
        assert!(ids(&[now_exact], Q4).is_empty());
    }

    #[test]
    fn a_previous_not_moved_is_not_the_earlier_value() {
        let hit = ids(
            &[q3(86), q4(LATE, "    value: 90\n    previous: 81\n", "甲")],
            Q4,
        );
        assert_eq!(hit, ["base-mismatch"]);
        let moved = ids(
            &[q3(86), q4(LATE, "    value: 90\n    previous: 86\n", "甲")],
            Q4,
        );
        assert!(moved.is_empty());
    }

    #[test]
    fn last_year_must_be_last_years_figure_of_this_period() {
        // Kept from the earlier file: last year's figure of another period.
        let stale = ids(
            &[q3(86), q4(LATE, "    value: 90\n    last_year: 74\n", "甲")],
            Q4,
        );
        assert_eq!(stale, ["base-stale"]);
        let updated = ids(
            &[q3(86), q4(LATE, "    value: 90\n    last_year: 78\n", "甲")],
            Q4,
        );
        assert!(updated.is_empty());
        // With last year's file, its figure is the one to have.
        let last_year = (
            "2025-Q4.yaml",
            file("2025-Q4", "2026-01-08", "    value: 79\n", "甲"),
        );
        let wrong = ids(
            &[
                q3(86),
                last_year.clone(),
                q4(LATE, "    value: 90\n    last_year: 78\n", "甲"),
            ],
            Q4,
        );
        assert_eq!(wrong, ["base-mismatch"]);
        let right = ids(
            &[
                q3(86),
                last_year,
                q4(LATE, "    value: 90\n    last_year: 79\n", "甲"),
            ],
            Q4,
        );
        assert!(right.is_empty());
    }

    #[test]
    fn an_unchanged_value_compared_with_last_period_is_asked_about() {
        let moved = "    value: 86\n    previous: 86\n";
        let compared = q4(LATE, moved, "全县建成{branches}，{branches:环比}");
        assert_eq!(ids(&[q3(86), compared], Q4), ["value-unchanged"]);
        // A value no sentence compares may stay (a yearly check done once).
        let plain = q4(LATE, moved, "全县建成{branches}");
        assert!(ids(&[q3(86), plain], Q4).is_empty());
        let changed = q4(
            LATE,
            "    value: 87\n    previous: 86\n",
            "建成{branches}，{branches:环比}",
        );
        assert!(ids(&[q3(86), changed], Q4).is_empty());
    }

    #[test]
    fn a_review_marker_is_an_error_until_removed() {
        let v = "    value: 86\n";
        assert_eq!(
            ids(&[q4(LATE, v, "【待核】全县建成{branches}")], Q4),
            ["review-mark"]
        );
        assert!(ids(&[q4(LATE, v, "全县建成{branches}")], Q4).is_empty());
    }

    /// Running totals and stocks, with the kind given (the model does not
    /// declare kinds yet: see [`kind_of`]).
    fn by_kind(kind: MetricKind, before: u32, now: u32, period: &str) -> Vec<&'static str> {
        let text = file(period, LATE, &format!("    value: {now}\n"), "甲");
        let data = crate::data::load::parse(Path::new("x.yaml"), text)
            .unwrap()
            .data;
        let mut metrics = IndexMap::new();
        let figure = Figure {
            value: Decimal::from(before),
            previous: None,
            last_year: None,
        };
        metrics.insert("branches".to_owned(), figure);
        let earlier = Figures {
            name: "earlier.yaml".into(),
            date: ymd(2026, 1, 1),
            metrics,
        };
        let mut found = Found::default();
        compare_earlier(
            &data,
            &data.texts(),
            &earlier,
            None,
            |_| Some(kind),
            &mut found,
        );
        found.0.iter().map(|(_, _, issue)| issue.id()).collect()
    }

    #[test]
    fn a_running_total_does_not_go_down_within_a_year() {
        assert_eq!(
            by_kind(MetricKind::Cumulative, 120, 100, "2026-Q4"),
            ["total-down"]
        );
        assert!(by_kind(MetricKind::Cumulative, 100, 120, "2026-Q4").is_empty());
        // A new year starts the total again.
        assert!(by_kind(MetricKind::Cumulative, 120, 30, "2026-Q1").is_empty());
    }

    #[test]
    fn a_stock_does_not_jump() {
        assert_eq!(
            by_kind(MetricKind::Stock, 40, 86, "2026-Q4"),
            ["stock-jump"]
        );
        assert!(by_kind(MetricKind::Stock, 81, 86, "2026-Q4").is_empty());
    }

    #[test]
    fn every_rule_is_documented_in_the_readme() {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        let s = String::new;
        let word = WordWhy::PastYearEnd { year: 2026 };
        let all = [
            RolloverIssue::ToFill,
            RolloverIssue::Review,
            RolloverIssue::PeriodWord {
                word: s(),
                why: word,
            },
            RolloverIssue::TypedValue {
                typed: s(),
                name: s(),
                key: s(),
            },
            RolloverIssue::StaleNumber {
                typed: s(),
                name: s(),
                key: s(),
                file: s(),
            },
            RolloverIssue::DateEarly {
                date: s(),
                end: s(),
                period: s(),
            },
            RolloverIssue::DateStale {
                date: s(),
                file: s(),
            },
            RolloverIssue::FilePeriod {
                file: s(),
                named: s(),
                period: s(),
            },
            RolloverIssue::TotalDown {
                name: s(),
                value: s(),
                earlier: s(),
                file: s(),
            },
            RolloverIssue::StockJump {
                name: s(),
                value: s(),
                earlier: s(),
                file: s(),
            },
            RolloverIssue::TargetMet {
                typed: s(),
                name: s(),
                value: s(),
            },
            RolloverIssue::ApproxExact {
                name: s(),
                value: s(),
                approx: "余",
            },
            RolloverIssue::BaseStale {
                name: s(),
                written: s(),
                file: s(),
            },
            RolloverIssue::ValueUnchanged {
                name: s(),
                value: s(),
                file: s(),
            },
        ];
        for issue in all {
            let row = format!(
                "| `{}` | {} |",
                issue.id(),
                if issue.severity() == Severity::Error {
                    "错误"
                } else {
                    "警告"
                }
            );
            assert!(readme.contains(&row), "{row}");
        }
    }
}
