//! Integration tests: the real `scorecard` binary against temporary workspaces.
//!
//! One test crate (one link step); one module per area. [`support::Env`] builds a sealed
//! environment: a temporary folder, no `SCORECARD_*` or editor variables, `NO_COLOR` set.

mod analytics;
mod atomic;
mod bank;
mod card;
mod debrief;
mod deliverables;
mod escaping;
mod export;
mod integrity;
mod interview;
mod marks;
mod newcomer;
mod panel;
mod plan;
mod scale;
mod screen;
mod sharing;
mod snapshots;
mod support;
mod untrusted;
mod workbook;
