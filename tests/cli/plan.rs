//! `scorecard plan new|list|show`: picking questions, the plan file, and the interview kit.
//!
//! Most tests run the real binary; the few that need hundreds of seeds call the pure pick
//! (`scorecard::plan::select::select`) in-process, and each of those has a smaller binary-level twin.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scorecard::bank::{Bank, Level, built_in};
use scorecard::plan::select::{Request, select};
use serde_json::Value;

use crate::support::{self, Env, assert_clean_error, mode};

const BANK_ID: &str = "nodejs-backend-senior";
const BANK_TITLE: &str = "Senior Node.js backend engineer";
const BANK_TEXT: &str = include_str!("../../banks/nodejs-backend-senior.toml");
const CATEGORIES: [&str; 4] = ["async", "architecture", "performance", "security"];

/// The built-in rounds: id, budget in minutes, and questions per category (in `CATEGORIES` order).
const ROUNDS: [(&str, u64, [usize; 4]); 3] = [
    ("phone-screen", 30, [1, 1, 1, 1]),
    ("technical", 60, [2, 1, 2, 2]),
    ("onsite", 90, [2, 3, 2, 3]),
];

const ADA: &str = "Ada Lovelace";

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

/// `plan new --candidate NAME FLAGS...`, with `flags` split at spaces as a shell would (no flag
/// value in these tests has a space, except where a test spells its arguments out).
fn new_args<'a>(name: &'a str, flags: &'a str) -> Vec<&'a str> {
    ["plan", "new", "--candidate", name]
        .into_iter()
        .chain(flags.split_whitespace())
        .collect()
}

/// `scorecard plan new --candidate NAME FLAGS... --format json`, parsed.
fn plan_new(env: &Env, name: &str, flags: &str) -> Value {
    env.json(&new_args(name, flags))
}

/// `scorecard plan new --candidate NAME FLAGS... --quiet`: the new plan's id.
fn plan_new_quiet(env: &Env, name: &str, flags: &str) -> String {
    let mut args = new_args(name, flags);
    args.push("--quiet");
    env.ok(&args).trim_end().to_owned()
}

/// `scorecard plan new --candidate NAME FLAGS...` expecting exit `code`: stderr.
fn plan_new_fails(env: &Env, name: &str, flags: &str, code: i32) -> String {
    env.fails(&new_args(name, flags), code)
}

/// `scorecard plan show PLAN --format json`, parsed.
fn plan_show(env: &Env, plan: &str) -> Value {
    env.json(&["plan", "show", plan])
}

fn questions(plan: &Value) -> &Vec<Value> {
    plan["questions"]
        .as_array()
        .expect("`questions` is an array")
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is a string in {value}"))
}

/// The picked question ids, in plan order.
fn ids(plan: &Value) -> Vec<String> {
    questions(plan)
        .iter()
        .map(|q| text(q, "id").to_owned())
        .collect()
}

/// One picked question, from the binary's JSON or from the library.
#[derive(Debug)]
struct Picked {
    id: String,
    category: String,
    minutes: u64,
}

fn picked(plan: &Value) -> Vec<Picked> {
    questions(plan)
        .iter()
        .map(|q| Picked {
            id: text(q, "id").to_owned(),
            category: text(q, "category").to_owned(),
            minutes: q["minutes"].as_u64().expect("`minutes` is a number"),
        })
        .collect()
}

fn total_minutes(plan: &Value) -> u64 {
    let total = plan["total_minutes"]
        .as_u64()
        .expect("`total_minutes` is a number");
    let recomputed: u64 = picked(plan).iter().map(|q| q.minutes).sum();
    assert_eq!(
        total, recomputed,
        "total_minutes is the sum of the questions"
    );
    total
}

fn default_bank() -> Bank {
    built_in(BANK_ID)
        .expect("built-in bank")
        .expect("valid bank")
}

/// `counts` per category in `CATEGORIES` order, as `(category, count)` pairs.
fn counts_of(counts: [usize; 4]) -> Vec<(String, usize)> {
    CATEGORIES
        .iter()
        .zip(counts)
        .map(|(c, n)| ((*c).to_owned(), n))
        .collect()
}

/// Exactly `counts` per category, the minutes within `budget`, grouped by category in bank order
/// and in bank order within each category.
fn assert_pick_honours(bank: &Bank, picked: &[Picked], counts: &[(String, usize)], budget: u64) {
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for q in picked {
        *per_category.entry(q.category.as_str()).or_default() += 1;
    }
    let wanted: BTreeMap<&str, usize> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    assert_eq!(per_category, wanted, "questions per category: {picked:?}");
    let minutes: u64 = picked.iter().map(|q| q.minutes).sum();
    assert!(
        minutes <= budget,
        "{minutes} > {budget} minutes: {picked:?}"
    );
    let position = |q: &Picked| {
        let category = bank.categories.iter().position(|c| c.id == q.category);
        let question = bank.questions.iter().position(|b| b.id == q.id);
        (
            category.expect("known category"),
            question.expect("known question"),
        )
    };
    let positions: Vec<(usize, usize)> = picked.iter().map(position).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "grouped by category in bank order, bank order within: {picked:?}"
    );
}

/// A small bank file's text: `categories` in order, then `(id, category, minutes, level)`.
fn small_bank(
    id: &str,
    categories: &[&str],
    questions: &[(&str, &str, u32, Option<&str>)],
) -> String {
    let mut text = format!("schema = 1\nid = \"{id}\"\ntitle = \"Bank {id}\"\nversion = \"1\"\n");
    for category in categories {
        write!(
            text,
            "\n[[categories]]\nid = \"{category}\"\ntitle = \"Category {category}\"\n"
        )
        .expect("write to a string");
    }
    for (question, category, minutes, level) in questions {
        write!(
            text,
            "\n[[questions]]\nid = \"{question}\"\ncategory = \"{category}\"\nprompt = \"Prompt of {question}\"\nminutes = {minutes}\nexpected = [\"First point of {question}\", \"Second point of {question}\"]\n"
        )
        .expect("write to a string");
        if let Some(level) = level {
            writeln!(text, "level = \"{level}\"").expect("write to a string");
        }
    }
    text
}

/// Every file and folder under `dir`, recursively.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            found.extend(walk(&path));
        }
        found.push(path);
    }
    found
}

/// Plan files anywhere in the workspace.
fn plan_files(ws: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(ws)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .filter(|p| p.starts_with(ws.join("candidates")))
        .collect();
    files.sort();
    files
}

fn plan_file(env: &Env, candidate_id: &str, plan_id: &str) -> PathBuf {
    env.ws()
        .join("candidates")
        .join(candidate_id)
        .join(format!("plan-{plan_id}.toml"))
}

