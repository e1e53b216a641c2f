//! The province-scale batch benchmark: `cargo bench --bench batch`.
//!
//! Writes a batch of data files made from `data/` (1,500 by default, each
//! with its own region, figures and list lengths: `support/province.rs`)
//! to a temp folder and runs the release binary on it, `build` and `check`
//! alternately, reporting medians:
//!
//! - `build` (on disk, a new output folder each run) and `check`: drafts/s,
//!   data files/s, cores used ((user+sys)/wall), CPU per draft, peak RSS
//!   (`wait4`); on Linux also the peak anonymous RSS (sampled: what the
//!   program allocated, without its binary's pages, whose count varies
//!   from run to run by more than a batch's growth) and the cores the
//!   whole machine was busy during the run (`/proc/stat`: the program and
//!   the kernel threads writing its files back, which are not charged to
//!   it, and whatever else runs). The output folders of the runs are
//!   removed only after the last run: on ext4 without a journal (as here) a file created within a
//!   minute or so of many deletions makes the kernel skip every recently
//!   deleted inode in turn, which cost more than the build itself when each
//!   run first removed the last one's output (a cost of the benchmark, not
//!   of a user's build);
//! - 10× the input: the same on a tenth of the batch, the time ratio and
//!   the growth of peak RSS;
//! - the same again on a batch full of findings (some 30 warnings a data
//!   file): findings are printed in each data file's turn, so they must
//!   not make memory grow with the batch either;
//! - a cold `wengao build` of one data file (ms);
//! - rebuilds into the output folders of the first builds, taking the
//!   batch with findings and the one without in turn, so that every draft
//!   changes (each binary both ways in every run, the first binary
//!   alternating): the folder's manifest is read and every draft's old
//!   version swapped out; the time and the growth of peak RSS at 10×;
//! - when valgrind is installed, the instructions a draft of `check` and of
//!   `build` on the tenth, one thread (cachegrind): the same on every run,
//!   where times on a shared machine swing by more than a change;
//! - twice the batch against the batch: the growth of peak RSS of `build`,
//!   `check` and a rebuild. At 10× the tenth's runs are too short to fill
//!   what fills with time, not with the batch (the allocator's pools, the
//!   versions swapped out in the last two early syncs); from the batch to
//!   twice it, what still grows is what a run holds for each data file or
//!   each file of the output folder (`BATCH_SKIP_DOUBLE=1` skips this);
//! - Markdown → DOCX in-process on the batch's drafts (CPU time), and, when
//!   `pandoc` is on the PATH, pandoc on the same drafts: in-process (the CPU
//!   time of one pandoc run on 100 drafts, less that of its start-up on an
//!   empty file, per draft) and cold (wall time of one run per draft).
//!
//! Settings (environment): `BATCH_FILES` (1500), `BATCH_RUNS` (3, runs of
//! each measurement, alternating), `WENGAO_BIN` (another build of the
//! binary), `WENGAO_BASELINE` (a second binary, e.g. the one before a
//! change: every measurement is then run with both, alternately, and
//! reported side by side with the ratio), `BATCH_SKIP_DOUBLE=1`,
//! `BATCH_SKIP_PANDOC=1`, `BATCH_SKIP_VALGRIND=1`,
//! `BATCH_DIR` (a new folder to write the batches to and keep, for
//! profiling: `BATCH_DIR/big/data` then holds the full batch).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wengao::docx::{DocProps, StyleProfile, markdown_to_docx};
use wengao::render::Draft;

/// The binary's allocator (src/main.rs), so that in-process figures are
/// the binary's.
#[global_allocator]
static ALLOCATOR: wengao::memory::Allocator = wengao::memory::Allocator;

#[path = "support/province.rs"]
mod province;

/// What one run of a child cost.
#[derive(Clone, Copy, Debug)]
struct Run {
    wall: Duration,
    cpu: Duration,
    peak_kb: i64,
    /// The largest anonymous RSS (heap, stacks: what the program
    /// allocated, not the pages of its binary) seen while it ran, sampled
    /// every 5 ms; `None` off Linux. Peak RSS also counts the binary's
    /// pages in memory, which vary by a few hundred KB from run to run.
    peak_anon_kb: Option<i64>,
    /// Cores the machine was busy, on average, while the program ran.
    machine_cores: Option<f64>,
}

