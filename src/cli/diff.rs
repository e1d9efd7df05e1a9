//! `redliner diff OLD NEW`: arguments, reading both inputs, comparing, rendering.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::ValueEnum;

use redliner::render::{self, Format, TerminalOptions};
use redliner::{compare, read_document, Options};

use super::{use_color, ColorArg, InputArgs};

#[derive(clap::Args, Debug)]
pub(crate) struct DiffArgs {
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

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FormatArg {
    Terminal,
    Json,
}

/// Runs `diff`; `Ok(true)` means differences were found.
pub(crate) fn run(args: DiffArgs) -> Result<bool> {
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
