//! Reads a DOCX back for the tests: unzips it, parses parts into a small
//! element tree, and extracts paragraph texts from the DOCX and block texts
//! from the Markdown independently of the converter.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use wengao::docx::{DocProps, StyleProfile, markdown_to_docx};

/// Every file under `root` (hidden ones too), relative to it, sorted.
pub(crate) fn files_under(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// The golden example drafts (what `wengao build` writes as Markdown), by
/// path under `tests/expected/drafts`.
pub(crate) fn example_drafts() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/drafts");
    files_under(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|rel| {
            let text = std::fs::read_to_string(root.join(&rel)).unwrap();
            (rel.display().to_string(), text)
        })
        .collect()
}

pub(crate) fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/md/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub(crate) const FIXTURES: [&str; 3] = ["huibao.md", "jianghua.md", "diaoyan.md"];

pub(crate) fn props() -> DocProps {
    DocProps {
        title: "柳川县2026年前三季度老干部工作情况汇报".into(),
        author: Some("柳川县委老干部局".into()),
        date: chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap(),
    }
}

pub(crate) fn build(markdown: &str) -> Vec<u8> {
    build_with(markdown, &StyleProfile::default())
}

pub(crate) fn build_with(markdown: &str, style: &StyleProfile) -> Vec<u8> {
    markdown_to_docx(markdown, &props(), style).expect("conversion succeeds")
}

/// An unzipped package.
pub(crate) struct Package {
    pub parts: BTreeMap<String, Vec<u8>>,
    /// Entry names in archive order.
    pub order: Vec<String>,
}

impl Package {
    pub(crate) fn open(bytes: &[u8]) -> Package {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut parts = BTreeMap::new();
        let mut order = Vec::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            order.push(entry.name().to_owned());
            parts.insert(entry.name().to_owned(), data);
        }
        Package { parts, order }
    }

    pub(crate) fn text(&self, part: &str) -> &str {
        std::str::from_utf8(&self.parts[part]).unwrap()
    }

    pub(crate) fn xml(&self, part: &str) -> Element {
        parse(
            self.parts
                .get(part)
                .unwrap_or_else(|| panic!("no part {part}")),
        )
    }

    /// The text of each body paragraph that has any, as Word shows it.
    pub(crate) fn paragraph_texts(&self) -> Vec<String> {
        self.paragraphs()
            .iter()
            .map(|p| {
                p.descendants("w:t")
                    .iter()
                    .map(|t| t.text())
                    .collect::<String>()
            })
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The body's paragraphs in reading order, table cells included.
    pub(crate) fn paragraphs(&self) -> Vec<Element> {
        let doc = self.xml("word/document.xml");
        let body = doc.child("w:body").unwrap().clone();
        body.descendants("w:p").into_iter().cloned().collect()
    }

    /// The styles, to resolve a run's formatting.
    pub(crate) fn styles(&self) -> Styles {
        let styles = self.xml("word/styles.xml");
        Styles {
            defaults: styles.at("w:docDefaults/w:rPrDefault/w:rPr").cloned(),
            styles: styles.descendants("w:style").into_iter().cloned().collect(),
        }
    }

    /// The style with `id` from styles.xml.
    pub(crate) fn style(&self, id: &str) -> Element {
        self.xml("word/styles.xml")
            .descendants("w:style")
            .into_iter()
            .find(|s| s.attr("w:styleId") == Some(id))
            .unwrap_or_else(|| panic!("no style {id}"))
            .clone()
    }
}

/// The character formatting a reader gives a run: the document defaults,
/// then the paragraph's style and the styles it is based on, then the run's
/// character style, then the run's own properties, each `w:rFonts`
/// attribute inherited on its own.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RunFormat {
    pub east_asia: Option<String>,
    pub ascii: Option<String>,
    pub h_ansi: Option<String>,
    pub cs: Option<String>,
    pub size: Option<String>,
    pub bold: bool,
    /// Only ever direct: it depends on the run's text.
    pub hint: Option<String>,
}

