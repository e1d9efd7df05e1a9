//! Output that is safe to show (issue #11, section 4): control characters never reach
//! the terminal raw, Markdown pings nobody and links nothing, `-o` respects what it
//! writes over, and a closed pipe keeps the exit status.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use predicates::prelude::*;

use crate::util::fixture;
use crate::util::{f, redliner};

/// Two HTML versions; the new one has ESC, BEL and 8-bit CSI (C1) in its text, from
/// character references: a title-setting OSC, a "conceal" SGR, and a clear-screen.
fn hostile_pair(dir: &Path) -> (String, String) {
    let old = dir.join("old.html");
    let new = dir.join("new.html");
    std::fs::write(
        &old,
        "<html><body><main><p>1. We will support Ukraine.</p>\
         <p>2. We remain committed to peace.</p></main></body></html>",
    )
    .unwrap();
    std::fs::write(
        &new,
        "<html><body><main><p>1. We will support Ukraine &#x1b;]0;pwned&#x7; fully.</p>\
         <p>2. We remain &#x1b;[8mcommitted&#x1b;[0m to peace &#x9b;2J.</p></main></body></html>",
    )
    .unwrap();
    let s = |p: &Path| p.to_string_lossy().into_owned();
    (s(&old), s(&new))
}

fn assert_no_controls(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect();
    assert!(bad.is_empty(), "{what}: raw controls {bad:?} in\n{text}");
}

