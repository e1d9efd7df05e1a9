//! `redliner check OLD NEW`: compares, applies the CI policy, and prints one compiler-like
//! line (or GitHub Actions annotation) per violation and a one-line summary.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use serde::{Deserialize, Serialize};

use redliner::check::{evaluate, findings, Policy, Rule, Violation};
use redliner::Comparison;

use super::diff::{compare_inputs, CompareArgs};
use super::output::Sink;

/// The file read from the working directory when `--config` is not given.
const CONFIG_FILE: &str = "redliner.toml";

/// The schema name of a baseline file.
const BASELINE_SCHEMA: &str = "redliner.baseline/1";

#[derive(clap::Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    compare: CompareArgs,
    /// Comma-separated kinds of change that fail the check: removed-commitment,
    /// weakened-commitment, added, removed, reworded, number-change, any. Overrides
    /// `[check] fail_on` in redliner.toml. [default: removed-commitment,weakened-commitment]
    #[arg(long, value_name = "RULES")]
    fail_on: Option<String>,
    /// Output: compiler-like `FILE:LINE:COLUMN: …` lines, or GitHub Actions annotations
    /// (`::error` for violations, `::warning` for findings outside the policy).
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// Read the policy from FILE instead of ./redliner.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore the findings recorded in FILE (written by --write-baseline): reviewed
    /// changes stop failing the check.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current violations in FILE as accepted, and pass.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Write the result to FILE instead of standard output (- for standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum CheckFormat {
    Text,
    Github,
}

/// A baseline file: the findings accepted after review.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Baseline {
    schema: String,
    findings: Vec<BaselineEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineEntry {
    id: String,
    rule: String,
    place: String,
    message: String,
}

/// Runs `check`; `Ok(true)` means the policy failed.
pub(crate) fn run(args: CheckArgs) -> Result<bool> {
    let policy = resolve_policy(args.fail_on.as_deref(), args.config.as_deref())?;
    let accepted = match &args.baseline {
        Some(path) => read_baseline(path)?,
        None => BTreeSet::new(),
    };
    let sink = Sink::open(args.output.as_deref())?;
    let cmp = compare_inputs(&args.compare, true)?;
    let all = evaluate(&cmp, &policy);
    if let Some(path) = &args.write_baseline {
        write_baseline(path, &all)?;
        let n = all.len();
        sink.write("result", |out| {
            writeln!(
                out,
                "redliner check: recorded {n} finding{} in {} (policy {})",
                if n == 1 { "" } else { "s" },
                super::visible_line(&path.to_string_lossy()),
                policy.describe()
            )
        })?;
        return Ok(false);
    }
    let (found, ignored): (Vec<Violation>, Vec<Violation>) =
        all.into_iter().partition(|v| !accepted.contains(&v.id));
    let below: Vec<Violation> = match args.format {
        CheckFormat::Github => findings(&cmp)
            .into_iter()
            .filter(|f| !policy.contains(f.rule) && !accepted.contains(&f.id))
            .collect(),
        CheckFormat::Text => Vec::new(),
    };
    let at = Locator::new(&cmp);
    // In document order: where each shows in NEW, then where it stands in its file.
    let mut found = found;
    found.sort_by_cached_key(|v| (v.new_line, at.place(v)));
    let mut below = below;
    below.sort_by_cached_key(|v| (v.new_line, at.place(v)));
    sink.write("result", |out| {
        let mut out = super::safe::Visible::new(out);
        for v in &found {
            match args.format {
                CheckFormat::Text => writeln!(out, "{}", text_line(&cmp, &at, v))?,
                CheckFormat::Github => writeln!(out, "{}", github_line(&cmp, &at, v, "error"))?,
            }
        }
        for v in &below {
            writeln!(out, "{}", github_line(&cmp, &at, v, "warning"))?;
        }
        writeln!(out, "{}", summary(&cmp, &policy, &found, ignored.len()))?;
        out.flush()
    })?;
    Ok(!found.is_empty())
}

fn read_baseline(path: &Path) -> Result<BTreeSet<String>> {
    let text = read_small(path)?;
    let b: Baseline = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a redliner baseline", path.display()))?;
    if b.schema != BASELINE_SCHEMA {
        bail!(
            "{}: schema {:?}, expected {BASELINE_SCHEMA:?}",
            path.display(),
            b.schema
        );
    }
    Ok(b.findings.into_iter().map(|f| f.id).collect())
}

fn write_baseline(path: &Path, found: &[Violation]) -> Result<()> {
    let b = Baseline {
        schema: BASELINE_SCHEMA.into(),
        findings: found
            .iter()
            .map(|v| BaselineEntry {
                id: v.id.clone(),
                rule: v.rule.name().into(),
                place: v.place.clone(),
                message: v.message.clone(),
            })
            .collect(),
    };
    Sink::open(Some(path))?.write("baseline", |out| {
        serde_json::to_writer_pretty(&mut *out, &b)?;
        writeln!(out)
    })
}

