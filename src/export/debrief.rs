//! `export html`: one self-contained page for the panel's debrief, rendered from the
//! `debrief.html` template (or the user's) with HTML auto-escaping on: the panel overview, then
//! per candidate an SVG chart of the category profile per interviewer, the disagreements and every
//! scorecard; the interviewers' leniency with 95% intervals at the end.
//!
//! A debrief is about a handful of candidates: above [`MAX_CANDIDATES`] the export is refused with
//! a hint to filter, so a large workspace never produces a page no browser or printer can use.

use indexmap::IndexSet;
use std::fmt::Write as _;

use serde::Serialize;

use super::anonymize::Pseudonyms;
use super::filter::{Filter, exported};
use super::markdown::{self, CandidateDoc};
use super::shade;
use crate::error::{Error, Result};
use crate::scorecard::store;
use crate::stats::calibration::{self, RatingTable};
use crate::stats::cards_down::LeftOut;
use crate::stats::panel::CardDigest;
use crate::stats::scales::PICK_SCALE;
use crate::template::Template;
use crate::workspace::{CandidateId, Workspace};

/// The most candidates one page holds.
pub const MAX_CANDIDATES: usize = 200;

/// The page, as the template sees it. The README lists these variables.
#[derive(Debug, Serialize)]
pub struct Debrief {
    pub title: String,
    pub anonymized: bool,
    /// Category ids across all candidates: the overview's columns.
    pub categories: Vec<String>,
    pub candidates: Vec<CandidatePage>,
    pub interviewers: Vec<InterviewerRow>,
    /// Why the leniency table is left out (scorecards on more than one scale), when it is.
    pub interviewers_refused: Option<String>,
    /// Candidates cards down left out (not shown on the page; the command says so on stderr).
    #[serde(skip)]
    pub left_out: LeftOut,
}

/// One candidate: the Markdown export's document, plus what the page adds.
#[derive(Debug, Serialize)]
pub struct CandidatePage {
    #[serde(flatten)]
    pub doc: CandidateDoc,
    /// The lowest and highest score of the candidate's scale.
    pub scale_min: i64,
    pub scale_max: i64,
    /// Shade 0 (bottom of the scale) to 4 (top) of the overall score.
    pub overall_shade: Option<u8>,
    /// One cell per overview column (`Debrief::categories`).
    pub overview: Vec<OverviewCell>,
    /// The category profile per scorecard as an inline SVG element, text already escaped.
    pub chart: String,
}

/// A candidate's mean in one category, with its shade.
#[derive(Debug, Serialize)]
pub struct OverviewCell {
    pub mean: Option<f64>,
    pub shade: Option<u8>,
}

/// An interviewer's leniency over the exported scorecards.
#[derive(Debug, Serialize)]
pub struct InterviewerRow {
    pub interviewer: String,
    pub scorecards: usize,
    pub ratings: usize,
    pub mean: Option<f64>,
    pub leniency: Option<f64>,
    /// The 95% interval of the leniency (mean ± 1.96 sd / √n over shared units).
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub shared_units: usize,
}

/// Gathers the page's data: every candidate with an exported scorecard, in `order`.
pub fn build(
    workspace: &Workspace,
    filter: &Filter,
    order: Option<&[CandidateId]>,
    names: Option<&Pseudonyms>,
) -> Result<Debrief> {
    let mut pages = Vec::new();
    let mut table = RatingTable::default();
    let mut left_out = LeftOut::default();
    store::scan(
        workspace,
        order,
        |_, cards| {
            let (cards, mut held) = exported(cards, filter);
            if let (Some(held), Some(names)) = (held.as_mut(), names) {
                held.candidate_id = names.get(&held.candidate_id).id;
            }
            let digests: Vec<CardDigest> = cards.iter().map(CardDigest::from).collect();
            let scale = cards.last().map(|c| (c.scale.min, c.scale.max));
            Ok((markdown::candidate_doc(&cards, names), scale, digests, held))
        },
        |(doc, scale, digests, held)| {
            left_out.record(held);
            let (Some(doc), Some(scale)) = (doc, scale) else {
                return Ok(());
            };
            if pages.len() == MAX_CANDIDATES {
                return Err(too_many());
            }
            table.add_candidate(&digests);
            pages.push((doc, scale));
            Ok(())
        },
    )?;
    let categories: Vec<String> = pages
        .iter()
        .flat_map(|(doc, _)| doc.categories.iter().map(|row| row.id.clone()))
        .collect::<IndexSet<String>>()
        .into_iter()
        .collect();
    let candidates = pages
        .into_iter()
        .map(|(doc, scale)| page(doc, scale, &categories))
        .collect();
    // Scores on different scales are never pooled: leniency compares scores across candidates.
    let (interviewers, interviewers_refused) = match table.scales().single(&PICK_SCALE) {
        Ok(_) => (interviewers(&table), None),
        Err(err) => {
            let hints = err.context().join("; ");
            (Vec::new(), Some(format!("{err}; {hints}")))
        }
    };
    Ok(Debrief {
        title: "Debrief".to_owned(),
        anonymized: names.is_some(),
        categories,
        candidates,
        interviewers_refused,
        interviewers,
        left_out,
    })
}

