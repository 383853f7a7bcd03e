//! Pseudonyms for blind review: `Candidate 7F3A` in place of a candidate's name, `candidate-7f3a`
//! in place of their id, the same in every export.
//!
//! A pseudonym is the start of SHA-256(workspace key, candidate id). The key is random, kept in the
//! workspace (`anonymize.key`, 0600), so nobody can turn a list of names into pseudonyms without
//! it. Four hex digits are used unless an earlier candidate (by their first file) already has
//! them; the later one then gets eight, so adding candidates never changes an earlier pseudonym.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::workspace::{self, Kind, Workspace};

/// The file holding the workspace's pseudonym key.
pub const KEY_FILE: &str = "anonymize.key";

/// A candidate's stand-ins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pseudonym {
    /// `Candidate 7F3A`
    pub name: String,
    /// `candidate-7f3a`
    pub id: String,
}

/// Pseudonyms of every candidate in a workspace.
#[derive(Debug, Default)]
pub struct Pseudonyms {
    by_id: HashMap<String, Pseudonym>,
}

impl Pseudonyms {
    /// Assigns pseudonyms to every candidate folder, creating the key on first use.
    pub fn for_workspace(ws: &Workspace) -> Result<Pseudonyms> {
        let key = load_or_create_key(ws)?;
        let mut candidates = Vec::new();
        for (id, dir) in ws.candidate_dirs()? {
            let mut files = workspace::kind_files(&dir, Kind::Plan)?;
            files.extend(workspace::kind_files(&dir, Kind::Scorecard)?);
            // UUID v7 ids begin with their creation time, so the smallest is the first file.
            let first = files
                .iter()
                .filter_map(|p| Kind::Plan.id_of(p).or_else(|| Kind::Scorecard.id_of(p)))
                .min()
                .map(str::to_owned)
                .unwrap_or_default();
            candidates.push((first, id.to_string()));
        }
        candidates.sort();
        Ok(Pseudonyms::assign(
            &key,
            candidates.into_iter().map(|(_, id)| id),
        ))
    }

    /// Assigns pseudonyms to candidate ids given oldest first.
    #[must_use]
    pub fn assign(key: &[u8], ids: impl Iterator<Item = String>) -> Pseudonyms {
        let mut taken = HashSet::new();
        let mut by_id = HashMap::new();
        for id in ids {
            let digest = Sha256::new()
                .chain_update(key)
                .chain_update(id.as_bytes())
                .finalize();
            let mut hex = String::with_capacity(64);
            for byte in digest {
                let _ = write!(hex, "{byte:02x}");
            }
            let mut len = 4;
            while taken.contains(&hex[..len]) && len < hex.len() {
                len += 4;
            }
            let short = hex[..len].to_owned();
            taken.insert(short.clone());
            by_id.insert(
                id,
                Pseudonym {
                    name: format!("Candidate {}", short.to_uppercase()),
                    id: format!("candidate-{short}"),
                },
            );
        }
        Pseudonyms { by_id }
    }

    /// The pseudonym of a candidate id (one is made on the spot for an id not seen before).
    #[must_use]
    pub fn get(&self, candidate_id: &str) -> Pseudonym {
        self.by_id
            .get(candidate_id)
            .cloned()
            .unwrap_or_else(|| Pseudonym {
                name: "Candidate".to_owned(),
                id: "candidate".to_owned(),
            })
    }
}

fn load_or_create_key(ws: &Workspace) -> Result<Vec<u8>> {
    let path = ws.root.join(KEY_FILE);
    if path.is_file() {
        return workspace::read(&path);
    }
    workspace::create_private_dir(&ws.root)?;
    let key = format!(
        "{}{}\n",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    match workspace::write_new(&path, key.as_bytes()) {
        Ok(()) => Ok(key.into_bytes()),
        // Another export created it a moment ago; use theirs.
        Err(_) if path.is_file() => workspace::read(&path),
        Err(err) => Err(err),
    }
}

/// Replaces a candidate's name, each part of it (3+ letters), and their id in free text.
#[must_use]
pub fn scrub(text: &str, name: &str, id: &str, pseudonym: &Pseudonym) -> String {
    let mut words: Vec<(&str, &str)> = vec![(name.trim(), &pseudonym.name), (id, &pseudonym.id)];
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        if part.chars().count() >= 3 {
            words.push((part, &pseudonym.name));
        }
    }
    // Longest first, so the full name is replaced before its parts.
    words.sort_by_key(|(word, _)| std::cmp::Reverse(word.chars().count()));
    let mut out = text.to_owned();
    for (word, replacement) in words {
        if !word.is_empty() {
            out = replace_word(&out, word, replacement);
        }
    }
    out
}

/// Case-insensitive replacement of whole-word occurrences.
fn replace_word(text: &str, word: &str, replacement: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let boundary_before = i == 0 || !chars[i - 1].is_alphanumeric();
        if boundary_before && let Some(len) = match_at(&chars[i..], &needle) {
            let boundary_after = chars.get(i + len).is_none_or(|c| !c.is_alphanumeric());
            if boundary_after {
                out.push_str(replacement);
                i += len;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// How many characters of `haystack` match `needle` (lowercased), if it starts with it.
fn match_at(haystack: &[char], needle: &[char]) -> Option<usize> {
    let mut lowered = Vec::with_capacity(needle.len());
    for (used, c) in haystack.iter().enumerate() {
        if lowered.len() >= needle.len() {
            return (lowered == needle).then_some(used);
        }
        lowered.extend(c.to_lowercase());
        if !needle.starts_with(&lowered) {
            return None;
        }
    }
    (lowered == needle).then_some(haystack.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_distinct_and_keyed() {
        let ids = || (0..2000).map(|i| format!("candidate-{i}"));
        let a = Pseudonyms::assign(b"key", ids());
        let b = Pseudonyms::assign(b"key", ids());
        let other_key = Pseudonyms::assign(b"other", ids());
        let names: HashSet<String> = ids().map(|id| a.get(&id).name).collect();
        assert_eq!(names.len(), 2000, "every candidate has its own pseudonym");
        assert_eq!(a.get("candidate-7"), b.get("candidate-7"));
        assert_ne!(a.get("candidate-7"), other_key.get("candidate-7"));
        assert!(a.get("candidate-0").name.starts_with("Candidate "));
        // Adding a later candidate never changes an earlier one's pseudonym.
        let more = Pseudonyms::assign(b"key", ids().chain(["late".to_owned()]));
        assert!(ids().all(|id| more.get(&id) == a.get(&id)));
    }

    #[test]
    fn scrubbing_replaces_names_parts_and_ids() {
        let p = Pseudonym {
            name: "Candidate 7F3A".into(),
            id: "candidate-7f3a".into(),
        };
        let text = "ADA LOVELACE was great; Ada explained well (ada-lovelace). Adamant about it.";
        assert_eq!(
            scrub(text, "Ada Lovelace", "ada-lovelace", &p),
            "Candidate 7F3A was great; Candidate 7F3A explained well (candidate-7f3a). Adamant about it."
        );
        assert_eq!(
            scrub("José did fine", "José Núñez", "jose-nunez", &p),
            "Candidate 7F3A did fine"
        );
    }
}
