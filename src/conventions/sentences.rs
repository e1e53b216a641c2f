//! Sentences and words of a paragraph: where a Chinese paragraph splits into
//! sentences, and a sentence into the tokens a comparison marks — words,
//! whole numbers, punctuation (docs/conventions.md "Sentences and words").
//!
//! `wengao diff` aligns drafts sentence by sentence and marks changes inside
//! a sentence by token; the review merge matches sentences the same way. So
//! that both agree, the rules are here, once:
//!
//! * a sentence ends at `。`, `；`, `！` or `？` (full- or half-width `!?;`),
//!   together with the closing quotes and brackets right after it
//!   (`……增长。”` is one sentence); text after the last mark is a sentence
//!   of its own;
//! * a **number** is always one token, whatever a segmenter would do with
//!   it: digits with their decimals and thousands separators, a sign, `%`
//!   or `‰`, a 万/亿 and a 余/多 written onto them (`1,250`, `6.2%`,
//!   `1250余`, `1.5万`, `1234万余`), and a Chinese-numeral count before a
//!   measure word (not an ordinal after 第) (`三` of `三项`, `十二` of `十二条`, `三十余` of
//!   `三十余个`);
//! * the text between numbers is cut into Chinese words by `jieba-rs` (its
//!   dictionary, about 5 MB, is unpacked on first use only: `build` and
//!   `check` never pay for it), each punctuation mark and each run of spaces
//!   being a token of its own.

use std::ops::Range;
use std::sync::OnceLock;

use super::script::{is_cjk_punct, is_space};

/// Marks that end a sentence.
const SENTENCE_ENDS: [char; 7] = ['。', '；', '！', '？', '!', '?', ';'];

/// Closing quotes and brackets that stay with the sentence they close.
const CLOSERS: [char; 12] = [
    '”', '’', '）', '》', '」', '』', '】', '〕', '〉', ')', '"', '\'',
];

/// The digits of Chinese numerals, as counts are written (`三`, `两`, `〇`).
const CN_DIGITS: [char; 13] = [
    '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十',
];

/// Magnitudes inside a Chinese numeral (`三百`, `一千二百`).
const CN_MAGNITUDES: [char; 4] = ['百', '千', '万', '亿'];

/// Measure words and time units after which a Chinese numeral is a count
/// (`三项`, `两个`, `二〇二六年`), not part of a word (`统一`, `一是`, `十四五`).
const MEASURE_WORDS: &str = "个项条点次家名人位件户所座处批场期类种支篇份本张台辆套栋间\
                             元岁年月日天周届轮块亩吨米倍成股级段部章节";

/// Words naming a period or a point in time: a sentence holding one is still
/// worth a reviewer's look when a new period's draft leaves it unchanged.
pub(crate) const PERIOD_WORDS: [&str; 27] = [
    "季度",
    "上半年",
    "下半年",
    "全年",
    "今年",
    "去年",
    "上年",
    "明年",
    "本年",
    "同期",
    "本月",
    "上月",
    "本季",
    "上季",
    "年初",
    "年底",
    "年末",
    "年内",
    "月底",
    "月末",
    "截至",
    "目前",
    "当前",
    "近期",
    "以来",
    "月份",
    "旬",
];

/// What a token of a sentence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum TokenKind {
    /// A number, whole (see the module docs).
    Number,
    /// A word (Chinese by the segmenter, or a run of Latin letters).
    Word,
    /// One punctuation mark.
    Punct,
    /// A run of spaces.
    Space,
}

/// One token of a sentence: its text and where it lies in the sentence
/// (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token<'s> {
    pub text: &'s str,
    pub range: Range<usize>,
    pub kind: TokenKind,
}

/// Where the sentences of `paragraph` lie, as byte ranges that cover it
/// exactly, in order (an empty paragraph has none).
pub(crate) fn sentence_ranges(paragraph: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !SENTENCE_ENDS.contains(&c) {
            continue;
        }
        // A run of end marks (`？！`) and the closers after it stay together.
        while let Some(&(_, next)) = chars.peek() {
            if SENTENCE_ENDS.contains(&next) || CLOSERS.contains(&next) {
                chars.next();
            } else {
                break;
            }
        }
        let end = chars.peek().map_or(paragraph.len(), |&(at, _)| at);
        ranges.push(start..end);
        start = end;
    }
    if start < paragraph.len() {
        ranges.push(start..paragraph.len());
    }
    ranges
}

/// The sentences of `paragraph`; joined, they give it back unchanged.
pub(crate) fn sentences(paragraph: &str) -> Vec<&str> {
    sentence_ranges(paragraph)
        .into_iter()
        .map(|range| &paragraph[range])
        .collect()
}

