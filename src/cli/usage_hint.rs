//! Hints added to clap's usage errors: a subcommand typed with two letters swapped (`plan nwe`),
//! which clap's own similarity measure misses, and a value that starts with `-` (`--candidate
//! -rf`), which clap takes for a flag.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Adds what clap leaves out to a usage error. `args` are the command-line arguments after the
/// program name.
pub fn improve(err: &mut clap::Error, root: &clap::Command, args: &[String]) {
    match err.kind() {
        ErrorKind::InvalidSubcommand => suggest_subcommand(err, root, args),
        ErrorKind::UnknownArgument => suggest_equals(err, root, args),
        _ => {}
    }
}

fn suggest_subcommand(err: &mut clap::Error, root: &clap::Command, args: &[String]) {
    if err.get(ContextKind::SuggestedSubcommand).is_some() {
        return;
    }
    let Some(ContextValue::String(typed)) = err.get(ContextKind::InvalidSubcommand) else {
        return;
    };
    let typed = typed.clone();
    // The command whose subcommand was mistyped: follow the arguments down the tree.
    let mut parent = root;
    for arg in args {
        if *arg == typed {
            break;
        }
        if let Some(sub) = parent.find_subcommand(arg) {
            parent = sub;
        }
    }
    let close: Vec<String> = parent
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .filter(|name| close_enough(&typed, name))
        .collect();
    if !close.is_empty() {
        err.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(close),
        );
    }
}

fn suggest_equals(err: &mut clap::Error, root: &clap::Command, args: &[String]) {
    let Some(ContextValue::String(unknown)) = err.get(ContextKind::InvalidArg) else {
        return;
    };
    let unknown = unknown.clone();
    for pair in args.windows(2) {
        let (flag, value) = (&pair[0], &pair[1]);
        let Some(long) = flag.strip_prefix("--") else {
            continue;
        };
        if long.contains('=') || !value.starts_with('-') || !value.starts_with(unknown.as_str()) {
            continue;
        }
        if takes_value(root, long) {
            let tip = format!(
                "to give `{value}` as the value of {flag}, write it with `=`: `{flag}={value}`"
            );
            err.insert(
                ContextKind::Suggested,
                ContextValue::StyledStrs(vec![tip.into()]),
            );
            return;
        }
    }
}

/// Whether some command of the tree has a `--long` option that takes a value.
fn takes_value(command: &clap::Command, long: &str) -> bool {
    command
        .get_arguments()
        .any(|arg| arg.get_long() == Some(long) && arg.get_action().takes_values())
        || command.get_subcommands().any(|sub| takes_value(sub, long))
}

/// Whether `typed` is one slip away from `name`: a letter wrong, missing, extra, or two
/// neighbours swapped (optimal string alignment distance 1; 2 for names of 6+ letters).
fn close_enough(typed: &str, name: &str) -> bool {
    let limit = if name.len() >= 6 { 2 } else { 1 };
    osa_distance(typed, name) <= limit
}

fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_letters_are_one_slip() {
        assert_eq!(osa_distance("nwe", "new"), 1);
        assert_eq!(osa_distance("cvs", "csv"), 1);
        assert_eq!(osa_distance("compre", "compare"), 1);
        assert!(!close_enough("list", "show"));
    }
}
