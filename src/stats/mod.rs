//! Pure numeric code for panels: scores, disagreement, interviewer leniency, and agreement
//! (Krippendorff's alpha, ICC). No files, no printing.

pub mod agreement;
pub mod alpha_bootstrap;
pub mod calibration;
pub mod cards_down;
pub mod digest;
pub mod disagreement;
pub mod f_distribution;
pub mod icc_interval;
pub mod leniency;
pub mod model;
pub mod panel;
pub mod questions;
pub mod scales;
pub mod scores;
