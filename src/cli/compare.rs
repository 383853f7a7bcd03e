//! `scorecard compare` and `scorecard calibrate`: the panel's screens.

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Context;
use super::output::{BOLD, DIM, GREEN, RED, YELLOW, score as fmt_score};
use crate::error::Result;
use crate::export::csv::{CsvOptions, CsvWriter};
use crate::export::summary::{self, number};
use crate::scorecard::store;
use crate::stats::calibration::{self, RatingTable};
use crate::stats::panel::{self, CandidateResult, CardDigest};
use crate::template::bar;
use crate::workspace::CandidateId;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Only these candidates (candidate ids; repeatable)
    #[arg(long, value_name = "ID")]
    pub candidate: Vec<String>,
    /// Only scorecards for this role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Subtract each interviewer's leniency before averaging
    #[arg(long)]
    pub normalize: bool,
    /// Show submitted scores of candidates whose panel still has drafts
    #[arg(long)]
    pub include_pending: bool,
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
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
    #[arg(long, value_enum, default_value_t = CalibrateFormat::Table)]
    pub format: CalibrateFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CalibrateFormat {
    Table,
    Json,
}

/// Whether a scorecard's role matches `--role` (case and surrounding space ignored).
#[must_use]
pub fn role_matches(filter: Option<&str>, role: &str) -> bool {
    filter.is_none_or(|wanted| wanted.trim().eq_ignore_ascii_case(role.trim()))
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

/// Every submitted rating (of scorecards for `role`, or all), read candidate by candidate.
fn rating_table(ctx: &Context, role: Option<&str>) -> Result<RatingTable> {
    let mut table = RatingTable::default();
    store::scan(
        ctx.workspace()?,
        None,
        |_, cards| {
            Ok(cards
                .iter()
                .filter(|c| role_matches(role, &c.role))
                .map(CardDigest::from)
                .collect::<Vec<_>>())
        },
        |digests| {
            table.add_candidate(&digests);
            Ok(())
        },
    )?;
    Ok(table)
}

pub fn compare(args: &CompareArgs, ctx: &mut Context) -> Result<()> {
    let only = candidate_ids(&args.candidate)?;
    check_candidates_exist(ctx, only.as_deref())?;
    // Leniency is a property of the interviewer, so it is measured over every submitted scorecard,
    // whatever the filters. That takes a first pass over the workspace; each pass holds only
    // small per-candidate results, so memory stays flat however large the workspace grows.
    let adjust = if args.normalize {
        Some(rating_table(ctx, None)?.adjustments())
    } else {
        None
    };
    let role = args.role.as_deref();
    let mut results: Vec<CandidateResult> =
        store::scan_all(ctx.workspace()?, only.as_deref(), |_, cards| {
            let digests: Vec<CardDigest> = cards
                .iter()
                .filter(|c| role_matches(role, &c.role))
                .map(CardDigest::from)
                .collect();
            Ok((!digests.is_empty())
                .then(|| panel::candidate_result(&digests, adjust.as_ref(), args.include_pending)))
        })?
        .into_iter()
        .flatten()
        .collect();
    panel::rank(&mut results);
    match args.format {
        CompareFormat::Json => ctx.out.json(&CompareJson {
            normalized: args.normalize,
            candidates: &results,
        }),
        CompareFormat::Csv => compare_csv(&results, ctx),
        CompareFormat::Table => compare_table(&results, args, ctx),
    }
}

#[derive(Serialize)]
struct CompareJson<'a> {
    normalized: bool,
    candidates: &'a [CandidateResult],
}

fn compare_csv(results: &[CandidateResult], ctx: &mut Context) -> Result<()> {
    let columns = summary::category_columns(results);
    let mut header = summary::header(&columns);
    header.extend(["disagreements", "pending"].map(String::from));
    let mut csv = CsvWriter::new(ctx.out.writer(), CsvOptions::default());
    csv.header(&header)?;
    for result in results {
        let mut row = summary::row(result, &columns, None);
        row.push(result.all_disagreements().count().to_string());
        row.push(csv.text(&result.pending.join("; ")));
        csv.row(&row)?;
    }
    csv.finish()
}

