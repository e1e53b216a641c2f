//! The facts of one region's work for one reporting period, as a writer keeps
//! them in a YAML data file: who reports, the numbers, what was done, what it
//! achieved, what is still wrong and what comes next.
//!
//! Every key has an English snake_case name and a Chinese one (`做法`,
//! `标题`, `正文` …; the tables are in the `keys` module). Unknown keys are refused,
//! so a typo never silently drops a fact.

pub(crate) mod compact;
pub(crate) mod document;
pub(crate) mod keys;
pub mod ledger;
pub mod load;
pub(crate) mod loaded;
pub(crate) mod markers;
pub mod outline;
pub(crate) mod read;
pub mod refs;
pub(crate) mod rollover;
pub mod schedule;
pub(crate) mod schema;
pub mod series;
pub mod validate;

use std::fmt;

use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, Unexpected};

use crate::conventions::script;
use crate::data::outline::FrameText;
use crate::zh::compare::MetricKind;
use crate::zh::number::Approx;
use crate::zh::period::Period;

/// Whether `s` can name a metric (a key under `metrics`, cited as
/// `{key}`): letters (ASCII or Chinese characters, as
/// `conventions::script::is_han` defines them), digits and `_`, not
/// starting with a digit. No punctuation, full-width or not, so a key never
/// holds what separates the parts of a reference (`{键:形式}`, `{甲，乙}`).
pub(crate) fn is_identifier(s: &str) -> bool {
    let letter = |c: char| c.is_ascii_alphabetic() || c == '_' || script::is_han(c);
    let mut chars = s.chars();
    chars.next().is_some_and(letter) && chars.all(|c| letter(c) || c.is_ascii_digit())
}

/// Top-level section names and their Chinese aliases (the first of the
/// tables in the `keys` module).
pub const SECTION_ALIASES: [(&str, &str); 17] = [
    ("基本信息", "meta"),
    ("文种", "genres"),
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
    ("提纲", "outline"),
    ("各文种提纲", "outlines"),
    ("数字", "numbers"),
    ("序时进度", "schedule"),
];

/// One data file: one region, one period.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一个数据文件：一个地区、一个报告期的工作情况")]
pub struct Data {
    /// `genres` (文种): the genres this file is drafted in, by name
    /// (`jingyan`) or Chinese name (`经验材料`); absent, those of the run
    /// (see [`crate::render::genre::Genres::for_file`]).
    #[serde(default, alias = "文种", deserialize_with = "de_genres")]
    #[schemars(
        description = "本文件生成哪些文稿：工作汇报（汇报）、讲话、调研报告、经验材料、工作总结，或自己模板的中文名；可写一个或一组，如 [经验材料]；不写则生成默认的汇报、讲话、调研报告。命令行的 --genre 只在其中挑选",
        schema_with = "schema::genres",
        extend("x-aliases" = ["文种"])
    )]
    pub genres: Vec<String>,
    #[serde(alias = "基本信息")]
    /// `meta`: region, organization, topic, period, date and author.
    #[schemars(description = "基本信息：地区、单位、工作名称、报告期、成文日期、署名", extend("x-aliases" = ["基本信息"]))]
    pub meta: Meta,
    #[serde(
        default,
        alias = "指标",
        alias = "数据",
        deserialize_with = "compact::de_metrics"
    )]
    /// `metrics`: the numbers the text cites, by key; each in the long form
    /// or on one line (`走访慰问 1250余人次, 去年 1100`).
    #[schemars(description = "指标：正文用 {键} 引用的数字，键名自取（汉字、英文字母、数字、下划线，不以数字开头）；每个指标可写成一行或分行的完整写法", schema_with = "schema::metrics", extend("x-aliases" = ["指标", "数据"]))]
    pub metrics: IndexMap<String, Metric>,
    #[serde(default, alias = "做法")]
    /// `practices`: what was done (做法), each with its points.
    #[schemars(description = "主要做法：每条一个小标题，可带叙述、要点（一是、二是……）和成效", extend("x-aliases" = ["做法"]))]
    pub practices: Vec<Practice>,
    #[serde(default, alias = "成效")]
    /// `results`: what it achieved (成效).
    #[schemars(description = "总体成效：一句总述和几条带数字的亮点", extend("x-aliases" = ["成效"]))]
    pub results: Option<Results>,
    #[serde(default, alias = "问题")]
    /// `problems`: what is still wrong (问题) and why.
    #[schemars(description = "存在问题：每条一个问题、具体表现和原因", extend("x-aliases" = ["问题"]))]
    pub problems: Vec<Problem>,
    #[serde(default, alias = "对策", alias = "下一步打算")]
    /// `measures`: what comes next (对策).
    #[schemars(description = "下一步打算（对策）：每条一个小标题，可带叙述和要点", extend("x-aliases" = ["对策", "下一步打算"]))]
    pub measures: Vec<Item>,
    #[serde(default, alias = "讲话")]
    /// `speech`: the meeting and the speaker of a 讲话.
    #[schemars(description = "讲话稿专用：会议、讲话人、开头、结尾等", extend("x-aliases" = ["讲话"]))]
    pub speech: Option<Speech>,
    #[serde(default, alias = "调研")]
    /// `research`: the background and method of a 调研报告.
    #[schemars(description = "调研报告专用：调研题目、背景、调研组和调研方法", extend("x-aliases" = ["调研"]))]
    pub research: Option<Research>,
    #[serde(default, alias = "汇报")]
    /// `report`: the frame text of a 汇报.
    #[schemars(description = "工作汇报专用：标题、称呼、稿件标记、结尾", extend("x-aliases" = ["汇报"]))]
    pub report: Option<Report>,
    /// How drafts are sent as a 公文; absent, every draft keeps the layout
    /// of a text read aloud.
    #[serde(default, alias = "公文")]
    #[schemars(description = "按公文格式发文（GB/T 9704）：每个文种（报告、通知、工作总结、自己模板的文种等）的版头、主送、落款、附件、版记等，按文种分别写；不写则按宣读稿排版", extend("x-aliases" = ["公文"]))]
    pub document: document::Document,
    /// `outline` (提纲): the writer's own parts, which replace the genre's
    /// built-in sections in every draft (see [`outline`]).
    #[serde(default, alias = "提纲")]
    #[schemars(
        description = "提纲：自己安排的各部分（最多四级：一、（一）1.（1）），写了就代替文种的固定结构",
        extend("x-aliases" = ["提纲"])
    )]
    pub outline: Vec<outline::Part>,
    /// `outlines` (各文种提纲): an outline for one genre only, keyed by the
    /// genre's file stem (`jianghua`); it wins over `outline` there.
    #[serde(default, alias = "各文种提纲")]
    #[schemars(
        description = "只用于某一文种的提纲，键为文种名（如 jianghua），优先于 outline",
        extend("x-aliases" = ["各文种提纲"])
    )]
    pub outlines: IndexMap<String, Vec<outline::Part>>,
    /// `numbers`: how this file's numbers are printed by default (scaling
    /// to 万/亿, decimals of computed rates); each metric may say otherwise.
    #[serde(default, alias = "数字")]
    #[schemars(
        description = "本文件数字的默认印法：是否换算成万、亿，计算出的比率保留几位小数",
        extend("x-aliases" = ["数字"])
    )]
    pub numbers: NumberSettings,
    /// The comparison bases found in the earlier files of the file's
    /// series (filled by [`load::load`], never written in the file).
    #[serde(skip)]
    pub series: series::Bases,
    /// `schedule`（序时进度）: the expected completion of annual targets by
    /// period, when the office sets one; absent, n/12 by month.
    #[serde(default, alias = "序时进度")]
    #[schemars(
        description = "序时进度：各期应完成年度目标的比例（如 上半年: 60）；不写则按月平均（n/12）",
        extend("x-aliases" = ["序时进度"])
    )]
    pub schedule: schedule::Schedule,
}

