//! In-paragraph enumerations: 一是/二是 markers, their separators, and
//! stated counts against the items or headings that follow.

use super::*;

#[test]
fn enum_marker_punct() {
    assert_eq!(
        one("一是：加强学习；二是改进作风。"),
        hit(
            Rule::EnumMarkerPunct,
            1,
            1,
            3,
            "“一是：”应写作“一是”：“一是”之后不用“、”或“：”"
        )
    );
    none("一是加强学习；二是，改进作风。统一是关键。");
}

#[test]
fn enum_mixed() {
    assert_eq!(
        one("一是加强学习；二是改进作风。三是狠抓落实。"),
        hit(
            Rule::EnumMixed,
            1,
            14,
            1,
            "“三是”前的“。”应为“；”：短句列举各项之间用“；”，末项用“。”"
        )
    );
    assert_eq!(
        one("一是加强学习。全年举办8期。二是改进作风；三是狠抓落实。"),
        hit(
            Rule::EnumMixed,
            1,
            21,
            1,
            "“三是”前的“；”应为“。”：有的列举项内已用句号，各项都应以“。”结尾"
        )
    );
    none("一是加强学习；二是改进作风；三是狠抓落实。");
    none("一是加强学习。全年举办8期。二是改进作风。三是狠抓落实。");
}

#[test]
fn enum_mixed_across_soft_breaks() {
    assert_eq!(
        one("一是加强学习；\n二是改进作风。\n三是狠抓落实。"),
        hit(
            Rule::EnumMixed,
            2,
            7,
            1,
            "“三是”前的“。”应为“；”：短句列举各项之间用“；”，末项用“。”"
        )
    );
}

#[test]
fn count_mismatch_in_a_paragraph() {
    assert_eq!(
        one("重点建立三项机制：一是联系机制；二是帮扶机制。"),
        hit(
            Rule::CountMismatch,
            1,
            5,
            4,
            "“三项机制”与后面的列举不符：实际列了两项（一是至二是）"
        )
    );
    none("重点建立三项机制：一是联系机制；二是帮扶机制；三是考核机制。");
    none("按照两个文件的要求，一是加强学习；二是改进作风；三是狠抓落实。");
    none("牢固树立“四个意识”，做到“两个维护”。一是加强学习；二是改进作风；三是狠抓落实。");
    none("全年召开3次会议。一是加强学习；二是改进作风。");
}

#[test]
fn count_mismatch_across_paragraphs() {
    let md = "着力提升三个方面的能力。\n\n一要善于引导。\n\n二要善于协调。\n";
    assert_eq!(
        one(md),
        hit(
            Rule::CountMismatch,
            1,
            5,
            7,
            "“三个方面的能力”与后面的列举不符：实际列了两项（一要至二要）"
        )
    );
    none("着力提升三个方面的能力。\n\n一要善于引导。\n\n二要善于协调。\n\n三要善于创新。\n");
}

#[test]
fn count_mismatch_in_a_speech() {
    let md = "下面，我讲三点意见。\n\n## 一、提高站位\n\n## 二、狠抓落实\n";
    assert_eq!(
        one(md),
        hit(
            Rule::CountMismatch,
            1,
            5,
            5,
            "“讲三点意见”与后文不符：后面有两个一级标题"
        )
    );
    none("下面，我讲三点意见。\n\n## 一、提高站位\n\n## 二、狠抓落实\n\n## 三、加强保障\n");
}

#[test]
fn a_quoted_or_continued_count_must_match_the_items() {
    assert_eq!(
        one("聚力“三项举措”，激励干部担当作为。一是加强学习；二是改进作风。"),
        hit(
            Rule::CountMismatch,
            1,
            4,
            4,
            "“三项举措”与后面的列举不符：实际列了两项（一是至二是）"
        )
    );
    assert_eq!(
        one("聚力三项举措，激励干部担当作为。一是加强学习；二是改进作风。"),
        hit(
            Rule::CountMismatch,
            1,
            3,
            4,
            "“三项举措”与后面的列举不符：实际列了两项（一是至二是）"
        )
    );
    none("聚力“三项举措”，激励干部担当作为。一是加强学习；二是改进作风；三是狠抓落实。");
    none("做到“两个维护”。一是加强学习；二是改进作风；三是狠抓落实。");
}

#[test]
fn enum_sequence() {
    assert_eq!(
        one("一是加强学习；二是改进作风；三是狠抓落实；三是强化保障。"),
        hit(
            Rule::EnumSequence,
            1,
            22,
            2,
            "“三是”重复出现，按顺序这里应为“四是”"
        )
    );
    assert_eq!(
        one("一是加强学习；三是狠抓落实。"),
        hit(
            Rule::EnumSequence,
            1,
            8,
            2,
            "“三是”跳过了序号，按顺序这里应为“二是”"
        )
    );
    none("一是加强学习；二是改进作风；三是狠抓落实。");
}
