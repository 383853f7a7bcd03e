//! Exports for HR: CSV in two shapes, Markdown documents per candidate, an Excel workbook, a
//! debrief page, the filters all share, and anonymisation for blind review. Only submitted
//! scorecards are exported.

pub mod anonymize;
pub mod answers;
pub mod csv;
pub mod debrief;
pub mod documents;
pub mod filter;
pub mod markdown;
pub mod summary;
pub mod workbook;
pub mod xlsx;

/// Where a score sits on its scale (min, max), in five shades from 0 (the bottom) to 4 (the top);
/// the workbook and the debrief page colour scores by it.
#[must_use]
pub fn shade(value: f64, (min, max): (i64, i64)) -> u8 {
    let span = (max - min) as f64;
    if !value.is_finite() || span <= 0.0 {
        return 0;
    }
    let fraction = ((value - min as f64) / span).clamp(0.0, 1.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let level = (fraction * 4.0).round() as u8;
    level
}

#[cfg(test)]
mod tests {
    use super::shade;

    #[test]
    fn shades_run_from_the_bottom_of_the_scale_to_the_top() {
        let scale = (1, 4);
        assert_eq!(shade(1.0, scale), 0);
        assert_eq!(shade(2.0, scale), 1);
        assert_eq!(shade(2.5, scale), 2);
        assert_eq!(shade(3.0, scale), 3);
        assert_eq!(shade(4.0, scale), 4);
        assert_eq!(shade(9.0, scale), 4);
        assert_eq!(shade(f64::NAN, scale), 0);
        assert_eq!(shade(1.0, (1, 1)), 0);
    }
}