/// The machine's busy and total CPU time so far (`/proc/stat`'s first
/// line, in clock ticks): busy is all but idle and iowait. The first eight
/// fields only: guest time is counted in user time already.
fn machine_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<u64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .take(8)
        .map(|t| t.parse().ok())
        .collect::<Option<_>>()?;
    let total: u64 = ticks.iter().sum();
    let idle = ticks.get(3)? + ticks.get(4)?;
    Some((total - idle, total))
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn binary() -> PathBuf {
    std::env::var_os("WENGAO_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_wengao")),
        PathBuf::from,
    )
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000)
}

/// Runs `program args` in `dir` and returns its cost; panics unless it
/// exits with a code in `ok`.
fn measure(program: &Path, args: &[&str], dir: &Path, ok: &[i32]) -> Run {
    let ticks_before = machine_ticks();
    let start = Instant::now();
    #[expect(
        clippy::zombie_processes,
        reason = "reaped by wait4 below, for its rusage"
    )]
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{} starts: {e}", program.display()));
    let pid = child.id() as libc::pid_t;
    let sampler = AnonSampler::start(pid);
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid; wait4 fills it in for our own,
    // not yet waited-for child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let wall = start.elapsed();
    let ticks_after = machine_ticks();
    let peak_anon_kb = sampler.stop();
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    assert!(
        ok.contains(&code),
        "{} {args:?} exited with {code}",
        program.display()
    );
    Run {
        wall,
        cpu: timeval(usage.ru_utime) + timeval(usage.ru_stime),
        peak_kb: usage.ru_maxrss,
        peak_anon_kb,
        // Busy ticks over all ticks, times the cores: ticks are coarse
        // (10 ms), so this share is steadier than busy ticks over the wall.
        machine_cores: ticks_before
            .zip(ticks_after)
            .and_then(|((b0, t0), (b1, t1))| {
                let cores = std::thread::available_parallelism().ok()?.get() as f64;
                (t1 > t0).then(|| (b1 - b0) as f64 / (t1 - t0) as f64 * cores)
            }),
    }
}

/// Samples a child's anonymous RSS (`RssAnon` in `/proc/PID/status`) until
/// told to stop, keeping the largest.
struct AnonSampler {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<Option<i64>>,
}

impl AnonSampler {
    fn start(pid: libc::pid_t) -> Self {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = std::sync::Arc::clone(&done);
        let thread = std::thread::spawn(move || {
            let path = format!("/proc/{pid}/status");
            let mut peak: Option<i64> = None;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Gone (or a zombie, whose status has no RssAnon): done.
                let Some(kb) = std::fs::read_to_string(&path).ok().and_then(|status| {
                    status
                        .lines()
                        .find_map(|l| l.strip_prefix("RssAnon:"))
                        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                }) else {
                    break;
                };
                peak = Some(peak.map_or(kb, |p: i64| p.max(kb)));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        });
        AnonSampler { done, thread }
    }