fn too_many() -> Error {
    Error::Refused {
        message: format!(
            "the debrief page holds at most {MAX_CANDIDATES} candidates and the filters match more"
        ),
        hints: vec![
            "narrow it with --candidate ID, --role ROLE, --interviewer NAME or --since/--until DATE"
                .to_owned(),
            "export xlsx and export csv take any number of candidates".to_owned(),
        ],
    }
}

fn page(doc: CandidateDoc, scale: (i64, i64), categories: &[String]) -> CandidatePage {
    let overview = categories
        .iter()
        .map(|id| {
            let mean = doc
                .categories
                .iter()
                .find(|row| row.id == *id)
                .and_then(|row| row.mean);
            OverviewCell {
                mean,
                shade: mean.map(|m| shade(m, scale)),
            }
        })
        .collect();
    CandidatePage {
        scale_min: scale.0,
        scale_max: scale.1,
        overall_shade: doc.overall.map(|m| shade(m, scale)),
        overview,
        chart: chart(&doc, scale),
        doc,
    }
}

fn interviewers(table: &RatingTable) -> Vec<InterviewerRow> {
    let intervals = table.leniency_intervals();
    calibration::calibrate(table)
        .interviewers
        .into_iter()
        .map(|i| {
            let interval = intervals
                .iter()
                .find(|(name, _)| *name == i.interviewer)
                .and_then(|(_, interval)| *interval);
            InterviewerRow {
                low: interval.map(|(low, _)| low),
                high: interval.map(|(_, high)| high),
                interviewer: i.interviewer,
                scorecards: i.scorecards,
                ratings: i.ratings,
                mean: i.mean,
                leniency: i.leniency,
                shared_units: i.shared_units,
            }
        })
        .collect()
}

/// Renders the page.
pub fn render(template: &Template, debrief: &Debrief) -> Result<String> {
    template.render(debrief)
}

/// Colours of the scorecards' bars (Okabe and Ito's palette, told apart by colour-blind readers),
/// taken in scorecard order and reused past eight.
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// Room for a category title of [`LABEL_CHARS`] characters at the chart's 12 px font (about 7 px each).
const LABEL_WIDTH: usize = 210;
const PLOT_WIDTH: usize = 380;
const BAR: usize = 12;
const GAP: usize = 10;
const LEGEND_LINE: usize = 18;
/// Category titles longer than this are cut in the chart (the full title is its tooltip).
const LABEL_CHARS: usize = 26;
// A cut title, right-aligned 8 px before the bars at about 7 px a character, must fit in
// LABEL_WIDTH: wider text is clipped by the chart's edge (as headless Chromium showed at 170 px).
const _: () = assert!(LABEL_CHARS * 7 + 8 <= LABEL_WIDTH);

