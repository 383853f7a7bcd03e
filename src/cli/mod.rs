//! The command line: argument types (clap derive; doc comments are the help), one module per
//! command, and the single place where errors are printed.
#![allow(clippy::print_stdout, clippy::print_stderr)]

/// `eprintln!` that never panics: with stderr closed (`2>&- `, or a pipe whose reader left) there
/// is nobody left to tell, and the exit code must still be the command's, not a crash's.
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod bank;
mod check;
mod compare;
mod context;
mod editor;
mod export;
mod init;
mod interview;
mod kit;
mod nothing;
pub mod output;
mod plan;
mod purge;
mod questions;
mod scorecard;
mod screen;
mod show;
mod usage_hint;
mod values;

use std::cell::OnceCell;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

use crate::error::{Error, Result};
use crate::escape;
use crate::workspace::Origin;
pub use context::Context;
use output::{ColorChoice, Output};

/// Structured technical interviews from plain files: question banks, interview plans, scorecards,
/// panel comparison and HR exports.
#[derive(Debug, Parser)]
#[command(
    name = "scorecard",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Start with: scorecard plan new --candidate \"Ada Lovelace\" --round phone-screen"
)]
pub struct Cli {
    /// Workspace folder [default: nearest folder with scorecard.toml, else ./interviews]
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "SCORECARD_WORKSPACE",
        help_heading = "Global options"
    )]
    pub workspace: Option<PathBuf>,

    /// When to use colour (`NO_COLOR` is respected)
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "WHEN",
        help_heading = "Global options"
    )]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace: scorecard.toml with commented defaults, banks/ and candidates/
    ///
    /// A folder that already holds candidates/ (a workspace without its scorecard.toml) is
    /// adopted: its plans and scorecards are kept as they are.
    #[command(after_help = "Example:\n  scorecard init interviews")]
    Init(init::InitArgs),

    /// List, show and check question banks
    #[command(subcommand)]
    Bank(bank::BankCommand),

    /// Plan a candidate's round: pick questions and print the interview kit
    #[command(subcommand)]
    Plan(plan::PlanCommand),

    /// Run the interview on screen: each question with its kit, your score and notes, saved as you go
    #[command(after_help = INTERVIEW_KEYS)]
    Interview(interview::InterviewArgs),

    /// Start (or return) your scorecard on a plan, without the interactive screen
    #[command(
        after_help = "Example:\n  scorecard start 0193a5b2-7c1f --interviewer \"Grace Hopper\" --quiet"
    )]
    Start(scorecard::StartArgs),

    /// Rate one answer of a draft scorecard
    #[command(
        after_help = "Example:\n  scorecard rate 0193a5b3 event-loop-phases --score 3 --seconds 410 \\\n    --notes \"clear on phases\""
    )]
    Rate(scorecard::RateArgs),

    /// Skip a question of a draft scorecard (it counts nowhere)
    #[command(after_help = "Example:\n  scorecard skip 0193a5b3 3 --notes \"ran out of time\"")]
    Skip(scorecard::SkipArgs),

    /// Submit a scorecard with your recommendation; it becomes read-only
    #[command(
        after_help = "Example:\n  scorecard submit 0193a5b3 --recommendation yes \\\n    --summary \"Strong on async, weaker on security\""
    )]
    Submit(scorecard::SubmitArgs),

    /// Change a score on a submitted scorecard, with a reason kept in its history
    #[command(
        after_help = "Example:\n  scorecard amend 0193a5b3 streams --score 2 \\\n    --reason \"re-read my notes: missed backpressure\""
    )]
    Amend(scorecard::AmendArgs),

    /// List scorecards and their progress (never their scores)
    #[command(after_help = "Example:\n  scorecard list --candidate ada-lovelace --status draft")]
    List(show::ListArgs),

    /// Show one scorecard with its scores
    #[command(after_help = "Example:\n  scorecard show 0193a5b3 --format markdown")]
    Show(show::ShowArgs),

    /// Compare candidates side by side: scores, recommendations, disagreements
    #[command(
        after_help = "Examples:\n  scorecard compare\n  scorecard compare --role \"Senior Node.js backend engineer\" --normalize --format json"
    )]
    Compare(compare::CompareArgs),

    /// How lenient or severe each interviewer is, and how well the panel agrees
    #[command(after_help = "Example:\n  scorecard calibrate --format json")]
    Calibrate(compare::CalibrateArgs),

    /// Which questions separate candidates, draw agreement and fit their time
    #[command(
        after_help = "Examples:\n  scorecard questions\n  scorecard questions --bank nodejs-backend-senior --since 2026-01-01 --format csv"
    )]
    Questions(questions::QuestionsArgs),

    /// Export submitted scorecards as CSV, Markdown, an Excel workbook or a debrief page
    #[command(subcommand)]
    Export(export::ExportCommand),

    /// Check every plan and scorecard of the workspace, and each scorecard against its plan
    ///
    /// Lists every problem (exit 1 when there is one), as `bank check` does for a bank: a file
    /// that does not parse or breaks a rule, a scorecard whose candidate, scale, bank, role,
    /// questions or checklist marks depart from its plan, a scorecard whose plan is missing, two
    /// scorecards of one interviewer on one plan, a folder not named by a candidate id. Run it
    /// after a git merge, or in CI.
    #[command(after_help = "Example:\n  scorecard check")]
    Check(check::CheckArgs),

    /// Delete candidates' plans and scorecards when retention ends
    #[command(
        after_help = "Examples:\n  scorecard purge --candidate ada-lovelace\n  scorecard purge --expired --yes"
    )]
    Purge(purge::PurgeArgs),

    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  scorecard completions bash \\\n    > ~/.local/share/bash-completion/completions/scorecard"
    )]
    Completions {
        /// The shell to generate for
        shell: clap_complete::Shell,
    },
}

