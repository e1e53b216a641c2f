//! Blocks → 公文 elements: decides what each Markdown block is in the
//! project's conventions (title block, headings by numbering prefix, run-in
//! leads, salutation, signature) and joins soft line breaks.
//!
//! Pure functions over [`Block`]s; the converter only lays out what this
//! module decided. The decisions themselves are the shared rules of
//! [`crate::conventions::blocks`], which the lint applies too.

use std::borrow::Cow;
use std::ops::Range;

use super::markdown::{Align, Block, Inlines, Piece, Table};
use super::tracked::accepted;
use crate::conventions::blocks::{
    AfterBold, Classified, Role, directly_under, heading_level, is_kai_line, is_run_in_lead,
    is_salutation, is_signature, is_title, is_title_block, standalone_heading,
};
use crate::conventions::lines::joiner;
use crate::conventions::numbering::numbering_level;

/// The numbering hierarchy `一、` → `（一）` → `1.` → `（1）`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Level {
    One,
    Two,
    Three,
    Four,
}

impl Level {
    /// The level of the hierarchy numbered `depth` (1–4; deeper is 4).
    fn from_depth(depth: u8) -> Level {
        match depth {
            ..=1 => Level::One,
            2 => Level::Two,
            3 => Level::Three,
            _ => Level::Four,
        }
    }

    /// The level as a number, 1–4.
    pub(super) fn depth(self) -> u8 {
        self as u8 + 1
    }
}

/// Paragraph content once soft breaks are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Segment {
    Text(String),
    Break,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SubtitleLine {
    pub text: String,
    /// Wrapped in full-width parentheses: the speech's speaker/date line, set in 楷体.
    pub kai: bool,
}

/// A run-in lead: `**（一）突出政治引领。**` at the start of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Lead {
    /// From the numbering prefix; `None` when the lead has none.
    pub level: Option<Level>,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TableElement {
    pub aligns: Vec<Align>,
    pub rows: Vec<Vec<Vec<Segment>>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Element {
    /// The H1 and the lines directly under it (draft mark, author, date, speaker).
    TitleBlock {
        title: Vec<Segment>,
        lines: Vec<SubtitleLine>,
    },
    Heading {
        level: Level,
        content: Vec<Segment>,
    },
    Paragraph {
        lead: Option<Lead>,
        content: Vec<Segment>,
    },
    /// `尊敬的各位领导：` — flush left.
    Salutation(String),
    /// The closing signature lines; the last is the date.
    Signature(Vec<String>),
    Table(TableElement),
}

/// What each element is, line by line for the title block and cell by cell
/// for tables, with the text it shows: the converter's side of the
/// comparison with the lint.
pub(super) fn roles(elements: &[Element]) -> Vec<Classified> {
    let mut out = Vec::new();
    for element in elements {
        match element {
            Element::TitleBlock { title, lines } => {
                out.push(Classified::new(Role::Title, plain(title)));
                out.extend(
                    lines
                        .iter()
                        .map(|l| Classified::new(Role::TitleLine, l.text.as_str())),
                );
            }
            Element::Heading { level, content } => {
                out.push(Classified::new(
                    Role::Heading(level.depth()),
                    plain(content),
                ));
            }
            Element::Paragraph { lead, content } => {
                let role = Role::Lead(lead.as_ref().and_then(|l| l.level.map(Level::depth)));
                let role = if lead.is_some() { role } else { Role::Body };
                let lead = lead.as_ref().map_or("", |l| l.text.as_str());
                out.push(Classified::new(role, format!("{lead}{}", plain(content))));
            }
            Element::Salutation(text) => out.push(Classified::new(Role::Salutation, text.as_str())),
            Element::Signature(lines) => {
                out.push(Classified::new(Role::Signature, lines.join("\n")));
            }
            Element::Table(table) => out.extend(
                table
                    .rows
                    .iter()
                    .flatten()
                    .map(|cell| plain(cell))
                    .filter(|text| !text.trim().is_empty())
                    .map(|text| Classified::new(Role::Cell, text)),
            ),
        }
    }
    out
}

/// Classifies the blocks of `source`, in order, each as the reader hands
/// it over: the blocks are never all held at once.
pub(super) fn classify<'s>(
    blocks: impl IntoIterator<Item = Block<'s>>,
    source: &str,
) -> Vec<Element> {
    // A block of a draft is a hundred bytes or more of Markdown: room for
    // most drafts' elements without growing.
    let mut out = Vec::with_capacity(source.len() / 100 + 1);
    let mut blocks = blocks.into_iter().peekable();
    while let Some(block) = blocks.next() {
        let element = match block {
            Block::Heading {
                level,
                content,
                source: range,
            } => {
                // Joined once, for the test and the element.
                let content = join(&content);
                let text = plain_text(&content);
                if is_title(level, &accepted(&text)) {
                    let under = blocks.next_if(|next| title_block_under(source, &range, next));
                    let lines = under.map_or_else(Vec::new, |b| subtitle_lines(&b));
                    Element::TitleBlock {
                        title: content,
                        lines,
                    }
                } else {
                    let level = heading_depth(level, &text);
                    Element::Heading { level, content }
                }
            }
            Block::Paragraph { content, .. } => paragraph(&content, blocks.peek().is_none()),
            Block::Table(table) => Element::Table(table_element(table)),
        };
        out.push(element);
    }
    out
}