#[test]
fn control_characters_are_shown_not_emitted() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = hostile_pair(dir.path());
    let runs: Vec<Vec<&str>> = vec![
        vec!["diff", &old, &new],
        vec!["diff", &old, &new, "--format", "markdown"],
        vec!["diff", &old, &new, "--format", "html"],
        vec!["commitments", &new],
        vec!["history", &old, &new],
        vec!["history", &old, &new, "--format", "markdown"],
        vec!["history", &old, &new, "--format", "html"],
        vec!["check", &old, &new, "--fail-on", "any"],
    ];
    for args in runs {
        let out = redliner().args(&args).output().unwrap();
        assert_ne!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert_no_controls(&args.join(" "), &out.stdout);
        let text = String::from_utf8_lossy(&out.stdout);
        if !args.contains(&"check") {
            assert!(
                text.contains('\u{241b}'),
                "{args:?}: ESC not shown as ␛:\n{text}"
            );
        }
    }
    // With colour on, only redliner's own SGR sequences remain: no OSC, no conceal.
    let out = redliner()
        .args(["diff", &old, &new, "--color", "always"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\u{1b}["), "colour was asked for");
    assert!(!text.contains("\u{1b}]"), "{text}");
    assert!(!text.contains("\u{1b}[8m"), "{text}");
    assert!(
        !text.contains('\u{7}') && !text.contains('\u{9b}'),
        "{text}"
    );
    // JSON keeps the characters, escaped by the serialiser.
    let out = redliner()
        .args(["diff", &old, &new, "--format", "json"])
        .output()
        .unwrap();
    assert_no_controls("json", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\\u001b"));
}

#[test]
fn control_characters_in_file_names_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = hostile_pair(dir.path());
    let odd = dir.path().join("n\u{1b}[2Jew.html");
    std::fs::copy(&new, &odd).unwrap();
    let odd = odd.to_string_lossy().into_owned();
    for args in [
        vec!["diff", old.as_str(), odd.as_str()],
        vec!["diff", old.as_str(), odd.as_str(), "-f", "markdown"],
        vec!["check", old.as_str(), odd.as_str(), "--fail-on", "any"],
        vec!["history", old.as_str(), odd.as_str()],
    ] {
        let out = redliner().args(&args).output().unwrap();
        assert_no_controls(&args.join(" "), &out.stdout);
        // Markdown escapes the bracket too.
        let shown = String::from_utf8_lossy(&out.stdout).replace("\\[", "[");
        assert!(shown.contains("n\u{241b}[2Jew.html"), "{args:?}: {shown}");
    }
    // Error messages too.
    let missing = dir.path().join("gone\u{7}.txt");
    let out = redliner()
        .args(["diff", &old, missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_no_controls("stderr", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("gone\u{2407}.txt"));
}

#[test]
fn markdown_pings_nobody_and_links_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.md");
    let new = dir.path().join("new.md");
    std::fs::write(&old, "1. We will work together.\n").unwrap();
    std::fs::write(
        &new,
        "1. We will work together with @octocat and @nato/staff, see https://example.org, \
         www.nato.int or write to press@example.org.\n",
    )
    .unwrap();
    let out = redliner()
        .args([
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "-f",
            "markdown",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    for live in [
        "@octocat",
        "@nato/staff",
        "https://",
        "www.nato",
        "press@example",
    ] {
        assert!(!md.contains(live), "{live} is live in\n{md}");
    }
    assert!(md.contains("@&#8203;octocat"), "{md}");
    assert!(md.contains("https:&#8203;//example.org"), "{md}");
    assert!(md.contains("www&#8203;.nato.int"), "{md}");
}

#[cfg(unix)]
#[test]
fn output_files_keep_permissions_and_devices_are_written_through() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    std::fs::write(&report, "old report").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o600)).unwrap();
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
        .args(["-o", report.to_str().unwrap()])
        .assert()
        .code(1);
    let mode = std::fs::metadata(&report).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a 0600 report stays 0600");
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .starts_with("### redliner"));

    // A symbolic link stays a link; the file it points to gets the report.
    let target = dir.path().join("target.json");
    let link = dir.path().join("link.json");
    std::fs::write(&target, "{}").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
        .args(["-o", link.to_str().unwrap()])
        .assert()
        .code(1);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("redliner.diff/1"));

    // A link to nothing is refused, not replaced by a file.
    let dangling = dir.path().join("dangling.md");
    std::os::unix::fs::symlink(dir.path().join("nowhere/x.md"), &dangling).unwrap();
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
        .args(["-o", dangling.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a symbolic link to nothing"));
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());

    // /dev/null stays a device: written through, never replaced.
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
        .args(["-o", "/dev/null"])
        .assert()
        .code(1);
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());

    // A FIFO is written through: a reader gets the report, and the FIFO stays a FIFO.
    let fifo = dir.path().join("pipe");
    assert!(StdCommand::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut child = StdCommand::cargo_bin("redliner")
        .unwrap()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt"), "-o"])
        .arg(&fifo)
        .spawn()
        .unwrap();
    let mut got = String::new();
    std::fs::File::open(&fifo)
        .unwrap()
        .read_to_string(&mut got)
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(1));
    assert!(got.starts_with("--- "), "{got}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    // A directory is refused with a message.
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
        .args(["-o", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Waits until `dir` holds a `.tmp` file, or panics after 60 s.
fn wait_for_temp(dir: &Path) {
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"));
        if found {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no temp file");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn interrupts_remove_the_temporary_file() {
    for signal in ["INT", "TERM"] {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.html");
        std::fs::write(&report, "earlier").unwrap();
        // NEW is standard input, kept open: redliner waits there with its temp file made.
        let mut child = StdCommand::cargo_bin("redliner")
            .unwrap()
            .args(["diff", &f("b9-2024.txt"), "-", "-o"])
            .arg(&report)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        // Held open until redliner has exited: `wait` would close it first.
        let stdin = child.stdin.take();
        wait_for_temp(dir.path());
        let pid = child.id().to_string();
        assert!(StdCommand::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap()
            .success());
        let status = child.wait().unwrap();
        drop(stdin);
        assert_eq!(status.code(), Some(130), "SIG{signal}");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["report.html"], "SIG{signal}");
        assert_eq!(std::fs::read_to_string(&report).unwrap(), "earlier");
    }
}

/// `redliner check … | head`: the reader is gone before redliner writes, and the status
/// is still the comparison's.
#[cfg(unix)]
#[test]
fn a_closed_pipe_keeps_the_exit_status() {
    let new = std::fs::read(fixture("b9-2025-draft.txt")).unwrap();
    for (command, want) in [("check", 1), ("diff", 1)] {
        let mut child = StdCommand::cargo_bin("redliner")
            .unwrap()
            .args([command, &f("b9-2024.txt"), "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end first, then let redliner read NEW and write.
        drop(child.stdout.take());
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(&new).unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(want), "{command}: {out:?}");
        assert!(out.stderr.is_empty(), "{command}: {out:?}");
    }
}

/// 20,000 paragraphs in shuffled order: the HTML report takes about as long as the JSON
/// one (it was quadratic in moved units).
#[test]
fn html_is_linear_in_moved_units() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let para = |i: usize| {
        format!(
            "Paragraph {i} on item{i} and topic{} of the plan.",
            i * 7919 % n
        )
    };
    let old: Vec<String> = (0..n).map(para).collect();
    // A fixed shuffle: every paragraph moves.
    let new: Vec<String> = (0..n).map(|i| para(i * 7_919 % n)).collect();
    let (o, nw) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    std::fs::write(&o, old.join("\n\n")).unwrap();
    std::fs::write(&nw, new.join("\n\n")).unwrap();
    let run = |format: &str| {
        let start = Instant::now();
        let out = redliner()
            .args([
                "diff",
                o.to_str().unwrap(),
                nw.to_str().unwrap(),
                "-f",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        (start.elapsed(), out.stdout.len())
    };
    let (json, _) = run("json");
    let (html, size) = run("html");
    assert!(size > 0);
    assert!(
        html < json * 3 + Duration::from_secs(5),
        "HTML took {html:?}, JSON {json:?}"
    );
}
