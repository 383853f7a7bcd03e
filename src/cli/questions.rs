//! `scorecard questions`: which questions work. One row per question that submitted scorecards
//! used, as a table (the questions to look at first), JSON or CSV.

use clap::{Args, ValueEnum};
use comfy_table::Color;
use serde::Serialize;

use super::Context;
use super::output::{BOLD, DIM, TableCell};
use crate::analytics::{self, QuestionReport, Selection};
use crate::error::Result;
use crate::export::csv::{CsvOptions, CsvWriter};
use crate::export::filter::parse_date;
use crate::stats::questions::{self, Flag, QuestionRow};

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Only scorecards of this bank (a bank id, or the path of a bank file)
    #[arg(long, value_name = "B")]
    pub bank: Option<String>,
    /// Only scorecards for this role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only scorecards submitted on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only scorecards submitted on or before this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Count the submitted scorecards of candidates whose panel still has drafts
    #[arg(long)]
    pub include_pending: bool,
    #[arg(long, value_enum, default_value_t = QuestionsFormat::Table)]
    pub format: QuestionsFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QuestionsFormat {
    Table,
    Json,
    Csv,
}

/// The CSV columns, the JSON fields in the same order.
const COLUMNS: [&str; 17] = questions::COLUMNS;

pub fn run(args: &QuestionsArgs, ctx: &mut Context) -> Result<()> {
    let selection = Selection {
        role: args.role.clone(),
        bank: args.bank.as_deref().map(analytics::bank_id).transpose()?,
        since: args
            .since
            .as_deref()
            .map(|d| parse_date("--since", d))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|d| parse_date("--until", d))
            .transpose()?,
        include_pending: args.include_pending,
    };
    let report = analytics::question_report(ctx.workspace()?, &selection)?;
    notes(&report, &selection);
    match args.format {
        QuestionsFormat::Json => ctx.out.json(&QuestionsJson {
            questions: &report.rows,
        }),
        QuestionsFormat::Csv => csv(&report.rows, ctx),
        QuestionsFormat::Table => table(report.rows, ctx),
    }
}

/// Says on stderr whom cards down left out, and when nothing matched, what exists.
fn notes(report: &QuestionReport, selection: &Selection) {
    if let Some(notice) = report.left_out.notice() {
        stderr_line!("{notice}");
    }
    if report.rows.is_empty() {
        match &selection.bank {
            Some(bank) if !report.banks.contains(bank) => {
                let banks: Vec<&str> = report.banks.iter().map(String::as_str).collect();
                stderr_line!(
                    "note: no scorecard uses bank `{bank}`; banks in use: {}",
                    if banks.is_empty() {
                        "none".to_owned()
                    } else {
                        banks.join(", ")
                    }
                );
            }
            _ => stderr_line!("note: no submitted scorecards match"),
        }
    }
}

#[derive(Serialize)]
struct QuestionsJson<'a> {
    questions: &'a [QuestionRow],
}

fn cell(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn flag_list(flags: &[Flag]) -> Vec<&'static str> {
    flags.iter().map(|f| f.as_str()).collect()
}

fn csv(rows: &[QuestionRow], ctx: &mut Context) -> Result<()> {
    let mut csv = CsvWriter::new(ctx.out.writer(), CsvOptions::default());
    csv.header(&COLUMNS)?;
    for r in rows {
        csv.row(&[
            csv.text(&r.bank),
            csv.text(&r.question),
            csv.text(&r.category),
            r.asked.to_string(),
            r.rated.to_string(),
            r.skipped.to_string(),
            cell(r.mean),
            cell(r.sd),
            cell(r.floor),
            cell(r.ceiling),
            cell(r.discrimination),
            r.discrimination_n.to_string(),
            cell(r.rater_gap),
            r.rater_pairs.to_string(),
            cell(r.overrun),
            cell(r.covered),
            flag_list(&r.flags).join(";"),
        ])?;
    }
    csv.finish()
}

fn fixed(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.decimals$}"))
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{:.0}%", v * 100.0))
}

fn table(mut rows: Vec<QuestionRow>, ctx: &mut Context) -> Result<()> {
    let out = &mut ctx.out;
    let flagged = rows.iter().filter(|r| !r.flags.is_empty()).count();
    out.line(out.paint(
        &format!("Questions: {} used, {flagged} to look at", rows.len()),
        BOLD,
    ))?;
    if rows.is_empty() {
        return out.line("No submitted scorecards yet.");
    }
    questions::sort_for_attention(&mut rows);
    let mut table = out.table(&[
        "question",
        "category",
        "asked",
        "rated",
        "skipped",
        "mean",
        "sd",
        "floor",
        "ceiling",
        "discrim. (n)",
        "rater gap (pairs)",
        "overrun",
        "covered",
        "flags",
    ]);
    for r in &rows {
        let flags: Vec<&str> = r.flags.iter().map(|f| f.as_str()).collect();
        // Questions that do not measure are the ones to rewrite first; colour goes through the
        // table's own styling so padding counts visible characters only.
        let urgent = r
            .flags
            .iter()
            .any(|f| *f == Flag::NoSignal || *f == Flag::RatersDisagree);
        let flag_cell = out.cell(
            flags.join(" "),
            if urgent { Color::Red } else { Color::Yellow },
        );
        table.add_row(
            vec![
                format!("{}/{}", r.bank, r.question),
                r.category.clone(),
                r.asked.to_string(),
                r.rated.to_string(),
                r.skipped.to_string(),
                fixed(r.mean, 2),
                fixed(r.sd, 2),
                percent(r.floor),
                percent(r.ceiling),
                format!("{} ({})", fixed(r.discrimination, 2), r.discrimination_n),
                format!("{} ({})", fixed(r.rater_gap, 2), r.rater_pairs),
                r.overrun
                    .map_or_else(|| "-".to_owned(), |o| format!("{o:.2}x")),
                percent(r.covered),
            ]
            .into_iter()
            .map(TableCell::from)
            .chain(std::iter::once(flag_cell))
            .collect::<Vec<TableCell>>(),
        );
    }
    out.line(table.to_string())?;
    out.line(out.paint(
        "  no-signal: discrimination < 0.20 (n >= 20) | too-easy / too-hard: 60%+ of 20+ ratings at the top / bottom\n  raters-disagree: interviewers 1+ point apart on average (10+ pairs) | overruns: median time 1.5x its minutes (10+ timed)",
        DIM,
    ))
}
