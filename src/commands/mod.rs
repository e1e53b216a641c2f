//! The subcommands, one module each, and what they share: finding the data
//! files, loading the project's settings, and the report a run ends with.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod convert;
pub(crate) mod diff;
pub(crate) mod genres;
pub(crate) mod init;
pub(crate) mod next;
pub(crate) mod schema;
pub(crate) mod templates;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::{Config, DEFAULT_CONFIG};
use crate::diag::{Diagnostic, Explain, Severity, Tally};
use crate::docx::StyleProfile;
use crate::files::{Access, io_reason, not_regular};
use crate::path_list::PathList;
use crate::pipeline::Pipeline;
use crate::render::Genre;
use crate::render::genre::UnknownGenre;
use crate::render::templates::{TemplateError, Templates};

/// The folder of data files used when none are named.
pub(crate) const DATA_DIR: &str = "data";
/// The templates folder used when none is named; it may be absent.
pub(crate) const DEFAULT_TEMPLATES: &str = "templates";
/// The output folder used when none is named.
pub(crate) const OUT_DIR: &str = "out";

/// A run could not start or could not go on at all (as opposed to findings
/// about single files, which are reported and the run continues).
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("找不到数据文件夹“{}”：请在含有 data 文件夹的目录下运行，或指明数据文件", .0.display())]
    NoDataDir(PathBuf),
    #[error("“{}”中没有 .yaml 数据文件", .0.display())]
    NoDataFiles(PathBuf),
    #[error("找不到“{}”", .0.display())]
    NotFound(PathBuf),
    #[error("无法读取文件夹“{}”：{reason}", path.display())]
    ReadDir { path: PathBuf, reason: String },
    #[error("{0}")]
    Settings(Box<Diagnostic>),
    /// A settings path that was named (or is there) but cannot be used.
    #[error("{what}“{}”{why}", path.display())]
    SettingsPath {
        what: &'static str,
        path: PathBuf,
        why: String,
    },
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("无法打开输出文件夹“{}”：{reason}", path.display())]
    Output { path: PathBuf, reason: String },
    #[error("另一个 wengao 正在写入输出文件夹“{}”，等了{seconds}秒仍未完成；请等它结束后再运行（等待时间可用环境变量 WENGAO_LOCK_TIMEOUT 设定，单位为秒）", path.display())]
    Busy { path: PathBuf, seconds: u64 },
    #[error("生成记录“{}”已损坏（不是 UTF-8 文本），无法判断哪些文件是 wengao 生成的；请删除它后加 --force 重新生成（被覆盖的文件会先另存为备份）", path.display())]
    BadManifest { path: PathBuf },
    #[error(transparent)]
    UnknownGenre(#[from] UnknownGenre),
    #[error("“{}”中已有以下文件：{}；为免覆盖，没有导出任何文件。请先移走它们，或导出到另一个文件夹", dir.display(), names(existing))]
    ExportExists {
        dir: PathBuf,
        existing: Vec<PathBuf>,
    },
    #[error("无法写出“{}”：{reason}；没有导出任何文件", path.display())]
    Export { path: PathBuf, reason: String },
}

/// File names for a message: `huibao.md、style.yaml`.
fn names(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.join("、")
}

/// What a run found and did.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Findings to print at the end.
    pub findings: Vec<Diagnostic>,
    /// Findings printed already while the run went on (`build` and `check`
    /// show each data file's in its turn), counted.
    pub shown: Tally,
    /// Files written (or kept because they were already up to date).
    pub written: Vec<PathBuf>,
    /// Files written and already listed on stdout while the run went on
    /// (`build` streams its list), beside `written`.
    pub listed: usize,
    /// Data files that got drafts.
    pub drafted: usize,
    pub inputs: usize,
    /// The closing line of a command with its own (`next`).
    pub summary: Option<String>,
    /// Reviewers' edits carried forward by `build`.
    pub review: crate::review::carry::Tally,
}

