//! Joining and closing Chinese text: `a、b和c`, `“四个意识”“四个自信”`,
//! a clause made a sentence, a heading stripped of its final mark
//! (GB/T 15834-2011, docs/conventions.md "Punctuation").

/// Marks that close a clause but not a sentence; [`sentence`] turns them
/// into `。` and enumerations drop them.
pub(crate) const CLAUSE_END: [char; 8] = ['；', '，', '、', '：', ';', ',', '.', ':'];

/// Marks that end a sentence and are kept as they are. Half-width `!` and
/// `?` are wrong in Chinese text (the linter says so), but appending a `。`
/// to them would only add a doubled mark.
const SENTENCE_END: [char; 6] = ['。', '！', '？', '…', '!', '?'];

/// Closing marks that may follow a sentence's own full stop: `他说：“好。”`.
const CLOSERS: [char; 4] = ['”', '’', '）', '》'];

/// Joins items the way a list is read out: `a`, `a和b`, `a、b和c`.
///
/// Quoted items need no separator (GB/T 15834 4.5.3.5): when every item is
/// one `“…”` or `《…》`, they are written side by side. Items are trimmed and
/// empty ones skipped.
pub(crate) fn join_cn(items: &[impl AsRef<str>]) -> String {
    let items: Vec<&str> = items
        .iter()
        .map(|item| item.as_ref().trim())
        .filter(|item| !item.is_empty())
        .collect();
    if items.iter().all(|item| is_quoted(item)) {
        return items.concat();
    }
    match items.as_slice() {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{}和{last}", init.join("、")),
    }
}

/// Whether `s` is exactly one quotation or one title: “…” or 《…》.
fn is_quoted(s: &str) -> bool {
    [('“', '”'), ('《', '》')].iter().any(|&(open, close)| {
        s.strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
            .is_some_and(|inner| !inner.contains([open, close]))
    })
}

/// `s` as a complete sentence: trimmed, a final `；，、：` (or half-width
/// `;,.:`) replaced by `。`, a `。` appended when there is no final mark, and
/// a final `。！？……` kept. Empty text, or text that is nothing but clause
/// marks, becomes empty.
pub(crate) fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() || ends_a_sentence(s) {
        return s.to_owned();
    }
    let body = s.trim_end_matches(CLAUSE_END).trim_end();
    if body.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(body.len() + '。'.len_utf8());
    out.push_str(body);
    out.push('。');
    out
}

fn ends_a_sentence(s: &str) -> bool {
    let core = s.trim_end_matches(CLOSERS);
    core.ends_with(SENTENCE_END)
}

/// `s` without its final punctuation, for a heading on its own line, which
/// ends with none. Closing quotes and brackets stay: they belong to the
/// words (`学习《条例》`).
pub(crate) fn strip_end_punct(s: &str) -> String {
    s.trim()
        .trim_end_matches(|c: char| is_end_punct(c) || c.is_whitespace())
        .to_owned()
}

fn is_end_punct(c: char) -> bool {
    CLAUSE_END.contains(&c) || SENTENCE_END.contains(&c) || c == '—'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_with_dunhao_and_he() {
        let none: [&str; 0] = [];
        assert_eq!(join_cn(&none), "");
        assert_eq!(join_cn(&["党建"]), "党建");
        assert_eq!(join_cn(&["党建", "经济"]), "党建和经济");
        assert_eq!(join_cn(&["党建", "经济", "民生"]), "党建、经济和民生");
        assert_eq!(
            join_cn(&["a".to_string(), "b".into(), "c".into(), "d".into()]),
            "a、b、c和d"
        );
        assert_eq!(join_cn(&[" 党建 ", "", "经济"]), "党建和经济");
    }

    #[test]
    fn quoted_items_are_joined_without_separators() {
        assert_eq!(
            join_cn(&["“四个意识”", "“四个自信”"]),
            "“四个意识”“四个自信”"
        );
        assert_eq!(
            join_cn(&["《条例》", "《规定》", "“两个维护”"]),
            "《条例》《规定》“两个维护”"
        );
        // One unquoted item means an ordinary list.
        assert_eq!(join_cn(&["“四个意识”", "党建"]), "“四个意识”和党建");
        // Two quotations in one item are not one quoted item.
        assert_eq!(join_cn(&["“一”和“二”", "“三”"]), "“一”和“二”和“三”");
    }

    #[test]
    fn sentences_end_with_one_full_stop() {
        assert_eq!(sentence("加强领导"), "加强领导。");
        assert_eq!(sentence("  加强领导  "), "加强领导。");
        assert_eq!(sentence("加强领导。"), "加强领导。");
        assert_eq!(sentence("加强领导；"), "加强领导。");
        assert_eq!(sentence("加强领导，"), "加强领导。");
        assert_eq!(sentence("加强领导、"), "加强领导。");
        assert_eq!(sentence("如下："), "如下。");
        assert_eq!(sentence("加强领导;"), "加强领导。");
        assert_eq!(sentence("加强领导,"), "加强领导。");
        assert_eq!(sentence("加强领导."), "加强领导。");
        assert_eq!(sentence("加强领导:"), "加强领导。");
        assert_eq!(sentence("加强领导；，"), "加强领导。");
        assert_eq!(sentence(""), "");
        assert_eq!(sentence("   "), "");
        assert_eq!(sentence("，"), "");
    }

    #[test]
    fn sentence_ends_are_kept() {
        assert_eq!(sentence("怎么办？"), "怎么办？");
        assert_eq!(sentence("干起来！"), "干起来！");
        assert_eq!(sentence("等等……"), "等等……");
        assert_eq!(sentence("怎么办?"), "怎么办?");
        assert_eq!(sentence("他说：“好。”"), "他说：“好。”");
        // A quoted phrase is not a sentence end: the stop goes after it.
        assert_eq!(sentence("树牢“四个意识”"), "树牢“四个意识”。");
        assert_eq!(sentence("学习《条例》"), "学习《条例》。");
    }

    #[test]
    fn headings_lose_their_final_marks() {
        assert_eq!(strip_end_punct("突出政治引领。"), "突出政治引领");
        assert_eq!(strip_end_punct("突出政治引领；"), "突出政治引领");
        assert_eq!(strip_end_punct("突出政治引领： "), "突出政治引领");
        assert_eq!(strip_end_punct("怎么办？"), "怎么办");
        assert_eq!(strip_end_punct("展望……"), "展望");
        assert_eq!(strip_end_punct("学习《条例》。"), "学习《条例》");
        assert_eq!(strip_end_punct("树牢“四个意识”"), "树牢“四个意识”");
        assert_eq!(strip_end_punct("突出政治引领"), "突出政治引领");
        assert_eq!(strip_end_punct(""), "");
    }
}
