//! `wengao build`: every data file → its drafts, as Markdown and DOCX, in
//! the output folder. A pool over all cores loads, drafts and writes the
//! data files, each file's drafts written (atomically, never over a hand
//! edit) as soon as they are made, so memory grows with the number of
//! workers, not the batch. Each data file's outcome is taken in input
//! order as soon as it and every one before it are done (see [`InOrder`]):
//! its files are listed on stdout and recorded in the manifest, its
//! findings printed on stderr, all the same whatever the order the work
//! was done in.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::commands::{Error, OUT_DIR, Report, Setup, Shown, genres, input_files};
use crate::data::load::Loaded;
use crate::diag::{Diagnostic, Explain, Severity};
use crate::docx::StyleProfile;
use crate::in_turn::{AHEAD, InTurn, Pool, Take, asked_workers, cores};
use crate::output::Planned;
use crate::output::{MANIFEST, OpenIssue, Outcome, OutputDir, Receipt, WriteIssue};
use crate::path_list::PathList;
use crate::pipeline::{Pipeline, draft_dir_in, real_path};
use crate::progress::{Progress, Task};
use crate::render::{DocxRenderer, Draft, MarkdownRenderer, Renderer};
use crate::review::carry::{
    Annotation, Bases, Carried, Formats, HeldIssue, Tally as ReviewTally, carry,
};

/// Which files to write for each draft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Md,
    Docx,
    #[default]
    Both,
}

/// What `build` was asked to do.
#[expect(clippy::struct_excessive_bools, reason = "one per command-line switch")]
#[derive(Clone, Debug, Default)]
pub(crate) struct BuildOptions {
    pub data: Vec<PathBuf>,
    pub genres: Vec<String>,
    pub out: Option<PathBuf>,
    pub format: Format,
    pub templates: Option<PathBuf>,
    pub style: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub strict: bool,
    pub force: bool,
    /// Also write each draft's redline against the period before
    /// (`huibao-修订.docx`).
    pub redline: bool,
    /// A Word comment on every number from the data (`--annotate`).
    pub annotate: bool,
}

/// A note that does not stop anything.
#[derive(Debug)]
struct BackupNote {
    backup: PathBuf,
}

impl Explain for BackupNote {
    fn message(&self) -> String {
        format!(
            "此文件在上次生成后被修改过，修改过的版本已另存为“{}”",
            self.backup.display()
        )
    }
}

/// Two data files that would write the same drafts.
#[derive(Debug)]
struct SameDrafts {
    other: PathBuf,
}

impl Explain for SameDrafts {
    fn message(&self) -> String {
        format!(
            "与“{}”的草稿会写到同一个文件夹，已跳过；请给其中一个文件改名",
            self.other.display()
        )
    }
}

/// A data file whose name without `.yaml` cannot name its drafts' folder.
#[derive(Debug)]
struct UnusableName {
    name: String,
}

impl Explain for UnusableName {
    fn message(&self) -> String {
        format!(
            "文件名“{}”去掉扩展名后不能用作草稿文件夹的名字（只剩“.”或为空），没有生成草稿；请给文件改名",
            self.name
        )
    }
}

/// Whether the drafts of `file` can go to a folder named after it: not
/// when its name without the extension is empty, `.` or `..` (`..yaml`).
fn usable_draft_name(file: &Path) -> bool {
    file.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| !s.trim_matches('.').is_empty())
}

