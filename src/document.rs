//! Text files as scorecard reads them: the size limit, the UTF-8 check, line and column of a byte
//! offset, and TOML parsing that reads `schema` first and turns parser errors into [`Problem`]s.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Problem};

/// The schema version of every file format this build reads and writes.
pub const SCHEMA: i64 = 1;

/// Largest file scorecard agrees to parse. A 20,000-question bank is about 15 MiB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// The error for a file over [`MAX_FILE_BYTES`].
#[must_use]
pub fn too_large(label: &str, bytes: u64) -> Error {
    Error::invalid(
        label,
        None,
        format!(
            "file is {bytes} bytes; files larger than {} MiB ({MAX_FILE_BYTES} bytes) are refused",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Checks size and encoding, returning the text (without a UTF-8 byte-order mark, so that
/// columns on the first line count from the first real character).
pub fn decode<'a>(label: &str, bytes: &'a [u8]) -> Result<&'a str, Error> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(label, bytes.len() as u64));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            // The valid prefix is UTF-8 by construction, so positions count characters.
            let prefix = String::from_utf8_lossy(valid);
            let position = position(&prefix, prefix.len());
            Err(Error::invalid(
                label,
                Some(position),
                "file is not UTF-8 text (TOML files must be UTF-8)".to_owned(),
            ))
        }
    }
}

/// 1-based line and column (in characters) of a byte offset. For many offsets in one file, build
/// a [`LineIndex`] once instead.
#[must_use]
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).position(offset)
}

/// The start of every line of a file, so that each position costs a binary search and a count of
/// the characters before it on its own line, not a scan of the file.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line start at or before the offset (there is always one: 0).
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    /// A problem at a byte span of the file.
    #[must_use]
    pub fn problem_at(
        &self,
        label: &str,
        span: std::ops::Range<usize>,
        message: String,
    ) -> Problem {
        Problem::new(label, Some(self.position(span.start)), message)
    }
}

/// A problem at a byte span of a file.
#[must_use]
pub fn problem_at(
    label: &str,
    text: &str,
    span: std::ops::Range<usize>,
    message: String,
) -> Problem {
    Problem::new(label, Some(position(text, span.start)), message)
}

/// Turns a toml parse or deserialize error into a one-line problem with its position.
#[must_use]
pub fn toml_problem(label: &str, text: &str, err: &toml::de::Error) -> Problem {
    let message = err
        .message()
        .trim()
        .trim_end_matches('.')
        .replace('\n', " ");
    let message = if message.is_empty() {
        "invalid TOML".to_owned()
    } else {
        plain_message(&message, err.span().and_then(|span| text.get(span)))
    };
    match err.span() {
        Some(span) => problem_at(label, text, span, message),
        None => Problem::new(label, None, message),
    }
}

/// The parser's message in the file's terms rather than Rust's: `expected i64` becomes "a whole
/// number", a duplicate key is named, an unquoted date says to quote it. `at` is the text the
/// message points at.
fn plain_message(message: &str, at: Option<&str>) -> String {
    const TYPES: [(&str, &str); 9] = [
        (", expected i64", ", expected a whole number"),
        (", expected i32", ", expected a whole number"),
        (", expected u64", ", expected a whole number of 0 or more"),
        (", expected u32", ", expected a whole number of 0 or more"),
        (", expected u16", ", expected a whole number of 0 or more"),
        (", expected u8", ", expected a whole number of 0 or more"),
        (", expected usize", ", expected a whole number of 0 or more"),
        (", expected f64", ", expected a number"),
        (", expected a boolean", ", expected true or false"),
    ];
    let mut plain = message.to_owned();
    if plain.contains(" as i128") {
        plain = plain
            .replace(" as i128", "")
            .replace("invalid type: integer", "out of range: integer");
    }
    for (rust, words) in TYPES {
        if let Some(head) = plain.strip_suffix(rust) {
            plain = format!("{head}{words}");
        }
    }
    let fixed = match plain.as_str() {
        "invalid type: map, expected a string" => Some(
            "expected text in quotes (dates and times are quoted too: \"2026-11-26T09:00:00Z\")",
        ),
        "floating-point number overflowed" => Some("the number is too large"),
        _ => None,
    };
    if let Some(fixed) = fixed {
        return fixed.to_owned();
    }
    // serde's words for TOML's things.
    for (rust, words) in [
        ("unknown variant", "unknown value"),
        ("expected a sequence", "expected a list `[...]`"),
        ("invalid type: sequence", "invalid type: list"),
        (
            "invalid type: floating point",
            "invalid type: decimal number",
        ),
        ("invalid type: map", "invalid type: table"),
        (
            "expected a formatted UUID string",
            "expected a UUID in quotes",
        ),
    ] {
        if plain.contains(rust) {
            plain = plain.replace(rust, words);
        }
    }
    if plain == "duplicate key" {
        plain = match at
            .map(str::trim)
            .filter(|key| !key.is_empty() && key.len() <= 64)
        {
            Some(key) => format!(
                "duplicate key `{}`; a key appears once in a table",
                key.escape_debug()
            ),
            None => "duplicate key; a key appears once in a table".to_owned(),
        };
    }
    plain
}

