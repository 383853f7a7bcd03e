//! The question screen: the kit with its checklist, and the score and notes box.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Theme, fit, hanging, score_text, visible_scroll};
use crate::bank::Question;
use crate::interview::model::{Editing, Model};
use crate::interview::text::{clean, prompt_lines, width, wrap};

/// A list the interviewer ticks (expected points, red flags): its items, the 1-based numbers
/// ticked, the mark a ticked item shows, and the cursor position of its first item (the two lists
/// share one cursor).
struct Checklist<'a> {
    items: &'a [String],
    marked: &'a [usize],
    mark: &'static str,
    first: usize,
}

impl Checklist<'_> {
    /// Appends the items to `lines`, highlighting the one under `cursor` and recording its line
    /// in `cursor_line`.
    fn draw(
        &self,
        lines: &mut Vec<Line<'static>>,
        (cursor, cursor_line): (usize, &mut usize),
        columns: usize,
        theme: Theme,
    ) {
        for (i, item) in self.items.iter().enumerate() {
            let mark = if self.marked.contains(&(i + 1)) {
                self.mark
            } else {
                "[ ]"
            };
            let selected = cursor == self.first + i;
            if selected {
                *cursor_line = lines.len();
            }
            let style = if selected {
                theme.selected()
            } else {
                Style::new()
            };
            lines.extend(hanging(item, &format!("  {mark} "), columns, style));
        }
    }
}

/// The kit of the current question, and the line the checklist cursor is on.
fn kit_lines(
    model: &Model,
    question: &Question,
    columns: usize,
    theme: Theme,
) -> (Vec<Line<'static>>, usize) {
    let answer = &model.card.answers[model.current];
    let level = question
        .level
        .map(|l| format!(" · {}", l.as_str()))
        .unwrap_or_default();
    let mut lines: Vec<Line> = vec![Line::styled(
        fit(
            &format!(
                "{} · {} · {} min{level}",
                model.plan.category_title(&question.category),
                question.id,
                question.minutes
            ),
            columns,
        ),
        theme.fg(Color::Cyan).add_modifier(Modifier::BOLD),
    )];
    lines.extend(
        prompt_lines(&question.prompt, columns)
            .into_iter()
            .map(|(line, code)| {
                if code {
                    Line::styled(format!("  {line}"), theme.code())
                } else {
                    Line::styled(line, theme.bold())
                }
            }),
    );
    let mut cursor_line = 0;
    if !question.expected.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "Strong answer covers ({}/{} ticked)",
                answer.covered.len(),
                question.expected.len()
            ),
            theme.fg(Color::Green).add_modifier(Modifier::BOLD),
        ));
        let marks = Checklist {
            items: &question.expected,
            marked: &answer.covered,
            mark: "[x]",
            first: 0,
        };
        marks.draw(&mut lines, (model.cursor, &mut cursor_line), columns, theme);
    }
    if !question.follow_ups.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Follow-ups", theme.bold()));
        for item in &question.follow_ups {
            lines.extend(hanging(item, "  - ", columns, Style::new()));
        }
    }
    if !question.red_flags.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Red flags ({} observed)", answer.flags.len()),
            theme.fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
        let flags = Checklist {
            items: &question.red_flags,
            marked: &answer.flags,
            mark: "[!]",
            first: question.expected.len(),
        };
        flags.draw(&mut lines, (model.cursor, &mut cursor_line), columns, theme);
    }
    if !question.anchors.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("What each score looks like", theme.bold()));
        let scale = &model.card.scale;
        for (score, anchor) in (scale.min..=scale.max).zip(&question.anchors) {
            let label = scale.label(score).unwrap_or_default();
            let style = if answer.score == Some(score) {
                theme.selected()
            } else {
                Style::new()
            };
            lines.extend(hanging(
                &format!("{label}: {anchor}"),
                &format!("  {score} "),
                columns,
                style,
            ));
        }
    }
    (lines, cursor_line)
}

pub(super) fn draw_question(model: &Model, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(question) = model.question(model.current) else {
        let text = format!(
            "The plan no longer holds question `{}`; it can still be scored, skipped and noted.",
            model.card.answers[model.current].question
        );
        frame.render_widget(Paragraph::new(clean(&text)), area);
        return;
    };
    let columns = usize::from(area.width.saturating_sub(1));
    let (lines, cursor_line) = kit_lines(model, question, columns, theme);
    let cursor_line = model.follow_cursor.then_some(cursor_line);
    let scroll = visible_scroll(model.scroll, cursor_line, lines.len(), area.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

/// Rows of the score and notes box: its rule, the score, and one to four lines of notes.
pub(super) fn answer_height(model: &Model, columns: u16) -> u16 {
    let notes = &model.card.answers[model.current].notes;
    let lines = if notes.is_empty() {
        1
    } else {
        wrap(notes, usize::from(columns.saturating_sub(8))).len() + 1
    };
    2 + u16::try_from(lines.clamp(1, 4)).unwrap_or(4)
}

pub(super) fn draw_answer(model: &Model, frame: &mut Frame, area: Rect, theme: Theme) {
    let answer = &model.card.answers[model.current];
    let editing = model.editing == Editing::Notes;
    let title = if editing {
        " Notes: typing (Enter new line, Esc or Tab done) "
    } else {
        " Score and notes "
    };
    let block = Block::new().borders(Borders::TOP).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let scale = &model.card.scale;
    let levels: Vec<String> = scale
        .levels()
        .iter()
        .map(|l| format!("{} {}", l.score, l.label))
        .collect();
    // The anchor of the score given, else the scale: what the number means is always in view.
    let anchor = answer
        .score
        .and_then(|score| usize::try_from(score - scale.min).ok())
        .and_then(|i| model.question(model.current)?.anchors.get(i));
    let detail = match anchor {
        Some(anchor) => format!(": {anchor}"),
        None => format!("   scale {}", levels.join(" · ")),
    };
    let columns = usize::from(inner.width.saturating_sub(1));
    let score = fit(&score_text(model, answer), columns / 2);
    let mut lines = vec![Line::from(vec![
        Span::raw("Score: "),
        Span::styled(score.clone(), theme.bold()),
        Span::styled(
            fit(&clean(&detail), columns.saturating_sub(7 + width(&score))),
            theme.dim(),
        ),
    ])];
    let mut notes = if answer.notes.is_empty() && !editing {
        vec!["(none: n to type, e for $EDITOR)".to_owned()]
    } else {
        wrap(&answer.notes, columns.saturating_sub(7))
    };
    if editing && let Some(last) = notes.last_mut() {
        last.push('▏');
    }
    // The end of long notes is what is being typed: show the last lines that fit.
    let room = usize::from(inner.height.saturating_sub(1)).max(1);
    let skip = notes.len().saturating_sub(room);
    for (i, line) in notes.into_iter().skip(skip).enumerate() {
        let lead = if i == 0 { "Notes: " } else { "       " };
        lines.push(Line::raw(format!("{lead}{line}")));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
