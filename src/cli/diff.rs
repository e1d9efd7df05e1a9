//! `redliner diff OLD NEW`: arguments, reading both inputs, comparing, rendering, and
//! writing the report to standard output or, atomically, to a file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::ValueEnum;

use redliner::render::{self, Format, HtmlOptions, MarkdownOptions, TerminalOptions};
use redliner::{compare, read_document, Comparison, Options};

use super::{use_color, ColorArg, InputArgs, MatchArgs};

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
    /// Output format: terminal, json, html (one self-contained page) or markdown (for
    /// pull-request comments).
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Terminal)]
    format: FormatArg,
    /// Write the report to FILE instead of standard output. The file is replaced
    /// atomically: an interrupted or failed run leaves any earlier report untouched.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// For --format markdown: the most bytes to write (0 for no limit). Changes that do
    /// not fit are left out and counted in a last line.
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<usize>,
    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    color: ColorArg,
    /// Show unchanged units too (terminal format).
    #[arg(long, short = 'a')]
    all: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FormatArg {
    Terminal,
    Json,
    Html,
    Markdown,
}

/// The smallest `--max-bytes` that leaves room for a summary and the closing line.
const MIN_MAX_BYTES: usize = 1024;

/// Runs `diff`; `Ok(true)` means differences were found.
pub(crate) fn run(args: DiffArgs) -> Result<bool> {
    let format = match args.format {
        FormatArg::Terminal => Format::Terminal,
        FormatArg::Json => Format::Json,
        FormatArg::Html => Format::Html,
        FormatArg::Markdown => Format::Markdown,
    };
    let markdown = MarkdownOptions {
        max_bytes: markdown_budget(format, args.max_bytes)?,
    };
    let cmp = compare_inputs(&args.compare)?;
    let render = |out: &mut dyn Write, tty: bool| -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        match format {
            Format::Terminal => {
                let topts = TerminalOptions {
                    color: use_color(args.color, tty),
                    all: args.all,
                };
                render::terminal(&cmp, &topts, &mut out)
            }
            Format::Json => render::json(&cmp, &mut out),
            Format::Html => render::html(&cmp, &HtmlOptions::default(), &mut out),
            Format::Markdown => render::markdown(&cmp, &markdown, &mut out),
        }?;
        out.flush()
    };
    match &args.output {
        Some(path) => write_atomically(path, |f| render(f, false))?,
        None => {
            let stdout = io::stdout();
            let tty = stdout.is_terminal();
            render(&mut stdout.lock(), tty).context("cannot write the report")?;
        }
    }
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

/// Reads both inputs (on two threads) and compares them.
pub(crate) fn compare_inputs(args: &CompareArgs) -> Result<Comparison> {
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
        let old = s.spawn(|| read_document(&args.old, &old_opts));
        let new = read_document(&args.new, &new_opts);
        (old.join().expect("reader thread panicked"), new)
    });
    let (old, new) = (old?, new?);
    Ok(compare(old, new, &opts))
}

/// Writes `path` through a temporary file in the same directory, renamed over `path` only
/// once everything is written and flushed to disk. On any error the temporary file is
/// removed and `path` is left as it was.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<()> {
    let (tmp, mut file) = create_temp_beside(path)?;
    let result = write(&mut file)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("{}: cannot write the report", tmp.display()))
        .and_then(|()| {
            drop(file);
            fs::rename(&tmp, path)
                .with_context(|| format!("{}: cannot replace it with the report", path.display()))
        });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Creates `.NAME.PID-N.tmp` next to `path`, with the permissions a new file gets.
fn create_temp_beside(path: &Path) -> Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    if path.is_dir() {
        bail!("{}: is a directory", path.display());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    for n in 0..100 {
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}-{n}.tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("{}: cannot create the report", path.display()))
            }
        }
    }
    bail!(
        "{}: cannot create a temporary file beside it",
        path.display()
    )
}