    fn stop(self) -> Option<i64> {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().expect("sampler")
    }
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    // SAFETY: clock_gettime fills in the zeroed timespec it is given.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    let done = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut t) };
    assert_eq!(
        done,
        0,
        "clock_gettime: {}",
        std::io::Error::last_os_error()
    );
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn median<T: PartialOrd + Copy>(mut v: Vec<T>) -> T {
    v.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    v[v.len() / 2]
}

/// The medians of a series of runs on `files` data files making `drafts`
/// drafts.
struct Summary {
    wall: f64,
    cores: f64,
    machine_cores: Option<f64>,
    cpu_per_draft_ms: f64,
    peak_mb: f64,
    peak_anon_mb: Option<f64>,
}

fn summarize(runs: &[Run], drafts: usize) -> Summary {
    Summary {
        wall: median(runs.iter().map(|r| r.wall.as_secs_f64()).collect()),
        cores: median(
            runs.iter()
                .map(|r| r.cpu.as_secs_f64() / r.wall.as_secs_f64())
                .collect(),
        ),
        machine_cores: runs
            .iter()
            .map(|r| r.machine_cores)
            .collect::<Option<Vec<f64>>>()
            .map(median),
        cpu_per_draft_ms: median(
            runs.iter()
                .map(|r| r.cpu.as_secs_f64() * 1000.0 / drafts as f64)
                .collect(),
        ),
        peak_mb: median(runs.iter().map(|r| r.peak_kb as f64 / 1024.0).collect()),
        peak_anon_mb: runs
            .iter()
            .map(|r| r.peak_anon_kb.map(|kb| kb as f64 / 1024.0))
            .collect::<Option<Vec<f64>>>()
            .map(median),
    }
}

fn report(what: &str, files: usize, drafts: usize, s: &Summary) {
    println!(
        "{what:<14} {files:>5} files: {:>7.3} s  {:>7.0} drafts/s  {:>6.0} data files/s  \
         {:.2} cores{}  {:.3} ms CPU/draft  peak RSS {:.1} MB{}",
        s.wall,
        drafts as f64 / s.wall,
        files as f64 / s.wall,
        s.cores,
        s.machine_cores
            .map(|m| format!(" (machine {m:.2})"))
            .unwrap_or_default(),
        s.cpu_per_draft_ms,
        s.peak_mb,
        s.peak_anon_mb
            .map(|a| format!(" (anonymous {a:.2} MB)"))
            .unwrap_or_default()
    );
}

/// The batch and its tenth: data files and drafts.
struct Sizes {
    files: usize,
    drafts: usize,
    tenth: usize,
    small_drafts: usize,
}

/// `build` (into a new folder each time) and `check` on the batch in
/// `big`'s and then in `small`'s `data`, `runs` times, the binaries
/// alternating: by binary, the runs of build, check, build (1/10) and
/// check (1/10).
fn measure_batches(
    bins: &[(&str, PathBuf)],
    runs: usize,
    [big, small]: [&Path; 2],
    fresh_out: &mut impl FnMut() -> String,
) -> Vec<[Vec<Run>; 4]> {
    let mut measured: Vec<[Vec<Run>; 4]> = bins.iter().map(|_| Default::default()).collect();
    for _ in 0..runs {
        for (which, (_, b)) in bins.iter().enumerate() {
            let m = &mut measured[which];
            for (at, dir) in [(0, big), (2, small)] {
                let out = fresh_out();
                m[at].push(measure(b, &["build", "data", "--out", &out], dir, &[0]));
                m[at + 1].push(measure(b, &["check", "data"], dir, &[0, 1]));
            }
        }
    }
    measured
}

/// Rebuilds of the batches into the output folder their first build
/// wrote (`(batch, the same with findings, output folder)`: the two have
/// the same folder and file names), `runs` times, the binaries alternating.
/// Each takes its data from the other batch than the build before it, so
/// every draft changes: the manifest of the folder is read, and every
/// draft's old version swapped out (then deleted, or written over by a
/// later draft). By binary, the runs on
/// the batch and on its tenth.
fn measure_rebuilds(
    bins: &[(&str, PathBuf)],
    runs: usize,
    folders: [(&Path, &Path, &str); 2],
) -> Vec<[Vec<Run>; 2]> {
    let mut measured: Vec<[Vec<Run>; 2]> = bins.iter().map(|_| Default::default()).collect();
    // The output folders hold the drafts of the batch without findings.
    // Each binary rebuilds both ways in every run, to the batch with
    // findings and back: the two ways cost differently, and a binary
    // that always took one of them measured that, not itself. Which
    // binary goes first alternates from run to run.
    for run in 0..runs {
        let mut order: Vec<usize> = (0..bins.len()).collect();
        if run % 2 == 1 {
            order.reverse();
        }
        for which in order {
            let b = &bins[which].1;
            for with_findings_now in [true, false] {
                for (at, (dir, with_findings, out)) in folders.iter().enumerate() {
                    // Run in the batch's own folder: drafts are placed by
                    // their data file's path under `data`.
                    let from = if with_findings_now {
                        with_findings
                    } else {
                        dir
                    };
                    let out = dir.join(out);
                    let out = out.to_str().expect("a UTF-8 temp path");
                    let rebuilt = measure(b, &["build", "data", "--out", out], from, &[0]);
                    measured[which][at].push(rebuilt);
                }
            }
        }
    }
    measured
}

/// Prints the medians of [`measure_batches`]' runs of one binary and the
/// growth of peak RSS with the batch; returns them.
fn report_batches(name: &str, m: &[Vec<Run>; 4], sizes: &Sizes) -> [Summary; 4] {
    let drafts = [
        sizes.drafts,
        sizes.drafts,
        sizes.small_drafts,
        sizes.small_drafts,
    ];
    let summaries = [0, 1, 2, 3].map(|i| summarize(&m[i], drafts[i]));
    let [build, check, build_small, check_small] = &summaries;
    println!("{name}:");
    report("build", sizes.files, sizes.drafts, build);
    report("check", sizes.files, sizes.drafts, check);
    report("build (1/10)", sizes.tenth, sizes.small_drafts, build_small);
    report("check (1/10)", sizes.tenth, sizes.small_drafts, check_small);
    println!(
        "10× the input: build peak RSS {}, check peak RSS {}",
        rss_growth(build, build_small),
        rss_growth(check, check_small)
    );
    summaries
}

/// How much more peak RSS (and anonymous RSS) `big` took than `small`.
fn rss_growth(big: &Summary, small: &Summary) -> String {
    let anon = big
        .peak_anon_mb
        .zip(small.peak_anon_mb)
        .map(|(b, s)| format!(" (anonymous {:+.2} MB)", b - s))
        .unwrap_or_default();
    format!("{:+.2} MB{anon}", big.peak_mb - small.peak_mb)
}

/// The Markdown drafts under `out`, in a stable order. Not the review bases
/// in `.wengao-base`, also `.md` files: counted as drafts, they doubled
/// every drafts/s figure, and the drafts converted to DOCX below were all
/// bases (which sort first).
fn markdown_drafts(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read output folder") {
            let path = entry.expect("entry").path();
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let files = env_usize("BATCH_FILES", 1500);
    let runs = env_usize("BATCH_RUNS", 3).max(1);
    let bin = binary();
    let baseline = std::env::var_os("WENGAO_BASELINE").map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("temp dir");
    // BATCH_DIR keeps the batch (for profiling): it must not exist yet.
    let kept = std::env::var_os("BATCH_DIR").map(PathBuf::from);
    if let Some(dir) = &kept {
        std::fs::create_dir(dir).expect("BATCH_DIR is a new folder");
    }
    let root = kept.as_deref().unwrap_or(tmp.path());
    let tenth = (files / 10).max(1);
    let big = root.join("big");
    let small = root.join("small");
    let bytes = province::write_batch(&big.join("data"), files);
    province::write_batch(&small.join("data"), tenth);
    println!(
        "batch: {files} data files ({:.1} MB) and {tenth}, from data/; binary {}{}",
        bytes as f64 / 1e6,
        bin.display(),
        baseline
            .as_ref()
            .map(|b| format!(", baseline {}", b.display()))
            .unwrap_or_default()
    );

    // The binaries, the one measured first; each run alternates them.
    let mut bins = vec![("now", bin.clone())];
    if let Some(b) = &baseline {
        bins.push(("baseline", b.clone()));
    }
    // Every build writes a new output folder, all removed at the end (see
    // the module's doc).
    let mut outputs = 0;
    let mut fresh_out = || {
        outputs += 1;
        format!("out-{outputs}")
    };
    // One build to learn the number of drafts, and warm the page cache.
    let warm = fresh_out();
    measure(&bin, &["build", "data", "--out", &warm], &big, &[0]);
    let drafts = markdown_drafts(&big.join(&warm)).len();
    let warm_small = fresh_out();
    measure(&bin, &["build", "data", "--out", &warm_small], &small, &[0]);
    let small_drafts = markdown_drafts(&small.join(&warm_small)).len();
    assert!(drafts >= files, "every data file drafts ({drafts} drafts)");
    println!("{drafts} drafts from {files} data files, {small_drafts} from {tenth}");

    let sizes = Sizes {
        files,
        drafts,
        tenth,
        small_drafts,
    };
    let measured = measure_batches(&bins, runs, [&big, &small], &mut fresh_out);
    println!("medians of {runs} alternating runs:");
    let mut walls = Vec::new();
    for ((name, _), m) in bins.iter().zip(&measured) {
        let [build, check, build_small, check_small] = report_batches(name, m, &sizes);
        println!(
            "10× the input: build {:.2}× the time, check {:.2}× the time",
            build.wall / build_small.wall,
            check.wall / check_small.wall
        );
        walls.push((build, check));
    }
    if let [(build, check), (old_build, old_check)] = &walls[..] {
        println!(
            "now against baseline: build {:.2}× the wall time, {:.2}× the CPU a draft, \
             {:.2}× the peak RSS; check {:.2}× the wall time, {:.2}× the CPU a draft",
            build.wall / old_build.wall,
            build.cpu_per_draft_ms / old_build.cpu_per_draft_ms,
            build.peak_mb / old_build.peak_mb,
            check.wall / old_check.wall,
            check.cpu_per_draft_ms / old_check.cpu_per_draft_ms,
        );
    }

    // The same with a batch full of findings (some 30 warnings a data
    // file): printed in each file's turn, they must not pile up either.
    let big_findings = root.join("big-findings");
    let small_findings = root.join("small-findings");
    province::write_batch_with_findings(&big_findings.join("data"), files);
    province::write_batch_with_findings(&small_findings.join("data"), tenth);
    let measured = measure_batches(
        &bins,
        runs,
        [&big_findings, &small_findings],
        &mut fresh_out,
    );
    println!("with findings (a space before every \"，\" of the data), medians of {runs}:");
    for ((name, _), m) in bins.iter().zip(&measured) {
        report_batches(name, m, &sizes);
    }

    // A cold build of one data file.
    let one = root.join("one");
    province::write_batch(&one.join("data"), 1);
    // The binaries alternate here too: a block of runs each would put a
    // spell of the machine's noise on one of them.
    let mut colds: Vec<Vec<f64>> = bins.iter().map(|_| Vec::new()).collect();
    for _ in 0..21 {
        for ((_, b), cold) in bins.iter().zip(&mut colds) {
            let out = fresh_out();
            let run = measure(b, &["build", "data", "--out", &out], &one, &[0]);
            cold.push(run.wall.as_secs_f64() * 1000.0);
        }
    }
    let mut cold_now = 0.0;
    for ((name, _), cold) in bins.iter().zip(colds) {
        let cold = median(cold);
        println!("{name}: cold build of one data file: {cold:.2} ms (median of 21, alternating)");
        if cold_now == 0.0 {
            cold_now = cold;
        }
    }

    // Rebuilds into the first output folders, last of the runs on disk:
    // each puts a new version of every draft in place; the old ones go
    // (deleted, or written over by later drafts), deletions included.
    let rebuilds = measure_rebuilds(
        &bins,
        runs,
        [
            (&big, &big_findings, &warm),
            (&small, &small_findings, &warm_small),
        ],
    );
    println!("rebuilds changing every draft, medians of {runs}:");
    for ((name, _), [rebuild, rebuild_small]) in bins.iter().zip(&rebuilds) {
        let rebuild = summarize(rebuild, sizes.drafts);
        let rebuild_small = summarize(rebuild_small, sizes.small_drafts);
        println!("{name}:");
        report("rebuild", sizes.files, sizes.drafts, &rebuild);
        report(
            "rebuild (1/10)",
            sizes.tenth,
            sizes.small_drafts,
            &rebuild_small,
        );
        println!(
            "10× the input: rebuild {:.2}× the time, peak RSS {}",
            rebuild.wall / rebuild_small.wall,
            rss_growth(&rebuild, &rebuild_small)
        );
    }

    count_instructions(&bins, &small, small_drafts, &mut fresh_out);

    let mut batch_dirs = vec![
        big.clone(),
        small,
        big_findings.clone(),
        small_findings,
        one,
    ];
    if std::env::var_os("BATCH_SKIP_DOUBLE").is_none() {
        let double = root.join("double");
        let double_findings = root.join("double-findings");
        province::write_batch(&double.join("data"), 2 * files);
        province::write_batch_with_findings(&double_findings.join("data"), 2 * files);
        // Output folders of their own, holding the drafts of the batches
        // without findings, as each series of rebuilds expects.
        let warm_double = fresh_out();
        measure(
            &bin,
            &["build", "data", "--out", &warm_double],
            &double,
            &[0],
        );
        let double_drafts = markdown_drafts(&double.join(&warm_double)).len();
        let warm_big = fresh_out();
        measure(&bin, &["build", "data", "--out", &warm_big], &big, &[0]);
        let batches = measure_batches(&bins, runs, [&double, &big], &mut fresh_out);
        let rebuilds = measure_rebuilds(
            &bins,
            runs,
            [
                (&double, &double_findings, &warm_double),
                (&big, &big_findings, &warm_big),
            ],
        );
        println!(
            "twice the input ({} data files against {files}), medians of {runs}:",
            2 * files
        );
        for ((name, _), (batch, rebuild)) in bins.iter().zip(batches.iter().zip(&rebuilds)) {
            let [build, check] = [0, 1].map(|i| {
                [
                    summarize(&batch[i], double_drafts),
                    summarize(&batch[i + 2], drafts),
                ]
            });
            let [rebuild, rebuild_half] = [
                summarize(&rebuild[0], double_drafts),
                summarize(&rebuild[1], drafts),
            ];
            println!(
                "{name}: build peak RSS {}, check {}, rebuild {}",
                rss_growth(&build[0], &build[1]),
                rss_growth(&check[0], &check[1]),
                rss_growth(&rebuild, &rebuild_half)
            );
        }
        batch_dirs.extend([double, double_findings]);
    }

    markdown_to_docx_vs_pandoc(&big.join(&warm), root, cold_now);

    // The output folders, last (see the module's doc).
    for dir in &batch_dirs {
        for entry in std::fs::read_dir(dir).expect("batch folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with("out-") {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

/// Instructions of `check` and of `build` (into a new folder) on the tenth
/// of the batch, one thread, counted by valgrind's cachegrind when it is
/// installed: unlike time, the count is the same on every run and every
/// machine, so that a change of a percent shows where this shared
/// machine's times swing by ten.
fn count_instructions(
    bins: &[(&str, PathBuf)],
    small: &Path,
    small_drafts: usize,
    fresh_out: &mut impl FnMut() -> String,
) {
    if std::env::var_os("BATCH_SKIP_VALGRIND").is_some() || !installed("valgrind") {
        println!("valgrind: not installed (or BATCH_SKIP_VALGRIND), instructions not counted");
        return;
    }
    let mut counts = Vec::new();
    for (name, bin) in bins {
        let check = instructions(bin, &["check", "data"], small);
        let out = fresh_out();
        let build = instructions(bin, &["build", "data", "--out", &out], small);
        let per_draft = |n: u64| n as f64 / small_drafts as f64 / 1e3;
        println!(
            "{name}: instructions a draft (cachegrind, one thread, {small_drafts} drafts): \
             check {:.0}k, build {:.0}k",
            per_draft(check),
            per_draft(build)
        );
        counts.push((check as f64, build as f64));
    }
    if let [(check, build), (old_check, old_build)] = counts[..] {
        println!(
            "now against baseline: check {:.3}× the instructions, build {:.3}×",
            check / old_check,
            build / old_build
        );
    }
}

/// The instructions `program args` runs in `dir` on one thread (the
/// `I refs` of cachegrind's summary).
fn instructions(program: &Path, args: &[&str], dir: &Path) -> u64 {
    let run = Command::new("valgrind")
        .args([
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
        ])
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", "1")
        .stdout(Stdio::null())
        .output()
        .expect("valgrind runs");
    let summary = String::from_utf8_lossy(&run.stderr);
    summary
        .lines()
        .find_map(|line| {
            let (_, count) = line.split_once("I   refs:")?;
            count.trim().replace(',', "").parse().ok()
        })
        .unwrap_or_else(|| panic!("no instruction count from valgrind:\n{summary}"))
}

/// Whether `program --version` runs: the program is on the PATH.
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Waits for every file written so far to be on disk.
fn sync_all() {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

/// Markdown → DOCX in this process on (up to 300 of) the batch's drafts,
/// and pandoc on the same drafts when it is installed.
fn markdown_to_docx_vs_pandoc(out: &Path, root: &Path, cold_build_ms: f64) {
    let paths: Vec<PathBuf> = markdown_drafts(out).into_iter().take(300).collect();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("draft"))
        .collect();
    let drafts: Vec<(String, DocProps)> = texts
        .iter()
        .map(|md| {
            let props = DocProps {
                title: Draft::title_of(md),
                author: None,
                date: chrono::NaiveDate::from_ymd_opt(2026, 10, 12).expect("date"),
            };
            (md.clone(), props)
        })
        .collect();
    let style = StyleProfile::default();
    // The builds above leave thousands of files for the kernel to write
    // back, on the same two cores: measured meanwhile, a joined conversion
    // took up to 1.5 times what it takes on a quiet machine.
    sync_all();
    // A round first, not counted: the first rounds after the builds (and
    // pandoc) above run on memory the allocator has yet to fault in, and
    // took up to 1.75 times the steady state a batch runs in.
    for (md, props) in &drafts {
        std::hint::black_box(markdown_to_docx(md, props, &style).expect("conversion"));
    }
    // CPU time, here and for pandoc: on a shared machine the wall clock
    // measures the neighbours as much as the program.
    let rounds: Vec<f64> = (0..5)
        .map(|_| {
            let start = thread_cpu();
            for (md, props) in &drafts {
                std::hint::black_box(markdown_to_docx(md, props, &style).expect("conversion"));
            }
            thread_cpu().checked_sub(start).unwrap().as_secs_f64() / drafts.len() as f64
        })
        .collect();
    let ours = median(rounds);
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum::<usize>() / texts.len();
    println!(
        "Markdown → DOCX in-process: {:.3} ms CPU a draft ({} drafts of {chars} characters on average, median of 5)",
        ours * 1000.0,
        drafts.len()
    );

    if std::env::var_os("BATCH_SKIP_PANDOC").is_some() || !installed("pandoc") {
        println!("pandoc: not installed (or BATCH_SKIP_PANDOC), comparison skipped");
        return;
    }
    let pandoc = Path::new("pandoc");
    let dir = root.join("pandoc");
    std::fs::create_dir_all(&dir).expect("pandoc folder");
    std::fs::write(dir.join("empty.md"), "").expect("empty");
    // pandoc reads several inputs as one document: its in-process cost of
    // a draft is that of many drafts at once, less its start-up (an empty
    // input), over the number of drafts.
    let sample: Vec<String> = paths
        .iter()
        .take(100)
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["-f", "markdown", "-o", "many.docx"];
    args.extend(sample.iter().map(String::as_str));
    let mut startup = Vec::new();
    let mut many = Vec::new();
    // Medians of 9: one run is about 0.2 s, and its CPU time varied by a
    // fifth from run to run on the shared machine.
    for _ in 0..9 {
        startup.push(
            measure(
                pandoc,
                &["-f", "markdown", "-o", "e.docx", "empty.md"],
                &dir,
                &[0],
            )
            .cpu
            .as_secs_f64(),
        );
        many.push(measure(pandoc, &args, &dir, &[0]).cpu.as_secs_f64());
    }
    let startup = median(startup);
    let theirs = (median(many) - startup).max(0.0) / sample.len() as f64;
    println!(
        "pandoc in-process: {:.2} ms CPU a draft ({} drafts in one run, less {:.0} ms start-up, \
         medians of 9): wengao is {:.0}× faster",
        theirs * 1000.0,
        sample.len(),
        startup * 1000.0,
        theirs / ours
    );
    // pandoc's figure is a share of one document made of the drafts: it
    // pays for one package, not one a draft. The same for wengao: the same
    // drafts as one document, over their number.
    let joined = texts[..sample.len()].join("\n");
    let props = &drafts[0].1;
    // Warmed up as above (pandoc ran in between); a median of 31 (each
    // round is under 2 ms, so a neighbour's burst can move a median of
    // a few).
    sync_all();
    for _ in 0..3 {
        std::hint::black_box(markdown_to_docx(&joined, props, &style).expect("conversion"));
    }
    let rounds: Vec<f64> = (0..31)
        .map(|_| {
            let start = thread_cpu();
            std::hint::black_box(markdown_to_docx(&joined, props, &style).expect("conversion"));
            thread_cpu().checked_sub(start).unwrap().as_secs_f64() / sample.len() as f64
        })
        .collect();
    let ours_joined = median(rounds);
    println!(
        "the same {} drafts as one document: wengao {:.3} ms CPU a draft (median of 31), \
         pandoc {:.2} ms: wengao is {:.0}× faster",
        sample.len(),
        ours_joined * 1000.0,
        theirs * 1000.0,
        theirs / ours_joined
    );
    let cold: Vec<f64> = paths
        .iter()
        .take(9)
        .map(|p| {
            let p = p.display().to_string();
            measure(
                pandoc,
                &["-f", "markdown", "-o", "one.docx", &p],
                &dir,
                &[0],
            )
            .wall
            .as_secs_f64()
                * 1000.0
        })
        .collect();
    let cold = median(cold);
    println!(
        "pandoc cold, one draft: {cold:.1} ms (median of 9); a cold `wengao build` of one \
         data file (3 drafts, .md and .docx) is {:.0}× faster",
        cold / cold_build_ms
    );
}