/// `[a-z0-9][a-z0-9-]{0,63}`.
fn is_candidate_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.len() <= 64
}

fn assert_uuid_v7(id: &str) {
    let uuid = uuid::Uuid::parse_str(id).unwrap_or_else(|_| panic!("`{id}` is a UUID"));
    assert_eq!(uuid.get_version_num(), 7, "`{id}` is a UUID v7");
    assert_eq!(uuid.hyphenated().to_string(), id, "hyphenated lowercase");
}

/// Collapses runs of whitespace to one space.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn common_prefix_len(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// What a Markdown kit holds, as a reader of the rendered document sees it.
#[derive(Debug, Default)]
struct Kit {
    /// All rendered text (text, code, line breaks), whitespace normalised.
    rendered: String,
    headings: usize,
    table_heads: usize,
    raw_html: Vec<String>,
    /// Each task list (a list with `[ ]` items): its items' rendered text.
    task_lists: Vec<Vec<String>>,
    task_markers: usize,
}

fn read_kit(markdown: &str) -> Kit {
    let mut kit = Kit::default();
    let mut rendered = String::new();
    // The list being read (whether it has task items, and its items) and the item being read.
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut item: Option<String> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(markdown, options) {
        let piece: &str = match &event {
            Event::Text(t) | Event::Code(t) => t,
            // A URL in text is a link now; its end is not a word break.
            Event::End(TagEnd::Link) => "",
            Event::SoftBreak | Event::HardBreak | Event::End(_) => " ",
            _ => "",
        };
        rendered.push_str(piece);
        if let Some(item) = item.as_mut() {
            item.push_str(piece);
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) => kit.raw_html.push(html.to_string()),
            Event::Start(Tag::HtmlBlock) => kit.raw_html.push("<html block>".to_owned()),
            Event::TaskListMarker(_) => {
                kit.task_markers += 1;
                if let Some((is_task, _)) = list.as_mut() {
                    *is_task = true;
                }
            }
            Event::Start(Tag::Heading { .. }) => kit.headings += 1,
            Event::Start(Tag::TableHead) => kit.table_heads += 1,
            Event::Start(Tag::List(_)) => list = Some((false, Vec::new())),
            Event::Start(Tag::Item) => item = Some(String::new()),
            Event::End(TagEnd::Item) => {
                let done = normalise(&item.take().unwrap_or_default());
                if let Some((_, items)) = list.as_mut() {
                    items.push(done);
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((true, items)) = list.take() {
                    kit.task_lists.push(items);
                }
            }
            _ => {}
        }
    }
    kit.rendered = normalise(&rendered);
    kit
}

// ---------------------------------------------------------------------------------------------
// getting started
// ---------------------------------------------------------------------------------------------

#[test]
fn plan_new_works_with_no_setup_and_creates_the_interviews_folder() {
    let env = Env::new();
    let run = || {
        let mut cmd = support::sealed(Command::new(support::BIN));
        cmd.current_dir(env.root())
            .args(new_args(ADA, "--round phone-screen"))
            .assert()
            .success()
            .get_output()
            .clone()
    };
    let first = run();
    let ws = env.root().canonicalize().unwrap().join("interviews");
    assert_eq!(
        String::from_utf8(first.stderr).unwrap(),
        format!(
            "note: created workspace `{}` (its scorecard.toml lets commands run inside it find it)\n",
            ws.display()
        )
    );
    let kit = String::from_utf8(first.stdout).unwrap();
    assert!(
        kit.starts_with("Interview kit: Ada Lovelace (ada-lovelace)\n"),
        "{kit}"
    );
    assert!(kit.contains("Round: phone-screen"), "{kit}");
    let files = plan_files(&ws);
    assert_eq!(files.len(), 1);
    assert!(files[0].starts_with(ws.join("candidates/ada-lovelace")));

    let second = run();
    assert!(
        second.stderr.is_empty(),
        "no note once the workspace exists"
    );
    assert_eq!(plan_files(&ws).len(), 2);
}

// ---------------------------------------------------------------------------------------------
// what to ask: --round, --per-category, --pick
// ---------------------------------------------------------------------------------------------

#[test]
fn plan_new_without_round_per_category_or_pick_names_all_three() {
    let env = Env::new();
    assert_eq!(
        plan_new_fails(&env, ADA, "", 2),
        "error: say what to ask: --round R (a preset of the bank), --per-category N, or --pick CAT=N; `scorecard bank show` lists rounds and categories\n"
    );
    assert!(!env.ws().exists(), "nothing written");
}

#[test]
fn round_per_category_and_pick_are_mutually_exclusive() {
    let env = Env::new();
    for flags in [
        "--round phone-screen --per-category 1",
        "--round phone-screen --pick async=1",
        "--per-category 1 --pick async=1",
        "--pick async=1 --round phone-screen --per-category 1",
    ] {
        let stderr = plan_new_fails(&env, ADA, flags, 2);
        assert_clean_error(&stderr);
        assert!(stderr.contains("cannot be used with"), "{flags}: {stderr}");
    }
    assert!(!env.ws().exists(), "nothing written");
}

#[test]
fn each_round_takes_its_counts_per_category_within_its_budget() {
    let env = Env::new();
    let bank = default_bank();
    for (round, budget, counts) in ROUNDS {
        for seed in 0..12 {
            let plan = plan_new(&env, ADA, &format!("--round {round} --seed {seed}"));
            assert_eq!(plan["round"], round);
            assert!(total_minutes(&plan) <= budget);
            assert_pick_honours(&bank, &picked(&plan), &counts_of(counts), budget);
        }
    }
}

#[test]
fn per_category_takes_n_from_every_category_in_bank_order() {
    let env = Env::new();
    let bank = default_bank();
    for seed in 1..=3 {
        let plan = plan_new(&env, ADA, &format!("--per-category 2 --seed {seed}"));
        assert_eq!(plan["round"], Value::Null, "no round preset");
        assert_pick_honours(&bank, &picked(&plan), &counts_of([2; 4]), u64::MAX);
    }
}

#[test]
fn pick_takes_only_the_named_categories_in_bank_order() {
    let env = Env::new();
    let bank = default_bank();
    for seed in 1..=3 {
        let flags = format!("--pick security=1 --pick async=2 --seed {seed}");
        let plan = plan_new(&env, ADA, &flags);
        assert_pick_honours(&bank, &picked(&plan), &counts_of([2, 0, 0, 1]), u64::MAX);
    }
}

