//! Pure numeric code for panels: scores, disagreement, interviewer leniency, and agreement
//! (Krippendorff's alpha, ICC). No files, no printing.

pub mod agreement;
pub mod calibration;
pub mod leniency;
pub mod model;
pub mod panel;
pub mod questions;
pub mod scores;
