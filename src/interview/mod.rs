//! The interview screen as a pure state machine: a [`Model`] of what was typed and where the
//! interviewer is, [`update`] turning keys and ticks into a new state and the effects to run
//! (open the editor, submit, leave), and [`view`] drawing a model. The terminal, the clock and
//! the saving are the thin edge in `cli/`, so every key sequence is a unit test and every
//! screen a snapshot.

pub mod model;
pub mod text;
pub mod update;
pub mod view;

pub use model::{Editing, Model, Screen, save_into};
pub use update::{Effect, Key, Message, update};
pub use view::{Theme, view};

#[cfg(test)]
mod tests;
