//! `wengao next`: rolls a data file forward one period. `2026-Q3.yaml`
//! gives `2026-Q4.yaml` beside it, edited as text so the writer's comments,
//! order and layout survive:
//!
//! * `meta.period` advanced; `meta.date` and every metric `value` replaced by
//!   the to-fill marker `待填` with last period's value as a comment;
//! * `previous` is the value of the file rolled from: written there (or,
//!   once the series reader supplies it, dropped); `last_year` taken from
//!   the same period's file of last year when there is one, else to fill;
//!   an annual `target` to fill when the year changes;
//! * every sentence holding a typed number, a date or a period word opened
//!   with `【待核】` for review; prose otherwise kept as written.
//!
//! The new file is written atomically and never over an existing one.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::commands::Report;
use crate::data::Data;
use crate::data::compact::{self, Field};
use crate::data::load::{Loaded, load};
use crate::data::rollover::{
    Figures, REVIEW, TO_FILL, figures_of, needs_review, same_last_year, sentences,
};
use crate::diag::{Diagnostic, Explain, Severity};
use crate::zh::period::Period;

/// Whether the comparison bases come from the earlier files of the series
/// (issue 10 §3): then `next` drops the `previous` and `last_year` the
/// files supply instead of writing them.
///
/// HOOK (series): `false` until the series reader is merged; then `true`.
const SERIES_SUPPLIES_BASES: bool = true;

/// What `next` was asked to do.
#[derive(Clone, Debug)]
pub(crate) struct NextOptions {
    /// The data file to roll forward.
    pub file: PathBuf,
}

/// Why no file was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NextIssue {
    /// The next period's file is already there.
    Exists { name: String },
    /// The period after this one is past the last year wengao knows.
    NoNextPeriod { period: String },
    /// The file has markers of its own: it was not filled in yet.
    NotFilled,
    /// The new text would not read back as YAML: a wengao bug.
    Broken { reason: String },
    /// The file could not be written.
    Write { reason: String },
}

impl Explain for NextIssue {
    fn message(&self) -> String {
        match self {
            NextIssue::Exists { name } => format!(
                "下一期的文件“{name}”已经存在，wengao next 不会覆盖它；如要重新生成，请先把它删除或改名"
            ),
            NextIssue::NoNextPeriod { period } => {
                format!("报告期 {period} 之后的一期超出了可用的年份范围")
            }
            NextIssue::NotFilled => format!(
                "这个文件还有“{TO_FILL}”或“{REVIEW}”标记，请先填写、核对完本期，再生成下一期"
            ),
            NextIssue::Broken { reason } => format!(
                "生成的下一期文件无法作为 YAML 读回（{reason}），没有写出任何文件；这是 wengao 的错误，请报告"
            ),
            NextIssue::Write { reason } => format!("无法写入下一期文件：{reason}"),
        }
    }
}

/// What was done to the file, for the summary.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Metric values left to fill.
    pub values: usize,
    /// `last_year` values taken from last year's file.
    pub last_year_taken: usize,
    /// `last_year` values left to fill (no file of last year has them).
    pub last_year_to_fill: usize,
    /// `previous` values set to the rolled file's values.
    pub previous_moved: usize,
    /// `previous` and `last_year` values dropped: the series supplies them.
    pub dropped: usize,
    /// Annual targets left to fill (a new year).
    pub targets: usize,
    /// Stated changes (`增长5.8%`, `yoy`) left to state again.
    pub changes: usize,
    /// `year_end` values set to the rolled file's values (a new year).
    pub year_end_moved: usize,
    /// Sentences marked for review.
    pub reviews: usize,
}

/// The next period's file, made from `loaded`: its text and what was done.
#[derive(Debug)]
pub(crate) struct Rolled {
    pub period: Period,
    pub text: String,
    pub tally: Tally,
    /// The name of last year's file the `last_year` values came from (or
    /// were looked for in).
    pub last_year_file: Option<String>,
    /// Whether that file was there.
    pub last_year_found: bool,
    /// The name of the file rolled from.
    pub from: String,
}

