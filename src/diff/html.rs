//! `wengao diff --html`: the comparison as one self-contained web page —
//! inline CSS, no script, nothing fetched — with the two versions side by
//! side (old on the left, what went highlighted red; new on the right, what
//! came highlighted green), then the metric table and the sentences a
//! reviewer must still read.

use super::metrics::MetricRow;
use super::{Compared, Line, Piece, shown, shown_inline};

/// The highlight of deleted text (also what the browser test looks for).
pub(crate) const DELETED_RGB: (u8, u8, u8) = (0xff, 0xa8, 0xa8);
/// The highlight of inserted text.
pub(crate) const INSERTED_RGB: (u8, u8, u8) = (0x9c, 0xe8, 0x9c);

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn escape(text: &str) -> String {
    crate::docx::xml::escape(text).into_owned()
}

/// The whole page.
pub(crate) fn page(pairs: &[Compared], rows: Option<&[MetricRow]>) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>文稿比较</title>
<style>
body {{ font-family: "Noto Serif CJK SC", "FangSong", serif; margin: 16px; color: #222; }}
table.side {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 24px; }}
table.side td, table.side th {{ width: 50%; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #ddd; line-height: 1.8; }}
td.old {{ border-right: 2px solid #999; }}
del {{ background: {del}; text-decoration: line-through; }}
ins {{ background: {ins}; text-decoration: none; }}
td.gone {{ background: {del}; }}
td.came {{ background: {ins}; }}
td.moved {{ font-style: italic; }}
table.metrics {{ border-collapse: collapse; }}
table.metrics td, table.metrics th {{ border: 1px solid #bbb; padding: 2px 6px; }}
.how {{ color: #666; font-size: 90%; }}
</style></head><body>
"#,
        del = hex(DELETED_RGB),
        ins = hex(INSERTED_RGB)
    ));
    for pair in pairs {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&pair.title)));
        if !pair.diff.differs() {
            out.push_str("<p>无改动</p>\n");
        }
        out.push_str("<table class=\"side\"><tr><th>原稿</th><th>新稿</th></tr>\n");
        for line in &pair.diff.lines {
            match line {
                Line::Same { text, .. } => {
                    let t = escape(&shown(text));
                    out.push_str(&format!(
                        "<tr><td class=\"old\">{t}</td><td>{t}</td></tr>\n"
                    ));
                }
                Line::Moved { old, text, .. } => {
                    let t = escape(&shown(text));
                    out.push_str(&format!(
                        "<tr><td class=\"old moved\">（移自原第{}段）</td><td class=\"moved\">{t}</td></tr>\n",
                        old + 1
                    ));
                }
                Line::MovedAway { text, .. } => {
                    let t = escape(&shown(text));
                    out.push_str(&format!(
                        "<tr><td class=\"old moved\">{t}</td><td class=\"moved\">（移至下文）</td></tr>\n"
                    ));
                }
                Line::Inserted { text, .. } => {
                    let t = escape(&shown(text));
                    out.push_str(&format!(
                        "<tr><td class=\"old\"></td><td class=\"came\">{t}</td></tr>\n"
                    ));
                }
                Line::Deleted { text, .. } => {
                    let t = escape(&shown(text));
                    out.push_str(&format!(
                        "<tr><td class=\"old gone\">{t}</td><td></td></tr>\n"
                    ));
                }
                Line::Changed {
                    old, pieces, moved, ..
                } => {
                    let (mut left, mut right) = (String::new(), String::new());
                    if *moved {
                        left.push_str(&format!("（移自原第{}段）", old + 1));
                    }
                    for (i, piece) in pieces.iter().enumerate() {
                        match piece {
                            Piece::Same(text) => {
                                let t = if i == 0 {
                                    escape(&shown(text))
                                } else {
                                    escape(&shown_inline(text))
                                };
                                left.push_str(&t);
                                right.push_str(&t);
                            }
                            Piece::Change { old, new, .. } => {
                                if !old.is_empty() {
                                    left.push_str(&format!(
                                        "<del>{}</del>",
                                        escape(&shown_inline(old))
                                    ));
                                }
                                if !new.is_empty() {
                                    right.push_str(&format!(
                                        "<ins>{}</ins>",
                                        escape(&shown_inline(new))
                                    ));
                                }
                            }
                        }
                    }
                    out.push_str(&format!(
                        "<tr class=\"changed\"><td class=\"old\">{left}</td><td>{right}</td></tr>\n"
                    ));
                }
            }
        }
        out.push_str("</table>\n");
        if !pair.diff.unchanged.is_empty() {
            out.push_str(
                "<h3>未改动但含数字、日期或时期的句子（请复核）</h3>\n<ul class=\"unchanged\">\n",
            );
            for u in &pair.diff.unchanged {
                out.push_str(&format!(
                    "<li>第{}段：{}</li>\n",
                    u.line + 1,
                    escape(&u.sentence)
                ));
            }
            out.push_str("</ul>\n");
        }
    }
    if let Some(rows) = rows {
        out.push_str("<h2>指标变化</h2>\n<table class=\"metrics\"><tr><th>键</th><th>名称</th><th>原值</th><th>新值</th><th>变化</th><th>比较项（原→新）</th></tr>\n");
        for row in rows.iter().filter(|r| r.differs()) {
            let comparisons: Vec<String> = row
                .comparisons
                .iter()
                .map(|c| {
                    format!(
                        "{}：{}→{} <span class=\"how\">（{}）</span>",
                        c.label,
                        escape(c.old.as_deref().unwrap_or("（无）")),
                        escape(c.new.as_deref().unwrap_or("（无）")),
                        if c.typed { "录入" } else { "计算" }
                    )
                })
                .collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&row.key),
                escape(&row.name),
                escape(row.old.as_deref().unwrap_or("（无）")),
                escape(row.new.as_deref().unwrap_or("（无）")),
                escape(&row.change),
                comparisons.join("<br>")
            ));
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}