/// The file's defaults for printing numbers.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "数字的默认印法")]
pub struct NumberSettings {
    /// Choose 万/亿 for every metric (15000人次 → 1.5万人次); off by default:
    /// numbers print in the unit and precision they are written in.
    #[serde(alias = "换算", default)]
    #[schemars(
        description = "是否把各指标换算成万、亿：true 时换算（15000人次印成1.5万人次）；默认按写的单位和精度印", extend("x-aliases" = ["换算"]))]
    pub scale: bool,
    /// Decimals of every computed rate (shares, growth, 完成率); absent,
    /// one decimal without a trailing zero.
    #[serde(alias = "小数", default)]
    #[schemars(
        description = "计算出的比率（占比、增长率、完成率）保留几位小数，0～6；不写则保留一位、末尾的0不写", extend("x-aliases" = ["小数"]))]
    pub decimals: Option<u32>,
}

/// Who reports what, for which period.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "基本信息")]
pub struct Meta {
    #[serde(alias = "地区")]
    /// The county or district, e.g. 柳川县.
    #[schemars(description = "地区（县、区），如 柳川县", extend("x-aliases" = ["地区"]))]
    pub region: String,
    #[serde(alias = "单位")]
    /// The reporting organisation, e.g. 中共柳川县委老干部局.
    #[schemars(description = "汇报单位，如 中共柳川县委老干部局", extend("x-aliases" = ["单位"]))]
    pub organization: String,
    #[serde(alias = "工作名称")]
    /// The line of work, e.g. 老干部工作, 乡村振兴工作.
    #[schemars(description = "工作名称，如 老干部工作、乡村振兴工作", extend("x-aliases" = ["工作名称"]))]
    pub topic: String,
    #[serde(alias = "报告期")]
    /// The period the file reports on (`2026-Q3`).
    #[schemars(description = "报告期：2026-Q3（季度）、2026-H1（半年）或 2026（全年）", extend("x-aliases" = ["报告期"]))]
    pub period: Period,
    /// The document date (成文日期).
    #[serde(alias = "成文日期", deserialize_with = "de_date")]
    #[schemars(
        description = "成文日期：2026-10-08 或 2026年10月8日",
        schema_with = "schema::date", extend("x-aliases" = ["成文日期"]))]
    pub date: NaiveDate,
    /// The name printed under the title; defaults to the organisation.
    #[serde(alias = "署名", default)]
    #[schemars(description = "标题下的署名；不写则用汇报单位", extend("x-aliases" = ["署名"]))]
    pub author: Option<String>,
    /// Under whose leadership the work was done, e.g. 县委坚强领导.
    #[serde(alias = "领导", default)]
    #[schemars(description = "在谁的领导下开展工作，如 县委坚强领导", extend("x-aliases" = ["领导"]))]
    pub leadership: Option<String>,
}

