//! Plain data passed between the stages: documents, paragraphs, units, commitment changes
//! and the comparison.

use crate::commitments::{Commitment, Direction, Signal};

/// Whether a paragraph is a heading, running text or a row of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParagraphKind {
    /// A title, a Markdown heading or a bold section title.
    Heading,
    /// Running text, including list items.
    Body,
    /// One row of a table (Markdown pipe table, DOCX `w:tr`, HTML `<tr>`): its cells'
    /// text joined by ` | ` (see [`crate::normalise::table_row_text`]).
    TableRow,
}

impl ParagraphKind {
    /// The name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Heading => "heading",
            ParagraphKind::Body => "body",
            ParagraphKind::TableRow => "table-row",
        }
    }
}

/// One paragraph of a document, with its label kept outside the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// 1-based position in the document.
    pub id: usize,
    /// Numbering such as `1`, `a` or `iv`, or `•` for a bullet; never part of `text`.
    pub label: Option<String>,
    /// Heading, body or table row.
    pub kind: ParagraphKind,
    /// Display text: the original characters, with line wraps joined.
    pub text: String,
    /// Comparison key: `text` with noise folded away (see [`crate::normalise::fold`]).
    pub key: String,
    /// 1-based line of the source where the paragraph starts.
    pub line: usize,
}

/// Text kept out of the comparison, with the reason why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Furniture {
    /// The text as it stood in the source.
    pub text: String,
    /// Why it is not compared.
    pub reason: FurnitureReason,
    /// 1-based line of the source.
    pub line: usize,
}

/// Why a piece of text is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FurnitureReason {
    /// YAML front matter at the top of a Markdown file.
    FrontMatter,
    /// A bookmark or similar marker left by a DOCX export.
    Bookmark,
    /// An image file name or Markdown image standing in for a picture.
    Image,
    /// `Page 1 of 2` and similar.
    PageNumber,
    /// A short line repeated on several pages.
    RunningHeader,
    /// Short capitalised lines after the last paragraph, such as a letterhead footer.
    Footer,
    /// A line that only separates parts (`---`, `***`).
    Separator,
    /// A footnote or endnote (compared only on request).
    Footnote,
    /// A Markdown or HTML comment (`<!-- -->`), which a reader never sees.
    Comment,
    /// Front matter that is not valid YAML (or uses aliases): listed, not read.
    FrontMatterMalformed,
    /// HTML outside the page's main content that does not read as the statement's own
    /// text (short, link-heavy or in the site header).
    OutsideMainContent,
    /// HTML navigation, banners, share and cookie elements, hidden text.
    PageChrome,
    /// A heading or paragraph that repeats the document's title or date, which are kept
    /// as metadata (HTML `<title>` and pandoc's title block, DOCX Title and Date
    /// paragraphs, a PDF's first line when it is the PDF's `/Title`).
    DocumentTitle,
    /// The delimiter row of a Markdown pipe table (`|---|:---:|`), which only marks the
    /// row above it as the header.
    TableRule,
    /// The target of a Markdown link (`[text](target)`): markup, kept out of the text
    /// that shows.
    LinkTarget,
}

impl FurnitureReason {
    /// The name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FurnitureReason::FrontMatter => "front matter",
            FurnitureReason::Bookmark => "conversion artefact: bookmark",
            FurnitureReason::Image => "conversion artefact: image placeholder",
            FurnitureReason::PageNumber => "page number",
            FurnitureReason::RunningHeader => "running header or footer",
            FurnitureReason::Footer => "footer",
            FurnitureReason::Separator => "separator line",
            FurnitureReason::Footnote => "footnote",
            FurnitureReason::Comment => "markup comment",
            FurnitureReason::FrontMatterMalformed => "front matter (malformed YAML, not read)",
            FurnitureReason::OutsideMainContent => "outside the main content",
            FurnitureReason::PageChrome => "page navigation, banner or hidden text",
            FurnitureReason::DocumentTitle => "document title or date (metadata)",
            FurnitureReason::TableRule => "table delimiter row",
            FurnitureReason::LinkTarget => "link target",
        }
    }
}

