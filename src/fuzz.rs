//! Mutation fuzzing of every file format a workspace holds (bank, plan, scorecard, settings,
//! template): valid seed files are mutated by a seeded `ChaCha8` generator and each result is put in
//! a fresh workspace and run, in process, through parse, validation and every renderer (terminal
//! kit and tables, Markdown, CSV, JSON, TOML) by the commands that read it. A command may refuse
//! the input; it must not panic, hang or abort.
//!
//! Not a user command: `examples/fuzz.rs` (driven by `scripts/fuzz.sh`) runs the full campaign,
//! and a short slice runs with the unit tests. Input `index` of a format is always the same
//! bytes, so any failure is reproduced from its format and index alone.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use crate::bank::{self, Bank};
use crate::cli::{self, output::Output};
use crate::plan::{Plan, PlanHeader};
use crate::scorecard::{Recommendation, Scorecard};
use crate::timestamp::Timestamp;

/// The file formats of a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Bank,
    Plan,
    Scorecard,
    Settings,
    Template,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Bank,
        Format::Plan,
        Format::Scorecard,
        Format::Settings,
        Format::Template,
    ];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Bank => "bank",
            Format::Plan => "plan",
            Format::Scorecard => "scorecard",
            Format::Settings => "settings",
            Format::Template => "template",
        }
    }

    #[must_use]
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

const PLAN_ID: &str = "01937a2c-0000-7000-8000-0000000000a1";
const CARD_ID: &str = "01937a2c-0000-7000-8000-0000000000b1";
const OTHER_CARD_ID: &str = "01937a2c-0000-7000-8000-0000000000b2";
const CANDIDATE: &str = "ada-lovelace";

/// Valid files of every format, built from the built-in bank: what the mutations start from.
pub struct Seeds {
    bank: Vec<String>,
    plan: String,
    draft: String,
    submitted: String,
    settings: Vec<String>,
    templates: Vec<String>,
}

impl Seeds {
    #[must_use]
    pub fn new() -> Seeds {
        let built_in = bank::BUILT_IN[0].2.to_owned();
        let parsed = bank::parse_bank("<built-in>", &built_in).ok();
        let bank = parsed.unwrap_or_else(|| crate::synth::bank(40, 1));
        let plan = seed_plan(&bank);
        let now = Timestamp::parse("2026-11-26T09:00:00Z").unwrap_or_else(|_| Timestamp::now());
        let mut draft = Scorecard::start(&plan, "Grace Hopper", now);
        draft.id = uuid::Uuid::parse_str(CARD_ID).unwrap_or(draft.id);
        let _ = draft.rate("1", 3, Some("clear on phases\nsecond line"), Some(410), now);
        let _ = draft.skip("2", Some("ran out of time"), None, now);
        let mut submitted = Scorecard::start(&plan, "Alan Turing", now);
        submitted.id = uuid::Uuid::parse_str(OTHER_CARD_ID).unwrap_or(submitted.id);
        for n in 1..=plan.questions.len() {
            let score = i64::try_from(n % 4).unwrap_or(0) + 1;
            let _ = submitted.rate(&n.to_string(), score, Some("ok"), Some(60), now);
        }
        let _ = submitted.submit(Recommendation::Yes, Some("Solid."), true, now);
        let _ = submitted.amend("1", 2, "re-read my notes", None, now);
        let text = |r: crate::Result<String>| r.unwrap_or_default();
        Seeds {
            bank: vec![built_in, crate::synth::bank_toml(&crate::synth::bank(12, 3))],
            plan: text(plan.to_toml()),
            draft: text(draft.to_toml()),
            submitted: text(submitted.to_toml()),
            settings: vec![
                "default_bank = \"nodejs-backend-senior\"\ninterviewer = \"Grace Hopper\"\nretention_days = 365\n".to_owned(),
                crate::workspace::SETTINGS_TEMPLATE.to_owned(),
            ],
            templates: crate::template::DEFAULTS
                .iter()
                .map(|(_, text)| (*text).to_owned())
                .collect(),
        }
    }

    fn corpus(&self, format: Format) -> Vec<&str> {
        match format {
            Format::Bank => self.bank.iter().map(String::as_str).collect(),
            Format::Plan => vec![&self.plan],
            Format::Scorecard => vec![&self.draft, &self.submitted],
            Format::Settings => self.settings.iter().map(String::as_str).collect(),
            Format::Template => self.templates.iter().map(String::as_str).collect(),
        }
    }
}

impl Default for Seeds {
    fn default() -> Self {
        Seeds::new()
    }
}

