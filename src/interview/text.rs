//! Text for the terminal: wrapping by display width (CJK and emoji are two columns wide) without
//! breaking words, prompts whose code keeps its layout, and user text made safe to draw.

use unicode_width::UnicodeWidthStr;

use crate::prompt::{self, Line};

/// One piece of a prompt: prose to wrap, or a line of code to keep as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Prose(String),
    Code(String),
    Blank,
}

/// Replaces control characters (escape sequences, bells, carriage returns) so that text from a
/// file can never drive the terminal; tabs become four spaces so widths stay known.
#[must_use]
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Splits a prompt into prose and code, read as [`prompt::lines`] reads it: code lines keep
/// their spacing, while the lines of a prose paragraph are joined to be rewrapped.
#[must_use]
pub fn blocks(prompt: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut prose = String::new();
    let flush = |prose: &mut String, out: &mut Vec<Block>| {
        if !prose.is_empty() {
            out.push(Block::Prose(std::mem::take(prose)));
        }
    };
    for line in prompt::lines(prompt) {
        match line {
            Line::Fence => flush(&mut prose, &mut out),
            Line::Code(code) => {
                flush(&mut prose, &mut out);
                out.push(Block::Code(clean(code)));
            }
            Line::Blank => {
                flush(&mut prose, &mut out);
                // One blank line between paragraphs and around code, however many the text has.
                if out.last().is_some_and(|b| *b != Block::Blank) {
                    out.push(Block::Blank);
                }
            }
            Line::Prose(text) => {
                if !prose.is_empty() {
                    prose.push(' ');
                }
                prose.push_str(text);
            }
        }
    }
    flush(&mut prose, &mut out);
    out
}

/// Wraps `text` to `width` display columns. Words move whole to the next line; only a word wider
/// than the whole line is cut. Line breaks in the text are kept.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let text = clean(text);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        if paragraph.trim().is_empty() {
            lines.push(String::new());
            continue;
        }
        let options = textwrap::Options::new(width).break_words(true);
        lines.extend(
            textwrap::wrap(paragraph, options)
                .into_iter()
                .map(std::borrow::Cow::into_owned),
        );
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A prompt laid out for `width` columns: each line with whether it is code.
#[must_use]
pub fn prompt_lines(prompt: &str, width: usize) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for block in blocks(prompt) {
        match block {
            Block::Prose(text) => out.extend(wrap(&text, width).into_iter().map(|l| (l, false))),
            Block::Code(line) => out.push((line, true)),
            Block::Blank => out.push((String::new(), false)),
        }
    }
    out
}

/// Display width in terminal columns.
#[must_use]
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `columns` display columns (never cut).
#[must_use]
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_owned();
    out.push_str(&" ".repeat(columns.saturating_sub(width(text))));
    out
}

/// A count with its noun, singular for one: `1 question`, `2 questions`, `0 minutes`.
#[must_use]
pub fn count(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Seconds as `mm:ss` (minutes past 99 keep growing: `123:04`).
#[must_use]
pub fn clock(seconds: u64) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width_and_never_inside_a_word() {
        let text = "a scheduler that handles arbitrary sleeps and timers";
        for line in wrap(text, 30) {
            assert!(width(&line) <= 30, "{line}");
        }
        assert!(wrap(text, 30).iter().all(|l| !l.ends_with("slee")));
        assert_eq!(
            wrap(text, 30),
            ["a scheduler that handles", "arbitrary sleeps and timers"]
        );
        // Four CJK characters are eight columns.
        for line in wrap("事件循环的各个阶段是什么", 8) {
            assert!(width(&line) <= 8, "{line}");
        }
        assert_eq!(wrap("事件循环的各个阶段", 8)[0], "事件循环");
    }

    #[test]
    fn code_keeps_its_layout() {
        let prompt = "What does this print?\n\n```\nsetTimeout(() => log('a'));\n  Promise.resolve().then(() => log('b'));\n```\nExplain why.";
        let lines = prompt_lines(prompt, 30);
        assert_eq!(lines[0], ("What does this print?".to_owned(), false));
        assert_eq!(lines[1], (String::new(), false));
        assert!(lines.contains(&("  Promise.resolve().then(() => log('b'));".to_owned(), true)));
        assert_eq!(lines.last(), Some(&("Explain why.".to_owned(), false)));
        let indented = prompt_lines("Order:\n    a();\n      b();", 80);
        assert_eq!(indented[2], ("      b();".to_owned(), true));
        assert_eq!(
            blocks("a\n\n\nb").len(),
            3,
            "paragraphs keep one blank line"
        );
    }

    #[test]
    fn a_snippet_without_fence_or_indent_keeps_its_lines() {
        // The built-in bank's execution-order puzzle, as its prompt reads after TOML parsing.
        let prompt = "Predict the output of this snippet, saved as a CommonJS file and run with node, and explain why:\n\nconsole.log('A');\nsetTimeout(() => console.log('B'), 0);\nPromise.resolve().then(() => console.log('D'));\nconsole.log('F');";
        let lines = prompt_lines(prompt, 40);
        let code: Vec<&str> = lines
            .iter()
            .filter(|(_, code)| *code)
            .map(|(l, _)| l.as_str())
            .collect();
        assert_eq!(
            code,
            [
                "console.log('A');",
                "setTimeout(() => console.log('B'), 0);",
                "Promise.resolve().then(() => console.log('D'));",
                "console.log('F');"
            ]
        );
        assert!(lines[0].0.starts_with("Predict the output of this"));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(clean("a\u{1b}[2Jb\u{7}\tc"), "a\u{fffd}[2Jb\u{fffd}    c");
        assert_eq!(clock(65), "01:05");
        assert_eq!(count(1, "question"), "1 question");
        assert_eq!(count(0, "minute"), "0 minutes");
        assert_eq!(count(2, "minute"), "2 minutes");
        assert_eq!(pad("事件", 6), "事件  ");
    }
}