#[test]
fn unknown_round_or_category_lists_the_valid_ones() {
    let env = Env::new();
    assert_eq!(
        plan_new_fails(&env, ADA, "--round final", 1),
        "error: no round matches `final`\nvalid: `phone-screen`, `technical`, `onsite`\n"
    );
    assert_eq!(
        plan_new_fails(&env, ADA, "--pick nope=1", 1),
        "error: no category matches `nope`\nvalid: `async`, `architecture`, `performance`, `security`\n"
    );
}

#[test]
fn zero_counts_and_malformed_values_are_usage_errors() {
    let env = Env::new();
    for flags in [
        "--per-category 0",
        "--pick async=0",
        "--pick async",
        "--pick async=two",
        "--round phone-screen --minutes 0",
        "--round phone-screen --seed -1",
        "--round phone-screen --seed 9223372036854775808",
        "--round phone-screen --level wizard",
        "--round phone-screen --format yaml",
    ] {
        assert_clean_error(&plan_new_fails(&env, ADA, flags, 2));
    }
    assert!(!env.ws().exists(), "nothing written");
}

// ---------------------------------------------------------------------------------------------
// --role, --bank, --level, --minutes
// ---------------------------------------------------------------------------------------------

#[test]
fn role_defaults_to_the_bank_title_and_role_overrides_it() {
    let env = Env::new();
    let plan = plan_new(&env, ADA, "--round phone-screen");
    assert_eq!(plan["role"], BANK_TITLE);
    let mut args = new_args(ADA, "--round phone-screen");
    args.extend(["--role", "Staff platform engineer"]);
    assert_eq!(env.json(&args)["role"], "Staff platform engineer");
}

#[test]
fn bank_takes_a_path_or_the_id_of_a_workspace_bank() {
    let env = Env::new();
    let custom = [("c1", "c", 5, None), ("c2", "c", 5, None)];
    let path = env.write(
        "elsewhere/custom.toml",
        small_bank("custom", &["c"], &custom),
    );
    let team = [("t1", "t", 5, None), ("t2", "t", 5, None)];
    env.write("ws/banks/team.toml", small_bank("team", &["t"], &team));

    let by_path = plan_new(&env, ADA, &format!("--bank {} --pick c=2", path.display()));
    assert_eq!(by_path["bank"]["id"], "custom");
    assert_eq!(
        by_path["role"], "Bank custom",
        "the role defaults to that bank's title"
    );
    assert_eq!(ids(&by_path), ["c1", "c2"]);

    let relative = plan_new(&env, ADA, "--bank elsewhere/custom.toml --pick c=1");
    assert_eq!(
        relative["bank"]["id"], "custom",
        "relative to the current folder"
    );

    let by_id = plan_new(&env, ADA, "--bank team --pick t=2");
    assert_eq!(by_id["bank"]["id"], "team");
    assert_eq!(by_id["bank"]["title"], "Bank team");
    assert_eq!(ids(&by_id), ["t1", "t2"]);

    assert_eq!(
        plan_new_fails(&env, ADA, "--bank nope --pick t=1", 1),
        "error: no bank matches `nope`\nvalid: `team`, `nodejs-backend-senior`\n"
    );
}

#[test]
fn level_filters_questions_and_unlevelled_questions_always_qualify() {
    let env = Env::new();
    let questions = [
        ("a-mid", "a", 5, Some("mid")),
        ("a-senior", "a", 5, Some("senior")),
        ("a-any", "a", 5, None),
        ("a-staff", "a", 5, Some("staff")),
    ];
    env.write("levels.toml", small_bank("levels", &["a"], &questions));
    for seed in 0..8 {
        let senior = format!("--bank levels.toml --seed {seed} --level senior --pick a=2");
        assert_eq!(ids(&plan_new(&env, ADA, &senior)), ["a-senior", "a-any"]);
        let two =
            format!("--bank levels.toml --seed {seed} --level senior --level staff --pick a=3");
        assert_eq!(
            ids(&plan_new(&env, ADA, &two)),
            ["a-senior", "a-any", "a-staff"]
        );
    }
    assert_eq!(
        plan_new_fails(&env, ADA, "--bank levels.toml --level junior --pick a=2", 1),
        "error: the bank cannot satisfy this request: category `a` is short by 1: 2 wanted, 1 available; left out: 3 of other levels (--level)\n"
    );
}

#[test]
fn level_filters_the_built_in_bank() {
    let env = Env::new();
    let bank = default_bank();
    for seed in 1..=4 {
        let plan = plan_new(
            &env,
            ADA,
            &format!("--per-category 2 --level mid --seed {seed}"),
        );
        for q in questions(&plan) {
            let level = bank
                .questions
                .iter()
                .find(|b| b.id == text(q, "id"))
                .unwrap()
                .level;
            assert!(matches!(level, None | Some(Level::Mid)), "{q}");
        }
    }
}

/// The shortest possible pick: the sum of the `n` shortest questions of each category.
fn shortest_pick(bank: &Bank, counts: &[(String, usize)]) -> u64 {
    counts
        .iter()
        .map(|(category, n)| {
            let mut minutes: Vec<u64> = bank
                .questions_in(category)
                .map(|q| u64::from(q.minutes))
                .collect();
            minutes.sort_unstable();
            minutes[..*n].iter().sum::<u64>()
        })
        .sum()
}

#[test]
fn minutes_replaces_the_round_budget() {
    let env = Env::new();
    let shortest = shortest_pick(&default_bank(), &counts_of([1; 4]));
    assert!(shortest < 30, "the phone screen's own budget leaves room");
    let mut longer_without = false;
    for seed in 0..10 {
        let round = format!("--round phone-screen --seed {seed}");
        let tight = plan_new(&env, ADA, &format!("{round} --minutes {shortest}"));
        assert_eq!(total_minutes(&tight), shortest);
        longer_without |= total_minutes(&plan_new(&env, ADA, &round)) > shortest;
    }
    assert!(
        longer_without,
        "without --minutes the round's 30 minutes apply"
    );
}

#[test]
fn a_budget_too_small_says_by_how_many_minutes_the_shortest_pick_overshoots() {
    let env = Env::new();
    let shortest = shortest_pick(&default_bank(), &counts_of([1; 4]));
    for (flags, budget) in [
        ("--round phone-screen --minutes 5".to_owned(), 5),
        (
            format!("--per-category 1 --minutes {}", shortest - 1),
            shortest - 1,
        ),
    ] {
        let stderr = plan_new_fails(&env, ADA, &flags, 1);
        assert_clean_error(&stderr);
        assert_eq!(
            stderr,
            format!(
                "error: no pick fits the {budget}-minute budget: the shortest possible pick takes {shortest} minutes, {} over; raise --minutes or ask fewer questions\n",
                shortest - budget
            )
        );
    }
    assert!(plan_files(&env.ws()).is_empty(), "no plan written");
}

