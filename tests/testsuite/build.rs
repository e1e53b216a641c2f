//! `wengao build` end to end, through the real binary: one bad data file
//! does not spoil the others, nothing is drafted from bad data, a draft
//! edited by hand is never overwritten silently, a killed run leaves no
//! half-written file, and hostile text comes out literally in both formats.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::common::files_under;
use snapbox::cmd::cargo_bin;

pub(crate) const GOOD: &str = "\
meta:
  region: 柳川县
  organization: 中共柳川县委老干部局
  topic: 老干部工作
  period: 2026-Q3
  date: 2026-10-12
metrics:
  branches:
    name: 离退休干部党支部
    value: 86
    unit: 个
    previous: 81
results:
  summary: 各项工作稳步推进
practices:
  - lead: 夯实组织基础
    points:
      - 全县建成离退休干部党支部{branches}，{branches:环比}
      - 推进支部标准化建设
speech:
  meeting: 全县老干部工作会议
  speaker: 周建国
";

/// A folder with `data/` holding the given files.
pub(crate) fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join("data").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

use crate::common::wengao_in as wengao;

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    files_under(dir)
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

#[test]
fn one_bad_file_does_not_spoil_the_others() {
    let bad = GOOD.replace("{branches}，", "{branch}，");
    let p = project(&[("a.yaml", GOOD), ("b.yaml", &bad)]);
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1)
        .stdout_eq("out/a/huibao.md\nout/a/jianghua.md\nout/a/diaoyan.md\n")
        .stderr_eq(
            "\
data/b.yaml:18:21: 错误: practices[0].points[0]：引用了不存在的指标“{branch}”，是否想写“{branches}”？
   |
18 |       - 全县建成离退休干部党支部{branch}，{branches:环比}
   |                                 ^^^^^^^^
已为2个数据文件中的1个生成草稿，共3个文件；1个错误，0个警告
",
        );
    // The bases of folder a's drafts, in one file named by a hash of "a".
    let bases = format!(".wengao-base/{}.base", &wengao::output::sha256(b"a")[..32]);
    assert_eq!(
        listing(&p.path().join("out")),
        [
            bases.as_str(),
            ".wengao-lock",
            ".wengao-manifest",
            "a/diaoyan.md",
            "a/huibao.md",
            "a/jianghua.md"
        ]
    );
}

#[test]
fn bad_data_leaves_the_last_good_drafts_alone() {
    let p = project(&[("a.yaml", GOOD)]);
    wengao(p.path()).arg("build").assert().success();
    let before = std::fs::read(p.path().join("out/a/huibao.docx")).unwrap();
    std::fs::write(
        p.path().join("data/a.yaml"),
        GOOD.replace("value: 86", "value: 八十六"),
    )
    .unwrap();
    wengao(p.path()).arg("build").assert().code(1).stderr_eq(
        "\
data/a.yaml:10:12: 错误: “metrics.branches.value”的值应为数字（不带单位，如 3200 或 98.6），实际是文本“八十六”
   |
10 |     value: 八十六
   |            ^^^^^^
已为1个数据文件中的0个生成草稿，共0个文件；1个错误，0个警告
",
    );
    assert_eq!(
        std::fs::read(p.path().join("out/a/huibao.docx")).unwrap(),
        before
    );
}

#[test]
fn an_edited_draft_is_kept_and_only_replaced_with_force() {
    let p = project(&[("a.yaml", GOOD)]);
    wengao(p.path()).arg("build").assert().success();
    an_edit_is_kept_until_forced(p.path(), || {});
}

/// An output folder whose manifest is too long to hold in memory (its
/// index is sorted in a nameless file, src/output/manifest/index.rs):
/// a hand edit is still told from wengao's own files, and every line of
/// the files this run did not write stays, in its order.
#[test]
fn a_long_manifest_still_tells_edits_and_keeps_its_lines() {
    let p = project(&[("a.yaml", GOOD)]);
    wengao(p.path()).arg("build").assert().success();
    let manifest = p.path().join("out/.wengao-manifest");
    let mut others = String::new();
    for i in 0..3000 {
        others.push_str(&format!("{i:064x}  其他/{i}.md\n"));
    }
    std::fs::write(&manifest, others.clone() + &read(&manifest)).unwrap();
    an_edit_is_kept_until_forced(p.path(), || {
        assert!(read(&manifest).starts_with(&others));
    });
}

/// The project at `root`, built once: the reviewer rewrites the sentence
/// whose number the new data changes. The edit cannot be carried forward
/// (src/review), so the next build keeps it, and only `--force` replaces
/// it (keeping a backup); then the new draft is known again. `after` is
/// checked after each build.
fn an_edit_is_kept_until_forced(root: &Path, after: impl Fn()) {
    let draft = root.join("out/a/huibao.md");
    let edited = read(&draft).replace("党支部86个", "党支部86个（审阅人改）");
    std::fs::write(&draft, &edited).unwrap();
    std::fs::write(
        root.join("data/a.yaml"),
        GOOD.replace("value: 86", "value: 88"),
    )
    .unwrap();

    wengao(root)
        .arg("build")
        .assert()
        .code(1)
        .stderr_eq(
            "\
out/a/huibao.md: 错误: 审阅修改与新数据改动了同一句，共1处冲突，这份文稿的 .md 和 .docx 都没有更新，仍是审阅后的版本；请在 .md 中改好后重新运行；确要以新生成的版本为准，加 --force（审阅后的版本会先另存为备份）
  第10行：
    审阅修改：一是全县建成离退休干部党支部86个（审阅人改），环比增长6.2%；
    按新数据：一是全县建成离退休干部党支部88个，环比增长8.6%；
已为1个数据文件中的1个生成草稿，共4个文件；保留审阅修改0处，更新数字0处，冲突1处；1个错误，0个警告
",
        );
    assert_eq!(read(&draft), edited, "the reviewer's edit survives");
    assert!(
        read(root.join("out/a/diaoyan.md")).contains("88个"),
        "the rest is updated"
    );
    after();

    wengao(root).args(["build", "--force"]).assert().success();
    assert_eq!(read(root.join("out/a/huibao.backup-1.md")), edited);
    assert!(read(&draft).contains("88个"));
    after();
    // Once replaced, the new draft is known again: no --force needed.
    wengao(root).arg("build").assert().success();
    after();
}

