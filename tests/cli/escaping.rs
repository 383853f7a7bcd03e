//! Output that files from teammates cannot subvert: the terminal receives no escape sequence from
//! user text, Markdown no element from it, CSV no formula, no medium a raw bidirectional control;
//! URLs in notes stay links.
//!
//! Hostile values are written straight into files where the CLI would not take them. Where the
//! workspace's validation refuses such a file, the command must fail cleanly instead; either
//! way nothing raw reaches the reader, which is what these tests check.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::support::{
    ASYNC_ROUND, Env, assert_clean_error, plan_new, start, write_card_with_notes,
};

const BIDI: [char; 9] = [
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// Runs a command that must either succeed or fail with one clean error; returns
/// `(succeeded, stdout, stderr)`. A file that validation refuses takes the second way.
fn run_either(env: &Env, args: &[&str]) -> (bool, String, String) {
    let output = env.cmd().args(args).output().expect("run scorecard");
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    if !output.status.success() {
        // 1 for a refused file, 2 for a refused flag value (`rate --notes` with an escape).
        assert!(matches!(output.status.code(), Some(1 | 2)), "{stderr}");
        assert_clean_error(&stderr);
    }
    (output.status.success(), stdout, stderr)
}

/// Nothing a terminal would act on: no control character but newline and tab, no bidi control.
fn assert_terminal_safe(text: &str, what: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| (c.is_control() && !matches!(c, '\n' | '\t')) || BIDI.contains(c))
        .collect();
    assert!(bad.is_empty(), "{what} carries raw {bad:?}:\n{text}");
}

/// Markdown rendered to HTML (GitHub tables on), and the raw HTML pulldown-cmark passed through.
fn markdown_html(markdown: &str) -> (String, Vec<String>) {
    let options = Options::ENABLE_TABLES;
    let raw = Parser::new_ext(markdown, options)
        .filter_map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Some(html.to_string()),
            _ => None,
        })
        .collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options));
    (html, raw)
}

/// Every link in Markdown as (target, text).
fn links(markdown: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                current = Some((dest_url.to_string(), String::new()));
            }
            Event::Text(text) => {
                if let Some((_, t)) = current.as_mut() {
                    t.push_str(&text);
                }
            }
            Event::End(TagEnd::Link) => found.extend(current.take()),
            _ => {}
        }
    }
    found
}

