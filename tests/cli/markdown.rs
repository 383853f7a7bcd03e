//! The Markdown outputs as a real renderer shows them (pulldown-cmark, GitHub tables on): code in
//! prompts as code blocks that keep their indentation and cannot be broken out of, tables with a
//! real header row, counts in the singular for one, room to write in the printed kit, and notes
//! that keep their indentation.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::card::{MarkdownTable, markdown_tables};
use crate::support::{AnswerFile, CardFile, Env, PlanFile, QuestionFile, STANDARD_LABELS};

const NBSP: char = '\u{a0}';

/// A plan for Ada written straight into the workspace, one `async` question per prompt (each
/// `minutes` long); returns the plan id.
fn plan_with_prompts(env: &Env, prompts: &[&str], minutes: u32) -> String {
    let mut plan = PlanFile::new(1, "ada-lovelace");
    "Ada Lovelace".clone_into(&mut plan.candidate);
    plan.labels = Some(STANDARD_LABELS.iter().map(|&l| l.to_owned()).collect());
    plan.categories = vec![("async".to_owned(), "Async".to_owned(), 1.0)];
    plan.questions = prompts
        .iter()
        .enumerate()
        .map(|(i, prompt)| QuestionFile {
            id: format!("q{}", i + 1),
            category: "async".to_owned(),
            prompt: (*prompt).to_owned(),
            minutes,
            expected: vec!["a point".to_owned()],
        })
        .collect();
    plan.write(env);
    plan.id
}

fn kit(env: &Env, plan: &str) -> String {
    env.ok(&["plan", "show", plan, "--format", "markdown"])
}

/// Every code block in `markdown`: (fenced, its text as the renderer gives it).
fn code_blocks(markdown: &str) -> Vec<(bool, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                current = Some((matches!(kind, CodeBlockKind::Fenced(_)), String::new()));
            }
            Event::Text(text) => {
                if let Some((_, code)) = &mut current {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// Every paragraph's text (breaks as newlines, code spans as their text).
fn paragraphs(markdown: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Paragraph) => current = Some(String::new()),
            Event::End(TagEnd::Paragraph) => found.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(paragraph) = &mut current {
                    paragraph.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(paragraph) = &mut current {
                    paragraph.push('\n');
                }
            }
            _ => {}
        }
    }
    found
}

fn html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, Options::ENABLE_TABLES));
    html
}

// ---------------------------------------------------------------------------------------------
// Code in prompts
// ---------------------------------------------------------------------------------------------

#[test]
fn the_kit_shows_code_in_a_prompt_as_a_code_block_with_its_indentation() {
    let env = Env::new();
    let fenced = "What does this print, and why?\n\n```js\nfunction outer() {\n    setTimeout(() => {\n        console.log('late');\n    }, 0);\n}\n```\nThen tell us what changes with `await`.";
    let indented = "Put these in order:\n\n    first();\n      nested();\n    last();";
    let plan = plan_with_prompts(&env, &[fenced, indented], 5);
    let markdown = kit(&env, &plan);

    assert_eq!(
        code_blocks(&markdown),
        [
            (
                true,
                "function outer() {\n    setTimeout(() => {\n        console.log('late');\n    }, 0);\n}\n"
                    .to_owned()
            ),
            // The indentation that marked the lines as code is not part of the code.
            (true, "first();\n  nested();\nlast();\n".to_owned())
        ],
        "{markdown}"
    );
    let rendered = html(&markdown);
    assert!(
        rendered.contains(
            "<pre><code>function outer() {\n    setTimeout(() =&gt; {\n        console.log("
        ),
        "{rendered}"
    );
    let paragraphs = paragraphs(&markdown);
    for prose in [
        "What does this print, and why?",
        "Then tell us what changes with `await`.",
        "Put these in order:",
    ] {
        assert!(
            paragraphs.iter().any(|p| p == prose),
            "{prose:?} is a paragraph of\n{markdown}"
        );
    }
}

#[test]
fn bank_show_markdown_shows_the_built_in_snippet_as_a_code_block() {
    let env = Env::new();
    let markdown = env.ok(&["bank", "show", "--format", "markdown"]);
    assert_eq!(
        code_blocks(&markdown),
        [(
            true,
            "console.log('A');\nsetTimeout(() => console.log('B'), 0);\nsetImmediate(() => console.log('C'));\nPromise.resolve().then(() => console.log('D'));\nprocess.nextTick(() => console.log('E'));\nconsole.log('F');\n"
                .to_owned()
        )],
        "the execution-order puzzle's snippet, one line of code each:\n{markdown}"
    );
}

