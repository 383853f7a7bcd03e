//! Plans and scorecards made by running the binary, as a user would (`plan new`, `start`, `rate`,
//! `skip`, `submit`): for tests where the clock and the picks do not matter.

use super::Env;

/// The round most panel tests plan: two `async` questions and one `security` one, seed 7.
pub const PANEL_ROUND: [&str; 6] = ["--pick", "async=2", "--pick", "security=1", "--seed", "7"];

/// A round of two `async` questions, seed 7.
pub const ASYNC_ROUND: [&str; 4] = ["--pick", "async=2", "--seed", "7"];

/// `scorecard plan new --candidate NAME ARGS... --quiet`: the plan id.
pub fn plan_new(env: &Env, candidate: &str, args: &[&str]) -> String {
    let mut all = vec!["plan", "new", "--candidate", candidate];
    all.extend_from_slice(args);
    all.push("--quiet");
    env.ok(&all).trim().to_owned()
}

/// A plan of [`PANEL_ROUND`] for `candidate` in `role`, with `extra` flags: the plan id.
pub fn panel_plan(env: &Env, candidate: &str, role: &str, extra: &[&str]) -> String {
    let mut args = vec!["--role", role];
    args.extend_from_slice(&PANEL_ROUND);
    args.extend_from_slice(extra);
    plan_new(env, candidate, &args)
}

/// `scorecard start PLAN --interviewer NAME --quiet`: the scorecard id.
pub fn start(env: &Env, plan: &str, interviewer: &str) -> String {
    env.ok(&["start", plan, "--interviewer", interviewer, "--quiet"])
        .trim()
        .to_owned()
}

/// Rates (a score) or skips (`None`) questions 1, 2, ... of a draft, in order.
pub fn rate_in_order<S: Into<Option<i64>> + Copy>(env: &Env, card: &str, scores: &[S]) {
    for (i, score) in scores.iter().enumerate() {
        let number = (i + 1).to_string();
        match (*score).into() {
            Some(score) => env.ok(&["rate", card, &number, "--score", &score.to_string()]),
            None => env.ok(&["skip", card, &number]),
        };
    }
}

/// `scorecard rate CARD NUMBER --score N --notes=TEXT` (question `number` counts from 1).
pub fn rate(env: &Env, card: &str, number: usize, score: i64, notes: &str) {
    env.ok(&[
        "rate",
        card,
        &number.to_string(),
        "--score",
        &score.to_string(),
        &format!("--notes={notes}"),
    ]);
}

/// Starts `interviewer`'s scorecard on `plan` and rates it in order ([`rate_in_order`]): the
/// draft's id.
pub fn draft<S: Into<Option<i64>> + Copy>(
    env: &Env,
    plan: &str,
    interviewer: &str,
    scores: &[S],
) -> String {
    let card = start(env, plan, interviewer);
    rate_in_order(env, &card, scores);
    card
}

/// `scorecard submit CARD --recommendation R`.
pub fn submit(env: &Env, card: &str, recommendation: &str) {
    env.ok(&["submit", card, "--recommendation", recommendation]);
}

/// A [`draft`], then submitted with `recommendation`: the scorecard id.
pub fn submitted<S: Into<Option<i64>> + Copy>(
    env: &Env,
    plan: &str,
    interviewer: &str,
    scores: &[S],
    recommendation: &str,
) -> String {
    let card = draft(env, plan, interviewer, scores);
    submit(env, &card, recommendation);
    card
}

/// A whole interview: `interviewer` starts a scorecard on `plan`, rates questions 1, 2, ... with
/// a score and notes each, and submits with `recommendation` and a summary (none when empty).
/// Returns the scorecard id.
pub fn interview(
    env: &Env,
    plan: &str,
    interviewer: &str,
    ratings: &[(i64, &str)],
    recommendation: &str,
    summary: &str,
) -> String {
    let card = start(env, plan, interviewer);
    for (i, (score, notes)) in ratings.iter().enumerate() {
        rate(env, &card, i + 1, *score, notes);
    }
    let mut submit = vec!["submit", &card, "--recommendation", recommendation];
    if !summary.is_empty() {
        submit.extend(["--summary", summary]);
    }
    env.ok(&submit);
    card
}
