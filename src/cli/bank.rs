//! `scorecard bank list|show|check`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::Context;
use super::output::ListFormat;
use super::output::{BOLD, DIM};
use crate::bank::catalog::{self, Source};
use crate::bank::{Bank, Category, Question, Round, Scale};
use crate::error::{Error, Result};
use crate::template::Template;

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// List the built-in banks and the workspace's banks/ folder
    #[command(after_help = "Example:\n  scorecard bank list --format json")]
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show a bank's categories, questions and rounds
    #[command(
        after_help = "Examples:\n  scorecard bank show\n  scorecard bank show --category security --format markdown"
    )]
    Show(ShowArgs),
    /// Validate bank files; every problem is listed as <FILE:LINE:COL> (exit 1 if any)
    #[command(after_help = "Example:\n  scorecard bank check banks/*.toml")]
    Check {
        /// Bank files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Bank id (built-in or in the workspace's banks/) or path [default: the workspace's
    /// `default_bank`, else nodejs-backend-senior]
    #[arg(long, value_name = "B")]
    pub bank: Option<String>,
    /// Show only this category
    #[arg(long, value_name = "C")]
    pub category: Option<String>,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

pub fn run(command: BankCommand, ctx: &mut Context) -> Result<()> {
    match command {
        BankCommand::List { format } => list(format, ctx),
        BankCommand::Show(args) => show(&args, ctx),
        BankCommand::Check { files } => check(&files, ctx),
    }
}

#[derive(Serialize)]
struct ListRow {
    id: String,
    title: String,
    version: String,
    questions: usize,
    categories: usize,
    rounds: Vec<String>,
    source: String,
}

fn list(format: ListFormat, ctx: &mut Context) -> Result<()> {
    let entries = catalog::list(ctx.workspace()?)?;
    let mut rows = Vec::new();
    for entry in entries {
        match entry.bank {
            Ok(bank) => rows.push(ListRow {
                id: bank.id,
                title: bank.title,
                version: bank.version,
                questions: bank.questions.len(),
                categories: bank.categories.len(),
                rounds: bank.rounds.into_iter().map(|r| r.id).collect(),
                source: entry.source.to_string(),
            }),
            Err(err) => stderr_line!(
                "{}",
                crate::escape::terminal(&format!(
                    // The error names the file already.
                    "warning: skipped {err} (see `scorecard bank check {}`)",
                    entry.source
                ))
            ),
        }
    }
    match format {
        ListFormat::Json => ctx.out.json(&rows),
        ListFormat::Table => {
            let mut table =
                ctx.out
                    .table(&["id", "title", "questions", "categories", "rounds", "source"]);
            for row in &rows {
                table.add_row(vec![
                    row.id.clone(),
                    row.title.clone(),
                    row.questions.to_string(),
                    row.categories.to_string(),
                    row.rounds.join(", "),
                    row.source.clone(),
                ]);
            }
            ctx.out.line(table.to_string())
        }
    }
}

/// A category with how many questions it holds, as `bank show` prints it.
#[derive(Serialize)]
struct CategorySummary<'a> {
    #[serde(flatten)]
    category: &'a Category,
    questions: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<&'a Question>>,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    source: String,
    scale: &'a Scale,
    categories: Vec<CategorySummary<'a>>,
    questions: Vec<&'a Question>,
    rounds: &'a [Round],
}

fn show(args: &ShowArgs, ctx: &mut Context) -> Result<()> {
    let (bank, source) = catalog::resolve(ctx.workspace()?, args.bank.as_deref())?;
    let categories: Vec<&Category> = match &args.category {
        None => bank.categories.iter().collect(),
        Some(id) => vec![bank.category(id).ok_or_else(|| Error::NotFound {
            kind: "category",
            query: id.clone(),
            valid: bank.category_ids(),
        })?],
    };
    let questions: Vec<&Question> = bank
        .questions
        .iter()
        .filter(|q| categories.iter().any(|c| c.id == q.category))
        .collect();
    match args.format {
        ShowFormat::Json => ctx.out.json(&ShowJson {
            id: &bank.id,
            title: &bank.title,
            version: &bank.version,
            description: bank.description.as_deref(),
            source: source.to_string(),
            scale: &bank.scale,
            categories: summaries(&bank, &categories, false),
            questions,
            rounds: &bank.rounds,
        }),
        ShowFormat::Markdown => {
            let template = Template::builtin("bank.md")?;
            let text = template.render(&serde_json::json!({
                "bank": &bank,
                "scale": bank.scale.levels(),
                "categories": summaries(&bank, &categories, true),
            }))?;
            ctx.out.write(&text)
        }
        ShowFormat::Table => show_table(&bank, &source, &categories, &questions, ctx),
    }
}

