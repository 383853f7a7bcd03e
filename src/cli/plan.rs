//! `scorecard plan new|list|show`.

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::Context;
use super::kit;
use super::output::ListFormat;
use super::output::short_id;
use crate::bank::{Level, catalog};
use crate::error::{Error, Result};
use crate::plan::create::{self, Counts, MAX_SEED, NewPlan, parse_pick};
use crate::plan::{Plan, store};
use crate::workspace::Kind;

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Pick questions for a candidate's round and print the interview kit
    #[command(after_help = "Examples:
  scorecard plan new --candidate \"Ada Lovelace\" --round phone-screen
  scorecard plan new --candidate \"Ada Lovelace\" --round technical --fresh
  scorecard plan new --candidate \"Alan Turing\" --pick async=2 --pick security=1 \\
    --minutes 25 --seed 7")]
    New(NewArgs),
    /// List plans, oldest first
    #[command(after_help = "Example:\n  scorecard plan list --candidate ada-lovelace")]
    List {
        /// Only this candidate's plans (candidate id)
        #[arg(long, value_name = "ID")]
        candidate: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Print a plan as an interview kit (Markdown is the printable kit)
    #[command(
        after_help = "Examples:\n  scorecard plan show 0193a5b2-7c1f\n  scorecard plan show 0193a5b2-7c1f --format markdown > kit.md"
    )]
    Show(ShowArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("counts").args(["round", "per_category", "pick"])))]