impl Report {
    pub(crate) fn tally(&self) -> Tally {
        let mut t = self.shown;
        for f in &self.findings {
            t.add(f);
        }
        t
    }

    /// 0 when nothing is wrong (warnings allowed), 1 when anything is.
    pub(crate) fn exit_code(&self) -> i32 {
        i32::from(self.tally().errors > 0)
    }
}

/// The settings of a run: the project file, then command-line overrides.
pub(crate) struct Setup {
    pub config: Config,
    pub templates: Templates,
    pub style: StyleProfile,
}

impl Setup {
    pub(crate) fn new(
        config: Option<&Path>,
        templates: Option<&Path>,
        style: Option<&Path>,
    ) -> Result<Setup, Error> {
        if config.is_none() {
            usable_default_config()?;
        }
        let config = Config::load(config).map_err(Error::Settings)?;
        let templates_dir = match (templates, &config.templates) {
            (Some(dir), _) => usable_templates(dir, Some("（由 --templates 指定）"))?,
            (None, Some(dir)) => usable_templates(dir, Some("（由设置文件中的 templates 指定）"))?,
            (None, None) => usable_templates(Path::new(DEFAULT_TEMPLATES), None)?,
        };
        // A template's mistake is a finding in the template file, printed once.
        let templates = Templates::load(templates_dir).map_err(|e| {
            e.into_diagnostic()
                .map_or_else(Error::Template, |d| Error::Settings(Box::new(d)))
        })?;
        let style = match style
            .map(Path::to_path_buf)
            .or_else(|| config.style.clone())
        {
            Some(path) => StyleProfile::load(&path).map_err(Error::Settings)?,
            None => StyleProfile::default(),
        };
        Ok(Setup {
            config,
            templates,
            style,
        })
    }
}

/// `wengao.yaml` in the current folder is used when it is a file; when it
/// is there but something else (a folder), that is an error, not silence.
pub(crate) fn usable_default_config() -> Result<(), Error> {
    let path = Path::new(DEFAULT_CONFIG);
    let why = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => "不是文件（是一个文件夹），无法读取设置".to_owned(),
        Ok(meta) => match not_regular(meta.file_type()) {
            Some(kind) => format!("不是普通文件（是{kind}），无法读取设置"),
            None => return Ok(()),
        },
        Err(_) => return Ok(()),
    };
    Err(Error::SettingsPath {
        what: "设置文件",
        path: path.to_path_buf(),
        why,
    })
}

/// The templates folder to load from: `dir` when it is a folder whose
/// template files are files. A named folder (`named` says by what) must be
/// there; the default `templates` may be absent (the built-ins are used).
fn usable_templates<'a>(dir: &'a Path, named: Option<&str>) -> Result<Option<&'a Path>, Error> {
    let by = named.unwrap_or("");
    let folder_error = |why: &str| Error::SettingsPath {
        what: "模板文件夹",
        path: dir.to_path_buf(),
        why: format!("{why}{by}"),
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(folder_error("是文件，不是文件夹")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match named {
                Some(_) if dir.is_symlink() => Err(folder_error("是失效的符号链接")),
                Some(_) => Err(folder_error("不存在")),
                None => Ok(None),
            };
        }
        Err(e) => return Err(folder_error(&format!("无法读取（{e}）"))),
    }
    let files = crate::render::templates::template_files(dir)
        .map_err(|e| folder_error(&format!("无法读取（{e}）")))?;
    for path in files {
        let template_error = |why: &str| Error::SettingsPath {
            what: "模板",
            path: path.clone(),
            why: why.into(),
        };
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => {}
            Ok(meta) if meta.is_dir() => {
                return Err(template_error("不是文件（是一个文件夹），无法读取模板"));
            }
            Ok(meta) => {
                let kind = not_regular(meta.file_type()).unwrap_or_default();
                return Err(template_error(&format!(
                    "不是普通文件（是{kind}），无法读取模板"
                )));
            }
            Err(_) if path.is_symlink() => return Err(template_error("是失效的符号链接")),
            Err(_) => {}
        }
    }
    Ok(Some(dir))
}

