//! `scorecard check`: every plan and scorecard of the workspace read as the other commands read
//! them, and each scorecard held against its plan (the one thing no other command does, since
//! `compare` and the exports never read plans). Pure checks here; reading files in
//! [`check_workspace`].

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::error::Result;
use crate::plan::{self, Plan};
use crate::scorecard::{Scorecard, store};
use crate::workspace::{self, Kind, Workspace, misnamed_folder};

/// What was read, and what is wrong.
#[derive(Debug, Default)]
pub struct Audit {
    pub candidates: usize,
    pub plans: usize,
    pub scorecards: usize,
    /// Each naming its file, in folder order, then file order.
    pub problems: Vec<String>,
}

/// Where a scorecard departs from the plan it was started on: another candidate, scale, bank or
/// role; an answer to a question the plan does not hold, or in another category; a checklist
/// mark past the question's expected points or red flags.
#[must_use]
pub fn against_plan(card: &Scorecard, plan: &Plan) -> Vec<String> {
    let mut problems = Vec::new();
    if card.candidate.trim() != plan.candidate.trim() {
        problems.push(format!(
            "its candidate is `{}` but its plan's is `{}`",
            card.candidate, plan.candidate
        ));
    }
    if card.role.trim() != plan.role.trim() {
        problems.push(format!(
            "its role is `{}` but its plan's is `{}`",
            card.role, plan.role
        ));
    }
    if !card.bank.is_empty() && card.bank != plan.bank.id {
        problems.push(format!(
            "its bank is `{}` but its plan's is `{}`",
            card.bank, plan.bank.id
        ));
    }
    if (card.scale.min, card.scale.max) != (plan.scale.min, plan.scale.max) {
        problems.push(format!(
            "its scale is {} to {} but its plan's is {} to {}",
            card.scale.min, card.scale.max, plan.scale.min, plan.scale.max
        ));
    }
    let planned: HashMap<&str, &crate::bank::Question> =
        plan.questions.iter().map(|q| (q.id.as_str(), q)).collect();
    for answer in &card.answers {
        let Some(question) = planned.get(answer.question.as_str()) else {
            problems.push(format!(
                "it answers `{}`, which its plan does not hold",
                answer.question
            ));
            continue;
        };
        if answer.category != question.category {
            problems.push(format!(
                "its answer to `{}` is in category `{}` but the plan puts the question in `{}`",
                answer.question, answer.category, question.category
            ));
        }
        for (field, marks, listed) in [
            ("covered", &answer.covered, question.expected.len()),
            ("flags", &answer.flags, question.red_flags.len()),
        ] {
            if let Some(past) = marks.iter().find(|&&m| m > listed) {
                problems.push(format!(
                    "its answer to `{}` marks {field} {past}, but the question lists {listed}",
                    answer.question
                ));
            }
        }
    }
    problems
}

/// Reads every candidate folder (in parallel) and checks each file and each scorecard against
/// its plan. Problems are collected, not stopped at: the point is to list them all.
pub fn check_workspace(workspace: &Workspace) -> Result<Audit> {
    let (folders, misnamed) = workspace.all_candidate_dirs()?;
    let mut audit = Audit {
        candidates: folders.len(),
        problems: misnamed
            .iter()
            .map(|dir| misnamed_folder(dir).to_string())
            .collect(),
        ..Audit::default()
    };
    let per_folder: Vec<Result<(usize, usize, Vec<String>)>> = folders
        .par_iter()
        .map(|(_, dir)| check_folder(dir))
        .collect();
    for folder in per_folder {
        let (plans, scorecards, problems) = folder?;
        audit.plans += plans;
        audit.scorecards += scorecards;
        audit.problems.extend(problems);
    }
    Ok(audit)
}

/// One candidate folder: its plans, its scorecards, and each scorecard against its plan.
fn check_folder(dir: &Path) -> Result<(usize, usize, Vec<String>)> {
    let mut problems = Vec::new();
    let plan_paths = workspace::kind_files(dir, Kind::Plan)?;
    let mut plans = HashMap::new();
    for path in &plan_paths {
        match plan::store::load(path) {
            Ok(plan) => {
                plans.insert(plan.id, plan);
            }
            Err(err) => problems.push(err.to_string()),
        }
    }
    // A plan that is there but does not parse is reported above, not as missing.
    let plan_files: HashSet<&str> = plan_paths
        .iter()
        .filter_map(|path| Kind::Plan.id_of(path))
        .collect();
    let card_paths = workspace::kind_files(dir, Kind::Scorecard)?;
    let (mut paths, mut cards) = (Vec::new(), Vec::new());
    for path in &card_paths {
        match store::load(path) {
            Ok(card) => {
                paths.push(path.clone());
                cards.push(card);
            }
            Err(err) => problems.push(err.to_string()),
        }
    }
    for (path, card) in paths.iter().zip(&cards) {
        match plans.get(&card.plan) {
            Some(plan) => problems.extend(
                against_plan(card, plan)
                    .into_iter()
                    .map(|problem| format!("{}: {problem}", path.display())),
            ),
            None if !plan_files.contains(card.plan.hyphenated().to_string().as_str()) => {
                problems.push(format!(
                    "{}: its plan {} is not in the candidate's folder",
                    path.display(),
                    card.plan
                ));
            }
            None => {}
        }
    }
    if let Err(err) = store::one_per_interviewer(&paths, &cards) {
        problems.push(err.to_string());
    }
    Ok((plan_paths.len(), card_paths.len(), problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::tests::plan;

    #[test]
    fn a_scorecard_started_on_its_plan_agrees_with_it() {
        let plan = plan();
        let card = Scorecard::start(&plan, "Grace", crate::timestamp::Timestamp::now());
        assert_eq!(against_plan(&card, &plan), Vec::<String>::new());
    }

    #[test]
    fn departures_from_the_plan_are_each_named() {
        let plan = plan();
        let mut card = Scorecard::start(&plan, "Grace", crate::timestamp::Timestamp::now());
        card.candidate = "Mallory".into();
        card.scale.max += 1;
        card.answers[0].question = "not-planned".into();
        card.answers[1].category = "elsewhere".into();
        card.answers[2].covered = vec![1, 99];
        let problems = against_plan(&card, &plan);
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].contains("`Mallory` but its plan's is"));
        assert!(problems[1].starts_with("its scale is"));
        assert!(problems[2].contains("which its plan does not hold"));
        assert!(problems[3].contains("in category `elsewhere`"));
        assert!(problems[4].contains("marks covered 99"));
    }
}
