//! Breaks a long title into balanced lines (GB/T 9704 7.3.3: 回行时要做到词意
//! 完整，排列对称，长短适宜，间距恰当). The breaks are explicit (`w:br`), so
//! every reader shows the same lines.
//!
//! The rule, without a dictionary of the whole language: jieba-rs, which
//! `wengao diff` segments with, takes about 0.1 s to load its dictionary,
//! and every build would pay it (a cold build is 7–8 ms) for titles that
//! use a small, formulaic vocabulary:
//!
//! - a break may never split a number, a word of [`WORDS`], or put
//!   punctuation at the start of a line or an opening mark at its end;
//! - it is best after `关于`, `的`, `和`/`与`/`及`, `、`/`，` ([`STRONG_AFTER`]);
//! - good after a place, an office or a period (`县`, `局`, `年`, `季度`, …,
//!   [`GOOD_AFTER`]) and before the kind of text (`工作`, `情况`, `报告`, …,
//!   [`GOOD_BEFORE`]);
//! - anywhere else it costs [`UNCLEAN`];
//!
//! and among the ways to cut the title into the fewest lines that fit, the
//! one with the least total of break costs and distances of each line from
//! the average length wins: lines of near-equal length (a 梯形 or 菱形),
//! broken at word boundaries.

use std::sync::LazyLock;

use super::text::display_width;

/// Breaks after these are the natural ones of a 公文 title.
const STRONG_AFTER: &[&str] = &["关于", "的", "和", "与", "及", "暨", "、", "，", "："];
/// Breaks after these end a place, an office or a period.
const GOOD_AFTER: &[&str] = &[
    "县", "区", "市", "省", "镇", "乡", "局", "委", "年", "季度", "半年", "干部", "会议",
];
/// Breaks before these start the kind of text or its subject.
const GOOD_BEFORE: &[&str] = &[
    "工作",
    "情况",
    "报告",
    "调研报告",
    "汇报",
    "讲话",
    "意见",
    "方案",
    "总结",
    "通知",
    "服务",
    "需求",
    "建设",
    "发展",
];
/// Words a break never splits: the title vocabulary of the genres, beyond
/// the two-character words of [`GOOD_AFTER`] and [`GOOD_BEFORE`], which
/// [`splits_a_word`] protects as well.
const WORDS: &[&str] = &[
    "关于",
    "调研",
    "老干部",
    "离退休",
    "老年大学",
    "办学",
    "居家",
    "养老",
    "志愿",
    "乡村振兴",
    "集体经济",
    "党建",
    "党支部",
    "推进会",
    "前三季度",
    "上半年",
    "下半年",
    "全年",
    "专题",
    "组织",
    "人才",
    "银发",
    "年度",
    // Offices: a place suffix followed by its body stays whole.
    "县委",
    "市委",
    "省委",
    "区委",
    "党委",
    "党组",
    "政府",
    "人民政府",
    "委员会",
    "局长",
    "部长",
    "书记",
    "中共",
    // The subjects and verbs of titles beyond one office's work: a break
    // between two characters of a word is the one 9704 forbids (词意完整).
    "推进",
    "推动",
    "加强",
    "提升",
    "构建",
    "打造",
    "创新",
    "实践",
    "探索",
    "经验",
    "做法",
    "实施",
    "机制",
    "体系",
    "治理",
    "基层",
    "社会",
    "城乡",
    "高质量",
    "现代化",
    "示范",
    "改革",
    "矛盾",
    "纠纷",
    "多元",
    "化解",
    "安全",
    "生产",
    "森林",
    "防火",
    "老旧小区",
    "改造",
    "市场监管",
    "营商环境",
    "重点项目",
    "民政",
    "救助",
];
/// Characters that must not start a line (punctuation) or end one (opening marks).
const NO_START: &[char] = &[
    '，', '。', '、', '；', '：', '）', '”', '’', '》', '！', '？', '—', '…',
];
const NO_END: &[char] = &['（', '“', '‘', '《'];
/// Costs of a break, in half-width units of line length: a strong break is
/// free, a good one costs a little, any other one as much as lines five
/// characters out of balance.
const GOOD: usize = 3;
const UNCLEAN: usize = 10;
/// At most this many lines more than the fewest are tried when the fewest
/// leave no acceptable break.
const EXTRA_LINES: usize = 2;

