//! The facts of one region's work for one reporting period, as a writer keeps
//! them in a YAML data file: who reports, the numbers, what was done, what it
//! achieved, what is still wrong and what comes next.
//!
//! Keys are English snake_case; the main sections also accept their Chinese
//! names (`做法`, `成效`, `问题`, `对策` …). Unknown keys are refused, so a
//! typo never silently drops a fact.

pub(crate) mod document;
pub mod ledger;
pub mod load;
pub mod refs;
pub mod schedule;
pub mod series;
pub mod validate;

use std::fmt;

use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, Unexpected};

use crate::zh::compare::MetricKind;
use crate::zh::number::Approx;
use crate::zh::period::Period;

/// Top-level section names and their Chinese aliases, so positions of
/// `做法[0].lead` can be looked up as `practices[0].lead`.
pub const SECTION_ALIASES: [(&str, &str); 12] = [
    ("基本信息", "meta"),
    ("指标", "metrics"),
    ("做法", "practices"),
    ("成效", "results"),
    ("问题", "problems"),
    ("对策", "measures"),
    ("下一步打算", "measures"),
    ("讲话", "speech"),
    ("调研", "research"),
    ("汇报", "report"),
    ("数据", "metrics"),
    ("公文", "document"),
];

/// One data file: one region, one period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Data {
    #[serde(alias = "基本信息")]
    /// `meta`: region, organization, topic, period, date and author.
    pub meta: Meta,
    #[serde(default, alias = "指标", alias = "数据")]
    /// `metrics`: the numbers the text cites, by key.
    pub metrics: IndexMap<String, Metric>,
    #[serde(default, alias = "做法")]
    /// `practices`: what was done (做法), each with its points.
    pub practices: Vec<Practice>,
    #[serde(default, alias = "成效")]
    /// `results`: what it achieved (成效).
    pub results: Option<Results>,
    #[serde(default, alias = "问题")]
    /// `problems`: what is still wrong (问题) and why.
    pub problems: Vec<Problem>,
    #[serde(default, alias = "对策", alias = "下一步打算")]
    /// `measures`: what comes next (对策).
    pub measures: Vec<Item>,
    #[serde(default, alias = "讲话")]
    /// `speech`: the meeting and the speaker of a 讲话.
    pub speech: Option<Speech>,
    #[serde(default, alias = "调研")]
    /// `research`: the background and method of a 调研报告.
    pub research: Option<Research>,
    #[serde(default, alias = "汇报")]
    /// `report`: the frame text of a 汇报.
    pub report: Option<Report>,
    /// How drafts are sent as a 公文; absent, every draft keeps the layout
    /// of a text read aloud.
    #[serde(default, alias = "公文")]
    pub document: document::Document,
    /// The comparison bases found in the earlier files of the file's
    /// series (filled by [`load::load`], never written in the file).
    #[serde(skip)]
    pub series: series::Bases,
    /// `schedule`（序时进度）: the expected completion of annual targets by
    /// period, when the office sets one; absent, n/12 by month.
    #[serde(default, alias = "序时进度")]
    pub schedule: schedule::Schedule,
}

/// Who reports what, for which period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The county or district, e.g. 柳川县.
    pub region: String,
    /// The reporting organisation, e.g. 中共柳川县委老干部局.
    pub organization: String,
    /// The line of work, e.g. 老干部工作, 乡村振兴工作.
    pub topic: String,
    /// The period the file reports on (`2026-Q3`).
    pub period: Period,
    /// The document date (成文日期).
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// The name printed under the title; defaults to the organisation.
    #[serde(default)]
    pub author: Option<String>,
    /// Under whose leadership the work was done, e.g. 县委坚强领导.
    #[serde(default)]
    pub leadership: Option<String>,
}