#[test]
fn a_file_not_written_by_wengao_is_not_overwritten() {
    let p = project(&[("a.yaml", GOOD)]);
    std::fs::create_dir_all(p.path().join("out/a")).unwrap();
    std::fs::write(p.path().join("out/a/huibao.md"), "别人的文件").unwrap();
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1)
        .stderr_eq(
            "\
out/a/huibao.md: 错误: 此文件不是 wengao 生成的（或生成记录已丢失），没有覆盖；确需重新生成时请加 --force，原文件会先另存为备份
已为1个数据文件中的1个生成草稿，共2个文件；1个错误，0个警告
",
        );
    assert_eq!(read(p.path().join("out/a/huibao.md")), "别人的文件");
}

/// `out/a` leads outside: the drafts of `data/a/b.yaml` (for `out/a/b/`)
/// are refused, and no folder `b` appears outside either.
#[cfg(unix)]
#[test]
fn a_symlink_cannot_lead_output_out_of_the_folder() {
    let p = project(&[("a/b.yaml", GOOD)]);
    let outside = p.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(p.path().join("out")).unwrap();
    std::os::unix::fs::symlink(&outside, p.path().join("out/a")).unwrap();
    let refused = "错误: 输出文件夹中的“a”是指向输出文件夹之外的符号链接，已拒绝写入（没有创建任何文件或文件夹）";
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1)
        .stderr_eq(format!(
            "\
out/a/b/huibao.md: {refused}
out/a/b/jianghua.md: {refused}
out/a/b/diaoyan.md: {refused}
已为1个数据文件中的1个生成草稿，共0个文件；3个错误，0个警告
"
        ));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it_all() {
    let mut huge = GOOD.to_string();
    huge.push_str(&format!("# {}\n", "很长的注释".repeat(80_000)));
    let p = project(&[("huge.yaml", &huge)]);
    wengao(p.path())
        .args(["check", "data/huge.yaml"])
        .assert()
        .code(1)
        .stderr_eq(
            "data/huge.yaml: 错误: 文件有1173KB，超过了1024KB的上限，请检查是否选错了文件\n已检查1个文件；1个错误，0个警告\n",
        );
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_fifo_named_as_data_or_config_is_refused_not_waited_on() {
    let p = project(&[]);
    std::fs::create_dir_all(p.path().join("data")).unwrap();
    mkfifo(&p.path().join("data/pipe.yaml"));
    mkfifo(&p.path().join("wengao.yaml"));
    wengao(p.path())
        .args(["check", "--config", "wengao.yaml", "data/pipe.yaml"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr_eq(
            "wengao.yaml: 错误: 这不是普通文件，而是命名管道（FIFO），无法作为输入读取；请指定保存在磁盘上的文件\n",
        );
    // The default settings file is checked before any data: not a pipe here.
    std::fs::remove_file(p.path().join("wengao.yaml")).unwrap();
    wengao(p.path())
        .args(["check", "data/pipe.yaml"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr_eq(
            "data/pipe.yaml: 错误: 这不是普通文件，而是命名管道（FIFO），无法作为输入读取；请指定保存在磁盘上的文件\n已检查1个文件；1个错误，0个警告\n",
        );
}

/// `build` says which inputs it skipped, first, as `check` does: it used
/// to drop the notes of its folder walk, so a FIFO (or a symlink loop)
/// among the data files went by without a word.
#[test]
fn build_notes_the_inputs_it_skipped() {
    let p = project(&[("a.yaml", GOOD)]);
    mkfifo(&p.path().join("data/pipe.yaml"));
    std::os::unix::fs::symlink("..", p.path().join("data/up")).unwrap();
    wengao(p.path())
        .args(["build", "--format", "md"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(0)
        .stdout_eq("out/a/huibao.md\nout/a/jianghua.md\nout/a/diaoyan.md\n")
        .stderr_eq(
            "\
data/pipe.yaml: 警告: 这不是普通文件，而是命名管道（FIFO），已跳过
data/up: 警告: 这是指向自身所在上层文件夹的符号链接，会造成循环，已跳过
已为1个数据文件中的1个生成草稿，共3个文件；0个错误，2个警告
",
        );
}

/// Makes a file immutable (`chattr +i`) until dropped.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Option<Immutable> {
        let status = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_write_refused_by_an_immutable_draft_says_write() {
    let p = project(&[("a.yaml", GOOD)]);
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(0);
    // Needs root (CAP_LINUX_IMMUTABLE) and a file system with the flag.
    let Some(_guard) = Immutable::set(&p.path().join("out/a/huibao.md")) else {
        eprintln!("skipped: chattr +i is not available here");
        return;
    };
    std::fs::write(p.path().join("data/a.yaml"), GOOD.replace("86", "87")).unwrap();
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1)
        .stderr_eq(
            "out/a/huibao.md: 错误: 无法写入：没有写入权限（文件或所在文件夹是只读的，或被设为不可修改）\n已为1个数据文件中的1个生成草稿，共2个文件；1个错误，0个警告\n",
        );
}

#[test]
fn two_thousand_practices_without_aliases_load() {
    // 2,000 practices (about 150 KB) were refused as an "alias bomb".
    let mut practices = String::new();
    for i in 0..2_000 {
        practices.push_str(&format!(
            "  - lead: 第{i}项做法\n    points:\n      - 推进支部标准化建设\n"
        ));
    }
    let data = GOOD.replace("speech:\n", &format!("{practices}speech:\n"));
    let p = project(&[("many.yaml", &data)]);
    let output = wengao(p.path())
        .args(["check", "data/many.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("别名"), "{stderr}");
    assert!(
        stderr.ends_with("已检查1个文件；0个错误，0个警告\n"),
        "{stderr}"
    );
}

#[test]
fn hostile_text_comes_out_literally_in_markdown_and_docx() {
    let hostile = GOOD.replace(
        "  summary: 各项工作稳步推进",
        "  summary: \"# 甲 **乙** <b>丙</b> [丁](x) 戊 | 己 `庚` \\\\ 辛\"",
    );
    let p = project(&[("a.yaml", &hostile)]);
    wengao(p.path())
        .arg("build")
        .assert()
        .success()
        .stderr_eq("已为1个数据文件中的1个生成草稿，共6个文件；0个错误，0个警告\n");
    let md = read(p.path().join("out/a/huibao.md"));
    assert!(md.contains(
        "\\# 甲 \\*\\*乙\\*\\* \\<b\\>丙\\</b\\> \\[丁\\](x) 戊 \\| 己 \\`庚\\` \\\\ 辛。"
    ));
    assert_eq!(
        md.lines().filter(|l| l.starts_with('#')).count(),
        2,
        "title + 1 heading"
    );
    let docx = std::fs::read(p.path().join("out/a/huibao.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("# 甲 **乙** &lt;b&gt;丙&lt;/b&gt; [丁](x) 戊 | 己 `庚` \\ 辛。"));
}

/// Three data files, each with `value` set from `round`.
fn write_round(p: &Path, round: usize) {
    for i in 0..3 {
        let text = GOOD.replace("value: 86", &format!("value: {}", 100 * round + i));
        let path = p.join(format!("data/f{i}.yaml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The manifest's hashes for `rel`.
fn hashes_of(out: &Path, rel: &str) -> Vec<String> {
    let manifest = std::fs::read_to_string(out.join(".wengao-manifest")).unwrap_or_default();
    hashes_in(&manifest, rel)
}

/// The hashes `manifest` (its text) records for `rel`.
fn hashes_in(manifest: &str, rel: &str) -> Vec<String> {
    manifest
        .lines()
        .filter_map(|l| l.split_once("  "))
        .filter(|(_, r)| *r == rel)
        .map(|(h, _)| h.to_owned())
        .collect()
}

/// Kills `wengao build` (SIGKILL) at each named moment of its writing,
/// each run stopped there by the pause hook (the build then runs on one
/// worker, so the moment is the same in every run), the state seen first
/// to prove the moment was hit: the folder locked, the first data file's
/// hashes appended, its first temporary file written, the first file
/// renamed, all renamed, the data synced (the final manifest with it,
/// waiting to be renamed), the manifest rewritten. After each kill every
/// file in the output folder is complete and one wengao wrote (its hash
/// is in the manifest), so the next run never mistakes it for a hand
/// edit; and the next run removes the temporary files a kill left.
#[test]
fn a_killed_run_leaves_no_half_written_file() {
    let p = project(&[]);
    let out = p.path().join("out");
    write_round(p.path(), 0);
    wengao(p.path()).arg("build").assert().success();
    let first = "f0/huibao.md";
    for (round, point) in [
        "locked",
        "manifest-pending",
        "temp-written",
        "first-renamed",
        "all-renamed",
        "synced",
        "manifest-final",
    ]
    .into_iter()
    .enumerate()
    {
        write_round(p.path(), round + 1);
        let before = std::fs::read(out.join(first)).unwrap();
        let mut run = crate::common::spawn_paused(p.path(), &["build"], point);
        let now = std::fs::read(out.join(first)).unwrap();
        let temps = crate::common::temp_files(&out);
        let hashes = hashes_of(&out, first);
        match point {
            "locked" => {
                assert!(out.join(".wengao-lock").exists());
                assert_eq!(hashes.len(), 1, "nothing recorded yet");
            }
            "manifest-pending" => {
                assert_eq!(hashes.len(), 2, "old and new recorded");
                assert_eq!(now, before, "nothing replaced yet");
            }
            "temp-written" => {
                assert_eq!(temps.len(), 1, "the first new file waits as {temps:?}");
                assert_eq!(now, before, "not renamed yet");
            }
            "first-renamed" => {
                // The last kill's temp file was removed; what waits now is
                // the version swapped out, kept until the commit looks at
                // it again: wengao's old file, byte for byte.
                let waiting: Vec<Vec<u8>> = temps
                    .iter()
                    .map(|t| std::fs::read(out.join(t)).unwrap())
                    .collect();
                assert_eq!(waiting, std::slice::from_ref(&before), "{temps:?}");
                assert_ne!(now, before, "the first file is in place");
                assert!(hashes.contains(&wengao::output::sha256(&now)));
                // Pending manifests of the runs killed before keep their
                // hashes too, until a run completes.
                assert!(hashes.len() > 2, "the manifest is still a pending one");
            }
            "all-renamed" | "synced" => {
                // The last data file's hashes were appended before its
                // files were renamed, beside the old ones.
                let last = std::fs::read(out.join("f2/diaoyan.docx")).unwrap();
                let recorded = hashes_of(&out, "f2/diaoyan.docx");
                assert!(recorded.contains(&wengao::output::sha256(&last)));
                assert!(recorded.len() >= 2, "the manifest is still a pending one");
                // Only versions swapped out wait, each one wengao wrote;
                // once synced, so does the final manifest, beside the one
                // appended to (and synced with the drafts), to be renamed
                // over it: it has the new hash of each file only.
                let manifest = std::fs::read_to_string(out.join(".wengao-manifest")).unwrap();
                let (finals, swapped): (Vec<_>, Vec<_>) =
                    temps.iter().partition(|t| t.components().count() == 1);
                if point == "synced" {
                    let [waiting] = &finals[..] else {
                        panic!("one final manifest waits: {temps:?}")
                    };
                    let waiting = std::fs::read_to_string(out.join(waiting)).unwrap();
                    assert_eq!(hashes_in(&waiting, first), [wengao::output::sha256(&now)]);
                } else {
                    assert!(finals.is_empty(), "{temps:?}");
                }
                for t in swapped {
                    let hash = wengao::output::sha256(&std::fs::read(out.join(t)).unwrap());
                    assert!(manifest.contains(&hash), "{t:?} is not wengao's");
                }
            }
            "manifest-final" => assert_eq!(hashes.len(), 1, "only the new hash is kept"),
            _ => unreachable!(),
        }
        run.child.kill().unwrap();
        run.child.wait().unwrap();
        assert_every_output_is_known(&out);
    }
    wengao(p.path()).arg("build").assert().success();
    assert_every_output_is_known(&out);
    assert!(crate::common::temp_files(&out).is_empty());
}

/// What a `--format md` build of three data files says when `f0/huibao.md`
/// was saved during the build.
const F0_HUIBAO_EDITED: &str = "\
out/f0/huibao.md: 错误: 此文件在本次生成过程中被修改，为免丢失修改，没有覆盖；请保存好后重新运行
已为3个数据文件中的3个生成草稿，共8个文件；1个错误，0个警告
";

/// The exit code of a paused run once it has gone on, and what it printed
/// on stderr after the pause.
fn the_rest(run: &mut crate::common::Paused) -> (Option<i32>, String) {
    let status = run.child.wait().unwrap();
    let mut rest = String::new();
    run.stderr.read_to_string(&mut rest).unwrap();
    (status.code(), rest)
}

/// The window of item 2, hit on purpose: wengao has checked the draft
/// (it is one wengao wrote) and its new version waits as a temporary file;
/// now an editor saves the draft, by renaming a new file over it or by
/// writing into it; then wengao goes on. The edit stays, and is reported.
#[test]
fn an_edit_saved_after_the_check_is_kept() {
    use std::io::Write as _;
    for in_place in [false, true] {
        let p = project(&[]);
        let draft = p.path().join("out/f0/huibao.md");
        write_round(p.path(), 0);
        wengao(p.path())
            .args(["build", "--format", "md"])
            .assert()
            .success();
        write_round(p.path(), 1);
        let mut run =
            crate::common::spawn_paused(p.path(), &["build", "--format", "md"], "temp-written");
        let edit = read(&draft).replace("稳步推进", "稳步推进（审阅人改）");
        if in_place {
            std::fs::write(&draft, &edit).unwrap();
        } else {
            let swp = draft.with_file_name(".huibao.md.swp");
            std::fs::write(&swp, &edit).unwrap();
            std::fs::rename(&swp, &draft).unwrap();
        }
        writeln!(run.stdin).unwrap();
        let (code, rest) = the_rest(&mut run);
        assert_eq!(rest, F0_HUIBAO_EDITED, "in place: {in_place}");
        assert_eq!(code, Some(1));
        assert_eq!(read(&draft), edit, "in place: {in_place}");
        assert!(crate::common::temp_files(&p.path().join("out")).is_empty());
    }
}

/// The same window in a new output folder: the draft was not there when
/// wengao looked (so it read nothing), and a file made there before its
/// new version is put in place stays, and is reported.
#[test]
fn a_file_made_after_the_check_is_kept() {
    use std::io::Write as _;
    let p = project(&[]);
    let draft = p.path().join("out/f0/huibao.md");
    write_round(p.path(), 0);
    let mut run =
        crate::common::spawn_paused(p.path(), &["build", "--format", "md"], "temp-written");
    std::fs::write(&draft, "手写的稿子\n").unwrap();
    writeln!(run.stdin).unwrap();
    let (code, rest) = the_rest(&mut run);
    assert_eq!(rest, F0_HUIBAO_EDITED);
    assert_eq!(code, Some(1));
    assert_eq!(read(&draft), "手写的稿子\n");
    assert!(crate::common::temp_files(&p.path().join("out")).is_empty());
}

/// Ctrl-C (SIGINT) or SIGTERM while a new file waits to be renamed, once
/// every file is renamed and the versions swapped out wait for the commit,
/// once the final manifest waits for its rename, or once the commit has
/// taken the versions to look at: no temporary file is
/// left, every file in place is known to the manifest, and the run ends
/// with 130 and a Chinese line.
#[cfg(unix)]
#[test]
fn an_interrupted_run_removes_its_temporary_file_and_exits_130() {
    for (signal, point) in [
        ("-INT", "temp-written"),
        ("-TERM", "temp-written"),
        ("-INT", "all-renamed"),
        ("-INT", "synced"),
        ("-INT", "settling"),
    ] {
        let p = project(&[]);
        let out = p.path().join("out");
        write_round(p.path(), 0);
        wengao(p.path()).arg("build").assert().success();
        write_round(p.path(), 1);
        let mut run = crate::common::spawn_paused(p.path(), &["build"], point);
        let waiting = crate::common::temp_files(&out).len();
        match point {
            "temp-written" => assert_eq!(waiting, 1, "{signal}"),
            _ => assert!(waiting > 1, "versions swapped out wait: {waiting}"),
        }
        let (code, rest) = run.signal(signal);
        assert_eq!(code, Some(130), "{signal} at {point}: {rest}");
        assert_eq!(
            rest,
            "已中断：写到一半的临时文件已删除，已写好的文件和生成记录保持一致\n"
        );
        assert!(
            crate::common::temp_files(&out).is_empty(),
            "{signal} at {point}"
        );
        assert_every_output_is_known(&out);
        wengao(p.path()).arg("build").assert().success();
    }
}

/// Interrupted, a run that writes nothing (`check`) says only that; no
/// output folder is made.
#[cfg(unix)]
#[test]
fn an_interrupted_check_says_only_that_it_was_interrupted() {
    let p = project(&[("a.yaml", GOOD)]);
    let mut run = crate::common::spawn_paused(p.path(), &["check"], "checked");
    assert_eq!(run.signal("-INT"), (Some(130), "已中断\n".to_owned()));
    assert!(!p.path().join("out").exists());
}

/// Started with its standard output closed (`wengao build >&-`), a run
/// prints into nothing, not into the first file it opens, which would
/// take the closed stream's number: the lock file, whose list of folders
/// the list of drafts written then joined. (The binary starts without
/// Rust's start-up, which opened `/dev/null` there; see `wengao::start`.)
#[cfg(unix)]
#[test]
fn a_run_with_its_standard_output_closed_prints_into_no_file() {
    use std::io::Write as _;
    let p = project(&[("a.yaml", GOOD)]);
    let mut run =
        crate::common::spawn_paused_stdout_closed(p.path(), &["build", "--format", "md"], "synced");
    assert_eq!(
        read(p.path().join("out/.wengao-lock")),
        "wengao: folders being written\na\n.wengao-base\n"
    );
    writeln!(run.stdin).unwrap();
    let (code, rest) = the_rest(&mut run);
    assert_eq!(
        (code, rest.as_str()),
        (
            Some(0),
            "已为1个数据文件中的1个生成草稿，共3个文件；0个错误，0个警告\n"
        )
    );
    assert_every_output_is_known(&p.path().join("out"));
}

/// A pipe whose reader has gone (`wengao genres | true`) is an error of
/// the write, as Rust programs have it, not `SIGPIPE` ending the process
/// in the middle of whatever it was doing; and for a list, no failure of
/// the run at all (no panic in English).
#[cfg(unix)]
#[test]
fn a_pipe_whose_reader_has_gone_ends_nothing() {
    use std::os::unix::process::ExitStatusExt as _;
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let run = std::process::Command::new(cargo_bin("wengao"))
        .arg("genres")
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(run.status.signal(), None, "{}", run.status);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&run.stderr), "");
}

fn assert_every_output_is_known(out: &Path) {
    if !out.exists() {
        return;
    }
    let manifest = std::fs::read_to_string(out.join(".wengao-manifest")).unwrap_or_default();
    for rel in listing(out) {
        let path: PathBuf = out.join(&rel);
        // The lock, the manifest, or a temporary file a killed run could
        // not remove (beside a draft, or a final manifest beside the one
        // it was to replace).
        let in_root = !rel.contains('/');
        if in_root && rel.starts_with(".wengao-") || rel.contains("/.wengao-") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let hash = wengao::output::sha256(&bytes);
        assert!(
            manifest.contains(&format!("{hash}  {rel}")),
            "{rel} is not a file wengao finished writing"
        );
    }
}

/// The one rule for errors (README, 退出码): a problem that comes from the
/// data is reported at its line in the data file and nothing is drafted
/// from that file; a problem the lint finds in a draft (here brought in by
/// a custom template) is reported at its line in the draft, and the draft
/// is written so it can be opened there. Either way the exit code is 1.
#[test]
fn data_problems_block_the_drafts_lint_problems_do_not() {
    let typed = GOOD.replace(
        "  summary: 各项工作稳步推进",
        "  summary: 各项工作{{ 稳步 }}推进",
    );
    let p = project(&[("a.yaml", &typed)]);
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1)
        .stdout_eq("")
        .stderr_eq(
            "\
data/a.yaml:14:16: 错误: results.summary：“{{ 稳步 }}”像是模板语法，会原样出现在草稿中，请删除或改写；引用指标请写成 {指标名}
   |
14 |   summary: 各项工作{{ 稳步 }}推进
   |                    ^^^^^^^^^^
已为1个数据文件中的0个生成草稿，共0个文件；1个错误，0个警告
",
        );
    assert!(!p.path().join("out").exists());

    let key = GOOD.replace("branches", "branch-count");
    std::fs::write(p.path().join("data/a.yaml"), key).unwrap();
    let stderr = wengao(p.path()).args(["check"]).output().unwrap().stderr;
    let stderr = String::from_utf8(stderr).unwrap();
    assert!(
        stderr.starts_with(
            "data/a.yaml:8:3: 错误: metrics.branch-count：指标名只能由汉字、英文字母、数字和下划线组成"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("out/"),
        "nothing is blamed on a draft: {stderr}"
    );

    std::fs::write(p.path().join("data/a.yaml"), GOOD).unwrap();
    let template = read(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/huibao.md"));
    std::fs::create_dir_all(p.path().join("tpl")).unwrap();
    std::fs::write(
        p.path().join("tpl/huibao.md"),
        format!("{template}\n此处XXXX。\n"),
    )
    .unwrap();
    wengao(p.path())
        .args([
            "build",
            "--format",
            "md",
            "--genre",
            "huibao",
            "--templates",
            "tpl",
        ])
        .assert()
        .code(1)
        .stdout_eq("out/a/huibao.md\n")
        .stderr_eq(format!(
            "\
out/a/huibao.md:{n}:3: 错误: “XXXX”是未填写的占位符，请换成实际内容 [placeholder]
{pad}|
{n} | 此处XXXX。
{pad}|     ^^^^
已为1个数据文件中的1个生成草稿，共1个文件；1个错误，0个警告
",
            n = read(p.path().join("out/a/huibao.md"))
                .lines()
                .position(|l| l == "此处XXXX。")
                .unwrap()
                + 1,
            pad = " ".repeat(3),
        ));
}

/// Settings paths that were named, or are there, but cannot be used stop
/// the run with the path and the reason (exit 2); an absent default
/// `templates` folder is fine.
#[test]
fn unusable_template_and_settings_paths_are_errors() {
    let p = project(&[("a.yaml", GOOD)]);
    std::fs::write(p.path().join("afile"), "").unwrap();
    std::fs::write(p.path().join("cfg.yaml"), "templates: 我的模板\n").unwrap();
    let cases: [(&[&str], &str); 3] = [
        (
            &["check", "--templates", "nope"],
            "模板文件夹“nope”不存在（由 --templates 指定）",
        ),
        (
            &["check", "--templates", "afile"],
            "模板文件夹“afile”是文件，不是文件夹（由 --templates 指定）",
        ),
        (
            &["--config", "cfg.yaml", "build"],
            "模板文件夹“我的模板”不存在（由设置文件中的 templates 指定）",
        ),
    ];
    for (args, message) in cases {
        wengao(p.path())
            .args(args)
            .assert()
            .code(2)
            .stderr_eq(format!("错误：{message}\n"));
    }
    std::fs::create_dir_all(p.path().join("templates/huibao.md")).unwrap();
    wengao(p.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr_eq("错误：模板“templates/huibao.md”不是文件（是一个文件夹），无法读取模板\n");
    std::fs::remove_dir_all(p.path().join("templates")).unwrap();
    std::fs::create_dir(p.path().join("wengao.yaml")).unwrap();
    wengao(p.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr_eq("错误：设置文件“wengao.yaml”不是文件（是一个文件夹），无法读取设置\n");
    std::fs::remove_dir(p.path().join("wengao.yaml")).unwrap();
    wengao(p.path()).arg("check").assert().success();
    assert!(!p.path().join("out").exists());
}

/// The folder walk: a symlink back up (`data/loop -> ..`) is skipped with a
/// note, a symlinked folder elsewhere is read once, a FIFO named `.yaml`
/// is named and skipped (reading it would hang), and a file given twice is
/// read once with a note.
#[cfg(unix)]
#[test]
fn the_folder_walk_follows_each_symlink_once_and_skips_special_files() {
    let p = project(&[("a.yaml", GOOD), ("../elsewhere/b.yaml", GOOD)]);
    let data = p.path().join("data");
    std::os::unix::fs::symlink("..", data.join("loop")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", data.join("linked")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", data.join("linked-again")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(data.join("fifo.yaml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    wengao(p.path()).arg("check").assert().success().stderr_eq(
        "\
data/fifo.yaml: 警告: 这不是普通文件，而是命名管道（FIFO），已跳过
data/loop: 警告: 这是指向自身所在上层文件夹的符号链接，会造成循环，已跳过
已检查2个文件；0个错误，2个警告
",
    );
    wengao(p.path())
        .args(["check", "data/a.yaml", "data/a.yaml", "--genre", "huibao"])
        .assert()
        .success()
        .stderr_eq(
            "\
data/a.yaml: 警告: 此文件被指定了不止一次（直接给出或在给出的文件夹中），只处理一次
已检查1个文件；0个错误，1个警告
",
        );
}

/// `..yaml` cannot name a drafts folder: said so, not "outside the folder".
#[test]
fn a_data_file_named_dot_dot_yaml_is_told_to_be_renamed() {
    let p = project(&[("..yaml", GOOD), ("a.yaml", GOOD)]);
    wengao(p.path())
        .args(["build", "--format", "md", "data/..yaml", "data/a.yaml"])
        .assert()
        .code(1)
        .stderr_eq(
            "\
data/..yaml: 错误: 文件名“..yaml”去掉扩展名后不能用作草稿文件夹的名字（只剩“.”或为空），没有生成草稿；请给文件改名
已为2个数据文件中的1个生成草稿，共3个文件；1个错误，0个警告
",
        );
}

/// A manifest that is not UTF-8 is named, with what to do.
#[test]
fn a_damaged_manifest_is_named() {
    let p = project(&[("a.yaml", GOOD)]);
    std::fs::create_dir_all(p.path().join("out")).unwrap();
    std::fs::write(p.path().join("out/.wengao-manifest"), b"\xff\xfe").unwrap();
    wengao(p.path()).arg("build").assert().code(2).stderr_eq(
        "错误：生成记录“out/.wengao-manifest”已损坏（不是 UTF-8 文本），无法判断哪些文件是 wengao 生成的；\
         请删除它后加 --force 重新生成（被覆盖的文件会先另存为备份）\n",
    );
}

/// A draft made immutable (`chattr +i`) cannot be replaced: that is a
/// write failure, not a missing read permission. Skipped where chattr is
/// not allowed.
#[cfg(target_os = "linux")]
#[test]
fn an_immutable_draft_is_reported_as_a_write_failure() {
    let p = project(&[("a.yaml", GOOD)]);
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .success();
    let draft = p.path().join("out/a/huibao.md");
    let chattr = |flag: &str| {
        std::process::Command::new("chattr")
            .arg(flag)
            .arg(&draft)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !chattr("+i") {
        eprintln!("chattr +i not allowed here: skipped");
        return;
    }
    std::fs::write(
        p.path().join("data/a.yaml"),
        GOOD.replace("value: 86", "value: 88"),
    )
    .unwrap();
    let run = wengao(p.path())
        .args(["build", "--format", "md", "--genre", "huibao"])
        .output()
        .unwrap();
    chattr("-i");
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(run.stderr).unwrap(),
        "\
out/a/huibao.md: 错误: 无法写入：没有写入权限（文件或所在文件夹是只读的，或被设为不可修改）
已为1个数据文件中的1个生成草稿，共0个文件；1个错误，0个警告
"
    );
    assert!(crate::common::temp_files(&p.path().join("out")).is_empty());
}

/// A batch of `n` data files: good ones with varied values, and every
/// seventh one with a data error, so stderr has findings in many places.
fn batch(p: &Path, n: usize) {
    for i in 0..n {
        let mut text = GOOD
            .replace("value: 86", &format!("value: {}", 80 + i))
            .replace("柳川县", &format!("柳川{i}县"));
        if i % 7 == 3 {
            text = text.replace("  date: 2026-10-12\n", "  date: 2026-13-45\n");
        }
        let path = p.join(format!("data/d{i:03}.yaml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Exit code, stdout, stderr, and each output file with its bytes.
type Seen = (Option<i32>, String, String, Vec<(String, Vec<u8>)>);

/// Everything a run shows and leaves: exit code, stdout, stderr, and every
/// file of the output folder with its bytes (the lock file aside).
fn run_and_collect(p: &Path, threads: &str) -> Seen {
    let output = std::process::Command::new(cargo_bin("wengao"))
        .current_dir(p)
        .arg("build")
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    let out = p.join("out");
    let files = listing(&out)
        .into_iter()
        .filter(|rel| rel != ".wengao-lock")
        .map(|rel| {
            let bytes = std::fs::read(out.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        files,
    )
}

/// Four workers write exactly what one writes: the same files byte for
/// byte, the same manifest, stdout, stderr (in input order) and exit code,
/// with data errors, a clash of draft folders and a file wengao did not
/// write among the inputs.
#[test]
fn many_workers_leave_what_one_worker_leaves() {
    let prepare = || {
        let p = project(&[("d005.yml", GOOD)]);
        batch(p.path(), 40);
        std::fs::create_dir_all(p.path().join("out/d011")).unwrap();
        std::fs::write(p.path().join("out/d011/huibao.md"), "别人的文件").unwrap();
        p
    };
    let (one, many) = (prepare(), prepare());
    let by_one = run_and_collect(one.path(), "1");
    let by_many = run_and_collect(many.path(), "4");
    assert_eq!(by_one.0, Some(1));
    assert!(
        by_one
            .2
            .contains("d005.yml: 错误: 与“data/d005.yaml”的草稿会写到同一个文件夹")
    );
    assert!(
        by_one
            .2
            .contains("out/d011/huibao.md: 错误: 此文件不是 wengao 生成的")
    );
    assert_eq!(by_one.0, by_many.0);
    assert_eq!(by_one.1, by_many.1, "stdout");
    assert_eq!(by_one.2, by_many.2, "stderr");
    assert_eq!(by_one.3.len(), by_many.3.len());
    for (a, b) in by_one.3.iter().zip(&by_many.3) {
        assert!(a == b, "{} differs from {}", a.0, b.0);
    }
}

/// Killed (SIGKILL) at many moments while several workers write at once:
/// every file in place is complete and known to the manifest, and the next
/// run refuses nothing.
#[cfg(unix)]
#[test]
fn killed_while_many_workers_write_leaves_only_known_files() {
    let p = project(&[]);
    let out = p.path().join("out");
    batch(p.path(), 40);
    for round in 0..8u64 {
        // New values each round, so every draft is replaced.
        for i in 0..40 {
            let path = p.path().join(format!("data/d{i:03}.yaml"));
            let text = read(&path).replace(
                &format!("previous: {}", 81 + round),
                &format!("previous: {}", 82 + round),
            );
            std::fs::write(path, text).unwrap();
        }
        let mut child = std::process::Command::new(cargo_bin("wengao"))
            .current_dir(p.path())
            .arg("build")
            .env("RAYON_NUM_THREADS", "4")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20 + 40 * round));
        let _ = child.kill();
        child.wait().unwrap();
        assert_every_output_is_known(&out);
    }
    let output = wengao(p.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("没有覆盖"), "{stderr}");
    assert_every_output_is_known(&out);
    assert!(crate::common::temp_files(&out).is_empty());
}

/// Drafts are written as they are made, not held to the end: ten times the
/// data files costs (almost) no more memory. Before, every output stayed in
/// memory until all were drafted (about 60 KB per data file).
#[cfg(unix)]
#[test]
fn memory_does_not_grow_with_the_batch() {
    let peak = |n: usize| {
        let p = project(&[]);
        batch(p.path(), n);
        build_peak_rss_kb(p.path())
    };
    let (small, large) = (peak(20), peak(200));
    assert!(
        large - small < 4 * 1024,
        "20 data files: {small} KB, 200: {large} KB"
    );
}

/// Runs `wengao build` in `dir` on two workers and returns the child's peak
/// resident memory in KB (`wait4` reports that child alone).
#[cfg(unix)]
fn build_peak_rss_kb(dir: &Path) -> i64 {
    let bin = std::env::var("WENGAO_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wengao").into());
    crate::peak_rss::peak_rss_kb(
        std::process::Command::new(bin)
            .arg("build")
            .current_dir(dir)
            .env("RAYON_NUM_THREADS", "2"),
    )
}

/// The data folders named by a list of files written (`out/d007/…` →
/// `d007`), in the order listed.
fn folders_listed(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .map(|line| line.split('/').nth(1).unwrap())
        .collect()
}

/// Four workers, the first data file much slower than the others: the
/// files written are still listed in input order, each data file's files
/// together, and the manifest lists them in that order too (its lines are
/// recorded as the list goes, not sorted at the end from memory).
#[test]
fn the_files_written_are_listed_in_input_order_by_many_workers() {
    let p = project(&[]);
    batch(p.path(), 24);
    let mut practices = String::new();
    for i in 0..1_500 {
        practices.push_str(&format!(
            "  - lead: 第{i}项做法\n    points:\n      - 推进支部标准化建设\n"
        ));
    }
    let first = p.path().join("data/d000.yaml");
    let slow = read(&first).replace("speech:\n", &format!("{practices}speech:\n"));
    std::fs::write(&first, slow).unwrap();
    let output = std::process::Command::new(cargo_bin("wengao"))
        .current_dir(p.path())
        .arg("build")
        .env("RAYON_NUM_THREADS", "4")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let folders = folders_listed(&stdout);
    let expected: Vec<String> = (0..24)
        .filter(|i| i % 7 != 3)
        .map(|i| format!("d{i:03}"))
        .collect();
    let mut seen = folders.clone();
    seen.dedup();
    assert_eq!(seen, expected, "{stdout}");
    assert_eq!(folders.len(), 6 * expected.len(), "{stdout}");
    // Every file listed is there, and the manifest has them in that order.
    let out = p.path().join("out");
    let manifest = read(out.join(".wengao-manifest"));
    let recorded: Vec<String> = manifest
        .lines()
        .map(|l| format!("out/{}", l.split_once("  ").unwrap().1))
        .filter(|rel| stdout.lines().any(|listed| listed == rel))
        .collect();
    assert_eq!(recorded, stdout.lines().collect::<Vec<_>>());
}

/// The list is streamed: in a fresh output folder every file is listed
/// before the commit (the run paused there), not at the end of the run.
#[test]
fn the_files_written_are_listed_as_the_run_goes() {
    use std::io::{BufRead, Write as _};
    let p = project(&[]);
    write_round(p.path(), 0);
    let mut run = crate::common::spawn_paused_listing(p.path(), &["build"], "all-renamed");
    let stdout = run.stdout.take().unwrap();
    let (lines, listed) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let _ = lines.send(line.unwrap());
        }
    });
    let mut before_commit = Vec::new();
    while before_commit.len() < 18 {
        match listed.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(line) => before_commit.push(line),
            Err(_) => break,
        }
    }
    writeln!(run.stdin).unwrap();
    assert!(run.child.wait().unwrap().success());
    assert_eq!(
        folders_listed(&before_commit.join("\n")),
        [["f0"; 6], ["f1"; 6], ["f2"; 6]].concat(),
        "listed before the commit: {before_commit:?}"
    );
}

/// A draft found edited at the very end (an editor that had it open saves
/// into the version swapped out, after the swap and before the commit
/// looks at it once more) is put back and reported, and it is not in the
/// list of files written; the rest of the list keeps its input order.
#[test]
fn a_draft_found_edited_at_the_very_end_is_not_listed() {
    use std::io::Write as _;
    let p = project(&[]);
    let out = p.path().join("out");
    write_round(p.path(), 0);
    let first = wengao(p.path())
        .args(["build", "--format", "md"])
        .output()
        .unwrap();
    let listed_first = String::from_utf8(first.stdout).unwrap();
    assert_eq!(listed_first.lines().count(), 9, "{listed_first}");
    let draft = out.join("f0/huibao.md");
    let old = read(&draft);
    write_round(p.path(), 1);
    let mut run =
        crate::common::spawn_paused_listing(p.path(), &["build", "--format", "md"], "all-renamed");
    // The version swapped out waits under a temporary name until the
    // commit; the editor's handle is on it.
    let swapped_out: Vec<PathBuf> = crate::common::temp_files(&out)
        .into_iter()
        .map(|t| out.join(t))
        .filter(|t| read(t) == old)
        .collect();
    assert_eq!(swapped_out.len(), 1, "{swapped_out:?}");
    let edit = old.replace("稳步推进", "稳步推进（审阅人改）");
    std::fs::write(&swapped_out[0], &edit).unwrap();
    writeln!(run.stdin).unwrap();
    let mut stdout = String::new();
    run.stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let (code, rest) = the_rest(&mut run);
    assert_eq!(rest, F0_HUIBAO_EDITED);
    assert_eq!(code, Some(1));
    let expected: Vec<&str> = listed_first
        .lines()
        .filter(|l| *l != "out/f0/huibao.md")
        .collect();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
    assert_eq!(read(&draft), edit);
    assert!(crate::common::temp_files(&out).is_empty());
    // The edit is not wengao's: the next run keeps it (carried forward
    // into the new draft as a reviewer's edit).
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .success();
    assert!(read(&draft).contains("稳步推进（审阅人改）"));
}
