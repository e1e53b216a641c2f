//! The progress line of a long batch: data files done out of all, drafts
//! per second, errors so far. Drawn on stderr only when stderr is a
//! terminal and `CI` is not set, and cleared before the report, so piped
//! and logged output stays exactly the report.

use std::io::IsTerminal;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Batches smaller than this finish before a bar would be worth seeing.
const SHOWN_FROM: usize = 20;

/// Which command's progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Task {
    /// Data files drafted and written: the rate is of drafts.
    Build,
    /// Files checked: the rate is of files.
    Check,
}

/// The bar of one run, or nothing when it is not shown.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    task: Task,
    /// Updated under a lock, so the line never steps back when two
    /// workers finish at once.
    counts: Mutex<Counts>,
    started: Instant,
}

impl Progress {
    /// A bar for `total` files, drawn only where someone watches.
    pub(crate) fn new(task: Task, total: usize) -> Self {
        let watched = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = (watched && total >= SHOWN_FROM).then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(10),
            );
            bar.set_style(
                ProgressStyle::with_template("{bar:24} {msg}").expect("a valid template"),
            );
            bar
        });
        Progress {
            bar,
            task,
            counts: Mutex::new(Counts {
                done: 0,
                total,
                drafts: 0,
                errors: 0,
            }),
            started: Instant::now(),
        }
    }

    /// Counts `files` data files done, with their `drafts` and `errors`.
    pub(crate) fn advance(&self, files: usize, drafts: usize, errors: usize) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.done += files;
        counts.drafts += drafts;
        counts.errors += errors;
        if let Some(bar) = &self.bar {
            bar.set_position(counts.done as u64);
            bar.set_message(progress_text(self.task, *counts, self.started.elapsed()));
        }
    }

    /// Runs `f` (which prints to stderr) with the bar out of the way.
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// How far a run is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Counts {
    pub done: usize,
    pub total: usize,
    pub drafts: usize,
    pub errors: usize,
}

/// `已处理 120/1500 个数据文件，草稿 360 份（每秒 3,000 份），错误 0 个`, or
/// for `check`, `已检查 120/1500 个文件（每秒 1,000 个），错误 0 个`.
pub(crate) fn progress_text(task: Task, counts: Counts, elapsed: Duration) -> String {
    let Counts {
        done,
        total,
        drafts,
        errors,
    } = counts;
    let per_second = |n: usize| {
        let seconds = elapsed.as_secs_f64();
        let rate = if seconds > 0.0 {
            (n as f64 / seconds).round() as u64
        } else {
            0
        };
        grouped(rate)
    };
    match task {
        Task::Build => format!(
            "已处理 {done}/{total} 个数据文件，草稿 {drafts} 份（每秒 {} 份），错误 {errors} 个",
            per_second(drafts)
        ),
        Task::Check => format!(
            "已检查 {done}/{total} 个文件（每秒 {} 个），错误 {errors} 个",
            per_second(done)
        ),
    }
}

/// `12345` → `12,345`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_files_rate_and_errors() {
        let counts = |done, total, drafts, errors| Counts {
            done,
            total,
            drafts,
            errors,
        };
        assert_eq!(
            progress_text(
                Task::Build,
                counts(120, 1500, 360, 2),
                Duration::from_millis(120)
            ),
            "已处理 120/1500 个数据文件，草稿 360 份（每秒 3,000 份），错误 2 个"
        );
        assert_eq!(
            progress_text(Task::Build, counts(0, 7, 0, 0), Duration::ZERO),
            "已处理 0/7 个数据文件，草稿 0 份（每秒 0 份），错误 0 个"
        );
        assert_eq!(
            progress_text(
                Task::Check,
                counts(1500, 1500, 0, 31),
                Duration::from_secs(2)
            ),
            "已检查 1500/1500 个文件（每秒 750 个），错误 31 个"
        );
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
    }

    #[test]
    fn nothing_is_drawn_when_stderr_is_not_watched() {
        // Under `cargo test` stderr is captured or piped, or CI is set.
        if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
            return;
        }
        let progress = Progress::new(Task::Build, 1000);
        assert!(progress.bar.is_none());
        progress.advance(1, 3, 0);
        assert_eq!(progress.counts.lock().unwrap().done, 1);
    }
}
