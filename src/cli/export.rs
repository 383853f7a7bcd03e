//! `scorecard export csv|markdown|xlsx|html`: streaming exports for HR and the panel.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::Context;
use super::compare::candidate_ids;
use super::output::Quiet;
use crate::error::Result;
use crate::export::anonymize::{Pseudonyms, named};
use crate::export::csv::{CsvOptions, CsvWriter};
use crate::export::documents::{self, Target};
use crate::export::filter::{Filter, exported, parse_date};
use crate::export::{answers, summary};
use crate::export::{debrief, workbook};
use crate::scorecard::store;
use crate::stats::cards_down::{self, LeftOut};
use crate::stats::panel::{self, CardDigest};
use crate::template::Template;
use crate::workspace::{self, CandidateId};

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// CSV for spreadsheets: one row per answer, or one per candidate
    #[command(after_help = "Examples:
  scorecard export csv --out answers.csv --excel
  scorecard export csv --shape summary --since 2026-11-01 --anonymize \\
    --role \"Senior Node.js backend engineer\"")]
    Csv(CsvArgs),
    /// Markdown scorecards, one document per candidate
    #[command(after_help = "Examples:
  scorecard export markdown --out reports/
  scorecard export markdown --candidate ada-lovelace --anonymize --template my.md.j2")]
    Markdown(MarkdownArgs),
    /// An Excel workbook: Summary, Answers, Interviewers and Questions sheets in typed cells
    #[command(after_help = "Examples:
  scorecard export xlsx --out panel.xlsx
  scorecard export xlsx --out blind.xlsx --role \"Senior backend engineer\" --anonymize")]
    Xlsx(XlsxArgs),
    /// A self-contained HTML page for the panel's debrief (at most 200 candidates)
    #[command(after_help = "Examples:
  scorecard export html --out debrief.html --candidate ada-lovelace --candidate alan-turing
  scorecard export html --out debrief.html --role \"Senior backend engineer\" --since 2026-11-01")]
    Html(HtmlArgs),
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
    /// Export the submitted scorecards of candidates whose panel still has drafts
    #[arg(long)]
    pub include_pending: bool,
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
            include_pending: self.include_pending,
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
    #[command(flatten)]
    pub quiet: Quiet,
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
    #[command(flatten)]
    pub quiet: Quiet,
}

#[derive(Debug, Args)]
pub struct XlsxArgs {
    /// The workbook to write (atomically, readable by you alone)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub quiet: Quiet,
}

#[derive(Debug, Args)]
pub struct HtmlArgs {
    /// The page to write (atomically, readable by you alone)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Template replacing the built-in `debrief.html.j2` (see the README for its variables)
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub quiet: Quiet,
}

pub fn run(command: ExportCommand, ctx: &mut Context) -> Result<()> {
    match command {
        ExportCommand::Csv(args) => csv(&args, ctx),
        ExportCommand::Markdown(args) => markdown_export(&args, ctx),
        ExportCommand::Xlsx(args) => xlsx(&args, ctx),
        ExportCommand::Html(args) => html(&args, ctx),
    }
}

fn xlsx(args: &XlsxArgs, ctx: &mut Context) -> Result<()> {
    let filter = args.filters.filter()?;
    super::context::check_out(ctx, &args.out)?;
    let names = pseudonyms(ctx, args.filters.anonymize)?;
    let workspace = ctx.workspace()?.clone();
    let order = export_order(&workspace, &filter, names.as_ref())?;
    let written = workbook::write(
        &args.out,
        &workbook::Request {
            workspace: &workspace,
            filter: &filter,
            order: order.as_deref(),
            names: names.as_ref(),
        },
    )?;
    report_left_out(&written.left_out);
    for (sheet, refused) in [
        ("Interviewers", &written.interviewers_refused),
        ("Questions", &written.questions_refused),
    ] {
        if let Some(err) = refused {
            stderr_line!("note: the {sheet} sheet is left with its header alone: {err}");
            for hint in err.context() {
                stderr_line!("{hint}");
            }
        }
    }
    args.quiet.say(format_args!(
        "wrote {} answer{} of {} candidate{} to {}",
        written.answers,
        plural(written.answers),
        written.candidates,
        plural(written.candidates),
        args.out.display()
    ));
    if written.candidates == 0 {
        explain_empty(&args.filters, &filter, ctx)?;
    }
    Ok(())
}

