//! Command-line arguments: clap's raw arguments become validated library options here.
//! One file per subcommand; shared flags (input formats, colour) live here.

mod check;
mod commitments;
mod diff;
mod history;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand, ValueEnum};

/// Compare successive versions of political statements.
#[derive(Parser, Debug)]
#[command(name = "redliner", version, about, max_term_width = 100)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compare OLD with NEW: aligned paragraphs and phrase-level changes.
    ///
    /// Exit status: 0 when nothing substantive changed, 1 when something did, 2 on error.
    Diff(diff::DiffArgs),
    /// List every commitment of one document: cue, strength, intensifiers, conditions.
    ///
    /// Exit status: 0 on success, 2 on error.
    Commitments(commitments::CommitmentsArgs),
    /// Follow every paragraph, commitment and phrase through a series of versions.
    ///
    /// Each version is compared with the next; paragraphs and commitments are chained
    /// into lineages (first appearance, rewordings, drops, returns), and --phrase and
    /// --entity are counted in every version.
    ///
    /// Exit status: 0 on success, 2 on error.
    History(history::HistoryArgs),
    /// Compare OLD with NEW and fail when the changes break a policy (for CI).
    ///
    /// The policy comes from --fail-on, else `[check] fail_on` in ./redliner.toml, else
    /// removed-commitment,weakened-commitment.
    ///
    /// Exit status: 0 when the policy passes, 1 when it fails, 2 on error.
    Check(check::CheckArgs),
}

/// Runs the command; `Ok(true)` means differences were found.
pub fn run() -> Result<bool> {
    let args = Args::parse();
    match args.command {
        Command::Diff(d) => diff::run(d),
        Command::Commitments(c) => commitments::run(c).map(|()| false),
        Command::History(h) => history::run(h).map(|()| false),
        Command::Check(c) => check::run(c),
    }
}

/// How inputs are read; the format is detected from the content unless given.
#[derive(clap::Args, Debug)]
pub(crate) struct InputArgs {
    /// Read OLD as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<InputFormat>,
    /// Read NEW as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    to: Option<InputFormat>,
    /// For a DOCX with tracked changes: read the text before them (original) or with them
    /// accepted. One value for both sides, or two for OLD,NEW: `--docx-view
    /// original,accepted` compares a draft with itself before and after its changes.
    #[arg(long, value_enum, value_delimiter = ',', num_args = 1..=2, default_value = "accepted", value_name = "VIEW")]
    docx_view: Vec<DocxViewArg>,
    /// Compare DOCX footnote and endnote text too (otherwise it is furniture).
    #[arg(long)]
    footnotes: bool,
    /// Decode plain text and HTML with this encoding (e.g. windows-1252) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Compare British and American spellings as equal (defence/defense, -ise/-ize,
    /// -our/-or, -re/-er, programme/program). Off by default: see README.
    #[arg(long)]
    ignore_spelling: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum InputFormat {
    Text,
    Docx,
    Html,
    Pdf,
}

impl From<InputFormat> for redliner::input::Format {
    fn from(f: InputFormat) -> Self {
        use redliner::input::Format;
        match f {
            InputFormat::Text => Format::Text,
            InputFormat::Docx => Format::Docx,
            InputFormat::Html => Format::Html,
            InputFormat::Pdf => Format::Pdf,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum DocxViewArg {
    Original,
    Accepted,
}

impl InputArgs {
    /// Input options for one side (0 for OLD, 1 for NEW).
    pub(crate) fn options(&self, side: usize) -> Result<redliner::InputOptions> {
        let mut opts = redliner::InputOptions::default();
        opts.format = [self.from, self.to][side].map(Into::into);
        let view = self.docx_view.get(side).or(self.docx_view.first());
        opts.docx_view = match view.copied().unwrap_or(DocxViewArg::Accepted) {
            DocxViewArg::Original => redliner::input::DocxView::Original,
            DocxViewArg::Accepted => redliner::input::DocxView::Accepted,
        };
        opts.footnotes = self.footnotes;
        opts.ignore_spelling = self.ignore_spelling;
        if let Some(label) = &self.encoding {
            let Some(enc) = redliner::input::TextEncoding::for_label(label) else {
                bail!("--encoding: unknown encoding {label:?} (try utf-8, windows-1252, iso-8859-2, utf-16le)");
            };
            opts.encoding = Some(enc);
        }
        Ok(opts)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

/// `always` and `never` win; `auto` colours a terminal unless `NO_COLOR` is set (to
/// anything non-empty) or `TERM=dumb`, and `CLICOLOR_FORCE` forces colour.
pub(crate) fn use_color(choice: ColorArg, tty: bool) -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto if set("NO_COLOR") => false,
        ColorArg::Auto
            if set("CLICOLOR_FORCE")
                && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0") =>
        {
            true
        }
        ColorArg::Auto => tty && std::env::var_os("TERM").is_none_or(|t| t != "dumb"),
    }
}

/// A closed pipe (`redliner diff … | head`) is not an error.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Flags that every comparing subcommand (`diff`, `check`, `history`) shares.
#[derive(clap::Args, Debug)]
pub(crate) struct MatchArgs {
    /// Treat upper and lower case as the same.
    #[arg(long, short = 'i')]
    ignore_case: bool,
    /// How sure redliner must be that two paragraphs are one, carried forward, before it
    /// pairs them (0 to 1); below it they are removed plus added. Governs every pass,
    /// moves included.
    #[arg(long, value_name = "EVIDENCE", default_value_t = redliner::align::DEFAULT_THRESHOLD)]
    threshold: f64,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = redliner::input::DEFAULT_MAX_SIZE)]
    max_size: u64,
}

impl MatchArgs {
    /// Library options from these flags, with the threshold checked.
    pub(crate) fn options(&self) -> Result<redliner::Options> {
        let mut opts = redliner::Options {
            ignore_case: self.ignore_case,
            max_size: self.max_size,
            ..redliner::Options::default()
        };
        let t = self.threshold;
        if !(0.0..=1.0).contains(&t) {
            bail!("--threshold must be between 0 and 1, not {t}");
        }
        opts.align.threshold = t;
        Ok(opts)
    }
}