fn summaries<'a>(
    bank: &'a Bank,
    categories: &[&'a Category],
    with_items: bool,
) -> Vec<CategorySummary<'a>> {
    categories
        .iter()
        .map(|category| {
            let items: Vec<&Question> = bank.questions_in(&category.id).collect();
            CategorySummary {
                category,
                questions: items.len(),
                items: with_items.then_some(items),
            }
        })
        .collect()
}

fn show_table(
    bank: &Bank,
    source: &Source,
    categories: &[&Category],
    questions: &[&Question],
    ctx: &mut Context,
) -> Result<()> {
    let out = &mut ctx.out;
    out.line(format!(
        "{} {}",
        out.paint(&bank.title, BOLD),
        out.paint(
            &format!("({}, version {}, {source})", bank.id, bank.version),
            DIM
        )
    ))?;
    if let Some(description) = &bank.description {
        out.line(description)?;
    }
    out.line(format!("Scale: {}", bank.scale.describe()))?;
    out.line("")?;

    let mut table = out.table(&["category", "title", "weight", "questions"]);
    for category in categories {
        table.add_row(vec![
            category.id.clone(),
            category.title.clone(),
            format!("{}", category.weight),
            bank.questions_in(&category.id).count().to_string(),
        ]);
    }
    out.line(table.to_string())?;
    out.line("")?;

    let mut table = out.table(&["question", "category", "level", "min", "prompt"]);
    for q in questions {
        table.add_row(vec![
            q.id.clone(),
            q.category.clone(),
            q.level.map(|l| l.as_str().to_owned()).unwrap_or_default(),
            q.minutes.to_string(),
            truncate(&q.prompt, 70),
        ]);
    }
    out.line(table.to_string())?;

    if !bank.rounds.is_empty() {
        out.line("")?;
        let mut table = out.table(&["round", "title", "minutes", "picks"]);
        for round in &bank.rounds {
            let picks: Vec<String> = round
                .pick
                .iter()
                .map(|p| format!("{} {}", p.category, p.count))
                .collect();
            table.add_row(vec![
                round.id.clone(),
                round.title.clone(),
                round.minutes.to_string(),
                picks.join(", "),
            ]);
        }
        out.line(table.to_string())?;
    }
    Ok(())
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first `max` characters of the first line, with an ellipsis when cut.
#[must_use]
pub fn truncate(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= max && !text.trim().contains('\n') {
        return line.to_owned();
    }
    let cut: String = line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

fn check(files: &[PathBuf], ctx: &mut Context) -> Result<()> {
    let mut failed = 0;
    let mut problems = Vec::new();
    for path in files {
        match catalog::load_path(path) {
            Ok(bank) => ctx.out.line(format!(
                "ok: {}: bank `{}`, {}, {}, {}",
                path.display(),
                bank.id,
                count(bank.categories.len(), "category", "categories"),
                count(bank.questions.len(), "question", "questions"),
                count(bank.rounds.len(), "round", "rounds")
            ))?,
            Err(Error::Invalid { problems: found }) => {
                failed += 1;
                problems.extend(found.iter().map(ToString::to_string));
            }
            Err(err) => {
                failed += 1;
                problems.push(err.to_string());
            }
        }
    }
    if failed == 0 {
        return Ok(());
    }
    let count = problems.len();
    Err(Error::Refused {
        message: format!(
            "{failed} of {} bank file{} {} invalid ({count} problem{})",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            if failed == 1 { "is" } else { "are" },
            if count == 1 { "" } else { "s" },
        ),
        hints: problems,
    })
}
