//! `redliner commitments FILE`: every commitment of one document.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;

use redliner::render;
use redliner::{read_document, Options};

#[derive(clap::Args, Debug)]
pub(crate) struct CommitmentsArgs {
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

/// Runs `commitments`.
pub(crate) fn run(args: CommitmentsArgs) -> Result<()> {
    let opts = Options {
        max_size: args.max_size,
        ..Options::default()
    };
    let doc = read_document(&args.file, &opts)?;
    let list = redliner::commitments::changes::document_commitments(&doc);
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
