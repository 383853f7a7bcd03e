//! Plans in the workspace: reading one file, validated (the twin of `scorecard::store`; a plan
//! is written once, by `plan new`).

use std::path::Path;

use super::{Plan, parse_plan_in};
use crate::error::Result;
use crate::workspace;

/// Reads and parses a plan file.
pub fn load(path: &Path) -> Result<Plan> {
    workspace::load_document(path, parse_plan_in)
}
