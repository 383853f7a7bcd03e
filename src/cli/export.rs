//! `scorecard export csv|markdown`: streaming exports for HR.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::Context;
use super::compare::candidate_ids;
use crate::error::Result;
use crate::export::anonymize::Pseudonyms;
use crate::export::csv::{CsvOptions, CsvWriter};
use crate::export::filter::{Filter, parse_date};
use crate::export::markdown::{self, CandidateDoc};
use crate::export::summary;
use crate::scorecard::{Scorecard, store};
use crate::stats::panel::{self, CardDigest};
use crate::template::Template;
use crate::workspace::{self, CandidateId};

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// CSV for spreadsheets: one row per answer, or one per candidate
    #[command(after_help = "Examples:
  scorecard export csv --out answers.csv --excel
  scorecard export csv --shape summary --role \"Senior backend engineer\" --since 2026-11-01 --anonymize")]
    Csv(CsvArgs),
    /// Markdown scorecards, one document per candidate
    #[command(after_help = "Examples:
  scorecard export markdown --out reports/
  scorecard export markdown --candidate ada-lovelace --anonymize --template my.md.j2")]
    Markdown(MarkdownArgs),
}

/// Filters shared by both exports.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only these candidates (candidate ids; repeatable)
    #[arg(long, value_name = "ID")]
    pub candidate: Vec<String>,
    /// Only scorecards for this role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only this interviewer's scorecards
    #[arg(long, value_name = "NAME")]
    pub interviewer: Option<String>,
    /// Only scorecards submitted on or after this date (YYYY-MM-DD, UTC)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only scorecards submitted on or before this date (YYYY-MM-DD, UTC)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Replace candidate names and ids with stable pseudonyms (`Candidate 7F3A`)
    #[arg(long)]
    pub anonymize: bool,
}

