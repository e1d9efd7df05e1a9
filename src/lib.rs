//! redliner compares successive versions of political statements and says what changed
//! in words that matter: paragraphs added, removed, reworded, moved, split or merged, with
//! phrase-level highlights, while format noise (renumbering, wrapping, quote style, page
//! furniture) never shows as a change.
//!
//! The pipeline is input → normalise → align → diff → render; each stage is a plain
//! function over plain data, and only `render` writes.
//!
//! ```
//! use redliner::{compare, parse_document, Options, UnitKind};
//!
//! let opts = Options::default();
//! let old = parse_document("old.txt", b"1. We will spend 2% of GDP on defence.\n", &opts)?;
//! let new = parse_document("new.txt", b"1) We may consider spending 3.5% of GDP on defence.\n", &opts)?;
//! let cmp = compare(old, new, &opts);
//! assert_eq!(cmp.units[0].kind, UnitKind::Reworded);
//!
//! let mut out = Vec::new();
//! redliner::render::json(&cmp, &mut out)?;
//! assert!(String::from_utf8(out).unwrap().contains("\"schema\":\"redliner.diff/1\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod check;
pub mod commitments;
mod compare;
pub mod diff;
mod error;
pub mod history;
pub mod input;
mod model;
pub mod normalise;
pub mod render;
pub mod tokenize;

pub use align::AlignOptions;
pub use compare::{compare, parse_document, read_document, Options};
pub use diff::DiffOptions;
pub use error::{Error, Result};
pub use history::{History, HistoryError, HistoryOptions};
pub use input::InputOptions;
pub use model::{
    CommitmentChange, CommitmentChangeKind, CommitmentSide, CommitmentSummary, Comparison, DiffOp,
    Document, Furniture, FurnitureReason, Paragraph, ParagraphKind, Span, SpanMove, Summary, Unit,
    UnitKind, REWRITTEN_SHARE,
};
pub use normalise::NormaliseOptions;