/// Colour by where a score sits on its scale: the top third green (3 and up on 1-4), the band
/// below it yellow, the rest red.
fn band(value: f64, (min, max): (i64, i64)) -> anstyle::Style {
    let fraction = (value - min as f64) / ((max - min) as f64).max(1.0);
    if fraction >= 2.0 / 3.0 {
        GREEN
    } else if fraction >= 0.5 {
        YELLOW
    } else {
        RED
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
        } else {
            ""
        }
    );
    out.line(out.paint(&heading, BOLD))?;
    if results.is_empty() {
        return out.line("No scorecards yet.");
    }
    let columns = summary::category_columns(results);
    let mut header: Vec<&str> = vec!["#", "candidate", "cards", "overall", ""];
    header.extend(columns.iter().map(String::as_str));
    header.extend(["sn/n/y/sy", "disagree"]);
    let mut table = out.table(&header);
    for (i, result) in results.iter().enumerate() {
        let mut row = vec![
            (i + 1).to_string(),
            format!("{} ({})", result.candidate, result.candidate_id),
            result.scorecards.to_string(),
        ];
        if result.withheld {
            row.push("withheld".to_owned());
            row.push(String::new());
            row.extend(columns.iter().map(|_| "-".to_owned()));
            row.push("-".to_owned());
            row.push(String::new());
        } else {
            let overall = fmt_score(result.overall);
            let (min, max) = result.scale;
            row.push(result.overall.map_or(overall.clone(), |v| {
                out.paint(&overall, band(v, result.scale))
            }));
            row.push(
                result
                    .overall
                    .map(|v| bar(v, min as f64, max as f64, 10))
                    .unwrap_or_default(),
            );
            row.extend(columns.iter().map(|c| {
                let value = result.categories.get(c).copied();
                let text = fmt_score(value);
                value.map_or(text.clone(), |v| out.paint(&text, band(v, result.scale)))
            }));
            let tally: Vec<String> = result
                .recommendations
                .counts()
                .iter()
                .map(ToString::to_string)
                .collect();
            row.push(tally.join("/"));
            let disagreements = result.all_disagreements().count();
            row.push(if disagreements == 0 {
                String::new()
            } else {
                disagreements.to_string()
            });
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
    let calibration = calibration::calibrate(&rating_table(ctx, args.role.as_deref())?);
    match args.format {
        CalibrateFormat::Json => ctx.out.json(&calibration),
        CalibrateFormat::Table => {
            let out = &mut ctx.out;
            out.line(out.paint("Interviewers", BOLD))?;
            if calibration.interviewers.is_empty() {
                return out.line("No submitted scorecards yet.");
            }
            let mut table = out.table(&[
                "interviewer",
                "scorecards",
                "ratings",
                "mean",
                "leniency",
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
                    i.leniency
                        .map_or_else(|| "-".to_owned(), |l| format!("{l:+.2}")),
                    i.shared_units.to_string(),
                    note,
                ]);
            }
            out.line(table.to_string())?;
            let a = &calibration.agreement;
            out.line("")?;
            out.line(out.paint("Agreement", BOLD))?;
            out.line(format!(
                "  units (candidate, question): {}, rated by 2+ interviewers: {}",
                a.units, a.pairable_units
            ))?;
            match (a.alpha_interval, a.alpha_ordinal) {
                (Some(interval), ordinal) => out.line(format!(
                    "  Krippendorff's alpha: interval {interval:.3} ({}), ordinal {}",
                    reading(interval),
                    ordinal.map_or_else(|| "-".to_owned(), |o| format!("{o:.3} ({})", reading(o)))
                ))?,
                (None, _) => out.line(format!(
                    "  Krippendorff's alpha: none ({})",
                    a.alpha_note.as_deref().unwrap_or("not enough data")
                ))?,
            }
            match (a.icc_single, a.icc_average, a.icc_raters) {
                (Some(single), Some(average), Some(k)) => {
                    out.line(format!("  ICC(2,1) {single:.3}, ICC(2,{k}) {average:.3}"))?;
                }
                _ => out.line(format!(
                    "  ICC: none ({})",
                    a.icc_note.as_deref().unwrap_or("not enough data")
                ))?,
            }
            out.line(out.paint(
                "  Reading alpha: 0.8 and above reliable, 0.667 to 0.8 tentative, below 0.667 unreliable",
                DIM,
            ))
        }
    }
}

fn reading(alpha: f64) -> &'static str {
    if alpha >= 0.8 {
        "reliable"
    } else if alpha >= 0.667 {
        "tentative"
    } else {
        "unreliable"
    }
}

/// Refuses `--candidate` ids that name no candidate folder, so a typo is not an empty result.
pub fn check_candidates_exist(ctx: &Context, ids: Option<&[CandidateId]>) -> Result<()> {
    let workspace = ctx.workspace()?;
    for id in ids.unwrap_or_default() {
        workspace.existing_candidate_dir(id)?;
    }
    Ok(())
}
