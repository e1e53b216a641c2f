//! Reading a data file into the model: size limit, text encoding, forbidden
//! characters, then YAML.
//!
//! Office PCs still save GBK from older editors, so a file that is not UTF-8
//! but decodes as GB18030 is read with a warning saying how to convert it;
//! bytes that are neither are refused with their position.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::data::{Data, SECTION_ALIASES};
use crate::diag::{Diagnostic, Explain, Severity, Span};
use crate::yaml::{self, SourceMap};

/// Data files larger than this are refused: real ones are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A data file read and parsed, with what is needed to point into it.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub source: String,
    pub data: Data,
    pub map: SourceMap,
}

impl Loaded {
    /// The position of the key at `path` (or its nearest written ancestor).
    pub fn span_of(&self, path: &str) -> Option<Span> {
        self.map.nearest(path)
    }

    /// A finding at the key `path`, or about the whole file if it has no place.
    pub fn finding(
        &self,
        severity: Severity,
        path: &str,
        issue: impl Explain + 'static,
    ) -> Diagnostic {
        match self.span_of(path) {
            Some(span) => Diagnostic::at(severity, &self.path, &self.source, span, issue),
            None => Diagnostic::file(severity, &self.path, issue),
        }
    }
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadIssue {
    Io { reason: String },
    TooLarge { bytes: u64 },
    Utf16,
    DecodedAsGbk,
    NotText,
    ControlCharacter { code: u32 },
}

impl Explain for ReadIssue {
    fn message(&self) -> String {
        match self {
            ReadIssue::Io { reason } => format!("无法读取文件：{reason}"),
            ReadIssue::TooLarge { bytes } => format!(
                "文件有{}KB，超过了{}KB的上限，请检查是否选错了文件",
                bytes.div_ceil(1024),
                MAX_FILE_BYTES / 1024
            ),
            ReadIssue::Utf16 => {
                "文件是 UTF-16 编码，请用记事本打开后“另存为”，编码选“UTF-8”".into()
            }
            ReadIssue::DecodedAsGbk => {
                "文件是 GBK（GB18030）编码，已按 GBK 读取；建议用记事本打开后“另存为”，编码选“UTF-8”"
                    .into()
            }
            ReadIssue::NotText => {
                "此处有无法识别的字节：文件既不是 UTF-8 也不是 GBK 编码的文本，请另存为 UTF-8".into()
            }
            ReadIssue::ControlCharacter { code } => format!(
                "此处有不可见的控制字符（U+{code:04X}），通常是从其他软件复制时带入的，请删除"
            ),
        }
    }
}

/// Invisible characters a data file has no business holding: control
/// characters (but tab and line ends) and the non-characters U+FFFE/U+FFFF,
/// which XML — and so a DOCX — cannot carry either.
fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t') || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Reads and parses `path`. Returns the loaded data (if it could be parsed)
/// and every finding on the way; a finding with severity error means `None`.
pub fn load(path: &Path) -> (Option<Loaded>, Vec<Diagnostic>) {
    let mut findings = Vec::new();
    let source = match read_text(path) {
        Ok((text, warning)) => {
            findings.extend(warning);
            text
        }
        Err(d) => return (None, vec![d]),
    };
    match parse(path, source) {
        Ok(loaded) => (Some(loaded), findings),
        Err(d) => {
            findings.push(*d);
            (None, findings)
        }
    }
}

/// Parses text already read (used by `load` and by tests).
pub fn parse(path: &Path, source: String) -> Result<Loaded, Box<Diagnostic>> {
    if let Some((byte, c)) = source.char_indices().find(|&(_, c)| is_forbidden(c)) {
        return Err(Box::new(Diagnostic::at(
            Severity::Error,
            path,
            &source,
            Span::from_offset(&source, byte, 1),
            ReadIssue::ControlCharacter { code: c as u32 },
        )));
    }
    match yaml::parse::<Data>(&source) {
        Ok((data, mut map)) => {
            map.rename_roots(&SECTION_ALIASES);
            Ok(Loaded {
                path: path.to_path_buf(),
                source,
                data,
                map,
            })
        }
        Err(e) => Err(Box::new(match e.span {
            Some(span) => Diagnostic::at(Severity::Error, path, &source, span, e),
            None => Diagnostic::file(Severity::Error, path, e),
        })),
    }
}

/// The file's text, and a warning if it had to be decoded from GBK.
fn read_text(path: &Path) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    let io = |e: std::io::Error| {
        Diagnostic::file(
            Severity::Error,
            path,
            ReadIssue::Io {
                reason: io_reason(&e),
            },
        )
    };
    let file = File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit: enough to know, without reading a huge file.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(Diagnostic::file(
            Severity::Error,
            path,
            ReadIssue::TooLarge { bytes: size },
        ));
    }
    decode(path, bytes)
}

