//! scorecard: structured technical interviews from plain files.
//!
//! Module map (data flows top to bottom):
//!
//! - [`bank`]: question banks: validated types, parsing with positions, built-in banks, lookup.
//! - [`plan`]: interview plans and the seeded, budget-fitting pick of questions (pure).
//! - [`scorecard`]: one interviewer's ratings of one plan; rate, skip, submit, amend (pure).
//! - [`workspace`]: finding the workspace, candidate ids, id prefixes, atomic locked writes.
//! - [`stats`]: scores, disagreement, leniency, Krippendorff's alpha and ICC (pure numbers).
//! - [`export`]: CSV and Markdown exports, anonymisation, templates.
//! - [`cli`]: argument parsing and rendering; the only module that prints.
//! - [`document`] and [`error`]: reading text files, positions, and the one error type.
//! - [`fields`]: the rules every file's fields are held to (ids, text, scales, scores).
//! - [`fuzz`]: mutation fuzzing of every file format through every command (not a user command).
//!
//! The library returns data; `cli` renders it. All file writes go through [`workspace`].

pub mod bank;
pub mod cli;
pub mod document;
pub mod error;
pub mod export;
pub mod fields;
pub mod fuzz;
pub mod plan;
pub mod retention;
pub mod scorecard;
pub mod stats;
pub mod synth;
pub mod template;
pub mod timestamp;
pub mod workspace;

pub use error::{Error, Result};
