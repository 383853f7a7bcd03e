//! Keys and ticks in, new state and effects out. Pure: the terminal, the clock and the files are
//! the edge's business, so every key sequence is a unit test.

use std::time::Duration;

use super::model::{Editing, Model, Screen};
use crate::scorecard::Recommendation;
use crate::timestamp::Timestamp;

/// A key, as the screen understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// Ctrl-C: in raw mode it is a key, and it means "save and leave", as `q` does.
    Interrupt,
}

/// Something that happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Key(Key),
    /// Time passed on the screen.
    Tick(Duration),
}

/// What the edge must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond saving when `dirty`.
    None,
    /// Open `$EDITOR` on the current question's notes.
    EditNotes,
    /// Open `$EDITOR` on the summary.
    EditSummary,
    /// Submit with the draft recommendation and summary.
    Submit,
    /// Save everything and leave.
    Quit,
}

/// Lines one page key moves.
const PAGE: u16 = 8;

/// Applies `message` to `model`. `now` stamps `rated_at` on a score or skip.
pub fn update(model: &mut Model, message: Message, now: Timestamp) -> Effect {
    match message {
        Message::Tick(elapsed) => {
            tick(model, elapsed);
            Effect::None
        }
        Message::Key(key) => on_key(model, key, now),
    }
}

/// Counts time on the question shown; whole seconds go into its `seconds`, saturating.
fn tick(model: &mut Model, elapsed: Duration) {
    if model.screen != Screen::Question || model.card.answers.is_empty() {
        return;
    }
    model.carry = model.carry.saturating_add(elapsed);
    let whole = model.carry.as_secs();
    if whole == 0 {
        return;
    }
    model.carry -= Duration::from_secs(whole);
    let answer = &mut model.card.answers[model.current];
    answer.seconds = Some(answer.seconds.unwrap_or(0).saturating_add(whole));
    model.dirty = true;
}

fn on_key(model: &mut Model, key: Key, now: Timestamp) -> Effect {
    if key == Key::Interrupt {
        return Effect::Quit;
    }
    if model.help {
        // Any key closes the help; it is read, not acted upon.
        model.help = false;
        return Effect::None;
    }
    match model.editing.clone() {
        Editing::Notes | Editing::Summary => return type_text(model, key),
        Editing::Jump(typed) => {
            type_jump(model, key, typed);
            return Effect::None;
        }
        Editing::Nothing => {}
    }
    if model.confirm {
        return confirm(model, key);
    }
    model.status.clear();
    match key {
        Key::Char('q') => return Effect::Quit,
        Key::Char('?') => model.help = true,
        Key::Char('o') => {
            model.overview = model.current;
            model.screen = Screen::Overview;
        }
        Key::Char('r') => model.screen = Screen::Review,
        Key::Char('g') => model.editing = Editing::Jump(String::new()),
        Key::Tab | Key::Right | Key::Char('l') => next(model),
        Key::BackTab | Key::Left | Key::Char('h') => previous(model),
        Key::PageDown => {
            model.scroll = model.scroll.saturating_add(PAGE);
            model.follow_cursor = false;
        }
        Key::PageUp => {
            model.scroll = model.scroll.saturating_sub(PAGE);
            model.follow_cursor = false;
        }
        _ => {
            return match model.screen {
                Screen::Question => question_key(model, key, now),
                Screen::Overview => {
                    overview_key(model, key);
                    Effect::None
                }
                Screen::Review => review_key(model, key),
            };
        }
    }
    Effect::None
}

/// Puts a message on the status line.
fn say(model: &mut Model, text: &str) {
    text.clone_into(&mut model.status);
}

/// Shows question `index`.
pub fn go_to(model: &mut Model, index: usize) {
    if index >= model.card.answers.len() {
        return;
    }
    model.current = index;
    model.screen = Screen::Question;
    model.cursor = 0;
    model.scroll = 0;
    model.follow_cursor = true;
    model.carry = Duration::ZERO;
}

fn next(model: &mut Model) {
    match model.screen {
        Screen::Review => {}
        _ if model.current + 1 >= model.card.answers.len() => {
            model.screen = Screen::Review;
            model.scroll = 0;
        }
        _ => go_to(model, model.current + 1),
    }
}

fn previous(model: &mut Model) {
    match model.screen {
        Screen::Review => go_to(model, model.current),
        _ => go_to(model, model.current.saturating_sub(1)),
    }
}

