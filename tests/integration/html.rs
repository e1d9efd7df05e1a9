//! The HTML report: self-contained, small, deterministic and escaped in the source, then
//! loaded in headless Chromium to check rows, highlights, the "changes only" toggle, the
//! `n`/`p` keys, the stacked layout on a narrow screen, and that hostile text runs nothing.
//!
//! The browser tests need Chromium (`apt-get install chromium`; `.ci/run` installs it).
//! Without it they fail, saying so, unless `REDLINER_SKIP_BROWSER=1` asks to skip them
//! explicitly; `REDLINER_CHROMIUM` names another binary.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use redliner::render::{html, HtmlOptions};
use redliner::{compare, parse_document, Comparison, DiffOp, Options, UnitKind};

use crate::util::{compare_fixtures, fixture, PAIRS};

fn report(cmp: &Comparison) -> String {
    let mut out = Vec::new();
    html(cmp, &HtmlOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Rows a unit takes: its larger side, at least one.
fn rows_of(cmp: &Comparison) -> usize {
    cmp.units
        .iter()
        .map(|u| u.old.len().max(u.new.len()).max(1))
        .sum()
}

/// Highlights the report should carry: the changed pieces (per paragraph) of units that
/// are not wholly added or removed.
fn marks_of(cmp: &Comparison, op: DiffOp) -> usize {
    cmp.units
        .iter()
        .filter(|u| !matches!(u.kind, UnitKind::Added | UnitKind::Removed))
        .flat_map(|u| {
            u.diff.iter().flat_map(|s| {
                s.text
                    .split('\n')
                    .filter(|p| !p.trim().is_empty())
                    .map(move |_| s.op)
            })
        })
        .filter(|&o| o == op)
        .count()
}

#[test]
fn self_contained_small_and_deterministic_on_every_pair() {
    for (old, new) in PAIRS {
        let cmp = compare_fixtures(old, new);
        let page = report(&cmp);
        assert_eq!(page, report(&cmp), "{old} {new}: not deterministic");
        for external in [
            "src=\"",
            "href=\"http",
            "@import",
            "url(",
            "<link",
            "<iframe",
        ] {
            assert!(
                !page.contains(external),
                "{old} {new}: the page refers to something outside it ({external})"
            );
        }
        let inputs = std::fs::metadata(fixture(old)).unwrap().len()
            + std::fs::metadata(fixture(new)).unwrap().len();
        let limit = 2 * inputs as usize + 50_000;
        assert!(
            page.len() < limit,
            "{old} {new}: {} bytes, over the limit of {limit}",
            page.len()
        );
        assert_eq!(count(&page, "<tbody class=\"unit"), cmp.units.len());
        let moved = cmp.units.iter().filter(|u| u.moved && !u.old.is_empty());
        assert_eq!(count(&page, "<tbody class=\"ghost\""), moved.count());
    }
}

#[test]
fn g7_pair_size_is_reported() {
    let (old, new) = (
        "wh/g7-2023-02-ukraine-statement.md",
        "wh/g7-2024-02-ukraine-statement.md",
    );
    let page = report(&compare_fixtures(old, new));
    let inputs = std::fs::metadata(fixture(old)).unwrap().len()
        + std::fs::metadata(fixture(new)).unwrap().len();
    eprintln!(
        "G7 Ukraine pair: HTML {} bytes; inputs {inputs} bytes; limit {}",
        page.len(),
        2 * inputs + 50_000
    );
    assert!(page.len() < 2 * inputs as usize + 50_000);
}

#[test]
fn every_link_is_internal_and_every_target_exists() {
    let cmp = compare_fixtures("b9-2024.txt", "b9-2025-restructure.txt");
    let page = report(&cmp);
    for href in page.split("href=\"").skip(1) {
        let target = &href[..href.find('"').unwrap()];
        assert!(target.starts_with('#'), "external link {target}");
        assert!(
            page.contains(&format!("id=\"{}\"", &target[1..])),
            "link to a missing anchor {target}"
        );
    }
    // The moved unit links to its old position and back.
    assert!(page.contains(">moved to \u{a7}5 \u{2192}</a>"));
    assert!(page.contains(">moved from \u{a7}3</a>"));
    // The split spans its two rows on the old side, the merge on the new side.
    assert_eq!(count(&page, "rowspan=\"2\""), 2);
}

/// Documents whose text, titles and names try to break out of the markup.
const HOSTILE: [&str; 4] = [
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "\"><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "'><svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\"></svg>",
    "javascript:document.documentElement.setAttribute('data-pwned','js')",
];

fn hostile_comparison() -> Comparison {
    let opts = Options::default();
    let text = |verb: &str| {
        format!(
            "1. We {verb} act now {} and more.\n\n2. Allies will say {} here.\n\n3. {} {}\n",
            HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]
        )
    };
    let mut old = parse_document(HOSTILE[1], text("will").as_bytes(), &opts).unwrap();
    let mut new = parse_document(HOSTILE[3], text("may").as_bytes(), &opts).unwrap();
    old.title = Some(HOSTILE[0].to_owned());
    new.title = Some(HOSTILE[2].to_owned());
    new.date = Some(HOSTILE[1].to_owned());
    compare(old, new, &opts)
}

#[test]
fn hostile_text_is_escaped_in_the_source() {
    let cmp = hostile_comparison();
    assert!(
        !cmp.commitments.is_empty(),
        "the panel must show the text too"
    );
    let page = report(&cmp);
    assert_eq!(count(&page, "<script"), 1, "only the page's own script");
    for tag in ["<img", "<svg", "onerror=\"", "onload=\""] {
        assert!(!page.contains(tag), "{tag} got through");
    }
    assert!(page.contains("&lt;script&gt;document.documentElement"));
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=&quot;"));
}

// ---------------------------------------------------------------------------------------
// In a real browser.

/// The Chromium binary, or `None` when the caller explicitly asked to skip.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REDLINER_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .flat_map(|dir| names.map(|n| dir.join(n)))
        .find(|p| p.is_file());
    if found.is_some() {
        return found;
    }
    let skip = std::env::var_os("REDLINER_SKIP_BROWSER").is_some_and(|v| v == "1");
    if skip && std::env::var_os("CI").is_none() {
        eprintln!(
            "SKIPPED, NOT PASSED: browser test, Chromium not found (REDLINER_SKIP_BROWSER=1)"
        );
        return None;
    }
    panic!(
        "Chromium not found on PATH, so the browser tests cannot run. Install it \
         (apt-get install chromium), point REDLINER_CHROMIUM at it, or outside CI set \
         REDLINER_SKIP_BROWSER=1 to skip these tests explicitly."
    );
}