pub(crate) fn next(opts: &NextOptions) -> Report {
    let mut report = Report {
        inputs: 1,
        ..Report::default()
    };
    let (loaded, findings) = load(&opts.file);
    report.findings = findings;
    let Some(loaded) = loaded else {
        report.summary = Some("没有生成下一期文件".into());
        return report;
    };
    let fail = |mut report: Report, at: &Path, issue: NextIssue| {
        report
            .findings
            .push(Diagnostic::file(Severity::Error, at, issue));
        report.summary = Some("没有生成下一期文件".into());
        report
    };
    if loaded.source.contains(REVIEW) {
        return fail(report, &opts.file, NextIssue::NotFilled);
    }
    let period = loaded.data.meta.period;
    if Period::new(period.next().year, period.next().span).is_err() {
        let issue = NextIssue::NoNextPeriod {
            period: period.to_string(),
        };
        return fail(report, &opts.file, issue);
    }
    let target = opts.file.with_file_name(format!("{}.yaml", period.next()));
    if target.exists() {
        let name = file_name(&target);
        return fail(report, &target, NextIssue::Exists { name });
    }
    let last_year = same_last_year(period.next()).map(|p| (p, figures_of(&target, p)));
    let rolled = roll(&loaded, last_year, SERIES_SUPPLIES_BASES);
    if let Err(e) = crate::yaml::parse_keyed::<serde::de::IgnoredAny>(
        &rolled.text,
        &crate::data::keys::DataKeys,
    ) {
        let reason = e.to_string();
        return fail(report, &target, NextIssue::Broken { reason });
    }
    match crate::output::write_new_file_atomically(&target, rolled.text.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let name = file_name(&target);
            return fail(report, &target, NextIssue::Exists { name });
        }
        Err(e) => {
            let reason = e.to_string();
            return fail(report, &target, NextIssue::Write { reason });
        }
    }
    report.summary = Some(summary(&rolled));
    report.written.push(target);
    report
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The Chinese summary: `16个指标待填，7个去年同期数已取自 2025-Q4.yaml，4处文字待核对`.
pub(crate) fn summary(rolled: &Rolled) -> String {
    let t = &rolled.tally;
    let mut parts = vec![format!("{}个指标待填", t.values)];
    let ly = rolled.last_year_file.as_deref().unwrap_or("去年同期文件");
    if t.last_year_taken > 0 {
        parts.push(format!("{}个去年同期数已取自 {ly}", t.last_year_taken));
    }
    if t.last_year_to_fill > 0 {
        let why = if rolled.last_year_found {
            format!("{ly} 中没有")
        } else {
            format!("没有找到 {ly}")
        };
        parts.push(format!("{}个去年同期数待填（{why}）", t.last_year_to_fill));
    }
    if t.previous_moved > 0 {
        parts.push(format!(
            "{}个上期数已改为 {} 的本期数",
            t.previous_moved, rolled.from
        ));
    }
    if t.dropped > 0 {
        parts.push(format!(
            "{}个手填的上期数、去年同期数已删去（改由 {} 等文件提供）",
            t.dropped, rolled.from
        ));
    }
    if t.year_end_moved > 0 {
        parts.push(format!(
            "{}个上年末数已改为 {} 的本期数",
            t.year_end_moved, rolled.from
        ));
    }
    if t.targets > 0 {
        parts.push(format!("{}个年度目标待填", t.targets));
    }
    if t.changes > 0 {
        parts.push(format!("{}个增减幅度待填", t.changes));
    }
    parts.push(format!("{}处文字待核对", t.reviews));
    format!(
        "已生成 {} 年报告期 {} 的数据文件：{}；填写“{TO_FILL}”、核对“{REVIEW}”后再运行 wengao check",
        rolled.period.year,
        rolled.period,
        parts.join("，")
    )
}

/// One replacement in the source text.
struct Edit {
    range: Range<usize>,
    text: String,
}

