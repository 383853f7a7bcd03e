//! `scorecard compare` and `scorecard calibrate`: the panel's screens.

use clap::{Args, ValueEnum};
use comfy_table::{Cell, Color};
use serde::Serialize;

use super::Context;
use super::output::{BOLD, DIM, Output, YELLOW, score as fmt_score};
use crate::analytics::{self, Selection};
use crate::error::{Error, Result};
use crate::export::csv::{CsvOptions, CsvWriter};
use crate::export::summary::{self, number};
use crate::scorecard::store;
use crate::stats::calibration::{self, ModelSummary, RatingTable};
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

/// Every submitted rating (of scorecards for `role`, or all), read candidate by candidate. Which
/// scorecards count is `analytics::counted`'s rule, the one `questions` uses: a candidate whose
/// panel still has a draft is left out (cards down).
fn rating_table(ctx: &Context, role: Option<&str>) -> Result<RatingTable> {
    let mut table = RatingTable::default();
    let selection = Selection {
        role: role.map(str::to_owned),
        ..Selection::default()
    };
    store::scan(
        ctx.workspace()?,
        None,
        |cards| {
            Ok(analytics::counted(cards, &selection)
                .cards
                .iter()
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
    let mut model = None;
    let adjust = if args.normalize {
        Some(rating_table(ctx, None)?.adjustments())
    } else if args.model {
        let table = rating_table(ctx, args.role.as_deref())?;
        one_scale(&table, "compare --model")?;
        let fit = table.fit();
        let adjust = table.model_adjustments(&fit);
        model = Some((table, fit));
        Some(adjust)
    } else {
        None
    };
    let role = args.role.as_deref();
    let mut panels: Vec<String> = Vec::new();
    let mut results: Vec<CandidateResult> = Vec::new();
    let scanned = store::scan_all(ctx.workspace()?, only.as_deref(), |cards| {
        let digests: Vec<CardDigest> = cards
            .iter()
            .filter(|c| role_matches(role, &c.role))
            .map(CardDigest::from)
            .collect();
        Ok((!digests.is_empty()).then(|| {
            let result = panel::candidate_result(&digests, adjust.as_ref(), args.include_pending);
            let interviewers: Vec<String> = if result.withheld {
                Vec::new()
            } else {
                digests
                    .iter()
                    .filter(|d| d.status == crate::scorecard::Status::Submitted)
                    .map(|d| d.interviewer.clone())
                    .collect()
            };
            (result, interviewers)
        }))
    })?;
    for (result, interviewers) in scanned.into_iter().flatten() {
        results.push(result);
        panels.extend(interviewers);
    }
    if let Some((table, fit)) = &model {
        let groups = table.groups_of(fit, panels.iter().map(String::as_str));
        if groups.len() > 1 {
            return Err(not_comparable(&groups));
        }
    }
    panel::rank(&mut results);
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
        CompareFormat::Csv => compare_csv(&results, ctx),
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
            Cell::new(i + 1),
            Cell::new(format!("{} ({})", result.candidate, result.candidate_id)),
            Cell::new(result.scorecards),
        ];
        // A score cell in its band's colour, styled by comfy-table so the padding counts only
        // the visible text.
        let scored = |value: Option<f64>| match value {
            Some(v) => out.cell(fmt_score(value), band(v, result.scale)),
            None => Cell::new(fmt_score(value)),
        };
        if result.withheld {
            row.push(Cell::new("withheld"));
            row.push(Cell::new(""));
            row.extend(columns.iter().map(|_| Cell::new("-")));
            row.push(Cell::new("-"));
            row.push(Cell::new(""));
        } else {
            let (min, max) = result.scale;
            row.push(scored(result.overall));
            row.push(Cell::new(
                result
                    .overall
                    .map(|v| bar(v, min as f64, max as f64, 10))
                    .unwrap_or_default(),
            ));
            row.extend(
                columns
                    .iter()
                    .map(|c| scored(result.categories.get(c).copied())),
            );
            let tally: Vec<String> = result
                .recommendations
                .counts()
                .iter()
                .map(ToString::to_string)
                .collect();
            row.push(Cell::new(tally.join("/")));
            let disagreements = result.all_disagreements().count();
            row.push(Cell::new(if disagreements == 0 {
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

/// Refuses ratings on more than one scale: the rater model's effects are in scale points.
fn one_scale(table: &RatingTable, command: &str) -> Result<()> {
    let scales = table.scales();
    if scales.len() <= 1 {
        return Ok(());
    }
    let listed: Vec<String> = scales
        .iter()
        .map(|(min, max)| format!("{min}-{max}"))
        .collect();
    Err(Error::Refused {
        message: format!(
            "{command}: the selected scorecards use {} rating scales ({}), and scores on different scales are never pooled",
            scales.len(),
            listed.join(", ")
        ),
        hints: vec!["pick scorecards on one scale with --role".to_owned()],
    })
}

/// The refusal of `compare --model` when the selected candidates were seen by interviewers the
/// model cannot compare.
fn not_comparable(groups: &[Vec<String>]) -> Error {
    let named: Vec<String> = groups
        .iter()
        .map(|g| format!("[{}]", g.join(", ")))
        .collect();
    Error::Refused {
        message: format!(
            "compare --model: the selected candidates were interviewed by {} groups of interviewers that share no candidate, so the rater model cannot compare them: {}",
            groups.len(),
            named.join(" and ")
        ),
        hints: vec![
            "compare candidates of one group (--candidate ID ...), or use --normalize".to_owned(),
        ],
    }
}

pub fn calibrate(args: &CalibrateArgs, ctx: &mut Context) -> Result<()> {
    let table = rating_table(ctx, args.role.as_deref())?;
    one_scale(&table, "calibrate")?;
    let calibration = calibration::calibrate(&table);
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
                    i.leniency
                        .map_or_else(|| "-".to_owned(), |l| format!("{l:+.2}")),
                    model_leniency(i.model_leniency, i.model_leniency_se),
                    i.shared_units.to_string(),
                    note,
                ]);
            }
            out.line(table.to_string())?;
            model_lines(&calibration.model, out)?;
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

/// The model leniency with its standard error, as `+0.31 ± 0.05`.
fn model_leniency(value: Option<f64>, se: Option<f64>) -> String {
    match (value, se) {
        (Some(v), Some(se)) => format!("{v:+.2} ± {se:.2}"),
        (Some(v), None) => format!("{v:+.2}"),
        _ => "-".to_owned(),
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
