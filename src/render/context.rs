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
//!
//! The writer's own outline (`outline`, or `outlines.<genre>` for one
//! genre) comes as `written` / `written_for.<genre>`: every part at every
//! level in one flat list of blocks, numbered at its level, so a template
//! prints it in one loop; where it is given, a genre prints it instead of
//! its built-in sections. Frame text the data may replace or switch off
//! reaches templates as `none` (the genre's wording), `false` (none) or the
//! writer's text.

use indexmap::IndexMap;
use serde::Serialize;

use crate::conventions::numbering::heading_marker;
use crate::conventions::numeral::cn_numeral;
use crate::data::document::{IssuerMark, Sent};
use crate::data::outline::{FrameText, PARTS_PHRASE, Part, Wording, fill_count, flatten};
use crate::data::refs::{Form, Printed, Resolver, mark, mark_typed};
use crate::data::{Data, Item, Meta, Metric};
use crate::docx::Frame;
use crate::render::Genre;
use crate::render::genre;
use crate::zh::date::{date_cn, date_cn_upper};
use crate::zh::enumerate::{Marker, enumerate_apart};
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
    /// The writer's own outline (`outline`), flattened; `none` when the
    /// data gives none. A genre's template prints it instead of its
    /// built-in sections: `{% set body = written_for.huibao or written %}`.
    pub(crate) written: Option<WrittenView>,
    /// The outlines given for one genre only (`outlines`), by genre stem.
    pub(crate) written_for: IndexMap<&'a str, WrittenView>,
    /// This view as tera's context, made on first use and shared by the
    /// genres drafted from it: converting is a fifth of a render's cost.
    #[serde(skip)]
    tera: OnceCell<tera::Context>,
}

/// The writer's outline as a flat list of blocks, in print order: a
/// template loops once, with no recursion.
#[derive(Debug, Serialize)]
pub(crate) struct WrittenView {
    /// Every part at every level, in print order.
    pub(crate) blocks: Vec<BlockView>,
    /// How many level-1 parts there are (下面，我讲N点意见).
    pub(crate) count: usize,
}

/// One part of the writer's outline, ready to print.
#[derive(Debug, Serialize)]
pub(crate) struct BlockView {
    /// 1 for `一、`, 2 for `（一）`, 3 for `1.`, 4 for `（1）`.
    pub(crate) level: u8,
    /// Its place among its siblings, from 1.
    pub(crate) index: usize,
    /// How many siblings it has, itself included.
    pub(crate) count: usize,
    /// Its heading number at its level: `一、` `（一）` `1.` `（1）`.
    pub(crate) number: String,
    /// Its place as a Chinese numeral, for 一是/一要: `一`.
    pub(crate) ordinal: String,
    /// Its title, references resolved, as written (no number).
    pub(crate) title: String,
    /// A bold lead opening its paragraph (`**（一）……。**正文`) rather than a
    /// heading on its own line.
    pub(crate) run_in: bool,
    pub(crate) narrative: Option<String>,
    /// Its points, for `enumerate(marker="是")` inside the paragraph.
    pub(crate) points: Vec<String>,
    /// Whether the points are one paragraph each (`point_paragraphs`).
    pub(crate) points_apart: bool,
    /// The points as paragraphs of their own: `一是……。`, when apart.
    pub(crate) point_paragraphs: Vec<String>,
    pub(crate) results: Vec<String>,
}

/// Prints prose the writer typed at a path of the data file (made only
/// when asked for): references resolved, typed numbers marked for a
/// comment when notes are being taken (see [`mark_typed`]).
type Typed<'t> = &'t dyn Fn(&str, &dyn Fn() -> String) -> String;