/// The next period's text of `loaded`. `last_year` is the period a year
/// before the next one, with its file's figures when there is one; with
/// `drop_bases`, the bases the series supplies are dropped, not written.
pub(crate) fn roll(
    loaded: &Loaded,
    last_year: Option<(Period, Option<Figures>)>,
    drop_bases: bool,
) -> Rolled {
    let source = loaded.source.as_str();
    let data = &loaded.data;
    let period = data.meta.period.next();
    let from = file_name(&loaded.path);
    let mut edits = Vec::new();
    let mut tally = Tally::default();
    let map = &loaded.map;
    let written = |path: &str| map.value_range(path).map(|r| source[r].to_owned());

    if let Some(range) = map.value_range("meta.period") {
        let old = &source[range.clone()];
        let text = match old.chars().next() {
            Some(q @ ('"' | '\'')) => format!("{q}{period}{q}"),
            _ => period.to_string(),
        };
        edits.push(Edit { range, text });
    }
    to_fill(source, map, "meta.date", "上期", &mut edits);
    if data.speech.as_ref().is_some_and(|s| s.date.is_some()) {
        to_fill(source, map, "speech.date", "上期", &mut edits);
    }

    let (ly_period, ly_figures) = match &last_year {
        Some((p, f)) => (Some(*p), f.as_ref()),
        None => (None, None),
    };
    let new_year = period.year != data.meta.period.year;
    let one_line = crate::data::rollover::one_line_metrics(source);
    let rolling = Rolling {
        source,
        map,
        ly_period,
        ly_figures,
        drop_bases,
        new_year,
    };
    for (key, m) in &data.metrics {
        if let Some(text) = one_line.get(key) {
            rolling.one_line(key, text, &mut edits, &mut tally);
            continue;
        }
        let at = |field: &str| format!("metrics.{key}.{field}");
        if to_fill(source, map, &at("value"), "上期", &mut edits) {
            tally.values += 1;
        }
        if m.previous.is_some() {
            let moved = written(&at("value")).unwrap_or_else(|| m.value.to_string());
            if drop_bases && drop_entry(source, map, &at("previous"), &mut edits) {
                tally.dropped += 1;
            } else if let Some(range) = map.value_range(&at("previous")) {
                edits.push(Edit { range, text: moved });
                tally.previous_moved += 1;
            }
        }
        if m.last_year.is_some() {
            match ly_figures.and_then(|f| f.metrics.get(key)) {
                Some(_) if drop_bases && drop_entry(source, map, &at("last_year"), &mut edits) => {
                    tally.dropped += 1;
                }
                Some(figure) => {
                    if let Some(range) = map.value_range(&at("last_year")) {
                        let text = figure.value.normalize().to_string();
                        edits.push(Edit { range, text });
                        tally.last_year_taken += 1;
                    }
                }
                None => {
                    let label = ly_period.map_or_else(String::new, |p| format!("应填 {p} 的数，"));
                    let label = format!("{label}上期的去年同期数");
                    if to_fill(source, map, &at("last_year"), &label, &mut edits) {
                        tally.last_year_to_fill += 1;
                    }
                }
            }
        }
        if new_year
            && m.target.is_some()
            && to_fill(source, map, &at("target"), "上年目标", &mut edits)
        {
            tally.targets += 1;
        }
        // A stated change is this period's: stated again.
        for field in ["yoy", "mom"] {
            if to_fill(source, map, &at(field), "上期", &mut edits) {
                tally.changes += 1;
            }
        }
        // Last year's end is the end of the year just rolled out of.
        if new_year && m.year_end.is_some() {
            if drop_bases && drop_entry(source, map, &at("year_end"), &mut edits) {
                tally.dropped += 1;
            } else if let Some(range) = map.value_range(&at("year_end")) {
                let moved = written(&at("value")).unwrap_or_else(|| m.value.to_string());
                edits.push(Edit { range, text: moved });
                tally.year_end_moved += 1;
            }
        }
    }
    tally.reviews = mark_reviews(source, loaded, &mut edits);

    Rolled {
        period,
        text: apply(source, edits),
        tally,
        last_year_file: ly_period.map(|p| format!("{p}.yaml")),
        last_year_found: ly_figures.is_some(),
        from,
    }
}

/// What rolling a metric needs to know of the file and the series.
struct Rolling<'a> {
    source: &'a str,
    map: &'a crate::yaml::SourceMap,
    /// The period a year before the next one.
    ly_period: Option<Period>,
    /// Its file's figures, when there is one.
    ly_figures: Option<&'a Figures>,
    drop_bases: bool,
    /// Whether the next period is in a new year.
    new_year: bool,
}