/// Builds, listing each file written on `listing` (one path a line) and
/// printing the findings about its data file and drafts on `findings` as
/// soon as that data file and every one before it are done (see
/// [`InOrder`]). The report holds the rest: the findings about writing.
pub(crate) fn build(
    opts: &BuildOptions,
    listing: &mut (dyn Write + Send),
    findings: &mut (dyn Write + Send),
) -> Result<Report, Error> {
    let setup = Setup::new(
        opts.config.as_deref(),
        opts.templates.as_deref(),
        opts.style.as_deref(),
    )?;
    let inputs = input_files(&opts.data, &["yaml", "yml"])?;
    let files = inputs.files;
    let notes = inputs.notes;
    let out_root = opts.out.clone().unwrap_or_else(|| PathBuf::from(OUT_DIR));
    let genres = genres(&setup, &opts.genres)?;
    let pipeline = setup.pipeline(&genres, &opts.genres, opts.strict);
    let renderers = renderers(opts.format, &setup);
    let redline_style = opts.redline.then_some(&setup.style);
    let data_root = Path::new(crate::commands::DATA_DIR);

    // Data files whose drafts would share a folder go to one task, in
    // input order, so which one writes does not depend on timing.
    let real_data_root = real_path(data_root);
    let pausing = crate::output::pausing();
    let pool = drafting_pool(pausing, files.len());
    let groups = Groups::of(&files, &real_data_root, &pool);
    let progress = Progress::new(Task::Build, files.len());
    let run = Run {
        pipeline: &pipeline,
        renderers: &renderers,
        files: &files,
        out_root: &out_root,
        force: opts.force,
        redline: redline_style,
        style: &setup.style,
        annotate: opts.annotate,
        out: OnceLock::new(),
        progress: &progress,
        turns: InTurn::new(InOrder::new(&out_root, listing, findings, notes), AHEAD),
    };
    // Each worker takes the next group in input order and stays at most
    // `AHEAD` data files ahead of the first one not yet listed, so the
    // files waiting for their turn are few, whatever the batch.
    let next_file = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        // While the pool drafts, the disk writes what is done so far, so
        // the sync at the end (one thread waiting, the others idle) is
        // short, and the versions swapped out a period ago may be looked
        // at (see `OutputDir::sync_so_far`). Started by the first worker
        // to finish a group once a period has passed: a shorter run has
        // nothing to sync early, and a thread costs a short run more than
        // it would save. Not with the pause hook, whose runs must be the
        // same.
        let syncer = OnceLock::new();
        let began = Instant::now();
        let start_syncer = || {
            if pausing || syncer.get().is_some() || began.elapsed() < EARLY_SYNC_EVERY {
                return;
            }
            syncer.get_or_init(|| {
                scope.spawn(|| {
                    while !finished.load(Ordering::Relaxed) {
                        if let Some(Ok(out)) = run.out.get() {
                            out.sync_so_far();
                        }
                        std::thread::park_timeout(EARLY_SYNC_EVERY);
                    }
                })
            });
        };
        pool.on_every_worker(|| {
            loop {
                let first = next_file.fetch_add(1, Ordering::SeqCst);
                if first >= files.len() {
                    break;
                }
                let Some(members) = groups.begun_at(first) else {
                    continue;
                };
                if !run.turns.wait_for_turn(first) {
                    break;
                }
                run.group(&draft_dir_in(&files.get(first), &real_data_root), &members);
                start_syncer();
            }
        });
        finished.store(true, Ordering::Relaxed);
        if let Some(syncer) = syncer.get() {
            syncer.thread().unpark();
        }
    });
    let in_order = run.turns.into_taker();
    let opened = run.out.into_inner();
    drop(progress);
    let mut late = Vec::new();
    if let Some(out) = opened {
        let out = out.map_err(|issue| open_error(issue, &out_root))?;
        // On the drafting pool: the commit looks at many swapped-out
        // versions on every core, with the threads already running.
        late = pool.install(|| out.finish());
    }
    // What is freed from here is not given back: the run only reports and
    // ends, and its threads end with the pool (see
    // `memory::keep_freed_memory`). Not before the commit, which reads the
    // files it looks at again into new pages.
    crate::memory::keep_freed_memory();
    Ok(in_order.finish(files.len(), late))
}

/// The pool that drafts and writes `files` data files (see
/// [`drafting_workers`]).
fn drafting_pool(pausing: bool, files: usize) -> Pool {
    Pool::new(drafting_workers(pausing, asked_workers(), cores, files))
}

