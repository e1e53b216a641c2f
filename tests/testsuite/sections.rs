//! The built-in templates leave out what the data does not have, cleanly:
//! no empty heading, numbering that closes up, counts that follow the
//! parts actually present, no dangling 一是, and visible markers for what a
//! genre cannot do without.

use std::path::Path;

use wengao::data::load::parse;
use wengao::render::context::Context;
use wengao::render::genre::{DIAOYAN, HUIBAO, JIANGHUA};
use wengao::render::templates::{Missing, Templates};

const META: &str = "\
meta:
  region: 青石区
  organization: 青石区民政局
  topic: 养老服务工作
  period: 2026-H1
  date: 2026-07-10
";

fn render(yaml: &str, genre: &str) -> (String, Vec<Missing>) {
    let loaded = parse(Path::new("t.yaml"), format!("{META}{yaml}")).unwrap();
    let templates = Templates::load(None).unwrap();
    let r = templates
        .render(
            templates.genres().get(genre).unwrap(),
            &Context::new(&loaded.data),
        )
        .unwrap();
    (r.markdown, r.missing)
}

fn headings(md: &str) -> Vec<&str> {
    md.lines().filter(|l| l.starts_with("## ")).collect()
}

const PRACTICES_AND_MEASURES: &str = "\
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

#[test]
fn an_absent_section_drops_out_and_numbering_closes_up() {
    let (md, missing) = render(PRACTICES_AND_MEASURES, HUIBAO);
    assert_eq!(
        headings(&md),
        ["## 一、主要做法及成效", "## 二、下一步工作打算"]
    );
    assert!(!md.contains("存在的问题"));
    assert!(missing.is_empty());
}

#[test]
fn a_single_point_gets_no_enumerator() {
    let (md, _) = render(PRACTICES_AND_MEASURES, HUIBAO);
    assert!(
        md.contains("**（一）完善服务网络。**\n新建社区养老服务站。\n"),
        "{md}"
    );
    assert!(md.contains("一是开展护理员培训；二是推进医养结合。"));
    // One measure: no “以下一个方面”.
    assert!(md.contains("重点抓好以下工作。"), "{md}");
}

#[test]
fn the_speech_counts_the_parts_it_has() {
    let speech = "speech:\n  meeting: 全区养老服务工作会议\n  speaker: 王一\n";
    let (md, _) = render(&format!("{PRACTICES_AND_MEASURES}{speech}"), JIANGHUA);
    assert!(md.contains("下面，我讲两点意见。"), "{md}");
    assert_eq!(
        headings(&md),
        [
            "## 一、充分肯定成绩，坚定做好养老服务工作的信心和决心",
            "## 二、突出工作重点，推动养老服务工作再上新台阶"
        ]
    );
    assert!(md.contains("（王一）\n（2026年7月10日）"));
    assert!(md.contains("全区"), "the region's own word: 区, not 县");
    // The only practice is not “一是”.
    assert!(md.contains("\n完善服务网络。\n"), "{md}");
}

#[test]
fn a_speech_with_one_part_announces_no_count() {
    let speech = "speech:\n  meeting: 全区养老服务工作会议\n  speaker: 王一\n";
    let only_measures = "measures:\n  - lead: 提升服务质量\n";
    let (md, _) = render(&format!("{only_measures}{speech}"), JIANGHUA);
    assert!(!md.contains("我讲"), "{md}");
    assert_eq!(headings(&md).len(), 1);
}

#[test]
fn what_a_genre_cannot_do_without_is_marked_and_reported() {
    let (md, missing) = render(PRACTICES_AND_MEASURES, JIANGHUA);
    assert!(
        md.starts_with("# 在【待补：会议名称】上的讲话\n（【待补：讲话人】）\n"),
        "{md}"
    );
    let keys: Vec<Option<&str>> = missing.iter().map(|m| m.key.as_deref()).collect();
    assert_eq!(keys, [Some("speech.meeting"), Some("speech.speaker")]);
}

