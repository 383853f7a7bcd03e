//! The full-screen interview's terminal edge: raw mode and the alternate screen, keys and ticks
//! fed to [`interview::update`], drawing with [`interview::view`], saving through the same
//! locked, atomic write as `rate`, `$EDITOR`, and leaving the terminal as it was on every path
//! (panics included) before anything is printed.

use std::io::{Stdout, stdout};
use std::path::Path;
use std::sync::Once;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::error::{Error, Result};
use crate::interview::{self, Effect, Key, Message, Model, Theme};
use crate::scorecard::{Scorecard, store};
use crate::timestamp::Timestamp;

/// How long the loop waits for a key before it ticks the clocks and saves.
const TICK: Duration = Duration::from_millis(200);
/// The longest a change waits before it is saved. Saving at most this often keeps a fast typist
/// from rewriting the file on every key, while nothing typed is ever more than this old on disk.
const SAVE_EVERY: Duration = Duration::from_millis(500);

/// How the session ended.
pub enum Outcome {
    /// Left with `q` or Ctrl-C; everything typed is saved.
    Left(Box<Scorecard>),
    /// Submitted.
    Submitted(Box<Scorecard>),
}

fn terminal_error(err: std::io::Error) -> Error {
    Error::Write {
        path: "<terminal>".into(),
        source: err,
    }
}

/// Raw mode and the alternate screen, left again when dropped.
struct Screen {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Screen {
    fn enter() -> Result<Screen> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            // A panic must not leave the terminal raw and on the alternate screen: restore it
            // first, so the message is readable.
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                leave();
                previous(info);
            }));
        });
        enable_raw_mode().map_err(terminal_error)?;
        if let Err(err) = execute!(stdout(), EnterAlternateScreen) {
            leave();
            return Err(terminal_error(err));
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout())).map_err(|err| {
            leave();
            terminal_error(err)
        })?;
        Ok(Screen { terminal })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.terminal.show_cursor();
        leave();
    }
}

fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), LeaveAlternateScreen);
}

fn key(event: KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    Some(match event.code {
        KeyCode::Char('c') if ctrl => Key::Interrupt,
        // A line feed arrives as Ctrl-J in raw mode; some terminals send it for Enter.
        KeyCode::Char('j' | 'm') if ctrl => Key::Enter,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

fn save(model: &mut Model, path: &Path) -> Result<()> {
    store::modify(path, |file| interview::save_into(&model.card, file))?;
    model.dirty = false;
    Ok(())
}

/// Runs the screen until the interviewer leaves or submits. Every path out saves first.
pub fn run(mut model: Model, path: &Path, color: bool) -> Result<Outcome> {
    let theme = Theme { color };
    let mut screen = Screen::enter()?;
    let mut last_tick = Instant::now();
    let mut last_save = Instant::now();
    loop {
        screen
            .terminal
            .draw(|frame| interview::view(&model, frame, theme))
            .map_err(terminal_error)?;
        let mut effect = Effect::None;
        if event::poll(TICK).map_err(terminal_error)? {
            // Several keys may be waiting (typing, pasting): take them all before drawing.
            loop {
                if let Event::Key(event) = event::read().map_err(terminal_error)?
                    && let Some(key) = key(event)
                {
                    effect = interview::update(&mut model, Message::Key(key), Timestamp::now());
                    if effect != Effect::None {
                        break;
                    }
                }
                if !event::poll(Duration::ZERO).map_err(terminal_error)? {
                    break;
                }
            }
        }
        let now = Instant::now();
        interview::update(&mut model, Message::Tick(now - last_tick), Timestamp::now());
        last_tick = now;
        match effect {
            Effect::None => {}
            Effect::Quit => {
                save(&mut model, path)?;
                drop(screen);
                return Ok(Outcome::Left(Box::new(model.card)));
            }
            Effect::Submit => {
                drop(screen);
                return submit(&model, path);
            }
            Effect::EditNotes | Effect::EditSummary => {
                save(&mut model, path)?;
                drop(screen);
                let current = match effect {
                    Effect::EditNotes => model.card.answers[model.current].notes.clone(),
                    _ => model.card.summary.clone().unwrap_or_default(),
                };
                let edited = super::editor::edit(&current)?;
                if let Some(text) = edited {
                    interview::update::edited(&mut model, effect, &text);
                }
                // Time in the editor counts for the question on the next tick, as time on
                // the screen does.
                screen = Screen::enter()?;
            }
        }
        if model.dirty && last_save.elapsed() >= SAVE_EVERY {
            save(&mut model, path)?;
            last_save = Instant::now();
        }
    }
}

fn submit(model: &Model, path: &Path) -> Result<Outcome> {
    let recommendation = model
        .card
        .draft_recommendation
        .ok_or_else(|| Error::refused("no recommendation was picked"))?;
    let (saved, ()) = store::modify(path, |file| {
        interview::save_into(&model.card, file)?;
        let summary = file.summary.clone();
        file.submit(recommendation, summary.as_deref(), true, Timestamp::now())
    })?;
    Ok(Outcome::Submitted(Box::new(saved)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_the_terminal() {
        let press = |code, modifiers| key(KeyEvent::new(code, modifiers));
        assert_eq!(
            press(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Key::Interrupt)
        );
        // A line feed is Ctrl-J in raw mode: Enter, as the terminal meant it.
        assert_eq!(
            press(KeyCode::Char('j'), KeyModifiers::CONTROL),
            Some(Key::Enter)
        );
        assert_eq!(press(KeyCode::Char('x'), KeyModifiers::CONTROL), None);
        assert_eq!(
            press(KeyCode::Char('q'), KeyModifiers::NONE),
            Some(Key::Char('q'))
        );
        assert_eq!(
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Key::BackTab)
        );
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(key(release), None);
    }
}
