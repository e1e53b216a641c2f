//! The Chinese names of the data file's keys: one table of
//! `(中文, English)` pairs per struct, and [`DataKeys`], which tells the YAML
//! reader the canonical (English) name of a key written in Chinese at any
//! depth, so that positions of `做法[0].标题` are looked up as
//! `practices[0].lead` everywhere (error carets, `wengao next`, reference
//! positions, review) and a key written under both names in one mapping is
//! refused as a duplicate.
//!
//! The serde `alias` and schemars `x-aliases` attributes on the structs say
//! the same as these tables; a test holds them together, and the README's
//! table of keys is tested against them.

use crate::yaml::KeyNames;

/// `(中文, English)` pairs of one struct's keys.
pub(crate) type Names = &'static [(&'static str, &'static str)];

/// The top-level sections ([`super::Data`]).
pub(crate) const DATA: Names = &super::SECTION_ALIASES;

/// [`super::Meta`].
pub(crate) const META: Names = &[
    ("地区", "region"),
    ("单位", "organization"),
    ("工作名称", "topic"),
    ("报告期", "period"),
    ("成文日期", "date"),
    ("署名", "author"),
    ("领导", "leadership"),
];

/// [`super::Metric`], in the long form; the words match the compact
/// form's keywords (`data::compact::KEYWORDS`).
pub(crate) const METRIC: Names = &[
    ("名称", "name"),
    ("数值", "value"),
    ("单位", "unit"),
    ("约数", "approx"),
    ("上期", "previous"),
    ("去年", "last_year"),
    ("目标", "target"),
    ("属于", "part_of"),
    ("换算", "scale"),
    ("小数", "decimals"),
    ("同比", "yoy"),
    ("环比", "mom"),
    ("其中", "parts"),
    ("类型", "kind"),
    ("上年末", "year_end"),
];

/// [`super::NumberSettings`].
pub(crate) const NUMBERS: Names = &[("换算", "scale"), ("小数", "decimals")];

/// [`super::Practice`]: the same words as an outline part's.
pub(crate) const PRACTICE: Names = &[
    ("标题", "lead"),
    ("正文", "narrative"),
    ("要点", "points"),
    ("成效", "results"),
];

/// [`super::Results`].
pub(crate) const RESULTS: Names = &[("总述", "summary"), ("亮点", "highlights")];

/// [`super::Problem`].
pub(crate) const PROBLEM: Names = &[("标题", "lead"), ("表现", "detail"), ("原因", "causes")];

/// [`super::Item`] (对策, 讲话的重要意义).
pub(crate) const ITEM: Names = &[("标题", "lead"), ("正文", "narrative"), ("要点", "points")];

/// [`super::Speech`].
pub(crate) const SPEECH: Names = &[
    ("会议", "meeting"),
    ("讲话人", "speaker"),
    ("职务", "speaker_title"),
    ("日期", "date"),
    ("称呼", "salutation"),
    ("开头", "opening"),
    ("重要意义", "significance"),
    ("结尾", "closing"),
    ("意见说法", "parts_phrase"),
    ("一部分也预告", "announce_single"),
];

/// [`super::Research`].
pub(crate) const RESEARCH: Names = &[
    ("题目", "subject"),
    ("背景", "background"),
    ("调研组", "team"),
    ("方法", "method"),
    ("基本情况", "basics"),
    ("基本情况引语", "basics_lead"),
    ("基本情况补充", "basics_note"),
    ("过渡句", "transition"),
];

/// [`super::Method`].
pub(crate) const METHOD: Names = &[
    ("时间", "time"),
    ("走访", "visits"),
    ("座谈", "forums"),
    ("访谈", "interviews"),
    ("问卷", "questionnaires"),
    ("有效问卷", "questionnaires_valid"),
];

/// [`super::Report`].
pub(crate) const REPORT: Names = &[
    ("标题", "title"),
    ("称呼", "salutation"),
    ("稿件标记", "draft_mark"),
    ("结尾", "closing"),
    ("开头", "opening"),
    ("时间词", "lead_in"),
    ("过渡句", "transition"),
];

/// [`super::outline::Part`].
pub(crate) const PART: Names = &super::outline::FIELD_ALIASES;