/// The title's lines for lines that hold `capacity` half-width units.
pub(super) fn break_title(title: &str, capacity: usize) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    // widths[i]: width of the first i characters.
    let mut widths = Vec::with_capacity(chars.len() + 1);
    widths.push(0);
    for c in &chars {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        widths.push(widths.last().copied().unwrap_or(0) + w);
    }
    let total = widths[chars.len()];
    if total <= capacity || capacity == 0 {
        return vec![title.to_owned()];
    }
    let costs: Vec<Option<usize>> = (0..=chars.len()).map(|at| break_cost(&chars, at)).collect();
    let fewest = total.div_ceil(capacity);
    let cuts = (fewest..=fewest + EXTRA_LINES)
        .find_map(|lines| best_cuts(&widths, &costs, lines, capacity))
        .unwrap_or_else(|| hard_cuts(&widths, capacity));
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts.into_iter().chain([chars.len()]) {
        out.push(chars[start..cut].iter().collect());
        start = cut;
    }
    out
}

/// The word lists as characters, decoded once: a title is compared with
/// them at every place a break could go.
struct Vocabulary {
    strong_after: Vec<Vec<char>>,
    good_after: Vec<Vec<char>>,
    good_before: Vec<Vec<char>>,
    /// [`WORDS`] and the two-character words of the lists of good breaks:
    /// the words a break never splits.
    unsplit: Vec<Vec<char>>,
    /// Each character inside a word of `unsplit` (not its first), with the
    /// word and its place there, sorted: a break before a character that
    /// is not here splits no word.
    inside: Vec<(char, usize, usize)>,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let decode =
        |words: &[&str]| -> Vec<Vec<char>> { words.iter().map(|w| w.chars().collect()).collect() };
    let two_chars = |w: &&&str| w.chars().count() == 2;
    let listed: Vec<&str> = GOOD_AFTER
        .iter()
        .chain(GOOD_BEFORE)
        .filter(two_chars)
        .copied()
        .collect();
    let unsplit = decode(&[WORDS, &listed].concat());
    let mut inside: Vec<(char, usize, usize)> = unsplit
        .iter()
        .enumerate()
        .flat_map(|(w, word)| (1..word.len()).map(move |at| (word[at], w, at)))
        .collect();
    inside.sort_unstable();
    Vocabulary {
        strong_after: decode(STRONG_AFTER),
        good_after: decode(GOOD_AFTER),
        good_before: decode(GOOD_BEFORE),
        unsplit,
        inside,
    }
});

/// What a break before `chars[at]` costs; `None` where none may go.
fn break_cost(chars: &[char], at: usize) -> Option<usize> {
    if at == 0 || at >= chars.len() {
        return None;
    }
    let (before, after) = (chars[at - 1], chars[at]);
    if NO_START.contains(&after)
        || NO_END.contains(&before)
        || (before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric())
        || (before.is_ascii_digit() && matches!(after, '年' | '月' | '日' | '%' | '％'))
        || splits_a_word(chars, at)
    {
        return None;
    }
    let vocabulary = &*VOCABULARY;
    // The character beside the break first: it rarely matches.
    let ends = |words: &[Vec<char>]| {
        words
            .iter()
            .any(|w| w.last() == Some(&before) && chars[..at].ends_with(w))
    };
    let starts = |words: &[Vec<char>]| {
        words
            .iter()
            .any(|w| w.first() == Some(&after) && chars[at..].starts_with(w))
    };
    Some(if ends(&vocabulary.strong_after) {
        0
    } else if ends(&vocabulary.good_after) || starts(&vocabulary.good_before) {
        GOOD
    } else {
        UNCLEAN
    })
}

/// Whether a break before `chars[at]` falls inside a word of [`WORDS`], or a
/// two-character word of the lists of good breaks.
fn splits_a_word(chars: &[char], at: usize) -> bool {
    let after = chars[at];
    let vocabulary = &*VOCABULARY;
    let from = vocabulary.inside.partition_point(|&(c, ..)| c < after);
    vocabulary.inside[from..]
        .iter()
        .take_while(|&&(c, ..)| c == after)
        .any(|&(_, word, inside)| {
            let word = &vocabulary.unsplit[word];
            at >= inside && chars[at - inside..].starts_with(word)
        })
}