/// How many workers draft: two a core, unless `RAYON_NUM_THREADS` (`asked`)
/// says how many, and never more than the data files. A worker often
/// waits on the file system (creating a file or a folder, reading the
/// inode table) and, with one worker a core, its core idles meanwhile: on
/// 2 cores and a real disk, 2 workers kept 1.63–1.81 cores busy, 4 kept
/// 1.68–1.86 (the same runs, alternating). With the pause hook, one worker: the hook stops
/// one thread at a moment of the writing, and with one worker that moment
/// is the same in every run.
fn drafting_workers(
    pausing: bool,
    asked: Option<usize>,
    cores: impl FnOnce() -> usize,
    files: usize,
) -> usize {
    if pausing {
        return 1;
    }
    match asked.filter(|&n| n > 0) {
        Some(n) => n,
        None if files <= 1 => 1,
        None => (2 * cores()).min(files),
    }
}

/// The data files grouped by the folder their drafts go to, each group
/// drafted by one task: only the first file of a group with drafts writes
/// them. Compact, as it has a place for every data file (a byte): groups
/// of several files (a clash) are rare, and a folder's path is worked out
/// again by the task that needs it.
struct Groups {
    /// Whether each data file is in a group begun by an earlier one.
    later: Vec<bool>,
    /// The other data files of a group of several, by its first.
    others: BTreeMap<usize, Vec<usize>>,
}

impl Groups {
    /// The data files of the group data file `i` begins, `None` when it is
    /// in one begun earlier.
    fn begun_at(&self, i: usize) -> Option<Vec<usize>> {
        if self.later[i] {
            return None;
        }
        let mut members = vec![i];
        members.extend(self.others.get(&i).into_iter().flatten());
        Some(members)
    }

    fn of(files: &PathList, real_data_root: &Path, pool: &Pool) -> Self {
        let folder = |i: usize| draft_dir_in(&files.get(i), real_data_root);
        // Files whose folders hash alike are candidates; their folders are
        // then compared for real.
        let hashes: Vec<u64> = pool.map_each(files.len(), |i| {
            let mut hasher = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&folder(i), &mut hasher);
            std::hash::Hasher::finish(&hasher)
        });
        let mut by_hash: Vec<usize> = (0..files.len()).collect();
        by_hash.sort_unstable_by_key(|&i| (hashes[i], i));
        let mut later = vec![false; files.len()];
        let mut others = BTreeMap::new();
        for alike in by_hash.chunk_by(|&a, &b| hashes[a] == hashes[b]) {
            if alike.len() < 2 {
                continue;
            }
            let mut folders: Vec<(PathBuf, usize)> =
                alike.iter().map(|&i| (folder(i), i)).collect();
            folders.sort();
            for same in folders.chunk_by(|a, b| a.0 == b.0) {
                if let [(_, first), rest @ ..] = same
                    && !rest.is_empty()
                {
                    for &(_, i) in rest {
                        later[i] = true;
                    }
                    others.insert(*first, rest.iter().map(|&(_, i)| i).collect());
                }
            }
        }
        Groups { later, others }
    }
}

fn open_error(issue: OpenIssue, out_root: &Path) -> Error {
    match issue {
        OpenIssue::Busy { waited } => Error::Busy {
            path: out_root.to_path_buf(),
            seconds: waited.as_secs(),
        },
        OpenIssue::BadManifest { .. } => Error::BadManifest {
            path: out_root.join(MANIFEST),
        },
        OpenIssue::Io { reason } => Error::Output {
            path: out_root.to_path_buf(),
            reason,
        },
    }
}