/// Runs headless Chromium on a fresh profile with `args` then `url`; returns stdout.
fn run_chromium(exe: &Path, args: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Chromium did not finish within 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "Chromium failed ({status}): {stderr}");
    reader.join().unwrap().unwrap()
}

/// Writes the report into a fresh directory; returns the directory and a file URL.
fn page_file(cmp: &Comparison) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    std::fs::write(&path, report(cmp)).unwrap();
    (dir, format!("file://{}", path.display()))
}

/// The DOM after the page's script ran, at a window size.
fn dom(exe: &Path, url: &str, width: u32) -> String {
    let args = [format!("--window-size={width},1000"), "--dump-dom".into()];
    let dom = run_chromium(exe, &args, url);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not run (blocked by its Content-Security-Policy?)"
    );
    dom
}

#[test]
fn browser_rows_highlights_toggle_and_keys() {
    let Some(exe) = chromium() else { return };
    let cmp = compare_fixtures("b9-2024.txt", "b9-2025-commitments.txt");
    let (_dir, url) = page_file(&cmp);
    let dom = dom(&exe, &url, 1280);
    assert_eq!(count(&dom, "<tbody class=\"unit"), cmp.units.len());
    let unit_rows = dom.split("<tbody class=\"unit").skip(1).map(|t| {
        let t = &t[..t.find("</tbody>").unwrap()];
        count(t, "<tr>")
    });
    assert_eq!(unit_rows.sum::<usize>(), rows_of(&cmp));
    // The side-by-side table; the commitments panel marks its sentence diffs too.
    let table = &dom[dom.find("<main>").unwrap()..];
    assert_eq!(count(table, "<del>"), marks_of(&cmp, DiffOp::Delete));
    assert_eq!(count(table, "<ins>"), marks_of(&cmp, DiffOp::Insert));
    assert!(dom.contains("We <del>will continue</del> our"));
    assert!(dom.contains("We <ins>may consider continuing</ins> our"));
    assert!(dom.contains("at least <del>2%</del>") && dom.contains("<ins>3.5%</ins>"));
    assert_eq!(count(&dom, "hidden=\"\""), 0, "everything shows at first");
    assert!(dom.contains("data-layout=\"columns\""));

    let unchanged = cmp.units.iter().filter(|u| !u.is_change()).count();
    let only = self::dom(&exe, &format!("{url}?view=changes"), 1280);
    assert_eq!(count(&only, "hidden=\"\""), unchanged);
    assert!(only.contains("<body class=\"only\">"));
    for t in only.split("<tbody ").skip(1) {
        let changed = t.starts_with("class=\"unit") && t.contains(" changed");
        assert_eq!(
            t[..t.find('>').unwrap()].contains("hidden"),
            t.starts_with("class=\"unit") && !changed
        );
    }

    // n, n, p lands on the first change; n, n on the second.
    let changed: Vec<usize> = (0..cmp.units.len())
        .filter(|&i| cmp.units[i].is_change())
        .collect();
    let keys = self::dom(&exe, &format!("{url}?keys=nn"), 1280);
    assert_eq!(count(&keys, " cur\""), 1);
    assert!(keys.contains(&format!(" cur\" id=\"u{}\"", changed[1] + 1)));
    let keys = self::dom(&exe, &format!("{url}?view=changes&keys=nnp"), 1280);
    assert!(keys.contains(&format!(" cur\" id=\"u{}\"", changed[0] + 1)));

    // A report made to open with changes only.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("only.html");
    let mut page = Vec::new();
    html(&cmp, &HtmlOptions { changes_only: true }, &mut page).unwrap();
    std::fs::write(&path, page).unwrap();
    let only = self::dom(&exe, &format!("file://{}", path.display()), 1280);
    assert_eq!(count(&only, "hidden=\"\""), unchanged);
}

