//! `redliner check OLD NEW`: compares, applies the CI policy, and prints one compiler-like
//! line (or GitHub Actions annotation) per violation and a one-line summary.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;

use redliner::check::{evaluate, Policy, Rule, Violation};
use redliner::Comparison;

use super::diff::{compare_inputs, CompareArgs};

/// The file read from the working directory when `--config` is not given.
const CONFIG_FILE: &str = "redliner.toml";

#[derive(clap::Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    compare: CompareArgs,
    /// Comma-separated kinds of change that fail the check: removed-commitment,
    /// weakened-commitment, added, removed, reworded, number-change, any. Overrides
    /// `[check] fail_on` in redliner.toml. [default: removed-commitment,weakened-commitment]
    #[arg(long, value_name = "RULES")]
    fail_on: Option<String>,
    /// Output: compiler-like text lines, or GitHub Actions annotations on the NEW file.
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// Read the policy from FILE instead of ./redliner.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum CheckFormat {
    Text,
    Github,
}

/// Runs `check`; `Ok(true)` means the policy failed.
pub(crate) fn run(args: CheckArgs) -> Result<bool> {
    let policy = resolve_policy(args.fail_on.as_deref(), args.config.as_deref())?;
    let cmp = compare_inputs(&args.compare)?;
    let found = evaluate(&cmp, &policy);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for v in &found {
        match args.format {
            CheckFormat::Text => writeln!(out, "{}", text_line(&cmp, v)),
            CheckFormat::Github => writeln!(out, "{}", github_line(&cmp, v)),
        }
        .context("cannot write the result")?;
    }
    writeln!(out, "{}", summary(&cmp, &policy, &found))
        .and_then(|()| out.flush())
        .context("cannot write the result")?;
    Ok(!found.is_empty())
}

/// `--fail-on` wins; else `[check] fail_on` from the config file; else the default.
fn resolve_policy(flag: Option<&str>, config: Option<&Path>) -> Result<Policy> {
    if let Some(list) = flag {
        return Policy::parse_list(list).context("--fail-on");
    }
    let path = config.unwrap_or(Path::new(CONFIG_FILE));
    let text = match redliner::input::read_small_text(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound && config.is_none() => {
            return Ok(Policy::default())
        }
        Err(e) => return Err(e).with_context(|| format!("{}: cannot read", path.display())),
    };
    let policy = Policy::from_toml(&text).with_context(|| format!("{}", path.display()))?;
    Ok(policy.unwrap_or_default())
}

/// `new.md:§8: weakened commitment: 'will' → 'may'`; removals name the old file.
fn text_line(cmp: &Comparison, v: &Violation) -> String {
    let file = if v.in_old {
        &cmp.old.source
    } else {
        &cmp.new.source
    };
    format!("{file}:{}: {}", v.place, v.message)
}

/// `::warning file=new.md,line=23,title=…::§8: …`, always on the NEW file.
fn github_line(cmp: &Comparison, v: &Violation) -> String {
    // A removal is annotated where it shows in the new file; the message names the
    // paragraph it came from.
    let message = if v.in_old {
        format!("old {}: {}", v.place, v.message)
    } else {
        format!("{}: {}", v.place, v.message)
    };
    format!(
        "::warning file={},line={},title={}::{}",
        property(&cmp.new.source),
        v.new_line,
        property(&format!("redliner {}", v.rule.name())),
        data(&message)
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
fn summary(cmp: &Comparison, policy: &Policy, found: &[Violation]) -> String {
    let changed = cmp.units.iter().filter(|u| u.is_change()).count();
    let context = format!(
        "{changed} changed units, {} commitment changes; policy {}",
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
