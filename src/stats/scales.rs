//! Scales are never pooled: a 3 on a 1-4 scale and a 3 on a 0-10 scale are different things,
//! so figures that average or compare scores (`compare`, `calibrate`, question analytics) refuse
//! a selection of scorecards on more than one scale, and say which roles and banks use which
//! scale and which flag picks one.

use std::collections::{BTreeMap, BTreeSet};

use super::digest::CardDigest;
use crate::error::{Error, Result, quoted_list};

/// The flag that picks one scale in `compare`, `calibrate` and the exports.
pub const PICK_SCALE: [&str; 1] = ["--role ROLE"];

/// A rating scale as the figures see it: its lowest and highest score.
pub type Range = (i64, i64);

/// Which roles and banks use which scale among the selected scorecards.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScaleUse {
    by_scale: BTreeMap<Range, (BTreeSet<String>, BTreeSet<String>)>,
}

impl ScaleUse {
    /// Records one scorecard's scale, role and bank.
    pub fn add(&mut self, scale: Range, role: &str, bank: &str) {
        let (roles, banks) = self.by_scale.entry(scale).or_default();
        if !roles.contains(role.trim()) {
            roles.insert(role.trim().to_owned());
        }
        if !banks.contains(bank) {
            banks.insert(bank.to_owned());
        }
    }

    /// Records a digest.
    pub fn add_card(&mut self, card: &CardDigest) {
        self.add(card.scale, &card.role, &card.bank);
    }

    /// Adds another record (from another candidate).
    pub fn merge(&mut self, other: &ScaleUse) {
        for (scale, (roles, banks)) in &other.by_scale {
            let (mine_roles, mine_banks) = self.by_scale.entry(*scale).or_default();
            mine_roles.extend(roles.iter().cloned());
            mine_banks.extend(banks.iter().cloned());
        }
    }

    /// The scales seen, lowest first.
    #[must_use]
    pub fn scales(&self) -> Vec<Range> {
        self.by_scale.keys().copied().collect()
    }

    /// The one scale in use (None when nothing was selected), or a refusal naming the scales,
    /// who uses them, and `flags` (such as `--role ROLE`) that select one.
    pub fn single(&self, flags: &[&str]) -> Result<Option<Range>> {
        let mut scales = self.by_scale.iter();
        let first = scales.next().map(|(scale, _)| *scale);
        if scales.next().is_none() {
            return Ok(first);
        }
        let described: Vec<String> = self
            .by_scale
            .iter()
            .map(|((min, max), (roles, banks))| {
                let roles: Vec<&str> = roles
                    .iter()
                    .map(|r| {
                        if r.is_empty() {
                            "(no role)"
                        } else {
                            r.as_str()
                        }
                    })
                    .collect();
                let banks: Vec<&str> = banks.iter().map(String::as_str).collect();
                format!(
                    "{min} to {max} (role{} {}; bank{} {})",
                    if roles.len() == 1 { "" } else { "s" },
                    quoted_list(&roles, 10),
                    if banks.len() == 1 { "" } else { "s" },
                    quoted_list(&banks, 10)
                )
            })
            .collect();
        Err(Error::Refused {
            message: format!(
                "the selected scorecards use {} rating scales, and scores on different scales are never pooled: {}",
                self.by_scale.len(),
                described.join(", ")
            ),
            hints: vec![format!("pick one scale with {}", flags.join(" or "))],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_scale_passes_and_two_are_refused_with_who_uses_them() {
        let mut used = ScaleUse::default();
        assert_eq!(used.single(&["--role ROLE"]).unwrap(), None);
        used.add((1, 4), "Backend", "nodejs-backend-senior");
        used.add((1, 4), "Backend", "nodejs-backend-senior");
        assert_eq!(used.single(&["--role ROLE"]).unwrap(), Some((1, 4)));
        let mut other = ScaleUse::default();
        other.add((0, 10), "Data", "data-bank");
        used.merge(&other);
        let err = used.single(&["--role ROLE", "--bank B"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the selected scorecards use 2 rating scales, and scores on different scales are never pooled: 0 to 10 (role `Data`; bank `data-bank`), 1 to 4 (role `Backend`; bank `nodejs-backend-senior`)"
        );
        assert_eq!(
            err.context(),
            ["pick one scale with --role ROLE or --bank B"]
        );
    }
}