/// What one data file came to; small, kept only until its turn comes
/// (see [`InOrder`]).
#[derive(Default)]
struct FileDone {
    /// Findings in the data and its drafts (and a clash of draft folders).
    drafting: Vec<Diagnostic>,
    /// Findings about writing its files: refusals, backups made.
    writing: Vec<Diagnostic>,
    /// Its files in the output folder (written or already up to date),
    /// each with whether it replaced an older version that the commit
    /// looks at once more ([`Receipt::awaits_commit`]).
    written: Vec<(PathBuf, bool)>,
    /// The manifest lines of its files, recorded in its turn.
    receipts: Vec<Receipt>,
    drafted: bool,
    /// Reviewers' edits carried forward.
    review: ReviewTally,
}

/// The data files done, taken in input order as soon as each one and every
/// one before it is done (see [`InTurn`]): their files are listed (stdout)
/// and recorded in the manifest in that order, and their findings printed
/// (stderr) and counted, so all of it is the same whatever the order the
/// work was done in. Holds only the findings about writing (few: refusals
/// and backups, shown after every other finding, as a one-thread run shows
/// them) and the files that wait for the commit; the files done ahead of
/// their turn wait in the [`InTurn`] (see [`AHEAD`]).
///
/// A file that replaced an older version is done only at the commit: until
/// the commit's last look at the version swapped out (see
/// `OutputDir::commit`), an editor that had it open may still save into
/// it, and then that edit goes back in place and the file is not wengao's
/// (not listed). So from the first such file on, the list waits for the
/// commit, kept in a nameless file in the output folder, not in memory
/// ([`Held`]): the list stays in input order and never names a file that
/// turns out not written. A build into a fresh folder (or one that changes
/// no existing draft) has no such file and streams its whole list.
struct InOrder<'w> {
    out_root: &'w Path,
    listing: &'w mut (dyn Write + Send),
    /// The findings about data files and drafts.
    findings: Shown<'w>,
    /// Manifest lines taken, not yet recorded (see [`InOrder::record`]).
    receipts: Vec<Receipt>,
    report: Report,
    /// Writing findings, reported after every drafting finding.
    writing: Vec<Diagnostic>,
    /// From the first file that awaits the commit on, the list waits here.
    held: Option<Held>,
}

impl<'w> InOrder<'w> {
    /// `notes`, about the inputs, are shown first.
    fn new(
        out_root: &'w Path,
        listing: &'w mut (dyn Write + Send),
        findings: &'w mut (dyn Write + Send),
        notes: Vec<Diagnostic>,
    ) -> Self {
        InOrder {
            out_root,
            listing,
            findings: Shown::new(findings, notes),
            receipts: Vec::new(),
            report: Report::default(),
            writing: Vec::new(),
            held: None,
        }
    }

    /// Records the manifest lines taken so far, in the order taken.
    fn record(&mut self, out: &OutputDir) {
        for receipt in self.receipts.drain(..) {
            out.record(receipt);
        }
    }

    /// Prints the findings taken so far and flushes the list of files.
    fn show(&mut self) {
        self.findings.show();
        let _ = self.listing.flush();
    }
}

impl Take for InOrder<'_> {
    type Done = FileDone;

    fn take(&mut self, file_done: FileDone) {
        self.receipts.extend(file_done.receipts);
        for (path, awaits_commit) in file_done.written {
            if awaits_commit && self.held.is_none() {
                self.held = Some(Held::new(self.out_root));
            }
            if let Some(held) = &mut self.held {
                held.push(&path);
            } else {
                let _ = writeln!(self.listing, "{}", path.display());
                self.report.listed += 1;
            }
        }
        self.findings.extend(file_done.drafting);
        self.writing.extend(file_done.writing);
        self.report.drafted += usize::from(file_done.drafted);
        self.report.review.add(file_done.review);
    }
}