fn question_key(model: &mut Model, key: Key, now: Timestamp) -> Effect {
    let id = model.card.answers[model.current].question.clone();
    match key {
        Key::Char(c @ '0'..='9') => {
            let score = i64::from(c.to_digit(10).unwrap_or(0));
            if model.card.rate(&id, score, None, None, now).is_ok() {
                model.dirty = true;
            } else {
                model.status = format!(
                    "{score} is not on the scale; scores run from {} to {}",
                    model.card.scale.min, model.card.scale.max
                );
            }
        }
        Key::Char(c @ ('+' | '-')) => {
            let scale = &model.card.scale;
            let current = model.card.answers[model.current].score;
            let score = match (current, c) {
                (None, '+') => scale.min,
                (None, _) => scale.max,
                (Some(s), '+') => (s + 1).min(scale.max),
                (Some(s), _) => (s - 1).max(scale.min),
            };
            if model.card.rate(&id, score, None, None, now).is_ok() {
                model.dirty = true;
            }
        }
        Key::Char('s') if model.card.skip(&id, None, None, now).is_ok() => {
            model.dirty = true;
            say(model, "skipped: it counts nowhere");
        }
        Key::Up | Key::Char('k') => {
            model.cursor = model.cursor.saturating_sub(1);
            model.follow_cursor = true;
        }
        Key::Down | Key::Char('j') => {
            model.cursor = (model.cursor + 1).min(model.checklist_len().saturating_sub(1));
            model.follow_cursor = true;
        }
        Key::Char(' ' | 'x') | Key::Enter => toggle(model),
        Key::Char('n') => model.editing = Editing::Notes,
        Key::Char('e') => return Effect::EditNotes,
        Key::Home => model.scroll = 0,
        _ => {}
    }
    Effect::None
}

/// Ticks or unticks the checklist line under the cursor.
fn toggle(model: &mut Model) {
    let Some(question) = model.question(model.current) else {
        return;
    };
    let expected = question.expected.len();
    let flags = question.red_flags.len();
    let cursor = model.cursor;
    let answer = &mut model.card.answers[model.current];
    let (marks, mark) = if cursor < expected {
        (&mut answer.covered, cursor + 1)
    } else if cursor < expected + flags {
        (&mut answer.flags, cursor - expected + 1)
    } else {
        return;
    };
    match marks.binary_search(&mark) {
        Ok(at) => {
            marks.remove(at);
        }
        Err(at) => marks.insert(at, mark),
    }
    model.dirty = true;
}

fn overview_key(model: &mut Model, key: Key) {
    let last = model.card.answers.len().saturating_sub(1);
    match key {
        Key::Up | Key::Char('k') => model.overview = model.overview.saturating_sub(1),
        Key::Down | Key::Char('j') => model.overview = (model.overview + 1).min(last),
        Key::Home => model.overview = 0,
        Key::End => model.overview = last,
        Key::Enter => go_to(model, model.overview),
        Key::Esc => model.screen = Screen::Question,
        _ => {}
    }
}

fn review_key(model: &mut Model, key: Key) -> Effect {
    match key {
        Key::Char(c @ '1'..='4') => {
            let index = c.to_digit(10).map_or(0, |d| d as usize - 1);
            model.card.draft_recommendation = Some(Recommendation::ALL[index]);
            model.dirty = true;
        }
        Key::Char('w') => model.editing = Editing::Summary,
        Key::Char('e') => return Effect::EditSummary,
        Key::Char('S') | Key::Enter => {
            if model.card.draft_recommendation.is_some() {
                model.confirm = true;
            } else {
                say(
                    model,
                    "pick a recommendation first: 1 strong-no, 2 no, 3 yes, 4 strong-yes",
                );
            }
        }
        Key::Esc => go_to(model, model.current),
        _ => {}
    }
    Effect::None
}

fn confirm(model: &mut Model, key: Key) -> Effect {
    model.confirm = false;
    match key {
        Key::Char('y' | 'Y') | Key::Enter => Effect::Submit,
        Key::Char('q') => Effect::Quit,
        _ => {
            say(
                model,
                "not submitted; the draft, summary and recommendation are saved",
            );
            Effect::None
        }
    }
}

/// Typing into notes or the summary: Enter is a new line, Esc or Tab ends the editing.
fn type_text(model: &mut Model, key: Key) -> Effect {
    let editing = model.editing.clone();
    let text = match editing {
        Editing::Notes => &mut model.card.answers[model.current].notes,
        _ => model.card.summary.get_or_insert_with(String::new),
    };
    match key {
        Key::Char(c) if !c.is_control() => text.push(c),
        Key::Enter => text.push('\n'),
        Key::Backspace => {
            text.pop();
        }
        Key::Esc | Key::Tab => {
            model.editing = Editing::Nothing;
            return Effect::None;
        }
        _ => return Effect::None,
    }
    model.dirty = true;
    Effect::None
}

/// Typing a question number after `g`; Enter goes there.
fn type_jump(model: &mut Model, key: Key, mut typed: String) {
    match key {
        Key::Char(c) if c.is_ascii_digit() && typed.len() < 6 => typed.push(c),
        Key::Backspace => {
            typed.pop();
        }
        Key::Enter => {
            model.editing = Editing::Nothing;
            match typed.parse::<usize>() {
                Ok(n) if (1..=model.card.answers.len()).contains(&n) => go_to(model, n - 1),
                _ => {
                    model.status = format!(
                        "no question {typed}; questions run from 1 to {}",
                        model.card.answers.len()
                    );
                }
            }
            return;
        }
        Key::Esc => {
            model.editing = Editing::Nothing;
            return;
        }
        _ => {}
    }
    model.editing = Editing::Jump(typed);
}

/// Text from `$EDITOR` replaces the notes or the summary (trailing blank lines dropped).
pub fn edited(model: &mut Model, effect: Effect, text: &str) {
    let text = text.trim_end().to_owned();
    match effect {
        Effect::EditNotes => model.card.answers[model.current].notes = text,
        Effect::EditSummary => model.card.summary = Some(text),
        _ => return,
    }
    model.dirty = true;
}