/// A paragraph directly under the title that is a title block.
fn title_block_under(source: &str, title: &Range<usize>, next: &Block) -> bool {
    let Block::Paragraph {
        source: next,
        content,
    } = next
    else {
        return false;
    };
    // Most titles have a blank line under them: their next paragraph's
    // lines are not gathered.
    if !directly_under(source, title.end, next.start) {
        return false;
    }
    let opens_bold = matches!(content.first(), Some(Piece::Text { strong: true, .. }));
    let lines: Vec<String> = lines(content)
        .iter()
        .map(|l| accepted(l).into_owned())
        .collect();
    is_title_block(opens_bold, lines.iter().map(String::as_str))
}

fn subtitle_lines(block: &Block) -> Vec<SubtitleLine> {
    let Block::Paragraph { content, .. } = block else {
        return Vec::new();
    };
    lines(content)
        .into_iter()
        .map(|text| SubtitleLine {
            kai: is_kai_line(&accepted(&text)),
            text,
        })
        .collect()
}

/// The prefix decides the level; the Markdown level (`##` = 一、) only when
/// the text carries no number. `text` is the heading as [`plain`] text.
fn heading_depth(markdown_level: u8, text: &str) -> Level {
    Level::from_depth(heading_level(markdown_level, &accepted(text)))
}

fn paragraph(content: &Inlines, last: bool) -> Element {
    if last && let Some(lines) = signature_lines(content) {
        return Element::Signature(lines);
    }
    let (mut one, mut many) = (Span::none(), Vec::new());
    let spans = spans_of(content, &mut one, &mut many);
    let all_strong = spans.iter().all(|s| s.strong);
    // A run-in lead is the bold spans opening the paragraph on its first
    // line: the first `lead_bytes` of the joined text.
    let lead_len = spans
        .iter()
        .take_while(|s| s.strong && !s.text.contains('\n'))
        .count();
    let lead_bytes: usize = spans[..lead_len].iter().map(|s| s.text.len()).sum();
    // A paragraph of one span (the usual one: no bold) is its text: moved
    // here, not copied; several are joined once, into a string of the
    // right size.
    let text: Cow<'_, str> = if let [span] = spans {
        std::mem::take(&mut span.text)
    } else {
        let mut joined = String::with_capacity(spans.iter().map(|s| s.text.len()).sum());
        for span in spans.iter() {
            joined.push_str(&span.text);
        }
        Cow::Owned(joined)
    };
    let single_line = !text.contains('\n');
    // A line of its own that reads as a heading: `一、主要做法` typed without
    // `##`, or `**（一）组织建设**` alone.
    if let Some(level) = standalone_heading(&accepted(&text), single_line, all_strong) {
        return Element::Heading {
            level: Level::from_depth(level),
            content: vec![Segment::Text(text.into_owned())],
        };
    }
    if is_salutation(&accepted(&text), single_line) {
        return Element::Salutation(text.into_owned());
    }
    let lead = (lead_len > 0)
        .then(|| &text[..lead_bytes])
        .filter(|lead| is_run_in_lead(&accepted(lead), after_bold(content)))
        .map(|lead| Lead {
            level: numbering_level(&accepted(lead)).map(Level::from_depth),
            text: lead.to_owned(),
        });
    let content = if lead.is_some() {
        split_breaks(text[lead_bytes..].to_owned())
    } else {
        // The whole text, already joined.
        split_breaks(text.into_owned())
    };
    Element::Paragraph { lead, content }
}