/// [`super::document::Sent`].
pub(crate) const SENT: Names = &[
    ("标题", "title"),
    ("份号", "copy_number"),
    ("密级", "classification"),
    ("保密期限", "secrecy_term"),
    ("紧急程度", "urgency"),
    ("发文机关标志", "issuer_mark"),
    ("标志后缀", "mark_word"),
    ("署名", "signatures"),
    ("发文字号", "number"),
    ("签发人", "signers"),
    ("主送机关", "to"),
    ("正文", "body"),
    ("加盖印章", "seal"),
    ("附注", "note"),
    ("抄送机关", "copy_to"),
    ("抄送", "copy_to"),
    ("印发机关", "printer"),
    ("印发日期", "print_date"),
    ("附件", "attachments"),
];

/// [`super::document::TableAttachment`].
pub(crate) const ATTACHMENT: Names = &[("标题", "title"), ("指标", "metrics")];

#[cfg(test)]
/// Every table: the struct it names, where its keys are written (as the
/// README says it), and its names.
pub(crate) const TABLES: &[(&str, &str, Names)] = &[
    ("Data", "顶层", DATA),
    ("Meta", "`meta`（基本信息）", META),
    ("Metric", "`metrics` 下的每个指标（完整写法）", METRIC),
    ("NumberSettings", "`numbers`（数字）", NUMBERS),
    ("Practice", "`practices`（做法）的每项", PRACTICE),
    ("Results", "`results`（成效）", RESULTS),
    ("Problem", "`problems`（问题）的每项", PROBLEM),
    (
        "Item",
        "`measures`（对策）的每项、讲话 `significance`（重要意义）的每项",
        ITEM,
    ),
    ("Speech", "`speech`（讲话）", SPEECH),
    ("Research", "`research`（调研）", RESEARCH),
    ("Method", "`research.method`（调研方法）", METHOD),
    ("Report", "`report`（汇报）", REPORT),
    ("Part", "`outline`（提纲）的每个部分", PART),
    ("Sent", "`document` 下的每个文种", SENT),
    (
        "TableAttachment",
        "公文的 `attachments`（附件）每项",
        ATTACHMENT,
    ),
];

#[cfg(test)]
/// The README's table of key names (between its `keys:start` and
/// `keys:end` markers), made from [`TABLES`] so it cannot go stale.
pub(crate) fn readme_table() -> String {
    let mut out = String::from("| 位置 | 键：English 中文 |\n| --- | --- |\n");
    for (_, place, names) in TABLES {
        let mut pairs: Vec<(&str, Vec<&str>)> = Vec::new();
        for (zh, en) in *names {
            match pairs.iter_mut().find(|(e, _)| e == en) {
                Some((_, zhs)) => zhs.push(zh),
                None => pairs.push((en, vec![zh])),
            }
        }
        let cells: Vec<String> = pairs
            .iter()
            .map(|(en, zhs)| format!("`{en}` {}", zhs.join("/")))
            .collect();
        out.push_str(&format!("| {place} | {} |\n", cells.join("，")));
    }
    out
}

/// What a mapping of the data file holds, to know which table names its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    Data,
    Meta,
    /// The metrics by key: the keys are the writer's own.
    Metrics,
    Metric,
    Numbers,
    Practice,
    Results,
    Problem,
    Item,
    Speech,
    Research,
    Method,
    Report,
    Part,
    /// The outlines by genre: the keys are genre names.
    Outlines,
    Document,
    Sent,
    Attachment,
    /// A value with no keys of its own to translate (a list of strings,
    /// the schedule, a number).
    Other,
}