#[test]
fn a_category_with_too_few_questions_is_named_with_its_shortfall() {
    let env = Env::new();
    let stderr = plan_new_fails(&env, ADA, "--pick async=11", 1);
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: the bank cannot satisfy this request: category `async` is short by 1: 11 wanted, 10 available\n"
    );

    let tiny = [
        ("a1", "a", 5, None),
        ("a2", "a", 5, None),
        ("b1", "b", 5, None),
    ];
    env.write("tiny.toml", small_bank("tiny", &["a", "b"], &tiny));
    assert_eq!(
        plan_new_fails(&env, ADA, "--bank tiny.toml --pick a=3 --pick b=5", 1),
        "error: the bank cannot satisfy this request: category `a` is short by 1: 3 wanted, 2 available; category `b` is short by 4: 5 wanted, 1 available\n"
    );
    assert!(plan_files(&env.ws()).is_empty(), "no plan written");
}

// ---------------------------------------------------------------------------------------------
// seeds and reproducibility
// ---------------------------------------------------------------------------------------------

#[test]
fn same_bank_seed_and_flags_pick_the_same_questions_in_the_same_order_anywhere() {
    let here = Env::new();
    let there = Env::new();
    for flags in [
        "--round technical --seed 42",
        "--per-category 2 --level senior --minutes 60 --seed 7",
        "--pick security=3 --pick async=1 --seed 9223372036854775807",
    ] {
        let first = ids(&plan_new(&here, ADA, flags));
        assert_eq!(ids(&plan_new(&here, ADA, flags)), first, "again: {flags}");
        assert_eq!(
            ids(&plan_new(&there, ADA, flags)),
            first,
            "another workspace: {flags}"
        );
        assert_eq!(
            ids(&plan_new(&here, "Alan Turing", flags)),
            first,
            "another candidate: {flags}"
        );
    }
}

#[test]
fn different_seeds_usually_pick_differently() {
    let env = Env::new();
    let picks: BTreeSet<Vec<String>> = (1..=10)
        .map(|seed| {
            ids(&plan_new(
                &env,
                ADA,
                &format!("--round technical --seed {seed}"),
            ))
        })
        .collect();
    assert!(picks.len() >= 8, "{} distinct picks of 10", picks.len());
}

#[test]
fn without_seed_a_seed_is_drawn_recorded_and_reproduces_the_plan() {
    let env = Env::new();
    let first = plan_new(&env, ADA, "--round onsite");
    let second = plan_new(&env, ADA, "--round onsite");
    let seed = first["seed"].as_u64().expect("`seed` is recorded");
    assert_ne!(
        Some(seed),
        second["seed"].as_u64(),
        "each plan draws its own seed"
    );

    let file: toml::Table =
        toml::from_str(&std::fs::read_to_string(text(&first, "file")).unwrap()).unwrap();
    assert_eq!(
        file["seed"].as_integer(),
        i64::try_from(seed).ok(),
        "the file records it"
    );

    for plan in [first, second] {
        let seed = &plan["seed"];
        let again = plan_new(&env, ADA, &format!("--round onsite --seed {seed}"));
        assert_eq!(ids(&again), ids(&plan), "seed {seed} reproduces the plan");
    }
}

// ---------------------------------------------------------------------------------------------
// the pick: reachability, budgets, the search
// ---------------------------------------------------------------------------------------------

/// The library's pick, as `Picked` questions.
fn select_in_process(bank: &Bank, request: &Request) -> Vec<Picked> {
    select(bank, request)
        .expect("the bank satisfies the request")
        .iter()
        .map(|q| Picked {
            id: q.id.clone(),
            category: q.category.clone(),
            minutes: u64::from(q.minutes),
        })
        .collect()
}

#[test]
fn every_question_is_reachable_over_200_seeds() {
    let bank = default_bank();
    let mut seen = HashSet::new();
    for seed in 0..200 {
        let request = Request {
            counts: counts_of([1; 4]),
            seed,
            ..Request::default()
        };
        seen.extend(select_in_process(&bank, &request).into_iter().map(|q| q.id));
    }
    assert_eq!(
        seen.len(),
        40,
        "every question of the built-in bank is picked by some seed"
    );
}

#[test]
fn every_question_of_a_small_bank_is_reachable_from_the_binary() {
    let env = Env::new();
    let six = [
        ("a1", "a", 5, None),
        ("a2", "a", 5, None),
        ("a3", "a", 5, None),
        ("b1", "b", 5, None),
        ("b2", "b", 5, None),
        ("b3", "b", 5, None),
    ];
    env.write("six.toml", small_bank("six", &["a", "b"], &six));
    let mut seen = BTreeSet::new();
    for seed in 0..30 {
        let flags = format!("--bank six.toml --pick a=1 --pick b=1 --seed {seed}");
        seen.extend(ids(&plan_new(&env, ADA, &flags)));
    }
    let all: BTreeSet<String> = six.iter().map(|q| q.0.to_owned()).collect();
    assert_eq!(seen, all);
}

#[test]
fn round_counts_and_budgets_hold_for_many_seeds() {
    let bank = default_bank();
    for round in &bank.rounds {
        let counts: Vec<(String, usize)> = round
            .pick
            .iter()
            .map(|p| (p.category.clone(), p.count))
            .collect();
        for seed in 0..300 {
            let request = Request {
                counts: counts.clone(),
                budget: Some(round.minutes),
                seed,
                ..Request::default()
            };
            let picked = select_in_process(&bank, &request);
            assert_pick_honours(&bank, &picked, &counts, u64::from(round.minutes));
        }
    }
}

#[test]
fn the_budget_search_finds_the_fitting_pick_a_greedy_pick_would_miss() {
    // Taking `long` for category a would leave no room for `only`, the one question of b.
    let env = Env::new();
    let trap = [
        ("long", "a", 9, None),
        ("short", "a", 1, None),
        ("only", "b", 9, None),
    ];
    env.write("trap.toml", small_bank("trap", &["a", "b"], &trap));
    for seed in 0..40 {
        let flags = format!("--bank trap.toml --pick a=1 --pick b=1 --minutes 10 --seed {seed}");
        let plan = plan_new(&env, ADA, &flags);
        assert_eq!(ids(&plan), ["short", "only"], "seed {seed}");
        assert_eq!(total_minutes(&plan), 10);
    }
}

// ---------------------------------------------------------------------------------------------
// --fresh
// ---------------------------------------------------------------------------------------------

