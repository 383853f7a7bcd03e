use super::*;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Every link (target, text) pulldown-cmark finds in `markdown`, with GitHub's tables.
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

fn html_of(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, Options::ENABLE_TABLES));
    html
}

#[test]
fn terminal_shows_controls_in_caret_notation() {
    assert_eq!(
        terminal("\u{1b}]0;pwned\u{7}\u{1b}[2J"),
        "^[]0;pwned^G^[[2J"
    );
    assert_eq!(terminal("a\u{7f}b\u{0}"), "a^?b^@");
    assert_eq!(terminal("one\ntwo\tthree"), "one\ntwo\tthree");
    assert_eq!(terminal("win\r\nline\rover"), "win\nline^Mover");
    assert_eq!(terminal("csi\u{9b}2J"), "csi<U+009B>2J");
    for text in [
        "plain",
        "one\ntwo\tthree",
        "",
        "\u{1b}[1m",
        "a\r\nb",
        "\u{7f}",
        "\u{2066}",
    ] {
        assert_eq!(terminal_is_plain(text), terminal(text) == text, "{text:?}");
    }
}

#[test]
fn bidi_controls_are_visible_in_every_medium() {
    let text = "Ada \u{202e}ecalevol\u{2066}x\u{2069}";
    for out in [
        terminal(text),
        terminal_output(text, true),
        markdown_inline(text),
        markdown_cell(text),
        markdown_code(text, true),
        csv_cell(text),
        html(text),
        json_fragment(text).into_owned(),
    ] {
        assert!(!out.chars().any(is_bidi_control), "{out:?}");
        assert!(
            out.to_uppercase().contains("U+202E") || out.contains("\\u202e"),
            "{out:?}"
        );
    }
    for c in [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{2067}', '\u{2068}',
    ] {
        assert!(is_bidi_control(c));
    }
    assert!(!is_bidi_control('\u{200f}'));
    assert_eq!(json_fragment("a\u{202e}b"), "a\\u202eb");
}

#[test]
fn terminal_output_keeps_only_colour_sequences() {
    let ours = "\u{1b}[1mbold\u{1b}[0m \u{1b}[32mgreen\u{1b}[0m";
    assert_eq!(terminal_output(ours, true), ours);
    assert_eq!(
        terminal_output(ours, false),
        "^[[1mbold^[[0m ^[[32mgreen^[[0m"
    );
    // A title change, a clear screen, a clipboard write and a cursor move are all shown.
    let hostile = "\u{1b}]0;t\u{7}\u{1b}[2J\u{1b}]52;c;eA==\u{7}\u{1b}[5A\u{1b}";
    let shown = terminal_output(hostile, true);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown}"
    );
    assert_eq!(shown, "^[]0;t^G^[[2J^[]52;c;eA==^G^[[5A^[");
    // Concealed or blinking text is not one of the program's styles.
    assert_eq!(
        terminal_output("\u{1b}[8mhidden\u{1b}[5m", true),
        "^[[8mhidden^[[5m"
    );
}

#[test]
fn markdown_text_cannot_inject_html_or_blocks() {
    assert_eq!(
        markdown_inline("<script>x</script>"),
        "&lt;script&gt;x&lt;/script&gt;"
    );
    assert_eq!(
        markdown_inline("# title\n- item\n1. one"),
        "\\# title\\\n\\- item\\\n1\\. one"
    );
    assert_eq!(markdown_inline("a | b"), "a \\| b");
    assert_eq!(markdown_inline("2024 - 2025 #1"), "2024 - 2025 #1");
    let html = html_of(&markdown_inline(
        "<img src=x onerror=alert(1)> *a* [l](j) ![i](x)",
    ));
    assert!(!html.contains("<img") && !html.contains("<em>") && !html.contains("<a"));
}

#[test]
fn markdown_underscores_between_letters_stay_plain() {
    assert_eq!(markdown_inline("engine_core"), "engine_core");
    assert_eq!(
        markdown_inline("_a_ __b__ x_"),
        "\\_a\\_ \\_\\_b\\_\\_ x\\_"
    );
    assert!(!html_of(&markdown_inline("_a_ snake_case_")).contains("<em>"));
}