impl Rolling<'_> {
    /// Rolls the metric `key` written on one line (`text`) as [`roll`]
    /// rolls a long one, editing the parts inside the line: the value's
    /// number and each stated change become [`TO_FILL`] (the unit and
    /// the writer's keywords stay, so only the number is typed), `上期` is
    /// moved or dropped, `去年` taken, dropped or left to fill, `目标`
    /// reopened and `上年末` moved or dropped in a new year; settings
    /// (属于, 其中, 类型, 换算, 小数) carry over. What was there goes into
    /// one comment after the line: `# 上期：18600元；去年同期数应填 2025-Q4 的数`.
    fn one_line(&self, key: &str, text: &str, edits: &mut Vec<Edit>, tally: &mut Tally) {
        let Ok(layout) = compact::layout(text) else {
            return;
        };
        let path = format!("metrics.{key}");
        let Some(range) = self.map.value_range(&path) else {
            return;
        };
        let mut inner: Vec<Edit> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let to_fill = |inner: &mut Vec<Edit>, number: &compact::Number| {
            inner.push(Edit {
                range: number.range.clone(),
                text: TO_FILL.to_owned(),
            });
        };
        let moved = &text[layout.value.range.clone()];
        if !layout.value.marker {
            to_fill(&mut inner, &layout.value);
            notes.push(format!("上期：{}", &text[layout.quantity.clone()]));
            tally.values += 1;
        }
        for f in &layout.fields {
            let Some(number) = f.number.as_ref().filter(|n| !n.marker) else {
                continue;
            };
            let drop = |inner: &mut Vec<Edit>| {
                inner.push(Edit {
                    range: f.with_separator.clone(),
                    text: String::new(),
                });
            };
            let set = |inner: &mut Vec<Edit>, value: String| {
                inner.push(Edit {
                    range: number.range.clone(),
                    text: value,
                });
            };
            match f.field {
                Field::Previous if self.drop_bases => {
                    drop(&mut inner);
                    tally.dropped += 1;
                }
                Field::Previous => {
                    set(&mut inner, moved.to_owned());
                    tally.previous_moved += 1;
                }
                Field::LastYear => match self.ly_figures.and_then(|f| f.metrics.get(key)) {
                    Some(_) if self.drop_bases => {
                        drop(&mut inner);
                        tally.dropped += 1;
                    }
                    Some(figure) => {
                        set(&mut inner, figure.value.normalize().to_string());
                        tally.last_year_taken += 1;
                    }
                    None => {
                        to_fill(&mut inner, number);
                        notes.push(match self.ly_period {
                            Some(p) => format!("去年同期数应填 {p} 的数"),
                            None => "去年同期数待填".to_owned(),
                        });
                        tally.last_year_to_fill += 1;
                    }
                },
                Field::Target if self.new_year => {
                    to_fill(&mut inner, number);
                    notes.push(format!("上年目标：{}", &text[f.value.clone()]));
                    tally.targets += 1;
                }
                Field::YearEnd if self.new_year && self.drop_bases => {
                    drop(&mut inner);
                    tally.dropped += 1;
                }
                Field::YearEnd if self.new_year => {
                    set(&mut inner, moved.to_owned());
                    tally.year_end_moved += 1;
                }
                Field::Yoy | Field::Mom | Field::YoyUp | Field::YoyDown => {
                    to_fill(&mut inner, number);
                    // Beside the value it was stated with: 上期：130.0亿元，增长5.8%.
                    let change = &text[f.whole.clone()];
                    match notes.first_mut().filter(|_| !layout.value.marker) {
                        Some(value) => value.push_str(&format!("，{change}")),
                        None => notes.push(format!("上期：{change}")),
                    }
                    tally.changes += 1;
                }
                _ => {}
            }
        }
        if inner.is_empty() {
            return;
        }
        let raw = &self.source[range.clone()];
        let quoted = raw.len() >= 2
            && raw.starts_with(['"', '\''])
            && raw.ends_with(&raw[..1])
            && &raw[1..raw.len() - 1] == text;
        if raw == text || quoted {
            let base = range.start + usize::from(quoted);
            edits.extend(inner.into_iter().map(|e| Edit {
                range: base + e.range.start..base + e.range.end,
                text: e.text,
            }));
        } else {
            // Escapes or folded lines: the line written again, quoted.
            let new = apply(text, inner)
                .replace('\\', "\\\\")
                .replace('"', "\\\"");
            edits.push(Edit {
                range: range.clone(),
                text: format!("\"{new}\""),
            });
        }
        if !notes.is_empty() {
            comment_after(self.source, range, &path, &notes.join("；"), edits);
        }
    }
}

/// Puts `comment` after the value at `range` (the writer's own comment,
/// if any, follows ours), or, when the line goes on after the value
/// (inside a flow mapping: `{value: 86, unit: 个}`), on a line of its own
/// above, naming `path`.
fn comment_after(
    source: &str,
    range: Range<usize>,
    path: &str,
    comment: &str,
    edits: &mut Vec<Edit>,
) {
    let line_end = source[range.end..]
        .find('\n')
        .map_or(source.len(), |i| range.end + i);
    let rest = source[range.end..line_end].trim_start();
    if rest.is_empty() || rest.starts_with('#') {
        edits.push(Edit {
            range: range.end..range.end,
            text: format!("  # {comment}"),
        });
    } else {
        let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let indent: String = source[line_start..]
            .chars()
            .take_while(|c| *c == ' ')
            .collect();
        edits.push(Edit {
            range: line_start..line_start,
            text: format!("{indent}# {path} {comment}\n"),
        });
    }
}

