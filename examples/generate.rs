//! Generates a synthetic workspace (and optionally a large bank) for benchmarks.
//!
//! cargo run --release --example generate -- /tmp/bench-ws --candidates 10000 --scorecards 4 --answers 8
//! cargo run --release --example generate -- /tmp/bench-ws --bank-questions 20000
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use clap::Parser;

/// Synthetic workspace generator.
#[derive(Parser)]
struct Args {
    /// Workspace folder to create (must not exist)
    dir: PathBuf,
    #[arg(long, default_value_t = 10_000)]
    candidates: usize,
    #[arg(long, default_value_t = 4)]
    scorecards: usize,
    #[arg(long, default_value_t = 8)]
    answers: usize,
    /// Fraction of scorecards left as drafts
    #[arg(long, default_value_t = 0.0)]
    drafts: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write banks/generated.toml with this many questions
    #[arg(long)]
    bank_questions: Option<usize>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if args.dir.exists() {
        eprintln!("error: `{}` exists; give a new folder", args.dir.display());
        return std::process::ExitCode::from(1);
    }
    let shape = scorecard::synth::Shape {
        candidates: args.candidates,
        scorecards: args.scorecards,
        answers: args.answers,
        drafts: args.drafts,
        seed: args.seed,
    };
    if let Err(err) = scorecard::synth::workspace(&args.dir, shape) {
        eprintln!("error: {err}");
        return std::process::ExitCode::from(1);
    }
    if let Some(questions) = args.bank_questions {
        let bank = scorecard::synth::bank(questions, args.seed);
        let path = args.dir.join("banks").join("generated.toml");
        let written = std::fs::create_dir_all(args.dir.join("banks"))
            .and_then(|()| std::fs::write(&path, scorecard::synth::bank_toml(&bank)));
        if let Err(err) = written {
            eprintln!("error: cannot write `{}`: {err}", path.display());
            return std::process::ExitCode::from(1);
        }
    }
    println!(
        "{}: {} candidates x {} scorecards x {} answers",
        args.dir.display(),
        args.candidates,
        args.scorecards,
        args.answers
    );
    std::process::ExitCode::SUCCESS
}