impl WrittenView {
    /// The outline `outline`, written at `root` (`outline`, `outlines.huibao`).
    fn new(outline: &[Part], root: &str, text: Typed<'_>) -> Self {
        // The path of the part being printed: its index at each level.
        let mut at: Vec<usize> = Vec::new();
        let blocks = flatten(outline)
            .into_iter()
            .map(|f| {
                at.truncate(usize::from(f.level) - 1);
                at.push(f.index - 1);
                let part = at
                    .iter()
                    .enumerate()
                    .map(|(depth, i)| {
                        if depth == 0 {
                            format!("{root}[{i}]")
                        } else {
                            format!(".parts[{i}]")
                        }
                    })
                    .collect::<String>();
                let field = |name: &str| {
                    let part = part.clone();
                    let name = name.to_owned();
                    move || format!("{part}.{name}")
                };
                let list = |items: &[String], name: &str| {
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, p)| text(p, &|| format!("{part}.{name}[{i}]")))
                        .collect::<Vec<String>>()
                };
                let points = list(&f.part.points, "points");
                BlockView {
                    level: f.level,
                    index: f.index,
                    count: f.count,
                    number: heading_marker(f.level, f.index as u64),
                    ordinal: cn_numeral(f.index as u64),
                    title: text(&f.part.title, &field("title")),
                    run_in: f.run_in,
                    narrative: f
                        .part
                        .narrative
                        .as_deref()
                        .map(|n| text(n, &field("narrative"))),
                    point_paragraphs: if f.points_apart {
                        enumerate_apart(&points, Marker::Shi)
                    } else {
                        Vec::new()
                    },
                    points,
                    points_apart: f.points_apart,
                    results: list(&f.part.results, "results"),
                }
            })
            .collect();
        WrittenView {
            blocks,
            count: outline.len(),
        }
    }
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
    /// 工作完成情况 (`practices`), 存在的问题 (`problems`), 下一步工作
    /// (`measures`).
    pub(crate) zongjie: Vec<SectionView>,
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
    /// The opening paragraph: `none` for the genre's, `false` for none.
    pub(crate) opening: Wording<String>,
    pub(crate) significance: Vec<ItemView>,
    /// The closing after 同志们，: `none` for the genre's, `false` for none.
    pub(crate) closing: Wording<String>,
    /// The announcement of the parts printed, `下面，我讲三点意见。`, counted
    /// from the sections the speech prints (the writer's outline if it has
    /// one); `none` when not printed.
    pub(crate) announce: Option<String>,
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
    /// What 基本情况 says before its figures: `none` for the genre's
    /// (截至…，全县), `false` for nothing.
    pub(crate) basics_lead: Wording<String>,
    /// The writer's paragraph after the figures of 基本情况.
    pub(crate) basics_note: Option<String>,
    /// 现将调研情况报告如下：: `none` for the genre's, `false` for none.
    pub(crate) transition: Wording<String>,
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
    /// The closing: `none` for the genre's, `false` for none.
    pub(crate) closing: Wording<String>,
    /// The whole opening paragraph: `none` for the genre's, `false` for none.
    pub(crate) opening: Wording<String>,
    /// The time words of the genre's opening: `none` for the period's own
    /// (今年以来), `false` for none.
    pub(crate) lead_in: Wording<String>,
    /// 现将有关情况汇报如下：: `none` for the genre's, `false` for none.
    pub(crate) transition: Wording<String>,
}