/// Where the numbers of `text` lie (byte ranges, in order): each is one
/// token of [`tokens`].
pub(crate) fn number_ranges(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let end = arabic_number_end(&chars, i).or_else(|| chinese_count_end(&chars, i));
        match end {
            Some(end) => {
                ranges.push(byte_at(i)..byte_at(end));
                i = end;
            }
            None => i += 1,
        }
    }
    ranges
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The end (a char index) of the number in Arabic digits starting at `i`.
fn arabic_number_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut k = i;
    // A sign belongs to the number only where it cannot be a dash or a
    // hyphen between two other tokens.
    if matches!(at(k), Some('-' | '−' | '+'))
        && at(k + 1).is_some_and(is_digit)
        && !(k > 0 && at(k - 1).is_some_and(|c| c.is_ascii_alphanumeric() || is_digit(c)))
    {
        k += 1;
    }
    if !at(k).is_some_and(is_digit) || (k == i && i > 0 && at(i - 1).is_some_and(is_digit)) {
        return None;
    }
    while at(k).is_some_and(is_digit) {
        k += 1;
    }
    // Thousands separators: a comma followed by exactly three digits.
    while at(k) == Some(',')
        && (1..=3).all(|d| at(k + d).is_some_and(is_digit))
        && !at(k + 4).is_some_and(is_digit)
    {
        k += 4;
    }
    if matches!(at(k), Some('.' | '．')) && at(k + 1).is_some_and(is_digit) {
        k += 1;
        while at(k).is_some_and(is_digit) {
            k += 1;
        }
    }
    if matches!(at(k), Some('%' | '％' | '‰')) {
        return Some(k + 1);
    }
    // `1.5万`, `3亿`, `2万亿`; then `余`/`多` (`1250余`, `1234万余`).
    while matches!(at(k), Some('万' | '亿')) {
        k += 1;
    }
    if matches!(at(k), Some('余' | '多')) {
        k += 1;
    }
    Some(k)
}

/// The end of a Chinese-numeral count starting at `i`: a run of numeral
/// characters holding at least one digit, maybe a `余`/`多`, then a measure
/// word (which is not part of the number).
fn chinese_count_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let is_numeral = |c: char| CN_DIGITS.contains(&c) || CN_MAGNITUDES.contains(&c);
    // Start a count only at the start of a numeral run, and not after 第:
    // an ordinal (第一段, 第三次) names a place, not a quantity.
    if i > 0 && (is_numeral(chars[i - 1].1) || chars[i - 1].1 == '第') {
        return None;
    }
    let mut k = i;
    while chars.get(k).is_some_and(|&(_, c)| is_numeral(c)) {
        k += 1;
    }
    if k == i || !chars[i..k].iter().any(|&(_, c)| CN_DIGITS.contains(&c)) {
        return None;
    }
    if chars.get(k).is_some_and(|&(_, c)| c == '余' || c == '多') {
        k += 1;
    }
    chars
        .get(k)
        .is_some_and(|&(_, c)| MEASURE_WORDS.contains(c))
        .then_some(k)
}

/// Periods as drafts name them, added to the segmenter's dictionary so
/// each is one word (`2026年前三季度` is 年 + 前三季度, not 年前 + 三 + 季度).
const PERIOD_NAMES: [&str; 12] = [
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "前三季度",
    "上半年",
    "下半年",
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "全年",
];

/// The segmenter, built on first use (it unpacks and indexes jieba's
/// dictionary, the one cost of word-level diffing).
fn segmenter() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        let mut jieba = jieba_rs::Jieba::new();
        for word in PERIOD_NAMES {
            // Frequent enough to win over any split of it.
            jieba.add_word(word, Some(100_000), None);
        }
        jieba
    })
}

/// The tokens of `sentence`, in order; joined, they give it back unchanged.
pub(crate) fn tokens(sentence: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut last = 0;
    for number in number_ranges(sentence) {
        words(sentence, last..number.start, &mut out);
        out.push(Token {
            text: &sentence[number.clone()],
            range: number.clone(),
            kind: TokenKind::Number,
        });
        last = number.end;
    }
    words(sentence, last..sentence.len(), &mut out);
    out
}

/// Cuts `sentence[range]`, which holds no number, into words, marks and
/// spaces.
fn words<'s>(sentence: &'s str, range: Range<usize>, out: &mut Vec<Token<'s>>) {
    if range.is_empty() {
        return;
    }
    let text = &sentence[range.clone()];
    for word in segmenter().cut(text, true) {
        let start = range.start + word.byte_start;
        let mut pieces = split_marks(word.word);
        // jieba keeps a run of spaces or marks whole; split marks apart so
        // each is its own token.
        for (offset, piece) in pieces.drain(..) {
            let begin = start + offset;
            let kind = match piece.chars().next() {
                Some(c) if is_space(c) || c.is_whitespace() => TokenKind::Space,
                Some(c) if is_mark(c) => TokenKind::Punct,
                _ => TokenKind::Word,
            };
            out.push(Token {
                text: piece,
                range: begin..begin + piece.len(),
                kind,
            });
        }
    }
}

fn is_mark(c: char) -> bool {
    is_cjk_punct(c) || c.is_ascii_punctuation() || matches!(c, '\u{3000}'..='\u{303F}')
}

