//! Exports for HR: CSV in two shapes, Markdown documents per candidate, the filters both share,
//! and anonymisation for blind review. Only submitted scorecards are exported.

pub mod anonymize;
pub mod csv;
pub mod filter;
pub mod markdown;
pub mod summary;
