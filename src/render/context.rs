//! The template context: a typed, mostly borrowed view of validated data,
//! with every metric reference in prose already printed and every number a
//! template may want already formatted (values, shares, comparisons), so a
//! template never computes or invents a number itself.
//!
//! Numbering and counting live here too: `outline.<genre>` lists the
//! sections a draft prints, each with its heading number (一、) and the count
//! of sections; every practice, problem, measure and point of significance
//! carries its place (`number` （一）, `ordinal` 一, `index`, `count`). A
//! template loops over these lists, so what it announces (下面，我讲N点意见)
//! and what it prints come from the same list.

use indexmap::IndexMap;
use serde::Serialize;

use crate::conventions::numbering::heading_marker;
use crate::conventions::numeral::cn_numeral;
use crate::data::document::Sent;
use crate::data::refs::{Form, Resolver};
use crate::data::{Data, Item, Metric};
use crate::docx::Frame;
use crate::render::Genre;
use crate::zh::date::{date_cn, date_cn_upper};
use crate::zh::number::{format_percent, share};
use crate::zh::period::LabelStyle;
use rust_decimal::Decimal;
use std::cell::OnceCell;

/// Everything a genre template sees.
#[derive(Debug, Serialize)]
pub struct Context<'a> {
    pub(crate) meta: MetaView<'a>,
    /// Metrics by key, in file order, each with its printed forms.
    pub(crate) metrics: IndexMap<&'a str, MetricView<'a>>,
    pub(crate) summary: Option<String>,
    pub(crate) highlights: Vec<String>,
    pub(crate) practices: Vec<PracticeView>,
    pub(crate) problems: Vec<ProblemView>,
    /// Every problem's causes, in order, for genres that gather them.
    pub(crate) causes: Vec<String>,
    pub(crate) measures: Vec<ItemView>,
    pub(crate) speech: SpeechView<'a>,
    pub(crate) research: ResearchView<'a>,
    pub(crate) report: ReportView<'a>,
    /// How drafts are sent as a 公文 (`document.huibao`, `document.jianghua`);
    /// each absent unless the data file asks for it.
    pub(crate) document: DocumentView<'a>,
    /// The numbered sections each genre prints, in order: a template loops
    /// over its list, so numbers and counts follow the sections present.
    pub(crate) outline: OutlineView,
    /// This view as tera's context, made on first use and shared by the
    /// genres drafted from it: converting is a fifth of a render's cost.
    #[serde(skip)]
    tera: OnceCell<tera::Context>,
}

/// The sections of each genre's draft that the data fills.
#[derive(Debug, Serialize)]
pub(crate) struct OutlineView {
    /// 主要做法及成效 (`practices`), 存在的问题 (`problems`), 下一步工作打算
    /// (`measures`).
    pub(crate) huibao: Vec<SectionView>,
    /// 重要意义 (`significance`), 肯定成绩 (`achievements`), 正视问题
    /// (`problems`), 部署任务 (`measures`).
    pub(crate) jianghua: Vec<SectionView>,
    /// 基本情况 (`basics`), 主要做法和成效 (`practices`), 存在的问题
    /// (`problems`), 对策和建议 (`measures`).
    pub(crate) diaoyan: Vec<SectionView>,
}

/// One numbered section of a draft.
#[derive(Debug, Serialize)]
pub(crate) struct SectionView {
    /// Which section: `practices`, `problems`, …
    pub(crate) key: &'static str,
    /// Its place among the sections printed, from 1.
    pub(crate) index: usize,
    /// Its heading number: `一、`.
    pub(crate) number: String,
    /// How many sections the draft prints.
    pub(crate) count: usize,
}

/// The place of an item among its siblings, every way a template prints it.
#[derive(Debug, Serialize)]
pub(crate) struct Place {
    /// From 1.
    pub(crate) index: usize,
    /// As a second-level heading number: `（一）`.
    pub(crate) number: String,
    /// As a Chinese numeral, for 一是/一要: `一`.
    pub(crate) ordinal: String,
    /// How many siblings there are, itself included.
    pub(crate) count: usize,
}