#[test]
fn fresh_plans_never_repeat_a_question_until_the_bank_runs_dry() {
    let env = Env::new();
    let bank = default_bank();
    let mut asked: BTreeMap<String, String> = BTreeMap::new(); // question id -> category
    let mut record = |plan: &Value, what: &str| {
        for q in picked(plan) {
            assert!(!asked.contains_key(&q.id), "`{}` repeated in {what}", q.id);
            asked.insert(q.id, q.category);
        }
    };
    for (round, _, _) in ROUNDS {
        record(
            &plan_new(&env, ADA, &format!("--round {round} --fresh")),
            round,
        );
    }

    // Keep planning until the bank runs dry.
    let args = new_args(ADA, "--per-category 3 --fresh --format json");
    let mut more = 0;
    let stderr = loop {
        assert!(more < 14, "40 questions cannot last this long");
        let output = env.cmd().args(&args).output().unwrap();
        if !output.status.success() {
            assert_eq!(output.status.code(), Some(1));
            break String::from_utf8(output.stderr).unwrap();
        }
        record(
            &serde_json::from_slice(&output.stdout).unwrap(),
            "a later plan",
        );
        more += 1;
    };
    assert!(
        more >= 1,
        "the bank has room for one more after the three rounds"
    );
    assert_clean_error(&stderr);

    let mut shortages = Vec::new();
    for category in CATEGORIES {
        let used = asked.values().filter(|c| *c == category).count();
        let left = bank.questions_in(category).count() - used;
        if left < 3 {
            shortages.push(format!(
                "category `{category}` is short by {}: 3 wanted, {left} available; left out: {used} already asked in earlier plans (--fresh)",
                3 - left
            ));
        }
    }
    assert!(!shortages.is_empty());
    assert_eq!(
        stderr,
        format!(
            "error: the bank cannot satisfy this request: {}\nearlier plans of `ada-lovelace` have used up these questions; ask fewer, or drop --fresh to allow repeats\n",
            shortages.join("; ")
        )
    );
    assert_eq!(
        plan_files(&env.ws()).len(),
        3 + more,
        "the failed attempt wrote nothing"
    );

    // Without --fresh, repeats are allowed again.
    plan_new(&env, ADA, "--per-category 3");
}

#[test]
fn fresh_ignores_other_candidates_plans() {
    let env = Env::new();
    let ada = ids(&plan_new(&env, ADA, "--per-category 9 --fresh"));
    assert_eq!(ada.len(), 36);
    let alan: HashSet<String> = ids(&plan_new(&env, "Alan Turing", "--per-category 10 --fresh"))
        .into_iter()
        .collect();
    assert_eq!(
        alan.len(),
        40,
        "all 40 questions are still open to another candidate"
    );
    assert!(ada.iter().all(|id| alan.contains(id)));
}

// ---------------------------------------------------------------------------------------------
// output formats and --quiet
// ---------------------------------------------------------------------------------------------

#[test]
fn quiet_prints_the_new_plan_id_alone() {
    let env = Env::new();
    for quiet in ["--quiet", "-q"] {
        let mut args = new_args(ADA, "--round phone-screen");
        args.push(quiet);
        let output = env.run(&args).success().get_output().clone();
        assert!(output.stderr.is_empty());
        let stdout = String::from_utf8(output.stdout).unwrap();
        let id = stdout.strip_suffix('\n').expect("one line");
        assert!(!id.contains('\n'), "{stdout}");
        assert_uuid_v7(id);
        assert!(plan_file(&env, "ada-lovelace", id).is_file());
    }
}

#[test]
fn table_output_is_the_kit_with_every_question() {
    let env = Env::new();
    let kit = env.ok(&new_args(ADA, "--round technical --seed 5"));
    let plan = plan_new(&env, ADA, "--round technical --seed 5");
    assert!(
        kit.starts_with("Interview kit: Ada Lovelace (ada-lovelace)\n"),
        "{kit}"
    );
    assert!(
        kit.contains(&format!(
            "Role: {BANK_TITLE} | Round: technical | 7 questions"
        )),
        "{kit}"
    );
    assert!(kit.contains("seed 5"), "{kit}");
    for (index, q) in questions(&plan).iter().enumerate() {
        let header = format!("{}/7 ", index + 1);
        let line = kit
            .lines()
            .find(|l| l.starts_with(&header))
            .expect("a question header");
        assert!(line.ends_with(text(q, "id")), "{line}");
    }
    let shown = env.ok(&["plan", "show", text(&plan, "id"), "--format", "table"]);
    assert_eq!(
        shown.lines().count(),
        kit.lines().count(),
        "plan show prints the same kit"
    );
}

#[test]
fn json_output_has_total_minutes_questions_and_the_plan_fields() {
    let env = Env::new();
    let plan = plan_new(&env, ADA, "--round onsite --seed 3");
    assert_eq!(questions(&plan).len(), 10);
    assert!(total_minutes(&plan) <= 90);
    for key in [
        "schema",
        "id",
        "created_at",
        "candidate",
        "candidate_id",
        "role",
        "round",
        "seed",
        "bank",
        "scale",
        "categories",
    ] {
        assert!(plan.get(key).is_some(), "`{key}` in {plan}");
    }
    assert_eq!(plan["seed"], 3);
    assert_eq!(plan["candidate"], ADA);
    assert_eq!(
        plan_show(&env, text(&plan, "id")),
        plan,
        "plan show prints the same object"
    );
}

#[test]
fn toml_output_reparses_and_equals_the_plan_file() {
    let env = Env::new();
    let printed = env.ok(&new_args(ADA, "--round technical --format toml"));
    let parsed: toml::Table = toml::from_str(&printed).expect("TOML");
    let files = plan_files(&env.ws());
    assert_eq!(files.len(), 1);
    let on_disk = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(parsed, toml::from_str::<toml::Table>(&on_disk).unwrap());
    assert_eq!(printed, on_disk);
    let id = parsed["id"].as_str().unwrap();
    assert_eq!(env.ok(&["plan", "show", id, "--format", "toml"]), on_disk);
}

// ---------------------------------------------------------------------------------------------
// the plan file
// ---------------------------------------------------------------------------------------------