/// `interview --help`: what to type at each prompt of the interview screen.
const INTERVIEW_KEYS: &str = "Keys:
  score prompt           a score on the plan's scale (e.g. 1-4), s skip, b back one question,
                         q quit (what is answered is kept)
  notes prompt           one line of text, Enter for none (or to keep the notes), e to write
                         them in $VISUAL or $EDITOR, - to clear them
  recommendation         strong-no, no, yes, strong-yes (or sn, n, y, sy)
  Submit now? [Y/n]      n keeps the draft and prints the `scorecard submit` command

Example:
  scorecard interview 0193a5b2-7c1f --interviewer \"Grace Hopper\"";

/// Runs the command line and returns the exit code.
#[must_use]
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(mut err) if err.use_stderr() => {
            let args: Vec<String> = std::env::args().skip(1).collect();
            usage_hint::improve(&mut err, &Cli::command(), &args);
            // A usage error quotes the arguments it refuses: escaped like every other output.
            let color = ColorChoice::Auto.enabled_on(&std::io::stderr());
            let text = if color {
                err.render().ansi().to_string()
            } else {
                err.render().to_string()
            };
            {
                use std::io::Write as _;
                let _ = write!(
                    std::io::stderr(),
                    "{}",
                    escape::terminal_output(&text, color)
                );
            }
            return err.exit_code();
        }
        Err(err) => {
            let _ = err.print();
            return err.exit_code();
        }
    };
    let must_exist = !matches!(
        cli.command,
        Command::Init(_)
            | Command::Plan(plan::PlanCommand::New(_))
            | Command::Bank(_)
            | Command::Completions { .. }
    );
    let mut ctx = Context {
        workspace_arg: cli.workspace.clone(),
        workspace: OnceCell::new(),
        must_exist,
        out: Output::new(cli.color.enabled()),
    };
    let result = run(cli.command, &mut ctx).and_then(|()| ctx.out.flush());
    if let Some(workspace) = ctx.workspace.get()
        && workspace.origin == Origin::Default
        && !workspace.existed
        && workspace.root.exists()
    {
        stderr_line!(
            "note: created workspace `{}` (its scorecard.toml lets commands run inside it find it)",
            escape::terminal(&workspace.root.display().to_string())
        );
    }
    match result {
        Ok(()) => 0,
        Err(Error::Write { ref source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            0
        }
        Err(err) => {
            // Errors echo file names, ids and values from files: escaped like every other output.
            stderr_line!("error: {}", escape::terminal(&err.to_string()));
            for line in err.context() {
                stderr_line!("{}", escape::terminal(&line));
            }
            err.exit_code()
        }
    }
}

/// Runs a command line in this process, its stdout going to `out`, and returns the result instead
/// of printing it: the fuzzing harness runs every renderer this way on many inputs.
pub fn run_in_process(args: &[&str], out: Output) -> Result<()> {
    let cli = Cli::try_parse_from(std::iter::once("scorecard").chain(args.iter().copied()))
        .map_err(|err| Error::usage(err.to_string()))?;
    let mut ctx = Context {
        workspace_arg: cli.workspace.clone(),
        workspace: OnceCell::new(),
        must_exist: false,
        out,
    };
    run(cli.command, &mut ctx).and_then(|()| ctx.out.flush())
}

fn run(command: Command, ctx: &mut Context) -> Result<()> {
    match command {
        Command::Init(args) => init::run(&args, ctx),
        Command::Bank(command) => bank::run(command, ctx),
        Command::Plan(command) => plan::run(command, ctx),
        Command::Interview(args) => interview::run(args, ctx),
        Command::Start(args) => scorecard::start(args, ctx),
        Command::Rate(args) => scorecard::rate(&args, ctx),
        Command::Skip(args) => scorecard::skip(&args, ctx),
        Command::Submit(args) => scorecard::submit(&args, ctx),
        Command::Amend(args) => scorecard::amend(&args, ctx),
        Command::List(args) => show::list(&args, ctx),
        Command::Show(args) => show::show(&args, ctx),
        Command::Compare(args) => compare::compare(&args, ctx),
        Command::Calibrate(args) => compare::calibrate(&args, ctx),
        Command::Questions(args) => questions::run(&args, ctx),
        Command::Export(command) => export::run(command, ctx),
        Command::Check(args) => check::run(&args, ctx),
        Command::Purge(args) => purge::run(&args, ctx),
        Command::Completions { shell } => {
            // Generated into memory first: clap_complete panics on a write error, and a closed
            // pipe (`| head`) must end quietly like every other command's output.
            let mut cmd = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "scorecard", &mut script);
            ctx.out
                .writer()
                .write_all(&script)
                .map_err(output::stdout_error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