#[test]
fn browser_commitments_panel_puts_weakened_and_strengthened_first() {
    let Some(exe) = chromium() else { return };
    let cmp = compare_fixtures(
        "wh/quad-2022-05-joint-statement.md",
        "wh/quad-2023-05-joint-statement.md",
    );
    let (_dir, url) = page_file(&cmp);
    let dom = dom(&exe, &url, 1280);
    let key = dom.find("<section class=\"key\"").expect("key changes");
    let nav = dom.find("<nav class=\"cm\"").expect("commitments panel");
    let main = dom.find("<main>").unwrap();
    assert!(
        key < nav && nav < main,
        "key changes, then the panel, then the table"
    );
    let panel = &dom[nav..dom[nav..].find("</nav>").unwrap() + nav];
    // The group headings in the order the browser laid them out.
    let titles: Vec<&str> = panel
        .split("<h3>")
        .skip(1)
        .map(|t| t[..t.find(" (").unwrap()].trim())
        .collect();
    assert_eq!(
        titles,
        [
            "Weakened",
            "Strengthened",
            "Reworded, no direction",
            "Dropped",
            "Added"
        ]
    );
    // Long added and dropped lists are collapsed (closed <details>, no script needed), the
    // reworded ones are open.
    assert_eq!(count(panel, "<details class=\"grp\">"), 2);
    assert_eq!(count(panel, "<details class=\"grp\" open"), 0);
    let before_details = &panel[..panel.find("<details").unwrap()];
    assert!(
        before_details.contains("<h3>Weakened (") && before_details.contains("<h3>Strengthened (")
    );
    // Every reworded commitment shows its two sentences with the diff marked.
    let reworded = cmp.commitment_summary.reworded;
    assert_eq!(
        count(before_details, "<q class=\"s\"><i>old:</i>"),
        reworded
    );
    assert_eq!(
        count(before_details, "<q class=\"s\"><i>new:</i>"),
        reworded
    );
    assert!(count(before_details, "<del>") > 0 && count(before_details, "<ins>") > 0);
}

