//! Command-line arguments: clap's raw arguments become validated library options here, and
//! the colour rules (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`, TTY) are settled here.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use redliner::render::{self, Format, TerminalOptions};
use redliner::{compare, read_document, Options};

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
    Diff(DiffArgs),
    /// List every commitment of one document: cue, strength, intensifiers, conditions.
    ///
    /// Exit status: 0 on success, 2 on error.
    Commitments(CommitmentsArgs),
}

#[derive(clap::Args, Debug)]
struct CommitmentsArgs {
    /// The document (a path, or - for standard input).
    file: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = redliner::input::DEFAULT_MAX_SIZE)]
    max_size: u64,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ListFormat {
    Table,
    Json,
}

#[derive(clap::Args, Debug)]
struct DiffArgs {
    /// The older version (a path, or - for standard input).
    old: PathBuf,
    /// The newer version (a path, or - for standard input).
    new: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Terminal)]
    format: FormatArg,
    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    color: ColorArg,
    /// Show unchanged units too.
    #[arg(long, short = 'a')]
    all: bool,
    /// Treat upper and lower case as the same.
    #[arg(long, short = 'i')]
    ignore_case: bool,
    /// Similarity below which an edited paragraph counts as removed plus added (0 to 1).
    #[arg(long, value_name = "SIMILARITY")]
    threshold: Option<f64>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = redliner::input::DEFAULT_MAX_SIZE)]
    max_size: u64,
    #[command(flatten)]
    input: InputArgs,
}

/// How inputs are read; the format is detected from the content unless given.
#[derive(clap::Args, Debug)]
struct InputArgs {
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
    fn options(&self, side: usize) -> Result<redliner::InputOptions> {
        let mut opts = redliner::InputOptions::default();
        opts.format = [self.from, self.to][side].map(Into::into);
        let view = self.docx_view.get(side).or(self.docx_view.first());
        opts.docx_view = match view.copied().unwrap_or(DocxViewArg::Accepted) {
            DocxViewArg::Original => redliner::input::DocxView::Original,
            DocxViewArg::Accepted => redliner::input::DocxView::Accepted,
        };
        opts.footnotes = self.footnotes;
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
enum FormatArg {
    Terminal,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Runs the command; `Ok(true)` means differences were found.
pub fn run() -> Result<bool> {
    let args = Args::parse();
    match args.command {
        Command::Diff(d) => diff(d),
        Command::Commitments(c) => commitments(c).map(|()| false),
    }
}

fn commitments(args: CommitmentsArgs) -> Result<()> {
    let opts = Options {
        max_size: args.max_size,
        ..Options::default()
    };
    let doc = read_document(&args.file, &opts)?;
    let list = redliner::commitment_changes::document_commitments(&doc);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ListFormat::Table => render::commitments_table(&doc, &list, table_width(), &mut out),
        ListFormat::Json => render::commitments_json(&doc, &list, &mut out),
    }
    .and_then(|()| out.flush())
    .context("cannot write the list")
}

/// `COLUMNS` when set (as shells export it), else 120.
fn table_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(120)
}

fn diff(args: DiffArgs) -> Result<bool> {
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        bail!("only one of OLD and NEW can be - (standard input)");
    }
    let mut opts = Options {
        ignore_case: args.ignore_case,
        max_size: args.max_size,
        ..Options::default()
    };
    if let Some(t) = args.threshold {
        if !(0.0..=1.0).contains(&t) {
            bail!("--threshold must be between 0 and 1, not {t}");
        }
        opts.align.threshold = t;
    }
    let old_opts = Options {
        input: args.input.options(0)?,
        ..opts
    };
    let new_opts = Options {
        input: args.input.options(1)?,
        ..opts
    };
    // The two inputs are independent: read and normalise them on two threads.
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| read_document(&args.old, &old_opts));
        let new = read_document(&args.new, &new_opts);
        (old.join().expect("reader thread panicked"), new)
    });
    let (old, new) = (old?, new?);
    let cmp = compare(old, new, &opts);
    let format = match args.format {
        FormatArg::Terminal => Format::Terminal,
        FormatArg::Json => Format::Json,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Terminal => {
            let topts = TerminalOptions {
                color: use_color(args.color, stdout.is_terminal()),
                all: args.all,
            };
            render::terminal(&cmp, &topts, &mut out)
        }
        Format::Json => render::json(&cmp, &mut out),
    }
    .and_then(|()| out.flush())
    .context("cannot write the report")?;
    Ok(cmp.summary.has_changes())
}

/// `always` and `never` win; `auto` colours a terminal unless `NO_COLOR` is set (to
/// anything non-empty) or `TERM=dumb`, and `CLICOLOR_FORCE` forces colour.
fn use_color(choice: ColorArg, tty: bool) -> bool {
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