impl Setup {
    /// The pipeline every data file of the run goes through; `genres` as
    /// [`genres`] chose them from `asked`, the `--genre` names.
    pub(crate) fn pipeline<'a>(
        &'a self,
        genres: &'a [Genre],
        asked: &[String],
        strict: bool,
    ) -> Pipeline<'a> {
        Pipeline {
            templates: &self.templates,
            lint: &self.config.lint,
            genres,
            asked: !asked.is_empty(),
            strict,
        }
    }
}

/// The genres asked for, in a fixed order, each once; those built by
/// default when none.
pub(crate) fn genres(setup: &Setup, asked: &[String]) -> Result<Vec<Genre>, Error> {
    Ok(setup.templates.genres().select(asked)?)
}

/// The input files of a run, and notes about what was skipped.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// In input order, held compactly: a batch holds them for the whole run.
    pub files: PathList,
    /// Warnings: a file given twice, a special file or a symlink loop skipped.
    pub notes: Vec<Diagnostic>,
}

/// Findings printed while a run goes on, each data file's in its turn
/// (see [`crate::in_turn`]), rather than all kept for the end: a batch's
/// findings can be many (a few a data file), and memory must not grow with
/// the batch. Counted for the closing summary ([`Report::shown`]).
pub(crate) struct Shown<'w> {
    sink: &'w mut (dyn std::io::Write + Send),
    /// Taken, not yet printed.
    pending: Vec<Diagnostic>,
    tally: Tally,
}

impl<'w> Shown<'w> {
    /// Prints on `sink`, `first` (notes about the inputs) first.
    pub(crate) fn new(sink: &'w mut (dyn std::io::Write + Send), first: Vec<Diagnostic>) -> Self {
        Shown {
            sink,
            pending: first,
            tally: Tally::default(),
        }
    }

    /// Takes findings, to print at the next [`Shown::show`].
    pub(crate) fn extend(&mut self, findings: impl IntoIterator<Item = Diagnostic>) {
        self.pending.extend(findings);
    }

    /// Prints the findings taken so far.
    pub(crate) fn show(&mut self) {
        for d in self.pending.drain(..) {
            self.tally.add(&d);
            let _ = write!(self.sink, "{d}");
        }
        let _ = self.sink.flush();
    }

    /// How many were printed, once all are.
    pub(crate) fn finish(mut self) -> Tally {
        self.show();
        self.tally
    }
}

/// Takes a file's findings in its turn (`check`, where findings are all a
/// file comes to).
impl crate::in_turn::Take for Shown<'_> {
    type Done = Vec<Diagnostic>;

    fn take(&mut self, found: Vec<Diagnostic>) {
        self.extend(found);
    }
}