/// A named number, printed with its unit and approximation wherever prose
/// cites it as `{key}`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一个指标（完整写法）；也可写成一行，如“走访慰问 1250余人次, 去年 1100”")]
pub struct Metric {
    #[serde(alias = "名称")]
    /// What is counted, e.g. 离退休干部党员.
    #[schemars(description = "指标名称，如 离退休干部党员", extend("x-aliases" = ["名称"]))]
    pub name: String,
    #[serde(alias = "数值", deserialize_with = "de_number")]
    /// This period's value.
    #[schemars(
        description = "本期数值：只写数字，不带单位，如 3200 或 98.6",
        schema_with = "schema::number", extend("x-aliases" = ["数值"]))]
    pub value: Decimal,
    /// 人, 个, 万元, % …; empty for a bare number.
    #[serde(alias = "单位", default)]
    #[schemars(description = "单位：人、个、万元、% 等；不写则为纯数字", extend("x-aliases" = ["单位"]))]
    pub unit: String,
    /// 余, 多, 约 or 左右.
    #[serde(alias = "约数", default)]
    #[schemars(description = "约数词：余、多、约或左右", extend("x-aliases" = ["约数"]))]
    pub approx: Option<Approx>,
    /// The value of the previous period (for 环比).
    #[serde(alias = "上期", default, deserialize_with = "de_opt_number")]
    #[schemars(
        description = "上期数值（用于环比）：只写数字",
        schema_with = "schema::number", extend("x-aliases" = ["上期"]))]
    pub previous: Option<Decimal>,
    /// The value of the same period last year (for 同比).
    #[serde(alias = "去年", default, deserialize_with = "de_opt_number")]
    #[schemars(
        description = "去年同期数值（用于同比）：只写数字",
        schema_with = "schema::number", extend("x-aliases" = ["去年"]))]
    pub last_year: Option<Decimal>,
    #[serde(alias = "目标", default, deserialize_with = "de_opt_number")]
    /// The target for the year, if one was set.
    #[schemars(description = "全年目标值：只写数字", schema_with = "schema::number", extend("x-aliases" = ["目标"]))]
    pub target: Option<Decimal>,
    /// The key of the metric this one is a part of (for shares).
    #[serde(alias = "属于", default)]
    #[schemars(description = "所属总量指标的键名（用于计算占比）", extend("x-aliases" = ["属于"]))]
    pub part_of: Option<String>,
    /// Choose 万/亿 when printing (15000人次 → 1.5万人次); absent, the
    /// file's `numbers.scale` (set from it when the file is loaded).
    #[serde(alias = "换算", default)]
    #[schemars(
        description = "是否换算成万、亿：true 时换算（15000人次印成1.5万人次），false 按写的印；不写按 numbers.scale", extend("x-aliases" = ["换算"]))]
    pub scale: Option<bool>,
    /// Decimals of the rates computed from this metric, printed in full
    /// (`70.80%`); absent, the file's `numbers.decimals`, else one decimal
    /// without a trailing zero.
    #[serde(alias = "小数", default)]
    #[schemars(description = "由它算出的比率保留几位小数，0～6", extend("x-aliases" = ["小数"]))]
    pub decimals: Option<u32>,
    /// A stated 同比 change, as the writer's source gives it (`5.8` for
    /// 增长5.8%, `-23.9` for 下降23.9%; in 个百分点 for a rate), printed
    /// without `last_year` and checked against it when both are written.
    #[serde(alias = "同比", default, deserialize_with = "de_opt_number")]
    #[schemars(
        description = "写明的同比增减幅度：百分数（比率指标为百分点），负数为下降",
        schema_with = "schema::number", extend("x-aliases" = ["同比"]))]
    pub yoy: Option<Decimal>,
    /// A stated 环比 change, like `yoy` (checked against `previous`).
    #[serde(alias = "环比", default, deserialize_with = "de_opt_number")]
    #[schemars(
        description = "写明的环比增减幅度：百分数（比率指标为百分点），负数为下降",
        schema_with = "schema::number", extend("x-aliases" = ["环比"]))]
    pub mom: Option<Decimal>,
    /// Keys of the metrics this one is the sum of (投产 + 续建 + 新开工):
    /// checked to add up, printed by `{key:其中}`.
    #[serde(alias = "其中", default)]
    #[schemars(description = "组成部分的指标键名，合计应等于本指标；{键:其中} 印成“其中……”", extend("x-aliases" = ["其中"]))]
    pub parts: Vec<String>,
    /// The one-line text of a compact metric, until the loader reads it
    /// into the fields above (see `data::compact`).
    #[serde(skip)]
    pub(crate) compact: Option<String>,
    /// 时点, 累计 or 比率: how the metric compares; when absent, 比率 for
    /// a unit of `%`, else 时点 (see [`Metric::kind`]).
    #[serde(alias = "类型", default)]
    #[schemars(
        description = "指标类型：时点（期末存量，如党支部数）、累计（年初以来的累计数，如走访人次）或比率；不写时单位为 % 的是比率，其余是时点", extend("x-aliases" = ["类型"]))]
    pub kind: Option<MetricKind>,
    /// The value at the end of last year (上年末), when no earlier file of
    /// the series has it.
    #[serde(alias = "上年末", default, deserialize_with = "de_opt_number")]
    #[schemars(
        description = "上年末的数值（没有上年的数据文件时填写）",
        schema_with = "schema::number", extend("x-aliases" = ["上年末"]))]
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

    /// Whether 万/亿 are chosen when printing (see `scale`).
    pub fn scales(&self) -> bool {
        self.scale.unwrap_or(false)
    }
}

