//! Breaks a long title into balanced lines (GB/T 9704: 回行时要做到词意完整，
//! 排列对称). Without a dictionary the break goes where 公文 titles usually
//! allow one — after an organisation or place (`县` `局` `部`), after `关于`,
//! around `的`, after a comma — as near the balanced length as possible.

use super::text::display_width;

/// Characters after which a title may break cleanly.
const BREAK_AFTER: &[char] = &[
    '的', '县', '市', '省', '区', '镇', '乡', '村', '局', '部', '委', '办', '院', '厅', '年', '、',
    '，', '和', '与', '及',
];
/// Characters that must not start a line (punctuation) or end one (opening marks).
const NO_START: &[char] = &[
    '，', '。', '、', '；', '：', '）', '”', '’', '》', '！', '？', '—', '…',
];
const NO_END: &[char] = &['（', '“', '‘', '《'];
/// The cost of a break that is none of the clean ones, in half-width units.
const UNCLEAN: usize = 6;

/// The title's lines for lines that hold `capacity` half-width units.
pub fn break_title(title: &str, capacity: usize) -> Vec<String> {
    let width = display_width(title);
    if width <= capacity || capacity == 0 {
        return vec![title.to_owned()];
    }
    let lines = width.div_ceil(capacity);
    let chars: Vec<char> = title.chars().collect();
    let mut out = Vec::with_capacity(lines);
    let mut start = 0;
    for remaining in (2..=lines).rev() {
        let rest: String = chars[start..].iter().collect();
        let target = display_width(rest.as_str()) / remaining;
        match best_break(&chars[start..], target, capacity) {
            Some(at) => {
                out.push(chars[start..start + at].iter().collect());
                start += at;
            }
            None => break,
        }
    }
    out.push(chars[start..].iter().collect());
    out
}

/// The break (a char index) whose first line is closest to `target` wide,
/// clean breaks preferred, never splitting a number or stranding punctuation.
fn best_break(chars: &[char], target: usize, capacity: usize) -> Option<usize> {
    let mut width = 0;
    let mut best: Option<(usize, usize)> = None;
    for at in 1..chars.len() {
        width += display_width(chars[at - 1].encode_utf8(&mut [0; 4]));
        if width > capacity {
            break;
        }
        let (before, after) = (chars[at - 1], chars[at]);
        if NO_START.contains(&after)
            || NO_END.contains(&before)
            || (before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric())
        {
            continue;
        }
        let clean =
            BREAK_AFTER.contains(&before) || after == '的' || chars[..at].ends_with(&['关', '于']);
        let cost = width.abs_diff(target) + if clean { 0 } else { UNCLEAN };
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, at));
        }
    }
    best.map(|(_, at)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_stay_on_one_line() {
        assert_eq!(
            break_title("柳川县2026年前三季度老干部工作情况汇报", 40).len(),
            1
        );
    }

    #[test]
    fn long_titles_break_after_a_clean_point_near_the_middle() {
        assert_eq!(
            break_title("关于柳川县离退休干部居家养老服务需求的调研报告", 40),
            ["关于柳川县离退休干部", "居家养老服务需求的调研报告"]
        );
    }

    #[test]
    fn numbers_and_punctuation_are_never_split() {
        let lines = break_title(
            "柳川县2026年“银发先锋”志愿服务项目实施情况的专题调研报告",
            30,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        for pair in lines.windows(2) {
            assert!(!pair[1].starts_with(['”', '，']), "{lines:?}");
            assert!(!pair[0].ends_with('“'), "{lines:?}");
        }
        assert_eq!(
            lines.concat(),
            "柳川县2026年“银发先锋”志愿服务项目实施情况的专题调研报告"
        );
        assert!(lines.iter().all(|l| display_width(l) <= 30), "{lines:?}");
    }
}
