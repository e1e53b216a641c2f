//! The earlier files of a series: files of one region live in one folder,
//! each named by its period (`data/liuchuan/2026-Q3.yaml`). For
//! `2026-Q4.yaml` wengao reads `2026-Q3.yaml` (the period before),
//! `2025-Q4.yaml` (the same period last year) and `2025-Q4.yaml` or
//! `2025.yaml` (the end of last year) when they exist, and takes the
//! comparison bases from them by metric key. `previous`, `last_year` and
//! `year_end` written in a file override them (with a warning when both
//! exist and differ).
//!
//! An earlier file is read once per run however many files of a batch
//! cite it (the cache is keyed by its path and guarded by a
//! `OnceLock`, so parallel builds wait for one reading rather than repeat
//! it); only the errors that stop it from being read are reported, naming
//! that file, on every file that needed it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError};

use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;

use crate::data::ledger::Ledger;
use crate::data::loaded::Loaded;
use crate::data::{Data, Metric};
use crate::diag::{Diagnostic, Excerpt, Explain, Severity, Span};
use crate::zh::number::format_quantity;
use crate::zh::period::Period;

/// Which base an earlier file supplies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The period before (环比, 比6月底).
    Previous,
    /// The same period last year (同比).
    LastYear,
    /// The end of last year (比上年末, 新增).
    YearEnd,
}

impl Role {
    /// The base as a report names it: 上期, 去年同期, 上年末.
    pub(crate) fn what(self) -> &'static str {
        match self {
            Role::Previous => "上期",
            Role::LastYear => "去年同期",
            Role::YearEnd => "上年末",
        }
    }

    /// The field of a metric that overrides the file's figure.
    pub(crate) fn field(self) -> &'static str {
        match self {
            Role::Previous => "previous（上期数）",
            Role::LastYear => "last_year（去年同期数）",
            Role::YearEnd => "year_end（上年末数）",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Role::Previous => "previous",
            Role::LastYear => "last_year",
            Role::YearEnd => "year_end",
        }
    }

    /// The override written in the metric itself.
    pub(crate) fn written(self, m: &Metric) -> Option<Decimal> {
        match self {
            Role::Previous => m.previous,
            Role::LastYear => m.last_year,
            Role::YearEnd => m.year_end,
        }
    }

    const ALL: [Role; 3] = [Role::Previous, Role::LastYear, Role::YearEnd];
}

/// The figures of one earlier period, by metric key: from its YAML file,
/// or from a column of the series' ledger.
#[derive(Debug)]
pub struct Earlier {
    /// The file, as wengao found it beside the current one (the YAML file
    /// or the ledger).
    pub path: PathBuf,
    /// How messages name it: the file, or the ledger's column
    /// (`data/x/台账.csv 的 2026-Q2 列`).
    pub source: String,
    /// The period its `meta.period` (or ledger column) names.
    pub period: Period,
    /// Its 成文日期 (none for a ledger column).
    pub date: Option<NaiveDate>,
    /// Each metric's value, in file order.
    pub values: IndexMap<String, Decimal>,
    /// The `previous` and `last_year` a metric of the file writes itself
    /// (none for a ledger column): the rollover checks compare them, so
    /// the file need not be read a second time for them.
    pub written: IndexMap<String, WrittenBases>,
}

/// The bases one metric of an earlier file writes itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WrittenBases {
    /// Its `previous`.
    pub previous: Option<Decimal>,
    /// Its `last_year`.
    pub last_year: Option<Decimal>,
}

/// Where one base comes from: the files looked for and the one found.
#[derive(Debug, Default)]
pub struct Base {
    /// The files (and ledger columns) looked for, in order, as messages
    /// name them; the first that exists is used.
    pub looked_for: Vec<String>,
    /// The file found and read.
    pub found: Option<Arc<Earlier>>,
}

/// The bases of a file in a series. Empty (not `in_series`) for a file
/// whose name is not a period code.
#[derive(Debug, Default)]
pub struct Bases {
    /// Whether the file's name is a period code, so earlier files were
    /// looked for.
    pub in_series: bool,
    /// The period before.
    pub previous: Base,
    /// The same period last year.
    pub last_year: Base,
    /// The end of last year.
    pub year_end: Base,
    /// The series' ledger, when it has one.
    pub ledger: Option<Arc<Ledger>>,
}

impl Bases {
    /// Where the base of `role` comes from.
    pub fn base(&self, role: Role) -> &Base {
        match role {
            Role::Previous => &self.previous,
            Role::LastYear => &self.last_year,
            Role::YearEnd => &self.year_end,
        }
    }

    /// The value of metric `key` in the earlier file of `role`.
    pub fn value(&self, role: Role, key: &str) -> Option<Decimal> {
        self.base(role)
            .found
            .as_ref()
            .and_then(|e| e.values.get(key).copied())
    }
}