/// The cheapest cut of the title into `lines` lines of at most `capacity`,
/// as the char indices where lines 2… start; `None` if there is none.
fn best_cuts(
    widths: &[usize],
    costs: &[Option<usize>],
    lines: usize,
    capacity: usize,
) -> Option<Vec<usize>> {
    let n = widths.len() - 1;
    let average = widths[n] as f64 / lines as f64;
    let line_cost = |from: usize, to: usize| -> Option<f64> {
        let width = widths[to] - widths[from];
        (width <= capacity).then(|| (width as f64 - average).abs())
    };
    // best[j][i]: the least cost of j lines covering the first i chars,
    // with the break before char i; from[j][i] the previous break.
    let mut best = vec![vec![f64::INFINITY; n + 1]; lines + 1];
    let mut from = vec![vec![0usize; n + 1]; lines + 1];
    best[0][0] = 0.0;
    for j in 1..=lines {
        for i in 1..=n {
            let end_cost = if i == n {
                0.0
            } else {
                match costs[i] {
                    Some(c) if j < lines => c as f64,
                    _ => continue,
                }
            };
            for k in (j - 1)..i {
                if !best[j - 1][k].is_finite() {
                    continue;
                }
                let Some(cost) = line_cost(k, i) else {
                    continue;
                };
                let total = best[j - 1][k] + cost + end_cost;
                // Strictly less: ties keep the earliest break, so equal
                // input always gives equal lines.
                if total < best[j][i] {
                    best[j][i] = total;
                    from[j][i] = k;
                }
            }
        }
    }
    if !best[lines][n].is_finite() {
        return None;
    }
    let mut cuts = Vec::with_capacity(lines - 1);
    let mut at = n;
    for j in (2..=lines).rev() {
        at = from[j][at];
        cuts.push(at);
    }
    cuts.reverse();
    Some(cuts)
}

