//! The batch the benchmark drafts (`benches/batch.rs`): every generated
//! data file must check clean, so the benchmark measures the work of real
//! drafts, and the files must differ from one another.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

#[path = "../../benches/support/province.rs"]
mod province;

#[test]
fn the_benchmark_batch_checks_clean_and_varies() {
    let dir = tempfile::tempdir().unwrap();
    let n = 45;
    province::write_batch(&dir.path().join("data"), n);
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .args(["check", "data"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!("已检查{n}个文件；0个错误，0个警告")
    );

    let variants: Vec<_> = (0..n).map(province::variant).collect();
    let folders: HashSet<_> = variants.iter().map(|v| v.0.0.clone()).collect();
    let texts: HashSet<_> = variants.iter().map(|v| v.1.clone()).collect();
    let sizes: HashSet<_> = variants.iter().map(|v| v.1.len()).collect();
    assert_eq!(folders.len(), n);
    assert_eq!(texts.len(), n);
    assert!(
        sizes.len() > n / 2,
        "list lengths vary: {} sizes",
        sizes.len()
    );
    // The same index always gives the same file.
    assert_eq!(province::variant(7).1, variants[7].1);
}

/// Peak memory of `build` does not grow with the batch: ten times the data
/// files (600 instead of 60, each with three drafts, so 5,400 files
/// written) costs less than 0.75 MB more. Nothing is kept per file written:
/// the manifest holds only what it read at the start (nothing, in a fresh
/// folder) and the run's lines go to a file; the list of files written is
/// streamed to stdout in input order; the data files are grouped by draft
/// folder compactly. What is left per data file is its place in the input
/// list, and what is bounded but fills with a larger batch (256 folder
/// listings, 64 data files done ahead of their turn). Each size is the
/// least of three runs: how the allocator's arenas fill depends on how the
/// threads happened to run, which only ever adds. Measured with a debug
/// build on a loaded machine: +0.46 to +0.70 MB for 1,200 files, +0.04 to
/// +0.63 MB for 600 in single runs, so the growth is not per file; the
/// build before this test was tightened grew 1.6–1.7 MB here.
#[cfg(unix)]
#[test]
fn build_memory_does_not_grow_with_the_batch() {
    let peak = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        province::write_batch(&dir.path().join("data"), n);
        let bin =
            std::env::var("WENGAO_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wengao").into());
        (0..3)
            .map(|run| {
                crate::peak_rss::peak_rss_kb(
                    Command::new(&bin)
                        .args(["build", "--out", &format!("out{run}")])
                        .current_dir(dir.path())
                        .env("RAYON_NUM_THREADS", "2"),
                )
            })
            .min()
            .unwrap()
    };
    let (small, large) = (peak(60), peak(600));
    assert!(
        large - small < 768,
        "60 data files: {small} KB, 600: {large} KB"
    );
}

/// Findings do not pile up in memory either: `check` and `build` print
/// each data file's in its turn, not all at the end. With some 30 warnings
/// in every data file (a space before each "，" of the data), 600 data
/// files instead of 60 cost less than 0.75 MB more, for both. When the
/// findings were kept for the end, the release binary grew 14 MB here for
/// `check` and 10 MB for `build`.
#[cfg(unix)]
#[test]
fn memory_does_not_grow_with_a_batchs_findings() {
    let bin = std::env::var("WENGAO_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wengao").into());
    let batch = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        province::write_batch_with_findings(&dir.path().join("data"), n);
        // Every data file has its share of warnings.
        let out = Command::new(&bin)
            .arg("check")
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let summary = stderr.lines().last().unwrap_or_default();
        let warnings: usize = summary
            .split_once("0个错误，")
            .and_then(|(_, rest)| rest.strip_suffix("个警告"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("summary: {summary}"));
        assert!(warnings >= 10 * n, "{summary}");
        dir
    };
    // Each build into a new folder, so each run writes every draft.
    let peak = |dir: &Path, args: &[&str]| {
        (0..3)
            .map(|run| {
                crate::peak_rss::peak_rss_kb(
                    Command::new(&bin)
                        .args(args)
                        .args(
                            (args[0] == "build")
                                .then(|| ["--out".to_owned(), format!("out{run}")])
                                .into_iter()
                                .flatten(),
                        )
                        .current_dir(dir)
                        .env("RAYON_NUM_THREADS", "2"),
                )
            })
            .min()
            .unwrap()
    };
    let (small, large) = (batch(60), batch(600));
    for args in [&["check"][..], &["build", "--format", "md"]] {
        let (small, large) = (peak(small.path(), args), peak(large.path(), args));
        assert!(
            large - small < 768,
            "{args:?}: 60 data files: {small} KB, 600: {large} KB"
        );
    }
}

/// A rebuild into a folder holding an earlier batch's drafts, every draft
/// changing, leaves exactly what a build into a new folder leaves: the same
/// files byte for byte, the same manifest and bases, no temporary file.
/// In runs this long the versions swapped out are written over by later
/// drafts instead of deleted (see `output::spare`); where the file system
/// keeps a file's birth time, files born before the last rebuild show it.
#[test]
fn a_rebuild_changing_every_draft_leaves_what_a_new_build_leaves() {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    let dir = tempfile::tempdir().unwrap();
    let n = 200;
    province::write_batch(&dir.path().join("plain/data"), n);
    // The same folder and file names, other text: every draft changes.
    province::write_batch_with_findings(&dir.path().join("findings/data"), n);
    let build = |batch: &str, out: &str| {
        let run = Command::new(env!("CARGO_BIN_EXE_wengao"))
            .args(["build", "data", "--out"])
            .arg(dir.path().join(out))
            .current_dir(dir.path().join(batch))
            .env("RAYON_NUM_THREADS", "2")
            .output()
            .unwrap();
        // Warnings (the batch with findings) are no errors.
        let stderr = String::from_utf8_lossy(&run.stderr);
        let summary = stderr.lines().last().unwrap_or_default();
        assert!(summary.contains("；0个错误，"), "{summary}");
    };
    build("plain", "new");
    build("plain", "out");
    build("findings", "out");
    let rebuilt = std::time::SystemTime::now();
    build("plain", "out");

    let files = |root: &Path| -> BTreeMap<PathBuf, PathBuf> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().to_owned(),
                    e.into_path(),
                )
            })
            .collect()
    };
    let (new, out) = (
        files(&dir.path().join("new")),
        files(&dir.path().join("out")),
    );
    assert_eq!(
        new.keys().collect::<Vec<_>>(),
        out.keys().collect::<Vec<_>>()
    );
    assert!(new.len() > 6 * n, "{} files", new.len());
    for (rel, path) in &out {
        assert!(
            std::fs::read(path).unwrap() == std::fs::read(&new[rel]).unwrap(),
            "{} differs from a new build's",
            rel.display()
        );
    }
    // Drafts only: the lock file stays, and the findings change every draft.
    let born_before = out
        .values()
        .filter(|path| path.extension().is_some_and(|e| e == "md" || e == "docx"))
        .filter_map(|path| std::fs::metadata(path).unwrap().created().ok())
        .filter(|born| *born < rebuilt)
        .count();
    if std::fs::metadata(dir.path()).unwrap().created().is_ok() {
        assert!(born_before > 0, "no draft was written over an old version");
    }
}
