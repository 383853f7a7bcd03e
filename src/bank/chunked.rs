//! Parsing a large bank on every core. A bank of tens of thousands of questions is megabytes of
//! TOML, and one parser reads about 70 MB/s; splitting the `[[questions]]` run into pieces parsed
//! in parallel brings `plan new` on such a bank down to a fraction of that.
//!
//! This is only a faster route to the same result: it applies to the usual layout (settings and
//! categories, one run of `[[questions]]` tables, then other tables), and whenever anything does
//! not fit or fails to parse, the caller parses the whole file the ordinary way, so every error
//! is reported exactly as for a small file. Spans are shifted back to positions in the file.

use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;

use super::raw::{RawBank, RawCategory, RawQuestion, RawRound, RawScale};

/// Files smaller than this are parsed in one piece: splitting would not pay.
const MIN_BYTES: usize = 1 << 20;
const HEADER: &str = "[[questions]]";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionsOnly {
    questions: Vec<RawQuestion>,
}

/// The tables that may follow the question run.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tail {
    scale: Option<RawScale>,
    #[serde(default)]
    categories: Vec<RawCategory>,
    #[serde(default)]
    rounds: Vec<RawRound>,
}

/// The bank parsed in pieces, or None to parse it whole.
pub(super) fn parse_in_chunks(text: &str) -> Option<RawBank> {
    if text.len() < MIN_BYTES {
        return None;
    }
    parse_pieces(text, rayon::current_num_threads() * 4)
}

/// Parses the question run in about `count` pieces and the rest of the file on its own.
fn parse_pieces(text: &str, count: usize) -> Option<RawBank> {
    let (start, end) = question_run(text)?;
    let pieces = split_run(text, start, end, count);
    let (head, questions) = rayon::join(
        || {
            let mut head: RawBank = toml::from_str(&text[..start]).ok()?;
            let tail: Tail = toml::from_str(&text[end..]).ok()?;
            if head.scale.is_some() && tail.scale.is_some() {
                return None;
            }
            head.scale = head.scale.or(tail.scale.map(|s| shift_scale(s, end)));
            head.categories
                .extend(tail.categories.into_iter().map(|c| shift_category(c, end)));
            head.rounds
                .extend(tail.rounds.into_iter().map(|r| shift_round(r, end)));
            Some(head)
        },
        || {
            pieces
                .par_iter()
                .map(|&(from, to)| {
                    let piece: QuestionsOnly = toml::from_str(&text[from..to]).ok()?;
                    Some(
                        piece
                            .questions
                            .into_iter()
                            .map(|q| shift(q, from))
                            .collect::<Vec<_>>(),
                    )
                })
                .collect::<Option<Vec<Vec<RawQuestion>>>>()
        },
    );
    let mut bank = head?;
    if !bank.questions.is_empty() {
        return None;
    }
    bank.questions = questions?.into_iter().flatten().collect();
    Some(bank)
}

/// Byte range of the one run of `[[questions]]` tables: from the first such header to the next
/// header of another table (or the end). None if a `[[questions]]` header appears after it.
fn question_run(text: &str) -> Option<(usize, usize)> {
    let headers = header_offsets(text);
    let first = headers
        .iter()
        .position(|&at| text[at..].starts_with(HEADER))?;
    let start = headers[first];
    let after = headers[first..]
        .iter()
        .position(|&at| !text[at..].starts_with(HEADER))
        .map(|i| first + i);
    let end = after.map_or(text.len(), |i| headers[i]);
    let later = after.map_or(&[][..], |i| &headers[i..]);
    if later.iter().any(|&at| text[at..].starts_with(HEADER)) {
        return None;
    }
    Some((start, end))
}

/// Offsets of lines that start with `[` (table headers, or lines inside multi-line values; a
/// wrong guess only makes a piece fail to parse, and then the file is parsed whole).
fn header_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    if text.starts_with('[') {
        offsets.push(0);
    }
    offsets.extend(text.match_indices("\n[").map(|(at, _)| at + 1));
    offsets
}

/// Splits the run into about `count` pieces, each starting at a `[[questions]]` header.
fn split_run(text: &str, start: usize, end: usize, count: usize) -> Vec<(usize, usize)> {
    let run = &text[start..end];
    let target = (run.len() / count.max(1)).max(1);
    let mut pieces = Vec::new();
    let mut from = start;
    while from < end {
        let mut wanted = (from + target).min(end);
        // A byte offset may fall inside a multi-byte character: move on to the next boundary.
        while !text.is_char_boundary(wanted) {
            wanted += 1;
        }
        let to = if wanted >= end {
            end
        } else {
            text[wanted..end]
                .find("\n[[questions]]")
                .map_or(end, |i| wanted + i + 1)
        };
        pieces.push((from, to));
        from = to;
    }
    pieces
}

fn shifted<T>(value: Spanned<T>, by: usize) -> Spanned<T> {
    let span = value.span();
    Spanned::new(span.start + by..span.end + by, value.into_inner())
}