#[test]
fn browser_narrow_screen_stacks_the_columns_and_takes_screenshots() {
    let Some(exe) = chromium() else { return };
    let mut cmp = compare_fixtures("b9-2024.txt", "b9-2025-commitments.txt");
    // Paths as a reader of the README would type them.
    cmp.old.source = "fixtures/b9-2024.txt".into();
    cmp.new.source = "fixtures/b9-2025-commitments.txt".into();
    let (_dir, url) = page_file(&cmp);
    assert!(dom(&exe, &url, 390).contains("data-layout=\"stacked\""));
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    for (name, size, query) in [
        ("report-screenshot.png", "1200,1500", "?view=changes"),
        ("report-screenshot-narrow.png", "390,1400", "?view=changes"),
    ] {
        let shot = target.join(name);
        let _ = std::fs::remove_file(&shot);
        let args = [
            format!("--screenshot={}", shot.display()),
            format!("--window-size={size}"),
        ];
        run_chromium(&exe, &args, &format!("{url}{query}"));
        let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("{}: {e}", shot.display()));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000);
        eprintln!("screenshot kept: {}", shot.display());
    }
}

#[test]
fn browser_hostile_text_runs_nothing() {
    let Some(exe) = chromium() else { return };
    // First show that the check would see an injection: the same payloads, unescaped.
    let dir = tempfile::tempdir().unwrap();
    let control = dir.path().join("control.html");
    let body: String = HOSTILE[..3].concat();
    std::fs::write(&control, format!("<!DOCTYPE html><body><p>{body}</p><script>document.documentElement.setAttribute('data-ready','1')</script></body>")).unwrap();
    let dom_control = dom(&exe, &format!("file://{}", control.display()), 800);
    assert!(
        dom_control.contains("data-pwned="),
        "the detector must see a raw payload run"
    );

    let cmp = hostile_comparison();
    let (_dir, url) = page_file(&cmp);
    for query in ["", "?view=changes&keys=nnnn"] {
        let dom = dom(&exe, &format!("{url}{query}"), 1280);
        assert!(!dom.contains("data-pwned=\""), "a payload ran: {dom}");
        assert_eq!(count(&dom, "<script"), 1, "only the page's own script");
        for tag in ["<img", "<svg", "javascript:document"] {
            let attr = format!("=\"{tag}");
            assert!(!dom.contains(&attr), "{tag} became an attribute value");
        }
        assert!(!dom.contains("<img") && !dom.contains("<svg"));
        assert!(dom.contains("&lt;script&gt;document.documentElement"));
        for href in dom.split("href=\"").skip(1) {
            assert!(
                href.starts_with('#'),
                "non-internal link: {}",
                &href[..40.min(href.len())]
            );
        }
    }
    let kinds: Vec<UnitKind> = cmp.units.iter().map(|u| u.kind).collect();
    assert!(kinds.contains(&UnitKind::Reworded));
}

/// Issue #13: the history page's grids fit their column at 1300 px, seven versions wide
/// (the version headings read upwards). Measured by a script added to a copy of the
/// page without its Content-Security-Policy (the page itself runs no script).
#[test]
fn browser_history_grid_fits_at_1300px() {
    let Some(exe) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("history.html");
    let wh = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/wh");
    let mut quads: Vec<PathBuf> = std::fs::read_dir(&wh)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("quad-")
        })
        .collect();
    quads.sort();
    assert_eq!(quads.len(), 7);
    let status = Command::new(env!("CARGO_BIN_EXE_redliner"))
        .arg("history")
        .args(&quads)
        .arg("-o")
        .arg(&page)
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(&page).unwrap();
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp_end = csp_start + html[csp_start..].find('>').unwrap() + 1;
    let probe = format!(
        "{}{}",
        &html[..csp_start],
        &html[csp_end..].replace(
            "</body>",
            "<script>var r=[];document.querySelectorAll('.gridwrap').forEach(function(g)\
             {r.push(g.scrollWidth<=g.clientWidth?'fits':'overflows '+g.scrollWidth+'>'+g.clientWidth)});\
             document.body.setAttribute('data-grids',r.join(','));</script></body>"
        )
    );
    let probe_path = dir.path().join("probe.html");
    std::fs::write(&probe_path, probe).unwrap();
    let dom = run_chromium(
        &exe,
        &["--window-size=1300,1000".into(), "--dump-dom".into()],
        &format!("file://{}", probe_path.display()),
    );
    assert!(dom.contains("data-grids=\"fits,fits\""), "{}", {
        let at = dom.find("data-grids").unwrap_or(0);
        &dom[at..(at + 80).min(dom.len())]
    });
}
