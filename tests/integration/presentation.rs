//! Presentation of commitment changes on real pairs: summary counts that agree with the
//! entries in every format, the ranked key changes that open every report, the Markdown
//! cap that keeps the commitments, and reworded commitments shown as two full sentences.

use redliner::commitments::ranking::{key_changes, KeyRank, KEY_CHANGES_SHOWN};
use redliner::commitments::Direction;
use redliner::render::{html, markdown, terminal, HtmlOptions, MarkdownOptions, TerminalOptions};
use redliner::{CommitmentChangeKind, Comparison};
use serde_json::Value;

use crate::util::{compare_fixtures, f, json_of, redliner};

/// Real pairs with many commitment changes of every kind.
const REAL: &[(&str, &str)] = &[
    (
        "wh/quad-2022-05-joint-statement.md",
        "wh/quad-2023-05-joint-statement.md",
    ),
    (
        "wh/g7-2022-03-ukraine-statement.md",
        "wh/g7-2022-05-ukraine-statement.md",
    ),
    (
        "wh/g7-2023-02-ukraine-statement.md",
        "wh/g7-2024-02-ukraine-statement.md",
    ),
    (
        "wh/g7-2022-05-ukraine-statement.md",
        "wh/g7-2023-02-ukraine-statement.md",
    ),
    ("b9-2024.txt", "b9-2025-commitments.txt"),
];

