//! The code's layers read one way: no module of `src/` imports one that imports it back, at the
//! level of the crate's top modules and of single files, and nothing below `cli` knows `cli`.
//! Read from the source, so a new import that closes a circle fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every source file as a module path (`stats::panel`), with its text up to its unit tests.
fn modules() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let root = folders[0].clone();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let relative = path.strip_prefix(&root).expect("under src");
            let name = relative.to_string_lossy();
            let Some(stem) = name.strip_suffix(".rs") else {
                continue;
            };
            if stem.ends_with("tests") || matches!(stem, "lib" | "main") {
                continue;
            }
            let module = stem.trim_end_matches("/mod").replace('/', "::");
            let text = std::fs::read_to_string(&path).expect("a source file");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            found.insert(module, code.to_owned());
        }
    }
    found
}

/// The modules each module names through `crate::` or `super::`, resolved to the longest known
/// module path; a submodule naming its own parent (its types) is not counted.
fn imports(
    modules: &BTreeMap<String, String>,
    depth: Option<usize>,
) -> BTreeMap<String, BTreeSet<String>> {
    let cut = |module: &str| match depth {
        Some(n) => module.split("::").take(n).collect::<Vec<_>>().join("::"),
        None => module.to_owned(),
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in modules {
        let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
        for (prefix, base) in [("crate::", String::new()), ("super::", parent.to_owned())] {
            for (at, _) in code.match_indices(prefix) {
                let path: String = code[at + prefix.len()..]
                    .chars()
                    .take_while(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':'
                    })
                    .collect();
                let words: Vec<&str> = path.split("::").filter(|w| !w.is_empty()).collect();
                let target = (1..=words.len().min(2))
                    .rev()
                    .map(|n| {
                        let tail = words[..n].join("::");
                        if base.is_empty() {
                            tail
                        } else {
                            format!("{base}::{tail}")
                        }
                    })
                    .find(|candidate| modules.contains_key(candidate));
                let Some(target) = target else { continue };
                if target == *module || module.starts_with(&format!("{target}::")) {
                    continue;
                }
                let (from, to) = (cut(module), cut(&target));
                if from != to {
                    graph.entry(from).or_default().insert(to);
                }
            }
        }
    }
    graph
}

fn reaches(graph: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(next) = stack.pop() {
        if next == to {
            return true;
        }
        if seen.insert(next.clone()) {
            stack.extend(graph.get(&next).into_iter().flatten().cloned());
        }
    }
    false
}

fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (from, targets) in graph {
        for to in targets {
            if reaches(graph, to, from) {
                found.push(format!("{from} -> {to}"));
            }
        }
    }
    found
}

#[test]
fn no_import_circle_between_the_crates_modules_or_files() {
    let modules = modules();
    assert!(
        modules.contains_key("stats::panel"),
        "the sources were found"
    );
    let top = imports(&modules, Some(1));
    assert_eq!(
        circles(&top),
        Vec::<String>::new(),
        "top modules import one way"
    );
    let files = imports(&modules, None);
    assert_eq!(
        circles(&files),
        Vec::<String>::new(),
        "files import one way"
    );
}

#[test]
fn nothing_below_cli_knows_cli() {
    let modules = modules();
    let top = imports(&modules, Some(1));
    // `fuzz` drives the commands as a harness, so it sits above `cli` like `main` does.
    let knowing: Vec<&String> = top
        .iter()
        .filter(|(module, targets)| *module != "fuzz" && targets.contains("cli"))
        .map(|(module, _)| module)
        .collect();
    assert!(knowing.is_empty(), "{knowing:?} import cli");
    assert!(!top.get("cli").is_some_and(|t| t.contains("fuzz")));
}