/// A named number, printed with its unit and approximation wherever prose
/// cites it as `{key}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What is counted, e.g. 离退休干部党员.
    pub name: String,
    #[serde(deserialize_with = "de_number")]
    /// This period's value.
    pub value: Decimal,
    /// 人, 个, 万元, % …; empty for a bare number.
    #[serde(default)]
    pub unit: String,
    /// 余, 多, 约 or 左右.
    #[serde(default)]
    pub approx: Option<Approx>,
    /// The value of the previous period (for 环比).
    #[serde(default, deserialize_with = "de_opt_number")]
    pub previous: Option<Decimal>,
    /// The value of the same period last year (for 同比).
    #[serde(default, deserialize_with = "de_opt_number")]
    pub last_year: Option<Decimal>,
    #[serde(default, deserialize_with = "de_opt_number")]
    /// The target for the year, if one was set.
    pub target: Option<Decimal>,
    /// The key of the metric this one is a part of (for shares).
    #[serde(default)]
    pub part_of: Option<String>,
    /// 时点, 累计 or 比率: how the metric compares; when absent, 比率 for
    /// a unit of `%`, else 时点 (see [`Metric::kind`]).
    #[serde(default)]
    pub kind: Option<MetricKind>,
    /// The value at the end of last year (上年末), when no earlier file of
    /// the series has it.
    #[serde(default, deserialize_with = "de_opt_number")]
    pub year_end: Option<Decimal>,
}

impl Metric {
    /// The kind declared, or the default for its unit.
    pub fn kind(&self) -> MetricKind {
        MetricKind::of(self.kind, &self.unit)
    }

    /// A rate (unit `%`) compares in 个百分点 and may be negative.
    pub fn is_rate(&self) -> bool {
        self.unit == "%"
    }
}

/// A practice (做法): a run-in lead, what was done, and what it achieved.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The heading of the item.
    pub lead: String,
    #[serde(default)]
    /// Its narrative paragraph.
    pub narrative: Option<String>,
    /// Enumerated as 一是……；二是…….
    #[serde(default)]
    pub points: Vec<String>,
    /// Results (成效) of this practice, usually citing metrics.
    #[serde(default)]
    pub results: Vec<String>,
}

/// The overall results (成效).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Results {
    /// One clause summing the period up, used in every opening.
    pub summary: String,
    /// Sentences with the headline numbers.
    #[serde(default)]
    pub highlights: Vec<String>,
}

/// A problem (问题) and what causes it (原因).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// The problem in one phrase.
    pub lead: String,
    #[serde(default)]
    /// What it looks like in detail.
    pub detail: Option<String>,
    #[serde(default)]
    /// Why it arises.
    pub causes: Vec<String>,
}

/// A measure (对策) or any other lead with a narrative and points.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The heading of the item.
    pub lead: String,
    #[serde(default)]
    /// Its narrative paragraph.
    pub narrative: Option<String>,
    #[serde(default)]
    /// Its 一是、二是… points.
    pub points: Vec<String>,
}

/// What only the speech (讲话) needs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speech {
    #[serde(default)]
    /// The meeting the speech is given at.
    pub meeting: Option<String>,
    #[serde(default)]
    /// Who gives it.
    pub speaker: Option<String>,
    /// The speaker's post, e.g. 县委副书记.
    #[serde(default)]
    pub speaker_title: Option<String>,
    /// The meeting date; defaults to the document date.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub date: Option<NaiveDate>,
    /// Defaults to 同志们：.
    #[serde(default)]
    pub salutation: Option<String>,
    #[serde(default)]
    /// The speech's opening paragraph.
    pub opening: Option<String>,
    /// Why the work matters, exhorted as 一要……二要…….
    #[serde(default)]
    pub significance: Vec<Item>,
    /// The closing paragraph, after 同志们，.
    #[serde(default)]
    pub closing: Option<String>,
}

/// What only the research report (调研报告) needs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Research {
    /// What was researched: 关于{subject}的调研报告.
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    /// Why the research was done.
    pub background: Option<String>,
    /// Who signs the report, e.g. 县委老干部局调研组.
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    /// How it was done: visits, talks, questionnaires.
    pub method: Option<Method>,
    /// Keys of the metrics shown in 基本情况 (with shares and a table).
    #[serde(default)]
    pub basics: Vec<String>,
}

