//! A CLI that fits the ecosystem (issue #13): the stated Rust version, completions and
//! the man page, `-o` formats, consistent input flags, sizes with units, error messages
//! said once, wrapped terminal output, and README samples that are real output.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::util::{f, redliner};

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

/// `major.minor` of a `rust-version` as numbers, for comparing.
fn version(v: &str) -> (u32, u32) {
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap_or(0))
}

/// The MSRV is the highest `rust-version` any locked dependency declares (an offline
/// machine cannot install older toolchains, so this is how it is verified; `.ci/run`
/// also builds with that toolchain when rustup can install it). README states it.
#[test]
fn rust_version_is_the_true_minimum() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    let ours = packages.iter().find(|p| p["name"] == "redliner").unwrap();
    let declared = ours["rust_version"].as_str().unwrap();
    let (needed, by) = packages
        .iter()
        .filter(|p| p["name"] != "redliner")
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p["name"].as_str()?)))
        .max()
        .unwrap();
    assert_eq!(
        version(declared),
        needed,
        "Cargo.toml says {declared}, but {by} needs {needed:?}"
    );
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust ({declared} or later)")),
        "README must state Rust {declared}"
    );
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let release = manifest.split("[profile.release]").nth(1).unwrap();
    let release = release.split("\n[").next().unwrap();
    assert!(
        release.contains("debug = false"),
        "lean release binary: {release}"
    );
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef redliner"),
        ("fish", "complete -c redliner"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion"),
    ] {
        redliner()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(marker).and(predicate::str::contains("fail-on")));
    }
    redliner().args(["completions", "tcsh"]).assert().code(2);
    redliner()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(".ie").and(predicate::str::contains(".TH redliner 1")));
}

