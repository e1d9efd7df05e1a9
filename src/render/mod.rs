//! Rendering a [`Comparison`](crate::Comparison): one free function per format, each
//! writing to a caller's writer. Nothing else in the crate writes.

mod commitments;
mod history;
mod html;
mod json;
mod markdown;
mod terminal;

pub use commitments::{commitments_json, commitments_table};
pub use history::{history_html, history_json, history_markdown, history_table, HISTORY_SCHEMA};
pub use html::{html, HtmlOptions};
pub use json::json;
pub use markdown::{escape as escape_markdown, markdown, MarkdownOptions, DEFAULT_MAX_BYTES};
pub(crate) use markdown::{paragraph_ref, paragraph_refs};
pub use terminal::{terminal, TerminalOptions};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Coloured or marked-up text for a terminal.
    Terminal,
    /// The `redliner.diff/1` JSON contract.
    Json,
    /// A self-contained side-by-side HTML page.
    Html,
    /// GitHub-flavoured Markdown for pull-request comments.
    Markdown,
}