/// A practice (做法): a run-in lead, what was done, and what it achieved.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一条做法")]
pub struct Practice {
    #[serde(alias = "标题")]
    /// The heading of the item.
    #[schemars(description = "小标题（段首加粗的一句）", extend("x-aliases" = ["标题"]))]
    pub lead: String,
    #[serde(alias = "正文", default)]
    /// Its narrative paragraph.
    #[schemars(description = "叙述段落，可用 {键} 引用指标", extend("x-aliases" = ["正文"]))]
    pub narrative: Option<String>,
    /// Enumerated as 一是……；二是…….
    #[serde(alias = "要点", default)]
    #[schemars(description = "要点，依次印成“一是……；二是……”", extend("x-aliases" = ["要点"]))]
    pub points: Vec<String>,
    /// Results (成效) of this practice, usually citing metrics.
    #[serde(alias = "成效", default)]
    #[schemars(description = "这条做法的成效，通常引用指标", extend("x-aliases" = ["成效"]))]
    pub results: Vec<String>,
}

/// The overall results (成效).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "总体成效")]
pub struct Results {
    /// One clause summing the period up, used in the openings of the
    /// genres that print it. Optional in the data: a genre whose template
    /// prints it reports it as missing (`missing(...)`), others need none.
    #[serde(alias = "总述", default)]
    #[schemars(
        description = "一句话总述本期成效，用于各文稿的开头（哪个文稿用到它而没写，就提示补上）", extend("x-aliases" = ["总述"]))]
    pub summary: Option<String>,
    /// Sentences with the headline numbers.
    #[serde(alias = "亮点", default)]
    #[schemars(description = "带主要数字的亮点句子", extend("x-aliases" = ["亮点"]))]
    pub highlights: Vec<String>,
}

/// A problem (问题) and what causes it (原因).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一个问题")]
pub struct Problem {
    #[serde(alias = "标题")]
    /// The problem in one phrase.
    #[schemars(description = "问题，一句话概括", extend("x-aliases" = ["标题"]))]
    pub lead: String,
    #[serde(alias = "表现", default)]
    /// What it looks like in detail.
    #[schemars(description = "具体表现", extend("x-aliases" = ["表现"]))]
    pub detail: Option<String>,
    #[serde(alias = "原因", default)]
    /// Why it arises.
    #[schemars(description = "产生原因", extend("x-aliases" = ["原因"]))]
    pub causes: Vec<String>,
}

/// A measure (对策) or any other lead with a narrative and points.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一条措施或意见")]
pub struct Item {
    #[serde(alias = "标题")]
    /// The heading of the item.
    #[schemars(description = "小标题（段首加粗的一句）", extend("x-aliases" = ["标题"]))]
    pub lead: String,
    #[serde(alias = "正文", default)]
    /// Its narrative paragraph.
    #[schemars(description = "叙述段落，可用 {键} 引用指标", extend("x-aliases" = ["正文"]))]
    pub narrative: Option<String>,
    #[serde(alias = "要点", default)]
    /// Its 一是、二是… points.
    #[schemars(description = "要点，依次印成“一是……；二是……”", extend("x-aliases" = ["要点"]))]
    pub points: Vec<String>,
}

