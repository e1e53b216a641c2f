//! The 工作台账 of a series: offices keep their figures in a spreadsheet,
//! one row per metric key and one column per period. A `台账.xlsx`,
//! `台账.csv`, `ledger.xlsx` or `ledger.csv` beside the YAML files of a
//! series supplies the figures of the periods that have no YAML file of
//! their own (the YAML file wins when both exist), and the figures of the
//! current period are checked against the file's own values.
//!
//! The first row names the periods (`2026-Q2`, `2026-01~05`, …) from the
//! second column on; the first column names the metric keys from the second
//! row on. An empty cell is no figure. `.xlsx` files are read with
//! `calamine` (first sheet), `.csv` files (UTF-8, optionally with a BOM)
//! with `csv`. Every complaint names the cell: sheet, row and column.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Explain, Severity};
use crate::zh::period::Period;

/// The names a ledger may have, in the order they are looked for.
pub const LEDGER_NAMES: [&str; 4] = ["台账.xlsx", "台账.csv", "ledger.xlsx", "ledger.csv"];

/// Where a figure sits in the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// 1-based row.
    pub row: u32,
    /// 1-based column.
    pub column: u32,
}

impl Cell {
    /// 工作表“台账”的C3单元格 / 第3行第3列.
    pub(crate) fn describe(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!(
                "工作表“{sheet}”的{}{}单元格",
                column_letters(self.column),
                self.row
            ),
            None => format!("第{}行第{}列", self.row, self.column),
        }
    }
}

/// A, B, …, Z, AA, AB, …: how spreadsheets name columns.
fn column_letters(column: u32) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).expect("below 26");
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The figures of one ledger.
#[derive(Debug)]
pub struct Ledger {
    /// The ledger file.
    pub path: PathBuf,
    /// Each period's column: metric key → (figure, cell).
    pub columns: IndexMap<Period, IndexMap<String, (Decimal, Cell)>>,
}

/// Why a ledger cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LedgerIssue {
    /// The file could not be opened or parsed.
    Unreadable(String),
    /// A header cell that is not a period code.
    BadPeriod { cell: Cell, text: String },
    /// The same period in two columns.
    DuplicatePeriod { cell: Cell, period: String },
    /// The same metric key in two rows.
    DuplicateKey { cell: Cell, key: String },
    /// A figure that is not a number.
    NotANumber { cell: Cell, text: String },
    /// The sheet has no header row.
    Empty,
}

impl Explain for LedgerIssue {
    fn message(&self) -> String {
        match self {
            LedgerIssue::Unreadable(why) => format!("台账无法读取：{why}"),
            LedgerIssue::BadPeriod { cell, text } => format!(
                "台账{}的“{text}”不是报告期；第一行从第二列起写报告期，如 2026-Q3、2026-01~05",
                cell.describe()
            ),
            LedgerIssue::DuplicatePeriod { cell, period } => {
                format!(
                    "台账{}的报告期 {period} 在前面的列中已经出现过",
                    cell.describe()
                )
            }
            LedgerIssue::DuplicateKey { cell, key } => {
                format!("台账{}的指标“{key}”在前面的行中已经出现过", cell.describe())
            }
            LedgerIssue::NotANumber { cell, text } => format!(
                "台账{}的“{text}”不是数字；只写数字，不带单位（如 3200 或 98.6），没有数的留空",
                cell.describe()
            ),
            LedgerIssue::Empty => "台账是空的：第一行应写报告期，第一列写指标的键".into(),
        }
    }
}

/// The ledger beside the data file `path`, if there is one.
pub(crate) fn beside(path: &Path) -> Option<PathBuf> {
    LEDGER_NAMES
        .iter()
        .map(|name| path.with_file_name(name))
        .find(|p| crate::files::is_file_listed(p))
}

/// A cell's content as read: text or a number.
enum Content {
    Empty,
    Text(String),
    Number(Decimal),
}