impl InOrder<'_> {
    /// The report, once every data file is taken and the output folder
    /// committed with `late`, the drafts found edited at the very end: the
    /// edit is back in place, so such a draft is not wengao's and is not
    /// listed.
    fn finish(mut self, inputs: usize, late: Vec<(PathBuf, WriteIssue)>) -> Report {
        self.report.shown = self.findings.finish();
        let late: Vec<(PathBuf, WriteIssue)> = late
            .into_iter()
            .map(|(rel, issue)| (self.out_root.join(rel), issue))
            .collect();
        if let Some(held) = self.held.take() {
            let late_paths: BTreeSet<String> = late
                .iter()
                .map(|(shown, _)| shown.display().to_string())
                .collect();
            let listed = held.replay(|path| {
                if late_paths.contains(path) {
                    return false;
                }
                let _ = writeln!(self.listing, "{path}");
                true
            });
            self.report.listed += listed;
        }
        let _ = self.listing.flush();
        let mut report = self.report;
        report.inputs = inputs;
        // As a one-thread run reports: every drafting finding in input
        // order (shown already), then every writing finding in input order,
        // then the late.
        report.findings.append(&mut self.writing);
        for (shown, issue) in late {
            report
                .findings
                .push(Diagnostic::file(Severity::Error, &shown, issue));
        }
        report
    }
}

/// What every task of one build shares.
struct Run<'a, 'w> {
    pipeline: &'a Pipeline<'a>,
    renderers: &'a [Box<dyn Renderer>],
    files: &'a PathList,
    out_root: &'a Path,
    force: bool,
    /// `--redline`: the style its DOCX are laid out in.
    redline: Option<&'a crate::docx::StyleProfile>,
    /// The layout of the DOCX.
    style: &'a StyleProfile,
    /// A Word comment on every number from the data (`--annotate`).
    annotate: bool,
    /// The output folder, opened (and locked) by the first task with
    /// something to write, so a run with nothing to write touches nothing.
    out: OnceLock<Result<OutputDir, OpenIssue>>,
    progress: &'a Progress,
    turns: InTurn<InOrder<'w>>,
}

impl Run<'_, '_> {
    /// Drafts and writes the data files `members` (indices into `files`)
    /// whose drafts go to `dir`: the first with drafts writes them, the
    /// others are told to rename. Each file's drafts are written as soon as
    /// they are made and then dropped.
    fn group(&self, dir: &Path, members: &[usize]) {
        let abandon = self.turns.abandon_on_panic();
        let mut owner: Option<PathBuf> = None;
        let (mut drafts, mut errors) = (0, 0);
        for &i in members {
            let file = &self.files.get(i);
            let mut file_done = FileDone::default();
            if self.open_failed() {
                // The run ends with that error; drafting more is wasted.
            } else if !usable_draft_name(file) {
                let issue = UnusableName {
                    name: file
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into(),
                };
                let refused = Diagnostic::file(Severity::Error, file, issue);
                file_done.drafting.push(refused);
            } else {
                let (mut findings, made, loaded) =
                    draft_one(self.pipeline, file, self.out_root, dir);
                // `--redline`: each draft against the period before, written
                // with the drafts.
                let mut redlined = Vec::new();
                if let (Some(style), false) = (self.redline, made.is_empty()) {
                    redlines(
                        self.pipeline,
                        style,
                        file,
                        dir,
                        &made,
                        self.out_root,
                        &mut findings,
                        &mut redlined,
                    );
                }
                file_done.drafting = findings;
                if let Some(other) = owner.as_ref().filter(|_| !made.is_empty()) {
                    file_done.drafting.push(Diagnostic::file(
                        Severity::Error,
                        file,
                        SameDrafts {
                            other: other.clone(),
                        },
                    ));
                } else if !made.is_empty() {
                    owner = Some(file.clone());
                    drafts += made.len();
                    let annotated = loaded
                        .as_ref()
                        .filter(|_| self.annotate)
                        .and_then(|l| self.pipeline.annotated(l));
                    self.write(dir, &made, annotated.as_ref(), redlined, &mut file_done);
                }
            }
            errors += file_done
                .drafting
                .iter()
                .chain(&file_done.writing)
                .filter(|d| d.is_error())
                .count();
            self.done(i, file_done);
        }
        drop(abandon);
        self.progress.advance(members.len(), drafts, errors);
    }