#[test]
fn plan_file_is_private_and_holds_the_contract_fields() {
    let env = Env::new();
    let id = plan_new_quiet(&env, ADA, "--round phone-screen --seed 11 --role Backend");
    let path = plan_file(&env, "ada-lovelace", &id);
    assert_eq!(plan_files(&env.ws()), std::slice::from_ref(&path));
    assert_eq!(mode(&path), 0o600, "plan file");
    assert_eq!(mode(&env.ws().join("candidates")), 0o700, "candidates/");
    assert_eq!(
        mode(&env.ws().join("candidates/ada-lovelace")),
        0o700,
        "candidates/<id>/"
    );

    let plan: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(plan["schema"].as_integer(), Some(1));
    assert_eq!(plan["id"].as_str(), Some(id.as_str()));
    assert_uuid_v7(&id);
    let created = plan["created_at"].as_str().expect("created_at");
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok(),
        "RFC 3339: {created}"
    );
    assert!(created.ends_with('Z'), "UTC: {created}");
    assert_eq!(plan["candidate"].as_str(), Some(ADA));
    assert_eq!(plan["candidate_id"].as_str(), Some("ada-lovelace"));
    assert_eq!(plan["role"].as_str(), Some("Backend"));
    assert_eq!(plan["round"].as_str(), Some("phone-screen"));
    assert_eq!(plan["seed"].as_integer(), Some(11));

    let bank = plan["bank"].as_table().expect("[bank]");
    assert_eq!(bank["id"].as_str(), Some(BANK_ID));
    assert_eq!(bank["title"].as_str(), Some(BANK_TITLE));
    assert_eq!(bank["version"].as_str(), Some("2026.1"));
    let scale = plan["scale"].as_table().expect("[scale]");
    assert_eq!(scale["min"].as_integer(), Some(1));
    assert_eq!(scale["max"].as_integer(), Some(4));
    assert_eq!(scale["labels"].as_array().map(Vec::len), Some(4));

    let categories: Vec<&str> = plan["categories"]
        .as_array()
        .expect("[[categories]]")
        .iter()
        .map(|c| {
            assert!(c.get("title").is_some_and(toml::Value::is_str), "{c}");
            assert!(c.get("weight").is_some(), "{c}");
            c["id"].as_str().unwrap()
        })
        .collect();
    assert_eq!(categories, CATEGORIES);
    let questions = plan["questions"].as_array().expect("[[questions]]");
    assert_eq!(questions.len(), 4);
    for q in questions {
        for key in [
            "id",
            "category",
            "prompt",
            "expected",
            "minutes",
            "level",
            "follow_ups",
            "red_flags",
        ] {
            assert!(q.get(key).is_some(), "`{key}` in {q}");
        }
    }
}

#[test]
fn plan_questions_are_whole_copies_of_the_bank_questions() {
    let env = Env::new();
    let id = plan_new_quiet(&env, ADA, "--per-category 10");
    let file = std::fs::read_to_string(plan_file(&env, "ada-lovelace", &id)).unwrap();
    let plan: toml::Table = toml::from_str(&file).unwrap();
    let bank: toml::Table = toml::from_str(BANK_TEXT).unwrap();
    let in_bank = bank["questions"].as_array().unwrap();
    let in_plan = plan["questions"].as_array().unwrap();
    assert_eq!(in_plan.len(), 40);
    for q in in_plan {
        let original = in_bank
            .iter()
            .find(|b| b["id"] == q["id"])
            .expect("from the bank");
        assert_eq!(q, original, "the plan holds the whole question");
    }
}

#[test]
fn a_later_change_to_the_bank_does_not_change_an_existing_plan() {
    let env = Env::new();
    let original = small_bank(
        "team",
        &["t"],
        &[("t1", "t", 5, None), ("t2", "t", 5, None)],
    );
    env.write("ws/banks/team.toml", &original);
    let id = plan_new_quiet(&env, ADA, "--bank team --pick t=1 --seed 1");
    let asked = ids(&plan_show(&env, &id)).remove(0);

    let reworded = original
        .replace("Prompt of", "Reworded prompt of")
        .replace("version = \"1\"", "version = \"2\"");
    env.write("ws/banks/team.toml", reworded);

    let plan = plan_show(&env, &id);
    assert_eq!(questions(&plan)[0]["prompt"], format!("Prompt of {asked}"));
    assert_eq!(plan["bank"]["version"], "1");
    let kit = env.ok(&["plan", "show", &id]);
    assert!(
        kit.contains(&format!("Prompt of {asked}")) && !kit.contains("Reworded"),
        "{kit}"
    );

    let newer = plan_new(&env, ADA, "--bank team --pick t=1 --seed 1");
    assert_eq!(
        questions(&newer)[0]["prompt"],
        format!("Reworded prompt of {asked}")
    );
    assert_eq!(newer["bank"]["version"], "2");
}

// ---------------------------------------------------------------------------------------------
// candidate ids
// ---------------------------------------------------------------------------------------------

#[test]
fn candidate_id_is_the_slug_of_the_name_unless_given() {
    let env = Env::new();
    for (name, slug) in [
        (ADA, "ada-lovelace"),
        ("José Núñez-García", "jose-nunez-garcia"),
        ("  Grace   HOPPER ", "grace-hopper"),
    ] {
        let plan = plan_new(&env, name, "--round phone-screen");
        assert_eq!(plan["candidate_id"], slug);
        assert_eq!(plan["candidate"], name.trim());
        assert!(plan_file(&env, slug, text(&plan, "id")).is_file());
    }
    let plan = plan_new(
        &env,
        "Alan Turing",
        "--candidate-id ats-12345 --round phone-screen",
    );
    assert_eq!(plan["candidate_id"], "ats-12345");
    assert_eq!(plan["candidate"], "Alan Turing");
    assert!(plan_file(&env, "ats-12345", text(&plan, "id")).is_file());
    assert!(!env.ws().join("candidates/alan-turing").exists());
}

#[test]
fn hostile_names_become_safe_ids_or_clean_errors_and_nothing_escapes_the_candidates_folder() {
    let env = Env::new();
    let long = "x".repeat(500);
    for name in [
        "../../x",
        "..",
        "/etc/passwd",
        "a/../../b",
        "🙂🙂",
        "",
        "a\nb",
        &long,
        "C:\\x",
        ".",
        "-",
    ] {
        let output = env
            .run(&new_args(name, "--per-category 1 --format json"))
            .get_output()
            .clone();
        let stderr = String::from_utf8(output.stderr).unwrap();
        match output.status.code() {
            Some(0) => {
                let plan: Value = serde_json::from_slice(&output.stdout).unwrap();
                let id = text(&plan, "candidate_id");
                assert!(is_candidate_id(id), "{name:?} -> {id:?}");
                assert!(plan_file(&env, id, text(&plan, "id")).is_file(), "{name:?}");
            }
            Some(1 | 2) => assert_clean_error(&stderr),
            other => panic!("{name:?}: exit {other:?}\n{stderr}"),
        }
    }
    let candidates = env.ws().join("candidates");
    for path in walk(env.root()) {
        // The workspace's `.gitignore` (for temporary files) and its settings are the files beside
        // the candidates.
        let beside = path == env.ws().join(".gitignore") || path == env.ws().join("scorecard.toml");
        let inside = path == env.ws() || beside || path.starts_with(&candidates);
        assert!(inside, "{} is outside ws/candidates/", path.display());
        if path.is_file() && !beside {
            let relative = path.strip_prefix(&candidates).unwrap();
            let parts: Vec<&str> = relative.iter().map(|p| p.to_str().unwrap()).collect();
            assert_eq!(parts.len(), 2, "{}", path.display());
            assert!(is_candidate_id(parts[0]), "{}", path.display());
            assert!(parts[1].starts_with("plan-"), "{}", path.display());
        }
    }
}