/// Reads the ledger at `path`; every problem is a finding about that file.
pub(crate) fn read(path: &Path) -> Result<Ledger, Vec<Diagnostic>> {
    let is_xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let grid = if is_xlsx {
        read_xlsx(path)
    } else {
        read_csv(path)
    };
    let (sheet, grid) = grid.map_err(|why| {
        vec![Diagnostic::file(
            Severity::Error,
            path,
            LedgerIssue::Unreadable(why),
        )]
    })?;
    table(path, sheet, grid).map_err(|issues| {
        issues
            .into_iter()
            .map(|i| Diagnostic::file(Severity::Error, path, i))
            .collect()
    })
}

/// The cells of the first sheet, by row, with the row and column of the
/// first cell (1-based).
type Grid = (u32, u32, Vec<Vec<Content>>);

fn read_xlsx(path: &Path) -> Result<(Option<String>, Grid), String> {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut book = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let name = book.sheet_names().first().cloned().ok_or("没有工作表")?;
    let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => Content::Empty,
                    Data::Int(i) => Content::Number(Decimal::from(*i)),
                    // The shortest decimal string of the float is what the
                    // office typed (98.6, not 98.599999…).
                    Data::Float(f) => f
                        .to_string()
                        .parse()
                        .map_or_else(|_| Content::Text(f.to_string()), Content::Number),
                    other => Content::Text(other.to_string()),
                })
                .collect()
        })
        .collect();
    Ok((Some(name), (row0 + 1, col0 + 1, rows)))
}