/// What only the speech (讲话) needs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "讲话稿专用内容")]
pub struct Speech {
    #[serde(alias = "会议", default)]
    /// The meeting the speech is given at.
    #[schemars(description = "会议名称，如 全县老干部工作推进会", extend("x-aliases" = ["会议"]))]
    pub meeting: Option<String>,
    #[serde(alias = "讲话人", default)]
    /// Who gives it.
    #[schemars(description = "讲话人姓名", extend("x-aliases" = ["讲话人"]))]
    pub speaker: Option<String>,
    /// The speaker's post, e.g. 县委副书记.
    #[serde(alias = "职务", default)]
    #[schemars(description = "讲话人职务，如 县委副书记", extend("x-aliases" = ["职务"]))]
    pub speaker_title: Option<String>,
    /// The meeting date; defaults to the document date.
    #[serde(alias = "日期", default, deserialize_with = "de_opt_date")]
    #[schemars(
        description = "讲话日期：2026-10-15 或 2026年10月15日；不写则用成文日期",
        schema_with = "schema::date", extend("x-aliases" = ["日期"]))]
    pub date: Option<NaiveDate>,
    /// Defaults to 同志们：.
    #[serde(alias = "称呼", default)]
    #[schemars(description = "称呼；不写则为“同志们：”", extend("x-aliases" = ["称呼"]))]
    pub salutation: Option<String>,
    #[serde(alias = "开头", default)]
    /// The speech's opening paragraph: the genre's, none (`false`) or the
    /// writer's.
    #[schemars(description = "开头段落：不写用默认的说法，false 不要这一段，或写自己的一段", extend("x-aliases" = ["开头"]))]
    pub opening: FrameText,
    /// Why the work matters, exhorted as 一要……二要…….
    #[serde(alias = "重要意义", default)]
    #[schemars(description = "重要意义，依次印成“一要……二要……”", extend("x-aliases" = ["重要意义"]))]
    pub significance: Vec<Item>,
    /// The closing paragraph, after 同志们，: the genre's, none or the
    /// writer's.
    #[serde(alias = "结尾", default)]
    #[schemars(
        description = "结尾段落（“同志们，”之后）：不写用默认的说法，false 不要，或写自己的", extend("x-aliases" = ["结尾"]))]
    pub closing: FrameText,
    /// How the parts are announced after 下面，我, `N` standing for their
    /// count: 讲N点意见 (the default), 强调N个方面意见; `false` for none.
    #[serde(default, alias = "意见说法")]
    #[schemars(
        description = "“下面，我……”之后预告各部分的说法，N 代表部分数，如 强调N个方面意见；默认 讲N点意见；false 不预告",
        extend("x-aliases" = ["意见说法"])
    )]
    pub parts_phrase: FrameText,
    /// Announce the parts even when there is only one.
    #[serde(default, alias = "一部分也预告")]
    #[schemars(
        description = "只有一个部分时也预告（默认不预告）",
        extend("x-aliases" = ["一部分也预告"])
    )]
    pub announce_single: bool,
}

/// What only the research report (调研报告) needs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "调研报告专用内容")]
pub struct Research {
    /// What was researched: 关于{subject}的调研报告.
    #[serde(alias = "题目", default)]
    #[schemars(description = "调研题目：标题印成“关于……的调研报告”", extend("x-aliases" = ["题目"]))]
    pub subject: Option<String>,
    #[serde(alias = "背景", default)]
    /// Why the research was done.
    #[schemars(description = "调研背景：为什么开展调研", extend("x-aliases" = ["背景"]))]
    pub background: Option<String>,
    /// Who signs the report, e.g. 县委老干部局调研组.
    #[serde(alias = "调研组", default)]
    #[schemars(description = "署名的调研组，如 县委老干部局调研组", extend("x-aliases" = ["调研组"]))]
    pub team: Option<String>,
    #[serde(alias = "方法", default)]
    /// How it was done: visits, talks, questionnaires.
    #[schemars(description = "调研方法：时间、走访、座谈、访谈、问卷", extend("x-aliases" = ["方法"]))]
    pub method: Option<Method>,
    /// Keys of the metrics shown in 基本情况 (with shares and a table).
    #[serde(alias = "基本情况", default)]
    #[schemars(description = "“基本情况”中列出的指标键名（附占比和表格）", extend("x-aliases" = ["基本情况"]))]
    pub basics: Vec<String>,
    /// What 基本情况 says before its figures (截至2026年9月30日，全县):
    /// the genre's, none (`false`) or the writer's.
    #[serde(alias = "基本情况引语", default)]
    #[schemars(
        description = "“基本情况”中数字之前的引语，如“截至2026年9月30日，全县”：不写用默认，false 不要，或写自己的", extend("x-aliases" = ["基本情况引语"]))]
    pub basics_lead: FrameText,
    /// A paragraph of the writer's after the figures of 基本情况.
    #[serde(alias = "基本情况补充", default)]
    #[schemars(description = "“基本情况”数字之后自己写的一段", extend("x-aliases" = ["基本情况补充"]))]
    pub basics_note: Option<String>,
    /// 现将调研情况报告如下：, printed only when a body follows.
    #[serde(alias = "过渡句", default)]
    #[schemars(
        description = "“现将调研情况报告如下：”一句（后面有正文时才印）：不写用默认，false 不要，或写自己的", extend("x-aliases" = ["过渡句"]))]
    pub transition: FrameText,
}

/// How the research was done, with counts.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "调研方法和次数")]
pub struct Method {
    /// When, as written: 8月至9月.
    #[serde(alias = "时间", default)]
    #[schemars(description = "调研时间，照写，如 8月至9月", extend("x-aliases" = ["时间"]))]
    pub time: Option<String>,
    /// Sites visited (实地走访).
    #[serde(alias = "走访", default)]
    #[schemars(description = "实地走访的点数", extend("x-aliases" = ["走访"]))]
    pub visits: Option<u32>,
    /// Forums held (座谈会).
    #[serde(alias = "座谈", default)]
    #[schemars(description = "召开座谈会的场数", extend("x-aliases" = ["座谈"]))]
    pub forums: Option<u32>,
    /// People interviewed one by one (个别访谈).
    #[serde(alias = "访谈", default)]
    #[schemars(description = "个别访谈的人数", extend("x-aliases" = ["访谈"]))]
    pub interviews: Option<u32>,
    /// Questionnaires handed out (发放问卷).
    #[serde(alias = "问卷", default)]
    #[schemars(description = "发放问卷的份数", extend("x-aliases" = ["问卷"]))]
    pub questionnaires: Option<u32>,
    /// Valid questionnaires returned (回收有效问卷).
    #[serde(alias = "有效问卷", default)]
    #[schemars(description = "回收有效问卷的份数", extend("x-aliases" = ["有效问卷"]))]
    pub questionnaires_valid: Option<u32>,
}