#[test]
fn without_any_facts_a_report_is_still_well_formed() {
    let (md, missing) = render("", HUIBAO);
    assert!(headings(&md).is_empty());
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].key.as_deref(), Some("results.summary"));
    let (md, _) = render("", DIAOYAN);
    assert_eq!(
        md,
        "# 关于青石区养老服务工作的调研报告\n\n青石区民政局\n2026年7月10日\n"
    );
}

#[test]
fn the_research_report_gathers_causes_after_the_problems() {
    let problems = "\
problems:
  - lead: 护理人员不足
    causes: [待遇偏低]
  - lead: 设施利用率不高
    causes: [布局不够合理]
";
    let (md, _) = render(problems, DIAOYAN);
    assert_eq!(headings(&md), ["## 一、存在的问题和原因"]);
    assert!(md.contains("分析原因，主要有以下几个方面：一是待遇偏低；二是布局不够合理。"));
    let (md, _) = render(
        &problems.replace("    causes: [布局不够合理]\n", ""),
        DIAOYAN,
    );
    assert!(md.contains("分析原因，主要是待遇偏低。"), "{md}");
}

/// The Chinese numeral a speech announces: 下面，我讲两点意见 → 2.
fn announced_parts(md: &str) -> Option<usize> {
    let words = ["", "一", "两", "三", "四", "五"];
    let after = md.split_once("下面，我讲")?.1;
    let word = after.split_once("点意见")?.0;
    words.iter().position(|w| *w == word)
}

#[test]
fn the_speech_announces_exactly_the_parts_it_prints() {
    let speech = "speech:\n  meeting: 全区养老服务工作会议\n  speaker: 王一\n";
    let significance = "  significance:\n    - lead: 充分认识重要意义\n";
    let problems = "problems:\n  - lead: 护理人员不足\n";
    let highlights = "results:\n  summary: 体系不断完善\n  highlights: [新建站点20个]\n";
    let measures = "measures:\n  - lead: 提升服务质量\n";
    // Every combination of the four parts of a speech.
    for mask in 0..16u8 {
        let mut yaml = String::new();
        if mask & 2 != 0 {
            yaml.push_str(highlights);
        }
        if mask & 4 != 0 {
            yaml.push_str(problems);
        }
        if mask & 8 != 0 {
            yaml.push_str(measures);
        }
        yaml.push_str(speech);
        if mask & 1 != 0 {
            yaml.push_str(significance);
        }
        let (md, _) = render(&yaml, JIANGHUA);
        let printed = headings(&md).len();
        assert_eq!(printed, mask.count_ones() as usize, "{md}");
        let expected = (printed > 1).then_some(printed);
        assert_eq!(announced_parts(&md), expected, "{md}");
    }
}

/// Office staff edit these templates: short lines, no hand-kept counters,
/// every block explained in Chinese.
#[test]
fn the_built_in_templates_stay_readable() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let templates = Templates::load(None).unwrap();
    for genre in templates.genres().all() {
        let path = dir.join(genre.template_name());
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            assert!(
                line.chars().count() <= 100,
                "{}:{}: {} characters",
                path.display(),
                i + 1,
                line.chars().count()
            );
        }
        assert!(
            !text.contains("n + 1"),
            "{}: a hand-kept counter",
            path.display()
        );
        // Numbered headings come from the genre's sections or the writer's
        // outline (经验材料 numbers none of its own).
        assert!(
            text.contains("{% for section in outline.")
                || text.contains("{% for b in body.blocks %}")
                || !text.contains(".number"),
            "{}",
            path.display()
        );
        let blocks = text.matches("{% if section.key ==").count()
            + text.matches("{% elif section.key ==").count();
        let comments = text.matches("{# ").count();
        assert!(
            comments >= blocks,
            "{}: a block without a comment",
            path.display()
        );
    }
}
