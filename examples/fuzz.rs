//! Runs the mutation-fuzzing campaign on one file format and prints its counts (see
//! `scorecard::fuzz`; `scripts/fuzz.sh` runs every format).
//!
//! cargo run --release --example fuzz -- --format scorecard --count 100000
//! cargo run --release --example fuzz -- --format template --from 5120 --count 1   (reproduce one)
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use scorecard::fuzz::{Format, campaign};

/// Mutation fuzzing of scorecard's file formats.
#[derive(Parser)]
struct Args {
    /// bank, plan, scorecard, settings or template
    #[arg(long)]
    format: String,
    /// First input index
    #[arg(long, default_value_t = 0)]
    from: u64,
    /// How many inputs
    #[arg(long, default_value_t = 100_000)]
    count: u64,
    /// Worker threads
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Seconds after which one input counts as a hang
    #[arg(long, default_value_t = 20)]
    bound: u64,
    /// Where a hanging input is saved
    #[arg(long, default_value = "target/fuzz-hang.bin")]
    hang_file: PathBuf,
}

fn main() {
    let args = Args::parse();
    let Some(format) = Format::parse(&args.format) else {
        eprintln!("error: unknown format `{}`", args.format);
        std::process::exit(2);
    };
    // Panics are counted and reported by the campaign; their default messages would drown it.
    std::panic::set_hook(Box::new(|_| {}));
    let report = campaign(
        format,
        args.from,
        args.count,
        args.threads,
        Duration::from_secs(args.bound),
        &args.hang_file,
    );
    println!("{}", report.summary(format));
    if report.panics > 0 || report.hangs > 0 {
        std::process::exit(1);
    }
}