    /// Hands data file `i` over to be taken in input order; what is taken
    /// is recorded in the manifest and shown at once.
    fn done(&self, i: usize, file_done: FileDone) {
        self.turns
            .done(i, file_done, |in_order| match self.out.get() {
                // The run ends with that error alone.
                Some(Err(_)) => {}
                opened => {
                    if let Some(Ok(out)) = opened {
                        in_order.record(out);
                    }
                    self.progress.suspend(|| in_order.show());
                }
            });
    }

    fn open_failed(&self) -> bool {
        self.out.get().is_some_and(Result::is_err)
    }

    /// Writes the files of one data file's drafts (`made`, going to `dir`)
    /// and notes how each went. A draft a reviewer edited is merged with
    /// its new render first (see [`crate::review::carry`]); the bases of
    /// the drafts written go last, so a base never runs ahead of its draft.
    fn write(
        &self,
        dir: &Path,
        made: &[Draft],
        annotated: Option<&(Vec<String>, Vec<String>)>,
        redlined: Vec<Planned>,
        file_done: &mut FileDone,
    ) {
        let opened = self.out.get_or_init(|| {
            let waiting = || {
                self.progress.suspend(|| {
                    eprintln!(
                        "另一个 wengao 正在写入输出文件夹“{}”，等它完成后再写入……",
                        self.out_root.display()
                    );
                });
            };
            OutputDir::open(self.out_root, self.force, lock_patience(), waiting)
        });
        let Ok(out) = opened else {
            return;
        };
        file_done.drafted = true;
        let formats = Formats {
            md: self
                .renderers
                .iter()
                .find(|r| r.extension() == "md")
                .map(AsRef::as_ref),
            docx: self
                .renderers
                .iter()
                .find(|r| r.extension() == "docx")
                .map(AsRef::as_ref),
            style: self.style,
        };
        let mut planned = Vec::new();
        let mut bases = Bases::read(out, dir);
        // Per draft written: how many of `planned` are its files, its
        // genre and its new base.
        let mut parts = Vec::new();
        for (i, draft) in made.iter().enumerate() {
            let annotation = annotated.and_then(|(marked, notes)| {
                Some(Annotation {
                    marked: marked.get(i)?,
                    notes,
                })
            });
            let base = bases.get(out, dir, draft.genre.name());
            let carried = carry(
                out,
                dir,
                draft,
                base.as_deref(),
                &formats,
                annotation.as_ref(),
                self.force,
            );
            match carried {
                Ok(Carried::Write {
                    drafts,
                    base,
                    tally,
                    warning,
                }) => {
                    if let Some(tally) = tally {
                        file_done.review.add(tally);
                    }
                    if let Some((file, issue)) = warning {
                        let shown = self.out_root.join(file);
                        file_done
                            .writing
                            .push(Diagnostic::file(Severity::Warning, &shown, issue));
                    }
                    parts.push((drafts.len(), draft.genre.name(), base));
                    planned.extend(drafts);
                }
                Ok(Carried::Held { file, issue }) => {
                    let conflicts = match &issue {
                        HeldIssue::Conflicts(c) | HeldIssue::TwoEdits(c) => c.len(),
                        HeldIssue::Unplaced(_) | HeldIssue::Interrupted => 1,
                    };
                    file_done.review.add(ReviewTally {
                        conflicts,
                        drafts: 1,
                        ..ReviewTally::default()
                    });
                    let shown = self.out_root.join(file);
                    file_done
                        .writing
                        .push(Diagnostic::file(Severity::Error, &shown, issue));
                }
                Err(e) => {
                    let shown = self
                        .out_root
                        .join(dir.join(format!("{}.docx", draft.genre)));
                    file_done
                        .drafting
                        .push(Diagnostic::file(Severity::Error, &shown, e));
                }
            }
        }
        // The redlines go last: the bases below are matched to the drafts'
        // files by their place at the front of `planned`.
        planned.extend(redlined);
        let (outcomes, receipt) = out.write_batch_held(&planned);
        for (i, (p, outcome)) in planned.iter().zip(&outcomes).enumerate() {
            let shown = self.out_root.join(&p.rel);
            let awaits_commit = receipt.awaits_commit(i);
            match outcome {
                Outcome::Written | Outcome::Unchanged => {
                    file_done.written.push((shown, awaits_commit));
                }
                Outcome::BackedUp(backup) => {
                    file_done.writing.push(Diagnostic::file(
                        Severity::Warning,
                        &shown,
                        BackupNote {
                            backup: backup.clone(),
                        },
                    ));
                    file_done.written.push((shown, awaits_commit));
                }
                Outcome::Refused(issue) => {
                    file_done.writing.push(Diagnostic::file(
                        Severity::Error,
                        &shown,
                        issue.clone(),
                    ));
                }
            }
        }
        // A draft's base changes only when all its files were written; the
        // others keep theirs (a draft held back, a genre not built now).
        let mut at = 0;
        for (count, genre, base) in parts {
            let refused = outcomes[at..at + count]
                .iter()
                .any(|o| matches!(o, Outcome::Refused(_)));
            at += count;
            if !refused {
                bases.put(genre, base);
            }
        }
        file_done.receipts.push(receipt);
        let bases: Vec<Planned> = bases.planned(dir).into_iter().collect();
        let (outcomes, receipt) = out.write_batch_held(&bases);
        file_done.receipts.push(receipt);
        for (p, outcome) in bases.iter().zip(outcomes) {
            if let Outcome::Refused(issue) = outcome {
                let shown = self.out_root.join(&p.rel);
                file_done
                    .writing
                    .push(Diagnostic::file(Severity::Error, &shown, issue));
            }
        }
    }
}