/// Every inline code span in Markdown.
fn code_spans(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .filter_map(|event| match event {
            Event::Code(code) => Some(code.to_string()),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The terminal
// ---------------------------------------------------------------------------------------------

#[test]
fn notes_with_escape_sequences_reach_the_terminal_visibly() {
    let env = Env::new();
    let card = start(
        &env,
        &plan_new(&env, "Ada Lovelace", &ASYNC_ROUND),
        "Grace Hopper",
    );
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}";
    let (rated, _, stderr) = run_either(
        &env,
        &["rate", &card, "1", "--score", "3", "--notes", hostile],
    );
    assert_terminal_safe(&stderr, "rate's error");
    if rated {
        for format in ["table", "markdown", "json"] {
            let (shown, stdout, stderr) = run_either(&env, &["show", &card, "--format", format]);
            assert!(shown, "{stderr}");
            assert_terminal_safe(&stdout, &format!("show --format {format}"));
            if format != "json" {
                assert!(
                    stdout.contains("^[]0;pwned^G^[[2J^[]52;c;cHduZWQ=^G")
                        || stdout.contains("^\\[\\]0;pwned^G^\\[\\[2J"),
                    "shown visibly:\n{stdout}"
                );
            }
        }
    }
    // The same notes written into the file by hand: shown visibly or refused, never raw.
    let eve = write_card_with_notes(&env, "eve", &[("event-loop-phases", "async", hostile)]);
    for args in [
        vec!["list"],
        vec!["show", &eve],
        vec!["compare"],
        vec!["export", "markdown"],
        vec!["export", "csv"],
    ] {
        let (_, stdout, stderr) = run_either(&env, &args);
        assert_terminal_safe(&stdout, &format!("{args:?}"));
        assert_terminal_safe(&stderr, &format!("{args:?} stderr"));
    }
}

#[test]
fn errors_echoing_user_text_show_its_control_characters_visibly() {
    let env = Env::new();
    plan_new(&env, "Ada Lovelace", &ASYNC_ROUND);
    for args in [
        vec!["show", "\u{1b}[2J\u{1b}]0;x\u{7}"],
        vec!["purge", "--candidate", "\u{1b}[2J\u{1b}]0;x\u{7}", "--yes"],
        vec!["plan", "show", "\u{1b}[2J\u{1b}]0;x\u{7}"],
        vec!["list", "--status", "\u{1b}[2J\u{1b}]0;x\u{7}"],
        vec!["show", "--\u{1b}[2J\u{1b}]0;x\u{7}"],
    ] {
        let output = env.cmd().args(&args).output().expect("run scorecard");
        let stderr = String::from_utf8(output.stderr).expect("UTF-8");
        assert!(!output.status.success(), "{args:?}");
        assert_terminal_safe(&stderr, &format!("{args:?}"));
        // Usage errors (exit 2) come from the argument parser, which drops escape sequences
        // from what it quotes; the others show them.
        if output.status.code() == Some(1) {
            assert!(stderr.contains("^[[2J^[]0;x^G"), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn a_right_to_left_override_in_a_name_cannot_reorder_the_kit_or_the_hr_document() {
    let env = Env::new();
    let name = "Ada \u{202e}ecalevoL\u{2066}";
    let (planned, kit, stderr) = run_either(
        &env,
        &[
            "plan",
            "new",
            "--candidate",
            name,
            "--pick",
            "async=2",
            "--seed",
            "7",
        ],
    );
    assert_terminal_safe(&kit, "the kit");
    assert_terminal_safe(&stderr, "plan new's error");
    if !planned {
        return;
    }
    assert!(kit.contains("Ada <U+202E>ecalevoL<U+2066>"), "{kit}");
    let plan_id = env.json(&["plan", "list"])[0]["id"]
        .as_str()
        .expect("plan id")
        .to_owned();
    let markdown = env.ok(&["plan", "show", &plan_id, "--format", "markdown"]);
    assert_terminal_safe(&markdown, "the Markdown kit");
    let card = start(&env, &plan_id, "Grace Hopper");
    env.ok(&["rate", &card, "1", "--score", "3"]);
    env.ok(&["rate", &card, "2", "--score", "2"]);
    env.ok(&["submit", &card, "--recommendation", "yes"]);
    for args in [
        vec!["export", "markdown"],
        vec!["export", "csv"],
        vec!["export", "csv", "--shape", "summary"],
        vec!["compare"],
        vec!["compare", "--format", "json"],
        vec!["list", "--format", "json"],
        vec!["show", &card],
    ] {
        let out = env.ok(&args);
        assert_terminal_safe(&out, &format!("{args:?}"));
        assert!(
            out.contains("U+202E") || out.contains("\\u202e"),
            "{args:?} shows where the override was:\n{out}"
        );
    }
    let exported = env.ok(&["export", "markdown"]);
    assert!(
        exported.contains("# Ada &lt;U+202E&gt;ecalevoL&lt;U+2066&gt;"),
        "{exported}"
    );
}

// ---------------------------------------------------------------------------------------------
// Markdown and CSV
// ---------------------------------------------------------------------------------------------

#[test]
fn ids_from_files_cannot_inject_html_close_code_spans_or_start_formulas() {
    let env = Env::new();
    let img = "<img src=x onerror=alert(1)>";
    let formula = "=HYPERLINK(\"http://evil\",\"x\")";
    let card = write_card_with_notes(
        &env,
        "ada",
        &[
            ("event-loop-phases", img, ""),
            ("tick`<b>bold</b>`", formula, ""),
        ],
    );
    for args in [
        vec!["show", card.as_str(), "--format", "markdown"],
        vec!["export", "markdown"],
    ] {
        let (ok, markdown, _) = run_either(&env, &args);
        if !ok {
            continue;
        }
        let (html, raw) = markdown_html(&markdown);
        assert!(raw.is_empty(), "{args:?}: raw HTML {raw:?}\n{markdown}");
        assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
        assert!(
            code_spans(&markdown).contains(&"tick`<b>bold</b>`".to_owned()),
            "{args:?}: the question id in one code span:\n{markdown}"
        );
    }
    for args in [
        vec!["export", "csv", "--shape", "summary"],
        vec!["compare", "--format", "csv"],
        vec!["export", "csv"],
    ] {
        let (ok, csv, _) = run_either(&env, &args);
        if !ok {
            continue;
        }
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let mut cells: Vec<String> = reader
            .headers()
            .expect("header row")
            .iter()
            .map(str::to_owned)
            .collect();
        for record in reader.records() {
            cells.extend(record.expect("CSV row").iter().map(str::to_owned));
        }
        assert!(
            cells.iter().any(|c| c.contains("HYPERLINK")),
            "{args:?} names the category:\n{csv}"
        );
        for cell in &cells {
            assert!(
                !(cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err())),
                "{args:?}: cell `{cell}` would run as a formula"
            );
        }
    }
}

#[test]
fn urls_in_notes_stay_clickable_and_unchanged_in_markdown() {
    let env = Env::new();
    let card = start(
        &env,
        &plan_new(&env, "Ada Lovelace", &ASYNC_ROUND),
        "Grace Hopper",
    );
    let readme = "https://github.com/ada/engine_core#readme";
    let query = "https://example.com/search?q=a&b=c_d";
    let end = "https://example.com/end_of_line";
    env.ok(&[
        "rate",
        &card,
        "1",
        "--score",
        "3",
        "--notes",
        &format!("see {readme} and {query}.\nalso {end}\nlast line"),
    ]);
    env.ok(&["rate", &card, "2", "--score", "2"]);
    env.ok(&[
        "submit",
        &card,
        "--recommendation",
        "yes",
        "--summary",
        &format!("Details at {end}\nnext line (see {readme})"),
    ]);
    for args in [
        vec!["show", card.as_str(), "--format", "markdown"],
        vec!["export", "markdown"],
    ] {
        let markdown = env.ok(&args);
        let found = links(&markdown);
        for (url, times) in [(readme, 2), (query, 1), (end, 2)] {
            assert_eq!(
                found
                    .iter()
                    .filter(|(target, text)| target == url && text == url)
                    .count(),
                times,
                "{args:?}: `{url}` as a link to itself: {found:?}\n{markdown}"
            );
        }
        let (html, _) = markdown_html(&markdown);
        assert!(
            !html.contains("amp;amp;") && !html.contains("%5C"),
            "{html}"
        );
        // The summary's line break after the URL is still a hard break.
        assert!(
            html.contains(&format!("<a href=\"{end}\">{end}</a><br />")),
            "{args:?}: the hard break after the URL:\n{html}"
        );
    }
}