impl Node {
    /// The first Chinese name of the canonical key `name` here.
    fn chinese(self, name: &str) -> Option<&'static str> {
        self.names()
            .iter()
            .find(|(_, canonical)| *canonical == name)
            .map(|(zh, _)| *zh)
    }

    fn names(self) -> Names {
        match self {
            Node::Data => DATA,
            Node::Meta => META,
            Node::Metric => METRIC,
            Node::Numbers => NUMBERS,
            Node::Practice => PRACTICE,
            Node::Results => RESULTS,
            Node::Problem => PROBLEM,
            Node::Item => ITEM,
            Node::Speech => SPEECH,
            Node::Research => RESEARCH,
            Node::Method => METHOD,
            Node::Report => REPORT,
            Node::Part => PART,
            Node::Sent => SENT,
            Node::Attachment => ATTACHMENT,
            // `document` is keyed by genre names, kept as written: the
            // pipeline resolves them (`document::resolve_genres`).
            Node::Metrics | Node::Outlines | Node::Document | Node::Other => &[],
        }
    }

    /// The canonical name of `key` here, when `key` is a Chinese name.
    fn canonical(self, key: &str) -> Option<&'static str> {
        self.names()
            .iter()
            .find(|(zh, _)| *zh == key)
            .map(|(_, en)| *en)
    }

    /// What the value of the canonical key `key` holds (of a list: what
    /// each item holds).
    fn child(self, key: &str) -> Node {
        match (self, key) {
            (Node::Data, "meta") => Node::Meta,
            (Node::Data, "metrics") => Node::Metrics,
            (Node::Data, "numbers") => Node::Numbers,
            (Node::Data, "practices") => Node::Practice,
            (Node::Data, "results") => Node::Results,
            (Node::Data, "problems") => Node::Problem,
            (Node::Data, "measures") | (Node::Speech, "significance") => Node::Item,
            (Node::Data, "speech") => Node::Speech,
            (Node::Data, "research") => Node::Research,
            (Node::Data, "report") => Node::Report,
            (Node::Data, "outline") | (Node::Part, "parts") | (Node::Outlines, _) => Node::Part,
            (Node::Data, "outlines") => Node::Outlines,
            (Node::Data, "document") => Node::Document,
            (Node::Metrics, _) => Node::Metric,
            (Node::Research, "method") => Node::Method,
            (Node::Document, _) => Node::Sent,
            (Node::Sent, "attachments") => Node::Attachment,
            _ => Node::Other,
        }
    }

    /// What the mapping at `path` (as written or under canonical names)
    /// holds.
    fn at(path: &str) -> Node {
        if path.is_empty() {
            return Node::Data;
        }
        path.split('.').fold(Node::Data, |node, segment| {
            let name = &segment[..segment.find('[').unwrap_or(segment.len())];
            // Every other name is Chinese (see `DataKeys::canonical`).
            let canonical = if name.is_ascii() {
                None
            } else {
                node.canonical(name)
            };
            node.child(canonical.unwrap_or(name))
        })
    }
}

/// The key names of a data file, for the YAML reader (see the module doc).
pub(crate) struct DataKeys;

impl KeyNames for DataKeys {
    fn canonical(&self, parent: &str, key: &str) -> Option<&str> {
        // Every other name is Chinese: an ASCII key is canonical already,
        // and most keys of most files cost nothing more.
        if key.is_ascii() {
            return None;
        }
        Node::at(parent).canonical(key)
    }
}

/// The canonical `path` in the names the file used for its keys
/// (`做法[0].要点[1]` for `practices[0].points[1]`), so a message names the
/// place as the writer wrote it. `written(prefix)` is the key written at
/// the canonical `prefix`, if it is written.
pub(crate) fn as_written(path: &str, written: impl Fn(&str) -> Option<String>) -> String {
    let mut node = Node::Data;
    let mut out = String::with_capacity(path.len());
    let mut start = 0usize;
    // Whether the file names this place's keys in Chinese so far: a key
    // not written as such (a field of a one-line metric, `指标.走访.去年`)
    // is then named in Chinese too. A section the file does not have yet
    // (a message asking for it) is named in the language of the file's
    // `meta`, which every file has.
    let top = path.split(['.', '[']).next().unwrap_or(path);
    let mut chinese = written(top).is_none() && written("meta").is_some_and(|w| !w.is_ascii());
    for segment in path.split('.') {
        let end = segment.find('[').unwrap_or(segment.len());
        let (name, index) = segment.split_at(end);
        let written = written(&path[..start + end]);
        let as_written = written
            .as_deref()
            .filter(|w| !w.is_ascii() && node.canonical(w) == Some(name))
            .map(str::to_owned)
            .or_else(|| {
                written
                    .is_none()
                    .then(|| chinese.then(|| node.chinese(name)).flatten())
                    .flatten()
                    .map(str::to_owned)
            });
        chinese = chinese || as_written.is_some();
        if start > 0 {
            out.push('.');
        }
        out.push_str(as_written.as_deref().unwrap_or(name));
        out.push_str(index);
        node = node.child(name);
        start += segment.len() + 1;
    }
    out
}