/// The list of files written, from the first one that awaits the commit
/// on, kept until the commit: each path as its length (4 bytes) and text,
/// in a nameless file in the output folder (in memory if none can be made).
struct Held {
    paths: std::io::BufWriter<Box<dyn Spill>>,
}

/// Where [`Held`] keeps its paths.
trait Spill: std::io::Read + Write + std::io::Seek + Send {}
impl<T: std::io::Read + Write + std::io::Seek + Send> Spill for T {}

impl Held {
    /// Spills into a nameless file in `out_root` (in memory if none can be
    /// made there).
    fn new(out_root: &Path) -> Self {
        let spill: Box<dyn Spill> = match tempfile::tempfile_in(out_root) {
            Ok(file) => Box::new(file),
            Err(_) => Box::new(std::io::Cursor::new(Vec::new())),
        };
        Held {
            paths: std::io::BufWriter::new(spill),
        }
    }

    fn push(&mut self, path: &Path) {
        let text = path.display().to_string();
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let _ = self.paths.write_all(&len.to_le_bytes());
        let _ = self.paths.write_all(&text.as_bytes()[..len as usize]);
    }

    /// Calls `list` on each path in turn; returns how many it listed.
    fn replay(self, mut list: impl FnMut(&str) -> bool) -> usize {
        let Ok(mut spill) = self.paths.into_inner() else {
            return 0;
        };
        if spill.rewind().is_err() {
            return 0;
        }
        let mut reader = std::io::BufReader::new(spill);
        let (mut len, mut text, mut listed) = ([0u8; 4], Vec::new(), 0);
        while std::io::Read::read_exact(&mut reader, &mut len).is_ok() {
            text.resize(u32::from_le_bytes(len) as usize, 0);
            if std::io::Read::read_exact(&mut reader, &mut text).is_err() {
                break;
            }
            listed += usize::from(list(&String::from_utf8_lossy(&text)));
        }
        listed
    }
}