/// Reads a configuration or baseline file, refusing more than 16 MiB (`/dev/zero`).
fn read_small(path: &Path) -> Result<String> {
    use std::io::Read;
    const LIMIT: u64 = 16 << 20;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(LIMIT + 1).read_to_end(&mut bytes))
        .map_err(|e| anyhow::anyhow!("{}: cannot read: {}", path.display(), os_message(&e)))?;
    if bytes.len() as u64 > LIMIT {
        bail!("{}: larger than {LIMIT} bytes", path.display());
    }
    String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8", path.display()))
}

/// An I/O error's text without the `(os error N)` suffix.
fn os_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// `--fail-on` wins; else `[check] fail_on` from the config file; else the default.
fn resolve_policy(flag: Option<&str>, config: Option<&Path>) -> Result<Policy> {
    if let Some(list) = flag {
        return Policy::parse_list(list).context("--fail-on");
    }
    let path = config.unwrap_or(Path::new(CONFIG_FILE));
    if config.is_none() && !path.exists() {
        return Ok(Policy::default());
    }
    let text = read_small(path)?;
    let policy = Policy::from_toml(&text).with_context(|| format!("{}", path.display()))?;
    Ok(policy.unwrap_or_default())
}

/// Finds where a finding's sentence starts in a plain-text source: the paragraph's line,
/// or a later line of the same paragraph when the text is hard-wrapped, and the column
/// (in characters, 1-based). Other formats, standard input and text not found give the
/// paragraph's line and column 1.
struct Locator {
    old: Vec<String>,
    new: Vec<String>,
}

impl Locator {
    fn new(cmp: &Comparison) -> Locator {
        let lines = |d: &redliner::Document| -> Vec<String> {
            if d.format != "text" || d.source == "-" {
                return Vec::new();
            }
            std::fs::read_to_string(&d.source)
                .map(|t| t.lines().map(str::to_owned).collect())
                .unwrap_or_default()
        };
        Locator {
            old: lines(&cmp.old),
            new: lines(&cmp.new),
        }
    }

    /// `(line, column)` of the violation's subject.
    fn place(&self, v: &Violation) -> (usize, usize) {
        let lines = if v.in_old { &self.old } else { &self.new };
        let words: Vec<&str> = v.subject.split_whitespace().take(4).collect();
        let needle = words.join(" ");
        if needle.is_empty() || v.line == 0 {
            return (v.line, 1);
        }
        // The paragraph's lines joined with spaces, so that a sentence wrapped across
        // lines is found; `starts` maps offsets back to lines.
        let mut joined = String::new();
        let mut starts = Vec::new();
        for (i, line) in lines.iter().enumerate().skip(v.line - 1).take(400) {
            if i >= v.line && line.trim().is_empty() {
                break;
            }
            starts.push((joined.len(), i));
            joined.push_str(line.trim_end());
            joined.push(' ');
        }
        if let Some(at) = joined.find(&needle) {
            let &(start, i) = starts
                .iter()
                .rev()
                .find(|&&(st, _)| st <= at)
                .expect("first");
            return (i + 1, joined[start..at].chars().count() + 1);
        }
        (v.line, 1)
    }
}

/// `new.md:23:5: §8: weakened commitment: 'will' → 'may': "…"`, where the sentence starts
/// in the file where the text stands (the old one for removals).
fn text_line(cmp: &Comparison, at: &Locator, v: &Violation) -> String {
    let file = if v.in_old {
        &cmp.old.source
    } else {
        &cmp.new.source
    };
    let (line, col) = at.place(v);
    format!("{file}:{line}:{col}: {}: {}", v.place, v.message)
}

/// `::error file=new.md,line=23,col=5,title=…::§8: …`, at the same place as the text
/// line.
fn github_line(cmp: &Comparison, at: &Locator, v: &Violation, level: &str) -> String {
    let file = if v.in_old {
        &cmp.old.source
    } else {
        &cmp.new.source
    };
    let side = if v.in_old { "old " } else { "" };
    let (line, col) = at.place(v);
    format!(
        "::{level} file={},line={line},col={col},title={}::{side}{}: {}",
        property(file),
        property(&format!("redliner {}", v.rule.name())),
        data(&v.place),
        data(&v.message)
    )
}

/// Escapes a workflow command's message, so that no text can end the line or start a
/// command of its own.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `redliner check: FAILED, 3 violations (…)` or `redliner check: passed, …`.
fn summary(cmp: &Comparison, policy: &Policy, found: &[Violation], ignored: usize) -> String {
    let changed = cmp.units.iter().filter(|u| u.is_change()).count();
    let baseline = if ignored > 0 {
        format!("; {ignored} in the baseline ignored")
    } else {
        String::new()
    };
    let context = format!(
        "{changed} changed units, {} commitment changes; policy {}{baseline}",
        cmp.commitments.len(),
        policy.describe()
    );
    if found.is_empty() {
        return format!("redliner check: passed, no violations ({context})");
    }
    let by_rule: Vec<String> = Rule::ALL
        .into_iter()
        .filter_map(|r| {
            let n = found.iter().filter(|v| v.rule == r).count();
            (n > 0).then(|| format!("{n} {}", r.name()))
        })
        .collect();
    let s = if found.len() == 1 { "" } else { "s" };
    format!(
        "redliner check: FAILED, {} violation{s}: {} ({context})",
        found.len(),
        by_rule.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_cannot_be_injected() {
        assert_eq!(data("a\n::error::x 100%"), "a%0A::error::x 100%25");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