fn seed_plan(bank: &Bank) -> Plan {
    let header = PlanHeader {
        candidate: "Ada Lovelace".to_owned(),
        candidate_id: CANDIDATE.to_owned(),
        role: "Senior backend engineer".to_owned(),
        round: Some("phone-screen".to_owned()),
        seed: 1,
        minutes: Some(45),
    };
    let questions = bank
        .categories
        .iter()
        .filter_map(|c| bank.questions_in(&c.id).next().cloned())
        .collect();
    let mut plan = Plan::new(bank, header, questions);
    plan.id = uuid::Uuid::parse_str(PLAN_ID).unwrap_or(plan.id);
    plan
}

/// Values that break assumptions: extremes, escapes, markup, bidirectional controls.
const TOKENS: &[&str] = &[
    "0",
    "-1",
    "1",
    "21",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "4294967295",
    "1e308",
    "nan",
    "inf",
    "\"\"",
    "\"\\u001b]0;pwned\\u0007\\u001b[2J\"",
    "\"\\u202e\\u2066evil\"",
    "\"<img src=x onerror=alert(1)>\"",
    "\"=HYPERLINK(\\\"x\\\")\"",
    "\"../../escaped\"",
    "\"`code`\"",
    "\"a\\tb\\nc\\r\\nd\"",
    "\"🙂 李小龙 Ωμέγα é\"",
    "[]",
    "{}",
    "[[questions]]",
    "[[answers]]",
    "[[categories]]",
    "[scale]",
    "\n",
    "=",
    "\"",
    "'''",
    "\"\"\"",
    "{{",
    "}}",
    "{%",
    "%}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ 1.5 | fixed(65536) }}",
    "{{ \"x\" * 100000000 }}",
    "{{ range(1000000) | list | length }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ plan }}",
    "{{ candidate | md }}",
    "| fixed(3)",
    "| bar(1, 4)",
    "| cell",
    "2026-13-40T99:99:99Z",
    "\u{feff}",
    "\u{0}",
    "schema = 2",
];

/// Input `index` of `format`: a seed file with 1 to 8 mutations.
#[must_use]
pub fn input(seeds: &Seeds, format: Format, index: u64) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(index ^ ((format as u64 + 1) << 56));
    let corpus = seeds.corpus(format);
    let mut bytes = corpus[below(&mut rng, corpus.len())].as_bytes().to_vec();
    let rounds = 1 + below(&mut rng, 8);
    for _ in 0..rounds {
        mutate(&mut bytes, &mut rng);
    }
    bytes
}

fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    usize::try_from(rng.next_u64() % n.max(1) as u64).unwrap_or(0)
}

/// One mutation. Most keep the file close to valid TOML (a value replaced, a line duplicated),
/// so that validation and rendering are reached, not only the parser.
fn mutate(bytes: &mut Vec<u8>, rng: &mut ChaCha8Rng) {
    let len = bytes.len();
    let at = below(rng, len + 1);
    match below(rng, 10) {
        // Replace the value of a random `key = value` line with a token.
        0..=2 => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .filter(|&i| i < len)
                .collect();
            if starts.is_empty() {
                return;
            }
            let start = starts[below(rng, starts.len())];
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(len, |i| start + i);
            if let Some(eq) = bytes[start..end].iter().position(|&b| b == b'=') {
                let token = TOKENS[below(rng, TOKENS.len())].as_bytes();
                bytes.splice(start + eq + 1..end, [b" ".as_slice(), token].concat());
            }
        }
        // Insert a token.
        3..=4 => {
            let token = TOKENS[below(rng, TOKENS.len())].as_bytes();
            bytes.splice(at..at, token.iter().copied());
        }
        // Duplicate a range (repeated tables, long values).
        5 => {
            let n = below(rng, 400).min(len - at.min(len));
            let copy: Vec<u8> = bytes[at..at + n].to_vec();
            let times = 1 + below(rng, 4);
            for _ in 0..times {
                bytes.splice(at..at, copy.iter().copied());
            }
        }
        // Delete a range.
        6 => {
            let n = below(rng, 64).min(len - at.min(len));
            bytes.drain(at..at + n);
        }
        // Flip a byte (invalid UTF-8 included).
        7 => {
            if at < len {
                bytes[at] ^= 1 << below(rng, 8);
            }
        }
        // A random byte or a multi-byte character cut in half.
        8 => {
            let byte = u8::try_from(below(rng, 256)).unwrap_or(0);
            bytes.insert(at, byte);
        }
        // Swap two lines' worth of text.
        _ => {
            let other = below(rng, len + 1);
            let (a, b) = (at.min(other), at.max(other));
            let n = below(rng, 80).min(b - a).min(len - b);
            if n > 0 {
                let first: Vec<u8> = bytes[a..a + n].to_vec();
                let second: Vec<u8> = bytes[b..b + n].to_vec();
                bytes.splice(b..b + n, first);
                bytes.splice(a..a + n, second);
            }
        }
    }
}