/// Why an input was skipped.
#[derive(Debug)]
enum Skipped {
    GivenTwice,
    NotRegular { kind: &'static str },
    LinkLoop,
}

impl Explain for Skipped {
    fn message(&self) -> String {
        match self {
            Skipped::GivenTwice => {
                "此文件被指定了不止一次（直接给出或在给出的文件夹中），只处理一次"
            }
            Skipped::NotRegular { kind } => {
                return format!("这不是普通文件，而是{kind}，已跳过");
            }
            Skipped::LinkLoop => "这是指向自身所在上层文件夹的符号链接，会造成循环，已跳过",
        }
        .into()
    }
}

/// The files named on the command line, folders searched for data files;
/// `data/` when nothing is named. Each file once (by its real path, so a
/// file reached again through a symlink is not read twice). Folders are
/// listed in sorted order, so runs are reproducible.
pub(crate) fn input_files(named: &[PathBuf], extensions: &[&str]) -> Result<Inputs, Error> {
    let mut notes = Vec::new();
    let files = listed_files(named, extensions, &mut notes)?
        .into_iter()
        .collect();
    crate::memory::give_back_freed_memory();
    Ok(Inputs { files, notes })
}

/// The files of [`input_files`], as a list still to be made compact.
fn listed_files(
    named: &[PathBuf],
    extensions: &[&str],
    notes: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    let mut noted = HashSet::new();
    if named.is_empty() {
        let root = Path::new(DATA_DIR);
        if !root.is_dir() {
            return Err(Error::NoDataDir(root.to_path_buf()));
        }
        let found = files_under(root, extensions, notes)?;
        if found.is_empty() {
            return Err(Error::NoDataFiles(root.to_path_buf()));
        }
        return Ok(found);
    }
    // One folder's listing has each file once already: the real paths that
    // find a file named twice are only asked for when several are named,
    // rather than held for every file of the batch (peak memory must not
    // grow with it).
    let several = named.len() > 1;
    for path in named {
        let found = if path.is_dir() {
            let found = files_under(path, extensions, notes)?;
            if found.is_empty() {
                return Err(Error::NoDataFiles(path.clone()));
            }
            found
        } else if path.exists() {
            vec![path.clone()]
        } else {
            return Err(Error::NotFound(path.clone()));
        };
        if !several {
            return Ok(found);
        }
        for file in found {
            let real = real_path(&file);
            if seen.insert(real.clone()) {
                files.push(file);
            } else if noted.insert(real) {
                notes.push(skipped(&file, Skipped::GivenTwice));
            }
        }
    }
    Ok(files)
}

fn real_path(path: &Path) -> PathBuf {
    crate::pipeline::real_path(path)
}

fn skipped(path: &Path, why: Skipped) -> Diagnostic {
    Diagnostic::file(Severity::Warning, path, why)
}

/// The files with one of `extensions` under `dir`, hidden ones left out.
/// Symlinks are followed, once: loops are skipped with a note, and a file
/// reached by two paths is listed once, by the path without a symlink if
/// there is one. Special files (FIFOs…) are skipped with a note. Sorted.
fn files_under(
    dir: &Path,
    extensions: &[&str],
    notes: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, Error> {
    let wanted = |path: &Path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
    };
    // A symlinked folder that holds the folder walked (`data/loop -> ..`)
    // would lead back into it: walkdir only sees loops inside the walk.
    let dir_real = real_path(dir);
    let mut loops = Vec::new();
    // Unsorted: a sorted walk holds a folder's whole listing while it walks
    // that folder, a few hundred bytes a file (the folder of a province's
    // regions holds the batch). The files, notes and the error reported
    // are put in order afterwards.
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            let back_up = e.path_is_symlink()
                && e.file_type().is_dir()
                && dir_real.starts_with(real_path(e.path()));
            if back_up {
                loops.push(e.path().to_path_buf());
            }
            !back_up
        });
    // Whether a path of the walk goes through a symlink, from the entries
    // on its way (walkdir yields a folder before what it holds), rather
    // than an `lstat` of every ancestor of every file: by depth, whether
    // the folder walked at that depth was reached through one.
    let root_through_link = dir.ancestors().any(Path::is_symlink);
    let mut folders_through_link = vec![root_through_link];
    let (mut plain, mut linked) = (Vec::new(), Vec::new());
    let mut skips = Vec::new();
    // The first unreadable folder in sorted order, as a sorted walk would
    // have stopped at it.
    let mut unreadable: Option<(PathBuf, String)> = None;
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                if e.loop_ancestor().is_some() {
                    skips.push((path, Skipped::LinkLoop));
                    continue;
                }
                // A broken symlink: the loader says the file is missing.
                let broken = e
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                    && path.is_symlink();
                if broken {
                    if wanted(&path) {
                        linked.push(path);
                    }
                    continue;
                }
                if unreadable.as_ref().is_none_or(|(first, _)| path < *first) {
                    let reason = e
                        .io_error()
                        .map_or_else(|| e.to_string(), |io| io_reason(io, Access::Read));
                    unreadable = Some((path, reason));
                }
                continue;
            }
        };
        let depth = entry.depth();
        let through_link = match depth.checked_sub(1) {
            None => root_through_link,
            Some(up) => {
                folders_through_link.get(up).copied().unwrap_or(true) || entry.path_is_symlink()
            }
        };
        if entry.file_type().is_dir() {
            folders_through_link.truncate(depth);
            folders_through_link.push(through_link);
            continue;
        }
        if !wanted(entry.path()) {
            continue;
        }
        // The kind the listing gave (a symlink's target's, as followed),
        // rather than an `lstat` of every file.
        if let Some(kind) = not_regular(entry.file_type()) {
            skips.push((entry.into_path(), Skipped::NotRegular { kind }));
            continue;
        }
        if through_link {
            linked.push(entry.into_path());
        } else {
            plain.push(entry.into_path());
        }
    }
    if let Some((path, reason)) = unreadable {
        return Err(Error::ReadDir { path, reason });
    }
    skips.sort_by(|a, b| a.0.cmp(&b.0));
    loops.sort();
    let loops = loops.into_iter().map(|path| (path, Skipped::LinkLoop));
    for (path, why) in skips.into_iter().chain(loops) {
        notes.push(skipped(&path, why));
    }
    // Without a symlink on the way, a file's real path is the folder's real
    // path and the names below it: the plain paths are all different files,
    // and nothing is asked of the system or held for them. A path through
    // a symlink is kept unless its file is also reached by a plain path
    // (which wins) or by a link path before it.
    plain.sort_unstable();
    linked.sort_unstable();
    let mut linked_reals = HashSet::new();
    for path in linked {
        let real = real_path(&path);
        let plain_twin = real
            .strip_prefix(&dir_real)
            .is_ok_and(|below| plain.binary_search(&dir.join(below)).is_ok());
        if !plain_twin && linked_reals.insert(real.clone()) {
            // Remembered so the worker that drafts it need not resolve the
            // links again; a plain path is resolved again cheaply.
            crate::pipeline::remember_real_path(&path, &real);
            plain.push(path);
        }
    }
    if !linked_reals.is_empty() {
        plain.sort_unstable();
    }
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk as it was written first: every ancestor of every file
    /// `lstat`ed, every file's real path asked of the system.
    fn files_under_simply(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .into_iter()
            .filter_map(|e| match e {
                Ok(e) => (!e.file_type().is_dir()).then(|| e.into_path()),
                // A broken link is listed (the loader says it is missing).
                Err(e) => e.path().filter(|p| p.is_symlink()).map(Path::to_path_buf),
            })
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        let through_link = |p: &Path| p.ancestors().any(Path::is_symlink);
        found.sort_by_cached_key(|p| (through_link(p), p.clone()));
        let mut seen = HashSet::new();
        let mut found: Vec<(PathBuf, PathBuf)> = found
            .into_iter()
            .map(|p| {
                let real = p.canonicalize().unwrap_or_else(|_| p.clone());
                (p, real)
            })
            .filter(|(_, real)| seen.insert(real.clone()))
            .collect();
        found.sort();
        found
    }

    /// Symlinked folders and files, at the top and deeper, a folder
    /// reached by two links, a broken link, a GBK name, the walked folder
    /// itself named through a link and through `..`: the same files, the
    /// same plain path kept for each, the same real paths.
    #[cfg(unix)]
    #[test]
    fn the_walk_finds_what_the_simple_walk_finds() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let data = root.join("data");
        for dir in ["data/a/b", "elsewhere/c", "data/d"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in [
            "data/x.yaml",
            "data/a/y.yaml",
            "data/a/b/z.yaml",
            "elsewhere/e.yaml",
            "elsewhere/c/f.yaml",
        ] {
            std::fs::write(root.join(file), "").unwrap();
        }
        let (gbk, _, _) = encoding_rs::GBK.encode("台账.yaml");
        std::fs::write(data.join("d").join(OsStr::from_bytes(&gbk)), "").unwrap();
        symlink("../elsewhere", data.join("linked")).unwrap();
        symlink("../../elsewhere/c", data.join("a/deep")).unwrap();
        symlink("../x.yaml", data.join("a/again.yaml")).unwrap();
        symlink("b", data.join("a/b-again")).unwrap();
        symlink("nowhere.yaml", data.join("d/broken.yaml")).unwrap();
        symlink("data", root.join("data-link")).unwrap();
        for dir in [
            data.clone(),
            root.join("data-link"),
            root.join("data/a/../a"),
            root.join("elsewhere/../data"),
        ] {
            let mut notes = Vec::new();
            let found: Vec<(PathBuf, PathBuf)> = files_under(&dir, &["yaml"], &mut notes)
                .unwrap()
                .into_iter()
                .map(|file| {
                    let real = real_path(&file);
                    (file, real)
                })
                .collect();
            assert_eq!(found, files_under_simply(&dir), "{}", dir.display());
            assert!(notes.is_empty(), "{notes:?}");
            // The listings answer as the file system does, for every name
            // beside every file found and some absent ones.
            for (file, _) in &found {
                let folder = file.parent().unwrap();
                let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                names.extend(["2025.yaml", "台账.csv", "b", "deep"].map(|n| folder.join(n)));
                for path in names {
                    assert_eq!(
                        crate::files::is_file_listed(&path),
                        path.is_file(),
                        "{}",
                        path.display()
                    );
                }
            }
        }
    }

    /// The walk reads folders in the order the file system lists them
    /// (unsorted, so a folder's listing is not held); what it reports is
    /// in path order all the same: the files, then the notes about special
    /// files and links found inside the walk, then the links back above it.
    #[cfg(unix)]
    #[test]
    fn skipped_files_are_noted_in_path_order() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let mut fifos = Vec::new();
        let mut files = Vec::new();
        for region in ["丙", "甲", "乙", "b", "a", "c"] {
            std::fs::create_dir_all(data.join(region)).unwrap();
            for name in ["2026-Q1", "2025-Q4", "x"] {
                let fifo = data.join(region).join(format!("{name}-pipe.yaml"));
                let made = std::process::Command::new("mkfifo")
                    .arg(&fifo)
                    .status()
                    .unwrap();
                assert!(made.success());
                fifos.push(fifo);
                let file = data.join(region).join(format!("{name}.yaml"));
                std::fs::write(&file, "").unwrap();
                files.push(file);
            }
            // Back to `data` itself, found by walkdir inside the walk.
            symlink("..", data.join(region).join("back")).unwrap();
        }
        // Back above the folder walked, left out by the walk's filter.
        symlink("../..", data.join("甲/up")).unwrap();
        symlink("..", data.join("up")).unwrap();
        let mut notes = Vec::new();
        let found = files_under(&data, &["yaml"], &mut notes).unwrap();
        files.sort();
        assert_eq!(found, files);
        let noted: Vec<(PathBuf, String)> = notes
            .iter()
            .map(|d| (d.file.clone(), d.issue.message()))
            .collect();
        let mut expected: Vec<(PathBuf, String)> = fifos
            .iter()
            .map(|f| {
                (
                    f.clone(),
                    Skipped::NotRegular {
                        kind: "命名管道（FIFO）",
                    }
                    .message(),
                )
            })
            .chain(
                ["丙", "甲", "乙", "b", "a", "c"]
                    .map(|r| (data.join(r).join("back"), Skipped::LinkLoop.message())),
            )
            .collect();
        expected.sort();
        expected.extend(
            [data.join("up"), data.join("甲/up")].map(|p| (p, Skipped::LinkLoop.message())),
        );
        assert_eq!(noted, expected);
    }
}
