//! Key sequences through `update`, and the screens drawn by `view` on ratatui's test backend.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use uuid::Uuid;

use super::model::{Editing, Model, Screen};
use super::update::{Effect, Key, Message, edited, update};
use super::view::{Theme, screen_text, view};
use crate::bank::{Level, Question};
use crate::plan::{Plan, PlanHeader};
use crate::scorecard::{Recommendation, Scorecard};
use crate::timestamp::Timestamp;

fn question(id: &str, category: &str, prompt: &str) -> Question {
    Question {
        id: id.to_owned(),
        category: category.to_owned(),
        prompt: prompt.to_owned(),
        level: Some(Level::Senior),
        minutes: 2,
        expected: vec![
            "Names the phases: timers, poll, check, close callbacks.".to_owned(),
            "Microtasks run after each callback, before the next phase.".to_owned(),
            "setImmediate runs in check, right after poll.".to_owned(),
        ],
        follow_ups: vec!["What changes inside an I/O callback?".to_owned()],
        red_flags: vec![
            "Thinks setTimeout(0) runs at once.".to_owned(),
            "Confuses \u{1b}[2Jthe terminal".to_owned(),
        ],
        anchors: vec![
            "Cannot order the calls.".to_owned(),
            "Orders them with help.".to_owned(),
            "Orders them and explains most phases.".to_owned(),
            "Explains every phase and the I/O exception.".to_owned(),
        ],
        tags: Vec::new(),
    }
}

const CODE_PROMPT: &str = "What does this print, and why?\n\n```js\nsetTimeout(() => console.log('timeout'), 0);\nsetImmediate(() => console.log('immediate'));\nprocess.nextTick(() => console.log('tick'));\n    Promise.resolve().then(() => console.log('promise'));\n```";

/// The built-in bank and a plan header for Ada's `round`.
fn bank_and_header(round: Option<&str>) -> (crate::bank::Bank, PlanHeader) {
    let bank = crate::bank::built_in(crate::bank::DEFAULT_BANK)
        .expect("built in")
        .expect("parses");
    let header = PlanHeader {
        candidate: "Ada Lovelace".to_owned(),
        candidate_id: "ada-lovelace".to_owned(),
        role: "Backend".to_owned(),
        round: round.map(str::to_owned),
        seed: 1,
        minutes: None,
    };
    (bank, header)
}

/// A plan of three questions (the first with code, the second in Chinese) and its draft.
fn model() -> Model {
    let (bank, header) = bank_and_header(Some("phone-screen"));
    let category = bank.categories[0].id.clone();
    let questions = vec![
        question("execution-order", &category, CODE_PROMPT),
        question(
            "事件循环",
            &category,
            "请解释 Node.js 事件循环的各个阶段，以及微任务队列在每个阶段之间何时被清空。为什么这对性能很重要？",
        ),
        question("third", &category, "A short one."),
    ];
    let mut plan = Plan::new(&bank, header, questions);
    plan.id = Uuid::from_u128(0x0193_7a2c_0000_7000_8000_0000_0000_0001);
    let mut card = Scorecard::start(&plan, "Grace Hopper", Timestamp::now());
    card.id = Uuid::from_u128(0x0193_7a2c_0000_7000_8000_0000_0000_0002);
    Model::new(plan, card).expect("a draft")
}

fn keys(model: &mut Model, keys: &[Key]) -> Vec<Effect> {
    keys.iter()
        .map(|&key| update(model, Message::Key(key), Timestamp::now()))
        .collect()
}

fn typed(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, Message::Key(Key::Char(c)), Timestamp::now());
    }
}

fn draw(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| view(model, frame, Theme { color: false }))
        .expect("drawn");
    screen_text(terminal.backend().buffer())
}