/// A segment cut so each punctuation mark stands alone: (offset, piece).
fn split_marks(word: &str) -> Vec<(usize, &str)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, c) in word.char_indices() {
        if is_mark(c) {
            if start < at {
                pieces.push((start, &word[start..at]));
            }
            let end = at + c.len_utf8();
            pieces.push((at, &word[at..end]));
            start = end;
        }
    }
    if start < word.len() {
        pieces.push((start, &word[start..]));
    }
    pieces
}

/// Whether `sentence` holds something a new period may have made stale: a
/// number (dates included) or a word naming a period.
pub(crate) fn holds_figure(sentence: &str) -> bool {
    !number_ranges(sentence).is_empty() || PERIOD_WORDS.iter().any(|w| sentence.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sentence: &str) -> Vec<&str> {
        tokens(sentence).into_iter().map(|t| t.text).collect()
    }

    fn numbers(text: &str) -> Vec<&str> {
        number_ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_end_at_full_stops_semicolons_and_marks() {
        assert_eq!(
            sentences("一是抓党建；二是抓发展。全年完成任务！还有吗？"),
            ["一是抓党建；", "二是抓发展。", "全年完成任务！", "还有吗？"]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            sentences("他说：“要抓落实。”（见附件。）下一句"),
            ["他说：“要抓落实。”", "（见附件。）", "下一句"]
        );
        assert_eq!(sentences("真的吗？！是的。"), ["真的吗？！", "是的。"]);
    }

    #[test]
    fn sentences_cover_the_paragraph() {
        for p in ["", "无标点", "。", "甲。乙", "甲。”乙；丙"] {
            assert_eq!(sentences(p).concat(), p);
        }
        assert!(sentences("").is_empty());
    }

    #[test]
    fn numbers_are_whole() {
        assert_eq!(
            numbers("党支部86个，环比增长6.2%，投入1,250.5万元，参与1250余人"),
            ["86", "6.2%", "1,250.5万", "1250余"]
        );
        assert_eq!(
            numbers("1234万余元，下降-0.3个百分点，3.6万小时"),
            ["1234万余", "-0.3", "3.6万"]
        );
        assert_eq!(numbers("2026年6月8日"), ["2026", "6", "8"]);
        // A comma not followed by exactly three digits separates two numbers.
        assert_eq!(numbers("1,23与12,3456"), ["1", "23", "12", "3456"]);
    }

    #[test]
    fn chinese_counts_before_a_measure_word_are_numbers() {
        assert_eq!(
            numbers("我讲三点意见，建立十二项机制和两个平台，走访三十余户"),
            ["三", "十二", "两", "三十余"]
        );
        assert_eq!(numbers("二〇二六年"), ["二〇二六"]);
        // Numerals inside words are not counts.
        assert!(numbers("统一思想，一是进一步落实“十四五”规划，第一书记").is_empty());
        assert!(numbers("千万不能").is_empty());
        assert!(numbers("正文第一段，第三次会议").is_empty());
    }

    #[test]
    fn tokens_keep_numbers_whole_and_cover_the_sentence() {
        let s = "全市共有党支部86个，环比增长6.2%。";
        let tokens = tokens(s);
        assert_eq!(tokens.iter().map(|t| t.text).collect::<String>(), s);
        let kinds: Vec<_> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Number)
            .map(|t| t.text)
            .collect();
        assert_eq!(kinds, ["86", "6.2%"]);
        assert!(
            tokens
                .iter()
                .any(|t| t.text == "党支部" && t.kind == TokenKind::Word)
        );
        assert_eq!(
            tokens.last().map(|t| (t.text, t.kind)),
            Some(("。", TokenKind::Punct))
        );
        for t in &tokens {
            assert_eq!(&s[t.range.clone()], t.text);
        }
    }

    #[test]
    fn chinese_words_are_cut_by_the_segmenter() {
        assert_eq!(texts("推进乡村振兴"), ["推进", "乡村", "振兴"]);
        assert_eq!(
            texts("2026年前三季度工作"),
            ["2026", "年", "前三季度", "工作"]
        );
        assert_eq!(texts("2026年上半年"), ["2026", "年", "上半年"]);
        assert_eq!(texts("讲三点意见"), ["讲", "三", "点", "意见"]);
    }

    #[test]
    fn marks_and_spaces_are_tokens_of_their_own() {
        let t = tokens("甲，“乙”  x");
        let kinds: Vec<_> = t.iter().map(|t| (t.text, t.kind)).collect();
        assert!(kinds.contains(&("，", TokenKind::Punct)));
        assert!(kinds.contains(&("“", TokenKind::Punct)));
        assert!(kinds.contains(&("”", TokenKind::Punct)));
        assert!(kinds.iter().any(|&(_, k)| k == TokenKind::Space));
    }

    #[test]
    fn figures_are_numbers_dates_and_period_words() {
        assert!(holds_figure("完成投资3.6万元。"));
        assert!(holds_figure("与上年同期相比有所提升。"));
        assert!(holds_figure("截至目前，工作有序推进。"));
        assert!(!holds_figure("坚持以人民为中心。"));
    }
}