/// `word/styles.xml`, read for resolving formatting.
pub(crate) struct Styles {
    defaults: Option<Element>,
    styles: Vec<Element>,
}

impl Styles {
    fn style(&self, kind: &str, id: Option<&str>) -> Option<&Element> {
        self.styles.iter().find(|s| {
            s.attr("w:type") == Some(kind)
                && match id {
                    Some(id) => s.attr("w:styleId") == Some(id),
                    None => s.attr("w:default") == Some("1"),
                }
        })
    }

    /// A style and those it is based on, the root first.
    fn chain(&self, kind: &str, id: Option<&str>) -> Vec<&Element> {
        let mut chain = Vec::new();
        let mut next = self.style(kind, id);
        while let Some(style) = next {
            assert!(
                chain.len() < 10,
                "basedOn loop at {:?}",
                style.attr("w:styleId")
            );
            chain.push(style);
            next = style
                .at("w:basedOn")
                .and_then(|b| b.attr("w:val"))
                .map(|id| self.style(kind, Some(id)).expect("basedOn names a style"));
        }
        chain.reverse();
        chain
    }

    /// The formatting of `run` in `paragraph`. Bold is a toggle: set in both
    /// the paragraph style and the character style, it cancels out (as Word
    /// does), unless the run sets it directly.
    pub(crate) fn run_format(&self, paragraph: &Element, run: &Element) -> RunFormat {
        let mut format = RunFormat::default();
        if let Some(rpr) = &self.defaults {
            apply(&mut format, rpr);
        }
        let bold_of = |format: &mut RunFormat, chain: &[&Element]| {
            format.bold = false;
            for style in chain {
                if let Some(rpr) = style.child("w:rPr") {
                    apply(format, rpr);
                }
            }
            format.bold
        };
        let style_id = paragraph.style_id();
        if let Some(id) = style_id {
            assert!(self.style("paragraph", Some(id)).is_some(), "no style {id}");
        }
        let paragraph_bold = bold_of(&mut format, &self.chain("paragraph", style_id));
        let run_style = run.at("w:rPr/w:rStyle").and_then(|s| s.attr("w:val"));
        let character_bold = match run_style {
            Some(id) => {
                assert!(self.style("character", Some(id)).is_some(), "no style {id}");
                bold_of(&mut format, &self.chain("character", Some(id)))
            }
            None => false,
        };
        format.bold = paragraph_bold != character_bold;
        format.hint = None;
        if let Some(rpr) = run.child("w:rPr") {
            apply(&mut format, rpr);
        }
        format
    }
}

/// Lays the properties of one `w:rPr` over `format`.
fn apply(format: &mut RunFormat, rpr: &Element) {
    if let Some(fonts) = rpr.child("w:rFonts") {
        for (key, slot) in [
            ("w:eastAsia", &mut format.east_asia),
            ("w:ascii", &mut format.ascii),
            ("w:hAnsi", &mut format.h_ansi),
            ("w:cs", &mut format.cs),
            ("w:hint", &mut format.hint),
        ] {
            if let Some(value) = fonts.attr(key) {
                *slot = Some(value.to_owned());
            }
        }
    }
    if let Some(size) = rpr.child("w:sz").and_then(|s| s.attr("w:val")) {
        format.size = Some(size.to_owned());
    }
    if let Some(b) = rpr.child("w:b") {
        format.bold = !matches!(b.attr("w:val"), Some("0" | "false" | "off"));
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The element at a path of child names, as `w:pPr/w:ind`.
    pub(crate) fn at(&self, path: &str) -> Option<&Element> {
        path.split('/').try_fold(self, |e, name| e.child(name))
    }

    /// Every descendant named `name`, in document order (not below a match).
    pub(crate) fn descendants(&self, name: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                out.extend(e.descendants(name));
            }
        }
        out
    }

    /// Every element of the subtree, this one included.
    pub(crate) fn all(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for e in self.elements() {
            out.extend(e.all());
        }
        out
    }

    /// The text a reader sees: `w:t` contents, `w:br` as `\n`, `w:tab` as `\t`.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        match self.name.as_str() {
            "w:t" => {
                for n in &self.children {
                    if let Node::Text(t) = n {
                        out.push_str(t);
                    }
                }
            }
            "w:br" => out.push('\n'),
            "w:tab" => out.push('\t'),
            "w:instrText" => {}
            _ => {
                for e in self.elements() {
                    e.collect_text(out);
                }
            }
        }
    }

    /// The runs of a paragraph.
    pub(crate) fn runs(&self) -> Vec<&Element> {
        self.descendants("w:r")
    }

    pub(crate) fn style_id(&self) -> Option<&str> {
        self.at("w:pPr/w:pStyle").and_then(|s| s.attr("w:val"))
    }
}

