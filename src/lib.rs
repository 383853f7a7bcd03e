//! scorecard: structured technical interviews from plain files.
//!
//! Module map (data flows top to bottom):
//!
//! - [`bank`]: question banks: validated types, parsing with positions, built-in banks, lookup.
//! - [`plan`]: interview plans and the seeded, budget-fitting pick of questions (pure).
//! - [`prompt`]: a question's prompt read as prose and code, and written as Markdown.
//! - [`scorecard`]: one interviewer's ratings of one plan; rate, skip, submit, amend (pure).
//! - [`workspace`]: finding the workspace, candidate ids, id prefixes, atomic locked writes.
//! - [`stats`]: scores, disagreement, leniency, Krippendorff's alpha, ICC, the rater
//!   model and question analytics (pure numbers).
//! - [`report`]: the panel comparison and the rating table read from a workspace (`compare`,
//!   `calibrate`).
//! - [`analytics`]: the question report read from a workspace (which scorecards count, streaming).
//! - [`audit`]: `scorecard check`: every file of a workspace, and each scorecard against its plan.
//! - [`export`]: CSV and Markdown exports, anonymisation, templates.
//! - [`interview`]: the full-screen interview as model, update and view (pure; drawn by `cli`).
//! - [`lookup`]: hints for a wrong argument: an id of the other kind, the values a filter could match.
//! - [`cli`]: argument parsing and rendering; the only module that prints.
//! - [`document`] and [`error`]: reading text files, positions, and the one error type.
//! - [`id`]: the one id syntax of banks and candidates.
//! - [`escape`]: escaping user text for the terminal, Markdown, CSV and HTML.
//! - [`fields`]: the rules every file's fields are held to (ids, text, scales, scores).
//! - [`fuzz`]: mutation fuzzing of every file format through every command (not a user command).
//!
//! The library returns data; `cli` renders it. All file writes go through [`workspace`].

pub mod analytics;
pub mod audit;
pub mod bank;
pub mod cli;
pub mod document;
pub mod error;
pub mod escape;
pub mod export;
pub mod fields;
pub mod fuzz;
pub mod interview;
pub mod lookup;
pub mod plan;
pub mod prompt;
pub mod report;
pub mod retention;
pub mod rubric;
pub mod scorecard;
pub mod stats;
pub mod synth;
pub mod template;
pub mod timestamp;
pub mod workspace;

pub use error::{Error, Result};