/// The period a data file's name gives, if it is a period code.
pub fn period_of_name(path: &Path) -> Option<Period> {
    path.file_stem()?.to_str()?.parse().ok()
}

/// The file of period `period` beside `path`, with `path`'s extension.
fn sibling(path: &Path, period: Period) -> PathBuf {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    path.with_file_name(format!("{period}.{ext}"))
}

/// Looks for the earlier files of the data file `path` (of period
/// `period`, from its name) and reads those that exist. The findings are
/// the errors of earlier files that could not be read.
pub fn bases_for(path: &Path, period: Period) -> (Bases, Vec<Diagnostic>) {
    let mut findings = Vec::new();
    let ledger = match ledger_beside(path) {
        Some(Ok(ledger)) => Some(ledger),
        Some(Err(errors)) => {
            findings.extend(errors.iter().map(CopiedFinding::diagnostic));
            None
        }
        None => None,
    };
    let mut find = |periods: Vec<Period>| {
        let mut looked_for = Vec::new();
        let mut found = None;
        for candidate in periods {
            let file = sibling(path, candidate);
            looked_for.push(file.display().to_string());
            match earlier(&file) {
                Some(Ok(e)) => {
                    found = Some(e);
                    break;
                }
                Some(Err(errors)) => {
                    findings.extend(errors.iter().map(CopiedFinding::diagnostic));
                    break;
                }
                None => {}
            }
            if let Some(ledger) = &ledger {
                looked_for.push(column_name(ledger, candidate));
                if let Some(column) = ledger.columns.get(&candidate) {
                    found = Some(Arc::new(Earlier {
                        path: ledger.path.clone(),
                        source: column_name(ledger, candidate),
                        period: candidate,
                        date: None,
                        values: column.iter().map(|(k, (v, _))| (k.clone(), *v)).collect(),
                        written: IndexMap::new(),
                    }));
                    break;
                }
            }
        }
        Base { looked_for, found }
    };
    let previous = find(vec![period.previous()]);
    let last_year = find(vec![period.same_last_year()]);
    let year_end = find(period.last_year_end_periods());
    let bases = Bases {
        in_series: true,
        previous,
        last_year,
        year_end,
        ledger,
    };
    (bases, findings)
}

/// How messages name a column of the ledger.
fn column_name(ledger: &Ledger, period: Period) -> String {
    format!("{} 的 {period} 列", ledger.path.display())
}

/// Fills in the bases of a freshly loaded file, when its name is a period
/// code; returns the errors of unreadable earlier files and a warning for
/// each override that differs from the earlier file's figure.
pub(crate) fn attach(loaded: &mut Loaded) -> Vec<Diagnostic> {
    let Some(period) = period_of_name(&loaded.path) else {
        return Vec::new();
    };
    let (bases, mut findings) = bases_for(&loaded.path, period);
    loaded.data.series = bases;
    findings.extend(overrides(loaded));
    findings.extend(against_ledger(loaded, period));
    findings
}

/// An override in the file that differs from the earlier file's figure.
#[derive(Debug)]
struct OverrideDiffers {
    /// Where the override is, as the file writes it.
    path: String,
    role: Role,
    written: String,
    file: String,
    found: String,
    this_file: String,
}

impl Explain for OverrideDiffers {
    /// The rule `check` lists it under, with the rollover checks.
    fn code(&self) -> Option<&'static str> {
        Some("base-mismatch")
    }

    fn message(&self) -> String {
        format!(
            "{}：本文件（{}）填写的{}数是{}，而 {} 中是{}，两者不一致；已按本文件填写的计算，\
             若是沿用的旧数请删去这一行",
            self.path,
            self.this_file,
            self.role.what(),
            self.written,
            self.file,
            self.found,
        )
    }
}

