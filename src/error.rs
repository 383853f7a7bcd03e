//! The one error type of scorecard: what went wrong, where, and the exit code it maps to.
//!
//! `main` prints an error once, as `error: <Display>` followed by [`Error::context`] lines, and exits
//! with [`Error::exit_code`]. Messages are lowercase, name the file (and line and column where known),
//! and say what would be valid.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem found in a file, with its position when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (or `<built-in>/...` for embedded files).
    pub file: String,
    /// 1-based line and column of the offending value.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<String>, position: Option<(usize, usize)>, message: String) -> Self {
        Problem {
            file: file.into(),
            position,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every way a scorecard command can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A file or folder could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    /// Another process held a file's lock for too long.
    #[error("`{}` is locked by another scorecard process; try again in a moment", path.display())]
    LockTimeout { path: PathBuf },

    /// A file failed to parse or validate; every problem found is listed.
    #[error("{}", first_problem(problems))]
    Invalid { problems: Vec<Problem> },

    /// An id, name or prefix matched nothing.
    #[error("no {kind} matches `{query}`")]
    NotFound {
        kind: &'static str,
        query: String,
        /// What would have been valid (ids, names), shown as a context line.
        valid: Vec<String>,
    },

    /// An id prefix matched more than one object.
    #[error("`{prefix}` matches {} {kind}s; give more characters", matches.len())]
    Ambiguous {
        kind: &'static str,
        prefix: String,
        matches: Vec<String>,
    },

    /// The command line asked for something impossible (exit code 2).
    #[error("{message}")]
    Usage { message: String },

    /// The request is well-formed but the data refuses it (a submitted scorecard, a short bank...).
    #[error("{message}")]
    Refused { message: String, hints: Vec<String> },
}

fn first_problem(problems: &[Problem]) -> String {
    problems
        .first()
        .map_or_else(|| "invalid file".to_owned(), ToString::to_string)
}

impl Error {
    /// The process exit code: 2 for usage errors, 1 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } => 2,
            _ => 1,
        }
    }

    /// Lines printed after the `error:` line, to help put it right.
    #[must_use]
    pub fn context(&self) -> Vec<String> {
        match self {
            Error::Invalid { problems } => {
                problems.iter().skip(1).map(ToString::to_string).collect()
            }
            Error::NotFound { valid, .. } if !valid.is_empty() => {
                vec![format!("valid: {}", quoted_list(valid, 30))]
            }
            Error::Ambiguous { matches, .. } => matches.iter().map(|m| format!("  {m}")).collect(),
            Error::Refused { hints, .. } => hints.clone(),
            _ => Vec::new(),
        }
    }

    #[must_use]
    pub fn read(path: &Path, source: std::io::Error) -> Self {
        Error::Read {
            path: path.to_owned(),
            source,
        }
    }

    #[must_use]
    pub fn write(path: &Path, source: std::io::Error) -> Self {
        Error::Write {
            path: path.to_owned(),
            source,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
        }
    }

    pub fn refused(message: impl Into<String>) -> Self {
        Error::Refused {
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// A single problem in a file.
    pub fn invalid(
        file: impl Into<String>,
        position: Option<(usize, usize)>,
        message: String,
    ) -> Self {
        Error::Invalid {
            problems: vec![Problem::new(file, position, message)],
        }
    }
}

/// `a`, `b`, `c` (and N more), for messages that list what would be valid.
#[must_use]
pub fn quoted_list<S: AsRef<str>>(items: &[S], limit: usize) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(limit)
        .map(|item| format!("`{}`", item.as_ref()))
        .collect();
    if items.len() > limit {
        shown.push(format!("and {} more", items.len() - limit));
    }
    shown.join(", ")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
