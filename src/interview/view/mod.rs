//! Draws the interview screen from the model and nothing else: header with clocks, the kit with
//! its checklist, the score and notes, the key bar, and the overview, review and help screens.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

mod lists;
mod question;

use lists::{draw_overview, draw_review};
use question::{answer_height, draw_answer, draw_question};

use super::model::{Editing, Model, Screen};
use super::text::{clean, clock, count, pad, width, wrap};
use crate::scorecard::Answer;

/// The smallest terminal the full screen is drawn on; smaller ones get the line prompts.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Colours, or none (`NO_COLOR`, or a terminal without them): emphasis then rests on bold and
/// reversed text alone.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

// Every style comes from the theme, so a screen is restyled in one place.
#[allow(clippy::unused_self)]
impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }
    fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    fn warn(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    fn code(self) -> Style {
        self.fg(Color::Cyan)
    }
    fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}

/// Draws the whole screen.
pub fn view(model: &Model, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "The terminal is {}x{}; the interview screen needs {MIN_WIDTH}x{MIN_HEIGHT}. \
             Enlarge it, or press q to save and leave, then run with --plain.",
            area.width, area.height
        );
        let lines: Vec<Line> = wrap(&text, usize::from(area.width.max(1)))
            .into_iter()
            .map(Line::from)
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    // Rows from the top and the bottom; the kit takes what is left.
    let answer_rows = if model.screen == Screen::Question {
        answer_height(model, area.width)
    } else {
        0
    };
    let row = |y: u16, height: u16| Rect {
        x: area.x,
        y: area.y + y,
        width: area.width,
        height,
    };
    let header = row(0, 2);
    let keys = row(area.height - 1, 1);
    let status = row(area.height - 2, 1);
    let answer = row(area.height - 2 - answer_rows, answer_rows);
    let body = row(2, area.height - 4 - answer_rows);
    draw_header(model, frame, header, theme);
    match model.screen {
        Screen::Question => {
            draw_question(model, frame, body, theme);
            draw_answer(model, frame, answer, theme);
        }
        Screen::Overview => draw_overview(model, frame, body, theme),
        Screen::Review => draw_review(model, frame, body, theme),
    }
    let message = match &model.editing {
        Editing::Jump(typed) => format!("Go to question (1-{}): {typed}", model.card.answers.len()),
        _ if model.confirm => {
            "Submit now? A submitted scorecard can only be amended, with a reason. y submit, n keep the draft"
                .to_owned()
        }
        _ => model.status.clone(),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&message, usize::from(area.width)),
            theme.fg(Color::Yellow),
        )),
        status,
    );
    frame.render_widget(
        Paragraph::new(Line::styled(key_bar(model), theme.selected())),
        keys,
    );
    if model.help {
        draw_help(frame, area, theme);
    }
}