/// The key written at `span` of its `line`.
pub(crate) fn key_at(line: &str, span: crate::diag::Span) -> String {
    line.chars()
        .skip(span.column.saturating_sub(1))
        .take(span.width)
        .collect()
}

/// `path` with each Chinese key under its canonical name, as the source
/// map files it.
#[cfg(test)]
fn canonical_path(path: &str) -> String {
    crate::yaml::source_map::canonical_path(&DataKeys, path).unwrap_or_else(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_keys_resolve_by_where_they_are() {
        for (written, canonical) in [
            ("做法[0].标题", "practices[0].lead"),
            ("做法[1].成效[2]", "practices[1].results[2]"),
            ("成效.总述", "results.summary"),
            ("问题[0].原因[1]", "problems[0].causes[1]"),
            ("对策[0].要点[0]", "measures[0].points[0]"),
            ("提纲[0].下级[1].标题", "outline[0].parts[1].title"),
            (
                "各文种提纲.jianghua[0].正文",
                "outlines.jianghua[0].narrative",
            ),
            ("指标.旅游收入.去年", "metrics.旅游收入.last_year"),
            // A metric may be named like a field: its key stays.
            ("指标.标题.名称", "metrics.标题.name"),
            ("调研.方法.有效问卷", "research.method.questionnaires_valid"),
            ("汇报.标题", "report.title"),
            ("讲话.重要意义[0].标题", "speech.significance[0].lead"),
            (
                "公文.报告.附件[0].标题",
                "document.报告.attachments[0].title",
            ),
            ("基本信息.成文日期", "meta.date"),
            ("数字.小数", "numbers.decimals"),
            ("meta.region", "meta.region"),
            ("序时进度.上半年", "schedule.上半年"),
        ] {
            assert_eq!(canonical_path(written), canonical, "{written}");
        }
    }

    #[test]
    fn the_readme_lists_every_key_name() {
        let readme = include_str!("../../README.md");
        let start = "<!-- keys:start -->\n";
        let (_, rest) = readme.split_once(start).expect("README has the keys table");
        let (table, _) = rest.split_once("<!-- keys:end -->").unwrap();
        assert_eq!(
            table,
            readme_table(),
            "README.md's table of keys is stale; replace it by:\n{}",
            readme_table()
        );
    }

    #[test]
    fn paths_are_shown_in_the_names_written() {
        let written = |prefix: &str| {
            Some(
                match prefix {
                    "practices" => "做法",
                    "practices[0].points" => "要点",
                    "metrics" => "指标",
                    "metrics.支部.previous" => "上期",
                    "research" => "research",
                    "research.method" => "方法",
                    "practices[0].lead" => "lead",
                    "research.method.visits" => "visits",
                    _ => return None,
                }
                .to_owned(),
            )
        };
        for (path, shown) in [
            ("practices[0].points[1]", "做法[0].要点[1]"),
            ("practices[0].lead", "做法[0].lead"),
            ("metrics.支部.previous", "指标.支部.上期"),
            ("research.method.visits", "research.方法.visits"),
            ("meta.region", "meta.region"),
            // Not written as a key (a field of a one-line metric): named
            // in the file's language.
            ("metrics.走访.last_year", "指标.走访.去年"),
            ("meta.date", "meta.date"),
            // A section not written at all: in the language of `meta`.
            ("speech.meeting", "speech.meeting"),
        ] {
            assert_eq!(as_written(path, written), shown);
        }
        let chinese_meta = |prefix: &str| (prefix == "meta").then(|| "基本信息".to_owned());
        assert_eq!(as_written("speech.meeting", chinese_meta), "讲话.会议");
        assert_eq!(as_written("meta.date", chinese_meta), "基本信息.成文日期");
    }

    #[test]
    fn each_table_names_each_key_once() {
        for (name, _, table) in TABLES {
            let mut seen = std::collections::HashSet::new();
            for (zh, en) in *table {
                assert!(!zh.is_ascii() && en.is_ascii(), "{name}: {zh} {en}");
                assert!(seen.insert(*zh), "{name}: {zh} twice");
            }
        }
    }
}
