//! Rendering a [`Comparison`](crate::Comparison): one free function per format, each
//! writing to a caller's writer. Nothing else in the crate writes.

mod commitments;
mod json;
mod terminal;

pub use commitments::{commitments_json, commitments_table};
pub use json::json;
pub use terminal::{terminal, TerminalOptions};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Coloured or marked-up text for a terminal.
    Terminal,
    /// The `redliner.diff/1` JSON contract.
    Json,
}