/// Turns bytes into text: UTF-8 (a BOM is dropped), else GBK with a warning.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::file(Severity::Error, path, ReadIssue::Utf16));
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let (valid_up_to, bytes) = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, None)),
        Err(e) => (e.utf8_error().valid_up_to(), e.into_bytes()),
    };
    if let Some(text) = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(&bytes)
        .filter(|t| !t.contains('\u{0}'))
    {
        let text = text.into_owned();
        let warning = Diagnostic::file(Severity::Warning, path, ReadIssue::DecodedAsGbk);
        return Ok((text, Some(warning)));
    }
    // Point at the first bad byte: the text before it is valid UTF-8.
    let before = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
    let span = Span::from_offset(&before, before.len(), 1);
    let mut shown = before;
    shown.push_str(&String::from_utf8_lossy(&bytes[valid_up_to..]));
    Err(Diagnostic::at(
        Severity::Error,
        path,
        &shown,
        span,
        ReadIssue::NotText,
    ))
}

/// The reason for an I/O error, in Chinese where it is a common one.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "文件不存在".into(),
        ErrorKind::PermissionDenied => "没有读取权限".into(),
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("d.yaml")
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let (text, warning) = decode(p(), b"\xEF\xBB\xBFa: 1".to_vec()).unwrap();
        assert_eq!(text, "a: 1");
        assert!(warning.is_none());
    }

    #[test]
    fn gbk_is_decoded_with_a_warning() {
        let (gbk, _, _) = encoding_rs::GBK.encode("region: 柳川县\n");
        let (text, warning) = decode(p(), gbk.into_owned()).unwrap();
        assert_eq!(text, "region: 柳川县\n");
        let w = warning.unwrap();
        assert_eq!(w.severity, Severity::Warning);
        assert!(w.issue.message().contains("GBK"));
    }

    #[test]
    fn utf16_is_refused_with_advice() {
        let err = decode(p(), vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(err.issue.message().contains("UTF-16"));
    }

    #[test]
    fn undecodable_bytes_are_located() {
        let mut bytes = "a: 1\nb: 柳".as_bytes().to_vec();
        bytes.extend([0xFF, 0xFF, 0x00]);
        let err = decode(p(), bytes).unwrap_err();
        assert_eq!(err.span, Some(Span::new(2, 5, 1)));
        assert_eq!(err.issue.message(), ReadIssue::NotText.message());
    }

    #[test]
    fn non_characters_are_refused_like_control_characters() {
        let err = parse(p(), "a: 柳\u{FFFF}\n".into()).unwrap_err();
        assert_eq!(err.span, Some(Span::new(1, 5, 1)));
        assert!(err.issue.message().contains("U+FFFF"));
    }

    #[test]
    fn control_characters_are_located() {
        let err = parse(p(), "meta:\n  region: 柳\u{7}川\n".into()).unwrap_err();
        assert_eq!(err.span, Some(Span::new(2, 12, 1)));
        assert!(err.issue.message().contains("U+0007"));
    }
}