#[derive(Deserialize)]
struct Head {
    schema: Option<toml::Spanned<toml::Value>>,
}

/// Reads `schema` alone, so that a file from a newer release is refused plainly instead of failing on
/// fields this build does not know.
pub fn check_schema(label: &str, text: &str, kind: &str) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(Error::invalid(
            label,
            None,
            format!("file is empty; a {kind} file starts with `schema = {SCHEMA}`"),
        ));
    }
    let head: Head = toml::from_str(text).map_err(|err| Error::Invalid {
        problems: vec![toml_problem(label, text, &err)],
    })?;
    let Some(schema) = head.schema else {
        return Err(Error::invalid(
            label,
            Some((1, 1)),
            format!("missing `schema = {SCHEMA}` at the top of the {kind} file"),
        ));
    };
    let at = position(text, schema.span().start);
    match schema.get_ref().as_integer() {
        Some(SCHEMA) => Ok(()),
        Some(n) if n > SCHEMA => Err(Error::invalid(
            label,
            Some(at),
            format!(
                "{kind} schema {n} is newer than this scorecard understands (it reads schema {SCHEMA}); upgrade scorecard"
            ),
        )),
        _ => Err(Error::invalid(
            label,
            Some(at),
            format!("`schema` must be {SCHEMA}"),
        )),
    }
}

/// Parses a file in one pass, falling back to the schema check only to explain a failure.
///
/// Scorecards are read by the tens of thousands, so the common case must not parse twice.
pub fn parse_toml<T: DeserializeOwned>(label: &str, text: &str, kind: &str) -> Result<T, Error> {
    match toml::from_str(text) {
        Ok(value) => Ok(value),
        Err(err) => {
            check_schema(label, text, kind)?;
            Err(Error::Invalid {
                problems: vec![toml_problem(label, text, &err)],
            })
        }
    }
}

/// The error for a parsed file whose `schema` is not the one this build writes.
pub fn require_schema(label: &str, text: &str, kind: &str, schema: i64) -> Result<(), Error> {
    if schema == SCHEMA {
        Ok(())
    } else {
        check_schema(label, text, kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_messages_are_put_in_the_files_terms() {
        assert_eq!(
            plain_message("invalid type: string \"two\", expected i64", None),
            "invalid type: string \"two\", expected a whole number"
        );
        assert_eq!(
            plain_message(
                "invalid type: integer `99999999999999999999` as i128, expected i64",
                None
            ),
            "out of range: integer `99999999999999999999`, expected a whole number"
        );
        assert_eq!(
            plain_message("invalid value: integer `-3`, expected u64", None),
            "invalid value: integer `-3`, expected a whole number of 0 or more"
        );
        assert_eq!(
            plain_message("duplicate key", Some("score")),
            "duplicate key `score`; a key appears once in a table"
        );
        assert!(plain_message("invalid type: map, expected a string", None).contains("quoted"));
        assert_eq!(
            plain_message(
                "unknown variant `done`, expected `draft` or `submitted`",
                None
            ),
            "unknown value `done`, expected `draft` or `submitted`"
        );
        assert_eq!(
            plain_message("invalid type: string \"1,2\", expected a sequence", None),
            "invalid type: string \"1,2\", expected a list `[...]`"
        );
        assert_eq!(
            plain_message("floating-point number overflowed", None),
            "the number is too large"
        );
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, 6), (2, 1));
        assert_eq!(position(text, text.find('=').unwrap()), (1, 3));
        let second_eq = text.rfind('=').unwrap();
        assert_eq!(position(text, second_eq), (2, 4));
        assert_eq!(position(text, 10_000), (3, 1));
    }

    #[test]
    fn invalid_utf8_names_the_position() {
        let err = decode("x.toml", b"a = 1\nb = \"\xff\"").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.toml:2:6: file is not UTF-8 text (TOML files must be UTF-8)"
        );
    }

    #[test]
    fn newer_schema_is_refused_plainly() {
        let err = check_schema("x.toml", "schema = 2\nnew_field = 1\n", "bank").unwrap_err();
        assert!(err.to_string().contains("bank schema 2 is newer"), "{err}");
        let err = check_schema("x.toml", "", "bank").unwrap_err();
        assert!(err.to_string().contains("file is empty"), "{err}");
        let err = check_schema("x.toml", "id = 1\n", "bank").unwrap_err();
        assert!(err.to_string().contains("missing `schema = 1`"), "{err}");
    }
}