/// Moves a question's spans from its piece to the file.
fn shift(q: RawQuestion, by: usize) -> RawQuestion {
    RawQuestion {
        id: shifted(q.id, by),
        category: shifted(q.category, by),
        prompt: shifted(q.prompt, by),
        level: q.level,
        minutes: q.minutes.map(|m| shifted(m, by)),
        expected: shifted(q.expected, by),
        follow_ups: q.follow_ups,
        red_flags: q.red_flags,
        anchors: q.anchors.map(|a| shifted(a, by)),
        tags: q.tags,
    }
}

fn shift_scale(s: RawScale, by: usize) -> RawScale {
    RawScale {
        min: shifted(s.min, by),
        max: shifted(s.max, by),
        labels: shifted(s.labels, by),
    }
}

fn shift_category(c: RawCategory, by: usize) -> RawCategory {
    RawCategory {
        id: shifted(c.id, by),
        title: shifted(c.title, by),
        weight: c.weight.map(|w| shifted(w, by)),
    }
}

fn shift_round(r: RawRound, by: usize) -> RawRound {
    let span = r.pick.span();
    let pick = r
        .pick
        .into_inner()
        .into_iter()
        .map(|(k, v)| (shifted(k, by), shifted(v, by)))
        .collect();
    RawRound {
        id: shifted(r.id, by),
        title: shifted(r.title, by),
        minutes: shifted(r.minutes, by),
        pick: Spanned::new(span.start + by..span.end + by, pick),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::parse::parse_bank;

    fn big_bank(questions: usize) -> String {
        crate::synth::bank_toml(&crate::synth::bank(questions, 3))
            + "\n[[rounds]]\nid = \"r\"\ntitle = \"R\"\nminutes = 120\npick = { async = 2 }\n"
    }

    #[test]
    fn pieces_give_the_same_bank_as_one_parse() {
        let text = big_bank(3000);
        assert!(text.len() > MIN_BYTES);
        let fast = parse_bank("big.toml", &text).unwrap();
        let raw: RawBank = toml::from_str(&text).unwrap();
        assert_eq!(fast.questions.len(), raw.questions.len());
        assert_eq!(fast.rounds.len(), 1);
        assert!(parse_in_chunks(&text).is_some());
        // The same file padded below the threshold takes the ordinary route and agrees.
        let whole: RawBank = toml::from_str(&text).unwrap();
        let chunked = parse_in_chunks(&text).unwrap();
        let ids = |b: &RawBank| {
            b.questions
                .iter()
                .map(|q| q.id.get_ref().clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&whole), ids(&chunked));
        let spans = |b: &RawBank| {
            b.questions
                .iter()
                .map(|q| q.prompt.span())
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(&whole), spans(&chunked));
    }

    #[test]
    fn errors_in_a_large_bank_keep_their_file_positions() {
        let text = big_bank(3000).replace(
            "category = \"security\"\nprompt = \"Question 2999",
            "category = \"nope\"\nprompt = \"Question 2999",
        );
        let err = parse_bank("big.toml", &text).unwrap_err().to_string();
        let line = text[..text.find("category = \"nope\"").unwrap()]
            .lines()
            .count()
            + 1;
        assert!(
            err.starts_with(&format!(
                "big.toml:{line}:12: question `q02999` names category `nope`"
            )),
            "{err}"
        );
    }

    #[test]
    fn errors_after_the_questions_keep_their_file_positions() {
        let text = big_bank(3000).replace("pick = { async = 2 }", "pick = { asink = 2 }");
        let err = parse_bank("big.toml", &text).unwrap_err().to_string();
        let line = text.lines().count();
        assert!(
            err.starts_with(&format!(
                "big.toml:{line}:10: round `r` picks from category `asink`"
            )),
            "{err}"
        );
    }

    #[test]
    fn pieces_never_split_a_character() {
        let mut bank = crate::synth::bank(200, 5);
        for q in &mut bank.questions {
            q.prompt = format!(
                "質問 🙂 café 日本語のテキスト 李小龙 ✓ 😀 Ωμέγα {}",
                q.prompt
            );
        }
        let text = crate::synth::bank_toml(&bank);
        // Many piece counts, so split points fall at every offset within a character (the
        // threshold only decides when splitting is worth it, not whether it works).
        let mut inside = 0;
        for count in 1..80 {
            let target = (text.len() - text.find(HEADER).unwrap()) / count;
            inside += usize::from(!text.is_char_boundary(text.find(HEADER).unwrap() + target));
            let parsed = parse_pieces(&text, count).expect("parses");
            assert_eq!(parsed.questions.len(), 200);
        }
        assert!(inside > 0, "some split points fall inside a character");
    }

    #[test]
    fn a_header_inside_a_string_falls_back_to_one_parse() {
        let mut text = big_bank(3000);
        let at = text.find("prompt = \"Question 5:").unwrap();
        let line_end = at + text[at..].find('\n').unwrap();
        let prompt = text[at + "prompt = \"".len()..line_end - 1].to_owned();
        text.replace_range(
            at..line_end,
            &format!("prompt = \"\"\"\n[[questions]]\n{prompt}\"\"\""),
        );
        // Split at every header, the one inside the string included: that piece cannot parse.
        assert!(parse_pieces(&text, 100_000).is_none());
        let bank = parse_bank("big.toml", &text).unwrap();
        assert!(bank.questions[5].prompt.contains("[[questions]]"));
    }
}
