//! Command-line arguments: clap's raw arguments become validated library options here.
//! One file per subcommand; shared flags (input formats, colour) live here.

mod check;
mod commitments;
mod diff;
mod history;
mod output;
mod safe;

use std::path::Path;

use anyhow::{bail, Result};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

pub(crate) use safe::visible_line;

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
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish).
    ///
    /// For example `redliner completions bash > ~/.local/share/bash-completion/completions/redliner`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `redliner man > ~/.local/share/man/man1/redliner.1`.
    Man,
}

/// Runs the command; `Ok(true)` means differences were found.
pub fn run() -> Result<bool> {
    let args = Args::parse();
    match args.command {
        Command::Diff(d) => diff::run(d),
        Command::Commitments(c) => commitments::run(c).map(|()| false),
        Command::History(h) => history::run(h).map(|()| false),
        Command::Check(c) => check::run(c),
        Command::Completions { shell } => {
            let mut cmd = Args::command();
            // Generated into memory first: clap_complete panics on a write error.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "redliner", &mut script);
            output::Sink::Stdout.write("completions", |out| out.write_all(&script))?;
            Ok(false)
        }
        Command::Man => {
            let man = clap_mangen::Man::new(Args::command());
            output::Sink::Stdout.write("manual page", |out| man.render(out))?;
            Ok(false)
        }
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
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "accepted",
        value_name = "VIEW"
    )]
    docx_view: Vec<DocxViewArg>,
    /// Compare DOCX footnote and endnote text too (otherwise it is furniture).
    #[arg(long)]
    footnotes: bool,
    /// Decode plain text and HTML with this encoding (e.g. windows-1252, or utf-16le for
    /// UTF-16 without a byte-order mark) instead of detecting it, on both sides.
    #[arg(long, value_name = "LABEL", conflicts_with_all = ["from_encoding", "to_encoding"])]
    encoding: Option<String>,
    /// Decode OLD with this encoding (as --encoding, for OLD only).
    #[arg(long, value_name = "LABEL")]
    from_encoding: Option<String>,
    /// Decode NEW with this encoding (as --encoding, for NEW only).
    #[arg(long, value_name = "LABEL")]
    to_encoding: Option<String>,
    /// Compare British and American spellings as equal (defence/defense, -ise/-ize,
    /// -our/-or, -re/-er, programme/program). Off by default: see README.
    #[arg(long)]
    ignore_spelling: bool,
}

/// How the documents of `commitments` and `history` are read: the flags of `diff`, one
/// value for every input.
#[derive(clap::Args, Debug)]
pub(crate) struct DocInputArgs {
    /// Read the input(s) as this format instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<InputFormat>,
    /// For a DOCX with tracked changes: read the text before them (original) or with them
    /// accepted.
    #[arg(long, value_enum, default_value = "accepted", value_name = "VIEW")]
    docx_view: DocxViewArg,
    /// Read DOCX footnote and endnote text as paragraphs (otherwise it is furniture).
    #[arg(long)]
    footnotes: bool,
    /// Decode plain text and HTML with this encoding (e.g. windows-1252, utf-16le)
    /// instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Compare British and American spellings as equal (defence/defense, -ise/-ize,
    /// -our/-or, -re/-er, programme/program). Off by default: see README.
    #[arg(long)]
    ignore_spelling: bool,
}

impl DocInputArgs {
    pub(crate) fn options(&self) -> Result<redliner::InputOptions> {
        input_options(
            self.from,
            self.docx_view,
            self.footnotes,
            self.ignore_spelling,
            self.encoding.as_deref(),
            "--encoding",
        )
    }
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
        if self.docx_view.len() > 2 {
            bail!(
                "--docx-view takes one value, or two for OLD,NEW (e.g. original,accepted), not {}",
                self.docx_view.len()
            );
        }
        let view = self.docx_view.get(side).or(self.docx_view.first());
        let (encoding, flag) = match (&self.encoding, side) {
            (Some(e), _) => (Some(e), "--encoding"),
            (None, 0) => (self.from_encoding.as_ref(), "--from-encoding"),
            (None, _) => (self.to_encoding.as_ref(), "--to-encoding"),
        };
        input_options(
            [self.from, self.to][side],
            view.copied().unwrap_or(DocxViewArg::Accepted),
            self.footnotes,
            self.ignore_spelling,
            encoding.map(String::as_str),
            flag,
        )
    }
}