fn term(cmp: &Comparison) -> String {
    let mut out = Vec::new();
    let opts = TerminalOptions {
        color: false,
        all: false,
        width: 0,
    };
    terminal(cmp, &opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn md(cmp: &Comparison, max_bytes: usize) -> String {
    let mut out = Vec::new();
    markdown(cmp, &MarkdownOptions { max_bytes }, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn page(cmp: &Comparison) -> String {
    let mut out = Vec::new();
    html(cmp, &HtmlOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Counts taken from the JSON entries themselves, in the order of the report groups:
/// weakened, strengthened, mixed, no direction, dropped, added.
fn entry_counts(json: &Value) -> [usize; 6] {
    let list = json["commitments"].as_array().unwrap();
    let n = |change: &str, dir: Option<&str>| {
        list.iter()
            .filter(|c| c["change"] == change && dir.is_none_or(|d| c["direction"] == d))
            .count()
    };
    [
        n("reworded", Some("weaker")),
        n("reworded", Some("stronger")),
        n("reworded", Some("mixed")),
        n("reworded", Some("neutral")),
        n("removed", None),
        n("added", None),
    ]
}

const GROUPS: [&str; 6] = [
    "Weakened",
    "Strengthened",
    "Reworded, mixed direction",
    "Reworded, no direction",
    "Dropped",
    "Added",
];

/// The number in `{title} ({n})` after `prefix`, or 0 when the group is not shown.
fn group_count(report: &str, prefix: &str, title: &str) -> usize {
    let needle = format!("{prefix}{title} (");
    match report.find(&needle) {
        None => 0,
        Some(i) => {
            let rest = &report[i + needle.len()..];
            rest[..rest.find(')').unwrap()].parse().unwrap()
        }
    }
}

/// The numbers of the table row right after the header line containing `header`.
fn row_after(report: &str, header: &str) -> Vec<usize> {
    let mut lines = report.lines().skip_while(|l| !l.contains(header)).skip(1);
    let row = lines
        .find(|l| l.chars().any(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no row after {header}"));
    row.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

#[test]
fn summary_counts_equal_the_entries_in_every_format() {
    for (old, new) in REAL {
        let cmp = compare_fixtures(old, new);
        let json = json_of(&cmp);
        let [weaker, stronger, mixed, neutral, removed, added] = entry_counts(&json);
        let reworded = weaker + stronger + mixed + neutral;
        assert!(
            added + removed > 0,
            "{old}: the pair must change commitments"
        );
        let s = &json["summary"]["commitments"];
        let got = |k: &str| s[k].as_u64().unwrap() as usize;
        assert_eq!(
            [
                got("added"),
                got("removed"),
                got("reworded"),
                got("stronger"),
                got("weaker"),
                got("mixed"),
                got("neutral"),
            ],
            [added, removed, reworded, stronger, weaker, mixed, neutral],
            "{old}: JSON summary"
        );
        assert_eq!(
            added + removed + reworded,
            json["commitments"].as_array().unwrap().len()
        );
        let counts = entry_counts(&json);

        let t = term(&cmp);
        for (title, n) in GROUPS.iter().zip(counts) {
            assert_eq!(group_count(&t, "\n  ", title), n, "{old}: terminal {title}");
        }
        assert_eq!(
            row_after(&t, "commitments added"),
            vec![added, removed, reworded, stronger, weaker, mixed, neutral],
            "{old}: terminal table"
        );

        let m = md(&cmp, 0);
        for (title, n) in GROUPS.iter().zip(counts) {
            assert_eq!(group_count(&m, "\n**", title), n, "{old}: Markdown {title}");
        }
        assert_eq!(
            row_after(&m, "| commitments added |"),
            vec![added, removed, weaker, stronger, mixed, neutral, reworded],
            "{old}: Markdown table"
        );

        let h = page(&cmp);
        for (title, n) in GROUPS.iter().zip(counts) {
            assert_eq!(group_count(&h, "<h3>", title), n, "{old}: HTML {title}");
        }
        let header = &h[h.find("aria-label=\"Commitments\"").unwrap()..];
        let header = &header[..header.find("</ul>").unwrap()];
        let numbers: Vec<usize> = header
            .split("<b>")
            .skip(1)
            .map(|t| t[..t.find('<').unwrap()].parse().unwrap())
            .collect();
        assert_eq!(
            numbers,
            vec![added, removed, weaker, stronger, mixed, neutral, reworded],
            "{old}: HTML header"
        );
        // One list item per entry in the panel.
        let panel = &h[h.find("<nav class=\"cm\"").unwrap()..];
        let panel = &panel[..panel.find("</nav>").unwrap()];
        assert_eq!(panel.matches("<li>").count(), added + removed + reworded);
    }
}

#[test]
fn key_changes_are_ranked_the_same_in_every_format() {
    for (old, new) in REAL {
        let cmp = compare_fixtures(old, new);
        let ranked = key_changes(&cmp.commitments);
        // Every weakened, dropped, strengthened or added commitment is a key change; none
        // with no direction or a mixed one is.
        let expected = cmp
            .commitments
            .iter()
            .filter(|c| {
                c.change != CommitmentChangeKind::Reworded
                    || matches!(c.direction, Direction::Weaker | Direction::Stronger)
            })
            .count();
        assert_eq!(ranked.len(), expected, "{old}");
        // By rank; inside a rank weakened before dropped; then document order.
        let order = |k: &redliner::commitments::ranking::KeyChange| {
            let dropped = cmp.commitments[k.index].change == CommitmentChangeKind::Removed;
            (k.rank, dropped, k.index)
        };
        for w in ranked.windows(2) {
            assert!(order(&w[0]) < order(&w[1]), "{old}: out of order");
        }
        for k in &ranked {
            let c = &cmp.commitments[k.index];
            let binding = |s: &Option<redliner::CommitmentSide>| {
                s.as_ref()
                    .is_some_and(|s| s.commitment.strength.as_str() == "binding")
            };
            let want = match (c.change, c.direction) {
                (CommitmentChangeKind::Added, _) if binding(&c.new) => KeyRank::BindingAdded,
                (CommitmentChangeKind::Added, _) => KeyRank::Added,
                (CommitmentChangeKind::Reworded, Direction::Stronger) => KeyRank::Strengthened,
                _ if binding(&c.old) => KeyRank::BindingWeakenedOrDropped,
                _ => KeyRank::WeakenedOrDropped,
            };
            assert_eq!(
                k.rank,
                want,
                "{old}: {:?}",
                c.old.as_ref().or(c.new.as_ref())
            );
        }

        // JSON lists every key change, in rank order, pointing into `commitments`.
        let json = json_of(&cmp);
        let keys = json["key_changes"].as_array().unwrap();
        assert_eq!(keys.len(), ranked.len());
        for (j, k) in keys.iter().zip(&ranked) {
            assert_eq!(j["commitment"], k.index);
            assert_eq!(j["rank"], k.rank.as_str());
            assert_eq!(j["verdict"], k.verdict.as_str());
            let entry = &json["commitments"][k.index];
            assert_eq!(j["old_paragraph"], entry["old"]["paragraph"]);
            assert_eq!(j["new_paragraph"], entry["new"]["paragraph"]);
        }

        // The reports list the first ten, in that order, then say how many more.
        let shown = ranked.len().min(KEY_CHANGES_SHOWN);
        let more = ranked.len() - shown;
        let t = term(&cmp);
        let m = md(&cmp, 0);
        let h = page(&cmp);
        let t_keys = &t[t.find("\nKey changes\n").expect("terminal key changes")..];
        let t_lines: Vec<&str> = t_keys.lines().skip(2).take(shown).collect();
        let m_keys = &m[m.find("#### Key changes").expect("Markdown key changes")..];
        let m_lines: Vec<&str> = m_keys.lines().skip(2).take(shown).collect();
        let h_keys = &h[h.find("<section class=\"key\"").expect("HTML key changes")..];
        let h_keys = &h_keys[..h_keys.find("</section>").unwrap()];
        let h_lines: Vec<&str> = h_keys.split("<li ").skip(1).collect();
        assert_eq!(h_lines.len(), shown, "{old}: HTML key changes");
        for (i, k) in ranked.iter().take(shown).enumerate() {
            let n = i + 1;
            assert!(
                t_lines[i]
                    .trim_start()
                    .starts_with(&format!("{n}. {}:", k.verdict)),
                "{old}: terminal {n}: {}",
                t_lines[i]
            );
            assert!(
                m_lines[i].starts_with(&format!("{n}. **{}**", k.verdict)),
                "{old}: Markdown {n}: {}",
                m_lines[i]
            );
            assert!(
                h_lines[i].contains(&format!("<b>{}</b>", k.verdict.replace('\'', "&#39;"))),
                "{old}: HTML {n}: {}",
                h_lines[i]
            );
        }
        // Key changes open the report: before any unit and any commitment list.
        assert!(t.find("\nKey changes\n") < t.find(" \u{2192} "));
        assert!(m.find("#### Key changes") < m.find("#### Commitment changes"));
        assert!(h.find("<section class=\"key\"") < h.find("<nav class=\"cm\""));
        let said = |r: &str| r.contains(&format!("and {more} more"));
        assert_eq!(
            said(&t) && said(&m) && said(&h),
            more > 0,
            "{old}: and {more} more"
        );
    }
}

#[test]
fn markdown_cap_cuts_units_and_keeps_the_commitments() {
    let (old, new) = REAL[0];
    let cmp = compare_fixtures(old, new);
    let full = md(&cmp, 0);
    let units_at = full.find("\n#### Changes\n").unwrap();
    let changed = cmp.units.iter().filter(|u| u.is_change()).count();
    // Room for everything before the units and a few of them.
    let budget = units_at + 3_000;
    assert!(budget < full.len());
    let out = redliner()
        .args(["diff", &f(old), &f(new), "--format", "markdown"])
        .args(["--max-bytes", &budget.to_string()])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let cut = String::from_utf8(out).unwrap();
    assert!(cut.len() <= budget);
    // Key changes and every commitment change are there, word for word.
    assert!(cut.starts_with(&full[..units_at]), "commitments were cut");
    let shown = cut
        .lines()
        .filter(|l| l.starts_with("**") && l.contains("** \u{b7} "))
        .count();
    assert!(
        shown > 0 && shown < changed,
        "{shown} of {changed} units shown"
    );
    let last = cut.lines().last().unwrap();
    let missing = changed - shown;
    assert!(
        last.starts_with(&format!(
            "**{missing} more changes not shown** ({missing} changed units, 0 commitment changes)"
        )),
        "{last}"
    );
}

/// The text of a marked-up sentence with the markers taken out.
fn unmarked(s: &str, markers: &[&str]) -> String {
    let mut s = s.to_owned();
    for m in markers {
        s = s.replace(m, "");
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn reworded_commitments_show_both_sentences_in_full() {
    for (old, new) in REAL {
        let cmp = compare_fixtures(old, new);
        let t = term(&cmp);
        let m = md(&cmp, 0);
        let h = page(&cmp);
        let t_old: Vec<String> = t
            .lines()
            .filter_map(|l| l.strip_prefix("           old: "))
            .map(|l| unmarked(l, &["[-", "-]", "{+", "+}"]))
            .collect();
        let t_new: Vec<String> = t
            .lines()
            .filter_map(|l| l.strip_prefix("           new: "))
            .map(|l| unmarked(l, &["[-", "-]", "{+", "+}"]))
            .collect();
        let m_old: Vec<&str> = m
            .lines()
            .filter_map(|l| l.strip_prefix("  - *old:* "))
            .collect();
        let m_new: Vec<&str> = m
            .lines()
            .filter_map(|l| l.strip_prefix("  - *new:* "))
            .collect();
        let reworded: Vec<_> = cmp
            .commitments
            .iter()
            .filter(|c| c.change == CommitmentChangeKind::Reworded)
            .collect();
        assert_eq!(t_old.len(), reworded.len(), "{old}: terminal");
        assert_eq!(m_old.len(), reworded.len(), "{old}: Markdown");
        assert_eq!(m_new.len(), reworded.len(), "{old}: Markdown");
        // The report groups them; compare as sets of sentences.
        for c in &reworded {
            let (o, n) = (
                words(&c.old.as_ref().unwrap().commitment.text),
                words(&c.new.as_ref().unwrap().commitment.text),
            );
            assert!(t_old.contains(&o), "{old}: terminal lacks old sentence {o}");
            assert!(t_new.contains(&n), "{old}: terminal lacks new sentence {n}");
            let esc = |s: &str| redliner::render::escape_markdown(s);
            let strip = |l: &&str| unmarked(l, &["~~", "**", "<!-- -->"]);
            assert!(
                m_old.iter().map(strip).any(|l| l == words(&esc(&o))),
                "{old}: Markdown lacks old sentence {o}"
            );
            assert!(
                m_new.iter().map(strip).any(|l| l == words(&esc(&n))),
                "{old}: Markdown lacks new sentence {n}"
            );
        }
        let panel = &h[h.find("<nav class=\"cm\"").unwrap()..];
        let panel = &panel[..panel.find("</nav>").unwrap()];
        assert_eq!(panel.matches("<q class=\"s\">").count(), 2 * reworded.len());
        let quoted: Vec<String> = panel
            .split("<q class=\"s\">")
            .skip(1)
            .map(|q| {
                let q = &q[..q.find("</q>").unwrap()];
                let q = q
                    .replacen("<i>old:</i>", "", 1)
                    .replacen("<i>new:</i>", "", 1);
                unmarked(&q, &["<del>", "</del>", "<ins>", "</ins>"])
            })
            .collect();
        let html_escape = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;")
        };
        for c in &reworded {
            for side in [&c.old, &c.new] {
                let text = words(&html_escape(&side.as_ref().unwrap().commitment.text));
                assert!(quoted.contains(&text), "{old}: HTML lacks {text}");
            }
        }
        assert!(!m_old.iter().chain(&m_new).any(|l| l.contains('\u{2026}')));
    }
}

#[test]
fn html_panel_lists_weakened_and_strengthened_first_and_collapses_long_lists() {
    let (old, new) = REAL[0];
    let cmp = compare_fixtures(old, new);
    let h = page(&cmp);
    let panel = &h[h.find("<nav class=\"cm\"").unwrap()..];
    let panel = &panel[..panel.find("</nav>").unwrap()];
    let at = |title: &str| panel.find(&format!("<h3>{title} (")).unwrap();
    assert!(at("Weakened") < at("Strengthened"));
    assert!(at("Strengthened") < at("Reworded, no direction"));
    assert!(at("Reworded, no direction") < at("Dropped"));
    assert!(at("Dropped") < at("Added"));
    let s = &cmp.commitment_summary;
    assert!(s.removed > 5 && s.added > 5);
    assert!(panel.contains(&format!(
        "<details class=\"grp\"><summary><h3>Dropped ({})</h3></summary>",
        s.removed
    )));
    assert!(panel.contains(&format!(
        "<details class=\"grp\"><summary><h3>Added ({})</h3></summary>",
        s.added
    )));
    // Weakened and strengthened are never collapsed.
    assert!(!panel.contains("<summary><h3>Weakened"));
    assert!(!panel.contains("<summary><h3>Strengthened"));
    // A short list stays open: the b9 pair drops fewer than six.
    let small = compare_fixtures("b9-2024.txt", "b9-2025-commitments.txt");
    let p = page(&small);
    if small.commitment_summary.removed <= 5 && small.commitment_summary.removed > 0 {
        assert!(p.contains(&format!(
            "<h3>Dropped ({})</h3>",
            small.commitment_summary.removed
        )));
        assert!(!p.contains("<summary><h3>Dropped"));
    }
}
