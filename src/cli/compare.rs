//! `scorecard compare` and `scorecard calibrate`: the panel's screens.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use comfy_table::Color;
use serde::Serialize;

use super::Context;
use super::output::{BOLD, DIM, Output, Quiet, TableCell, YELLOW, score as fmt_score};
use crate::error::{Error, Result};
use crate::export::csv::{CsvOptions, CsvWriter};
use crate::export::summary::{self, number};
use crate::report::{self, Adjustment, CompareOptions, compare::PICK_SCALE};
use crate::stats::alpha_bootstrap::RESAMPLES;
use crate::stats::calibration::{self, AgreementStats, ModelSummary};
use crate::stats::cards_down::LeftOut;
use crate::stats::panel::CandidateResult;
use crate::template::bar;
use crate::workspace::{self, CandidateId};

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // independent command-line switches
pub struct CompareArgs {
    /// Only these candidates (candidate ids; repeatable)
    #[arg(long, value_name = "ID")]
    pub candidate: Vec<String>,
    /// Only scorecards for this role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Subtract each interviewer's leniency before averaging
    #[arg(long, group = "adjust")]
    pub normalize: bool,
    /// Subtract each interviewer's leniency and each question's difficulty from the rater model
    /// (fitted on every submitted scorecard of the role) before averaging
    #[arg(long, group = "adjust")]
    pub model: bool,
    /// Show submitted scores of candidates whose panel still has drafts
    #[arg(long)]
    pub include_pending: bool,
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
    /// With `--format csv`: write to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With `--format csv`: start with a UTF-8 byte-order mark and end lines with CRLF, for Excel
    #[arg(long)]
    pub excel: bool,
    #[command(flatten)]
    pub quiet: Quiet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Only scorecards for this role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Count candidates whose panel still has drafts (their submitted scorecards)
    #[arg(long)]
    pub include_pending: bool,
    /// Bootstrap resamples behind the alpha intervals (0 leaves the intervals out)
    #[arg(long, value_name = "N", default_value_t = RESAMPLES, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub resamples: u32,
    #[arg(long, value_enum, default_value_t = CalibrateFormat::Table)]
    pub format: CalibrateFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CalibrateFormat {
    Table,
    Json,
}

/// Parses `--candidate` values.
pub fn candidate_ids(values: &[String]) -> Result<Option<Vec<CandidateId>>> {
    if values.is_empty() {
        return Ok(None);
    }
    values
        .iter()
        .map(|v| CandidateId::parse(v))
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

pub fn compare(args: &CompareArgs, ctx: &mut Context) -> Result<()> {
    if args.format != CompareFormat::Csv && (args.out.is_some() || args.excel || args.quiet.quiet) {
        return Err(Error::usage(
            "--out, --excel and --quiet apply to the CSV only; add --format csv",
        ));
    }
    if let Some(out) = &args.out {
        super::context::check_out(ctx, out)?;
    }
    let only = candidate_ids(&args.candidate)?;
    check_candidates_exist(ctx, only.as_deref())?;
    let options = CompareOptions {
        candidates: only.as_deref(),
        role: args.role.as_deref(),
        adjustment: if args.normalize {
            Adjustment::Normalize
        } else if args.model {
            Adjustment::Model
        } else {
            Adjustment::None
        },
        include_pending: args.include_pending,
    };
    let results = report::compare(ctx.workspace()?, &options)?;
    if results.is_empty() && !matches!(args.format, CompareFormat::Table) {
        // Machine formats stay as they are; the reason goes to stderr.
        explain_empty(args.role.as_deref(), ctx)?;
    }
    match args.format {
        CompareFormat::Json => ctx.out.json(&CompareJson {
            normalized: args.normalize,
            adjustment: if args.model {
                Some("model")
            } else if args.normalize {
                Some("normalize")
            } else {
                None
            },
            candidates: &results,
        }),
        CompareFormat::Csv => compare_csv(&results, args, ctx),
        CompareFormat::Table => compare_table(&results, args, ctx),
    }
}

#[derive(Serialize)]
struct CompareJson<'a> {
    normalized: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    adjustment: Option<&'static str>,
    candidates: &'a [CandidateResult],
}

/// The CSV, to stdout or (with `--out`) atomically to a file, as `export csv` writes it.
fn compare_csv(results: &[CandidateResult], args: &CompareArgs, ctx: &mut Context) -> Result<()> {
    let options = CsvOptions { excel: args.excel };
    let write = |out: &mut dyn Write| -> Result<()> {
        let columns = summary::category_columns(results);
        let mut header = summary::header(&columns);
        header.extend(["disagreements", "pending"].map(String::from));
        let mut csv = CsvWriter::new(out, options);
        csv.header(&header)?;
        for result in results {
            let mut row = summary::row(result, &columns, None);
            row.push(
                result
                    .disagreements
                    .as_ref()
                    .map(|_| result.all_disagreements().count().to_string())
                    .unwrap_or_default(),
            );
            row.push(csv.text(&result.pending.join("; ")));
            csv.row(&row)?;
        }
        csv.finish()
    };
    match &args.out {
        Some(path) => {
            workspace::write_streaming(path, write)?;
            args.quiet.say(format_args!(
                "wrote {} row{} (and the header) to {}",
                results.len(),
                if results.len() == 1 { "" } else { "s" },
                path.display()
            ));
            Ok(())
        }
        None => write(ctx.out.writer()),
    }
}

/// Says on stderr why the panel is empty: no submitted scorecard at all, or none for `--role`.
fn explain_empty(role: Option<&str>, ctx: &Context) -> Result<()> {
    super::nothing::explain(
        ctx,
        "submitted scorecards",
        |card| card.status == crate::scorecard::Status::Submitted,
        &crate::lookup::Wanted {
            role,
            ..crate::lookup::Wanted::default()
        },
        Some("submit one with `scorecard submit SCORECARD --recommendation R`"),
    )
}

/// Colour by where a score sits on its scale: the top third green (3 and up on 1-4), the band
/// below it yellow, the rest red.
fn band(value: f64, (min, max): (i64, i64)) -> Color {
    let fraction = (value - min as f64) / ((max - min) as f64).max(1.0);
    if fraction >= 2.0 / 3.0 {
        Color::Green
    } else if fraction >= 0.5 {
        Color::Yellow
    } else {
        Color::Red
    }
}

fn compare_table(results: &[CandidateResult], args: &CompareArgs, ctx: &mut Context) -> Result<()> {
    let out = &mut ctx.out;
    let heading = format!(
        "Panel comparison: {} candidate{}{}{}",
        results.len(),
        if results.len() == 1 { "" } else { "s" },
        args.role
            .as_ref()
            .map(|r| format!(" for {r}"))
            .unwrap_or_default(),
        if args.normalize {
            " | scores normalised for interviewer leniency"
        } else if args.model {
            " | scores adjusted by the rater model (interviewer leniency and question difficulty)"
        } else {
            ""
        }
    );
    out.line(out.paint(&heading, BOLD))?;
    if results.is_empty() {
        return explain_empty(args.role.as_deref(), ctx);
    }
    let columns = summary::category_columns(results);
    let mut header: Vec<&str> = vec!["#", "candidate", "cards", "overall", ""];
    header.extend(columns.iter().map(String::as_str));
    header.extend(["sn/n/y/sy", "disagree"]);
    let mut table = out.table(&header);
    for (i, result) in results.iter().enumerate() {
        let mut row = vec![
            TableCell::from((i + 1).to_string()),
            TableCell::from(format!("{} ({})", result.candidate, result.candidate_id)),
            TableCell::from(result.scorecards.to_string()),
        ];
        // A score cell in its band's colour, styled by comfy-table so the padding counts only
        // the visible text.
        let scored = |value: Option<f64>| match value {
            Some(v) => out.cell(fmt_score(value), band(v, result.scale)),
            None => TableCell::from(fmt_score(value)),
        };
        if result.withheld {
            row.push(TableCell::from("withheld"));
            row.push(TableCell::from(""));
            row.extend(columns.iter().map(|_| TableCell::from("-")));
            row.push(TableCell::from("-"));
            row.push(TableCell::from(""));
        } else {
            let (min, max) = result.scale;
            row.push(scored(result.overall));
            row.push(TableCell::from(
                result
                    .overall
                    .map(|v| bar(v, min as f64, max as f64, 10))
                    .unwrap_or_default(),
            ));
            row.extend(columns.iter().map(|c| scored(result.category(c))));
            let tally: Vec<String> = result
                .recommendations
                .unwrap_or_default()
                .counts()
                .iter()
                .map(ToString::to_string)
                .collect();
            row.push(TableCell::from(tally.join("/")));
            let disagreements = result.all_disagreements().count();
            row.push(TableCell::from(if disagreements == 0 {
                String::new()
            } else {
                disagreements.to_string()
            }));
        }
        table.add_row(row);
    }
    out.line(table.to_string())?;

    let disputed: Vec<&CandidateResult> = results
        .iter()
        .filter(|r| r.all_disagreements().next().is_some())
        .collect();
    if !disputed.is_empty() {
        out.line("")?;
        out.line(out.paint(
            "Disagreements (interviewers 2+ points apart): start the debrief here",
            BOLD,
        ))?;
        for result in disputed {
            for d in result.all_disagreements() {
                let what = d
                    .question
                    .as_ref()
                    .map(|q| format!("question {q}"))
                    .or_else(|| d.category.as_ref().map(|c| format!("category {c}")))
                    .unwrap_or_default();
                out.line(format!(
                    "  {}: {what}: {} {} vs {} {}",
                    result.candidate_id,
                    d.low,
                    number(d.min),
                    d.high,
                    number(d.max)
                ))?;
            }
        }
    }
    let waiting: Vec<&CandidateResult> = results.iter().filter(|r| !r.pending.is_empty()).collect();
    if !waiting.is_empty() {
        out.line("")?;
        out.line(out.paint(
            "Waiting for scorecards (cards down: scores stay hidden until every card is in)",
            BOLD,
        ))?;
        for result in waiting {
            out.line(format!(
                "  {}: {}",
                result.candidate_id,
                result.pending.join(", ")
            ))?;
        }
        if !args.include_pending {
            out.line(out.paint("  --include-pending shows the submitted scores anyway", DIM))?;
        }
    }
    Ok(())
}

pub fn calibrate(args: &CalibrateArgs, ctx: &mut Context) -> Result<()> {
    let mut left_out = LeftOut::default();
    let table = report::rating_table(
        ctx.workspace()?,
        args.role.as_deref(),
        args.include_pending,
        &mut left_out,
    )?;
    table.scales().single(&PICK_SCALE)?;
    if let Some(notice) = left_out.notice() {
        stderr_line!("{notice}");
    }
    let calibration = calibration::calibrate_with(&table, args.resamples as usize);
    match args.format {
        CalibrateFormat::Json => ctx.out.json(&calibration),
        CalibrateFormat::Table => {
            let out = &mut ctx.out;
            out.line(out.paint("Interviewers", BOLD))?;
            if calibration.interviewers.is_empty() {
                return explain_empty(args.role.as_deref(), ctx);
            }
            let mut table = out.table(&[
                "interviewer",
                "scorecards",
                "ratings",
                "mean",
                "leniency",
                "model leniency",
                "shared units",
                "note",
            ]);
            for i in &calibration.interviewers {
                let note = if i.shared_units < 5 {
                    format!(
                        "rests on {} shared unit{}; read with care",
                        i.shared_units,
                        if i.shared_units == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                };
                table.add_row(vec![
                    i.interviewer.clone(),
                    i.scorecards.to_string(),
                    i.ratings.to_string(),
                    fmt_score(i.mean),
                    i.leniency.map_or_else(|| "-".to_owned(), signed),
                    model_leniency(i.model_leniency, i.model_leniency_se),
                    i.shared_units.to_string(),
                    note,
                ]);
            }
            out.line(table.to_string())?;
            model_lines(&calibration.model, out)?;
            agreement_lines(&calibration.agreement, out)
        }
    }
}

/// The model leniency with its standard error, as `+0.31 ± 0.05`.
fn model_leniency(value: Option<f64>, se: Option<f64>) -> String {
    match (value, se) {
        (Some(v), Some(se)) => format!("{} ± {se:.2}", signed(v)),
        (Some(v), None) => signed(v),
        _ => "-".to_owned(),
    }
}

/// A leniency with its sign and two decimals; one that rounds to zero is `0.00`, neither lenient
/// nor severe (not `-0.00`).
fn signed(value: f64) -> String {
    let shown = format!("{value:+.2}");
    if shown == "-0.00" || shown == "+0.00" {
        "0.00".to_owned()
    } else {
        shown
    }
}

/// What the rater model rests on, and which interviewers it cannot compare.
fn model_lines(model: &ModelSummary, out: &mut Output) -> Result<()> {
    out.line(out.paint(
        &format!(
            "  Model leniency: least-squares fit of score = mean + candidate + question + interviewer over {} ratings, residual sd {}",
            model.ratings,
            model.residual_sd.map_or_else(|| "-".to_owned(), |sd| format!("{sd:.2}"))
        ),
        DIM,
    ))?;
    if model.connected {
        return Ok(());
    }
    out.line(out.paint(
        &format!(
            "  Not connected: these {} groups share no candidate, so model leniencies compare only within a group:",
            model.groups.len()
        ),
        YELLOW,
    ))?;
    for group in &model.groups {
        out.line(format!("    {}", group.join(", ")))?;
    }
    Ok(())
}

/// `0.712 [0.580, 0.810]`: a figure as printed, with its interval when there is one.
fn figure(value: f64, interval: Option<[f64; 2]>) -> String {
    match interval {
        Some([low, high]) => format!("{value:.3} [{low:.3}, {high:.3}]"),
        None => format!("{value:.3}"),
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The agreement section of `calibrate`: every figure with the units it rests on and its 95%
/// interval, and a reading of the number as printed.
fn agreement_lines(a: &AgreementStats, out: &mut Output) -> Result<()> {
    out.line("")?;
    out.line(out.paint("Agreement", BOLD))?;
    out.line(format!(
        "  units (candidate, question): {}, rated by 2+ interviewers: {} ({})",
        a.units,
        a.pairable_units,
        plural(a.pairable_values, "value")
    ))?;
    match (a.alpha_interval, a.alpha_ordinal) {
        (Some(interval), ordinal) => {
            let reading = match a.alpha_reading {
                Some("too-few") | None => format!(
                    "too few units to read (fewer than {})",
                    calibration::ALPHA_MIN_UNITS
                ),
                Some(reading) => reading.to_owned(),
            };
            out.line(format!(
                "  Krippendorff's alpha on {} ({}): interval {} {reading}; ordinal {}",
                plural(a.pairable_units, "unit"),
                plural(a.pairable_values, "value"),
                figure(interval, a.alpha_interval_ci),
                ordinal.map_or_else(|| "-".to_owned(), |o| figure(o, a.alpha_ordinal_ci)),
            ))?;
        }
        (None, _) => out.line(format!(
            "  Krippendorff's alpha: none ({})",
            a.alpha_note.as_deref().unwrap_or("not enough data")
        ))?,
    }
    match (a.icc_single, a.icc_raters) {
        (Some(single), Some(k)) => {
            let average = match a.icc_average {
                Some(average) => format!("ICC(2,{k}) {}", figure(average, a.icc_average_ci)),
                None => format!("ICC(2,{k}) not a reliability here"),
            };
            // The reading (Koo & Li) is of ICC(2,1), so it stands beside that figure.
            out.line(format!(
                "  ICC(2,1) {} ({}), {average}, on {} rated by the same {k} interviewers ({} left out)",
                figure(single, a.icc_single_ci),
                a.icc_reading.unwrap_or("-"),
                plural(a.icc_units, "unit"),
                a.icc_dropped_units
            ))?;
            if let Some(note) = &a.icc_note {
                out.line(format!("  {note}"))?;
            }
        }
        _ => out.line(format!(
            "  ICC: none ({})",
            a.icc_note.as_deref().unwrap_or("not enough data")
        ))?,
    }
    out.line(out.paint(
        "  95% intervals in brackets. Alpha: 0.800 and above reliable, 0.667 to 0.799 tentative, below 0.667 unreliable (not read below 10 units).",
        DIM,
    ))?;
    out.line(out.paint(
        "  ICC(2,1) (Koo & Li 2016): below 0.500 poor, 0.500 to 0.749 moderate, 0.750 to 0.899 good, 0.900 and above excellent; below 0 none.",
        DIM,
    ))
}

/// Refuses `--candidate` ids that name no candidate folder, so a typo is not an empty result.
pub fn check_candidates_exist(ctx: &Context, ids: Option<&[CandidateId]>) -> Result<()> {
    let workspace = ctx.workspace()?;
    for id in ids.unwrap_or_default() {
        workspace.existing_candidate_dir(id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leniencies_that_round_to_zero_carry_no_sign() {
        assert_eq!(signed(-0.001), "0.00");
        assert_eq!(signed(0.004), "0.00");
        assert_eq!(signed(0.2), "+0.20");
        assert_eq!(signed(-0.26), "-0.26");
        assert_eq!(model_leniency(Some(-0.0001), Some(0.05)), "0.00 ± 0.05");
    }
}