/// A parsed document: paragraphs to compare, and furniture that is only listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The path it came from, or `-` for standard input.
    pub source: String,
    /// The title from front matter or the first heading, if any.
    pub title: Option<String>,
    /// The date from front matter, if any (as written there).
    pub date: Option<String>,
    /// The text encoding that was detected, such as `UTF-8`.
    pub encoding: String,
    /// The format the input was read as: `text`, `docx`, `html` or `pdf`.
    pub format: String,
    /// For a DOCX, how many tracked changes its body has.
    pub tracked_changes: Option<usize>,
    /// The paragraphs in document order; `paragraphs[i].id == i + 1`.
    pub paragraphs: Vec<Paragraph>,
    /// Text kept out of the comparison.
    pub furniture: Vec<Furniture>,
}

impl Document {
    /// The paragraph with a 1-based id.
    pub fn paragraph(&self, id: usize) -> &Paragraph {
        &self.paragraphs[id - 1]
    }
}

/// How a unit pairs old paragraphs with new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    /// Equal after normalisation.
    Unchanged,
    /// The same paragraph, edited.
    Reworded,
    /// Only in the new document.
    Added,
    /// Only in the old document.
    Removed,
    /// One old paragraph became several new ones.
    Split,
    /// Several old paragraphs became one new one.
    Merged,
}

impl UnitKind {
    /// The name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Unchanged => "unchanged",
            UnitKind::Reworded => "reworded",
            UnitKind::Added => "added",
            UnitKind::Removed => "removed",
            UnitKind::Split => "split",
            UnitKind::Merged => "merged",
        }
    }
}

/// An edit operation in a phrase diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiffOp {
    /// Present on both sides.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

impl DiffOp {
    /// The name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DiffOp::Equal => "equal",
            DiffOp::Delete => "delete",
            DiffOp::Insert => "insert",
        }
    }
}

/// A run of text with one operation. Spans include their trailing whitespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// What happened to this text.
    pub op: DiffOp,
    /// The text; for `Equal`, the new side's characters.
    pub text: String,
    /// For `Equal` spans whose old characters differ in noise (quotes, dashes, …) or in
    /// whitespace, the old side's characters, so that the old text can be rebuilt exactly.
    pub old_text: Option<String>,
    /// For a deleted or inserted sentence that stands, word for word, inserted or
    /// deleted in another place: where it went to (for a deletion) or came from (for an
    /// insertion).
    pub moved: Option<SpanMove>,
}

/// The other end of a moved sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanMove {
    /// Index of the unit holding the other end, in [`Comparison::units`].
    pub unit: usize,
    /// Id of the paragraph holding it: a new paragraph for a deletion, an old one for an
    /// insertion.
    pub paragraph: usize,
}

/// One aligned unit: old paragraphs, new paragraphs, and the phrase diff between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The kind of pairing.
    pub kind: UnitKind,
    /// True when the unit is out of order (not in the longest increasing subsequence).
    pub moved: bool,
    /// Ids of old paragraphs, ascending.
    pub old: Vec<usize>,
    /// Ids of new paragraphs, ascending.
    pub new: Vec<usize>,
    /// Weighted word similarity between the two sides, 0.0 to 1.0.
    pub similarity: f64,
    /// The phrase diff, covering every word of both sides.
    pub diff: Vec<Span>,
    /// True when the word diff hit its deadline or size cap and fell back to a coarse diff.
    pub degraded: bool,
    /// A pairing so thoroughly rewritten (under [`REWRITTEN_SHARE`] of its words kept,
    /// at least 12 words a side) that it reads best as two texts side by side with the
    /// shared phrases marked.
    pub rewritten: bool,
    /// Why the paragraphs were paired and how sure the pairing is; for every pairing
    /// that is not equal text.
    pub evidence: Option<crate::align::Evidence>,
}

/// The share of words kept (equal in the phrase diff, both sides counted) under which a
/// reworded unit is shown as rewritten.
pub const REWRITTEN_SHARE: f64 = 0.5;

impl Unit {
    /// True when the unit reports a change (any kind but unchanged, or a move).
    pub fn is_change(&self) -> bool {
        self.kind != UnitKind::Unchanged || self.moved
    }
}