impl FilterArgs {
    fn filter(&self) -> Result<Filter> {
        Ok(Filter {
            candidates: candidate_ids(&self.candidate)?,
            role: self.role.clone(),
            interviewer: self.interviewer.clone(),
            since: self
                .since
                .as_deref()
                .map(|d| parse_date("--since", d))
                .transpose()?,
            until: self
                .until
                .as_deref()
                .map(|d| parse_date("--until", d))
                .transpose()?,
        })
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum Shape {
    /// One row per answer of every submitted scorecard
    #[default]
    Answers,
    /// One row per candidate: scores per category and the recommendation tally
    Summary,
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    #[arg(long, value_enum, default_value_t)]
    pub shape: Shape,
    /// Write to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Start with a UTF-8 byte-order mark and end lines with CRLF, so Excel opens it right
    #[arg(long)]
    pub excel: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Args)]
pub struct MarkdownArgs {
    /// Template replacing the built-in one (see the README for its variables)
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// A folder (one `<candidate-id>.md` per candidate) or a `.md` file; stdout without it
    #[arg(long, value_name = "DIR|FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

pub fn run(command: ExportCommand, ctx: &mut Context) -> Result<()> {
    match command {
        ExportCommand::Csv(args) => csv(&args, ctx),
        ExportCommand::Markdown(args) => markdown_export(&args, ctx),
    }
}

/// The candidate's submitted scorecards that pass the filter, sorted by id.
fn filtered(cards: Vec<Scorecard>, filter: &Filter) -> Vec<Scorecard> {
    cards.into_iter().filter(|c| filter.accepts(c)).collect()
}

fn pseudonyms(ctx: &Context, anonymize: bool) -> Result<Option<Pseudonyms>> {
    anonymize
        .then(|| Pseudonyms::for_workspace(ctx.workspace()?))
        .transpose()
}

/// The candidates to export, in export order: by id, or when anonymised by pseudonym, so that
/// the order of rows and documents says nothing about the names.
fn export_order(
    workspace: &workspace::Workspace,
    filter: &Filter,
    names: Option<&Pseudonyms>,
) -> Result<Option<Vec<CandidateId>>> {
    let Some(names) = names else {
        return Ok(filter.candidates.clone());
    };
    let mut ids = match &filter.candidates {
        Some(ids) => ids.clone(),
        None => workspace
            .candidate_dirs()?
            .into_iter()
            .map(|(id, _)| id)
            .collect(),
    };
    ids.sort_by_cached_key(|id| names.get(id.as_str()).id);
    Ok(Some(ids))
}

const ANSWER_COLUMNS: [&str; 16] = [
    "candidate_id",
    "candidate",
    "role",
    "round",
    "interviewer",
    "scorecard",
    "plan",
    "question",
    "category",
    "score",
    "skipped",
    "notes",
    "seconds",
    "rated_at",
    "submitted_at",
    "recommendation",
];

fn csv(args: &CsvArgs, ctx: &mut Context) -> Result<()> {
    let filter = args.filters.filter()?;
    let names = pseudonyms(ctx, args.filters.anonymize)?;
    let options = CsvOptions { excel: args.excel };
    let workspace = ctx.workspace()?.clone();
    let order = export_order(&workspace, &filter, names.as_ref())?;
    let write = |out: &mut dyn Write| -> Result<()> {
        let mut csv = CsvWriter::new(out, options);
        match args.shape {
            Shape::Answers => {
                csv.header(&ANSWER_COLUMNS)?;
                store::scan(
                    &workspace,
                    order.as_deref(),
                    |_, cards| Ok(answer_rows(&filtered(cards, &filter), names.as_ref())),
                    |rows| rows.iter().try_for_each(|row| csv.row(row)),
                )?;
            }
            Shape::Summary => summary_rows(
                &workspace,
                &filter,
                order.as_deref(),
                names.as_ref(),
                &mut csv,
            )?,
        }
        csv.finish()
    };
    match &args.out {
        Some(path) => workspace::write_streaming(path, write),
        None => write(ctx.out.writer()),
    }
}

/// The rows of one candidate's scorecards, rendered in the worker that read them.
fn answer_rows(cards: &[Scorecard], names: Option<&Pseudonyms>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for card in cards {
        let pseudonym = names.map(|n| n.get(&card.candidate_id));
        let (candidate_id, candidate) = match &pseudonym {
            Some(p) => (p.id.clone(), p.name.clone()),
            None => (card.candidate_id.clone(), card.candidate.clone()),
        };
        for answer in &card.answers {
            let notes = match names {
                Some(names) => names.scrub(&answer.notes, &card.candidate_id, &card.candidate),
                None => answer.notes.clone(),
            };
            rows.push(vec![
                neutral(&candidate_id),
                neutral(&candidate),
                neutral(&card.role),
                neutral(card.round.as_deref().unwrap_or_default()),
                neutral(&card.interviewer),
                card.id.to_string(),
                card.plan.to_string(),
                neutral(&answer.question),
                neutral(&answer.category),
                answer.score.map(|s| s.to_string()).unwrap_or_default(),
                answer.skipped.to_string(),
                neutral(&notes),
                answer.seconds.map(|s| s.to_string()).unwrap_or_default(),
                answer.rated_at.map(|t| t.to_string()).unwrap_or_default(),
                card.submitted_at.map(|t| t.to_string()).unwrap_or_default(),
                card.recommendation
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
            ]);
        }
    }
    rows
}

fn neutral(text: &str) -> String {
    crate::export::csv::neutralise(text)
}

/// One row per candidate. The category columns are only known once every candidate is read, so
/// the (small) per-candidate results are gathered before writing.
fn summary_rows<W: Write>(
    workspace: &workspace::Workspace,
    filter: &Filter,
    order: Option<&[CandidateId]>,
    names: Option<&Pseudonyms>,
    csv: &mut CsvWriter<W>,
) -> Result<()> {
    let results = store::scan_all(workspace, order, |_, cards| {
        let digests: Vec<CardDigest> = filtered(cards, filter)
            .iter()
            .map(CardDigest::from)
            .collect();
        Ok((!digests.is_empty()).then(|| panel::candidate_result(&digests, None, true)))
    })?;
    let results: Vec<_> = results.into_iter().flatten().collect();
    let columns = summary::category_columns(&results);
    csv.header(&summary::header(&columns))?;
    for result in &results {
        csv.row(&summary::row(result, &columns, names))?;
    }
    Ok(())
}

fn markdown_export(args: &MarkdownArgs, ctx: &mut Context) -> Result<()> {
    let filter = args.filters.filter()?;
    let names = pseudonyms(ctx, args.filters.anonymize)?;
    let template = Template::load(args.template.as_deref(), "candidate.md")?;
    let workspace = ctx.workspace()?.clone();
    let order = export_order(&workspace, &filter, names.as_ref())?;
    let out_dir = args.out.as_ref().filter(|path| is_folder_target(path));
    let mut documents: Vec<String> = Vec::new();
    let mut written = 0usize;
    store::scan(
        &workspace,
        order.as_deref(),
        |id, cards| {
            let cards = filtered(cards, &filter);
            // The file is named after the folder (or the pseudonym scorecard made), never
            // after an id read from inside a file.
            let stem = |doc: &CandidateDoc| {
                if names.is_some() {
                    doc.candidate_id.clone()
                } else {
                    id.to_string()
                }
            };
            markdown::candidate_doc(&cards, names.as_ref())
                .map(|doc| Ok((stem(&doc), render(&template, &doc)?)))
                .transpose()
        },
        |doc| {
            let Some((candidate_id, text)) = doc else {
                return Ok(());
            };
            match out_dir {
                Some(dir) => {
                    // Created on the first document, so a filter that matches nothing writes nothing.
                    workspace::create_private_dir(dir)?;
                    workspace::replace(&dir.join(format!("{candidate_id}.md")), text.as_bytes())?;
                    written += 1;
                    Ok(())
                }
                None if args.out.is_some() => {
                    documents.push(text);
                    Ok(())
                }
                None => {
                    if written > 0 {
                        ctx.out.write("\n---\n\n")?;
                    }
                    written += 1;
                    ctx.out.write(&text)
                }
            }
        },
    )?;
    if let (Some(file), None) = (&args.out, out_dir)
        && !documents.is_empty()
    {
        workspace::replace(file, documents.join("\n---\n\n").as_bytes())?;
        written = documents.len();
    }
    if let Some(out) = &args.out {
        eprintln!(
            "wrote {written} candidate document{} to {}",
            if written == 1 { "" } else { "s" },
            out.display()
        );
    }
    Ok(())
}

fn render(template: &Template, doc: &CandidateDoc) -> Result<String> {
    markdown::render(template, doc)
}

/// `--out` names a folder unless it is a `.md` file path.
fn is_folder_target(path: &Path) -> bool {
    path.is_dir()
        || !path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
}