/// Writes the workspace for one input and runs the commands that read it.
pub fn run_one(seeds: &Seeds, format: Format, input: &[u8], dir: &Path) -> crate::Result<()> {
    let ws = dir.join("ws");
    let folder = ws.join("candidates").join(CANDIDATE);
    std::fs::create_dir_all(&folder).map_err(|err| crate::Error::write(&folder, err))?;
    std::fs::create_dir_all(ws.join("banks")).map_err(|err| crate::Error::write(&ws, err))?;
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|err| crate::Error::write(path, err))
    };
    let plan_path = folder.join(format!("plan-{PLAN_ID}.toml"));
    let card_path = folder.join(format!("scorecard-{CARD_ID}.toml"));
    let other_path = folder.join(format!("scorecard-{OTHER_CARD_ID}.toml"));
    let fuzzed_bank = ws.join("banks").join("fuzz.toml");
    let template = dir.join("fuzz.md.j2");
    write(&plan_path, seeds.plan.as_bytes())?;
    write(&other_path, seeds.submitted.as_bytes())?;
    match format {
        Format::Bank => write(&fuzzed_bank, input)?,
        Format::Plan => write(&plan_path, input)?,
        Format::Scorecard => write(&card_path, input)?,
        Format::Settings => write(&ws.join(crate::workspace::SETTINGS_FILE), input)?,
        Format::Template => write(&template, input)?,
    }
    let ws_arg = ws.display().to_string();
    let bank_arg = fuzzed_bank.display().to_string();
    let template_arg = template.display().to_string();
    let xlsx_arg = dir.join("out.xlsx").display().to_string();
    let html_arg = dir.join("out.html").display().to_string();
    let commands: Vec<Vec<&str>> = match format {
        Format::Bank => vec![
            vec!["bank", "check", &bank_arg],
            vec!["bank", "list", "--format", "json"],
            vec!["bank", "show", "--bank", &bank_arg],
            vec!["bank", "show", "--bank", &bank_arg, "--format", "markdown"],
            vec!["bank", "show", "--bank", &bank_arg, "--format", "json"],
            vec![
                "plan",
                "new",
                "--candidate",
                "Fuzz",
                "--bank",
                &bank_arg,
                "--per-category",
                "1",
                "--seed",
                "1",
            ],
            vec![
                "plan",
                "new",
                "--candidate",
                "Fuzz",
                "--bank",
                &bank_arg,
                "--round",
                "phone-screen",
                "--format",
                "markdown",
            ],
        ],
        Format::Plan => vec![
            vec!["plan", "show", PLAN_ID],
            vec!["plan", "show", PLAN_ID, "--format", "markdown"],
            vec!["plan", "show", PLAN_ID, "--format", "json"],
            vec!["plan", "show", PLAN_ID, "--format", "toml"],
            vec!["plan", "list", "--format", "json"],
            vec!["questions", "--include-pending", "--format", "json"],
            vec!["start", PLAN_ID, "--interviewer", "Fuzz"],
        ],
        Format::Scorecard => vec![
            vec!["show", CARD_ID],
            vec!["show", CARD_ID, "--format", "markdown"],
            vec!["show", CARD_ID, "--format", "json"],
            vec!["show", CARD_ID, "--format", "toml"],
            vec!["list", "--format", "json"],
            vec!["compare", "--include-pending"],
            vec!["compare", "--format", "json", "--normalize"],
            vec!["compare", "--format", "csv"],
            vec!["calibrate", "--format", "json"],
            vec!["calibrate", "--resamples", "20"],
            vec!["compare", "--model", "--format", "json"],
            vec!["questions"],
            vec!["questions", "--format", "csv"],
            vec!["export", "xlsx", "--out", &xlsx_arg],
            vec!["export", "html", "--out", &html_arg],
            vec!["export", "csv"],
            vec!["export", "csv", "--shape", "summary", "--excel"],
            vec!["export", "markdown"],
            vec!["export", "markdown", "--anonymize"],
            vec!["rate", CARD_ID, "1", "--score", "2", "--seconds", "86400"],
            vec![
                "submit",
                CARD_ID,
                "--recommendation",
                "no",
                "--allow-unrated",
            ],
            vec!["amend", CARD_ID, "1", "--score", "1", "--reason", "fuzz"],
        ],
        Format::Settings => vec![
            vec!["list"],
            vec!["bank", "list"],
            vec!["bank", "show"],
            vec!["plan", "new", "--candidate", "Fuzz", "--per-category", "1"],
            vec!["purge", "--expired", "--yes"],
        ],
        Format::Template => vec![
            vec!["plan", "show", PLAN_ID, "--template", &template_arg],
            vec!["export", "markdown", "--template", &template_arg],
            vec![
                "export",
                "html",
                "--template",
                &template_arg,
                "--out",
                &html_arg,
            ],
        ],
    };
    for args in commands {
        let mut all = vec!["--workspace", ws_arg.as_str()];
        all.extend(args);
        // Refusals are expected; what matters is how the command ends.
        let terminal = all.len() % 2 == 0;
        let _ = cli::run_in_process(
            &all,
            Output::to_writer(Box::new(std::io::sink()), terminal, terminal),
        );
    }
    Ok(())
}