pub struct NewArgs {
    /// The candidate's name
    #[arg(long, value_name = "NAME")]
    pub candidate: String,
    /// Candidate id (e.g. the ATS id) [default: the slug of the name]
    #[arg(long, value_name = "ID")]
    pub candidate_id: Option<String>,
    /// The role interviewed for [default: the bank's title]
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Bank id or path [default: the workspace's `default_bank`, else nodejs-backend-senior]
    #[arg(long, value_name = "B")]
    pub bank: Option<String>,
    /// A round preset of the bank: its picks and its time budget
    #[arg(long, value_name = "R")]
    pub round: Option<String>,
    /// N questions from every category
    #[arg(long, value_name = "N")]
    pub per_category: Option<usize>,
    /// N questions from category CAT (repeatable)
    #[arg(long, value_name = "CAT=N", value_parser = parse_pick)]
    pub pick: Vec<(String, usize)>,
    /// Only questions of this level (repeatable); questions without a level always qualify
    #[arg(long, value_enum, value_name = "L")]
    pub level: Vec<Level>,
    /// Time budget in minutes the questions must fit [default: the round's]
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: Option<u32>,
    /// Seed for a reproducible pick [default: drawn, and recorded in the plan]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=MAX_SEED))]
    pub seed: Option<u64>,
    /// Leave out every question in this candidate's earlier plans
    #[arg(long)]
    pub fresh: bool,
    /// Print the new plan's id alone
    #[arg(long, short)]
    pub quiet: bool,
    #[arg(long, value_enum, default_value_t = KitFormat::Table)]
    pub format: KitFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KitFormat {
    Table,
    Markdown,
    Json,
    Toml,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Plan id, unique id prefix (4+ characters), or plan file
    pub plan: String,
    #[arg(long, value_enum, default_value_t = KitFormat::Table)]
    pub format: KitFormat,
    /// Markdown template replacing the built-in kit (see the README for its variables)
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

pub fn run(command: PlanCommand, ctx: &mut Context) -> Result<()> {
    match command {
        PlanCommand::New(args) => new(args, ctx),
        PlanCommand::List { candidate, format } => list(candidate.as_deref(), format, ctx),
        PlanCommand::Show(args) => {
            // A template only makes sense for Markdown, so it implies it.
            let format = match (args.template.is_some(), args.format) {
                (true, KitFormat::Table | KitFormat::Markdown) => KitFormat::Markdown,
                (true, _) => {
                    return Err(Error::usage(
                        "--template renders Markdown; use it without --format, or with --format markdown",
                    ));
                }
                (false, format) => format,
            };
            let path = crate::lookup::find(
                ctx.workspace()?,
                Kind::Plan,
                &args.plan,
                "scorecard plan show {id}",
            )?;
            let plan = store::load(&path)?;
            print_plan(&plan, &path, format, args.template.as_deref(), ctx)
        }
    }
}

fn new(args: NewArgs, ctx: &mut Context) -> Result<()> {
    let counts = if let Some(round) = args.round {
        Counts::Round(round)
    } else if let Some(n) = args.per_category {
        Counts::PerCategory(n)
    } else if !args.pick.is_empty() {
        Counts::Pick(args.pick)
    } else {
        return Err(Error::usage(
            "say what to ask: --round R (a preset of the bank), --per-category N, or --pick CAT=N; `scorecard bank show` lists rounds and categories",
        ));
    };
    let request = NewPlan {
        candidate: args.candidate,
        candidate_id: args.candidate_id,
        role: args.role,
        counts,
        levels: args.level,
        minutes: args.minutes,
        seed: args.seed,
        fresh: args.fresh,
    };
    let workspace = ctx.workspace()?;
    let (bank, _) = catalog::resolve(workspace, args.bank.as_deref())?;
    let (plan, path) = create::create(workspace, &bank, &request)?;
    // A bank of tens of thousands of questions is a million small allocations, and the process
    // ends right after printing: let them go with it instead of freeing them one by one.
    std::mem::forget(bank);
    if args.quiet {
        return ctx.out.line(plan.id.to_string());
    }
    print_plan(&plan, &path, args.format, None, ctx)
}

#[derive(Serialize)]
struct PlanJson<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
    total_minutes: u32,
    file: &'a Path,
}

fn print_plan(
    plan: &Plan,
    path: &Path,
    format: KitFormat,
    template: Option<&Path>,
    ctx: &mut Context,
) -> Result<()> {
    match format {
        KitFormat::Table => {
            let text = kit::text(plan, ctx.out.color);
            ctx.out.write(&text)
        }
        KitFormat::Markdown => {
            let text = kit::markdown(plan, template)?;
            ctx.out.write(&text)
        }
        KitFormat::Json => ctx.out.json(&PlanJson {
            plan,
            total_minutes: plan.total_minutes(),
            file: path,
        }),
        KitFormat::Toml => {
            let text = plan.to_toml()?;
            ctx.out.write(&text)
        }
    }
}

#[derive(Serialize)]
struct ListRow {
    id: String,
    candidate: String,
    candidate_id: String,
    role: String,
    round: Option<String>,
    questions: usize,
    minutes: u32,
    created_at: String,
    file: PathBuf,
}

fn list(candidate: Option<&str>, format: ListFormat, ctx: &mut Context) -> Result<()> {
    let (files, width) = super::context::listed_files(ctx, Kind::Plan, candidate)?;
    let mut rows = Vec::new();
    for (path, plan) in super::context::load_listed(files, store::load) {
        rows.push(ListRow {
            id: plan.id.to_string(),
            candidate: plan.candidate.clone(),
            candidate_id: plan.candidate_id.clone(),
            role: plan.role.clone(),
            round: plan.round.clone(),
            questions: plan.questions.len(),
            minutes: plan.total_minutes(),
            created_at: plan.created_at.to_string(),
            file: path,
        });
    }
    rows.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    match format {
        ListFormat::Json => ctx.out.json(&rows),
        ListFormat::Table => {
            let mut table = ctx.out.table(&[
                "plan",
                "candidate",
                "role",
                "round",
                "questions",
                "minutes",
                "created",
            ]);
            for row in &rows {
                table.add_row(vec![
                    short_id(&row.id, width).to_owned(),
                    format!("{} ({})", row.candidate, row.candidate_id),
                    row.role.clone(),
                    row.round.clone().unwrap_or_else(|| "-".to_owned()),
                    row.questions.to_string(),
                    row.minutes.to_string(),
                    row.created_at.clone(),
                ]);
            }
            if rows.is_empty() {
                let place = super::nothing::place(ctx.workspace()?);
                if let Some(id) = candidate {
                    stderr_line!(
                        "no plans for candidate `{id}` in {place}; make one with `scorecard plan new --candidate NAME --candidate-id {id}`"
                    );
                } else {
                    stderr_line!("no plans in {place}; make one with `scorecard plan new`");
                }
                return Ok(());
            }
            ctx.out.line(table.to_string())
        }
    }
}