/// The `document:` block as templates see it: each sent genre's parts by
/// the genre's name (`document.huibao`, `document.zongjie`, a template's
/// `document.<file stem>`); every built-in genre is there, `none` when not
/// sent.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub(crate) struct DocumentView<'a>(pub(crate) IndexMap<&'a str, Option<SentView<'a>>>);

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
    /// The 署名 of the 落款, one per issuing organ.
    pub(crate) signatures: Vec<String>,
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
    /// The 公文 `sent`, written at `root` (`document.huibao`).
    fn new(
        sent: &'a Sent,
        root: &str,
        meta: &Meta,
        text: Typed<'_>,
        metric: impl Fn(&'a str) -> Option<MetricView<'a>>,
    ) -> Self {
        SentView {
            title: sent.title.as_deref(),
            to: sent.to.as_deref().map(addressee_line),
            body: sent
                .body
                .iter()
                .enumerate()
                .map(|(i, p)| text(p, &|| format!("{root}.body[{i}]")))
                .collect(),
            note: sent.note.as_deref().map(note_line),
            signatures: signatures(sent, meta),
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
pub fn frame(data: &Data, genre: &Genre) -> Option<Frame> {
    let (_, sent) = data.document.for_genre(genre)?;
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
    let mut signatures = signatures(sent, meta).into_iter();
    Some(Frame {
        copy_number: sent.copy_number.map(|n| format!("{n:06}")),
        classification,
        urgency: sent.urgency.clone(),
        issuer_mark: match &sent.issuer_mark {
            Some(IssuerMark::One(mark)) => Some(mark.clone()),
            _ => None,
        },
        joint_issuers: match &sent.issuer_mark {
            Some(IssuerMark::Joint(names)) => names.clone(),
            _ => Vec::new(),
        },
        mark_word: sent.mark_word.clone().unwrap_or_else(|| "文件".to_owned()),
        number: sent.number.clone(),
        signers: sent.signers.clone(),
        addressee: sent.to.as_deref().map(addressee_line),
        signature: signatures.next().unwrap_or_default(),
        co_signatures: signatures.collect(),
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

/// The 署名 of a draft sent as a 公文: each issuing organ's as the data
/// lists them, else the author (or the organisation).
fn signatures(sent: &Sent, meta: &Meta) -> Vec<String> {
    if sent.signatures.is_empty() {
        vec![
            meta.author
                .clone()
                .unwrap_or_else(|| meta.organization.clone()),
        ]
    } else {
        sent.signatures.clone()
    }
}

/// The default salutation of a speech.
const SPEECH_SALUTATION: &str = "同志们：";

impl<'a> Context<'a> {
    /// Builds the view of `data`, which must have passed validation:
    /// a reference that still fails prints as a visible marker.
    pub fn new(data: &'a Data) -> Self {
        Self::with_resolver(data, Resolver::for_data(data))
    }

    /// [`Context::new`], taking the figures `validate` printed for `data`
    /// from `printed` and keeping those it prints there (see [`Printed`]).
    pub(crate) fn sharing(data: &'a Data, printed: &'a Printed) -> Self {
        Self::with_resolver(data, Resolver::for_data(data).sharing(printed))
    }

    fn with_resolver(data: &'a Data, resolver: Resolver<'a>) -> Self {
        let prose = Prose { resolver };
        let text = |s: &str, at: &dyn Fn() -> String| prose.text(s, at);
        let written =
            (!data.outline.is_empty()).then(|| WrittenView::new(&data.outline, "outline", &text));
        let written_for: IndexMap<&'a str, WrittenView> = data
            .outlines
            .iter()
            .filter(|(_, o)| !o.is_empty())
            .map(|(genre, o)| {
                let root = format!("outlines.{genre}");
                (genre.as_str(), WrittenView::new(o, &root, &text))
            })
            .collect();
        let metric = |key: &'a str, m: &'a Metric| metric_view(&prose.resolver, data, key, m);
        let basics: Vec<MetricView> = data
            .research
            .as_ref()
            .map(|r| r.basics.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|k| data.metrics.get_key_value(k.as_str()))
            .map(|(k, m)| metric(k, m))
            .collect();
        let highlights = data
            .results
            .as_ref()
            .map(|r| prose.list(&r.highlights, &|| "results.highlights".to_owned()))
            .unwrap_or_default();
        let outline = outline_view(data, !basics.is_empty(), !highlights.is_empty());
        let speech_parts = written_for
            .get(crate::render::genre::JIANGHUA)
            .or(written.as_ref())
            .map_or(outline.jianghua.len(), |w| w.count);
        let problems = problem_views(&prose, &data.problems);
        Context {
            outline,
            meta: meta_view(&data.meta),
            metrics: data
                .metrics
                .iter()
                .map(|(k, m)| (k.as_str(), metric(k, m)))
                .collect(),
            summary: data
                .results
                .as_ref()
                .and_then(|r| r.summary.as_deref())
                .map(|s| prose.text(s, &|| "results.summary".to_owned())),
            highlights,
            practices: practice_views(&prose, &data.practices),
            causes: problems.iter().flat_map(|p| p.causes.clone()).collect(),
            problems,
            measures: prose.items(&data.measures, "measures"),
            speech: speech_view(&prose, data.speech.as_ref(), &data.meta, speech_parts),
            research: research_view(&prose, data.research.as_ref(), basics),
            report: report_view(&prose, data.report.as_ref()),
            document: document_view(&prose, data),
            written,
            written_for,
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

/// Prose of the data file as a template sees it: every `{key}` printed,
/// and each number the writer typed marked for a note when notes are taken
/// (the path of the text is only made then: see `mark_typed`).
struct Prose<'d> {
    resolver: Resolver<'d>,
}

impl Prose<'_> {
    /// `s`, written at the path `at()` of the data file.
    fn text(&self, s: &str, at: &dyn Fn() -> String) -> String {
        let printed = self
            .resolver
            .resolve(s)
            .unwrap_or_else(|_| crate::render::Missing::marker(s));
        mark_typed(printed, at)
    }

    fn opt(&self, s: Option<&String>, at: &dyn Fn() -> String) -> Option<String> {
        s.map(|s| self.text(s, at))
    }

    fn list(&self, v: &[String], at: &dyn Fn() -> String) -> Vec<String> {
        v.iter()
            .enumerate()
            .map(|(i, s)| self.text(s, &|| format!("{}[{i}]", at())))
            .collect()
    }

    /// Frame text at `at`: the genre's default, none, or the writer's.
    fn frame(&self, f: &FrameText, at: &str) -> Wording<String> {
        f.map(|s| self.text(s, &|| at.to_owned()))
    }

    /// Items (a lead, a narrative, 一是 points) at `root` with their places.
    fn items(&self, v: &[Item], root: &str) -> Vec<ItemView> {
        v.iter()
            .enumerate()
            .map(|(n, i)| ItemView {
                place: Place::new(n + 1, v.len()),
                lead: self.text(&i.lead, &|| format!("{root}[{n}].lead")),
                narrative: self.opt(i.narrative.as_ref(), &|| format!("{root}[{n}].narrative")),
                points: self.list(&i.points, &|| format!("{root}[{n}].points")),
            })
            .collect()
    }
}

/// The sections each built-in genre prints, those without data left out.
fn outline_view(data: &Data, basics: bool, highlights: bool) -> OutlineView {
    let practices = !data.practices.is_empty();
    let problems = !data.problems.is_empty();
    let measures = !data.measures.is_empty();
    let significance = data
        .speech
        .as_ref()
        .is_some_and(|s| !s.significance.is_empty());
    OutlineView {
        huibao: outline(&[
            ("practices", practices),
            ("problems", problems),
            ("measures", measures),
        ]),
        jianghua: outline(&[
            ("significance", significance),
            ("achievements", practices || highlights),
            ("problems", problems),
            ("measures", measures),
        ]),
        diaoyan: outline(&[
            ("basics", basics),
            ("practices", practices),
            ("problems", problems),
            ("measures", measures),
        ]),
        zongjie: outline(&[
            ("practices", practices),
            ("problems", problems),
            ("measures", measures),
        ]),
    }
}

fn meta_view(meta: &Meta) -> MetaView<'_> {
    MetaView {
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
    }
}

fn practice_views(prose: &Prose, practices: &[crate::data::Practice]) -> Vec<PracticeView> {
    practices
        .iter()
        .enumerate()
        .map(|(n, p)| PracticeView {
            place: Place::new(n + 1, practices.len()),
            lead: prose.text(&p.lead, &|| format!("practices[{n}].lead")),
            narrative: prose.opt(p.narrative.as_ref(), &|| {
                format!("practices[{n}].narrative")
            }),
            points: prose.list(&p.points, &|| format!("practices[{n}].points")),
            results: prose.list(&p.results, &|| format!("practices[{n}].results")),
        })
        .collect()
}

fn problem_views(prose: &Prose, problems: &[crate::data::Problem]) -> Vec<ProblemView> {
    problems
        .iter()
        .enumerate()
        .map(|(n, p)| ProblemView {
            place: Place::new(n + 1, problems.len()),
            lead: prose.text(&p.lead, &|| format!("problems[{n}].lead")),
            detail: prose.opt(p.detail.as_ref(), &|| format!("problems[{n}].detail")),
            causes: prose.list(&p.causes, &|| format!("problems[{n}].causes")),
        })
        .collect()
}

/// The speech's frame; `parts` is how many parts its body prints.
fn speech_view<'a>(
    prose: &Prose,
    speech: Option<&'a crate::data::Speech>,
    meta: &Meta,
    parts: usize,
) -> SpeechView<'a> {
    let announce = speech.map_or_else(
        || announcement(&FrameText::Default, false, parts),
        |s| announcement(&s.parts_phrase, s.announce_single, parts),
    );
    SpeechView {
        meeting: speech.and_then(|s| s.meeting.as_deref()),
        speaker: speech.and_then(|s| s.speaker.as_deref()),
        speaker_title: speech.and_then(|s| s.speaker_title.as_deref()),
        date_cn: date_cn(speech.and_then(|s| s.date).unwrap_or(meta.date)),
        salutation: speech
            .and_then(|s| s.salutation.as_deref())
            .unwrap_or(SPEECH_SALUTATION),
        opening: speech.map_or(Wording::Default, |s| {
            prose.frame(&s.opening, "speech.opening")
        }),
        significance: speech
            .map(|s| prose.items(&s.significance, "speech.significance"))
            .unwrap_or_default(),
        closing: speech.map_or(Wording::Default, |s| {
            prose.frame(&s.closing, "speech.closing")
        }),
        announce,
    }
}

/// The research report's frame, with the metrics of 基本情况.
fn research_view<'a>(
    prose: &Prose,
    research: Option<&'a crate::data::Research>,
    basics: Vec<MetricView<'a>>,
) -> ResearchView<'a> {
    ResearchView {
        subject: research.and_then(|r| r.subject.as_deref()),
        background: research
            .and_then(|r| prose.opt(r.background.as_ref(), &|| "research.background".to_owned())),
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
        basics_lead: research.map_or(Wording::Default, |r| {
            prose.frame(&r.basics_lead, "research.basics_lead")
        }),
        basics_note: research.and_then(|r| {
            prose.opt(r.basics_note.as_ref(), &|| {
                "research.basics_note".to_owned()
            })
        }),
        transition: research.map_or(Wording::Default, |r| {
            r.transition
                .map(|t| transition(&prose.text(t, &|| "research.transition".to_owned())))
        }),
    }
}

fn report_view<'a>(prose: &Prose, report: Option<&'a crate::data::Report>) -> ReportView<'a> {
    ReportView {
        title: report.and_then(|r| r.title.as_deref()),
        salutation: report.and_then(|r| r.salutation.as_deref()),
        draft_mark: report.and_then(|r| r.draft_mark.as_deref()),
        closing: report.map_or(Wording::Default, |r| {
            prose.frame(&r.closing, "report.closing")
        }),
        opening: report.map_or(Wording::Default, |r| {
            prose.frame(&r.opening, "report.opening")
        }),
        lead_in: report.map_or(Wording::Default, |r| {
            r.lead_in.map(|t| {
                prose
                    .text(t, &|| "report.lead_in".to_owned())
                    .trim_end_matches(['，', ',', '：'])
                    .to_owned()
            })
        }),
        transition: report.map_or(Wording::Default, |r| {
            r.transition
                .map(|t| transition(&prose.text(t, &|| "report.transition".to_owned())))
        }),
    }
}