#[test]
fn ticks_scores_notes_and_moves() {
    let mut m = model();
    assert_eq!((m.current, m.screen), (0, Screen::Question));
    keys(
        &mut m,
        &[Key::Char(' '), Key::Down, Key::Down, Key::Char('x')],
    );
    assert_eq!(m.card.answers[0].covered, [1, 3]);
    // Past the expected points the cursor is on the red flags; it stops on the last line.
    keys(
        &mut m,
        &[Key::Down, Key::Down, Key::Down, Key::Down, Key::Char(' ')],
    );
    assert_eq!(m.card.answers[0].flags, [2]);
    keys(&mut m, &[Key::Char(' ')]);
    assert!(m.card.answers[0].flags.is_empty(), "space again unmarks");
    keys(&mut m, &[Key::Char('3')]);
    assert_eq!(m.card.answers[0].score, Some(3));
    keys(&mut m, &[Key::Char('9')]);
    assert_eq!(m.card.answers[0].score, Some(3), "off the scale: unchanged");
    assert!(m.status.contains("from 1 to 4"), "{}", m.status);
    keys(&mut m, &[Key::Char('+'), Key::Char('+')]);
    assert_eq!(m.card.answers[0].score, Some(4), "+ stops at the top");
    // Notes: q, Enter and Backspace are text while typing; Tab ends.
    keys(&mut m, &[Key::Char('n')]);
    assert_eq!(m.editing, Editing::Notes);
    typed(&mut m, "quick");
    keys(
        &mut m,
        &[
            Key::Enter,
            Key::Char('x'),
            Key::Backspace,
            Key::Char('y'),
            Key::Tab,
        ],
    );
    assert_eq!(m.card.answers[0].notes, "quick\ny");
    assert_eq!(m.editing, Editing::Nothing);
    assert!(m.dirty);
    // Next, skip, next, next: the review. Previous from the review is the last question.
    keys(
        &mut m,
        &[
            Key::Tab,
            Key::Char('s'),
            Key::Right,
            Key::Char('2'),
            Key::Tab,
        ],
    );
    assert!(m.card.answers[1].skipped);
    assert_eq!(m.screen, Screen::Review);
    keys(&mut m, &[Key::Left]);
    assert_eq!((m.screen, m.current), (Screen::Question, 2));
    // Jump back to question 1 after all are answered, then change its score.
    keys(
        &mut m,
        &[Key::Char('g'), Key::Char('1'), Key::Enter, Key::Char('2')],
    );
    assert_eq!((m.current, m.card.answers[0].score), (0, Some(2)));
    keys(&mut m, &[Key::Char('g'), Key::Char('7'), Key::Enter]);
    assert_eq!(m.current, 0);
    assert!(m.status.contains("from 1 to 3"), "{}", m.status);
}

#[test]
fn overview_review_submit_and_quit() {
    let mut m = model();
    keys(&mut m, &[Key::Char('o'), Key::Down, Key::Down, Key::Enter]);
    assert_eq!((m.screen, m.current), (Screen::Question, 2));
    keys(&mut m, &[Key::Char('r'), Key::Enter]);
    assert!(!m.confirm, "no submit without a recommendation");
    assert!(m.status.starts_with("pick a recommendation"));
    keys(&mut m, &[Key::Char('3'), Key::Char('w')]);
    typed(&mut m, "Solid; q is text here");
    keys(&mut m, &[Key::Tab]);
    assert_eq!(m.card.draft_recommendation, Some(Recommendation::Yes));
    assert_eq!(m.card.summary.as_deref(), Some("Solid; q is text here"));
    assert_eq!(
        keys(&mut m, &[Key::Enter, Key::Char('n')]),
        [Effect::None; 2]
    );
    assert!(m.status.starts_with("not submitted"));
    assert_eq!(
        keys(&mut m, &[Key::Enter, Key::Char('y')]),
        [Effect::None, Effect::Submit]
    );
    assert_eq!(keys(&mut m, &[Key::Char('e')]), [Effect::EditSummary]);
    edited(&mut m, Effect::EditSummary, "From the editor\n\n");
    assert_eq!(m.card.summary.as_deref(), Some("From the editor"));
    assert_eq!(keys(&mut m, &[Key::Char('q')]), [Effect::Quit]);
    // Ctrl-C leaves from anywhere: typing, help, the jump prompt, the submit question.
    for start in [
        &[Key::Char('w')][..],
        &[Key::Char('?')],
        &[Key::Char('g')],
        &[Key::Enter],
    ] {
        let mut m = m.clone();
        keys(&mut m, start);
        assert_eq!(keys(&mut m, &[Key::Interrupt]), [Effect::Quit]);
    }
    // The help is closed by any key, which does nothing else.
    keys(&mut m, &[Key::Char('?'), Key::Char('q')]);
    assert!(!m.help);
}

#[test]
fn time_on_screen_accumulates_per_question_and_saturates() {
    let mut m = model();
    let tick = |m: &mut Model, ms: u64| {
        update(
            m,
            Message::Tick(Duration::from_millis(ms)),
            Timestamp::now(),
        )
    };
    tick(&mut m, 700);
    assert_eq!(m.card.answers[0].seconds, None);
    tick(&mut m, 700);
    assert_eq!(m.card.answers[0].seconds, Some(1));
    keys(&mut m, &[Key::Tab]);
    tick(&mut m, 2500);
    assert_eq!(m.card.answers[1].seconds, Some(2));
    assert_eq!(m.round_seconds(), 3);
    m.card.answers[1].seconds = Some(u64::MAX);
    tick(&mut m, 5000);
    assert_eq!(m.card.answers[1].seconds, Some(u64::MAX));
    // The review's time belongs to no question.
    keys(&mut m, &[Key::Char('r')]);
    tick(&mut m, 5000);
    assert_eq!(m.card.answers[1].seconds, Some(u64::MAX));
}

#[test]
fn a_resumed_interview_opens_at_the_first_open_question_or_the_review() {
    let mut m = model();
    keys(&mut m, &[Key::Char('3'), Key::Tab, Key::Char('s')]);
    let resumed = Model::new(m.plan.clone(), m.card.clone()).expect("a draft");
    assert_eq!((resumed.screen, resumed.current), (Screen::Question, 2));
    keys(&mut m, &[Key::Tab, Key::Char('1')]);
    let resumed = Model::new(m.plan.clone(), m.card.clone()).expect("a draft");
    assert_eq!(resumed.screen, Screen::Review);
}

