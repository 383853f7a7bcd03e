//! Integration tests: the real `scorecard` binary against temporary workspaces.
//!
//! One test crate (one link step); one module per area. [`support::Env`] builds a sealed
//! environment: a temporary folder, no `SCORECARD_*` or editor variables, `NO_COLOR` set.

mod bank;
mod card;
mod export;
mod interview;
mod panel;
mod plan;
mod scale;
mod sharing;
mod snapshots;
mod support;
mod untrusted;