fn draw_header(model: &Model, frame: &mut Frame, area: Rect, theme: Theme) {
    let total = model.card.answers.len();
    let position = match model.screen {
        Screen::Question => format!("Question {}/{total}", model.current + 1),
        Screen::Overview => format!("Overview of {}", count(total as u64, "question")),
        Screen::Review => "Review and submit".to_owned(),
    };
    // Position first: when a long name does not fit, the name is cut, not the position.
    let left = clean(&format!(
        "{position} · {} · {}",
        model.card.candidate,
        model.card.round.as_deref().unwrap_or("custom round")
    ));
    let (q_spent, q_budget) = (model.question_seconds(), model.question_budget());
    let (r_spent, r_budget) = (model.round_seconds(), model.round_budget());
    let clock_style = |spent: u64, budget: u64| {
        if spent > budget {
            theme.warn()
        } else {
            theme.bold()
        }
    };
    let right = vec![
        Span::raw("question "),
        Span::styled(
            format!("{}/{}", clock(q_spent), clock(q_budget)),
            clock_style(q_spent, q_budget),
        ),
        Span::raw("  round "),
        Span::styled(
            format!("{}/{}", clock(r_spent), clock(r_budget)),
            clock_style(r_spent, r_budget),
        ),
    ];
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = usize::from(area.width).saturating_sub(right_width + 1);
    let mut first = vec![Span::styled(pad(&fit(&left, room), room + 1), theme.bold())];
    first.extend(right);

    let ids_room = usize::from(area.width).saturating_sub(18);
    let id_len = (ids_room / 2).clamp(13, 36);
    let second = clean(&format!(
        "plan {} · scorecard {}",
        prefix(&model.plan.id.to_string(), id_len),
        prefix(&model.card.id.to_string(), id_len)
    ));
    let lines = vec![
        Line::from(first),
        Line::styled(fit(&second, usize::from(area.width)), theme.dim()),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// The first `len` characters of an id: 13 keep a UUID v7's whole millisecond timestamp, which
/// is what tells two ids apart in practice, and any prefix is accepted where an id is.
fn prefix(id: &str, len: usize) -> &str {
    id.get(..len).unwrap_or(id)
}

/// `text` on one line (line breaks become spaces, control characters `�`), cut to `columns`
/// display columns, with `…` when cut.
fn fit(text: &str, columns: usize) -> String {
    let text = &clean(text).replace('\n', " ");
    if width(text) <= columns {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if width(&out) + width(c.encode_utf8(&mut [0; 4])) + 1 > columns {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Wrapped `text` as lines: `first` before its first line, `indent` before the rest.
fn hanging(text: &str, first: &str, columns: usize, style: Style) -> Vec<Line<'static>> {
    let indent = " ".repeat(width(first));
    wrap(text, columns.saturating_sub(width(first)).max(10))
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let lead = if i == 0 {
                first.to_owned()
            } else {
                indent.clone()
            };
            Line::styled(format!("{lead}{line}"), style)
        })
        .collect()
}

/// The scroll offset that shows the line of the cursor (when there is one to follow) and never
/// scrolls past the end.
fn visible_scroll(wanted: u16, cursor_line: Option<usize>, total: usize, height: u16) -> u16 {
    let height = usize::from(height.max(1));
    let max = total.saturating_sub(height);
    let mut scroll = usize::from(wanted).min(max);
    let Some(cursor_line) = cursor_line else {
        return u16::try_from(scroll).unwrap_or(u16::MAX);
    };
    if cursor_line < scroll {
        scroll = cursor_line;
    } else if cursor_line >= scroll + height {
        scroll = cursor_line + 1 - height;
    }
    u16::try_from(scroll).unwrap_or(u16::MAX)
}

fn score_text(model: &Model, answer: &Answer) -> String {
    let scale = &model.card.scale;
    match (answer.score, answer.skipped) {
        (Some(score), _) => format!("{score} {}", scale.label(score).unwrap_or_default()),
        (None, true) => "skipped".to_owned(),
        (None, false) => "not rated".to_owned(),
    }
}

/// The keys that matter on the screen shown.
fn key_bar(model: &Model) -> String {
    let scale = &model.card.scale;
    match (&model.editing, model.screen) {
        (Editing::Notes | Editing::Summary, _) => {
            " typing: Enter new line · Backspace · Esc/Tab done · Ctrl-C save and leave".to_owned()
        }
        (Editing::Jump(_), _) => " type a number · Enter go · Esc cancel".to_owned(),
        // Within 80 columns; the rest is in `?`.
        (_, Screen::Question) => format!(
            " {}-{} score  s skip  ␣ tick  n notes  ←→ move  o list  r review  ? help  q quit",
            scale.min, scale.max
        ),
        (_, Screen::Overview) => {
            " ↑↓ choose  Enter open  Esc back  r review  ? help  q quit".to_owned()
        }
        (_, Screen::Review) => {
            " 1-4 recommendation  w summary  Enter submit  ← back  o list  ? help  q quit"
                .to_owned()
        }
    }
}

/// Every key, for `?`.
pub const HELP: &[(&str, &str)] = &[
    ("digits, + -", "score on the scale (+ and - step it)"),
    ("s", "skip the question (it counts nowhere)"),
    ("↑ ↓ or k j", "move in the checklist"),
    (
        "␣ (space), x, Enter",
        "tick an expected point, mark a red flag",
    ),
    ("n", "type notes (Enter new line, Esc or Tab done)"),
    ("e", "notes (or the summary) in $EDITOR"),
    ("→ Tab l / ← S-Tab h", "next / previous question"),
    ("g", "go to a question by number"),
    ("o", "overview of every question and its state"),
    ("r", "review: means, skipped, recommendation, summary"),
    (
        "1-4, w (review)",
        "pick the recommendation, type the summary",
    ),
    ("Enter (review)", "submit, after y to confirm"),
    ("PgUp PgDn", "scroll a long kit"),
    (
        "q, Ctrl-C",
        "save everything and leave; run again to resume",
    ),
    ("?", "this help (any key closes it)"),
];

fn draw_help(frame: &mut Frame, area: Rect, theme: Theme) {
    let height = u16::try_from(HELP.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup_width = 72.min(area.width);
    let popup = Rect {
        x: area.x + (area.width - popup_width) / 2,
        y: area.y + (area.height - height) / 2,
        width: popup_width,
        height,
    };
    let mut lines: Vec<Line> = HELP
        .iter()
        .map(|(key, what)| Line::raw(format!(" {} {what}", pad(key, 21))))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Every change is saved within a second.",
        theme.dim(),
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys ")),
        popup,
    );
}

/// The text of a drawn screen, one line per row, wide characters once (for tests and captures).
#[must_use]
pub fn screen_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