fn overrides(loaded: &Loaded) -> Vec<Diagnostic> {
    let data: &Data = &loaded.data;
    let mut out = Vec::new();
    for (key, m) in &data.metrics {
        for role in Role::ALL {
            let (Some(written), Some(found)) = (role.written(m), data.series.value(role, key))
            else {
                continue;
            };
            if written == found {
                continue;
            }
            let file = data
                .series
                .base(role)
                .found
                .as_ref()
                .map(|e| e.source.clone());
            let at = format!("metrics.{key}.{}", role.key());
            let issue = OverrideDiffers {
                path: loaded.written_path(&at),
                role,
                written: format_quantity(written, &m.unit, None),
                file: file.unwrap_or_default(),
                found: format_quantity(found, &m.unit, None),
                this_file: loaded
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            out.push(loaded.finding(Severity::Warning, &at, issue));
        }
    }
    out
}

/// A value of the file that differs from the ledger's figure for the same
/// period and metric.
#[derive(Debug)]
struct LedgerDiffers {
    /// Where the value is, as the file writes it.
    path: String,
    value: String,
    ledger: String,
    cell: String,
    figure: String,
}

impl Explain for LedgerDiffers {
    fn message(&self) -> String {
        format!(
            "{}：本文件填写的是{}，而台账 {} {}是{}，两者不一致，请核对",
            self.path, self.value, self.ledger, self.cell, self.figure
        )
    }
}

fn against_ledger(loaded: &Loaded, period: Period) -> Vec<Diagnostic> {
    let data: &Data = &loaded.data;
    let Some(ledger) = &data.series.ledger else {
        return Vec::new();
    };
    let Some(column) = ledger.columns.get(&period) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, m) in &data.metrics {
        let Some((figure, cell)) = column.get(key) else {
            continue;
        };
        if *figure != m.value {
            let at = format!("metrics.{key}.value");
            let issue = LedgerDiffers {
                path: loaded.written_path(&at),
                value: format_quantity(m.value, &m.unit, None),
                ledger: ledger.path.display().to_string(),
                cell: cell.describe(),
                figure: format_quantity(*figure, &m.unit, None),
            };
            out.push(loaded.finding(Severity::Warning, &at, issue));
        }
    }
    out
}

/// A finding of an earlier file, kept to be reported on every file that
/// needed it (a [`Diagnostic`] owns its issue and cannot be cloned).
#[derive(Debug, Clone)]
struct CopiedFinding {
    severity: Severity,
    file: PathBuf,
    span: Option<Span>,
    excerpt: Option<Excerpt>,
    message: String,
    code: Option<&'static str>,
}

#[derive(Debug)]
struct CopiedIssue {
    message: String,
    code: Option<&'static str>,
}

impl Explain for CopiedIssue {
    fn message(&self) -> String {
        self.message.clone()
    }

    fn code(&self) -> Option<&'static str> {
        self.code
    }
}

impl CopiedFinding {
    fn of(d: &Diagnostic) -> Self {
        CopiedFinding {
            severity: d.severity,
            file: d.file.clone(),
            span: d.span,
            excerpt: d.excerpt.clone(),
            message: d.issue.message(),
            code: d.issue.code(),
        }
    }

    fn diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: self.severity,
            file: self.file.clone(),
            span: self.span,
            excerpt: self.excerpt.clone(),
            issue: Box::new(CopiedIssue {
                message: self.message.clone(),
                code: self.code,
            }),
        }
    }
}

/// An earlier file read, or the errors that stopped it.
type Reading = Result<Arc<Earlier>, Arc<Vec<CopiedFinding>>>;

/// Earlier files read in this run, by path.
static CACHE: LazyLock<Mutex<HashMap<PathBuf, Arc<OnceLock<Reading>>>>> =
    LazyLock::new(Mutex::default);

/// The earlier file at `path`, read once per run (shared with every other
/// caller: `next`, `check`'s rollover checks, `diff`); `None` when there is
/// no such file, else its figures or the errors that stopped its reading,
/// each naming that file.
pub fn earlier_file(path: &Path) -> Option<Result<Arc<Earlier>, Vec<Diagnostic>>> {
    earlier(path)
        .map(|r| r.map_err(|errors| errors.iter().map(CopiedFinding::diagnostic).collect()))
}

fn earlier(path: &Path) -> Option<Reading> {
    if !crate::files::is_file_listed(path) {
        return None;
    }
    // Keyed by the path as spelled (not canonical): what a message names
    // must not depend on which of two spellings a parallel run read first.
    let key = path.to_path_buf();
    let slot = {
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(cache.entry(key).or_default())
    };
    Some(slot.get_or_init(|| read_earlier(path)).clone())
}

/// The ledger beside `path`, read once per run.
fn ledger_beside(path: &Path) -> Option<Result<Arc<Ledger>, Arc<Vec<CopiedFinding>>>> {
    type LedgerReading = Result<Arc<Ledger>, Arc<Vec<CopiedFinding>>>;
    static LEDGERS: LazyLock<Mutex<HashMap<PathBuf, Arc<OnceLock<LedgerReading>>>>> =
        LazyLock::new(Mutex::default);
    let file = crate::data::ledger::beside(path)?;
    let key = file.clone();
    let slot = {
        let mut cache = LEDGERS.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(cache.entry(key).or_default())
    };
    Some(
        slot.get_or_init(|| {
            crate::data::ledger::read(&file)
                .map(Arc::new)
                .map_err(|errors| Arc::new(errors.iter().map(CopiedFinding::of).collect()))
        })
        .clone(),
    )
}