#[test]
fn output_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (f("b9-2024.txt"), f("b9-2025-draft.txt"));
    for (name, start) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.HTM", "<!DOCTYPE html>"),
        ("r.md", "### redliner"),
        ("r.json", "{"),
        ("r.txt", "--- "),
    ] {
        let path = dir.path().join(name);
        redliner()
            .args(["diff", &old, &new, "-o", path.to_str().unwrap()])
            .assert()
            .code(1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(start), "{name}: {}", &text[..40]);
    }
    // --format wins over the extension.
    let path = dir.path().join("forced.html");
    redliner()
        .args([
            "diff",
            &old,
            &new,
            "-f",
            "json",
            "-o",
            path.to_str().unwrap(),
        ])
        .assert()
        .code(1);
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('{'));
    // `-o -` is standard output.
    redliner()
        .args(["diff", &old, &new, "-o", "-"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("--- "));
    assert!(!std::path::Path::new("-").exists());
    // history and commitments too.
    let h = dir.path().join("h.json");
    redliner()
        .args(["history", &old, &new, "-o", h.to_str().unwrap()])
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&h)
        .unwrap()
        .contains("redliner.history/1"));
    let c = dir.path().join("c.json");
    redliner()
        .args(["commitments", &new, "-o", c.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout("");
    assert!(std::fs::read_to_string(&c)
        .unwrap()
        .contains("redliner.commitments/1"));
}

#[test]
fn input_flags_are_the_same_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    // A windows-1252 NEW beside a UTF-8 OLD: per-side encodings decode both right.
    let old = dir.path().join("old.txt");
    let new = dir.path().join("new.txt");
    std::fs::write(&old, "1. We support the caf\u{e9} owners.\n").unwrap();
    std::fs::write(&new, b"1. We support the caf\xe9 owners.\n").unwrap();
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    redliner()
        .args([
            "diff",
            o,
            n,
            "--from-encoding",
            "utf-8",
            "--to-encoding",
            "windows-1252",
        ])
        .assert()
        .code(0);
    // One --encoding for both sides would garble one of them.
    redliner()
        .args(["diff", o, n, "--encoding", "windows-1252"])
        .assert()
        .code(1);
    redliner()
        .args([
            "diff",
            o,
            n,
            "--encoding",
            "utf-8",
            "--to-encoding",
            "utf-8",
        ])
        .assert()
        .code(2);
    // An explicit UTF-16 reads text without a byte-order mark.
    let utf16 = dir.path().join("utf16.txt");
    let bytes: Vec<u8> = "1. We support the caf\u{e9} owners.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(&utf16, bytes).unwrap();
    let u = utf16.to_str().unwrap();
    redliner().args(["diff", o, u]).assert().code(2);
    redliner()
        .args(["diff", o, u, "--to-encoding", "utf-16le"])
        .assert()
        .code(0);
    // commitments and history take --from, --encoding and --docx-view.
    redliner()
        .args(["commitments", u, "--encoding", "utf-16le", "--from", "text"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("caf\u{e9}"));
    redliner()
        .args(["history", o, o, "--from", "text", "--docx-view", "original"])
        .assert()
        .code(0);
    let docx = f("formats/b9-2025-tracked.docx");
    let original = stdout(redliner().args(["commitments", &docx, "--docx-view", "original"]));
    let accepted = stdout(redliner().args(["commitments", &docx, "--docx-view", "accepted"]));
    assert_ne!(original, accepted);
    // --docx-view validates its values and their number.
    redliner()
        .args(["diff", &docx, &docx, "--docx-view", "orignal"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'orignal'"));
    redliner()
        .args([
            "diff",
            &docx,
            &docx,
            "--docx-view",
            "original,accepted,original",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--docx-view takes one value, or two",
        ));
}

#[test]
fn sizes_take_units_and_zero_is_refused() {
    let (old, new) = (f("b9-2024.txt"), f("b9-2024.txt"));
    for ok in ["10MB", "10 MiB", "256MiB", "1g", "100000"] {
        redliner()
            .args(["diff", &old, &new, "--max-size", ok])
            .assert()
            .code(0);
    }
    redliner()
        .args(["diff", &old, &new, "--max-size", "1kB"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over the limit of 1000 bytes"));
    for bad in [
        "0",
        "18446744073709551615",
        "99999999999GB",
        "ten",
        "5 parsecs",
    ] {
        redliner()
            .args(["diff", &old, &new, "--max-size", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--max-size"));
    }
    redliner()
        .args(["commitments", &old, "--max-size", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would refuse every file"));
}

#[test]
fn all_outside_the_terminal_report_is_an_error() {
    for format in ["json", "html", "markdown"] {
        redliner()
            .args([
                "diff",
                &f("b9-2024.txt"),
                &f("b9-2024.txt"),
                "--all",
                "-f",
                format,
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "--all applies to the terminal report only",
            ));
    }
}

#[test]
fn errors_say_the_os_error_once() {
    let out = redliner()
        .args(["diff", &f("b9-2024.txt"), "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "redliner: error: no/such/file.txt: cannot read: No such file or directory\n"
    );
    let out = redliner()
        .args(["diff", &f("b9-2024.txt"), &f("wh")])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "redliner: error: {}: cannot read: is a directory\n",
            f("wh")
        )
    );
}

#[test]
fn terminal_output_wraps_at_the_width() {
    let args = ["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")];
    let wide = stdout(redliner().args(args));
    assert!(wide.lines().any(|l| l.chars().count() > 200));
    for width in ["60", "100"] {
        let n: usize = width.parse().unwrap();
        let out = stdout(redliner().args(args).args(["--width", width]));
        for line in out
            .lines()
            .filter(|l| !l.contains('\u{2502}') && !l.contains('\u{2500}'))
        {
            // A single word longer than the width may overflow; nothing else does.
            assert!(
                line.chars().count() <= n || !line.trim().contains(' '),
                "{width}: {line}"
            );
        }
        // Wrapping moves words, never loses them.
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&out), words(&wide));
    }
    // COLUMNS is the fallback width.
    let out = stdout(redliner().args(args).env("COLUMNS", "80"));
    assert!(out.lines().all(|l| l.chars().count() <= 80
        || l.contains('\u{2502}')
        || l.contains('\u{2500}')
        || !l.trim().contains(' ')));
    redliner()
        .args(args)
        .args(["--width", "80", "-f", "json"])
        .assert()
        .code(2);
}

/// The samples in README (`$ redliner …` in text blocks) are the real output of the
/// commands they show: every line of a sample (other than `…`) appears, in order, in that
/// command's standard output and error.
#[test]
fn readme_sample_is_real_output() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut checked = 0;
    for block in readme.split("```text\n").skip(1) {
        let block = block.split("\n```").next().unwrap();
        let mut samples: Vec<(&str, Vec<&str>)> = Vec::new();
        for line in block.lines() {
            if let Some(command) = line.strip_prefix("$ redliner ") {
                samples.push((command, Vec::new()));
            } else if line.starts_with("$ ") {
                break;
            } else if let Some((_, lines)) = samples.last_mut() {
                lines.push(line);
            }
        }
        for (command, lines) in samples {
            let out = redliner()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(command.split_whitespace())
                .output()
                .unwrap();
            let out = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let mut rest = out.as_str();
            for line in lines.iter().filter(|l| l.trim() != "\u{2026}") {
                let at = rest.find(line).unwrap_or_else(|| {
                    panic!("README line not in the output of {command}:\n{line}\n---\n{out}")
                });
                rest = &rest[at + line.len()..];
            }
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} samples found in README");
}

/// docs/json-format.md describes `redliner.commitments/1` field by field, and the strength
/// order: every field of the real output is named there.
#[test]
fn commitments_schema_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json-format.md"))
        .unwrap();
    let section = doc
        .split("# JSON output: `redliner.commitments/1`")
        .nth(1)
        .expect("a redliner.commitments/1 section")
        .split("\n# ")
        .next()
        .unwrap();
    assert!(section.contains("`hedged` (may, consider") && section.contains("`binding` (will"));
    let out = stdout(redliner().args(["commitments", &f("b9-2024.txt"), "-f", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut fields: Vec<String> = v
        .as_object()
        .unwrap()
        .keys()
        .map(|k| format!("`{k}`"))
        .collect();
    for k in v["commitments"][0].as_object().unwrap().keys() {
        fields.push(format!("`commitments[].{k}`"));
    }
    for k in v["summary"].as_object().unwrap().keys() {
        fields.push(format!("`summary.{k}`"));
    }
    for field in fields {
        assert!(section.contains(&field), "{field} is not documented");
    }
}

/// The history Markdown legend starts with a word, so it does not render as a list.
#[test]
fn history_markdown_legend_is_not_a_list() {
    let out = stdout(redliner().args([
        "history",
        &f("b9-2024.txt"),
        &f("b9-2025-draft.txt"),
        "-f",
        "markdown",
    ]));
    assert!(
        out.lines()
            .any(|l| l.starts_with("Legend: + new, = unchanged")),
        "{out}"
    );
    assert!(!out.lines().any(|l| l.starts_with("+ ")), "{out}");
}