fn table_element(table: Table) -> TableElement {
    TableElement {
        aligns: table.aligns,
        rows: table
            .rows
            .iter()
            .map(|row| row.iter().map(join).collect())
            .collect(),
    }
}

/// What follows the bold stretch opening a paragraph: the piece after the
/// leading bold text.
fn after_bold(content: &Inlines) -> AfterBold {
    for (i, piece) in content.iter().enumerate() {
        match piece {
            Piece::Text { strong: true, .. } => {}
            Piece::Text { strong: false, .. } => return AfterBold::SameLine,
            Piece::HardBreak => return AfterBold::LineBreak,
            Piece::SoftBreak => {
                // Bold after a soft break continues the stretch.
                let next = content[i + 1..].iter().find_map(|p| match p {
                    Piece::Text { strong, .. } => Some(*strong),
                    _ => None,
                });
                match next {
                    Some(true) => {}
                    Some(false) => return AfterBold::LineBreak,
                    None => return AfterBold::Nothing,
                }
            }
        }
    }
    AfterBold::Nothing
}

/// The last paragraph is a signature block when its last line is a date
/// (`2026年10月8日`) and no line reads as a sentence.
fn signature_lines(content: &Inlines) -> Option<Vec<String>> {
    let lines: Vec<String> = lines(content)
        .into_iter()
        .map(|l| l.trim().to_owned())
        .collect();
    let seen: Vec<String> = lines.iter().map(|l| accepted(l).into_owned()).collect();
    let borrowed: Vec<&str> = seen.iter().map(String::as_str).collect();
    is_signature(&borrowed).then_some(lines)
}

/// Text with its `**` flag, soft breaks already resolved; `\n` marks a hard break.
/// Borrowed from the source while it is one piece.
struct Span<'s> {
    text: Cow<'s, str>,
    strong: bool,
}

impl Span<'_> {
    /// A place for [`spans_of`] to put one span (no allocation).
    fn none() -> [Self; 1] {
        [Span {
            text: Cow::Borrowed(""),
            strong: false,
        }]
    }
}

/// Resolves soft breaks by their neighbours: nothing beside Chinese, a space
/// between Latin words. The joiner goes to the text before the break.
fn spans<'s>(content: &Inlines<'s>) -> Vec<Span<'s>> {
    let mut out: Vec<Span> = Vec::new();
    for (i, piece) in content.iter().enumerate() {
        match piece {
            Piece::Text { text, strong } => match out.last_mut() {
                Some(last) if last.strong == *strong => last.text.to_mut().push_str(text),
                _ => out.push(Span {
                    text: text.clone(),
                    strong: *strong,
                }),
            },
            Piece::SoftBreak => {
                let before = out.last().and_then(|s| s.text.chars().next_back());
                let after = content[i + 1..].iter().find_map(|p| match p {
                    Piece::Text { text, .. } => text.chars().next(),
                    _ => None,
                });
                // Beside Chinese the joiner is empty: a borrowed span stays borrowed.
                let joint = joiner(before, after);
                if let Some(last) = out.last_mut()
                    && !joint.is_empty()
                {
                    last.text.to_mut().push_str(joint);
                }
            }
            // A break belongs to the text after a bold stretch, so a lead
            // followed by a hard break is still a lead.
            Piece::HardBreak => match out.last_mut() {
                Some(last) if !last.strong => last.text.to_mut().push('\n'),
                _ => out.push(Span {
                    text: Cow::Borrowed("\n"),
                    strong: false,
                }),
            },
        }
    }
    out
}