/// Lines filled to `capacity`, for a title that admits no acceptable break
/// (a very long run of digits or Latin letters).
fn hard_cuts(widths: &[usize], capacity: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut start = 0;
    for i in 1..widths.len() {
        if widths[i] - widths[start] > capacity {
            cuts.push(i - 1);
            start = i - 1;
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first version of [`break_cost`], which decoded every word at
    /// every place: the oracle of the one above.
    fn simple_break_cost(chars: &[char], at: usize) -> Option<usize> {
        if at == 0 || at >= chars.len() {
            return None;
        }
        let (before, after) = (chars[at - 1], chars[at]);
        if NO_START.contains(&after)
            || NO_END.contains(&before)
            || (before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric())
            || (before.is_ascii_digit() && matches!(after, '年' | '月' | '日' | '%' | '％'))
            || simple_splits_a_word(chars, at)
        {
            return None;
        }
        let ends = |words: &[&str]| {
            words.iter().any(|w| {
                let n = w.chars().count();
                at >= n && w.chars().eq(chars[at - n..at].iter().copied())
            })
        };
        let starts = |words: &[&str]| {
            words.iter().any(|w| {
                let n = w.chars().count();
                at + n <= chars.len() && w.chars().eq(chars[at..at + n].iter().copied())
            })
        };
        Some(if ends(STRONG_AFTER) {
            0
        } else if ends(GOOD_AFTER) || starts(GOOD_BEFORE) {
            GOOD
        } else {
            UNCLEAN
        })
    }

    fn simple_splits_a_word(chars: &[char], at: usize) -> bool {
        let two_chars = |w: &&&str| w.chars().count() == 2;
        let listed = GOOD_AFTER.iter().chain(GOOD_BEFORE).filter(two_chars);
        WORDS.iter().chain(listed).any(|word| {
            let len = word.chars().count();
            (1..len).any(|inside| {
                at >= inside
                    && at - inside + len <= chars.len()
                    && chars[at - inside..at - inside + len]
                        .iter()
                        .copied()
                        .eq(word.chars())
            })
        })
    }

    /// Titles made of the lists' words and characters, punctuation, digits
    /// and Latin letters, so that every rule of a break is met.
    fn title() -> impl Strategy<Value = Vec<char>> {
        let mut pieces: Vec<String> = STRONG_AFTER
            .iter()
            .chain(GOOD_AFTER)
            .chain(GOOD_BEFORE)
            .chain(WORDS)
            .map(|w| (*w).to_owned())
            .collect();
        let singles: Vec<String> = pieces
            .iter()
            .flat_map(|w| w.chars())
            .chain(NO_START.iter().copied())
            .chain(NO_END.iter().copied())
            .chain("20A6b年月日%％柳川".chars())
            .map(String::from)
            .collect();
        pieces.extend(singles);
        proptest::collection::vec(proptest::sample::select(pieces), 0..24)
            .prop_map(|p| p.concat().chars().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn break_costs_are_the_simple_versions(chars in title()) {
            for at in 0..=chars.len() + 1 {
                prop_assert_eq!(break_cost(&chars, at), simple_break_cost(&chars, at), "{:?} at {}", chars, at);
            }
        }
    }

    /// 19 characters of 22 pt: one less than fits, so a full line keeps slack.
    const CAPACITY: usize = 38;

    #[test]
    fn short_titles_stay_on_one_line() {
        assert_eq!(
            break_title("柳川县2026年前三季度老干部工作情况汇报", CAPACITY).len(),
            1
        );
    }

    #[test]
    fn long_titles_break_at_a_word_boundary_near_the_middle() {
        assert_eq!(
            break_title("关于柳川县离退休干部居家养老服务需求的调研报告", CAPACITY),
            ["关于柳川县离退休干部", "居家养老服务需求的调研报告"]
        );
        assert_eq!(
            break_title("关于桐溪区村级集体经济发展情况的调研报告", 30),
            ["关于桐溪区村级集体经济", "发展情况的调研报告"]
        );
    }

    #[test]
    fn the_reported_title_keeps_banxue_whole() {
        // The title that came out as 「…老年大学办／学情况…」.
        let title = "柳川县委老干部局关于2026年前三季度全县老年大学办学情况和离退休干部居家养老服务工作的调研报告";
        assert!(title.chars().count() >= 40);
        let lines = break_title(title, CAPACITY);
        assert_eq!(
            lines,
            [
                "柳川县委老干部局关于2026年",
                "前三季度全县老年大学办学情况和",
                "离退休干部居家养老服务工作的调研报告",
            ]
        );
    }

    #[test]
    fn a_forty_character_title_breaks_into_balanced_whole_words() {
        let title =
            "关于进一步加强和改进新时代离退休干部党的建设工作推动老干部工作高质量发展的实施意见";
        assert!(title.chars().count() >= 40, "{}", title.chars().count());
        let lines = break_title(title, CAPACITY);
        assert_eq!(lines.concat(), title);
        assert_eq!(lines.len(), 3, "{lines:?}");
        for line in &lines {
            assert!(display_width(line) <= CAPACITY, "{lines:?}");
        }
        assert_eq!(
            lines,
            [
                "关于进一步加强和改进新时代",
                "离退休干部党的建设工作推动老干部",
                "工作高质量发展的实施意见",
            ]
        );
    }

    #[test]
    fn the_experience_title_keeps_duoyuan_whole() {
        // `wengao init`'s 经验材料 came out as 「…矛盾纠纷多／元化解…」.
        assert_eq!(
            break_title("示例镇推进矛盾纠纷多元化解工作的实践与探索", CAPACITY),
            ["示例镇推进矛盾纠纷多元", "化解工作的实践与探索"]
        );
    }

    #[test]
    fn office_names_stay_whole() {
        let title = "中共柳川县委老干部局关于2026年度全县离退休干部党支部标准化建设情况的报告";
        let lines = break_title(title, CAPACITY);
        assert_eq!(lines.concat(), title);
        for pair in lines.windows(2) {
            let seam: String = pair[0]
                .chars()
                .last()
                .into_iter()
                .chain(pair[1].chars().next())
                .collect();
            for word in ["县委", "年度", "支部", "干部"] {
                assert_ne!(seam, word, "{lines:?}");
            }
        }
        assert_eq!(
            lines,
            [
                "中共柳川县委老干部局关于2026年度全县",
                "离退休干部党支部标准化建设情况的报告"
            ]
        );
    }

    #[test]
    fn numbers_and_punctuation_are_never_split() {
        let title = "柳川县2026年“银发先锋”志愿服务项目实施情况的专题调研报告";
        let lines = break_title(title, 30);
        assert!(lines.len() >= 2, "{lines:?}");
        for pair in lines.windows(2) {
            assert!(!pair[1].starts_with(['”', '，', '年']), "{lines:?}");
            assert!(!pair[0].ends_with('“'), "{lines:?}");
        }
        assert_eq!(lines.concat(), title);
        assert!(lines.iter().all(|l| display_width(l) <= 30), "{lines:?}");
    }

    #[test]
    fn a_title_without_any_break_is_still_cut_to_fit() {
        let title = "A".repeat(100);
        let lines = break_title(&title, CAPACITY);
        assert_eq!(lines.concat(), title);
        assert!(
            lines.iter().all(|l| display_width(l) <= CAPACITY),
            "{lines:?}"
        );
    }
}
