//! Concurrent writers on one output folder: an editor saving a draft while
//! wengao replaces it, and two builds writing the same folder at once. No
//! edit and no manifest entry may ever be lost.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use wengao::output::{MANIFEST, Outcome, OutputDir, Planned, WriteIssue};

fn plan(text: &str) -> Vec<Planned> {
    vec![Planned {
        rel: "a/huibao.md".into(),
        bytes: text.as_bytes().to_vec(),
    }]
}

fn write(root: &Path, text: &str) -> Outcome {
    let mut out = OutputDir::open(root, false, Duration::from_secs(10), || {}).unwrap();
    out.write_all(&plan(text)).remove(0)
}

fn median(times: &std::collections::VecDeque<Duration>) -> Duration {
    let mut sorted: Vec<_> = times.iter().copied().collect();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// Busy-waits `time`: a sleep would wake far later than asked.
fn spin_for(time: Duration) {
    let until = Instant::now() + time;
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

/// Saves `text` the way editors do: a new file renamed over the old one
/// (vim, VS Code, most "safe save"s), or the old file emptied and written
/// in place (Notepad, `>` in a shell).
fn save_as_an_editor(path: &Path, text: &str, in_place: bool) {
    if in_place {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)
            .unwrap();
        f.write_all(text.as_bytes()).unwrap();
    } else {
        let tmp = path.with_file_name("huibao.md.editor-swp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, path).unwrap();
    }
}

/// 300 rounds: wengao replaces a draft it wrote while an editor saves it,
/// the save timed at every point across the replacement (before wengao
/// reads the old file, while it writes the new one, around the rename,
/// after). Whatever the timing, the editor's text must be what is left —
/// unless the save finished only after the run ended, the window the README
/// states (an editor that opened the file before the swap).
///
/// A quarter of the rounds start wengao only once the editor is saving:
/// on a loaded machine the editor's thread can wake so late that every
/// save of a round timed from wengao's start lands after the replacement,
/// and the test would time nothing (it once did, on CI).
#[test]
fn an_edit_saved_during_a_build_is_never_lost() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let draft = root.join("a/huibao.md");
    write(root, "wengao 0");
    // How long a replacement takes: the median of the last few, so that a
    // disk stall (other tests writing on CI) cannot stretch every round.
    let mut took = std::collections::VecDeque::new();
    for i in 0..5 {
        let started = Instant::now();
        write(root, &format!("wengao warm-up {i}"));
        took.push_back(started.elapsed());
    }
    let rounds = 300;
    let mut lost = Vec::new();
    let mut caught = 0;
    let mut after_run = 0;
    for i in 0..rounds {
        assert!(
            matches!(write(root, &format!("wengao {i}")), Outcome::Written),
            "round {i} starts from a draft wengao wrote"
        );
        let span = median(&took);
        let edit = format!("审阅人第{i}次修改");
        // Spread the save from half a replacement before wengao starts to
        // 1.5 times the replacement after, in 100 steps.
        let offset = 2.0 * f64::from(i % 100) / 100.0 - 0.5;
        let in_place = i % 2 == 1;
        // Both start together: the editor's delay counts from the moment
        // wengao starts, not from a thread spawn a busy machine may delay.
        let start = std::sync::Arc::new(std::sync::Barrier::new(2));
        let saving = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let editor = {
            let (draft, edit) = (draft.clone(), edit.clone());
            let (start, saving) = (start.clone(), saving.clone());
            std::thread::spawn(move || {
                start.wait();
                spin_for(span.mul_f64(offset.max(0.0)));
                saving.store(true, std::sync::atomic::Ordering::Release);
                save_as_an_editor(&draft, &edit, in_place);
                Instant::now()
            })
        };
        start.wait();
        if offset < 0.0 {
            // Wengao starts a little after the editor began to save.
            while !saving.load(std::sync::atomic::Ordering::Acquire) {
                std::thread::yield_now();
            }
            spin_for(span.mul_f64(-offset));
        }
        let run_started = Instant::now();
        let outcome = write(root, &format!("wengao {i} 新稿"));
        let run_ended = Instant::now();
        took.push_back(run_ended - run_started);
        if took.len() > 9 {
            took.pop_front();
        }
        let saved = editor.join().unwrap();
        if matches!(
            outcome,
            Outcome::Refused(WriteIssue::Edited | WriteIssue::EditedDuringBuild)
        ) {
            caught += 1;
        }
        let left = std::fs::read_to_string(&draft).unwrap();
        if left != edit {
            // The one case the README (可靠性) says can still lose a save:
            // an editor that opened the draft before the swap but wrote
            // only after the run ended (a thread held off the CPU that
            // long under heavy load). Every other loss is a failure.
            if saved > run_ended {
                after_run += 1;
            } else {
                lost.push(format!("round {i}: {outcome:?}, left {left:?}"));
            }
        }
        // Make the file wengao's again for the next round.
        std::fs::remove_file(&draft).unwrap();
    }
    assert!(
        lost.is_empty(),
        "{} of {rounds} edits lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
    assert!(
        caught > 0,
        "no save landed before the replacement: the test timed nothing"
    );
    // A rare scheduling accident, not the common case.
    assert!(
        after_run * 50 <= rounds,
        "{after_run} of {rounds} saves finished only after the run ended"
    );
    let strays: Vec<_> = crate::common::files_under(root)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

/// Two writers on one folder at once, each its own files, many times over:
/// the manifest must end up knowing every file, so nothing is refused.
#[test]
fn two_writers_on_one_folder_keep_every_manifest_entry() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let root = root.clone();
            std::thread::spawn(move || {
                for round in 0..40 {
                    let planned: Vec<Planned> = (0..5)
                        .map(|k| Planned {
                            rel: format!("{who}{k}/huibao.md").into(),
                            bytes: format!("{who} {k} {round}").into_bytes(),
                        })
                        .collect();
                    let mut out =
                        OutputDir::open(&root, false, Duration::from_secs(30), || {}).unwrap();
                    for outcome in out.write_all(&planned) {
                        assert_eq!(outcome, Outcome::Written, "{who} round {round}");
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let manifest = std::fs::read_to_string(root.join(MANIFEST)).unwrap();
    for who in ["a", "b"] {
        for k in 0..5 {
            let bytes = format!("{who} {k} 39");
            let line = format!(
                "{}  {who}{k}/huibao.md",
                wengao::output::sha256(bytes.as_bytes())
            );
            assert!(manifest.lines().any(|l| l == line), "lost {line}");
        }
    }
}

/// A project folder with `data/<name>.yaml` for each name, all a copy of
/// the corpus's clean data file.
fn project(names: &[&str]) -> tempfile::TempDir {
    let clean = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/clean.yaml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        let path = dir.path().join(format!("data/{name}.yaml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &clean).unwrap();
    }
    dir
}

fn wengao(dir: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_wengao"));
    c.current_dir(dir);
    c
}

const WAITING: &str = "另一个 wengao 正在写入输出文件夹“out”，等它完成后再写入……\n";

/// While another process holds the output folder's lock, a build says it
/// waits, and either gets the folder when the lock is released or, after
/// `WENGAO_LOCK_TIMEOUT` seconds, says another wengao is running there.
#[test]
fn a_build_waits_for_another_on_the_same_folder() {
    let p = project(&["a"]);
    assert!(
        wengao(p.path())
            .args(["build", "--format", "md"])
            .status()
            .unwrap()
            .success()
    );
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(p.path().join("out/.wengao-lock"))
        .unwrap();
    fs4::FileExt::lock(&lock).unwrap();

    let gave_up = wengao(p.path())
        .args(["build", "--format", "md"])
        .env("WENGAO_LOCK_TIMEOUT", "1")
        .output()
        .unwrap();
    assert_eq!(gave_up.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(gave_up.stderr).unwrap(),
        format!(
            "{WAITING}错误：另一个 wengao 正在写入输出文件夹“out”，等了1秒仍未完成；\
             请等它结束后再运行（等待时间可用环境变量 WENGAO_LOCK_TIMEOUT 设定，单位为秒）\n"
        )
    );

    let mut waiting = wengao(p.path())
        .args(["build", "--format", "md"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Release the lock once the build says it waits, however long a busy
    // machine takes to get it there.
    let mut stderr = std::io::BufReader::new(waiting.stderr.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut first).unwrap();
    assert_eq!(first, WAITING);
    std::thread::sleep(Duration::from_millis(100));
    drop(lock);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(waiting.wait().unwrap().success());
    assert_eq!(
        rest,
        "已为1个数据文件中的1个生成草稿，共3个文件；0个错误，0个警告\n"
    );
}

/// Two real builds at once on one output folder, each drafting its own
/// data files, ten times: afterwards a build of everything refuses nothing
/// (before the lock, one build's manifest overwrote the other's).
#[test]
fn two_builds_at_once_then_the_next_refuses_nothing() {
    let p = project(&["a1", "a2", "a3", "b1", "b2", "b3"]);
    for round in 0..10 {
        let both: Vec<_> = [
            ["data/a1.yaml", "data/a2.yaml", "data/a3.yaml"],
            ["data/b1.yaml", "data/b2.yaml", "data/b3.yaml"],
        ]
        .into_iter()
        .map(|files| {
            wengao(p.path())
                .arg("build")
                .args(files)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
        for child in both {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(out.status.success(), "round {round}: {stderr}");
        }
    }
    let next = wengao(p.path()).arg("build").output().unwrap();
    assert_eq!(
        String::from_utf8(next.stderr).unwrap(),
        "已为6个数据文件中的6个生成草稿，共36个文件；0个错误，0个警告\n"
    );
    assert!(next.status.success());
}