/// How the research was done, with counts.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// When, as written: 8月至9月.
    #[serde(default)]
    pub time: Option<String>,
    /// Sites visited (实地走访).
    #[serde(default)]
    pub visits: Option<u32>,
    /// Forums held (座谈会).
    #[serde(default)]
    pub forums: Option<u32>,
    /// People interviewed one by one (个别访谈).
    #[serde(default)]
    pub interviews: Option<u32>,
    /// Questionnaires handed out (发放问卷).
    #[serde(default)]
    pub questionnaires: Option<u32>,
    /// Valid questionnaires returned (回收有效问卷).
    #[serde(default)]
    pub questionnaires_valid: Option<u32>,
}

/// What only the work report (汇报) needs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Overrides the title built from region, period and topic.
    #[serde(default)]
    pub title: Option<String>,
    /// For an oral report, e.g. 尊敬的各位领导：.
    #[serde(default)]
    pub salutation: Option<String>,
    /// Printed under the title in brackets, e.g. 送审稿.
    #[serde(default)]
    pub draft_mark: Option<String>,
    #[serde(default)]
    /// The report's closing sentence.
    pub closing: Option<String>,
}

/// What a number field accepts, shown in the error when it gets anything else.
const NUMBER_EXPECTED: &str = "数字（不带单位，如 3200 或 98.6）";
const DATE_EXPECTED: &str = "日期（如 2026-10-08）";

struct NumberVisitor;

impl de::Visitor<'_> for NumberVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(NUMBER_EXPECTED)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        // The shortest decimal string of the float is what the writer typed.
        v.to_string()
            .parse()
            .map_err(|_| E::invalid_value(Unexpected::Float(v), &self))
    }
}

fn de_number<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(NumberVisitor)
}

fn de_opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_any(NumberVisitor).map(Some)
}

/// Accepts `2026-10-08` and `2026年10月8日`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y年%m月%d日"))
        .ok()
}

struct DateVisitor;

impl de::Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(DATE_EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<NaiveDate, E> {
        parse_date(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
}

fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_any(DateVisitor)
}

fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    de_date(d).map(Some)
}

/// A string of the data file with its key path; prose may cite metrics.
#[derive(Debug, Clone, Copy)]
pub struct Text<'d> {
    /// The text as written in the data.
    pub text: &'d str,
    /// Whether it is prose in which `{key}` references are resolved.
    pub prose: bool,
}