/// Counts of units by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Units equal after normalisation.
    pub unchanged: usize,
    /// Units edited in place.
    pub reworded: usize,
    /// Units only in the new document.
    pub added: usize,
    /// Units only in the old document.
    pub removed: usize,
    /// One-to-many units.
    pub split: usize,
    /// Many-to-one units.
    pub merged: usize,
    /// Units flagged as moved.
    pub moved: usize,
}

impl Summary {
    /// Counts the units.
    pub fn of(units: &[Unit]) -> Summary {
        let mut s = Summary::default();
        for u in units {
            match u.kind {
                UnitKind::Unchanged => s.unchanged += 1,
                UnitKind::Reworded => s.reworded += 1,
                UnitKind::Added => s.added += 1,
                UnitKind::Removed => s.removed += 1,
                UnitKind::Split => s.split += 1,
                UnitKind::Merged => s.merged += 1,
            }
            s.moved += usize::from(u.moved);
        }
        s
    }

    /// True when anything other than unchanged, unmoved units was found.
    pub fn has_changes(&self) -> bool {
        self.reworded + self.added + self.removed + self.split + self.merged + self.moved > 0
    }
}

/// What happened to a commitment between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommitmentChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version (dropped).
    Removed,
    /// In both, worded differently.
    Reworded,
}

impl CommitmentChangeKind {
    /// The name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentChangeKind::Added => "added",
            CommitmentChangeKind::Removed => "removed",
            CommitmentChangeKind::Reworded => "reworded",
        }
    }
}

/// One side of a commitment change: the commitment and the paragraph holding it.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentSide {
    /// Id of the paragraph on this side.
    pub paragraph: usize,
    /// The commitment found in the sentence.
    pub commitment: Commitment,
}

/// A commitment added, dropped or reworded, with typed signals when reworded.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentChange {
    /// Added, removed or reworded.
    pub change: CommitmentChangeKind,
    /// The old version, if any.
    pub old: Option<CommitmentSide>,
    /// The new version, if any.
    pub new: Option<CommitmentSide>,
    /// Overall direction: added is stronger, removed is weaker, reworded follows its signals.
    pub direction: Direction,
    /// What changed, for reworded commitments.
    pub signals: Vec<Signal>,
}

/// Counts of commitment changes, by `change`, and the reworded ones by `direction`:
/// `added + removed + reworded` is every change, `stronger + weaker + neutral + mixed`
/// is `reworded`. The direction that added (stronger) and dropped (weaker) changes carry
/// follows from their kind and is not counted again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitmentSummary {
    /// New commitments.
    pub added: usize,
    /// Dropped commitments.
    pub removed: usize,
    /// Reworded commitments.
    pub reworded: usize,
    /// Reworded commitments that became stronger.
    pub stronger: usize,
    /// Reworded commitments that became weaker.
    pub weaker: usize,
    /// Reworded commitments with no change in strength.
    pub neutral: usize,
    /// Reworded commitments whose signals point both ways.
    pub mixed: usize,
}

impl CommitmentSummary {
    /// Counts the changes.
    pub fn of(changes: &[CommitmentChange]) -> CommitmentSummary {
        let mut s = CommitmentSummary::default();
        for c in changes {
            match c.change {
                CommitmentChangeKind::Added => s.added += 1,
                CommitmentChangeKind::Removed => s.removed += 1,
                CommitmentChangeKind::Reworded => {
                    s.reworded += 1;
                    s.stronger += usize::from(c.direction == Direction::Stronger);
                    s.weaker += usize::from(c.direction == Direction::Weaker);
                    s.neutral += usize::from(c.direction == Direction::Neutral);
                    s.mixed += usize::from(c.direction == Direction::Mixed);
                }
            }
        }
        s
    }
}

/// The result of comparing two documents; renderers read only this.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The old document.
    pub old: Document,
    /// The new document.
    pub new: Document,
    /// Units in new-document order; removed units follow the unit holding their old predecessor.
    pub units: Vec<Unit>,
    /// Counts by kind.
    pub summary: Summary,
    /// Commitments added, dropped or reworded, in new-document order.
    pub commitments: Vec<CommitmentChange>,
    /// Counts of commitment changes.
    pub commitment_summary: CommitmentSummary,
    /// Notes on how the comparison degraded, if it did (deadline hit, size cap).
    pub notes: Vec<String>,
}