#[test]
fn names_that_cannot_make_an_id_ask_for_candidate_id() {
    let env = Env::new();
    assert_eq!(
        plan_new_fails(&env, "..", "--round phone-screen", 2),
        "error: cannot make a candidate id from the name `..`; give one with `--candidate-id` (lowercase letters, digits and `-`)\n"
    );
    assert_eq!(
        plan_new_fails(&env, "", "--round phone-screen", 2),
        "error: `--candidate` must not be empty; give the candidate's name\n"
    );
    let id = plan_new_quiet(&env, "..", "--candidate-id c-42 --round phone-screen");
    assert!(plan_file(&env, "c-42", &id).is_file());
}

#[test]
fn invalid_candidate_ids_are_refused() {
    let env = Env::new();
    let long = "a".repeat(65);
    for id in ["../x", "UPPER", "a b", "", "-x", "a/b", ".", &long] {
        let given = format!("--candidate-id={id}");
        let stderr = env.fails(
            &[&new_args(ADA, "--round phone-screen")[..], &[&given]].concat(),
            2,
        );
        assert_eq!(
            stderr,
            format!(
                "error: `{id}` is not a valid candidate id; use 1 to 64 lowercase letters, digits and `-`, starting with a letter or digit\n"
            )
        );
    }
    assert!(!env.ws().exists(), "nothing written");
}

#[test]
fn two_people_whose_names_slug_alike_need_a_candidate_id() {
    let env = Env::new();
    plan_new_quiet(&env, "José Núñez", "--round phone-screen");
    plan_new_quiet(&env, "José Núñez", "--round technical");
    assert_eq!(
        plan_new_fails(&env, "Jose Nunez", "--round phone-screen", 1),
        "error: candidate id `jose-nunez` already belongs to `José Núñez`, not `Jose Nunez`\ngive this candidate another id with --candidate-id\n"
    );
    let id = plan_new_quiet(
        &env,
        "Jose Nunez",
        "--candidate-id jose-nunez-2 --round phone-screen",
    );
    assert!(plan_file(&env, "jose-nunez-2", &id).is_file());
    assert_eq!(plan_files(&env.ws()).len(), 3);
}

// ---------------------------------------------------------------------------------------------
// plan list and plan show
// ---------------------------------------------------------------------------------------------

#[test]
fn plan_list_shows_every_plan_oldest_first_and_filters_by_candidate() {
    let env = Env::new();
    let made = [
        plan_new(&env, ADA, "--round phone-screen"),
        plan_new(&env, "Alan Turing", "--per-category 1 --role SRE"),
        plan_new(&env, ADA, "--round technical"),
    ];
    let list = env.json(&["plan", "list"]);
    let rows = list.as_array().expect("an array");
    assert_eq!(rows.len(), 3);
    for (row, plan) in rows.iter().zip(&made) {
        for key in [
            "id",
            "candidate",
            "candidate_id",
            "role",
            "round",
            "created_at",
        ] {
            assert_eq!(row[key], plan[key], "`{key}`");
        }
        assert_eq!(
            row["questions"].as_u64(),
            Some(questions(plan).len() as u64)
        );
        assert_eq!(row["minutes"], plan["total_minutes"]);
    }

    let adas = env.json(&["plan", "list", "--candidate", "ada-lovelace"]);
    let adas: Vec<&Value> = adas.as_array().unwrap().iter().map(|r| &r["id"]).collect();
    assert_eq!(adas, [&made[0]["id"], &made[2]["id"]]);
    assert_eq!(
        env.json(&["plan", "list", "--candidate", "nobody"]),
        Value::Array(Vec::new())
    );
    assert_clean_error(&env.fails(&["plan", "list", "--candidate", "../x"], 2));

    let table = env.ok(&["plan", "list"]);
    for header in [
        "plan",
        "candidate",
        "role",
        "round",
        "questions",
        "minutes",
        "created",
    ] {
        assert!(table.contains(header), "{table}");
    }
    assert!(table.contains("Ada Lovelace (ada-lovelace)"), "{table}");
    assert!(table.contains("Alan Turing (alan-turing)"), "{table}");
    assert!(
        table.contains("SRE") && table.contains("technical"),
        "{table}"
    );
    // The short ids the table prints are enough for `plan show`.
    let shown: Vec<&str> = table
        .lines()
        .filter(|line| line.contains("(ada-lovelace)") || line.contains("(alan-turing)"))
        .map(|line| line.trim_matches('|').split('|').next().unwrap().trim())
        .collect();
    assert_eq!(shown.len(), 3, "{table}");
    for (short, plan) in shown.iter().zip(&made) {
        assert_eq!(plan_show(&env, short)["id"], plan["id"], "{short}");
    }

    let filtered = env.ok(&["plan", "list", "--candidate", "alan-turing"]);
    assert!(!filtered.contains("Ada Lovelace"), "{filtered}");
}

#[test]
fn plan_show_finds_a_plan_by_id_unique_prefix_or_file() {
    let env = Env::new();
    let first = plan_new_quiet(&env, ADA, "--round phone-screen");
    let second = plan_new_quiet(&env, ADA, "--round technical");
    let unique = (common_prefix_len(&first, &second) + 1).max(4);
    let file = plan_file(&env, "ada-lovelace", &second);
    for (query, expected) in [
        (first.as_str(), &first),
        (&second.to_uppercase(), &second),
        (&first[..unique], &first),
        (&second[..unique], &second),
        (file.to_str().unwrap(), &second),
    ] {
        assert_eq!(plan_show(&env, query)["id"], expected.as_str(), "{query}");
    }
}