#[test]
fn markdown_cells_keep_one_row() {
    assert_eq!(markdown_cell("a|b\nc"), "a\\|b<br>c");
    assert_eq!(markdown_cell("x\r\ny\n"), "x<br>y");
    assert_eq!(markdown_cell("a\rb"), "a<br>b");
    assert_eq!(markdown_inline("a\r- item"), "a\\\n\\- item");
    assert_eq!(markdown_cell("esc\u{1b}[2J"), "esc^\\[\\[2J");
}

#[test]
fn urls_stay_clickable_and_unchanged() {
    for url in [
        "https://github.com/ada/engine_core#readme",
        "https://example.com/search?q=a&b=c_d",
        "http://example.com/a*b~c",
        "https://en.wikipedia.org/wiki/Rust_(programming_language)",
    ] {
        let note = format!("see {url}\nnext line");
        for markdown in [markdown_inline(&note), markdown_cell(&note)] {
            let table = format!("| a |\n| --- |\n| {markdown} |\n");
            let doc = if markdown.contains("<br>") {
                table
            } else {
                markdown
            };
            assert_eq!(links(&doc), vec![(url.to_owned(), url.to_owned())], "{doc}");
        }
    }
}

#[test]
fn a_url_before_a_hard_break_keeps_the_break() {
    let url = "https://example.com/x?a=1&b=2";
    let markdown = markdown_inline(&format!("{url}\nnext"));
    assert_eq!(markdown, format!("<{url}>\\\nnext"));
    assert_eq!(links(&markdown), vec![(url.to_owned(), url.to_owned())]);
    assert!(html_of(&markdown).contains("<br />"));
}

#[test]
fn urls_leave_trailing_punctuation_out() {
    let markdown = markdown_inline("(see https://example.com/a.) and https://x.org/b_(c), ok");
    assert_eq!(
        links(&markdown),
        vec![
            (
                "https://example.com/a".to_owned(),
                "https://example.com/a".to_owned()
            ),
            (
                "https://x.org/b_(c)".to_owned(),
                "https://x.org/b_(c)".to_owned()
            ),
        ]
    );
    assert_eq!(markdown_inline("https://"), "https://");
    assert!(links(&markdown_inline("xhttps://a.b")).is_empty());
}

#[test]
fn a_pipe_in_a_url_in_a_cell_keeps_the_row() {
    // `|` is not a URL character (RFC 3986); its percent-encoding names the same resource.
    let table = format!(
        "| a | b |\n| --- | --- |\n| {} | z |\n",
        markdown_cell("https://example.com/a|b")
    );
    let url = "https://example.com/a%7Cb";
    assert_eq!(links(&table), vec![(url.to_owned(), url.to_owned())]);
    assert_eq!(links(&markdown_inline("https://example.com/a|b")).len(), 1);
    assert!(html_of(&table).contains("<td>z</td>"));
}

#[test]
fn code_spans_survive_backticks() {
    assert_eq!(markdown_code("plain", false), "`plain`");
    assert_eq!(markdown_code("a`b", false), "``a`b``");
    assert_eq!(markdown_code("`x``", false), "``` `x`` ```");
    assert_eq!(markdown_code("a|b", true), "`a\\|b`");
    for id in ["a`b", "``", "`start", "end`", "x```y` z"] {
        let html = html_of(&markdown_code(id, false));
        let expected = format!("<code>{}</code>", id.replace('&', "&amp;"));
        assert!(html.contains(&expected), "{id:?}: {html}");
    }
}

