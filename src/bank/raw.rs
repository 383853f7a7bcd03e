//! A bank file as serde reads it, before validation: strict types (unknown fields refused) that
//! keep each value's position for the messages. Both the ordinary parse and the chunked parse of
//! a large bank produce these; `parse.rs` validates them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::Level;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBank {
    pub(super) schema: i64,
    pub(super) id: Spanned<String>,
    pub(super) title: Spanned<String>,
    pub(super) version: Spanned<String>,
    pub(super) description: Option<String>,
    pub(super) scale: Option<RawScale>,
    #[serde(default)]
    pub(super) categories: Vec<RawCategory>,
    #[serde(default)]
    pub(super) questions: Vec<RawQuestion>,
    #[serde(default)]
    pub(super) rounds: Vec<RawRound>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScale {
    pub(super) min: Spanned<i64>,
    pub(super) max: Spanned<i64>,
    pub(super) labels: Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCategory {
    pub(super) id: Spanned<String>,
    pub(super) title: Spanned<String>,
    pub(super) weight: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: Spanned<String>,
    pub(super) category: Spanned<String>,
    pub(super) prompt: Spanned<String>,
    pub(super) level: Option<Level>,
    pub(super) minutes: Option<Spanned<i64>>,
    pub(super) expected: Spanned<Vec<String>>,
    #[serde(default)]
    pub(super) follow_ups: Vec<String>,
    #[serde(default)]
    pub(super) red_flags: Vec<String>,
    pub(super) anchors: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRound {
    pub(super) id: Spanned<String>,
    pub(super) title: Spanned<String>,
    pub(super) minutes: Spanned<i64>,
    pub(super) pick: Spanned<BTreeMap<Spanned<String>, Spanned<i64>>>,
}
