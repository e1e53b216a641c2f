//! `wengao diff` on the terminal: each changed paragraph with its changes
//! inline (`党支部86→90个`), inserted, deleted and moved paragraphs, the
//! metric table, and the sentences a reviewer must still read. Colour
//! (red for what went, green for what came) only when asked; in plain text
//! a deletion reads `[-…-]` and an insertion `{+…+}`.

use super::metrics::MetricRow;
use super::{DraftDiff, Line, Piece, shown};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Writes the report of one compared pair of drafts, titled `title`.
pub(crate) fn draft(out: &mut String, title: &str, diff: &DraftDiff, color: bool) {
    let paint = |code: &str, text: &str| {
        if color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_owned()
        }
    };
    out.push_str(&paint(BOLD, &format!("== {title} ==")));
    out.push('\n');
    if diff.differs() {
        out.push_str(&format!("改动{}处\n", diff.marks()));
    } else {
        out.push_str("无改动\n");
    }
    for line in &diff.lines {
        match line {
            Line::Same { .. } | Line::MovedAway { .. } => {}
            Line::Moved { old, new, text } => {
                out.push_str(&format!(
                    "第{}段（移自原第{}段）：{}\n",
                    new + 1,
                    old + 1,
                    shown(text)
                ));
            }
            Line::Inserted { new, text } => {
                let text = shown(text);
                let text = if color {
                    paint(GREEN, &text)
                } else {
                    format!("{{+{text}+}}")
                };
                out.push_str(&format!("第{}段（新增）：{text}\n", new + 1));
            }
            Line::Deleted { old, text } => {
                let text = shown(text);
                let text = if color {
                    paint(RED, &text)
                } else {
                    format!("[-{text}-]")
                };
                out.push_str(&format!("原第{}段（删去）：{text}\n", old + 1));
            }
            Line::Changed {
                old,
                new,
                pieces,
                moved,
                ..
            } => {
                if *moved {
                    out.push_str(&format!("第{}段（移自原第{}段）：", new + 1, old + 1));
                } else {
                    out.push_str(&format!("第{}段：", new + 1));
                }
                for piece in pieces {
                    match piece {
                        Piece::Same(text) => out.push_str(&shown_inline(text)),
                        Piece::Change { old, new, .. } => {
                            let (old, new) = (shown_inline(old), shown_inline(new));
                            out.push_str(&change(&old, &new, color));
                        }
                    }
                }
                out.push('\n');
            }
        }
    }
    if !diff.unchanged.is_empty() {
        out.push_str(&paint(BOLD, "未改动但含数字、日期或时期的句子（请复核）："));
        out.push('\n');
        for u in &diff.unchanged {
            out.push_str(&format!("  第{}段：{}\n", u.line + 1, u.sentence));
        }
    }
}

/// One change inline: `86→90`, `[-删去-]`, `{+新增+}`.
pub(crate) fn change(old: &str, new: &str, color: bool) -> String {
    let (old_p, new_p) = if color {
        (format!("{RED}{old}{RESET}"), format!("{GREEN}{new}{RESET}"))
    } else {
        (old.to_owned(), new.to_owned())
    };
    match (old.is_empty(), new.is_empty()) {
        (false, false) => format!("{old_p}→{new_p}"),
        (true, _) if color => new_p,
        (true, _) => format!("{{+{new}+}}"),
        (false, true) if color => format!("{RED}[-{old}-]{RESET}"),
        (false, true) => format!("[-{old}-]"),
    }
}

/// A piece of a line without the Markdown marks inside it.
fn shown_inline(text: &str) -> String {
    if text.starts_with('#') {
        shown(text)
    } else {
        super::shown_inline(text)
    }
}

/// Writes the metric table: the metrics that changed, each comparison
/// marked 录入 (typed in the data) or 计算.
pub(crate) fn metrics(out: &mut String, rows: &[MetricRow], color: bool) {
    let changed: Vec<&MetricRow> = rows.iter().filter(|r| r.differs()).collect();
    let title = "指标变化（键、名称、原值→新值、变化；比较项注明录入或计算）：";
    if color {
        out.push_str(&format!("{BOLD}{title}{RESET}\n"));
    } else {
        out.push_str(title);
        out.push('\n');
    }
    if changed.is_empty() {
        out.push_str("  无\n");
    }
    let none = "";
    for row in changed {
        let old = row.old.as_deref().unwrap_or(none);
        let new = row.new.as_deref().unwrap_or(none);
        out.push_str(&format!(
            "  {} {}：{}",
            row.key,
            row.name,
            change(old, new, color)
        ));
        if !row.change.is_empty() {
            out.push_str(&format!("（{}）", row.change));
        }
        out.push('\n');
        for c in &row.comparisons {
            let how = if c.typed { "录入" } else { "计算" };
            out.push_str(&format!(
                "    {}（{how}）：{}\n",
                c.label,
                change(
                    c.old.as_deref().unwrap_or(none),
                    c.new.as_deref().unwrap_or(none),
                    color
                )
            ));
        }
    }
}