/// The input each worker runs and since when.
type Running = Arc<Mutex<Vec<Option<(u64, Instant)>>>>;

/// What a campaign found.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub inputs: u64,
    pub panics: u64,
    pub hangs: u64,
    /// The first failures: (index, what happened).
    pub failures: Vec<(u64, String)>,
}

impl Report {
    #[must_use]
    pub fn summary(&self, format: Format) -> String {
        let mut text = format!(
            "{}: {} inputs, {} panics, {} hangs",
            format.name(),
            self.inputs,
            self.panics,
            self.hangs
        );
        for (index, what) in &self.failures {
            let _ = write!(text, "\n  input {index}: {what}");
        }
        text
    }
}

/// Runs inputs `from..from + count` of `format` on `threads` threads. An input that takes longer
/// than `bound` is a hang: it is reported as one and the process ends (a thread cannot be
/// stopped), with the input saved to `hang_file` for reproduction.
#[must_use]
pub fn campaign(
    format: Format,
    from: u64,
    count: u64,
    threads: usize,
    bound: Duration,
    hang_file: &Path,
) -> Report {
    let seeds = Arc::new(Seeds::new());
    let next = Arc::new(AtomicU64::new(from));
    let report = Arc::new(Mutex::new(Report::default()));
    let running: Running = Arc::new(Mutex::new(vec![None; threads.max(1)]));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let (running, done, seeds, hang_file) = (
            Arc::clone(&running),
            Arc::clone(&done),
            Arc::clone(&seeds),
            hang_file.to_owned(),
        );
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let slow = running.lock().ok().and_then(|r| {
                    r.iter()
                        .flatten()
                        .find(|(_, t)| t.elapsed() > bound)
                        .copied()
                });
                if let Some((index, _)) = slow {
                    let _ = std::fs::write(&hang_file, input(&seeds, format, index));
                    return Some(index);
                }
            }
            None
        })
    };
    std::thread::scope(|scope| {
        for worker in 0..threads.max(1) {
            let (seeds, next, report, running, done) = (&seeds, &next, &report, &running, &done);
            scope.spawn(move || {
                loop {
                    if done.load(Ordering::Relaxed) {
                        return;
                    }
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= from + count {
                        return;
                    }
                    let bytes = input(seeds, format, index);
                    if let Ok(mut r) = running.lock() {
                        r[worker] = Some((index, Instant::now()));
                    }
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let dir = tempfile::tempdir()
                            .map_err(|err| crate::Error::write(Path::new("<temp>"), err))?;
                        run_one(seeds, format, &bytes, dir.path())
                    }));
                    if let Ok(mut r) = running.lock() {
                        r[worker] = None;
                    }
                    if let Ok(mut r) = report.lock() {
                        r.inputs += 1;
                        if let Err(panic) = outcome {
                            r.panics += 1;
                            if r.failures.len() < 20 {
                                r.failures
                                    .push((index, format!("panic: {}", panic_message(&*panic))));
                            }
                        }
                    }
                }
            });
        }
        // The watchdog ends the campaign on a hang; the stuck thread is abandoned with the
        // process.
        loop {
            std::thread::sleep(Duration::from_millis(100));
            if watchdog.is_finished() {
                break;
            }
            if next.load(Ordering::Relaxed) >= from + count
                && running.lock().is_ok_and(|r| r.iter().all(Option::is_none))
            {
                break;
            }
        }
        done.store(true, Ordering::Relaxed);
        if watchdog.is_finished() {
            // A stuck worker never returns: report now, without waiting for the scope.
            let mut r = report.lock().map(|r| r.clone()).unwrap_or_default();
            r.hangs += 1;
            if let Some((index, _)) = running
                .lock()
                .ok()
                .and_then(|r| r.iter().flatten().next().copied())
            {
                r.failures.push((index, format!("hang: over {bound:?}")));
            }
            hang_exit(&r, format);
        }
    });
    let _ = watchdog.join();
    report.lock().map(|r| r.clone()).unwrap_or_default()
}

/// Ends the process after a hang, with the report (a hung thread cannot be joined).
fn hang_exit(report: &Report, format: Format) -> ! {
    #[allow(clippy::print_stdout)]
    {
        println!("{}", report.summary(format));
    }
    std::process::exit(3)
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests;