#[test]
fn a_prompt_cannot_break_out_of_its_code_block() {
    let env = Env::new();
    // Backtick runs inside the code, markup meant to close the block's HTML, and a fence the
    // prompt never closes: the rest of the kit must stay out of the code.
    let hostile = "Read this:\n```\nlet fence = \"````\";\n</code></pre><script>alert(1)</script>;\n```\nThen this:\n```\n  tail();";
    let plan = plan_with_prompts(&env, &[hostile], 5);
    let markdown = kit(&env, &plan);

    assert_eq!(
        code_blocks(&markdown),
        [
            (
                true,
                "let fence = \"````\";\n</code></pre><script>alert(1)</script>;\n".to_owned()
            ),
            (true, "tail();\n".to_owned())
        ],
        "{markdown}"
    );
    let rendered = html(&markdown);
    assert!(!rendered.contains("<script"), "{rendered}");
    assert!(
        rendered.contains("<p><strong>A strong answer covers</strong></p>"),
        "the kit goes on after the unclosed fence:\n{rendered}"
    );
    assert!(
        paragraphs(&markdown).iter().any(|p| p == "Then this:"),
        "{markdown}"
    );
}

// ---------------------------------------------------------------------------------------------
// Table headers
// ---------------------------------------------------------------------------------------------

/// A submitted scorecard of Grace on Ada's plan 1, one rated answer per `(question, notes)`.
fn card_with_notes(env: &Env, answers: &[(&str, &str)], summary: Option<&str>) -> String {
    let mut card = CardFile::new(1, "ada-lovelace", "Grace Hopper")
        .candidate("Ada Lovelace", "Engineer")
        .labels(&STANDARD_LABELS)
        .category("async", 1.0);
    card.summary = summary.map(ToOwned::to_owned);
    for (question, notes) in answers {
        card.answers.push(
            AnswerFile::rated(question, "async", 3)
                .rated_at("2026-11-26T09:30:00Z")
                .notes(notes),
        );
    }
    card.write(env);
    card.id
}

fn assert_every_header_cell_is_named(tables: &[MarkdownTable], markdown: &str) {
    for table in tables {
        assert!(
            table.header.iter().all(|cell| !cell.trim().is_empty()),
            "every column has a name: {:?} in\n{markdown}",
            table.header
        );
    }
}

#[test]
fn key_value_tables_have_a_header_row() {
    let env = Env::new();
    let plan = plan_with_prompts(&env, &["Why?"], 5);
    let card = card_with_notes(&env, &[("q1", "fine")], None);
    let documents = [
        ("kit", kit(&env, &plan)),
        (
            "scorecard",
            env.ok(&["show", &card, "--format", "markdown"]),
        ),
        ("candidate document", env.ok(&["export", "markdown"])),
    ];
    for (what, markdown) in documents {
        let tables = markdown_tables(&markdown);
        let first = tables
            .first()
            .unwrap_or_else(|| panic!("a table in the {what}"));
        assert_eq!(first.header, ["Field", "Value"], "the {what}:\n{markdown}");
        // The first pair is a row of the table, no longer standing in for its header.
        assert_eq!(first.rows[0][0], "Candidate", "the {what}:\n{markdown}");
        assert!(
            html(&markdown).contains("<thead><tr><th>Field</th><th>Value</th></tr></thead>"),
            "the {what}:\n{markdown}"
        );
        assert_every_header_cell_is_named(&tables, &markdown);
    }
}

// ---------------------------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------------------------

const ONE_QUESTION_BANK: &str = r#"schema = 1
id = "one"
title = "One question"
version = "1"

[[categories]]
id = "async"
title = "Async"

[[questions]]
id = "event-loop"
category = "async"
prompt = "Explain the event loop."
minutes = 1
expected = ["phases"]
"#;

#[test]
fn one_question_is_one_question_not_one_questions() {
    let env = Env::new();
    let plan = plan_with_prompts(&env, &["Why?"], 1);

    let markdown = kit(&env, &plan);
    let tables = markdown_tables(&markdown);
    let questions = tables[0]
        .rows
        .iter()
        .find(|row| row[0] == "Questions")
        .unwrap_or_else(|| panic!("a Questions row in\n{markdown}"));
    assert_eq!(questions[1], "1 question, 1 minute");

    let text = env.ok(&["plan", "show", &plan]);
    assert!(text.contains("| 1 question, 1 minute\n"), "{text}");
    let started = env.ok(&["start", &plan, "--interviewer", "Grace Hopper"]);
    assert!(
        started.contains(", interviewer Grace Hopper, 1 question, draft"),
        "{started}"
    );

    env.write("ws/banks/one.toml", ONE_QUESTION_BANK);
    let bank = env.ok(&["bank", "show", "--bank", "one", "--format", "markdown"]);
    assert!(
        paragraphs(&bank).contains(&"one version 1, 1 question.".to_owned()),
        "{bank}"
    );

    // Two of each stay plural.
    let env_two = Env::new();
    let plan_two = plan_with_prompts(&env_two, &["Why?", "How?"], 1);
    assert!(
        kit(&env_two, &plan_two).contains("| Questions | 2 questions, 2 minutes |"),
        "plural for more than one"
    );
}