pub(crate) fn parse(xml: &[u8]) -> Element {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut stack = vec![Element::default()];
    let mut buf = Vec::new();
    let decoder = reader.decoder();
    let attrs = |e: &quick_xml::events::BytesStart<'_>| {
        e.attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let value = a
                    .decoded_and_normalized_value(quick_xml::XmlVersion::Explicit1_0, decoder)
                    .expect("escaped attribute")
                    .into_owned();
                (String::from_utf8(a.key.as_ref().to_vec()).unwrap(), value)
            })
            .collect()
    };
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) => stack.push(Element {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                attrs: attrs(&e),
                children: Vec::new(),
            }),
            Event::Empty(e) => {
                let element = Element {
                    name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    attrs: attrs(&e),
                    children: Vec::new(),
                };
                stack
                    .last_mut()
                    .unwrap()
                    .children
                    .push(Node::Element(element));
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::Element(done));
            }
            Event::Text(t) => {
                let text = t.decode().expect("utf-8 text").into_owned();
                let text = quick_xml::escape::unescape(&text)
                    .expect("escaped text")
                    .into_owned();
                stack.last_mut().unwrap().children.push(Node::Text(text));
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap().into_owned();
                let text = quick_xml::escape::unescape(&format!("&{name};"))
                    .expect("known entity")
                    .into_owned();
                stack.last_mut().unwrap().children.push(Node::Text(text));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let root = stack.pop().unwrap();
    root.elements().next().expect("a root element").clone()
}

/// The texts of a Markdown document's blocks, each as its lines (split at
/// soft and hard breaks), read with pulldown-cmark directly: headings,
/// paragraphs and table cells.
pub(crate) fn markdown_blocks(markdown: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event as E, Options, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            E::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell) => {
                current = Some(vec![String::new()]);
            }
            E::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell) => {
                blocks.extend(current.take());
            }
            E::Text(t) | E::Code(t) | E::InlineHtml(t) => {
                if let Some(lines) = current.as_mut() {
                    lines.last_mut().unwrap().push_str(&t);
                }
            }
            E::SoftBreak | E::HardBreak => {
                if let Some(lines) = current.as_mut() {
                    lines.push(String::new());
                }
            }
            _ => {}
        }
    }
    blocks
}

