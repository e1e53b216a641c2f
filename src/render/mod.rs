//! Turning validated data into drafts: a typed view of the data (the
//! template context), tera templates that write Markdown, and renderers that
//! turn a Markdown draft into the bytes of an output file.

pub mod context;
pub(crate) mod escape;
pub mod genre;
pub(crate) mod guard;
pub mod templates;

use crate::docx::{DocProps, DocxError, Frame, StyleProfile, markdown_to_gongwen};
pub use genre::{Genre, Genres, Origin};

/// Something a template needed that the data does not have.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Missing {
    /// What is missing, in Chinese: 会议名称.
    pub what: String,
    /// The data key that would supply it: speech.meeting.
    pub key: Option<String>,
}

impl Missing {
    /// The visible marker a draft carries where the value is missing.
    pub fn marker(what: &str) -> String {
        format!("【待补：{what}】")
    }
}

/// A rendered Markdown draft and what the DOCX step needs to know of it.
#[derive(Clone, Debug)]
pub struct Draft {
    /// Its genre.
    pub genre: Genre,
    /// Its Markdown.
    pub markdown: String,
    /// The DOCX core properties taken from it.
    pub props: DocProps,
    /// The parts of a 公文 around the body, when the draft is sent as one.
    pub frame: Option<Frame>,
}

impl Draft {
    /// The title: the text of the first `# ` line.
    pub fn title_of(markdown: &str) -> String {
        markdown
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .map(|t| t.trim().replace('\\', ""))
            .unwrap_or_default()
    }
}

/// Turns a draft into the bytes of one output file.
pub trait Renderer: Send + Sync {
    /// The output file's extension, without the dot.
    fn extension(&self) -> &'static str;
    /// Renders `draft` into this format's bytes.
    fn render(&self, draft: &Draft) -> Result<Vec<u8>, RenderError>;
}

/// Writes the Markdown as it is: the text reviewers read and diff.
pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn extension(&self) -> &'static str {
        "md"
    }

    fn render(&self, draft: &Draft) -> Result<Vec<u8>, RenderError> {
        Ok(draft.markdown.as_bytes().to_vec())
    }
}

/// Lays the Markdown out as a 公文 in a Word file.
pub struct DocxRenderer {
    /// The DOCX layout settings.
    pub style: StyleProfile,
}

impl Renderer for DocxRenderer {
    fn extension(&self) -> &'static str {
        "docx"
    }

    fn render(&self, draft: &Draft) -> Result<Vec<u8>, RenderError> {
        markdown_to_gongwen(
            &draft.markdown,
            &draft.props,
            draft.frame.as_ref(),
            &self.style,
        )
        .map_err(RenderError::Docx)
    }
}

#[derive(Debug, thiserror::Error)]
/// Why a draft could not be turned into an output format.
pub enum RenderError {
    #[error("生成 Word 文件失败：{0}")]
    /// The DOCX writer failed.
    Docx(#[source] DocxError),
}

impl crate::diag::Explain for RenderError {
    fn message(&self) -> String {
        self.to_string()
    }
}
