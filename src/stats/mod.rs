//! Pure numeric code for panels: scores, disagreement, interviewer leniency, and agreement
//! (Krippendorff's alpha, ICC). No files, no printing.

pub mod agreement;
pub mod calibration;
pub mod cards_down;
pub mod leniency;
pub mod panel;
pub mod scales;
pub mod scores;
