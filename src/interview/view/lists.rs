//! The overview of every question and the review before submitting.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, fit, hanging, score_text, visible_scroll};
use crate::interview::model::{Editing, Model};
use crate::interview::text::{clean, pad, wrap};
use crate::scorecard::{Answer, Recommendation};
use crate::stats::scores::card_scores;

/// One line per question: number, state, marks and notes, for the overview.
pub(super) fn draw_overview(model: &Model, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut lines = Vec::new();
    for (i, answer) in model.card.answers.iter().enumerate() {
        let state = score_text(model, answer);
        let marks = model.question(i).map_or_else(String::new, |q| {
            format!(
                "ticked {}/{}{}",
                answer.covered.len(),
                q.expected.len(),
                if answer.flags.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", {} red flag{}",
                        answer.flags.len(),
                        plural(answer.flags.len())
                    )
                }
            )
        });
        let text = format!(
            "{} {:>2}. {} {} {}{}",
            if i == model.overview { '>' } else { ' ' },
            i + 1,
            pad(&fit(&clean(&answer.question), 30), 30),
            pad(&fit(&clean(&state), 14), 14),
            marks,
            if answer.notes.is_empty() {
                ""
            } else {
                ", notes"
            }
        );
        let style = if i == model.overview {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(fit(&text, usize::from(area.width)), style));
    }
    let scroll = visible_scroll(0, Some(model.overview), lines.len(), area.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(super) fn draw_review(model: &Model, frame: &mut Frame, area: Rect, theme: Theme) {
    let card = &model.card;
    let scores = card_scores(card);
    let columns = usize::from(area.width.saturating_sub(1));
    let mut lines = vec![Line::styled("Category means", theme.bold())];
    for category in &card.categories {
        let rated = card
            .answers
            .iter()
            .filter(|a| a.category == category.id && a.score.is_some())
            .count();
        let title = if category.title.is_empty() {
            &category.id
        } else {
            &category.title
        };
        lines.push(Line::raw(format!(
            "  {} {:>5}  ({rated} rated)",
            pad(&fit(&clean(title), 40), 40),
            mean_text(scores.category(&category.id))
        )));
    }
    lines.push(Line::styled(
        format!("  {} {:>5}", pad("Overall", 40), mean_text(scores.overall)),
        theme.bold(),
    ));
    let listed = |pick: &dyn Fn(&Answer) -> bool| -> Vec<String> {
        card.answers
            .iter()
            .enumerate()
            .filter(|(_, a)| pick(a))
            .map(|(i, a)| format!("{} {}", i + 1, clean(&a.question)))
            .collect()
    };
    let skipped = listed(&|a| a.skipped);
    let open = listed(&Answer::is_open);
    lines.push(Line::raw(""));
    let none = || "none".to_owned();
    lines.extend(hanging(
        &if skipped.is_empty() {
            none()
        } else {
            skipped.join(", ")
        },
        "Skipped: ",
        columns,
        Style::new(),
    ));
    lines.extend(hanging(
        &if open.is_empty() {
            none()
        } else {
            format!("{} (recorded as skipped on submit)", open.join(", "))
        },
        "Unrated: ",
        columns,
        if open.is_empty() {
            Style::new()
        } else {
            theme.fg(Color::Yellow)
        },
    ));
    lines.push(Line::raw(""));
    let mut choice = vec![Span::styled("Recommendation: ", theme.bold())];
    for (i, rec) in Recommendation::ALL.iter().enumerate() {
        let style = if card.draft_recommendation == Some(*rec) {
            theme.selected().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        choice.push(Span::styled(format!("{} {rec}", i + 1), style));
        choice.push(Span::raw("  "));
    }
    lines.push(Line::from(choice));
    lines.push(Line::raw(""));
    let editing = model.editing == Editing::Summary;
    lines.push(Line::styled(
        if editing {
            "Summary for the panel: typing (Enter new line, Esc or Tab done)"
        } else {
            "Summary for the panel (w to type, e for $EDITOR)"
        },
        theme.bold(),
    ));
    let summary = card.summary.clone().unwrap_or_default();
    let mut summary_lines = wrap(&summary, columns.saturating_sub(2));
    if editing && let Some(last) = summary_lines.last_mut() {
        last.push('▏');
    }
    lines.extend(
        summary_lines
            .into_iter()
            .map(|l| Line::raw(format!("  {l}"))),
    );
    let total = lines.len();
    let scroll = visible_scroll(model.scroll, editing.then(|| total - 1), total, area.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

fn mean_text(mean: Option<f64>) -> String {
    mean.map_or_else(|| "-".to_owned(), |m| format!("{m:.2}"))
}