/// What only the work report (汇报) needs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "工作汇报专用内容")]
pub struct Report {
    /// Overrides the title built from region, period and topic.
    #[serde(alias = "标题", default)]
    #[schemars(description = "标题；不写则由地区、报告期和工作名称生成", extend("x-aliases" = ["标题"]))]
    pub title: Option<String>,
    /// For an oral report, e.g. 尊敬的各位领导：.
    #[serde(alias = "称呼", default)]
    #[schemars(description = "口头汇报的称呼，如 尊敬的各位领导：", extend("x-aliases" = ["称呼"]))]
    pub salutation: Option<String>,
    /// Printed under the title in brackets, e.g. 送审稿.
    #[serde(alias = "稿件标记", default)]
    #[schemars(description = "标题下括号内的稿件标记，如 送审稿", extend("x-aliases" = ["稿件标记"]))]
    pub draft_mark: Option<String>,
    #[serde(alias = "结尾", default)]
    /// The report's closing sentence: the genre's, none (`false`) or the
    /// writer's.
    #[schemars(description = "结尾句：不写用默认的表态，false 不要，或写自己的", extend("x-aliases" = ["结尾"]))]
    pub closing: FrameText,
    /// The whole opening paragraph, before 现将有关情况汇报如下：: the
    /// genre's (time words, summary, highlights), none or the writer's.
    #[serde(alias = "开头", default)]
    #[schemars(
        description = "整个开头段（“现将有关情况汇报如下：”之前）：不写用默认，false 不要，或写自己的一段", extend("x-aliases" = ["开头"]))]
    pub opening: FrameText,
    /// The time words the genre's opening starts with (今年以来, 上半年,
    /// 近年来): the period's own, none or the writer's.
    #[serde(alias = "时间词", default)]
    #[schemars(
        description = "开头的时间词（今年以来、上半年、近年来）：不写按报告期，false 不要，或写自己的", extend("x-aliases" = ["时间词"]))]
    pub lead_in: FrameText,
    /// 现将有关情况汇报如下：, printed only when a body follows.
    #[serde(alias = "过渡句", default)]
    #[schemars(
        description = "“现将有关情况汇报如下：”一句（后面有正文时才印）：不写用默认，false 不要，或写自己的", extend("x-aliases" = ["过渡句"]))]
    pub transition: FrameText,
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

pub(crate) fn de_opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_any(NumberVisitor).map(Some)
}

/// What `genres` accepts, shown in the error when it gets anything else.
const GENRES_EXPECTED: &str = "文种名称，或一组文种名称（如 [经验材料]）";

struct GenresVisitor;

impl<'de> de::Visitor<'de> for GenresVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(GENRES_EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(vec![v.to_owned()])
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element::<String>()? {
            names.push(name);
        }
        Ok(names)
    }
}