/// The genres the data sends as a 公文.
fn document_view<'a>(prose: &Prose, data: &'a Data) -> DocumentView<'a> {
    let text = |s: &str, at: &dyn Fn() -> String| prose.text(s, at);
    let by_key = |key: &'a str| {
        data.metrics
            .get_key_value(key)
            .map(|(k, m)| metric_view(&prose.resolver, data, k.as_str(), m))
    };
    let mut view: IndexMap<&'a str, Option<SentView<'a>>> =
        genre::BUILT_IN.iter().map(|name| (*name, None)).collect();
    for (_, name, sent) in data.document.entries() {
        let root = format!("document.{name}");
        let sent = SentView::new(sent, &root, &data.meta, &text, by_key);
        view.insert(name, Some(sent));
    }
    DocumentView(view)
}

/// The speech's announcement of its `parts`: 下面，我讲三点意见。, in the
/// writer's wording if given; for one part only when `single` asks for it.
fn announcement(phrase: &FrameText, single: bool, parts: usize) -> Option<String> {
    if parts == 0 || parts == 1 && !single {
        return None;
    }
    let words = match phrase {
        FrameText::Off => return None,
        FrameText::Default => fill_count(PARTS_PHRASE, parts),
        FrameText::Own(own) => fill_count(own, parts),
    }?;
    Some(format!(
        "下面，我{}。",
        words.trim_end_matches(['。', '：', '；'])
    ))
}