impl Place {
    fn new(index: usize, count: usize) -> Self {
        let n = index as u64;
        Place {
            index,
            number: heading_marker(2, n),
            ordinal: cn_numeral(n),
            count,
        }
    }
}

/// The sections among `candidates` (key, whether the data fills it) that
/// are printed, numbered in order.
fn outline(candidates: &[(&'static str, bool)]) -> Vec<SectionView> {
    let present: Vec<&'static str> = candidates
        .iter()
        .filter(|(_, filled)| *filled)
        .map(|(key, _)| *key)
        .collect();
    let count = present.len();
    present
        .into_iter()
        .enumerate()
        .map(|(i, key)| SectionView {
            key,
            index: i + 1,
            number: heading_marker(1, i as u64 + 1),
            count,
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub(crate) struct MetaView<'a> {
    pub(crate) region: &'a str,
    pub(crate) organization: &'a str,
    pub(crate) topic: &'a str,
    /// The whole region as prose says it: 全县, 全区.
    pub(crate) whole: String,
    /// Who signs: the author if given, else the organisation.
    pub(crate) author: &'a str,
    pub(crate) leadership: Option<&'a str>,
    pub(crate) period: PeriodView,
    /// `2026-10-08`.
    pub(crate) date: String,
    /// `2026年10月8日`.
    pub(crate) date_cn: String,
    /// `二〇二六年十月八日`.
    pub(crate) date_cn_upper: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct PeriodView {
    /// `2026-Q3`.
    pub(crate) code: String,
    pub(crate) year: i32,
    /// 前三季度
    pub(crate) cumulative: String,
    /// 三季度
    pub(crate) single: String,
    /// 今年以来
    pub(crate) since: String,
    /// 2026年前三季度
    pub(crate) with_year: String,
    /// The last day of the period: 2026年9月30日.
    pub(crate) end_cn: String,
}

/// A metric with every form a template may print. Forms whose base value is
/// missing are `None`.
#[derive(Debug, Serialize)]
pub(crate) struct MetricView<'a> {
    pub(crate) key: &'a str,
    pub(crate) name: &'a str,
    pub(crate) unit: &'a str,
    /// The value with unit and approximation: `3200余人`.
    pub(crate) text: String,
    /// Name of the metric this one is a part of.
    pub(crate) whole: Option<&'a str>,
    /// Share of the whole: `56.4%`.
    pub(crate) share: Option<String>,
    pub(crate) yoy: Option<String>,
    pub(crate) mom: Option<String>,
    pub(crate) last_year: Option<String>,
    pub(crate) previous: Option<String>,
    pub(crate) target: Option<String>,
    pub(crate) progress: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PracticeView {
    #[serde(flatten)]
    pub(crate) place: Place,
    pub(crate) lead: String,
    pub(crate) narrative: Option<String>,
    pub(crate) points: Vec<String>,
    pub(crate) results: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ProblemView {
    #[serde(flatten)]
    pub(crate) place: Place,
    pub(crate) lead: String,
    pub(crate) detail: Option<String>,
    pub(crate) causes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ItemView {
    #[serde(flatten)]
    pub(crate) place: Place,
    pub(crate) lead: String,
    pub(crate) narrative: Option<String>,
    pub(crate) points: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SpeechView<'a> {
    pub(crate) meeting: Option<&'a str>,
    pub(crate) speaker: Option<&'a str>,
    pub(crate) speaker_title: Option<&'a str>,
    pub(crate) date_cn: String,
    pub(crate) salutation: &'a str,
    pub(crate) opening: Option<String>,
    pub(crate) significance: Vec<ItemView>,
    pub(crate) closing: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ResearchView<'a> {
    pub(crate) subject: Option<&'a str>,
    pub(crate) background: Option<String>,
    pub(crate) team: Option<&'a str>,
    pub(crate) method: Option<MethodView<'a>>,
    /// The metrics of 基本情况, in the order listed.
    pub(crate) basics: Vec<MetricView<'a>>,
    /// Whether any basic metric has a share, so a table is worth it.
    pub(crate) basics_have_shares: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct MethodView<'a> {
    pub(crate) time: Option<&'a str>,
    pub(crate) visits: Option<u32>,
    pub(crate) forums: Option<u32>,
    pub(crate) interviews: Option<u32>,
    pub(crate) questionnaires: Option<u32>,
    pub(crate) questionnaires_valid: Option<u32>,
    /// Valid questionnaires as a share of those handed out.
    pub(crate) valid_rate: Option<String>,
    /// The ways of research used, in order: 实地走访, 座谈交流, 个别访谈, 问卷调查.
    pub(crate) ways: Vec<&'static str>,
    /// What each way amounted to: 实地走访基层单位12个, 召开座谈会5场, …
    pub(crate) counts: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ReportView<'a> {
    pub(crate) title: Option<&'a str>,
    pub(crate) salutation: Option<&'a str>,
    pub(crate) draft_mark: Option<&'a str>,
    pub(crate) closing: Option<String>,
}

/// The `document:` block as templates see it.
#[derive(Debug, Serialize)]
pub(crate) struct DocumentView<'a> {
    pub(crate) huibao: Option<SentView<'a>>,
    pub(crate) jianghua: Option<SentView<'a>>,
}

/// One genre sent as a 公文: what the Markdown shows of it (the 版头 and
/// 版记 go to the DOCX as a [`Frame`]).
#[derive(Debug, Serialize)]
pub(crate) struct SentView<'a> {
    pub(crate) title: Option<&'a str>,
    /// The 主送机关 line, with its full-width colon: `中共柳川县委：`.
    pub(crate) to: Option<String>,
    /// The covering 通知's paragraphs.
    pub(crate) body: Vec<String>,
    /// The 附注 with its parentheses: `（联系人：张明）`.
    pub(crate) note: Option<String>,
    /// Tables of metrics sent as 附件, in order.
    pub(crate) attachments: Vec<TableView<'a>>,
}

/// A 附件 that is a table of metrics.
#[derive(Debug, Serialize)]
pub(crate) struct TableView<'a> {
    pub(crate) title: &'a str,
    pub(crate) metrics: Vec<MetricView<'a>>,
}

impl<'a> SentView<'a> {
    fn new(
        sent: &'a Sent,
        text: impl Fn(&str) -> String,
        metric: impl Fn(&'a str) -> Option<MetricView<'a>>,
    ) -> Self {
        SentView {
            title: sent.title.as_deref(),
            to: sent.to.as_deref().map(addressee_line),
            body: sent.body.iter().map(|p| text(p)).collect(),
            note: sent.note.as_deref().map(note_line),
            attachments: sent
                .attachments
                .iter()
                .map(|a| TableView {
                    title: &a.title,
                    metrics: a.metrics.iter().filter_map(|k| metric(k)).collect(),
                })
                .collect(),
        }
    }
}

/// The 主送机关 ending in one full-width colon, whatever the data ended it with.
fn addressee_line(to: &str) -> String {
    format!("{}：", to.trim().trim_end_matches([':', '：']))
}

/// The 附注 in full-width parentheses, whether or not the data wrote them.
fn note_line(note: &str) -> String {
    let inner = note.trim();
    let inner = inner
        .strip_prefix('（')
        .and_then(|n| n.strip_suffix('）'))
        .unwrap_or(inner);
    format!("（{inner}）")
}

/// The parts of the 公文 the DOCX writer lays out from data for `genre`,
/// or `None` when the data does not send that genre as a 公文.
pub fn frame(data: &Data, genre: Genre) -> Option<Frame> {
    let sent = match genre {
        Genre::Huibao => data.document.huibao.as_ref()?,
        Genre::Jianghua => data.document.jianghua.as_ref()?,
        Genre::Diaoyan => return None,
    };
    let meta = &data.meta;
    let classification = sent
        .classification
        .as_ref()
        .map(|c| match &sent.secrecy_term {
            Some(term) => format!("{c}★{term}"),
            None => c.clone(),
        });
    let print_date = sent
        .print_date
        .or_else(|| sent.printer.as_ref().map(|_| meta.date))
        .map(date_cn);
    Some(Frame {
        copy_number: sent.copy_number.map(|n| format!("{n:06}")),
        classification,
        urgency: sent.urgency.clone(),
        issuer_mark: sent.issuer_mark.clone(),
        number: sent.number.clone(),
        signers: sent.signers.clone(),
        addressee: sent.to.as_deref().map(addressee_line),
        signature: meta
            .author
            .clone()
            .unwrap_or_else(|| meta.organization.clone()),
        date: date_cn(meta.date),
        seal: sent.seal,
        note: sent.note.as_deref().map(note_line),
        copy_to: sent
            .copy_to
            .as_ref()
            .map(|c| c.trim_end_matches('。').to_owned()),
        printer: sent.printer.clone(),
        print_date,
    })
}

/// The default salutation of a speech.
const SPEECH_SALUTATION: &str = "同志们：";

impl<'a> Context<'a> {
    /// Builds the view of `data`, which must have passed validation:
    /// a reference that still fails prints as a visible marker.
    pub fn new(data: &'a Data) -> Self {
        let r = Resolver::for_data(data);
        let text = |s: &str| {
            r.resolve(s)
                .unwrap_or_else(|_| crate::render::Missing::marker(s))
        };
        let opt = |s: &Option<String>| s.as_deref().map(text);
        let list = |v: &[String]| v.iter().map(|s| text(s)).collect::<Vec<_>>();
        let items = |v: &[Item]| {
            v.iter()
                .enumerate()
                .map(|(n, i)| ItemView {
                    place: Place::new(n + 1, v.len()),
                    lead: text(&i.lead),
                    narrative: opt(&i.narrative),
                    points: list(&i.points),
                })
                .collect::<Vec<_>>()
        };
        let metric = |key: &'a str, m: &'a Metric| metric_view(&r, data, key, m);
        let by_key = |key: &'a str| {
            data.metrics
                .get_key_value(key)
                .map(|(k, m)| metric(k.as_str(), m))
        };

        let meta = &data.meta;
        let problems: Vec<ProblemView> = data
            .problems
            .iter()
            .enumerate()
            .map(|(n, p)| ProblemView {
                place: Place::new(n + 1, data.problems.len()),
                lead: text(&p.lead),
                detail: opt(&p.detail),
                causes: list(&p.causes),
            })
            .collect();
        let speech = data.speech.as_ref();
        let research = data.research.as_ref();
        let report = data.report.as_ref();
        let basics: Vec<MetricView> = research
            .map(|r| r.basics.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|k| data.metrics.get_key_value(k.as_str()))
            .map(|(k, m)| metric(k, m))
            .collect();
        let highlights = data
            .results
            .as_ref()
            .map(|r| list(&r.highlights))
            .unwrap_or_default();
        let practices_present = !data.practices.is_empty();
        let problems_present = !data.problems.is_empty();
        let measures_present = !data.measures.is_empty();
        let outline = OutlineView {
            huibao: outline(&[
                ("practices", practices_present),
                ("problems", problems_present),
                ("measures", measures_present),
            ]),
            jianghua: outline(&[
                (
                    "significance",
                    speech.is_some_and(|s| !s.significance.is_empty()),
                ),
                ("achievements", practices_present || !highlights.is_empty()),
                ("problems", problems_present),
                ("measures", measures_present),
            ]),
            diaoyan: outline(&[
                ("basics", !basics.is_empty()),
                ("practices", practices_present),
                ("problems", problems_present),
                ("measures", measures_present),
            ]),
        };
        Context {
            outline,
            meta: MetaView {
                region: &meta.region,
                organization: &meta.organization,
                topic: &meta.topic,
                whole: whole_region(&meta.region),
                author: meta.author.as_deref().unwrap_or(&meta.organization),
                leadership: meta.leadership.as_deref(),
                period: PeriodView {
                    code: meta.period.to_string(),
                    year: meta.period.year,
                    cumulative: meta.period.label(LabelStyle::Cumulative),
                    single: meta.period.label(LabelStyle::Single),
                    since: meta.period.label(LabelStyle::Since),
                    with_year: meta.period.label(LabelStyle::WithYear),
                    end_cn: date_cn(meta.period.end_date()),
                },
                date: meta.date.format("%Y-%m-%d").to_string(),
                date_cn: date_cn(meta.date),
                date_cn_upper: date_cn_upper(meta.date),
            },
            metrics: data
                .metrics
                .iter()
                .map(|(k, m)| (k.as_str(), metric(k, m)))
                .collect(),
            summary: data.results.as_ref().map(|r| text(&r.summary)),
            highlights,
            practices: data
                .practices
                .iter()
                .enumerate()
                .map(|(n, p)| PracticeView {
                    place: Place::new(n + 1, data.practices.len()),
                    lead: text(&p.lead),
                    narrative: opt(&p.narrative),
                    points: list(&p.points),
                    results: list(&p.results),
                })
                .collect(),
            causes: problems.iter().flat_map(|p| p.causes.clone()).collect(),
            problems,
            measures: items(&data.measures),
            speech: SpeechView {
                meeting: speech.and_then(|s| s.meeting.as_deref()),
                speaker: speech.and_then(|s| s.speaker.as_deref()),
                speaker_title: speech.and_then(|s| s.speaker_title.as_deref()),
                date_cn: date_cn(speech.and_then(|s| s.date).unwrap_or(meta.date)),
                salutation: speech
                    .and_then(|s| s.salutation.as_deref())
                    .unwrap_or(SPEECH_SALUTATION),
                opening: speech.and_then(|s| opt(&s.opening)),
                significance: speech.map(|s| items(&s.significance)).unwrap_or_default(),
                closing: speech.and_then(|s| opt(&s.closing)),
            },
            research: ResearchView {
                subject: research.and_then(|r| r.subject.as_deref()),
                background: research.and_then(|r| opt(&r.background)),
                team: research.and_then(|r| r.team.as_deref()),
                method: research
                    .and_then(|r| r.method.as_ref())
                    .map(|m| MethodView {
                        time: m.time.as_deref(),
                        visits: m.visits,
                        forums: m.forums,
                        interviews: m.interviews,
                        questionnaires: m.questionnaires,
                        questionnaires_valid: m.questionnaires_valid,
                        valid_rate: valid_rate(m),
                        ways: research_ways(m),
                        counts: research_counts(m),
                    }),
                basics_have_shares: basics.iter().any(|b| b.share.is_some()),
                basics,
            },
            report: ReportView {
                title: report.and_then(|r| r.title.as_deref()),
                salutation: report.and_then(|r| r.salutation.as_deref()),
                draft_mark: report.and_then(|r| r.draft_mark.as_deref()),
                closing: report.and_then(|r| opt(&r.closing)),
            },
            document: DocumentView {
                huibao: data
                    .document
                    .huibao
                    .as_ref()
                    .map(|s| SentView::new(s, text, by_key)),
                jianghua: data
                    .document
                    .jianghua
                    .as_ref()
                    .map(|s| SentView::new(s, text, by_key)),
            },
            tera: OnceCell::new(),
        }
    }

    /// This view as tera's context, converted once.
    pub fn tera(&self) -> Result<&tera::Context, tera::Error> {
        if let Some(converted) = self.tera.get() {
            return Ok(converted);
        }
        let converted = tera::Context::from_serialize(self)?;
        Ok(self.tera.get_or_init(|| converted))
    }
}

/// Valid questionnaires as a share of those handed out: 95.2%.
fn valid_rate(m: &crate::data::Method) -> Option<String> {
    match (m.questionnaires_valid, m.questionnaires) {
        (Some(v), Some(q)) => share(Decimal::from(v), Decimal::from(q)).map(format_percent),
        _ => None,
    }
}

/// The ways of research a method used, in the order a report names them.
fn research_ways(m: &crate::data::Method) -> Vec<&'static str> {
    [
        (m.visits, "实地走访"),
        (m.forums, "座谈交流"),
        (m.interviews, "个别访谈"),
        (m.questionnaires, "问卷调查"),
    ]
    .into_iter()
    .filter(|(n, _)| n.is_some_and(|n| n > 0))
    .map(|(_, way)| way)
    .collect()
}

/// What each way of research amounted to: 实地走访基层单位12个, 召开座谈会5场,
/// 个别访谈30人次, 发放问卷200份、回收有效问卷190份（有效回收率95%）.
fn research_counts(m: &crate::data::Method) -> Vec<String> {
    let some = |n: Option<u32>| n.filter(|n| *n > 0);
    let mut counts = Vec::new();
    if let Some(n) = some(m.visits) {
        counts.push(format!("实地走访基层单位{n}个"));
    }
    if let Some(n) = some(m.forums) {
        counts.push(format!("召开座谈会{n}场"));
    }
    if let Some(n) = some(m.interviews) {
        counts.push(format!("个别访谈{n}人次"));
    }
    if let Some(n) = some(m.questionnaires) {
        let mut text = format!("发放问卷{n}份");
        if let Some(valid) = some(m.questionnaires_valid) {
            let rate = valid_rate(m).unwrap_or_default();
            text.push_str(&format!("、回收有效问卷{valid}份（有效回收率{rate}）"));
        }
        counts.push(text);
    }
    counts
}

/// 柳川县 → 全县, 青石区 → 全区; anything else reads as 全县.
fn whole_region(region: &str) -> String {
    match region.chars().last() {
        Some(c @ ('县' | '区' | '市' | '旗' | '州' | '镇' | '乡')) => format!("全{c}"),
        _ => "全县".into(),
    }
}

fn metric_view<'a>(r: &Resolver, data: &'a Data, key: &'a str, m: &'a Metric) -> MetricView<'a> {
    let form = |f: Form| r.format(key, f).ok();
    MetricView {
        key,
        name: &m.name,
        unit: &m.unit,
        text: form(Form::Value).unwrap_or_default(),
        whole: m
            .part_of
            .as_deref()
            .and_then(|w| data.metrics.get(w))
            .map(|w| w.name.as_str()),
        share: form(Form::Share),
        yoy: form(Form::YearOnYear),
        mom: form(Form::PeriodOnPeriod),
        last_year: form(Form::LastYear),
        previous: form(Form::Previous),
        target: form(Form::Target),
        progress: form(Form::Progress),
    }
}
#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Context;
    use crate::data::load::parse;

    #[test]
    fn the_context_numbers_sections_and_items() {
        let yaml = "\
meta:
  region: 青石区
  organization: 青石区民政局
  topic: 养老服务工作
  period: 2026-H1
  date: 2026-07-10
results:
  summary: 养老服务体系不断完善
practices:
  - lead: 完善服务网络
    points:
      - 新建社区养老服务站
measures:
  - lead: 提升服务质量
    points:
      - 开展护理员培训
      - 推进医养结合
";
        let loaded = parse(Path::new("t.yaml"), yaml.to_owned()).unwrap();
        let context = Context::new(&loaded.data);
        let outline: Vec<(&str, &str, usize)> = context
            .outline
            .huibao
            .iter()
            .map(|s| (s.key, s.number.as_str(), s.count))
            .collect();
        assert_eq!(outline, [("practices", "一、", 2), ("measures", "二、", 2)]);
        assert_eq!(context.outline.jianghua.len(), 2);
        let first = &context.practices[0].place;
        assert_eq!(
            (
                first.index,
                first.number.as_str(),
                first.ordinal.as_str(),
                first.count
            ),
            (1, "（一）", "一", 1)
        );
    }
}