fn read_earlier(path: &Path) -> Reading {
    // Read as any data file is (compact metrics included), but on its own:
    // an earlier file's own series is not this file's business.
    match crate::data::read::read(path) {
        Ok((loaded, _)) => Ok(Arc::new(Earlier {
            path: path.to_path_buf(),
            source: path.display().to_string(),
            period: loaded.data.meta.period,
            date: Some(loaded.data.meta.date),
            values: loaded
                .data
                .metrics
                .iter()
                .map(|(k, m)| (k.clone(), m.value))
                .collect(),
            written: loaded
                .data
                .metrics
                .iter()
                .filter(|(_, m)| m.previous.is_some() || m.last_year.is_some())
                .map(|(k, m)| {
                    let written = WrittenBases {
                        previous: m.previous,
                        last_year: m.last_year,
                    };
                    (k.clone(), written)
                })
                .collect(),
        })),
        Err(findings) => Err(Arc::new(
            findings
                .iter()
                .filter(|d| d.is_error())
                .map(CopiedFinding::of)
                .collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, period: &str, branches: u32) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(
            &path,
            format!(
                "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  \
                 period: {period}\n  date: 2026-10-12\nmetrics:\n  branches:\n    name: 党支部\n    \
                 value: {branches}\n    unit: 个\n"
            ),
        )
        .unwrap();
        path
    }

    #[test]
    fn names_that_are_period_codes_make_a_series() {
        assert_eq!(
            period_of_name(Path::new("data/liuchuan/2026-Q3.yaml")),
            "2026-Q3".parse().ok()
        );
        assert_eq!(
            period_of_name(Path::new("x/2026-01~05.yaml")),
            "2026-01~05".parse().ok()
        );
        assert_eq!(period_of_name(Path::new("clean.yaml")), None);
    }

    #[test]
    fn bases_come_from_the_files_beside() {
        let dir = tempfile::tempdir().unwrap();
        file(dir.path(), "2026-Q3.yaml", "2026-Q3", 86);
        file(dir.path(), "2025-Q4.yaml", "2025-Q4", 74);
        let q4 = dir.path().join("2026-Q4.yaml");
        let (bases, findings) = bases_for(&q4, "2026-Q4".parse().unwrap());
        assert!(findings.is_empty());
        assert_eq!(bases.value(Role::Previous, "branches"), Some(86.into()));
        assert_eq!(bases.value(Role::LastYear, "branches"), Some(74.into()));
        assert_eq!(bases.value(Role::YearEnd, "branches"), Some(74.into()));
        assert_eq!(bases.value(Role::Previous, "other"), None);
        let names = |role: Role| -> Vec<String> {
            bases
                .base(role)
                .looked_for
                .iter()
                .map(|p| p.rsplit('/').next().unwrap().to_owned())
                .collect()
        };
        assert_eq!(names(Role::Previous), ["2026-Q3.yaml"]);
        assert_eq!(names(Role::YearEnd), ["2025-Q4.yaml"]);
    }

    #[test]
    fn an_earlier_file_in_the_compact_form_gives_its_values() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("2026-Q3.yaml"),
            "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  \
             period: 2026-Q3\n  date: 2026-10-12\nmetrics:\n  branches: 党支部 86个\n",
        )
        .unwrap();
        let q4 = dir.path().join("2026-Q4.yaml");
        let (bases, findings) = bases_for(&q4, "2026-Q4".parse().unwrap());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(bases.value(Role::Previous, "branches"), Some(86.into()));
    }

    #[test]
    fn the_whole_year_file_serves_as_year_end() {
        let dir = tempfile::tempdir().unwrap();
        file(dir.path(), "2025.yaml", "2025", 70);
        let (bases, _) = bases_for(&dir.path().join("2026-Q1.yaml"), "2026-Q1".parse().unwrap());
        assert_eq!(bases.value(Role::YearEnd, "branches"), Some(70.into()));
        assert!(bases.previous.found.is_none());
    }

    #[test]
    fn an_earlier_file_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let q3 = file(dir.path(), "2026-Q3.yaml", "2026-Q3", 86);
        let a = earlier(&q3).unwrap().unwrap();
        // Changed on disk: the run keeps the figures it read first.
        file(dir.path(), "2026-Q3.yaml", "2026-Q3", 99);
        let b = earlier(&q3).unwrap().unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(earlier(&dir.path().join("2026-Q2.yaml")).is_none());
    }

    #[test]
    fn errors_of_an_earlier_file_name_it() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("2026-Q3.yaml");
        std::fs::write(&bad, "meta: [\n").unwrap();
        let (bases, findings) =
            bases_for(&dir.path().join("2026-Q4.yaml"), "2026-Q4".parse().unwrap());
        assert!(bases.previous.found.is_none());
        assert!(!findings.is_empty());
        assert!(findings.iter().all(|d| d.file == bad && d.is_error()));
    }
}
