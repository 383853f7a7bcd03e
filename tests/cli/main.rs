//! Integration tests: the real `scorecard` binary against temporary workspaces.
//!
//! One test crate (one link step); one module per area. [`support::Env`] builds a sealed
//! environment: a temporary folder, and a cleared environment but for `PATH`, an empty `HOME`
//! and `NO_COLOR`.

mod analytics;
mod atomic;
mod bank;
mod card;
mod check;
mod colour;
mod debrief;
mod deliverables;
mod escaping;
mod export;
mod init;
mod integrity;
mod interview;
mod layers;
mod markdown;
mod marks;
mod newcomer;
mod panel;
mod plan;
mod purge;
mod quickstart;
mod scale;
mod screen;
mod sharing;
mod snapshots;
mod support;
mod untrusted;
mod workbook;