/// Replaces the value at `path` by [`TO_FILL`], with what was there as a
/// comment (`待填  # 上期：3268`). Whether there was a value to replace.
fn to_fill(
    source: &str,
    map: &crate::yaml::SourceMap,
    path: &str,
    label: &str,
    edits: &mut Vec<Edit>,
) -> bool {
    let Some(range) = map.value_range(path) else {
        return false;
    };
    let comment = format!("{label}：{}", &source[range.clone()]);
    edits.push(Edit {
        range: range.clone(),
        text: TO_FILL.to_owned(),
    });
    comment_after(source, range, path, &comment, edits);
    true
}

/// Removes the line `key: value` of `path` when it is a line of its own
/// (block style). Whether it was removed.
fn drop_entry(
    source: &str,
    map: &crate::yaml::SourceMap,
    path: &str,
    edits: &mut Vec<Edit>,
) -> bool {
    let Some(range) = map.value_range(path) else {
        return false;
    };
    let key = path.rsplit('.').next().unwrap_or(path);
    let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[range.end..]
        .find('\n')
        .map_or(source.len(), |i| range.end + i + 1);
    let head = source[line_start..range.start].trim();
    let rest = source[range.end..line_end].trim();
    let own_line = head.strip_suffix(':').map(str::trim_end) == Some(key)
        && (rest.is_empty() || rest.starts_with('#'));
    if own_line {
        edits.push(Edit {
            range: line_start..line_end,
            text: String::new(),
        });
    }
    own_line
}

/// Opens every sentence of the file's texts that needs review with
/// [`REVIEW`]. How many were marked.
fn mark_reviews(source: &str, loaded: &Loaded, edits: &mut Vec<Edit>) -> usize {
    let mut marked = 0;
    for (path, text) in reviewed_texts(&loaded.data) {
        let Some(range) = loaded.map.value_range(&path) else {
            continue;
        };
        let raw = &source[range.clone()];
        let mut cursor = 0;
        for (_, sentence) in sentences(text) {
            let sentence = sentence.trim_start();
            if sentence.is_empty() || !needs_review(sentence) {
                continue;
            }
            // The sentence's opening as written in the file: up to its
            // first line break, which a block scalar writes differently;
            // shorter when a folded line or an escape splits the longer one.
            let opening = |n: usize| -> String {
                sentence
                    .chars()
                    .take_while(|c| *c != '\n')
                    .take(n)
                    .collect()
            };
            let Some((found, opening)) = [8, 2]
                .into_iter()
                .map(opening)
                .filter(|o| !o.is_empty())
                .find_map(|o| Some((raw[cursor..].find(&o)?, o)))
            else {
                continue;
            };
            let at = range.start + cursor + found;
            edits.push(Edit {
                range: at..at,
                text: REVIEW.to_owned(),
            });
            cursor += found + opening.len();
            marked += 1;
        }
    }
    marked
}

/// The texts a writer rewrites each period: prose, and the names of the
/// meeting and the research time. Not the names of the region, the
/// organisation or the metrics, nor the 公文 block.
fn reviewed_texts(data: &Data) -> Vec<(String, &str)> {
    data.texts()
        .into_iter()
        .filter(|(path, t)| {
            t.prose
                || matches!(
                    path.as_str(),
                    "speech.meeting" | "research.method.time" | "report.title"
                )
        })
        .map(|(path, t)| (path, t.text))
        .collect()
}