fn read_csv(path: &Path) -> Result<(Option<String>, Grid), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| "不是 UTF-8 编码，请另存为“CSV UTF-8”".to_owned())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        rows.push(
            record
                .iter()
                .map(|field| {
                    let field = field.trim();
                    if field.is_empty() {
                        Content::Empty
                    } else {
                        Content::Text(field.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok((None, (1, 1, rows)))
}

fn table(path: &Path, sheet: Option<String>, grid: Grid) -> Result<Ledger, Vec<LedgerIssue>> {
    let (row0, col0, rows) = grid;
    let cell = |r: usize, c: usize| Cell {
        sheet: sheet.clone(),
        row: row0 + u32::try_from(r).unwrap_or(u32::MAX),
        column: col0 + u32::try_from(c).unwrap_or(u32::MAX),
    };
    let mut issues = Vec::new();
    let Some(header) = rows.first() else {
        return Err(vec![LedgerIssue::Empty]);
    };
    // Column index → period.
    let mut periods: Vec<(usize, Period)> = Vec::new();
    for (c, content) in header.iter().enumerate().skip(1) {
        let text = match content {
            Content::Empty => continue,
            Content::Text(t) => t.clone(),
            Content::Number(n) => n.to_string(),
        };
        match text.parse::<Period>() {
            Ok(p) if periods.iter().any(|(_, q)| *q == p) => {
                issues.push(LedgerIssue::DuplicatePeriod {
                    cell: cell(0, c),
                    period: p.to_string(),
                });
            }
            Ok(p) => periods.push((c, p)),
            Err(_) => issues.push(LedgerIssue::BadPeriod {
                cell: cell(0, c),
                text,
            }),
        }
    }
    let mut columns: IndexMap<Period, IndexMap<String, (Decimal, Cell)>> =
        periods.iter().map(|(_, p)| (*p, IndexMap::new())).collect();
    let mut keys: Vec<String> = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(1) {
        let key = match row.first() {
            Some(Content::Text(k)) => k.trim().to_owned(),
            _ => continue,
        };
        if keys.contains(&key) {
            issues.push(LedgerIssue::DuplicateKey {
                cell: cell(r, 0),
                key,
            });
            continue;
        }
        keys.push(key.clone());
        for &(c, period) in &periods {
            let value = match row.get(c) {
                None | Some(Content::Empty) => continue,
                Some(Content::Number(n)) => *n,
                Some(Content::Text(t)) => {
                    let Ok(n) = t.replace(',', "").parse::<Decimal>() else {
                        issues.push(LedgerIssue::NotANumber {
                            cell: cell(r, c),
                            text: t.clone(),
                        });
                        continue;
                    };
                    n
                }
            };
            columns
                .get_mut(&period)
                .expect("every period has a column")
                .insert(key.clone(), (value, cell(r, c)));
        }
    }
    if issues.is_empty() {
        Ok(Ledger {
            path: path.to_path_buf(),
            columns,
        })
    } else {
        Err(issues)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// The messages of a ledger that cannot be read.
    fn messages(path: &Path) -> Vec<String> {
        read(path)
            .unwrap_err()
            .iter()
            .map(|d| d.issue.message())
            .collect()
    }

    #[test]
    fn column_letters_are_as_spreadsheets_name_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(53), "BA");
    }

    #[test]
    fn a_csv_ledger_gives_each_period_its_figures() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "台账.csv",
            "\u{feff}指标,2025-Q3,2026-Q2,2026-Q3\nbranches,74,81,86\nvisits,1100,,\"1,250\"\n"
                .as_bytes(),
        );
        let ledger = read(&path).unwrap();
        let q2 = &ledger.columns[&"2026-Q2".parse::<Period>().unwrap()];
        assert_eq!(q2["branches"].0, Decimal::from(81));
        assert!(!q2.contains_key("visits"));
        let q3 = &ledger.columns[&"2026-Q3".parse::<Period>().unwrap()];
        assert_eq!(q3["visits"].0, Decimal::from(1250));
        assert_eq!(q3["visits"].1.describe(), "第3行第4列");
    }

    #[test]
    fn csv_problems_name_their_cell() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "台账.csv",
            "指标,2026-Q2,三季度\nbranches,81个,86\nbranches,1,2\n".as_bytes(),
        );
        assert_eq!(
            messages(&path),
            [
                "台账第1行第3列的“三季度”不是报告期；第一行从第二列起写报告期，如 2026-Q3、2026-01~05",
                "台账第2行第2列的“81个”不是数字；只写数字，不带单位（如 3200 或 98.6），没有数的留空",
                "台账第3行第1列的指标“branches”在前面的行中已经出现过",
            ]
        );
    }

    /// A minimal workbook: one sheet named 台账 with inline strings.
    fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
        let mut sheet = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
        );
        for (r, row) in rows.iter().enumerate() {
            sheet.push_str(&format!("<row r=\"{}\">", r + 1));
            for (c, text) in row.iter().enumerate() {
                let at = format!("{}{}", column_letters(u32::try_from(c + 1).unwrap()), r + 1);
                if text.parse::<f64>().is_ok() {
                    sheet.push_str(&format!("<c r=\"{at}\"><v>{text}</v></c>"));
                } else if !text.is_empty() {
                    sheet.push_str(&format!(
                        "<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
                    ));
                }
            }
            sheet.push_str("</row>");
        }
        sheet.push_str("</sheetData></worksheet>");
        let parts = [
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".to_owned()),
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_owned()),
            ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".to_owned()),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".to_owned()),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, text) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn an_xlsx_ledger_names_sheet_and_cell() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(
            dir.path(),
            "台账.xlsx",
            &xlsx(&[
                &["指标", "2026-Q2", "2026-Q3"],
                &["branches", "81", "86"],
                &["rate", "96.2", ""],
            ]),
        );
        let ledger = read(&good).unwrap();
        let q2 = &ledger.columns[&"2026-Q2".parse::<Period>().unwrap()];
        assert_eq!(q2["rate"].0, "96.2".parse::<Decimal>().unwrap());
        assert_eq!(q2["rate"].1.describe(), "工作表“台账”的B3单元格");
        let bad = write(
            dir.path(),
            "ledger.xlsx",
            &xlsx(&[&["指标", "2026-Q2"], &["branches", "八十一"]]),
        );
        assert_eq!(
            messages(&bad),
            [
                "台账工作表“台账”的B2单元格的“八十一”不是数字；只写数字，不带单位（如 3200 或 98.6），没有数的留空"
            ]
        );
    }
}
