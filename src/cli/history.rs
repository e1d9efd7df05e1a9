//! `redliner history V1 V2 …`: reading the versions, building the history, rendering it
//! to standard output or to a file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::ValueEnum;

use redliner::history::{build, HistoryOptions, VersionOrder};
use redliner::{render, Document, Options};

use super::output::{extension_format, Sink};
use super::{make_visible, read_input, DocInputArgs};

#[derive(clap::Args, Debug)]
pub(crate) struct HistoryArgs {
    /// The versions, oldest first unless --sort date (paths, or - for standard input once).
    #[arg(required = true, num_args = 1.., value_name = "VERSION")]
    versions: Vec<PathBuf>,
    /// Output format. Without it, `-o` picks it from the file's extension (.html, .md,
    /// .json; otherwise table).
    #[arg(long, short = 'f', value_enum)]
    format: Option<HistoryFormat>,
    /// Write the output to FILE instead of standard output (- for standard output), as
    /// `diff -o` does.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Count this phrase in every version, with near variants (repeatable).
    #[arg(long, value_name = "PHRASE")]
    phrase: Vec<String>,
    /// Count this entity name in every version, with its gazetteer aliases (repeatable).
    #[arg(long, value_name = "NAME")]
    entity: Vec<String>,
    /// Order of the versions: as given (args), or by the date in their front matter,
    /// title or a date line (date; a version without a date is an error).
    #[arg(long, value_enum, default_value_t = SortArg::Args)]
    sort: SortArg,
    #[command(flatten)]
    matching: super::MatchArgs,
    #[command(flatten)]
    input: DocInputArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum HistoryFormat {
    Table,
    Json,
    Html,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum SortArg {
    Args,
    Date,
}

/// Runs `history`.
pub(crate) fn run(args: HistoryArgs) -> Result<()> {
    if args
        .versions
        .iter()
        .filter(|p| p.as_os_str() == "-")
        .count()
        > 1
    {
        bail!("only one version can be - (standard input)");
    }
    let format = args
        .format
        .unwrap_or(match extension_format(args.output.as_deref()) {
            Some("html") => HistoryFormat::Html,
            Some("markdown") => HistoryFormat::Markdown,
            Some("json") => HistoryFormat::Json,
            _ => HistoryFormat::Table,
        });
    let mut opts = options(&args)?;
    opts.compare.input = args.input.options()?;
    let sink = Sink::open(args.output.as_deref())?;
    let mut documents = read_all(&args.versions, &opts.compare)?;
    if format != HistoryFormat::Json {
        documents.iter_mut().for_each(make_visible);
    }
    let history = build(documents, &opts)?;
    sink.write("history", |out| {
        if format == HistoryFormat::Json {
            render_to(&history, format, &mut { out })
        } else {
            render_to(&history, format, &mut super::safe::Visible::new(out))
        }
    })
}

fn options(args: &HistoryArgs) -> Result<HistoryOptions> {
    let compare = args.matching.options()?;
    Ok(HistoryOptions {
        compare,
        order: match args.sort {
            SortArg::Args => VersionOrder::Arguments,
            SortArg::Date => VersionOrder::Date,
        },
        phrases: args.phrase.clone(),
        entities: args.entity.clone(),
    })
}

/// Reads every version, on as many threads as there are cores; the first error (in
/// argument order) is reported.
fn read_all(paths: &[PathBuf], opts: &Options) -> Result<Vec<Document>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = paths.len().div_ceil(threads).max(1);
    let results: Vec<Result<Document>> = std::thread::scope(|s| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || part.iter().map(|p| read_input(p, opts)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("reader thread panicked"))
            .collect()
    });
    results.into_iter().collect()
}

fn render_to(
    h: &redliner::History,
    format: HistoryFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        HistoryFormat::Table => render::history_table(h, table_width(), out),
        HistoryFormat::Json => render::history_json(h, out),
        HistoryFormat::Html => render::history_html(h, out),
        HistoryFormat::Markdown => render::history_markdown(h, out),
    }
}

/// `COLUMNS` when set (as shells export it), else 160: the grid has a column per version.
fn table_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(160)
}
