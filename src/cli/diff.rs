//! `redliner diff OLD NEW`: arguments, reading both inputs, comparing, rendering, and
//! writing the report to standard output or, atomically, to a file.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::ValueEnum;

use redliner::render::{
    self, DocxDate, DocxOptions, Format, HtmlOptions, MarkdownOptions, TerminalOptions,
};
use redliner::{compare, Comparison, Options};

use super::output::{extension_format, Sink};
use super::{
    make_visible, read_input, read_input_keeping_bytes, use_color, ColorArg, InputArgs, MatchArgs,
};

/// The two inputs and how to compare them; shared by `diff` and `check`.
#[derive(clap::Args, Debug)]
pub(crate) struct CompareArgs {
    /// The older version (a path, or - for standard input).
    old: PathBuf,
    /// The newer version (a path, or - for standard input).
    pub(crate) new: PathBuf,
    #[command(flatten)]
    matching: MatchArgs,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(clap::Args, Debug)]
pub(crate) struct DiffArgs {
    #[command(flatten)]
    compare: CompareArgs,
    /// Output format: terminal, json, html (one self-contained page), markdown (for
    /// pull-request comments) or docx (a Word redline: NEW with every change tracked and
    /// a comment on each commitment change; needs -o or a pipe). Without it, `-o` picks
    /// it from the file's extension (.html, .md, .json, .docx; otherwise terminal text).
    #[arg(long, short = 'f', value_enum)]
    format: Option<FormatArg>,
    /// For --format docx: the date of every tracked change and comment, in RFC 3339
    /// (2025-06-24T09:30:00Z, or with an offset such as +02:00). Default
    /// 2000-01-01T00:00:00Z, so that the same inputs give the same file.
    #[arg(long, value_name = "DATE")]
    docx_date: Option<DocxDate>,
    /// Write the report to FILE instead of standard output (- for standard output). A
    /// regular file is replaced atomically, keeping its permissions: an interrupted or
    /// failed run leaves any earlier report untouched. A device or FIFO is written
    /// through; a symbolic link is followed.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// For --format markdown: the most bytes to write (0 for no limit). Changes that do
    /// not fit are left out and counted in a last line.
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<usize>,
    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    color: ColorArg,
    /// Show unchanged units too (terminal report; JSON and HTML always have every unit,
    /// Markdown shows the changed ones).
    #[arg(long, short = 'a')]
    all: bool,
    /// Wrap the terminal report at N columns (0 for no wrapping). Default: the terminal's
    /// width when writing to one, else $COLUMNS, else no wrapping (pipes and files).
    #[arg(long, short = 'w', value_name = "N")]
    width: Option<usize>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FormatArg {
    Terminal,
    Json,
    Html,
    Markdown,
    Docx,
}

/// The smallest `--max-bytes` that leaves room for a summary and the closing line.
const MIN_MAX_BYTES: usize = 1024;

/// `--format`, else the extension of `-o`, else terminal.
fn format_of(args: &DiffArgs) -> Format {
    let by_ext = match extension_format(args.output.as_deref()) {
        Some("html") => Some(FormatArg::Html),
        Some("markdown") => Some(FormatArg::Markdown),
        Some("json") => Some(FormatArg::Json),
        Some("docx") => Some(FormatArg::Docx),
        _ => None,
    };
    match args.format.or(by_ext).unwrap_or(FormatArg::Terminal) {
        FormatArg::Terminal => Format::Terminal,
        FormatArg::Json => Format::Json,
        FormatArg::Html => Format::Html,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Docx => Format::Docx,
    }
}

/// Runs `diff`; `Ok(true)` means differences were found.
pub(crate) fn run(args: DiffArgs) -> Result<bool> {
    let format = format_of(&args);
    if args.all && format != Format::Terminal {
        bail!("--all applies to the terminal report only: JSON and HTML always have every unit, and Markdown shows the changed ones");
    }
    if args.width.is_some() && format != Format::Terminal {
        bail!("--width applies to the terminal report only");
    }
    let markdown = MarkdownOptions {
        max_bytes: markdown_budget(format, args.max_bytes)?,
    };
    if args.docx_date.is_some() && format != Format::Docx {
        bail!("--docx-date applies to --format docx only");
    }
    let sink = Sink::open(args.output.as_deref())?;
    let tty = sink.is_terminal();
    if format == Format::Docx && tty {
        bail!("--format docx writes a binary file, which a terminal cannot show: give -o FILE (or redirect standard output to a file or a pipe)");
    }
    // JSON and DOCX are not shown in a terminal: they keep the documents' characters
    // (the DOCX writer replaces those XML cannot hold).
    let visible = !matches!(format, Format::Json | Format::Docx);
    let (cmp, new_bytes) = compare_inputs_keeping(&args.compare, visible, format == Format::Docx)?;
    let mut docx = DocxOptions {
        date: args.docx_date.clone().unwrap_or_default(),
        template: None,
    };
    if let (Some(bytes), "docx") = (&new_bytes, cmp.new.format.as_str()) {
        docx.template = Some(redliner::input::docx::template(&cmp.new.source, bytes)?);
    }
    let topts = TerminalOptions {
        color: use_color(args.color, tty),
        all: args.all,
        width: super::terminal_width(args.width, tty),
    };
    sink.write("report", |mut out| match format {
        Format::Terminal => render::terminal(&cmp, &topts, &mut out),
        Format::Json => render::json(&cmp, &mut out),
        Format::Html => render::html(
            &cmp,
            &HtmlOptions::default(),
            &mut super::safe::Visible::new(out),
        ),
        Format::Markdown => render::markdown(&cmp, &markdown, &mut super::safe::Visible::new(out)),
        Format::Docx => render::docx(&cmp, &docx, &mut out),
    })?;
    Ok(cmp.summary.has_changes())
}

/// Checks `--max-bytes` against the format and turns it into the renderer's budget.
fn markdown_budget(format: Format, max_bytes: Option<usize>) -> Result<usize> {
    match max_bytes {
        Some(_) if format != Format::Markdown => {
            bail!("--max-bytes applies to --format markdown only")
        }
        Some(n) if n != 0 && n < MIN_MAX_BYTES => {
            bail!("--max-bytes must be 0 (no limit) or at least {MIN_MAX_BYTES}, not {n}")
        }
        Some(n) => Ok(n),
        None => Ok(render::DEFAULT_MAX_BYTES),
    }
}

/// Reads both inputs (on two threads) and compares them. With `visible`, control
/// characters in the documents are shown visibly in everything the reports display.
pub(crate) fn compare_inputs(args: &CompareArgs, visible: bool) -> Result<Comparison> {
    compare_inputs_keeping(args, visible, false).map(|(cmp, _)| cmp)
}

/// Like [`compare_inputs`]; with `keep_new`, also returns the bytes of NEW.
fn compare_inputs_keeping(
    args: &CompareArgs,
    visible: bool,
    keep_new: bool,
) -> Result<(Comparison, Option<Vec<u8>>)> {
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        bail!("only one of OLD and NEW can be - (standard input)");
    }
    let opts = args.matching.options()?;
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
        let old = s.spawn(|| read_input(&args.old, &old_opts));
        let new = if keep_new {
            read_input_keeping_bytes(&args.new, &new_opts).map(|(d, b)| (d, Some(b)))
        } else {
            read_input(&args.new, &new_opts).map(|d| (d, None))
        };
        (old.join().expect("reader thread panicked"), new)
    });
    let (mut old, (mut new, bytes)) = (old?, new?);
    if visible {
        make_visible(&mut old);
        make_visible(&mut new);
    }
    Ok((compare(old, new, &opts), bytes))
}