#[test]
fn saving_copies_what_was_typed_and_refuses_a_submitted_file() {
    let mut m = model();
    keys(
        &mut m,
        &[
            Key::Char('3'),
            Key::Char(' '),
            Key::Char('r'),
            Key::Char('4'),
        ],
    );
    m.card.summary = Some("  draft  ".to_owned());
    let mut file = Model::new(m.plan.clone(), m.card.clone())
        .expect("a draft")
        .card;
    file.answers[0].score = None;
    super::save_into(&m.card, &mut file).expect("saved");
    assert_eq!(file.answers[0].score, Some(3));
    assert_eq!(file.answers[0].covered, [1]);
    assert_eq!(file.summary.as_deref(), Some("draft"));
    assert_eq!(file.draft_recommendation, Some(Recommendation::StrongYes));
    file.submit(Recommendation::Yes, None, true, Timestamp::now())
        .expect("submitted");
    assert!(super::save_into(&m.card, &mut file).is_err());
}

#[test]
fn screens_at_80x24() {
    let mut m = model();
    keys(&mut m, &[Key::Char(' '), Key::Char('3'), Key::Char('n')]);
    typed(&mut m, "Knew nextTick runs before promises.");
    insta::assert_snapshot!("question_80x24", draw(&m, 80, 24));
    keys(&mut m, &[Key::Tab, Key::Tab]);
    insta::assert_snapshot!("cjk_80x24", draw(&m, 80, 24));
    keys(&mut m, &[Key::Char('s'), Key::Char('o')]);
    insta::assert_snapshot!("overview_80x24", draw(&m, 80, 24));
    keys(&mut m, &[Key::Char('r'), Key::Char('3'), Key::Char('w')]);
    typed(&mut m, "Clear on the event loop.");
    insta::assert_snapshot!("review_80x24", draw(&m, 80, 24));
    keys(&mut m, &[Key::Tab, Key::Char('?')]);
    insta::assert_snapshot!("help_80x24", draw(&m, 80, 24));
    insta::assert_snapshot!("too_small", draw(&m, 60, 20));
}

#[test]
fn screens_at_120x40() {
    let mut m = model();
    m.card.answers[0].seconds = Some(150); // over its two minutes: the clock warns
    keys(
        &mut m,
        &[
            Key::Char(' '),
            Key::Down,
            Key::Down,
            Key::Down,
            Key::Char(' '),
        ],
    );
    insta::assert_snapshot!("question_120x40", draw(&m, 120, 40));
    keys(&mut m, &[Key::Tab, Key::Char('2')]);
    insta::assert_snapshot!("cjk_120x40", draw(&m, 120, 40));
}

#[test]
fn an_over_budget_clock_is_drawn_in_the_warning_colour() {
    let mut m = model();
    m.card.answers[0].seconds = Some(121);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| view(&m, frame, Theme { color: true }))
        .expect("drawn");
    let buffer = terminal.backend().buffer();
    let text = screen_text(buffer);
    let column = text
        .lines()
        .next()
        .and_then(|l| l.find("02:01/02:00"))
        .expect("the clock");
    let cell = &buffer[(u16::try_from(column).expect("small"), 0)];
    assert_eq!(cell.fg, ratatui::style::Color::Red);
}

#[test]
fn a_long_kit_scrolls_to_the_checklist_cursor_and_with_page_keys() {
    let mut m = model();
    assert!(
        !draw(&m, 80, 24).contains("Confuses"),
        "below the fold at first"
    );
    keys(&mut m, &[Key::Down, Key::Down, Key::Down, Key::Down]);
    let screen = draw(&m, 80, 24);
    assert!(
        screen.contains("[ ] Confuses"),
        "the cursor's line is shown:\n{screen}"
    );
    let mut m = model();
    keys(&mut m, &[Key::PageDown, Key::PageDown, Key::PageDown]);
    let screen = draw(&m, 80, 24);
    assert!(
        screen.contains("4 Strong yes: Explains every phase"),
        "{screen}"
    );
    assert!(!screen.contains("What does this print"), "{screen}");
    keys(&mut m, &[Key::PageUp, Key::PageUp, Key::PageUp]);
    assert!(draw(&m, 80, 24).contains("What does this print"));
}

#[test]
fn the_overview_of_one_question_says_one_question() {
    let (bank, header) = bank_and_header(None);
    let only = question("only", &bank.categories[0].id, "A short one.");
    let plan = Plan::new(&bank, header, vec![only]);
    let card = Scorecard::start(&plan, "Grace Hopper", Timestamp::now());
    let mut m = Model::new(plan, card).expect("a draft");
    keys(&mut m, &[Key::Char('o')]);
    let screen = draw(&m, 80, 24);
    assert!(screen.contains("Overview of 1 question ·"), "{screen}");
}