/// [`spans`], without a vector for content of one text (most blocks):
/// its span is put in `one`, several in `many`.
fn spans_of<'a, 's>(
    content: &Inlines<'s>,
    one: &'a mut [Span<'s>; 1],
    many: &'a mut Vec<Span<'s>>,
) -> &'a mut [Span<'s>] {
    if let [Piece::Text { text, strong }] = content.as_slice() {
        *one = [Span {
            text: text.clone(),
            strong: *strong,
        }];
        one
    } else {
        *many = spans(content);
        many
    }
}

/// Splits joined text at `\n` into text and breaks.
fn segments<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Segment> {
    split_breaks(texts.collect())
}

/// Splits `joined` at `\n` into text and breaks; text without a break is
/// kept as it is, not copied.
fn split_breaks(joined: String) -> Vec<Segment> {
    if !joined.contains('\n') {
        return if joined.is_empty() {
            Vec::new()
        } else {
            vec![Segment::Text(joined)]
        };
    }
    let mut out = Vec::new();
    for (i, part) in joined.split('\n').enumerate() {
        if i > 0 {
            out.push(Segment::Break);
        }
        if !part.is_empty() {
            out.push(Segment::Text(part.to_owned()));
        }
    }
    out
}

/// The content as segments, ignoring `**` (the standard bolds nothing).
pub(super) fn join(content: &Inlines) -> Vec<Segment> {
    let (mut one, mut many) = (Span::none(), Vec::new());
    let spans = spans_of(content, &mut one, &mut many);
    // One span (a heading without bold, a plain cell) is not copied twice.
    if let [span] = spans {
        return split_breaks(std::mem::take(&mut span.text).into_owned());
    }
    segments(spans.iter().map(|s| &*s.text))
}

/// The source lines of a paragraph: split at every break, soft or hard.
fn lines(content: &Inlines) -> Vec<String> {
    let mut out = vec![String::new()];
    for piece in content {
        match piece {
            Piece::Text { text, .. } => out.last_mut().expect("never empty").push_str(text),
            Piece::SoftBreak | Piece::HardBreak => out.push(String::new()),
        }
    }
    out.retain(|l| !l.trim().is_empty());
    out
}

/// [`plain`], borrowed when the segments are one text (most headings).
fn plain_text(segments: &[Segment]) -> Cow<'_, str> {
    match segments {
        [Segment::Text(text)] => Cow::Borrowed(text),
        _ => Cow::Owned(plain(segments)),
    }
}