impl Data {
    /// Every string of the file with its key path, in file order: what the
    /// checks for references, placeholders and counts walk over.
    pub fn texts(&self) -> Vec<(String, Text<'_>)> {
        let mut out = TextList::default();
        let m = &self.meta;
        out.name("meta.region", &m.region);
        out.name("meta.organization", &m.organization);
        out.name("meta.topic", &m.topic);
        out.opt_name("meta.author", m.author.as_ref());
        out.opt_name("meta.leadership", m.leadership.as_ref());
        for (key, metric) in &self.metrics {
            out.name(&format!("metrics.{key}.name"), &metric.name);
            out.name(&format!("metrics.{key}.unit"), &metric.unit);
        }
        for (i, p) in self.practices.iter().enumerate() {
            let at = format!("practices[{i}]");
            out.prose(&format!("{at}.lead"), &p.lead);
            out.opt_prose(&format!("{at}.narrative"), p.narrative.as_ref());
            out.list(&format!("{at}.points"), &p.points);
            out.list(&format!("{at}.results"), &p.results);
        }
        if let Some(r) = &self.results {
            out.prose("results.summary", &r.summary);
            out.list("results.highlights", &r.highlights);
        }
        for (i, p) in self.problems.iter().enumerate() {
            let at = format!("problems[{i}]");
            out.prose(&format!("{at}.lead"), &p.lead);
            out.opt_prose(&format!("{at}.detail"), p.detail.as_ref());
            out.list(&format!("{at}.causes"), &p.causes);
        }
        out.items("measures", &self.measures);
        if let Some(s) = &self.speech {
            out.opt_name("speech.meeting", s.meeting.as_ref());
            out.opt_name("speech.speaker", s.speaker.as_ref());
            out.opt_name("speech.speaker_title", s.speaker_title.as_ref());
            out.opt_name("speech.salutation", s.salutation.as_ref());
            out.opt_prose("speech.opening", s.opening.as_ref());
            out.items("speech.significance", &s.significance);
            out.opt_prose("speech.closing", s.closing.as_ref());
        }
        if let Some(r) = &self.research {
            out.opt_name("research.subject", r.subject.as_ref());
            out.opt_prose("research.background", r.background.as_ref());
            out.opt_name("research.team", r.team.as_ref());
            if let Some(m) = &r.method {
                out.opt_name("research.method.time", m.time.as_ref());
            }
        }
        if let Some(r) = &self.report {
            out.opt_name("report.title", r.title.as_ref());
            out.opt_name("report.salutation", r.salutation.as_ref());
            out.opt_name("report.draft_mark", r.draft_mark.as_ref());
            out.opt_prose("report.closing", r.closing.as_ref());
        }
        for (genre, sent) in [
            ("huibao", &self.document.huibao),
            ("jianghua", &self.document.jianghua),
        ] {
            let Some(s) = sent else { continue };
            let at = format!("document.{genre}");
            out.opt_name(&format!("{at}.title"), s.title.as_ref());
            out.opt_name(&format!("{at}.classification"), s.classification.as_ref());
            out.opt_name(&format!("{at}.secrecy_term"), s.secrecy_term.as_ref());
            out.opt_name(&format!("{at}.urgency"), s.urgency.as_ref());
            out.opt_name(&format!("{at}.issuer_mark"), s.issuer_mark.as_ref());
            out.opt_name(&format!("{at}.number"), s.number.as_ref());
            for (i, name) in s.signers.iter().enumerate() {
                out.name(&format!("{at}.signers[{i}]"), name);
            }
            out.opt_name(&format!("{at}.to"), s.to.as_ref());
            out.list(&format!("{at}.body"), &s.body);
            out.opt_name(&format!("{at}.note"), s.note.as_ref());
            out.opt_name(&format!("{at}.copy_to"), s.copy_to.as_ref());
            out.opt_name(&format!("{at}.printer"), s.printer.as_ref());
            for (i, a) in s.attachments.iter().enumerate() {
                out.name(&format!("{at}.attachments[{i}].title"), &a.title);
            }
        }
        out.0
    }
}

#[derive(Default)]
struct TextList<'d>(Vec<(String, Text<'d>)>);

impl<'d> TextList<'d> {
    fn push(&mut self, path: &str, text: &'d str, prose: bool) {
        self.0.push((path.to_owned(), Text { text, prose }));
    }
    fn name(&mut self, path: &str, text: &'d str) {
        self.push(path, text, false);
    }
    fn opt_name(&mut self, path: &str, text: Option<&'d String>) {
        if let Some(t) = text {
            self.push(path, t, false);
        }
    }
    fn prose(&mut self, path: &str, text: &'d str) {
        self.push(path, text, true);
    }
    fn opt_prose(&mut self, path: &str, text: Option<&'d String>) {
        if let Some(t) = text {
            self.push(path, t, true);
        }
    }
    fn list(&mut self, path: &str, texts: &'d [String]) {
        for (i, t) in texts.iter().enumerate() {
            self.push(&format!("{path}[{i}]"), t, true);
        }
    }
    fn items(&mut self, path: &str, items: &'d [Item]) {
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            self.prose(&format!("{at}.lead"), &item.lead);
            self.opt_prose(&format!("{at}.narrative"), item.narrative.as_ref());
            self.list(&format!("{at}.points"), &item.points);
        }
    }
}