fn input_options(
    format: Option<InputFormat>,
    view: DocxViewArg,
    footnotes: bool,
    ignore_spelling: bool,
    encoding: Option<&str>,
    flag: &str,
) -> Result<redliner::InputOptions> {
    let mut opts = redliner::InputOptions::default();
    opts.format = format.map(Into::into);
    opts.docx_view = match view {
        DocxViewArg::Original => redliner::input::DocxView::Original,
        DocxViewArg::Accepted => redliner::input::DocxView::Accepted,
    };
    opts.footnotes = footnotes;
    opts.ignore_spelling = ignore_spelling;
    if let Some(label) = encoding {
        let Some(enc) = redliner::input::TextEncoding::for_label(label) else {
            bail!("{flag}: unknown encoding {label:?} (try utf-8, windows-1252, iso-8859-2, utf-16le)");
        };
        opts.encoding = Some(enc);
    }
    Ok(opts)
}

/// Reads one input: as the library does, except that an explicit UTF-16 encoding reads
/// text without a byte-order mark (the library's detection refuses its NUL bytes).
pub(crate) fn read_input(path: &Path, opts: &redliner::Options) -> Result<redliner::Document> {
    read_input_keeping_bytes(path, opts).map(|(doc, _)| doc)
}

/// Like [`read_input`], and also returns the bytes read (the DOCX redline takes NEW's
/// styles from them).
pub(crate) fn read_input_keeping_bytes(
    path: &Path,
    opts: &redliner::Options,
) -> Result<(redliner::Document, Vec<u8>)> {
    let mut bytes = redliner::input::read_bytes(path, opts.max_size)?;
    if let Some(name @ ("UTF-16LE" | "UTF-16BE")) = opts.input.encoding.map(|e| e.name()) {
        let bom: &[u8] = if name == "UTF-16LE" {
            &[0xFF, 0xFE]
        } else {
            &[0xFE, 0xFF]
        };
        if !bytes.starts_with(bom) {
            bytes.splice(0..0, bom.iter().copied());
        }
    }
    let mut doc = redliner::parse_document(&path.to_string_lossy(), &bytes, opts)?;
    // File names reach every report: never with a control character in them.
    doc.source = visible_line(&doc.source);
    Ok((doc, bytes))
}

/// Shows control characters in a document visibly, for every report but JSON and DOCX.
pub(crate) fn make_visible(doc: &mut redliner::Document) {
    safe::document(doc);
}

/// `--max-size`: bytes, or a number with a unit (`10MB`, `256MiB`, `1G`, `512k`).
fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{text:?} is not a size (e.g. 1000000, 10MB, 256MiB)"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        u => {
            return Err(format!(
                "unknown unit {u:?} (use B, kB, MB, GB, KiB, MiB or GiB)"
            ))
        }
    };
    let size = n
        .checked_mul(factor)
        .filter(|&s| s < u64::MAX)
        .ok_or_else(|| format!("{text:?} is too large"))?;
    if size == 0 {
        return Err("0 would refuse every file; give a size of at least 1 byte".into());
    }
    Ok(size)
}

/// The most bytes of one input, shared by every command that reads documents.
#[derive(clap::Args, Debug)]
pub(crate) struct SizeArgs {
    /// Refuse inputs larger than this: bytes, or with a unit (10MB, 256MiB).
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = parse_size)]
    pub(crate) max_size: u64,
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

/// A closed pipe (`redliner diff … | head`) is not an error; commands handle it where
/// they write, keeping their exit status, and this catches any other write.
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
    #[command(flatten)]
    size: SizeArgs,
}

impl MatchArgs {
    /// Library options from these flags, with the threshold checked.
    pub(crate) fn options(&self) -> Result<redliner::Options> {
        let mut opts = redliner::Options {
            ignore_case: self.ignore_case,
            max_size: self.size.max_size,
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

/// The width the terminal report wraps at: `--width` (0 for none), else the terminal's
/// width, else `COLUMNS`, else no wrapping (a pipe or a file gets whole lines).
pub(crate) fn terminal_width(flag: Option<usize>, tty: bool) -> usize {
    if let Some(n) = flag {
        return n;
    }
    if tty {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return usize::from(w);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c >= 20)
        .unwrap_or(0)
}