#[test]
fn a_round_budget_of_one_minute_is_said_in_the_singular() {
    let env = Env::new();
    let bank = ONE_QUESTION_BANK.replace("minutes = 1\n", "minutes = 5\n")
        + "\n[[rounds]]\nid = \"blitz\"\ntitle = \"Blitz\"\nminutes = 1\npick = { async = 1 }\n";
    env.write("team.toml", bank);
    let stderr = env.fails(&["bank", "check", "team.toml"], 1);
    assert!(
        stderr.contains(
            "round `blitz` has a budget of 1 minute, but its shortest possible pick takes 5"
        ),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// Room to write in the kit
// ---------------------------------------------------------------------------------------------

/// Per `**Notes**` paragraph: how many ruled lines (thematic breaks) and how many blank lines (a
/// paragraph of non-breaking spaces alone) follow it before the next heading.
fn notes_areas(markdown: &str) -> Vec<(usize, usize)> {
    let mut areas: Vec<(usize, usize)> = Vec::new();
    let mut open = false;
    let mut strong = false;
    let mut paragraph: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => open = false,
            Event::Start(Tag::Strong) => strong = true,
            Event::End(TagEnd::Strong) => strong = false,
            Event::Start(Tag::Paragraph) => paragraph = Some(String::new()),
            Event::Text(text) => {
                if strong && text.as_ref() == "Notes" {
                    areas.push((0, 0));
                    open = true;
                } else if let Some(p) = &mut paragraph {
                    p.push_str(&text);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                let text = paragraph.take().unwrap_or_default();
                if open && !text.is_empty() && text.chars().all(|c| c == NBSP) {
                    areas.last_mut().expect("a notes area").1 += 1;
                }
            }
            Event::Rule if open => areas.last_mut().expect("a notes area").0 += 1,
            _ => {}
        }
    }
    areas
}

#[test]
fn the_kit_leaves_room_to_write_after_notes() {
    let env = Env::new();
    let plan = plan_with_prompts(&env, &["Why?", "How?", "What else?"], 5);
    let markdown = kit(&env, &plan);
    assert_eq!(
        notes_areas(&markdown),
        [(4, 4); 3],
        "four ruled lines with a blank line above each, after every question's notes:\n{markdown}"
    );
    // Rendered: space a browser or a PDF keeps, and rules to write on.
    let rendered = html(&markdown);
    assert_eq!(
        rendered.matches("<p>\u{a0}</p>\n<hr />").count(),
        12,
        "{rendered}"
    );
}

// ---------------------------------------------------------------------------------------------
// Indentation in notes
// ---------------------------------------------------------------------------------------------

#[test]
fn notes_and_summaries_keep_their_indentation() {
    let env = Env::new();
    let notes = "Wrote:\nfn main() {\n    let x = 1;\n\tif x > 0 { go(); }\n}\n  - not a list\n    # not a heading";
    let summary = "Strong on:\n  1. ownership\n      lifetimes too";
    let card = card_with_notes(&env, &[("q1", notes)], Some(summary));
    let indent = |n: usize| NBSP.to_string().repeat(n);
    let shown = format!(
        "Wrote:\nfn main() {{\n{four}let x = 1;\n{four}if x > 0 {{ go(); }}\n}}\n{two}- not a list\n{four}# not a heading",
        four = indent(4),
        two = indent(2)
    );
    let shown_summary = format!(
        "Strong on:\n{}1. ownership\n{}lifetimes too",
        indent(2),
        indent(6)
    );

    for (what, markdown) in [
        ("show", env.ok(&["show", &card, "--format", "markdown"])),
        ("export", env.ok(&["export", "markdown"])),
    ] {
        let tables = markdown_tables(&markdown);
        let answers = tables
            .iter()
            .find(|t| t.header.first().is_some_and(|h| h == "#"))
            .unwrap_or_else(|| panic!("the answers table of {what}:\n{markdown}"));
        assert_eq!(answers.rows[0][4], shown, "{what}:\n{markdown}");
        assert!(
            paragraphs(&markdown).contains(&shown_summary),
            "{what}: the summary keeps its indentation:\n{markdown}"
        );
        assert!(
            code_blocks(&markdown).is_empty(),
            "{what}: no accidental code block"
        );
        let rendered = html(&markdown);
        assert!(!rendered.contains("<h1>not"), "{rendered}");
        assert!(
            !rendered.contains("<li>"),
            "{what}: no accidental list:\n{rendered}"
        );
    }
}