/// A block's text as one paragraph: lines joined with nothing when either
/// side is non-ASCII (Chinese), with a space between two ASCII letters.
pub(crate) fn joined(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let before = out.chars().next_back();
        let after = line.chars().next();
        if let (Some(b), Some(a)) = (before, after)
            && b.is_ascii_alphanumeric()
            && a.is_ascii_alphanumeric()
        {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Checks that the DOCX paragraphs hold the Markdown blocks, in order, with
/// nothing lost or added: each block is one paragraph, or one paragraph per
/// line (title-block lines and signature lines are set one per paragraph).
pub(crate) fn assert_same_text(markdown: &str, docx: &[u8]) {
    let blocks = markdown_blocks(markdown);
    let paragraphs: Vec<String> = Package::open(docx)
        .paragraphs()
        .iter()
        // A long title is broken into lines by the converter; the fixtures
        // have no other breaks (hard breaks are tested on their own).
        .map(|p| p.text().replace('\n', ""))
        .collect();
    let mut at = 0;
    for lines in &blocks {
        let whole = joined(lines);
        if paragraphs.get(at) == Some(&whole) {
            at += 1;
            continue;
        }
        let n = lines.len();
        assert_eq!(
            paragraphs.get(at..at + n),
            Some(&lines[..]),
            "block {whole:?} not found at paragraph {at}: {:?}",
            paragraphs.get(at..(at + n).min(paragraphs.len()))
        );
        at += n;
    }
    assert_eq!(
        at,
        paragraphs.len(),
        "extra paragraphs: {:?}",
        &paragraphs[at..]
    );
}

/// A `wengao` run stopped at a named point of its writing (the
/// `WENGAO_TEST_PAUSE` hook in `output.rs`): returned once it has said it
/// is there, so a test knows exactly which moment it is acting on.
pub(crate) struct Paused {
    pub child: std::process::Child,
    /// Its stdout, when asked for ([`spawn_paused_listing`]).
    pub stdout: Option<std::process::ChildStdout>,
    /// A line written here lets the run go on.
    pub stdin: std::process::ChildStdin,
    /// The rest of its stderr, after the pause line.
    pub stderr: std::io::BufReader<std::process::ChildStderr>,
}

impl Paused {
    /// Sends `signal` (as `kill` names it: `-INT`, `-TERM`) to the paused
    /// run and waits for it: its exit code and the rest of its stderr.
    #[cfg(unix)]
    pub(crate) fn signal(&mut self, signal: &str) -> (Option<i32>, String) {
        use std::io::Read;
        let killed = std::process::Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success(), "kill {signal}");
        let status = self.child.wait().unwrap();
        let mut rest = String::new();
        self.stderr.read_to_string(&mut rest).unwrap();
        (status.code(), rest)
    }
}

/// Starts `wengao args…` in `dir` and waits until it pauses at `point`;
/// panics (with what it printed) if it ends without getting there.
pub(crate) fn spawn_paused(dir: &std::path::Path, args: &[&str], point: &str) -> Paused {
    spawn_paused_with(dir, args, point, Some(std::process::Stdio::null()))
}

/// [`spawn_paused`], with its stdout (the list of files written) piped.
pub(crate) fn spawn_paused_listing(dir: &std::path::Path, args: &[&str], point: &str) -> Paused {
    spawn_paused_with(dir, args, point, Some(std::process::Stdio::piped()))
}

/// [`spawn_paused`], with its stdout closed (`wengao … >&-`).
#[cfg(unix)]
pub(crate) fn spawn_paused_stdout_closed(
    dir: &std::path::Path,
    args: &[&str],
    point: &str,
) -> Paused {
    spawn_paused_with(dir, args, point, None)
}

// The child is handed to the caller, who kills and waits for it.
#[allow(clippy::zombie_processes)]
fn spawn_paused_with(
    dir: &std::path::Path,
    args: &[&str],
    point: &str,
    stdout: Option<std::process::Stdio>,
) -> Paused {
    use std::io::BufRead;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_wengao"));
    command
        .current_dir(dir)
        .args(args)
        .env("WENGAO_TEST_PAUSE", point)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    match stdout {
        Some(stdout) => {
            command.stdout(stdout);
        }
        #[cfg(unix)]
        None => {
            use std::os::unix::process::CommandExt as _;
            // SAFETY: `close` is async-signal-safe, as `pre_exec` requires.
            unsafe {
                command.pre_exec(|| {
                    libc::close(1);
                    Ok(())
                });
            }
        }
        #[cfg(not(unix))]
        None => unreachable!("closed only on Unix"),
    }
    let mut child = command.spawn().unwrap();
    let stdin = child.stdin.take().unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            let _ = child.wait();
            panic!("wengao never paused at {point}; it printed:\n{seen}");
        }
        if line.trim_end() == format!("wengao-test-pause: {point}") {
            return Paused {
                stdout: child.stdout.take(),
                child,
                stdin,
                stderr,
            };
        }
        seen.push_str(&line);
    }
}