/// One genre (`文种: 经验材料`) or a list of them (`文种: [汇报, 讲话]`).
fn de_genres<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(GenresVisitor)
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
        // Run a few times a file (validate's checks; the rollover checks
        // once for all of theirs): each key path is built once, in place,
        // and only for a text that is there.
        let mut out = TextList::default();
        let m = &self.meta;
        out.name("meta.region", &m.region);
        out.name("meta.organization", &m.organization);
        out.name("meta.topic", &m.topic);
        out.opt_name("meta.author", m.author.as_ref());
        out.opt_name("meta.leadership", m.leadership.as_ref());
        for (key, metric) in &self.metrics {
            out.name(("metrics.", key, ".name"), &metric.name);
            out.name(("metrics.", key, ".unit"), &metric.unit);
        }
        for (i, p) in self.practices.iter().enumerate() {
            let at = Indexed("practices", i);
            out.prose((at, ".lead"), &p.lead);
            out.opt_prose((at, ".narrative"), p.narrative.as_ref());
            out.list((at, ".points"), &p.points);
            out.list((at, ".results"), &p.results);
        }
        if let Some(r) = &self.results {
            out.opt_prose("results.summary", r.summary.as_ref());
            out.list("results.highlights", &r.highlights);
        }
        for (i, p) in self.problems.iter().enumerate() {
            let at = Indexed("problems", i);
            out.prose((at, ".lead"), &p.lead);
            out.opt_prose((at, ".detail"), p.detail.as_ref());
            out.list((at, ".causes"), &p.causes);
        }
        out.items("measures", &self.measures);
        if let Some(s) = &self.speech {
            out.opt_name("speech.meeting", s.meeting.as_ref());
            out.opt_name("speech.speaker", s.speaker.as_ref());
            out.opt_name("speech.speaker_title", s.speaker_title.as_ref());
            out.opt_name("speech.salutation", s.salutation.as_ref());
            out.opt_prose("speech.opening", s.opening.own());
            out.items("speech.significance", &s.significance);
            out.opt_prose("speech.closing", s.closing.own());
            // A wording around the count `N`: a name, not prose.
            out.opt_name("speech.parts_phrase", s.parts_phrase.own());
        }
        if let Some(r) = &self.research {
            out.opt_name("research.subject", r.subject.as_ref());
            out.opt_prose("research.background", r.background.as_ref());
            out.opt_name("research.team", r.team.as_ref());
            if let Some(m) = &r.method {
                out.opt_name("research.method.time", m.time.as_ref());
            }
            out.opt_prose("research.basics_lead", r.basics_lead.own());
            out.opt_prose("research.basics_note", r.basics_note.as_ref());
            out.opt_prose("research.transition", r.transition.own());
        }
        if let Some(r) = &self.report {
            out.opt_name("report.title", r.title.as_ref());
            out.opt_name("report.salutation", r.salutation.as_ref());
            out.opt_name("report.draft_mark", r.draft_mark.as_ref());
            out.opt_prose("report.closing", r.closing.own());
            out.opt_prose("report.opening", r.opening.own());
            out.opt_prose("report.lead_in", r.lead_in.own());
            out.opt_prose("report.transition", r.transition.own());
        }
        for (_, genre, s) in self.document.entries() {
            let at = ("document.", genre);
            out.opt_name((at, ".title"), s.title.as_ref());
            out.opt_name((at, ".classification"), s.classification.as_ref());
            out.opt_name((at, ".secrecy_term"), s.secrecy_term.as_ref());
            out.opt_name((at, ".urgency"), s.urgency.as_ref());
            if let Some(mark) = &s.issuer_mark {
                for name in mark.names() {
                    out.name((at, ".issuer_mark"), name);
                }
            }
            out.opt_name((at, ".mark_word"), s.mark_word.as_ref());
            for (i, name) in s.signatures.iter().enumerate() {
                out.name((at, Indexed(".signatures", i)), name);
            }
            out.opt_name((at, ".number"), s.number.as_ref());
            for (i, name) in s.signers.iter().enumerate() {
                out.name((at, Indexed(".signers", i)), name);
            }
            out.opt_name((at, ".to"), s.to.as_ref());
            out.list((at, ".body"), &s.body);
            out.opt_name((at, ".note"), s.note.as_ref());
            out.opt_name((at, ".copy_to"), s.copy_to.as_ref());
            out.opt_name((at, ".printer"), s.printer.as_ref());
            for (i, a) in s.attachments.iter().enumerate() {
                out.name((at, Indexed(".attachments", i), ".title"), &a.title);
            }
        }
        let mut parts = Vec::new();
        outline::texts("outline", &self.outline, &mut parts);
        for (genre, outline) in &self.outlines {
            outline::texts(&format!("outlines.{genre}"), outline, &mut parts);
        }
        out.0.extend(
            parts
                .into_iter()
                .map(|(path, text)| (path, Text { text, prose: true })),
        );
        out.0
    }
}

/// A key path, or the pieces of one, written out only when a text is
/// there (see [`TextList`]).
trait KeyPath {
    fn write_to(&self, out: &mut String);
    fn build(&self) -> String {
        let mut out = String::with_capacity(48);
        self.write_to(&mut out);
        out
    }
}

impl KeyPath for &str {
    fn write_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl KeyPath for &String {
    fn write_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

/// `name[i]`.
#[derive(Clone, Copy)]
struct Indexed<'a>(&'a str, usize);

impl KeyPath for Indexed<'_> {
    fn write_to(&self, out: &mut String) {
        use std::fmt::Write;
        out.push_str(self.0);
        // Writing to a String cannot fail.
        let _ = write!(out, "[{}]", self.1);
    }
}

impl<A: KeyPath, B: KeyPath> KeyPath for (A, B) {
    fn write_to(&self, out: &mut String) {
        self.0.write_to(out);
        self.1.write_to(out);
    }
}

impl<A: KeyPath, B: KeyPath, C: KeyPath> KeyPath for (A, B, C) {
    fn write_to(&self, out: &mut String) {
        self.0.write_to(out);
        self.1.write_to(out);
        self.2.write_to(out);
    }
}

#[derive(Default)]
struct TextList<'d>(Vec<(String, Text<'d>)>);

