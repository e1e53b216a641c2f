//! Reviewers' edits carried forward, end to end through the real binary: a
//! reviewer edits the `.md` and, in Word, the `.docx` (with tracked
//! changes); the data changes; `wengao build` keeps both edits, takes the
//! new numbers, and rewrites `.md` and `.docx` together. A sentence both
//! changed holds that draft back (both files left as they are) and says
//! which and why; an edited draft of an earlier period does not fail a
//! build of the series.

use std::io::{Read, Write};
use std::path::Path;

use snapbox::cmd::{Command, cargo_bin};

use crate::common::Package;

// The data of the build tests: one metric, cited with its comparison.
use crate::build::{GOOD as DATA, project};

fn wengao(dir: &Path) -> Command {
    Command::new(cargo_bin("wengao"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The DOCX at `path` with its `word/document.xml` changed by `edit`, as
/// Word would save it (the other parts as they were).
fn edit_in_word(path: &Path, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// A reviewer's edit in the `.md` at `md` (a 工作汇报), of a sentence whose
/// data does not change.
fn edit_a_sentence_without_numbers(md: &Path) {
    let text = read(md);
    assert!(text.contains("二是推进支部标准化建设。"), "{text}");
    let edited = text.replace(
        "二是推进支部标准化建设。",
        "二是扎实推进支部标准化建设，成效明显。",
    );
    std::fs::write(md, edited).unwrap();
}

/// The non-empty body paragraphs of a DOCX, as Word shows them.
fn docx_text(path: &Path) -> Vec<String> {
    Package::open(&std::fs::read(path).unwrap()).paragraph_texts()
}

const FILES: &str = "\
out/a/huibao.md
out/a/huibao.docx
out/a/jianghua.md
out/a/jianghua.docx
out/a/diaoyan.md
out/a/diaoyan.docx
";

#[test]
fn edits_in_md_and_in_word_both_survive_a_data_change_and_a_rebuild() {
    let p = project(&[("a.yaml", DATA)]);
    wengao(p.path()).arg("build").assert().success();
    let md = p.path().join("out/a/huibao.md");
    let docx = p.path().join("out/a/huibao.docx");
    edit_a_sentence_without_numbers(&md);
    // In Word, with tracked changes: words inserted and a word deleted.
    edit_in_word(&docx, |xml| {
        assert!(xml.contains("以更加务实的作风推动"), "{xml}");
        xml.replacen(
            "以更加务实的作风推动",
            "以更加务实的作风</w:t></w:r>\
             <w:ins w:id=\"901\" w:author=\"审阅人\" w:date=\"2026-10-13T00:00:00Z\"><w:r><w:t>和更加饱满的热情</w:t></w:r></w:ins>\
             <w:r><w:t>推动",
            1,
        )
        .replacen(
            "取得新的更大成效",
            "取得</w:t></w:r>\
             <w:del w:id=\"902\" w:author=\"审阅人\" w:date=\"2026-10-13T00:00:00Z\"><w:r><w:delText>新的</w:delText></w:r></w:del>\
             <w:r><w:t>更大成效",
            1,
        )
    });
    std::fs::write(
        p.path().join("data/a.yaml"),
        DATA.replace("value: 86", "value: 90"),
    )
    .unwrap();

    wengao(p.path())
        .arg("build")
        .assert()
        .success()
        .stdout_eq(FILES)
        .stderr_eq(
            "已为1个数据文件中的1个生成草稿，共6个文件；保留审阅修改2处，更新数字1处，冲突0处；0个错误，0个警告\n",
        );
    let expected_body =
        "一是全县建成离退休干部党支部90个，环比增长11.1%；二是扎实推进支部标准化建设，成效明显。";
    let expected_end =
        "我们将认真落实上级部署要求，以更加务实的作风和更加饱满的热情推动老干部工作取得更大成效。";
    let text = read(&md);
    assert!(text.contains(&format!("\n{expected_body}\n")), "{text}");
    assert!(text.contains(&format!("\n{expected_end}\n")), "{text}");
    // The .docx is rewritten from the merged text, together with the .md.
    let paragraphs = docx_text(&docx);
    assert!(
        paragraphs.contains(&format!("（一）夯实组织基础。{expected_body}")),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs.contains(&expected_end.to_owned()),
        "{paragraphs:?}"
    );
    // The other genres follow the data too.
    assert!(read(p.path().join("out/a/diaoyan.md")).contains("90个"));

    // A rebuild without changes keeps everything as it is.
    let before = (std::fs::read(&md).unwrap(), std::fs::read(&docx).unwrap());
    wengao(p.path())
        .arg("build")
        .assert()
        .success()
        .stderr_eq(
            "已为1个数据文件中的1个生成草稿，共6个文件；保留审阅修改2处，更新数字0处，冲突0处；0个错误，0个警告\n",
        );
    assert_eq!(
        (std::fs::read(&md).unwrap(), std::fs::read(&docx).unwrap()),
        before
    );

    // The next data change still carries both edits.
    std::fs::write(
        p.path().join("data/a.yaml"),
        DATA.replace("value: 86", "value: 95"),
    )
    .unwrap();
    wengao(p.path()).arg("build").assert().success();
    let text = read(&md);
    assert!(
        text.contains("党支部95个，环比增长17.3%；二是扎实推进支部标准化建设，成效明显。"),
        "{text}"
    );
    assert!(text.contains(expected_end), "{text}");
}

#[test]
fn a_sentence_both_changed_holds_that_draft_back_and_says_so() {
    let p = project(&[("a.yaml", DATA)]);
    wengao(p.path()).arg("build").assert().success();
    let md = p.path().join("out/a/diaoyan.md");
    let docx = p.path().join("out/a/diaoyan.docx");
    let edited = read(&md).replace("党支部86个", "党支部共86个");
    std::fs::write(&md, &edited).unwrap();
    let docx_before = std::fs::read(&docx).unwrap();
    std::fs::write(
        p.path().join("data/a.yaml"),
        DATA.replace("value: 86", "value: 90"),
    )
    .unwrap();
    let line = edited
        .lines()
        .position(|l| l.contains("党支部共86个"))
        .unwrap()
        + 1;
    let ours = edited.lines().nth(line - 1).unwrap().to_owned();
    let sentence_end = ours.find('；').unwrap() + '；'.len_utf8();
    let ours = &ours[ours.find("一是").unwrap()..sentence_end];
    wengao(p.path())
        .arg("build")
        .assert()
        .code(1)
        .stdout_eq(
            "out/a/huibao.md\nout/a/huibao.docx\nout/a/jianghua.md\nout/a/jianghua.docx\n",
        )
        .stderr_eq(format!(
            "\
out/a/diaoyan.md: 错误: 审阅修改与新数据改动了同一句，共1处冲突，这份文稿的 .md 和 .docx 都没有更新，仍是审阅后的版本；请在 .md 中改好后重新运行；确要以新生成的版本为准，加 --force（审阅后的版本会先另存为备份）
  第{line}行：
    审阅修改：{ours}
    按新数据：{}
已为1个数据文件中的1个生成草稿，共4个文件；保留审阅修改0处，更新数字0处，冲突1处；1个错误，0个警告
",
            ours.replace("共86个", "90个").replace("6.2%", "11.1%")
        ));
    assert_eq!(read(&md), edited);
    assert_eq!(std::fs::read(&docx).unwrap(), docx_before);
}

#[test]
fn a_word_edit_with_no_place_in_the_markdown_holds_the_draft_back() {
    let p = project(&[("a.yaml", DATA)]);
    wengao(p.path()).arg("build").assert().success();
    let docx = p.path().join("out/a/huibao.docx");
    // A new paragraph typed in Word.
    edit_in_word(&docx, |xml| {
        xml.replacen(
            "<w:sectPr",
            "<w:p><w:r><w:t>审阅人新加的一段。</w:t></w:r></w:p><w:sectPr",
            1,
        )
    });
    let edited = std::fs::read(&docx).unwrap();
    wengao(p.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr_eq(
            "\
out/a/huibao.docx: 错误: Word 文件中的修改“审阅人新加的一段。”无法对应到 Markdown 草稿（增删了段落，或改在带格式的文字中间），这份文稿的 .md 和 .docx 都没有更新，仍是审阅后的版本；请在 .md 中改好后重新运行；确要以新生成的版本为准，加 --force（审阅后的版本会先另存为备份）
已为1个数据文件中的1个生成草稿，共4个文件；保留审阅修改0处，更新数字0处，冲突1处；1个错误，0个警告
",
        );
    assert_eq!(std::fs::read(&docx).unwrap(), edited);
}

/// A reviewer edited last quarter's draft; building the whole series
/// (both quarters) with a new quarter's data does not fail on it.
#[test]
fn an_edited_draft_of_an_earlier_period_does_not_fail_the_series() {
    let q4 = DATA
        .replace("period: 2026-Q3", "period: 2026-Q4")
        .replace("date: 2026-10-12", "date: 2027-01-10")
        .replace("value: 86", "value: 90")
        .replace("previous: 81", "previous: 86");
    let p = project(&[("liuchuan/2026-Q3.yaml", DATA)]);
    wengao(p.path()).arg("build").assert().success();
    let q3 = p.path().join("out/liuchuan/2026-Q3/huibao.md");
    let edited = read(&q3).replace("推进支部标准化建设。", "推进支部标准化建设，已上报。");
    std::fs::write(&q3, &edited).unwrap();
    std::fs::write(p.path().join("data/liuchuan/2026-Q4.yaml"), &q4).unwrap();
    wengao(p.path())
        .arg("build")
        .assert()
        .success()
        .stderr_eq(
            "已为2个数据文件中的2个生成草稿，共12个文件；保留审阅修改1处，更新数字0处，冲突0处；0个错误，0个警告\n",
        );
    assert_eq!(read(&q3), edited);
    assert!(read(p.path().join("out/liuchuan/2026-Q4/huibao.md")).contains("90个"));
}

/// Copies the folder `from` into `to`, recursively.
fn copy_folder(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// An output folder wengao wrote before the bases of a folder's drafts
/// were packed into one file (one base file a draft): a reviewer's edit is
/// still carried into the next build, which packs the bases, so the next
/// build carries it without the old files.
#[test]
fn bases_written_before_packing_still_carry_edits() {
    let p = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy-bases");
    copy_folder(&fixture, p.path());
    let md = p.path().join("out/a/huibao.md");
    edit_a_sentence_without_numbers(&md);
    let data = p.path().join("data/a.yaml");
    let original = read(&data);
    for (value, change) in [(90, "11.1%"), (95, "17.3%")] {
        std::fs::write(
            &data,
            original.replace("value: 86", &format!("value: {value}")),
        )
        .unwrap();
        wengao(p.path())
            .args(["build", "--format", "md"])
            .assert()
            .success()
            .stderr_eq(
                "已为1个数据文件中的1个生成草稿，共3个文件；保留审阅修改1处，更新数字1处，冲突0处；0个错误，0个警告\n",
            );
        let text = read(&md);
        assert!(
            text.contains(&format!(
                "党支部{value}个，环比增长{change}；二是扎实推进支部标准化建设，成效明显。"
            )),
            "{text}"
        );
        // From the first build on, the packed file holds the bases.
        let _ = std::fs::remove_dir_all(p.path().join("out/.wengao-base/a"));
    }
}

/// A build of some genres keeps the bases of the others: an edit to a
/// draft not built in between is still carried when it is built again.
#[test]
fn a_build_of_one_genre_keeps_the_bases_of_the_others() {
    let p = project(&[("a.yaml", DATA)]);
    wengao(p.path()).arg("build").assert().success();
    let md = p.path().join("out/a/huibao.md");
    edit_a_sentence_without_numbers(&md);
    std::fs::write(
        p.path().join("data/a.yaml"),
        DATA.replace("value: 86", "value: 90"),
    )
    .unwrap();
    wengao(p.path())
        .args(["build", "--genre", "diaoyan"])
        .assert()
        .success();
    wengao(p.path())
        .arg("build")
        .assert()
        .success()
        .stderr_eq(
            "已为1个数据文件中的1个生成草稿，共6个文件；保留审阅修改1处，更新数字1处，冲突0处；0个错误，0个警告\n",
        );
    let text = read(&md);
    assert!(
        text.contains("党支部90个，环比增长11.1%；二是扎实推进支部标准化建设，成效明显。"),
        "{text}"
    );
}

/// A run stopped after writing a draft but before its base (killed at the
/// first rename): the draft on disk then carries edits and numbers the base
/// does not know. The next run with new numbers cannot tell the two apart:
/// it writes the new render and says so, rather than holding the draft
/// back for a conflict the reviewer never made.
#[test]
fn a_run_stopped_between_a_draft_and_its_base_is_recognised() {
    let p = project(&[("a.yaml", DATA)]);
    let data = p.path().join("data/a.yaml");
    let md = p.path().join("out/a/huibao.md");
    let set = |value: u32| {
        std::fs::write(&data, DATA.replace("value: 86", &format!("value: {value}"))).unwrap();
    };
    wengao(p.path()).arg("build").assert().success();
    edit_a_sentence_without_numbers(&md);
    set(90);
    wengao(p.path()).arg("build").assert().success();
    set(95);
    let mut run = crate::common::spawn_paused(p.path(), &["build"], "first-renamed");
    let stopped = read(&md);
    assert!(stopped.contains("党支部95个"), "{stopped}");
    assert!(stopped.contains("扎实推进"), "{stopped}");
    run.child.kill().unwrap();
    run.child.wait().unwrap();
    set(99);
    wengao(p.path())
        .arg("build")
        .assert()
        .success()
        .stderr_eq(
            "\
out/a/huibao.md: 警告: 上次生成在写完此文稿后、记下其底稿前被中断，此前带入的审阅修改无法与新数字区分，已按新数据重新生成；如有审阅修改，请重新修改
已为1个数据文件中的1个生成草稿，共6个文件；0个错误，1个警告
",
        );
    let text = read(&md);
    assert!(text.contains("党支部99个"), "{text}");
    assert!(!text.contains("扎实推进"), "{text}");
}