/// Every `.wengao-*.tmp` file under `root`.
pub(crate) fn temp_files(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    files_under(root)
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(".wengao-") && name.ends_with(".tmp")
        })
        .collect()
}

/// Builds every example under `data/` into `out` with the real binary and
/// returns the DOCX files written, relative to `out`, sorted: one per data
/// file and genre.
pub(crate) fn build_examples(out: &std::path::Path) -> Vec<std::path::PathBuf> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // Every genre, those built only on request too, so each is laid out.
    let templates = wengao::render::templates::Templates::load(None).unwrap();
    let genres = templates.genres().all();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(repo)
        .arg("build")
        .args(genres.iter().flat_map(|g| ["--genre", g.name()]))
        .arg(repo.join("data"))
        .arg("--out")
        .arg(out)
        .output()
        .expect("wengao runs");
    assert!(status.status.success(), "wengao build failed: {status:?}");
    let mut docx: Vec<_> = files_under(out)
        .into_iter()
        .filter(|rel| rel.extension().is_some_and(|e| e == "docx"))
        .collect();
    docx.sort();
    let data_files = files_under(&repo.join("data"))
        .into_iter()
        .filter(|rel| rel.extension().is_some_and(|e| e == "yaml"))
        .count();
    assert_eq!(
        docx.len(),
        data_files * genres.len(),
        "one DOCX per example data file and genre"
    );
    docx
}

/// Whether `program` is on the PATH.
pub(crate) fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Whether a test needing the real client `what` can run: `present` says
/// whether it is installed. When it is not, the test is skipped with a
/// note, unless `WENGAO_REQUIRE_LIBREOFFICE` is set (as in CI): then it
/// fails.
pub(crate) fn client_present(present: bool, what: &str) -> bool {
    if !present {
        assert!(
            std::env::var_os("WENGAO_REQUIRE_LIBREOFFICE").is_none(),
            "WENGAO_REQUIRE_LIBREOFFICE is set but {what} is missing"
        );
        eprintln!("跳过：未找到 {what}");
    }
    present
}

/// Whether LibreOffice and pdftotext are there for the rendering tests
/// (see [`client_present`]: CI requires them).
pub(crate) fn office_present() -> bool {
    client_present(
        on_path("soffice") && on_path("pdftotext"),
        "soffice 或 pdftotext（LibreOffice 渲染测试）",
    )
}

/// `wengao` run from the folder `dir`, as a user types it there.
pub(crate) fn wengao_in(dir: &std::path::Path) -> snapbox::cmd::Command {
    snapbox::cmd::Command::new(snapbox::cmd::cargo_bin("wengao")).current_dir(dir)
}

/// Whether `openxml-audit` is there to check DOCX against the ECMA-376
/// schema (see [`client_present`]: CI requires it).
pub(crate) fn validator_present(what: &str) -> bool {
    client_present(
        on_path("openxml-audit"),
        &format!("openxml-audit（{what}）"),
    )
}

/// Checks the DOCX at `path` (a file, or a folder searched recursively)
/// against the schema; returns the report. Fails on any violation.
pub(crate) fn assert_schema_valid(path: &std::path::Path) -> String {
    let out = std::process::Command::new("openxml-audit")
        .args(["--recursive", "--max-errors", "0"])
        .arg(path)
        .output()
        .expect("openxml-audit runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}: schema violations:\n{report}\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    report
}

/// The length of a text as `compactness` measures it: its characters
/// other than whitespace.
pub(crate) fn length(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// The length of a data file without its comment lines (see
/// `compactness`).
pub(crate) fn data_length(yaml: &str) -> usize {
    yaml.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .map(length)
        .sum()
}