impl<'d> TextList<'d> {
    fn push(&mut self, path: &impl KeyPath, text: &'d str, prose: bool) {
        self.0.push((path.build(), Text { text, prose }));
    }
    fn name(&mut self, path: impl KeyPath, text: &'d str) {
        self.push(&path, text, false);
    }
    fn opt_name(&mut self, path: impl KeyPath, text: Option<&'d String>) {
        if let Some(t) = text {
            self.push(&path, t, false);
        }
    }
    fn prose(&mut self, path: impl KeyPath, text: &'d str) {
        self.push(&path, text, true);
    }
    fn opt_prose(&mut self, path: impl KeyPath, text: Option<&'d String>) {
        if let Some(t) = text {
            self.push(&path, t, true);
        }
    }
    fn list(&mut self, path: impl KeyPath + Copy, texts: &'d [String]) {
        for (i, t) in texts.iter().enumerate() {
            self.push(&(path, Indexed("", i)), t, true);
        }
    }
    fn items(&mut self, path: &str, items: &'d [Item]) {
        for (i, item) in items.iter().enumerate() {
            let at = Indexed(path, i);
            self.prose((at, ".lead"), &item.lead);
            self.opt_prose((at, ".narrative"), item.narrative.as_ref());
            self.list((at, ".points"), &item.points);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `Data::texts` as first written: every path formatted, then copied.
    fn texts_simply(data: &Data) -> Vec<(String, Text<'_>)> {
        let this = data;
        let mut out = SimpleTextList::default();
        let m = &this.meta;
        out.name("meta.region", &m.region);
        out.name("meta.organization", &m.organization);
        out.name("meta.topic", &m.topic);
        out.opt_name("meta.author", m.author.as_ref());
        out.opt_name("meta.leadership", m.leadership.as_ref());
        for (key, metric) in &this.metrics {
            out.name(&format!("metrics.{key}.name"), &metric.name);
            out.name(&format!("metrics.{key}.unit"), &metric.unit);
        }
        for (i, p) in this.practices.iter().enumerate() {
            let at = format!("practices[{i}]");
            out.prose(&format!("{at}.lead"), &p.lead);
            out.opt_prose(&format!("{at}.narrative"), p.narrative.as_ref());
            out.list(&format!("{at}.points"), &p.points);
            out.list(&format!("{at}.results"), &p.results);
        }
        if let Some(r) = &this.results {
            out.opt_prose("results.summary", r.summary.as_ref());
            out.list("results.highlights", &r.highlights);
        }
        for (i, p) in this.problems.iter().enumerate() {
            let at = format!("problems[{i}]");
            out.prose(&format!("{at}.lead"), &p.lead);
            out.opt_prose(&format!("{at}.detail"), p.detail.as_ref());
            out.list(&format!("{at}.causes"), &p.causes);
        }
        out.items("measures", &this.measures);
        if let Some(s) = &this.speech {
            out.opt_name("speech.meeting", s.meeting.as_ref());
            out.opt_name("speech.speaker", s.speaker.as_ref());
            out.opt_name("speech.speaker_title", s.speaker_title.as_ref());
            out.opt_name("speech.salutation", s.salutation.as_ref());
            out.opt_prose("speech.opening", s.opening.own());
            out.items("speech.significance", &s.significance);
            out.opt_prose("speech.closing", s.closing.own());
            // A wording around the count `N`: a name, not prose.
            out.opt_name("speech.parts_phrase", s.parts_phrase.own());
        }
        if let Some(r) = &this.research {
            out.opt_name("research.subject", r.subject.as_ref());
            out.opt_prose("research.background", r.background.as_ref());
            out.opt_name("research.team", r.team.as_ref());
            if let Some(m) = &r.method {
                out.opt_name("research.method.time", m.time.as_ref());
            }
            out.opt_prose("research.basics_lead", r.basics_lead.own());
            out.opt_prose("research.basics_note", r.basics_note.as_ref());
            out.opt_prose("research.transition", r.transition.own());
        }
        if let Some(r) = &this.report {
            out.opt_name("report.title", r.title.as_ref());
            out.opt_name("report.salutation", r.salutation.as_ref());
            out.opt_name("report.draft_mark", r.draft_mark.as_ref());
            out.opt_prose("report.closing", r.closing.own());
            out.opt_prose("report.opening", r.opening.own());
            out.opt_prose("report.lead_in", r.lead_in.own());
            out.opt_prose("report.transition", r.transition.own());
        }
        for (_, genre, s) in this.document.entries() {
            let at = format!("document.{genre}");
            out.opt_name(&format!("{at}.title"), s.title.as_ref());
            out.opt_name(&format!("{at}.classification"), s.classification.as_ref());
            out.opt_name(&format!("{at}.secrecy_term"), s.secrecy_term.as_ref());
            out.opt_name(&format!("{at}.urgency"), s.urgency.as_ref());
            if let Some(mark) = &s.issuer_mark {
                for name in mark.names() {
                    out.name(&format!("{at}.issuer_mark"), name);
                }
            }
            out.opt_name(&format!("{at}.mark_word"), s.mark_word.as_ref());
            for (i, name) in s.signatures.iter().enumerate() {
                out.name(&format!("{at}.signatures[{i}]"), name);
            }
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
        let mut parts = Vec::new();
        outline::texts("outline", &this.outline, &mut parts);
        for (genre, outline) in &this.outlines {
            outline::texts(&format!("outlines.{genre}"), outline, &mut parts);
        }
        for (path, text) in parts {
            out.prose(&path, text);
        }
        out.0
    }
    #[derive(Default)]
    struct SimpleTextList<'d>(Vec<(String, Text<'d>)>);

    impl<'d> SimpleTextList<'d> {
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

    /// Every data file of the repository (examples, the corpus, the
    /// fixtures, the starter files): the same texts at the same paths.
    #[test]
    fn texts_are_those_of_the_simple_walk() {
        let mut compared = 0;
        for dir in ["data", "tests/corpus", "tests/fixtures", "init"] {
            for entry in walkdir::WalkDir::new(dir) {
                let path = entry.unwrap().into_path();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let Ok((loaded, _)) = crate::data::read::read(&path) else {
                    continue;
                };
                let texts = loaded.data.texts();
                let simply = texts_simply(&loaded.data);
                let pairs = |t: &[(String, Text<'_>)]| -> Vec<(String, String, bool)> {
                    t.iter()
                        .map(|(p, t)| (p.clone(), t.text.to_owned(), t.prose))
                        .collect()
                };
                assert_eq!(pairs(&texts), pairs(&simply), "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared > 20, "{compared}");
    }
}