#[test]
fn plan_show_with_an_ambiguous_prefix_lists_both_matches() {
    let env = Env::new();
    let mut made = [
        plan_new_quiet(&env, ADA, "--round phone-screen"),
        plan_new_quiet(&env, "Alan Turing", "--round phone-screen"),
    ];
    made.sort();
    let common = common_prefix_len(&made[0], &made[1]);
    assert!(
        common >= 4,
        "v7 ids made moments apart share a long prefix: {made:?}"
    );
    let prefix = &made[0][..common];
    let stderr = env.fails(&["plan", "show", prefix], 1);
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        format!(
            "error: `{prefix}` matches 2 plans; give more characters\n  {}\n  {}\n",
            made[0], made[1]
        )
    );
}

#[test]
fn plan_show_with_a_too_short_prefix_or_an_unknown_id_fails_cleanly() {
    let env = Env::new();
    let id = plan_new_quiet(&env, ADA, "--round phone-screen");
    for short in [&id[..3], "zzzz", ""] {
        assert_eq!(
            env.fails(&["plan", "show", short], 2),
            format!(
                "error: `{short}` is not a plan id; give its id or a unique prefix of at least 4 characters (see `scorecard plan list`)\n"
            )
        );
    }
    let unknown = "ffffffff-ffff-7fff-bfff-ffffffffffff";
    assert_eq!(
        env.fails(&["plan", "show", unknown], 1),
        format!("error: no plan matches `{unknown}`\n")
    );
    assert_eq!(
        env.fails(&["plan", "show", "ffff"], 1),
        "error: no plan matches `ffff`\n"
    );
}

// ---------------------------------------------------------------------------------------------
// the printable kit
// ---------------------------------------------------------------------------------------------

#[test]
fn markdown_kit_has_a_heading_a_table_every_prompt_and_expected_points_as_tasks() {
    let env = Env::new();
    let id = plan_new_quiet(&env, ADA, "--per-category 10 --seed 1");
    let plan = plan_show(&env, &id);
    let kit = read_kit(&env.ok(&["plan", "show", &id, "--format", "markdown"]));

    assert!(kit.headings > 0, "a heading");
    assert_eq!(kit.table_heads, 1, "a table with a header row");
    assert!(kit.raw_html.is_empty(), "no raw HTML: {:?}", kit.raw_html);
    assert!(
        kit.rendered.contains("Interview kit: Ada Lovelace"),
        "{}",
        kit.rendered
    );

    // Per question: a task list of expected points, then a task list of rating levels.
    let questions = questions(&plan);
    assert_eq!(questions.len(), 40);
    assert_eq!(kit.task_lists.len(), 2 * questions.len());
    let mut expected_points = 0;
    for (q, lists) in questions.iter().zip(kit.task_lists.chunks(2)) {
        let prompt = normalise(text(q, "prompt"));
        assert!(
            kit.rendered.contains(&prompt),
            "prompt of {} rendered:\n{prompt}",
            q["id"]
        );
        let expected: Vec<String> = q["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|point| normalise(point.as_str().unwrap()))
            .collect();
        assert_eq!(
            lists[0], expected,
            "expected points of {} as tasks",
            q["id"]
        );
        assert_eq!(lists[1].len(), 4, "one rating task per scale level");
        expected_points += expected.len();
    }
    assert_eq!(kit.task_markers, expected_points + 4 * questions.len());
}

#[test]
fn markdown_kit_escapes_html_and_markdown_in_names_and_bank_text() {
    let env = Env::new();
    env.write(
        "hostile.toml",
        r##"schema = 1
id = "hostile"
title = "Hostile <b>bank</b>"
version = "1"

[[categories]]
id = "h"
title = "Tables | and <i>tags</i>"

[[questions]]
id = "h1"
category = "h"
prompt = "<script>alert(1)</script> **bold** [link](http://x) | pipe"
expected = ["<img src=x onerror=alert(1)>", "# not a heading", "1. not a list", "- [x] not a task"]
red_flags = ["`code` & <!-- comment -->"]
"##,
    );
    let name = "<b>Eve</b> *the* | Hacker";
    let id = plan_new_quiet(&env, name, "--bank hostile.toml --pick h=1");
    let markdown = env.ok(&["plan", "show", &id, "--format", "markdown"]);
    let kit = read_kit(&markdown);
    assert!(
        kit.raw_html.is_empty(),
        "no raw HTML: {:?}\n{markdown}",
        kit.raw_html
    );
    assert_eq!(
        kit.table_heads, 1,
        "the header table survives a `|` in the name"
    );
    for literal in [
        name,
        "<script>alert(1)</script> **bold** [link](http://x) | pipe",
        "`code` & <!-- comment -->",
    ] {
        assert!(
            kit.rendered.contains(literal),
            "`{literal}` as written:\n{}",
            kit.rendered
        );
    }
    assert_eq!(
        kit.task_lists[0],
        [
            "<img src=x onerror=alert(1)>",
            "# not a heading",
            "1. not a list",
            "- [x] not a task"
        ]
    );
}

#[test]
fn template_replaces_the_markdown_kit() {
    let env = Env::new();
    let id = plan_new_quiet(&env, ADA, "--round phone-screen");
    env.write(
        "kit.j2",
        "# {{ plan.candidate }}\n{% for q in questions %}\n- {{ q.number }}. {{ q.id }}\n{% endfor %}\n",
    );
    let out = env.ok(&[
        "plan",
        "show",
        &id,
        "--format",
        "markdown",
        "--template",
        "kit.j2",
    ]);
    let mut expected = format!("# {ADA}\n");
    for (index, question) in ids(&plan_show(&env, &id)).iter().enumerate() {
        writeln!(expected, "- {}. {question}", index + 1).unwrap();
    }
    assert_eq!(out, expected);
}

#[test]
fn template_with_a_syntax_error_names_the_file_and_line() {
    let env = Env::new();
    let id = plan_new_quiet(&env, ADA, "--round phone-screen");
    env.write(
        "broken.j2",
        "# {{ plan.candidate }}\n{% for q in questions %}\n- {{ q.id }\n{% endfor %}\n",
    );
    let stderr = env.fails(
        &[
            "plan",
            "show",
            &id,
            "--format",
            "markdown",
            "--template",
            "broken.j2",
        ],
        1,
    );
    assert_clean_error(&stderr);
    assert!(
        stderr.starts_with("error: broken.j2:3:"),
        "names the file and line 3:\n{stderr}"
    );
    assert!(stderr.contains("not a valid template"), "{stderr}");

    let stderr = env.fails(
        &[
            "plan",
            "show",
            &id,
            "--format",
            "markdown",
            "--template",
            "missing.j2",
        ],
        1,
    );
    assert_clean_error(&stderr);
    assert!(
        stderr.starts_with("error: cannot read `missing.j2`"),
        "{stderr}"
    );
}