/// `source` with `edits` made; edits do not overlap, and insertions at one
/// place keep their order.
fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(source.len() + edits.len() * 24);
    let mut at = 0;
    for e in edits {
        if e.range.start < at {
            // Overlaps an edit already made: the first wins.
            continue;
        }
        out.push_str(&source[at..e.range.start]);
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(&source[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load::parse;

    const FILE: &str = "\
# 柳川县（示例）
meta:
  region: 柳川县
  organization: 中共柳川县委老干部局
  topic: 老干部工作
  period: 2026-Q3   # 季度
  date: 2026-10-12
metrics:
  branches:
    name: 离退休干部党支部
    value: 86   # 含新建
    unit: 个
    previous: 81
    last_year: 74
    target: 90
  visits: {name: 走访慰问, value: 1250, unit: 人次, approx: 余}
practices:
  - lead: 夯实组织基础
    narrative: 坚持应建尽建。前三季度新建支部5个，全县建成{branches}。
    points:
      - 全县建成离退休干部党支部{branches}
";

    fn loaded(path: &str, text: &str) -> Loaded {
        parse(Path::new(path), text.to_owned()).unwrap()
    }

    #[test]
    fn rolls_period_date_values_and_bases_keeping_comments() {
        let rolled = roll(&loaded("d/2026-Q3.yaml", FILE), None, false);
        let want = "\
# 柳川县（示例）
meta:
  region: 柳川县
  organization: 中共柳川县委老干部局
  topic: 老干部工作
  period: 2026-Q4   # 季度
  date: 待填  # 上期：2026-10-12
metrics:
  branches:
    name: 离退休干部党支部
    value: 待填  # 上期：86   # 含新建
    unit: 个
    previous: 86
    last_year: 待填  # 上期的去年同期数：74
    target: 90
  # metrics.visits.value 上期：1250
  visits: {name: 走访慰问, value: 待填, unit: 人次, approx: 余}
practices:
  - lead: 夯实组织基础
    narrative: 坚持应建尽建。【待核】前三季度新建支部5个，全县建成{branches}。
    points:
      - 全县建成离退休干部党支部{branches}
";
        assert_eq!(rolled.text, want);
        assert_eq!(
            rolled.tally,
            Tally {
                values: 2,
                last_year_to_fill: 1,
                previous_moved: 1,
                reviews: 1,
                ..Tally::default()
            }
        );
    }

    #[test]
    fn last_year_comes_from_last_years_file_and_targets_reopen_in_a_new_year() {
        let q4 = FILE.replace("2026-Q3", "2026-Q4");
        let figures = Figures::of(
            &loaded("d/2026-Q1.yaml", &FILE.replace("value: 86", "value: 77")).data,
            "2026-Q1.yaml".into(),
        );
        let rolled = roll(
            &loaded("d/2026-Q4.yaml", &q4),
            Some((
                Period::new(2026, crate::zh::period::PeriodSpan::Quarter(1)).unwrap(),
                Some(figures),
            )),
            false,
        );
        assert!(rolled.text.contains("  period: 2027-Q1   # 季度\n"));
        assert!(
            rolled.text.contains("    last_year: 77\n"),
            "{}",
            rolled.text
        );
        assert!(rolled.text.contains("    target: 待填  # 上年目标：90\n"));
        assert_eq!(rolled.tally.last_year_taken, 1);
        assert_eq!(rolled.tally.targets, 1);
        assert_eq!(
            summary(&rolled),
            "已生成 2027 年报告期 2027-Q1 的数据文件：2个指标待填，1个去年同期数已取自 2026-Q1.yaml，\
             1个上期数已改为 2026-Q4.yaml 的本期数，1个年度目标待填，1处文字待核对；\
             填写“待填”、核对“【待核】”后再运行 wengao check"
        );
    }

    #[test]
    fn the_rolled_text_reports_every_marker_at_its_key() {
        let rolled = roll(&loaded("d/2026-Q3.yaml", FILE), None, false);
        let found = crate::data::rollover::unfilled(Path::new("2026-Q4.yaml"), &rolled.text);
        let heads: Vec<String> = found.iter().map(Diagnostic::headline).collect();
        assert_eq!(
            heads,
            [
                "2026-Q4.yaml:7:9: 错误: meta.date：还没有填写，请把“待填”换成日期 [to-fill]",
                "2026-Q4.yaml:11:12: 错误: metrics.branches.value：还没有填写，请把“待填”换成本期的数 [to-fill]",
                "2026-Q4.yaml:14:16: 错误: metrics.branches.last_year：还没有填写，请把“待填”换成去年同期的数 [to-fill]",
                "2026-Q4.yaml:17:31: 错误: metrics.visits.value：还没有填写，请把“待填”换成本期的数 [to-fill]",
            ]
        );
    }

    #[test]
    fn dropping_a_base_removes_its_whole_line_only() {
        let l = loaded("d/2026-Q3.yaml", FILE);
        let mut edits = Vec::new();
        assert!(drop_entry(
            &l.source,
            &l.map,
            "metrics.branches.previous",
            &mut edits
        ));
        // A flow mapping's entry is not a line of its own.
        assert!(!drop_entry(
            &l.source,
            &l.map,
            "metrics.visits.value",
            &mut edits
        ));
        let text = apply(&l.source, edits);
        assert!(!text.contains("previous"));
        assert!(text.contains("    unit: 个\n    last_year: 74\n"));
    }

    #[test]
    fn once_the_series_supplies_bases_they_are_dropped_and_counted() {
        let figures = Figures::of(
            &loaded("d/2025-Q4.yaml", &FILE.replace("value: 86", "value: 77")).data,
            "2025-Q4.yaml".into(),
        );
        let ly = Period::new(2025, crate::zh::period::PeriodSpan::Quarter(4)).unwrap();
        let rolled = roll(
            &loaded("d/2026-Q3.yaml", FILE),
            Some((ly, Some(figures))),
            true,
        );
        assert!(
            rolled
                .text
                .contains("    value: 待填  # 上期：86   # 含新建\n    unit: 个\n    target: 90\n"),
            "{}",
            rolled.text
        );
        assert_eq!(rolled.tally.dropped, 2);
        assert!(
            summary(&rolled)
                .contains("2个手填的上期数、去年同期数已删去（改由 2026-Q3.yaml 等文件提供）")
        );
    }

    /// A file with its metrics on one line: a writer's comment after one,
    /// settings, stated changes, and a quoted line with an escape.
    const ONE_LINE: &str = "\
meta:
  region: 桐溪区
  organization: 桐溪区农业农村局
  topic: 乡村振兴工作
  period: 2026-Q3
  date: 2026-10-20
metrics:
  # 一行一个指标
  income: 农村居民人均可支配收入 18600元, 去年 17420, 换算   # 统计局数
  villages: 行政村 126个，时点，上期 125，上年末 124
  strong: '集体经营性收入超过10万元的村 94个, 属于 villages'
  farmland: 新建高标准农田 3.2万亩, 目标 4, 小数 1
  gdp: 地区生产总值 约130.0亿元, 增长5.8%, 环比 持平
  trained: \"高素质农民培训 约2400人次, 去年 2\\x30\"
practices:
  - lead: 坚持产业为本
    points:
      - 新建高标准农田{farmland}，完成年度目标的{farmland:完成率}
";

    #[test]
    fn rolls_one_line_metrics_inside_the_line_keeping_comments() {
        let ly = Period::new(2025, crate::zh::period::PeriodSpan::Quarter(4)).unwrap();
        let rolled = roll(&loaded("d/2026-Q3.yaml", ONE_LINE), Some((ly, None)), false);
        let want = "\
meta:
  region: 桐溪区
  organization: 桐溪区农业农村局
  topic: 乡村振兴工作
  period: 2026-Q4
  date: 待填  # 上期：2026-10-20
metrics:
  # 一行一个指标
  income: 农村居民人均可支配收入 待填元, 去年 待填, 换算  # 上期：18600元；去年同期数应填 2025-Q4 的数   # 统计局数
  villages: 行政村 待填个，时点，上期 126，上年末 124  # 上期：126个
  strong: '集体经营性收入超过10万元的村 待填个, 属于 villages'  # 上期：94个
  farmland: 新建高标准农田 待填万亩, 目标 4, 小数 1  # 上期：3.2万亩
  gdp: 地区生产总值 约待填亿元, 增长待填%, 环比 待填  # 上期：约130.0亿元，增长5.8%，环比 持平
  trained: \"高素质农民培训 约待填人次, 去年 待填\"  # 上期：约2400人次；去年同期数应填 2025-Q4 的数
practices:
  - lead: 坚持产业为本
    points:
      - 新建高标准农田{farmland}，完成年度目标的{farmland:完成率}
";
        assert_eq!(rolled.text, want);
        assert_eq!(
            rolled.tally,
            Tally {
                values: 6,
                last_year_to_fill: 2,
                previous_moved: 1,
                changes: 2,
                ..Tally::default()
            }
        );
        assert_eq!(
            summary(&rolled),
            "已生成 2026 年报告期 2026-Q4 的数据文件：6个指标待填，2个去年同期数待填（没有找到 2025-Q4.yaml），\
             1个上期数已改为 2026-Q3.yaml 的本期数，2个增减幅度待填，0处文字待核对；\
             填写“待填”、核对“【待核】”后再运行 wengao check"
        );
        // Each marker is found at its place in the line, named by its field.
        let found = crate::data::rollover::unfilled(Path::new("2026-Q4.yaml"), &rolled.text);
        let heads: Vec<String> = found.iter().map(Diagnostic::headline).collect();
        let at = |line_col: &str, path: &str, what: &str| {
            format!(
                "2026-Q4.yaml:{line_col}: 错误: metrics.{path}：还没有填写，请把“待填”换成{what} [to-fill]"
            )
        };
        assert_eq!(
            heads[1..],
            [
                at("9:23", "income.value", "本期的数"),
                at("9:31", "income.last_year", "去年同期的数"),
                at("10:17", "villages.value", "本期的数"),
                at("11:28", "strong.value", "本期的数"),
                at("12:21", "farmland.value", "本期的数"),
                at("13:16", "gdp.value", "本期的数"),
                at("13:24", "gdp.yoy", "本期的同比增减幅度"),
                at("13:32", "gdp.mom", "本期的环比增减幅度"),
                at("14:22", "trained.value", "本期的数"),
                at("14:31", "trained.last_year", "去年同期的数"),
            ]
        );
    }

    #[test]
    fn in_a_new_year_one_line_bases_are_taken_targets_reopened_year_end_moved() {
        let q4 = ONE_LINE.replace("2026-Q3", "2026-Q4");
        let figures = Figures::of(
            &loaded(
                "d/2026-Q1.yaml",
                &ONE_LINE
                    .replace("18600元", "5200元")
                    .replace("约2400人次", "约300人次"),
            )
            .data,
            "2026-Q1.yaml".into(),
        );
        let ly = Period::new(2026, crate::zh::period::PeriodSpan::Quarter(1)).unwrap();
        let l = loaded("d/2026-Q4.yaml", &q4);
        let rolled = roll(&l, Some((ly, Some(figures.clone()))), false);
        let lines: Vec<&str> = rolled.text.lines().filter(|l| l.contains("待填")).collect();
        assert_eq!(
            lines[1..],
            [
                "  income: 农村居民人均可支配收入 待填元, 去年 5200, 换算  # 上期：18600元   # 统计局数",
                "  villages: 行政村 待填个，时点，上期 126，上年末 126  # 上期：126个",
                "  strong: '集体经营性收入超过10万元的村 待填个, 属于 villages'  # 上期：94个",
                "  farmland: 新建高标准农田 待填万亩, 目标 待填, 小数 1  # 上期：3.2万亩；上年目标：4",
                "  gdp: 地区生产总值 约待填亿元, 增长待填%, 环比 待填  # 上期：约130.0亿元，增长5.8%，环比 持平",
                "  trained: \"高素质农民培训 约待填人次, 去年 300\"  # 上期：约2400人次",
            ]
        );
        assert_eq!((rolled.tally.last_year_taken, rolled.tally.targets), (2, 1));
        assert_eq!(rolled.tally.year_end_moved, 1);

        // Once the series supplies the bases, they are dropped from the line.
        let rolled = roll(&l, Some((ly, Some(figures))), true);
        let lines: Vec<&str> = rolled.text.lines().filter(|l| l.contains("待填")).collect();
        assert_eq!(
            lines[1..3],
            [
                "  income: 农村居民人均可支配收入 待填元, 换算  # 上期：18600元   # 统计局数",
                "  villages: 行政村 待填个，时点  # 上期：126个",
            ]
        );
        assert!(
            rolled
                .text
                .contains("  trained: \"高素质农民培训 约待填人次\"  # 上期：约2400人次\n")
        );
        assert_eq!(rolled.tally.dropped, 4);
        assert!(summary(&rolled).contains("4个手填的上期数、去年同期数已删去"));
    }

    #[test]
    fn a_long_forms_stated_change_is_stated_again() {
        let file = FILE.replace("    target: 90\n", "    target: 90\n    yoy: +5.8\n");
        let rolled = roll(&loaded("d/2026-Q3.yaml", &file), None, false);
        assert!(
            rolled.text.contains("    yoy: 待填  # 上期：+5.8\n"),
            "{}",
            rolled.text
        );
        assert_eq!(rolled.tally.changes, 1);
    }

    #[test]
    fn a_sentence_folded_over_lines_is_marked_at_its_start() {
        let folded = FILE.replace(
            "    narrative: 坚持应建尽建。前三季度新建支部5个，全县建成{branches}。\n",
            "    narrative: >-\n      坚持应建尽建。前三\n      季度新建支部5个。\n",
        );
        let rolled = roll(&loaded("d/2026-Q3.yaml", &folded), None, false);
        assert!(
            rolled
                .text
                .contains("      坚持应建尽建。【待核】前三\n      季度新建支部5个。\n"),
            "{}",
            rolled.text
        );
    }
}
