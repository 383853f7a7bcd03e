//! The interview kit: a plan rendered for the interviewer, as terminal text or as Markdown (from the
//! `kit.md` template). The question block is shared with the live `interview` screen.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::output::{BOLD, CYAN, DIM, RED, paint, wrap};
use crate::bank::{Question, Scale, ScaleLevel};
use crate::error::Result;
use crate::interview::text::{count, prompt_lines};
use crate::plan::Plan;
use crate::template::Template;

const WIDTH: usize = 88;

/// The whole kit as terminal text.
#[must_use]
pub fn text(plan: &Plan, color: bool) -> String {
    let mut out = String::new();
    out.push_str(&paint(
        &format!("Interview kit: {} ({})", plan.candidate, plan.candidate_id),
        BOLD,
        color,
    ));
    out.push('\n');
    let _ = writeln!(
        out,
        "Role: {} | Round: {} | {}, {}{}",
        plan.role,
        plan.round.as_deref().unwrap_or("custom"),
        count(plan.questions.len() as u64, "question"),
        count(u64::from(plan.total_minutes()), "minute"),
        plan.minutes
            .map(|m| format!(" (budget {m})"))
            .unwrap_or_default()
    );
    out.push_str(&paint(
        &format!(
            "Bank: {} {} | Plan {} | seed {}",
            plan.bank.id, plan.bank.version, plan.id, plan.seed
        ),
        DIM,
        color,
    ));
    out.push('\n');
    let _ = writeln!(out, "Scale: {}", plan.scale.describe());
    for (index, question) in plan.questions.iter().enumerate() {
        out.push('\n');
        out.push_str(&question_block(plan, index, question, color, WIDTH));
    }
    out
}

/// One question: position, category, prompt, expected points, follow-ups, red flags, anchors.
#[must_use]
pub fn question_block(
    plan: &Plan,
    index: usize,
    q: &Question,
    color: bool,
    width: usize,
) -> String {
    let mut out = String::new();
    let level = q
        .level
        .map(|l| format!(" | {}", l.as_str()))
        .unwrap_or_default();
    out.push_str(&paint(
        &format!(
            "{}/{} {} | {} min{level} | {}",
            index + 1,
            plan.questions.len(),
            plan.category_title(&q.category),
            q.minutes,
            q.id
        ),
        CYAN,
        color,
    ));
    out.push('\n');
    // Code in a prompt keeps its layout; prose is wrapped to the width.
    for (line, code) in prompt_lines(&q.prompt, width) {
        if code {
            out.push_str(&paint(&format!("    {line}"), CYAN, color));
        } else {
            out.push_str(&paint(&line, BOLD, color));
        }
        out.push('\n');
    }
    list(&mut out, "Strong answer covers", "[ ]", &q.expected, width);
    list(&mut out, "Follow-ups", "-", &q.follow_ups, width);
    if !q.red_flags.is_empty() {
        out.push_str(&paint("  Red flags", RED, color));
        out.push('\n');
        for item in &q.red_flags {
            let _ = writeln!(out, "    ! {}", wrap(item, width - 6, "      "));
        }
    }
    if !q.anchors.is_empty() {
        out.push_str("  What each score looks like\n");
        for (score, anchor) in (plan.scale.min..=plan.scale.max).zip(&q.anchors) {
            let label = plan.scale.label(score).unwrap_or_default();
            let line = format!("{score} {label}: {anchor}");
            let _ = writeln!(out, "    {}", wrap(&line, width - 4, "      "));
        }
    }
    out
}

fn list(out: &mut String, title: &str, bullet: &str, items: &[String], width: usize) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {title}");
    let indent = " ".repeat(5 + bullet.len());
    for item in items {
        let _ = writeln!(
            out,
            "    {bullet} {}",
            wrap(item, width - indent.len(), &indent)
        );
    }
}

/// A scale level with the anchor of one question, for templates.
#[derive(Serialize)]
struct Level<'a> {
    #[serde(flatten)]
    level: ScaleLevel,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor: Option<&'a str>,
}

fn levels<'a>(scale: &Scale, anchors: &'a [String]) -> Vec<Level<'a>> {
    scale
        .levels()
        .into_iter()
        .enumerate()
        .map(|(i, level)| Level {
            level,
            anchor: anchors.get(i).map(String::as_str),
        })
        .collect()
}

#[derive(Serialize)]
struct KitQuestion<'a> {
    number: usize,
    category_title: String,
    #[serde(flatten)]
    question: &'a Question,
    scale: Vec<Level<'a>>,
}

/// What the kit template sees; the README lists these variables.
#[derive(Serialize)]
struct KitContext<'a> {
    plan: &'a Plan,
    round: String,
    total_minutes: u32,
    scale: Vec<Level<'a>>,
    questions: Vec<KitQuestion<'a>>,
}

/// The kit as Markdown, from `template` or the built-in `kit.md`.
pub fn markdown(plan: &Plan, template: Option<&Path>) -> Result<String> {
    let context = KitContext {
        plan,
        round: plan.round.clone().unwrap_or_else(|| "custom".to_owned()),
        total_minutes: plan.total_minutes(),
        scale: levels(&plan.scale, &[]),
        questions: plan
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| KitQuestion {
                number: i + 1,
                category_title: plan.category_title(&q.category),
                question: q,
                scale: levels(&plan.scale, &q.anchors),
            })
            .collect(),
    };
    Template::load(template, "kit.md")?.render(&context)
}
