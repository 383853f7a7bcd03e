//! Reports read from a workspace, ready to render: the panel comparison behind `compare` (with
//! its leniency and rater-model adjustments) and the table of every rating that `calibrate` and
//! the rater model fit. Each takes a `&Workspace` and plain options and returns data; `cli`
//! only parses flags and renders.

pub mod compare;

pub use compare::{Adjustment, CompareOptions, compare, rating_table};