fn html(args: &HtmlArgs, ctx: &mut Context) -> Result<()> {
    let filter = args.filters.filter()?;
    super::context::check_out(ctx, &args.out)?;
    let names = pseudonyms(ctx, args.filters.anonymize)?;
    let template = Template::load_html(args.template.as_deref(), "debrief.html")?;
    let workspace = ctx.workspace()?.clone();
    let order = export_order(&workspace, &filter, names.as_ref())?;
    let page = debrief::build(&workspace, &filter, order.as_deref(), names.as_ref())?;
    report_left_out(&page.left_out);
    let text = debrief::render(&template, &page)?;
    workspace::replace(&args.out, text.as_bytes())?;
    if let Some(why) = &page.interviewers_refused {
        stderr_line!("note: the page leaves out the interviewers' leniency: {why}");
    }
    args.quiet.say(format_args!(
        "wrote the debrief of {} candidate{} to {}",
        page.candidates.len(),
        plural(page.candidates.len()),
        args.out.display()
    ));
    if page.candidates.is_empty() {
        explain_empty(&args.filters, &filter, ctx)?;
    }
    Ok(())
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Says on stderr which candidates cards down left out.
fn report_left_out(left_out: &LeftOut) {
    if let Some(notice) = left_out.notice() {
        stderr_line!("{notice}");
    }
}

/// The workspace's pseudonyms when `--anonymize` is given; the first time, says that the key
/// they derive from was created (it must be kept for pseudonyms to stay the same).
fn pseudonyms(ctx: &Context, anonymize: bool) -> Result<Option<Pseudonyms>> {
    if !anonymize {
        return Ok(None);
    }
    let workspace = ctx.workspace()?;
    let key = workspace.root.join(crate::export::anonymize::KEY_FILE);
    let existed = key.is_file();
    let pseudonyms = Pseudonyms::for_workspace(workspace)?;
    if !existed && key.is_file() {
        stderr_line!(
            "note: created `{}`: pseudonyms derive from it, so keep it (and keep it private) for them to stay the same in every export",
            key.display()
        );
    }
    Ok(Some(pseudonyms))
}

/// Says on stderr which filter matched nothing (an empty export is not an error).
/// `filters` as typed (candidate ids as given), `filter` as parsed (dates).
fn explain_empty(filters: &FilterArgs, filter: &Filter, ctx: &Context) -> Result<()> {
    super::nothing::explain(
        ctx,
        "submitted scorecards",
        |card| card.status == crate::scorecard::Status::Submitted,
        &crate::lookup::Wanted {
            role: filters.role.as_deref(),
            interviewer: filters.interviewer.as_deref(),
            candidates: &filters.candidate,
            dates: (filter.since, filter.until),
        },
        None,
    )
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

fn csv(args: &CsvArgs, ctx: &mut Context) -> Result<()> {
    let filter = args.filters.filter()?;
    if let Some(out) = &args.out {
        super::context::check_out(ctx, out)?;
    }
    let include = args.filters.include_pending;
    let names = pseudonyms(ctx, args.filters.anonymize)?;
    let options = CsvOptions { excel: args.excel };
    let mut left_out = LeftOut::default();
    let workspace = ctx.workspace()?.clone();
    let order = export_order(&workspace, &filter, names.as_ref())?;
    let rows = std::cell::Cell::new(0usize);
    let mut write = |out: &mut dyn Write| -> Result<()> {
        let mut csv = CsvWriter::new(out, options);
        match args.shape {
            Shape::Answers => {
                csv.header(&answers::COLUMNS)?;
                store::scan(
                    &workspace,
                    order.as_deref(),
                    |_, cards| {
                        let (cards, held) = exported(cards, &filter);
                        Ok((
                            answers::rows(&cards, names.as_ref()),
                            named(held, names.as_ref()),
                        ))
                    },
                    |(found, held)| {
                        left_out.record(held);
                        rows.set(rows.get() + found.len());
                        found.iter().try_for_each(|row| csv.row(row))
                    },
                )?;
            }
            Shape::Summary => rows.set(summary_rows(
                &workspace,
                (&filter, include),
                order.as_deref(),
                names.as_ref(),
                &mut csv,
                &mut left_out,
            )?),
        }
        csv.finish()
    };
    match &args.out {
        Some(path) => workspace::write_streaming(path, write)?,
        None => write(ctx.out.writer())?,
    }
    report_left_out(&left_out);
    let rows = rows.get();
    if let Some(path) = &args.out {
        args.quiet.say(format_args!(
            "wrote {rows} row{} (and the header) to {}",
            if rows == 1 { "" } else { "s" },
            path.display()
        ));
    }
    if rows == 0 {
        explain_empty(&args.filters, &filter, ctx)?;
    }
    Ok(())
}

/// One row per candidate. The category columns are only known once every candidate is read, so
/// the (small) per-candidate results are gathered before writing.
fn summary_rows<W: Write>(
    workspace: &workspace::Workspace,
    (filter, include_pending): (&Filter, bool),
    order: Option<&[CandidateId]>,
    names: Option<&Pseudonyms>,
    csv: &mut CsvWriter<W>,
    left_out: &mut LeftOut,
) -> Result<usize> {
    let results = store::scan_all(workspace, order, |_, cards| {
        let pending = cards_down::pending(&cards);
        let (cards, held) = exported(cards, filter);
        let digests: Vec<CardDigest> = cards.iter().map(CardDigest::from).collect();
        let result = (!digests.is_empty())
            .then(|| panel::candidate_result(&digests, None, pending, include_pending));
        Ok((result, named(held, names)))
    })?;
    let mut shown = Vec::new();
    for (result, held) in results {
        left_out.record(held);
        shown.extend(result);
    }
    let results = shown;
    let columns = summary::category_columns(&results);
    csv.header(&summary::header(&columns))?;
    for result in &results {
        csv.row(&summary::row(result, &columns, names))?;
    }
    Ok(results.len())
}

fn markdown_export(args: &MarkdownArgs, ctx: &mut Context) -> Result<()> {
    let filter = args.filters.filter()?;
    // A folder or a file: only the workspace's own files are refused here.
    if let Some(out) = &args.out {
        super::context::outside_workspace(ctx, out)?;
    }
    let names = pseudonyms(ctx, args.filters.anonymize)?;
    let template = Template::load(args.template.as_deref(), "candidate.md")?;
    let workspace = ctx.workspace()?.clone();
    let order = export_order(&workspace, &filter, names.as_ref())?;
    let request = documents::Request {
        workspace: &workspace,
        filter: &filter,
        order: order.as_deref(),
        names: names.as_ref(),
        template: &template,
    };
    let written = documents::export(&request, Target::of(args.out.as_deref()), |text| {
        ctx.out.write(text)
    })?;
    report_left_out(&written.left_out);
    if let Some(out) = &args.out
        && written.documents > 0
    {
        args.quiet.say(format_args!(
            "wrote {} candidate document{} to {}",
            written.documents,
            if written.documents == 1 { "" } else { "s" },
            crate::escape::terminal(&out.display().to_string())
        ));
    }
    if written.documents == 0 {
        explain_empty(&args.filters, &filter, ctx)?;
    }
    Ok(())
}