/// Segments as plain text, breaks as `\n`.
pub(super) fn plain(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| match s {
            Segment::Text(t) => t.as_str(),
            Segment::Break => "\n",
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::markdown::read;
    use super::*;

    fn elements(src: &str) -> Vec<Element> {
        classify(read(src), src)
    }

    fn t(s: &str) -> Vec<Segment> {
        vec![Segment::Text(s.into())]
    }

    /// [`paragraph`] as first written, joining the spans again for the
    /// lead's rest: the oracle of the one that joins once.
    fn paragraph_simply(content: &Inlines, last: bool) -> Element {
        if last && let Some(lines) = signature_lines(content) {
            return Element::Signature(lines);
        }
        let mut spans = spans(content);
        let all_strong = spans.iter().all(|s| s.strong);
        // A paragraph of one span (the usual one: no bold) is its text: moved
        // here, and back below, not copied.
        let single = spans.len() == 1;
        let text: Cow<'_, str> = if single {
            std::mem::take(&mut spans[0].text)
        } else {
            Cow::Owned(spans.iter().map(|s| &*s.text).collect())
        };
        let single_line = !text.contains('\n');
        // A line of its own that reads as a heading: `一、主要做法` typed without
        // `##`, or `**（一）组织建设**` alone.
        if let Some(level) = standalone_heading(&accepted(&text), single_line, all_strong) {
            return Element::Heading {
                level: Level::from_depth(level),
                content: vec![Segment::Text(text.into_owned())],
            };
        }
        if is_salutation(&accepted(&text), single_line) {
            return Element::Salutation(text.into_owned());
        }
        let text = if single {
            spans[0].text = text;
            None
        } else {
            Some(text)
        };
        let lead_len = spans
            .iter()
            .take_while(|s| s.strong && !s.text.contains('\n'))
            .count();
        let lead = (lead_len > 0)
            .then(|| {
                spans[..lead_len]
                    .iter()
                    .map(|s| &*s.text)
                    .collect::<String>()
            })
            .filter(|text| is_run_in_lead(&accepted(text), after_bold(content)))
            .map(|text| Lead {
                level: numbering_level(&accepted(&text)).map(Level::from_depth),
                text,
            });
        let content = if lead.is_some() {
            split_breaks(spans[lead_len..].iter().map(|s| &*s.text).collect())
        } else {
            // The whole text, already joined.
            split_breaks(
                text.unwrap_or_else(|| spans.pop().map(|s| s.text).unwrap_or_default())
                    .into_owned(),
            )
        };
        Element::Paragraph { lead, content }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Paragraphs of bold and plain text, soft and hard breaks, leads
        /// numbered or not, salutations, signatures: classified (and
        /// joined) as the simple versions do.
        #[test]
        fn paragraphs_classified_as_the_simple_version(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "**", "**（一）", "一、", "1.", "加强领导", "。", "，", "：", "a", "b c",
                    "\n", "  \n", "# ", "\\\n", "2026年10月8日", "县委办公室", " ", "*",
                ]),
                1..10,
            ),
            last in proptest::bool::ANY,
        ) {
            let source: String = parts.concat();
            for block in read(&source) {
                let (Block::Heading { content, .. } | Block::Paragraph { content, .. }) = &block
                else {
                    continue;
                };
                proptest::prop_assert_eq!(
                    join(content),
                    segments(spans(content).iter().map(|s| &*s.text))
                );
                if let Block::Paragraph { content, .. } = block {
                    proptest::prop_assert_eq!(
                        paragraph(&content, last),
                        paragraph_simply(&content, last),
                        "{:?}", source
                    );
                }
            }
        }
    }

    #[test]
    fn title_takes_the_lines_directly_under_it() {
        let els = elements("# 柳川县工作汇报\n（送审稿）\n柳川县委老干部局\n\n尊敬的各位领导：\n");
        assert_eq!(
            els[0],
            Element::TitleBlock {
                title: t("柳川县工作汇报"),
                lines: vec![
                    SubtitleLine {
                        text: "（送审稿）".into(),
                        kai: true
                    },
                    SubtitleLine {
                        text: "柳川县委老干部局".into(),
                        kai: false
                    },
                ],
            }
        );
        assert_eq!(els[1], Element::Salutation("尊敬的各位领导：".into()));
    }

    #[test]
    fn a_blank_line_after_the_title_makes_an_ordinary_paragraph() {
        let els = elements("# 标题\n\n（送审稿）是一段正文。\n");
        assert!(matches!(&els[0], Element::TitleBlock { lines, .. } if lines.is_empty()));
        assert!(matches!(els[1], Element::Paragraph { .. }));
    }

    #[test]
    fn what_changed_when_the_rules_were_shared_with_the_lint() {
        // A sentence directly under the title is body text, not a centred line.
        let els = elements("# 标题\n今年以来，我县各项工作稳步推进。\n");
        assert!(matches!(&els[0], Element::TitleBlock { lines, .. } if lines.is_empty()));
        assert!(matches!(els[1], Element::Paragraph { .. }));
        // A numbered `#` heading is a heading even first in the draft.
        let els = elements("# 一、总体情况\n\n正文。\n");
        assert!(matches!(
            els[0],
            Element::Heading {
                level: Level::One,
                ..
            }
        ));
        // Each unnumbered `#` heading starts a document.
        let els = elements("# 甲\n\n正文。\n\n# 乙\n\n正文。\n");
        assert!(matches!(els[2], Element::TitleBlock { .. }));
        // A bold phrase followed by text on its line is no lead.
        let els = elements("**重要的是**，我们要坚持。\n");
        assert!(matches!(els[0], Element::Paragraph { lead: None, .. }));
        // Wrongly written numbers still give the level (the lint reports them).
        let els = elements("㈠强化保障\n\n一.加强领导\n");
        assert!(matches!(
            els[0],
            Element::Heading {
                level: Level::Two,
                ..
            }
        ));
        assert!(matches!(
            els[1],
            Element::Heading {
                level: Level::One,
                ..
            }
        ));
    }

    #[test]
    fn heading_level_comes_from_the_prefix_first() {
        let els = elements("# 标题\n\n### 一、主要做法\n\n## （一）组织建设\n\n#### 概况\n");
        let levels: Vec<Level> = els
            .iter()
            .filter_map(|e| match e {
                Element::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, vec![Level::One, Level::Two, Level::Three]);
    }

    #[test]
    fn run_in_lead_is_split_from_its_paragraph() {
        let els = elements("**（一）突出政治引领。**\n我们坚持一是……；二是……。\n");
        assert_eq!(
            els[0],
            Element::Paragraph {
                lead: Some(Lead {
                    level: Some(Level::Two),
                    text: "（一）突出政治引领。".into()
                }),
                content: t("我们坚持一是……；二是……。"),
            }
        );
    }

    #[test]
    fn a_bold_sentence_alone_is_a_lead_without_body() {
        let els = elements("**（二）阵地条件相对薄弱。**\n\n**（三）组织建设情况**\n");
        assert_eq!(
            els[0],
            Element::Paragraph {
                lead: Some(Lead {
                    level: Some(Level::Two),
                    text: "（二）阵地条件相对薄弱。".into()
                }),
                content: Vec::new(),
            }
        );
        assert!(matches!(
            els[1],
            Element::Heading {
                level: Level::Two,
                ..
            }
        ));
    }

    #[test]
    fn soft_breaks_join_chinese_without_space_and_latin_with_one() {
        let els = elements("今年以来，全县\n2026年共有\nWord\nWPS 用户。\n\n第一行\\\n第二行\n");
        assert_eq!(
            els[0],
            Element::Paragraph {
                lead: None,
                content: t("今年以来，全县2026年共有Word WPS 用户。")
            }
        );
        assert_eq!(
            els[1],
            Element::Paragraph {
                lead: None,
                content: vec![
                    Segment::Text("第一行".into()),
                    Segment::Break,
                    Segment::Text("第二行".into())
                ]
            }
        );
    }

    #[test]
    fn signature_is_the_last_paragraph_ending_in_a_date() {
        let els = elements("正文。\n\n柳川县委老干部局调研组\n2026年10月8日\n");
        assert_eq!(
            els[1],
            Element::Signature(vec![
                "柳川县委老干部局调研组".into(),
                "2026年10月8日".into()
            ])
        );
        // Not last, or holding a sentence: ordinary paragraphs.
        let els = elements("柳川县委\n2026年10月8日\n\n正文。\n");
        assert!(matches!(els[0], Element::Paragraph { .. }));
        let els = elements("特此报告。\n2026年10月8日\n");
        assert!(matches!(els[0], Element::Paragraph { .. }));
    }

    #[test]
    fn a_salutation_holds_no_sentence() {
        let els = elements("尊敬的各位领导、同志们：\n\n现将有关情况汇报如下：\n今年以来，……\n");
        assert!(matches!(els[0], Element::Salutation(_)));
        assert!(matches!(els[1], Element::Paragraph { .. }));
    }
}