/// How often a build writes to the disk what it has written so far.
const EARLY_SYNC_EVERY: Duration = Duration::from_millis(250);

/// How long a build waits for another one writing the same output folder:
/// `WENGAO_LOCK_TIMEOUT` seconds, 60 by default.
fn lock_patience() -> Duration {
    let seconds = std::env::var("WENGAO_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(60);
    Duration::from_secs(seconds)
}

fn renderers(format: Format, setup: &Setup) -> Vec<Box<dyn Renderer>> {
    let md: Box<dyn Renderer> = Box::new(MarkdownRenderer);
    let docx: Box<dyn Renderer> = Box::new(DocxRenderer {
        style: setup.style.clone(),
    });
    match format {
        Format::Md => vec![md],
        Format::Docx => vec![docx],
        Format::Both => vec![md, docx],
    }
}

/// The findings of one data file and its drafts (none when it has an
/// error in the data).
fn draft_one(
    pipeline: &Pipeline,
    file: &Path,
    out_root: &Path,
    dir: &Path,
) -> (Vec<Diagnostic>, Vec<Draft>, Option<Loaded>) {
    let drafted = match pipeline.run(file, &|| out_root.join(dir)) {
        Ok(d) => d,
        Err(e) => {
            let failed = Diagnostic::file(Severity::Error, file, e);
            return (vec![failed], Vec::new(), None);
        }
    };
    let findings = drafted.findings;
    let blocked = findings.iter().any(|d| d.is_error() && d.file == file);
    if blocked {
        return (findings, Vec::new(), None);
    }
    (findings, drafted.drafts, drafted.loaded)
}

/// `--redline`: each draft against the same draft of the period before,
/// as `huibao-修订.docx` beside it.
#[allow(clippy::too_many_arguments)]
fn redlines(
    pipeline: &Pipeline,
    style: &crate::docx::StyleProfile,
    file: &Path,
    dir: &Path,
    drafts: &[crate::render::Draft],
    out_root: &Path,
    findings: &mut Vec<Diagnostic>,
    planned: &mut Vec<Planned>,
) {
    let previous = match crate::diff::redline::previous_drafts(pipeline, file) {
        Ok(previous) => previous,
        Err(why) => return findings.push(why),
    };
    for draft in drafts {
        let Some(old) = previous.iter().find(|p| p.genre == draft.genre) else {
            continue;
        };
        let rel = dir.join(crate::diff::redline::file_name(draft));
        match crate::diff::redline::docx(&old.markdown, draft, style) {
            Ok(bytes) => planned.push(Planned { rel, bytes }),
            Err(e) => findings.push(Diagnostic::file(
                Severity::Error,
                &out_root.join(&rel),
                crate::render::RenderError::Docx(e),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_workers_a_core_unless_asked_and_never_more_than_the_files() {
        assert_eq!(drafting_workers(false, None, || 2, 1500), 4);
        assert_eq!(drafting_workers(false, None, || 8, 1500), 16);
        assert_eq!(drafting_workers(false, None, || 2, 3), 3);
        // One data file, one worker, without asking how many cores.
        let unasked = || -> usize { panic!("the cores are asked for one data file") };
        assert_eq!(drafting_workers(false, None, unasked, 1), 1);
        assert_eq!(drafting_workers(false, None, unasked, 0), 1);
        assert_eq!(drafting_workers(false, Some(4), || 2, 1), 4);
        assert_eq!(drafting_workers(false, Some(0), || 2, 1500), 4);
        assert_eq!(drafting_workers(true, Some(4), || 2, 1500), 1);
        assert_eq!(drafting_workers(true, None, || 2, 1500), 1);
    }

    #[test]
    fn with_the_pause_hook_one_worker_drafts_on_the_calling_thread() {
        assert!(matches!(drafting_pool(true, 1500), Pool::Here));
    }
}
