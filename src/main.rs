//! The `scorecard` binary: parse arguments, run the command, print an error once, exit.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = scorecard::cli::main();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
