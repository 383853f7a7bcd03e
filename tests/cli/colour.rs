//! When output is coloured: `--color always|never` as given, and under `auto` the conventions of
//! `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`, into a pipe and on a terminal.
//!
//! `bank show` needs no workspace and prints the bank's title in bold when colour is on.

use std::time::Duration;

use expectrl::session::OsSession;
use expectrl::{Eof, Expect};

use crate::support::{BIN, Env, sealed_std};

const ESC: char = '\u{1b}';

/// `bank show` into a pipe, with `NO_COLOR` unset and `vars` set: its stdout.
fn piped(vars: &[(&str, &str)], args: &[&str]) -> String {
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.env_remove("NO_COLOR").envs(vars.iter().copied());
    cmd.args(args).args(["bank", "show"]);
    let output = cmd.assert().success().get_output().clone();
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// `bank show` in a pseudo-terminal, with `NO_COLOR` unset and `vars` set: what it printed.
fn on_terminal(vars: &[(&str, &str)]) -> String {
    let env = Env::new();
    let mut cmd = sealed_std(std::process::Command::new(BIN));
    cmd.current_dir(env.root())
        .env("SCORECARD_WORKSPACE", env.ws())
        .env_remove("NO_COLOR")
        .envs(vars.iter().copied())
        .args(["bank", "show"]);
    let mut session = OsSession::spawn(cmd).expect("spawn in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    let printed = session.expect(Eof).expect("the output to its end");
    let printed = String::from_utf8_lossy(printed.as_bytes()).into_owned();
    assert!(printed.contains("Senior Node.js"), "{printed}");
    printed
}

#[test]
fn clicolor_force_colours_output_into_a_pipe() {
    assert!(!piped(&[], &[]).contains(ESC), "a pipe gets no colour");
    let forced = piped(&[("CLICOLOR_FORCE", "1")], &[]);
    assert!(forced.contains(&format!("{ESC}[1m")), "{forced}");
    // An empty value does not count.
    assert!(!piped(&[("CLICOLOR_FORCE", "")], &[]).contains(ESC));
}

#[test]
fn no_color_wins_over_clicolor_force() {
    let shown = piped(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], &[]);
    assert!(!shown.contains(ESC), "{shown}");
}

#[test]
fn the_color_flag_wins_over_the_environment() {
    let never = piped(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]);
    assert!(!never.contains(ESC), "--color never: {never}");
    let always = piped(
        &[("NO_COLOR", "1"), ("CLICOLOR", "0")],
        &["--color", "always"],
    );
    assert!(always.contains(ESC), "--color always: {always}");
}

#[test]
fn a_terminal_is_coloured_unless_dumb_or_clicolor_0_or_no_color() {
    let coloured = on_terminal(&[("TERM", "xterm")]);
    assert!(coloured.contains(&format!("{ESC}[1m")), "{coloured}");
    for vars in [
        &[("TERM", "dumb")][..],
        &[("TERM", "xterm"), ("CLICOLOR", "0")][..],
        &[("TERM", "xterm"), ("NO_COLOR", "1")][..],
    ] {
        let plain = on_terminal(vars);
        assert!(!plain.contains(ESC), "{vars:?}: {plain:?}");
    }
    // CLICOLOR_FORCE colours even a dumb terminal.
    let forced = on_terminal(&[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains(&format!("{ESC}[1m")), "{forced}");
}