#[test]
fn csv_cells_are_neutralised() {
    for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
        assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
    }
    assert_eq!(csv_cell("a=b"), "a=b");
    assert_eq!(csv_cell(""), "");
    assert_eq!(csv_cell(&csv_cell("=x")), "'=x");
    assert_eq!(csv_cell("a\u{1b}b\nc"), "a^[b\nc");
    for text in [
        "plain",
        "a=b",
        "line\nbreak\ttab",
        "",
        "=x",
        "-1",
        "\u{1b}",
        "a\u{202e}",
        "\u{85}",
    ] {
        assert_eq!(csv_cell_is_plain(text), csv_cell(text) == text, "{text:?}");
    }
    assert!(is_plain_number("-2.5") && is_plain_number("3"));
    assert!(!is_plain_number("-inf") && !is_plain_number("-1+2") && !is_plain_number("1e5"));
    assert!(!is_plain_number("") && !is_plain_number("NaN"));
}

#[test]
fn html_escapes_every_special_character() {
    assert_eq!(
        html("<a href=\"x\" title='y'>&</a>"),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
    );
    assert_eq!(html("line\nnext\u{1b}"), "line\nnext^[");
}

#[test]
fn spreadsheet_text_keeps_lines_and_shows_bidi_and_escape_controls() {
    assert!(matches!(
        spreadsheet("plain\nnotes\twith tab"),
        std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(spreadsheet("a\u{202e}b\u{1b}[2J"), "a<U+202E>b^[[2J");
}

#[test]
fn the_plain_text_check_agrees_with_the_character_rule() {
    let by_character = |text: &str| text.chars().all(|c| visible(c, &['\n', '\t']).is_none());
    let samples = [
        "plain ascii notes",
        "two\nlines\tand a tab",
        "carriage\r\nreturn",
        "escape \u{1b}[2J",
        "delete \u{7f}",
        "nul \u{0}",
        "accents é ü and 日本語",
        "C1 control \u{85} after ascii",
        "é then C1 \u{9b}",
        "bidi \u{202e}reversed",
        "isolate \u{2066}x\u{2069}",
        "left-to-right mark \u{200e} is not a control here",
        "",
    ];
    // Past the first 64-byte chunk, and on a chunk's edge.
    let long: Vec<String> = samples
        .iter()
        .flat_map(|s| {
            [
                format!("{}{s}", "x".repeat(64)),
                format!("{}{s}", "y".repeat(63)),
                format!("{}{s}", "z".repeat(130)),
            ]
        })
        .collect();
    for text in samples
        .iter()
        .copied()
        .chain(long.iter().map(String::as_str))
    {
        assert_eq!(
            is_plain(text, &['\n', '\t']),
            by_character(text),
            "{text:?}"
        );
        assert_eq!(terminal_is_plain(text), terminal(text) == text, "{text:?}");
    }
}

#[test]
fn a_fence_is_longer_than_any_backtick_run_in_its_code() {
    assert_eq!(
        markdown_fence(&["a();", "  b();"]),
        "```\na();\n  b();\n```"
    );
    let hostile = [
        "```",
        "</code></pre><script>x</script>",
        "`````",
        "\u{1b}[2J\tz",
    ];
    let block = markdown_fence(&hostile);
    assert!(
        block.starts_with("``````\n") && block.ends_with("\n``````"),
        "{block}"
    );
    assert!(block.contains("^[[2J\tz"), "{block}");
    let html = html_of(&format!("{block}\n\nafter"));
    assert_eq!(
        html,
        "<pre><code>```\n&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;\n`````\n^[[2J\tz\n</code></pre>\n<p>after</p>\n"
    );
}

#[test]
fn markdown_text_keeps_indentation_as_non_breaking_spaces() {
    assert_eq!(
        markdown_inline("if a:\n    b()\n\tc()\n  \t\nd"),
        "if a:\\\n&nbsp;&nbsp;&nbsp;&nbsp;b()\\\n&nbsp;&nbsp;&nbsp;&nbsp;c()\\\n\\\nd"
    );
    assert_eq!(markdown_cell("x\n  - y"), "x<br>&nbsp;&nbsp;\\- y");
    // Rendered, the spaces are there and no line became a code block or a list.
    let html = html_of(&markdown_inline("    first\n      second"));
    assert_eq!(
        html,
        "<p>\u{a0}\u{a0}\u{a0}\u{a0}first<br />\n\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}second</p>\n"
    );
}