/// The category profile per scorecard: one group of horizontal bars per category, one bar per
/// scorecard, on an axis from the scale's minimum to its maximum (a bar at the minimum shows as a
/// dot). Every piece of user text is escaped here, since the template inserts the chart as is.
#[must_use]
pub fn chart(doc: &CandidateDoc, (min, max): (i64, i64)) -> String {
    let cards = doc.scorecards.len().max(1);
    let legend = doc.scorecards.len() * LEGEND_LINE + 6;
    let group = cards * BAR + GAP;
    let plot_top = legend + 16;
    let height = plot_top + doc.categories.len() * group + 24;
    let width = LABEL_WIDTH + PLOT_WIDTH + 60;
    let span = ((max - min) as f64).max(1.0);
    let x = |value: f64| {
        LABEL_WIDTH as f64 + ((value - min as f64) / span).clamp(0.0, 1.0) * PLOT_WIDTH as f64
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title-{id} chart-desc-{id}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="chart">"#,
        id = escape(&doc.candidate_id),
    );
    let _ = write!(
        svg,
        r#"<title id="chart-title-{id}">Category profile of {name}, per interviewer</title><desc id="chart-desc-{id}">{desc}</desc>"#,
        id = escape(&doc.candidate_id),
        name = escape(&doc.candidate),
        desc = escape(&describe(doc, (min, max))),
    );
    for (i, card) in doc.scorecards.iter().enumerate() {
        let y = i * LEGEND_LINE + 4;
        let _ = write!(
            svg,
            r#"<rect x="0" y="{y}" width="12" height="12" fill="{colour}"/><text x="18" y="{text_y}">{who}</text>"#,
            colour = PALETTE[i % PALETTE.len()],
            text_y = y + 10,
            who = escape(&card_label(card)),
        );
    }
    for level in min..=max {
        let at = x(level as f64);
        let bottom = height - 20;
        let _ = write!(
            svg,
            r##"<line x1="{at:.1}" y1="{plot_top}" x2="{at:.1}" y2="{bottom}" stroke="#ccc"/><text x="{at:.1}" y="{label_y}" text-anchor="middle">{level}</text>"##,
            label_y = bottom + 14,
        );
    }
    for (row_index, row) in doc.categories.iter().enumerate() {
        let top = plot_top + row_index * group + GAP / 2;
        let _ = write!(
            svg,
            r#"<text x="{end}" y="{y}" text-anchor="end"><title>{title}</title>{label}</text>"#,
            end = LABEL_WIDTH - 8,
            y = top + cards * BAR / 2 + 4,
            title = escape(&row.title),
            label = escape(&shorten(&row.title, LABEL_CHARS)),
        );
        for (i, (value, card)) in row.by_scorecard.iter().zip(&doc.scorecards).enumerate() {
            let Some(value) = value else { continue };
            let y = top + i * BAR;
            let end = x(*value);
            let colour = PALETTE[i % PALETTE.len()];
            let _ = write!(
                svg,
                r#"<g><title>{who}: {category} {value:.2}</title><rect x="{LABEL_WIDTH}" y="{y}" width="{bar:.1}" height="{h}" fill="{colour}"/><circle cx="{end:.1}" cy="{cy}" r="4" fill="{colour}"/><text x="{tx:.1}" y="{ty}">{value:.2}</text></g>"#,
                who = escape(&card_label(card)),
                category = escape(&row.title),
                bar = end - LABEL_WIDTH as f64,
                h = BAR - 2,
                cy = y + (BAR - 2) / 2,
                tx = end + 7.0,
                ty = y + BAR - 3,
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Text cut to `max` characters, ending with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

/// Who filled a scorecard, and in which round.
fn card_label(card: &markdown::CardDoc) -> String {
    match &card.round {
        Some(round) => format!("{} ({round})", card.interviewer),
        None => card.interviewer.clone(),
    }
}

/// The chart's text equivalent, for screen readers.
fn describe(doc: &CandidateDoc, (min, max): (i64, i64)) -> String {
    let mut text = format!("Mean score per category on a scale of {min} to {max}. ");
    for row in &doc.categories {
        let _ = write!(text, "{}: ", row.title);
        let scores: Vec<String> = row
            .by_scorecard
            .iter()
            .zip(&doc.scorecards)
            .filter_map(|(value, card)| value.map(|v| format!("{} {v:.2}", card_label(card))))
            .collect();
        text.push_str(&scores.join(", "));
        text.push_str(". ");
    }
    text.trim_end().to_owned()
}

/// Escapes text for HTML and SVG content and attribute values: the one HTML escaper, which also
/// makes bidirectional controls visible.
fn escape(text: &str) -> String {
    crate::escape::html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(shorten("Security", 26), "Security");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("ñññññ", 5), "ñññññ");
    }

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape(r#"<img src=x onerror="alert(1)"> & 'q'"#),
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;"
        );
    }
}