/// A transition (现将有关情况汇报如下：) ends in the colon that leads into the
/// body, whatever the data ended it with.
fn transition(text: &str) -> String {
    let t = text
        .trim()
        .trim_end_matches(['：', ':', '。', '，', ',', '；']);
    format!("{t}：")
}

/// Valid questionnaires as a share of those handed out: 95.2%; marked for
/// a Word comment with its formula when notes are being taken.
fn valid_rate(m: &crate::data::Method) -> Option<String> {
    let (valid, handed_out) = (m.questionnaires_valid?, m.questionnaires?);
    let rate = share(Decimal::from(valid), Decimal::from(handed_out)).map(format_percent)?;
    Some(mark(rate, |printed| {
        Some(format!(
            "{printed} = {valid} ÷ {handed_out}，research.method.questionnaires_valid / research.method.questionnaires（有效回收率）"
        ))
    }))
}

/// A count of the research method with its unit (`18个`), marked for a
/// Word comment naming its key when notes are being taken.
fn method_count(n: u32, unit: &str, field: &str, what: &str) -> String {
    mark(format!("{n}{unit}"), |printed| {
        Some(format!(
            "{printed} = {n}，research.method.{field}（{what}）"
        ))
    })
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
        let n = method_count(n, "个", "visits", "实地走访基层单位");
        counts.push(format!("实地走访基层单位{n}"));
    }
    if let Some(n) = some(m.forums) {
        let n = method_count(n, "场", "forums", "召开座谈会");
        counts.push(format!("召开座谈会{n}"));
    }
    if let Some(n) = some(m.interviews) {
        let n = method_count(n, "人次", "interviews", "个别访谈");
        counts.push(format!("个别访谈{n}"));
    }
    if let Some(n) = some(m.questionnaires) {
        let mut text = format!(
            "发放问卷{}",
            method_count(n, "份", "questionnaires", "发放问卷")
        );
        if let Some(valid) = some(m.questionnaires_valid) {
            let valid = method_count(valid, "份", "questionnaires_valid", "回收有效问卷");
            let rate = valid_rate(m).unwrap_or_default();
            text.push_str(&format!("、回收有效问卷{valid}（有效回收率{rate}）"));
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
    // Whether the base a form reads ([`Form::base_role`]) is there.
    let based = |f: Form| {
        f.base_role(m)
            .is_none_or(|role| r.base_value(key, m, role).is_some())
    };
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
        // A share needs a whole, a target or progress a target: without
        // one the form can only fail, and building its error is the most
        // of what it costs (the result is the same `None`).
        share: m.part_of.as_ref().and_then(|_| form(Form::Share)),
        // Likewise a change or a base with neither a stated change nor a
        // base to compute it from (the error would copy the files looked
        // for, for every metric of a file whose earlier files are absent).
        yoy: (m.yoy.is_some() || based(Form::YearOnYear))
            .then(|| form(Form::YearOnYear))
            .flatten(),
        mom: (m.mom.is_some() || based(Form::PeriodOnPeriod))
            .then(|| form(Form::PeriodOnPeriod))
            .flatten(),
        last_year: based(Form::LastYear)
            .then(|| form(Form::LastYear))
            .flatten(),
        previous: based(Form::Previous)
            .then(|| form(Form::Previous))
            .flatten(),
        target: m.target.and_then(|_| form(Form::Target)),
        progress: m.target.and_then(|_| form(Form::Progress)),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Context;
    use crate::data::load::parse;

    /// Every metric of the repository's data files, with and without a
    /// whole or a target: the view of every form tried, as first written.
    #[test]
    fn a_metric_view_tries_only_the_forms_that_can_print() {
        use crate::data::refs::{Form, Resolver};
        let (mut compared, mut with_base) = (0, 0);
        for dir in ["data", "tests/corpus", "tests/fixtures", "init"] {
            for entry in walkdir::WalkDir::new(dir) {
                let path = entry.unwrap().into_path();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                // Loaded with the bases of its series (data/liuchuan has them).
                let Some(loaded) = crate::data::load::load(&path).0 else {
                    continue;
                };
                let data = &loaded.data;
                let r = Resolver::for_data(data);
                for (key, m) in &data.metrics {
                    let view = super::metric_view(&r, data, key, m);
                    let form = |f: Form| r.format(key, f).ok();
                    let every = [
                        form(Form::Share),
                        form(Form::Target),
                        form(Form::Progress),
                        form(Form::YearOnYear),
                        form(Form::PeriodOnPeriod),
                        form(Form::LastYear),
                        form(Form::Previous),
                    ];
                    with_base += usize::from(every[6].is_some());
                    let view = [
                        view.share,
                        view.target,
                        view.progress,
                        view.yoy,
                        view.mom,
                        view.last_year,
                        view.previous,
                    ];
                    assert_eq!(view, every, "{}: {key}", path.display());
                    compared += 1;
                }
            }
        }
        assert!(compared > 50, "{compared}");
        assert!(with_base > 5, "{with_base}");
    }

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

#[cfg(test)]
mod outline_tests {
    use std::path::Path;

    use super::Context;
    use crate::data::load::{Loaded, parse};
    use crate::render::templates::Templates;

    const META: &str = "\
meta:
  region: 青石区
  organization: 青石区民政局
  topic: 民政工作
  period: 2026-H1
  date: 2026-07-10
results:
  summary: 各项工作有序推进
";

    /// The data of `META` and `extra`, with a speech's meeting and speaker
    /// unless `extra` gives its own `speech`.
    fn load(extra: &str) -> Loaded {
        let speech = if extra.contains("speech:") {
            ""
        } else {
            "speech:\n  meeting: 全区民政工作会议\n  speaker: 刘振华\n"
        };
        parse(Path::new("t.yaml"), format!("{META}{speech}{extra}")).unwrap()
    }

    fn draft(extra: &str, genre: &str) -> String {
        let loaded = load(extra);
        let templates = Templates::load(None).unwrap();
        let genre = templates.genres().get(genre).unwrap().clone();
        templates
            .render(&genre, &Context::new(&loaded.data))
            .unwrap()
            .markdown
    }

    /// The draft from its first heading of the body on, without the title block.
    fn after_salutation(md: &str) -> &str {
        md.split_once("\n\n").map_or(md, |(_, rest)| rest)
    }

    const FOUR_LEVELS: &str = "\
outline:
  - title: 工作开展情况
    parts:
      - title: 兜底保障
        parts:
          - title: 社会救助
            parts:
              - title: 低保扩面
                narrative: 全面落实低保政策
              - title: 临时救助
          - title: 特困供养
            heading: standalone
      - title: 养老服务
        points_layout: paragraphs
        points: [新建服务站, 推进助餐]
  - title: 下一步打算
    heading: run_in
    narrative: 抓好落实
";

    #[test]
    fn the_outline_is_numbered_level_by_level() {
        let loaded = load(FOUR_LEVELS);
        let context = Context::new(&loaded.data);
        let written = context.written.as_ref().unwrap();
        let blocks: Vec<(u8, &str, &str, bool, usize)> = written
            .blocks
            .iter()
            .map(|b| {
                (
                    b.level,
                    b.number.as_str(),
                    b.title.as_str(),
                    b.run_in,
                    b.count,
                )
            })
            .collect();
        assert_eq!(
            blocks,
            [
                (1, "一、", "工作开展情况", false, 2),
                (2, "（一）", "兜底保障", false, 2),
                (3, "1.", "社会救助", false, 2),
                (4, "（1）", "低保扩面", true, 2),
                (4, "（2）", "临时救助", true, 2),
                (3, "2.", "特困供养", false, 2),
                (2, "（二）", "养老服务", true, 2),
                (1, "二、", "下一步打算", true, 2),
            ]
        );
        assert_eq!(written.count, 2);
        assert_eq!(
            written.blocks[6].point_paragraphs,
            ["一是新建服务站。", "二是推进助餐。"]
        );
        assert!(context.written_for.is_empty());
    }

    #[test]
    fn a_report_prints_the_writers_outline_in_its_frame() {
        let md = draft(FOUR_LEVELS, crate::render::genre::HUIBAO);
        assert_eq!(
            after_salutation(&md),
            "今年以来，各项工作有序推进。现将有关情况汇报如下：

## 一、工作开展情况

### （一）兜底保障

#### 1.社会救助

**（1）低保扩面。**
全面落实低保政策。

**（2）临时救助。**

#### 2.特困供养

**（二）养老服务。**

一是新建服务站。

二是推进助餐。

**二、下一步打算。**
抓好落实。

我们将认真落实上级部署要求，以更加务实的作风推动民政工作取得新的更大成效。
"
        );
    }

    #[test]
    fn a_genres_own_outline_wins_and_the_speech_counts_its_parts() {
        let extra = "\
outline:
  - title: 总体情况
outlines:
  jianghua:
    - title: 提高站位
    - title: 做优服务
    - title: 发挥作用
";
        let md = draft(extra, crate::render::genre::JIANGHUA);
        assert!(
            md.contains("下面，我讲三点意见。\n\n## 一、提高站位\n"),
            "{md}"
        );
        assert!(md.contains("## 三、发挥作用\n"), "{md}");
        assert!(!md.contains("总体情况"), "{md}");
        let report = draft(extra, crate::render::genre::HUIBAO);
        assert!(report.contains("## 一、总体情况\n"), "{report}");
    }

    #[test]
    fn the_speech_announces_in_the_writers_words_and_one_part_when_asked() {
        let announce = |extra: &str| Context::new(&load(extra).data).speech.announce;
        let two = "outlines:\n  jianghua:\n    - title: 甲\n    - title: 乙\n";
        assert_eq!(
            announce(&format!("{two}speech:\n  parts_phrase: 强调N个方面意见\n")).as_deref(),
            Some("下面，我强调两个方面意见。")
        );
        let one = "outline:\n  - title: 甲\n";
        assert_eq!(announce(one), None);
        assert_eq!(
            announce(&format!("{one}speech:\n  announce_single: true\n")).as_deref(),
            Some("下面，我讲一点意见。")
        );
        assert_eq!(
            announce(&format!(
                "{one}speech:\n  announce_single: true\n  parts_phrase: false\n"
            )),
            None
        );
    }

    #[test]
    fn every_piece_of_report_frame_text_can_be_replaced_or_switched_off() {
        let body = "outline:\n  - title: 工作情况\n    narrative: 稳步推进\n";
        let own = draft(
            &format!(
                "{body}report:\n  lead_in: 上半年，\n  transition: 现将上半年工作报告如下\n  \
                 closing: 以上汇报，请审阅\n"
            ),
            crate::render::genre::HUIBAO,
        );
        assert!(
            own.contains("\n\n上半年，各项工作有序推进。现将上半年工作报告如下：\n\n"),
            "{own}"
        );
        assert!(own.ends_with("\n\n以上汇报，请审阅。\n"), "{own}");
        let off = draft(
            &format!("{body}report:\n  opening: false\n  transition: false\n  closing: false\n"),
            crate::render::genre::HUIBAO,
        );
        assert!(
            off.ends_with("2026年7月10日\n\n## 一、工作情况\n\n稳步推进。\n"),
            "{off}"
        );
        let sentence = draft(
            &format!("{body}report:\n  opening: 近年来，我局坚持民生为本\n  lead_in: false\n"),
            crate::render::genre::HUIBAO,
        );
        assert!(
            sentence.contains("\n\n近年来，我局坚持民生为本。现将有关情况汇报如下：\n\n"),
            "{sentence}"
        );
        let no_time_words = draft(
            &format!("{body}report:\n  lead_in: false\n"),
            crate::render::genre::HUIBAO,
        );
        assert!(
            no_time_words.contains("\n\n各项工作有序推进。现将有关情况汇报如下：\n\n"),
            "{no_time_words}"
        );
    }

    #[test]
    fn the_transition_waits_for_a_body() {
        let md = draft("", crate::render::genre::HUIBAO);
        assert!(!md.contains("汇报如下"), "{md}");
        assert!(md.contains("今年以来，各项工作有序推进。\n"), "{md}");
    }

    #[test]
    fn speech_and_research_frames_can_be_switched_off_or_rewritten() {
        let body = "outline:\n  - title: 甲\n  - title: 乙\n";
        let speech = draft(
            &format!(
                "{body}speech:\n  meeting: 会议\n  speaker: 刘振华\n  opening: false\n  \
                 closing: false\n"
            ),
            crate::render::genre::JIANGHUA,
        );
        assert!(
            speech.ends_with("同志们：\n\n下面，我讲两点意见。\n\n## 一、甲\n\n## 二、乙\n"),
            "{speech}"
        );
        let basics = "\
metrics:
  members:
    name: 党员
    value: 120
    unit: 名
research:
  basics: [members]
  basics_lead: 目前，全区共有
  basics_note: 党员队伍结构持续优化
  method:
    visits: 3
  transition: false
practices:
  - lead: 加强组织建设
";
        let md = draft(basics, crate::render::genre::DIAOYAN);
        assert!(
            md.contains("实地走访基层单位3个。\n\n## 一、基本情况\n\n目前，全区共有党员120名。\n\n党员队伍结构持续优化。\n"),
            "{md}"
        );
    }
}
