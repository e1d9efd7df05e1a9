//! `redliner commitments FILE`: every commitment of one document.

use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;

use redliner::{render, Options};

use super::output::{extension_format, Sink};
use super::{make_visible, read_input, DocInputArgs, SizeArgs};

#[derive(clap::Args, Debug)]
pub(crate) struct CommitmentsArgs {
    /// The document (a path, or - for standard input).
    file: PathBuf,
    /// Output format. Without it, `-o` picks json for a .json file, else table.
    #[arg(long, short = 'f', value_enum)]
    format: Option<ListFormat>,
    /// Write the list to FILE instead of standard output (- for standard output), as
    /// `diff -o` does.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    size: SizeArgs,
    #[command(flatten)]
    input: DocInputArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ListFormat {
    Table,
    Json,
}

/// Runs `commitments`.
pub(crate) fn run(args: CommitmentsArgs) -> Result<()> {
    let opts = Options {
        max_size: args.size.max_size,
        input: args.input.options()?,
        ..Options::default()
    };
    let format = args.format.unwrap_or(
        if extension_format(args.output.as_deref()) == Some("json") {
            ListFormat::Json
        } else {
            ListFormat::Table
        },
    );
    let sink = Sink::open(args.output.as_deref())?;
    let mut doc = read_input(&args.file, &opts)?;
    if format != ListFormat::Json {
        make_visible(&mut doc);
    }
    let list = redliner::commitments::changes::document_commitments(&doc);
    sink.write("list", |out| match format {
        ListFormat::Table => render::commitments_table(
            &doc,
            &list,
            table_width(),
            &mut super::safe::Visible::new(out),
        ),
        ListFormat::Json => render::commitments_json(&doc, &list, &mut { out }),
    })
}

/// `COLUMNS` when set (as shells export it), else 120.
fn table_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(120)
}
