//! Pseudonyms for blind review: `Candidate 7F3A` in place of a candidate's name, `candidate-7f3a`
//! in place of their id, the same in every export.
//!
//! A pseudonym is the start of SHA-256(workspace key, candidate id). The key is random, kept in the
//! workspace (`anonymize.key`, 0600), so nobody can turn a list of names into pseudonyms without
//! it. Four hex digits are used unless an earlier candidate (by their first file) already has
//! them; the later one then gets eight, so adding candidates never changes an earlier pseudonym.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::Result;
use crate::stats::cards_down::Held;
use crate::workspace::{self, Kind, Workspace};

/// The file holding the workspace's pseudonym key.
pub use crate::workspace::KEY_FILE;

/// A candidate's stand-ins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pseudonym {
    /// `Candidate 7F3A`
    pub name: String,
    /// `candidate-7f3a`
    pub id: String,
}

/// Pseudonyms of every candidate in a workspace, and what finds their names in free text.
#[derive(Debug, Default)]
pub struct Pseudonyms {
    /// The workspace key, which also turns scorecard and plan ids into stand-ins.
    key: Vec<u8>,
    by_id: HashMap<String, Pseudonym>,
    /// Every candidate's full name and id.
    everyone: Scrubber,
}

impl Pseudonyms {
    /// Assigns pseudonyms to every candidate folder, creating the key on first use, and learns
    /// every candidate's name so that a note naming another candidate is scrubbed too.
    pub fn for_workspace(ws: &Workspace) -> Result<Pseudonyms> {
        let key = load_or_create_key(ws)?;
        let mut candidates: Vec<(String, String, String)> = ws
            .candidate_dirs()?
            .par_iter()
            .map(|(id, dir)| -> Result<(String, String, String)> {
                let mut files = workspace::kind_files(dir, Kind::Plan)?;
                files.extend(workspace::kind_files(dir, Kind::Scorecard)?);
                // UUID v7 ids begin with their creation time, so the smallest is the first file.
                let first = files
                    .iter()
                    .filter_map(|p| {
                        Kind::Plan
                            .id_of(p)
                            .or_else(|| Kind::Scorecard.id_of(p))
                            .map(|i| (i, p))
                    })
                    .min();
                let name = match first {
                    Some((_, path)) => candidate_name(path)?,
                    None => String::new(),
                };
                let order = first.map(|(i, _)| i.to_owned()).unwrap_or_default();
                Ok((order, id.to_string(), name))
            })
            .collect::<Result<_>>()?;
        candidates.sort();
        let mut pseudonyms =
            Pseudonyms::assign(&key, candidates.iter().map(|(_, id, _)| id.clone()));
        for (_, id, name) in &candidates {
            let pseudonym = pseudonyms.get(id);
            pseudonyms
                .everyone
                .add_candidate(name, id, &pseudonym, false);
        }
        Ok(pseudonyms)
    }

    /// Free text with the candidate's own name, its parts (in any case) and id replaced, then
    /// every other candidate's.
    #[must_use]
    pub fn scrub(&self, text: &str, candidate_id: &str, name: &str) -> String {
        let pseudonym = self.get(candidate_id);
        let mut own = Scrubber::default();
        own.add_candidate(name, candidate_id, &pseudonym, true);
        self.everyone.scrub(&own.scrub(text))
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
        Pseudonyms {
            key: key.to_vec(),
            by_id,
            everyone: Scrubber::default(),
        }
    }

    /// The stand-in for a scorecard's or plan's id: a UUID made from SHA-256(key, id), the same
    /// in every export. The real id names a file in the candidate's folder, so it would lead
    /// anyone with the workspace back to the name.
    #[must_use]
    pub fn record_id(&self, id: &Uuid) -> Uuid {
        let digest = Sha256::new()
            .chain_update(&self.key)
            .chain_update(b"record:")
            .chain_update(id.as_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        // Marked as a random (version 4) UUID: it carries no creation time, unlike the real v7 id.
        uuid::Builder::from_random_bytes(bytes).into_uuid()
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

/// The candidate's name as a plan or scorecard file records it.
fn candidate_name(path: &std::path::Path) -> Result<String> {
    if Kind::Plan.id_of(path).is_some() {
        Ok(crate::plan::store::load(path)?.candidate)
    } else {
        Ok(crate::scorecard::store::load(path)?.candidate)
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

/// Finds names in free text and replaces them, word by word: case, accents and the separators
/// between words are ignored, so `José Núñez`, `jose nunez` and `jose-nunez` all match.
#[derive(Debug, Default, Clone)]
pub struct Scrubber {
    /// First folded word of a phrase -> phrases starting with it, longest first.
    phrases: HashMap<String, Vec<Phrase>>,
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    /// Replacement where the text reads like a name (`Candidate 7F3A`).
    as_name: Option<String>,
    /// Replacement where the text reads like an id, without spaces (`candidate-7f3a`).
    as_id: Option<String>,
    /// Match only words written with a capital, as names are: parts of other candidates' names
    /// are often ordinary words too (`Will`, `Rose`).
    capitalised: bool,
}

impl Scrubber {
    fn add(&mut self, text: &str, as_name: Option<&str>, as_id: Option<&str>, capitalised: bool) {
        let words: Vec<String> = words(text).into_iter().map(|w| w.folded).collect();
        let Some(first) = words.first().cloned() else {
            return;
        };
        let entry = self.phrases.entry(first).or_default();
        if let Some(known) = entry.iter_mut().find(|p| p.words == words) {
            known.as_name = known.as_name.take().or(as_name.map(str::to_owned));
            known.as_id = known.as_id.take().or(as_id.map(str::to_owned));
            known.capitalised &= capitalised;
            return;
        }
        entry.push(Phrase {
            words,
            as_name: as_name.map(str::to_owned),
            as_id: as_id.map(str::to_owned),
            capitalised,
        });
        entry.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    }

    /// Adds what identifies a candidate: their full name, their id, and the parts of their name
    /// (two letters or more; for other candidates' notes only where written with a capital).
    pub fn add_candidate(&mut self, name: &str, id: &str, pseudonym: &Pseudonym, own: bool) {
        self.add(name, Some(&pseudonym.name), None, false);
        self.add(id, None, Some(&pseudonym.id), false);
        for word in words(name) {
            if word.folded.chars().count() >= 2 {
                self.add(&word.folded, Some(&pseudonym.name), None, !own);
            }
        }
    }

    /// The text with every known phrase replaced.
    #[must_use]
    pub fn scrub(&self, text: &str) -> String {
        if self.phrases.is_empty() {
            return text.to_owned();
        }
        let found = words(text);
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut i = 0;
        while i < found.len() {
            let capital = text[found[i].start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let matched = self.phrases.get(&found[i].folded).and_then(|phrases| {
                phrases.iter().find(|p| {
                    p.words.len() <= found.len() - i
                        && (capital || !p.capitalised)
                        && p.words.iter().zip(&found[i..]).all(|(w, f)| *w == f.folded)
                })
            });
            let Some(phrase) = matched else {
                i += 1;
                continue;
            };
            let end = found[i + phrase.words.len() - 1].end;
            let span = &text[found[i].start..end];
            let reads_as_id = !span.contains(char::is_whitespace) && phrase.words.len() > 1;
            let replacement = if reads_as_id {
                phrase.as_id.as_ref().or(phrase.as_name.as_ref())
            } else {
                phrase.as_name.as_ref().or(phrase.as_id.as_ref())
            };
            out.push_str(&text[copied..found[i].start]);
            out.push_str(replacement.map_or("", String::as_str));
            copied = end;
            i += phrase.words.len();
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// A word of text: its byte range and its folded form (ASCII, lowercase).
struct Word {
    start: usize,
    end: usize,
    folded: String,
}

/// Runs of letters and digits, folded to lowercase ASCII (`Núñez` -> `nunez`).
fn words(text: &str) -> Vec<Word> {
    let mut found: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let folded = deunicode::deunicode_char(c).unwrap_or("").to_lowercase();
            let word = current.get_or_insert_with(|| Word {
                start: at,
                end: at,
                folded: String::new(),
            });
            word.folded.push_str(&folded);
            word.end = at + c.len_utf8();
        } else if let Some(word) = current.take() {
            found.push(word);
        }
    }
    found.extend(current);
    found.retain(|w| !w.folded.is_empty());
    found
}

/// A held candidate (cards down) as an anonymised export may name them: by pseudonym.
#[must_use]
pub fn named(held: Option<Held>, names: Option<&Pseudonyms>) -> Option<Held> {
    let mut held = held?;
    if let Some(names) = names {
        held.candidate_id = names.get(&held.candidate_id).id;
    }
    Some(held)
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
    fn record_ids_are_stable_keyed_and_unlike_the_real_ones() {
        let a = Pseudonyms::assign(b"key", std::iter::empty());
        let b = Pseudonyms::assign(b"other", std::iter::empty());
        let id = Uuid::parse_str("019b76da-abe8-7b90-8dcf-ce823c15341c").expect("a uuid");
        let next = Uuid::parse_str("019b76da-abe8-7b90-8dcf-ce823c15341d").expect("a uuid");
        assert_eq!(a.record_id(&id), a.record_id(&id));
        assert_ne!(a.record_id(&id), id);
        assert_ne!(a.record_id(&id), a.record_id(&next));
        assert_ne!(a.record_id(&id), b.record_id(&id));
        assert_eq!(a.record_id(&id).get_version_num(), 4);
    }

    fn scrubber(name: &str, id: &str, p: &Pseudonym) -> Scrubber {
        let mut scrubber = Scrubber::default();
        scrubber.add_candidate(name, id, p, true);
        scrubber
    }

    #[test]
    fn scrubbing_replaces_names_parts_and_ids() {
        let p = Pseudonym {
            name: "Candidate 7F3A".into(),
            id: "candidate-7f3a".into(),
        };
        let s = scrubber("Ada Lovelace", "ada-lovelace", &p);
        assert_eq!(
            s.scrub("ADA LOVELACE was great; Ada explained well (ada-lovelace). Adamant about it."),
            "Candidate 7F3A was great; Candidate 7F3A explained well (candidate-7f3a). Adamant about it."
        );
        let s = scrubber("José Núñez", "jose-nunez", &p);
        assert_eq!(
            s.scrub("José did fine, Jose and NUNEZ too"),
            "Candidate 7F3A did fine, Candidate 7F3A and Candidate 7F3A too"
        );
        let s = scrubber("Li Na", "li-na", &p);
        assert_eq!(
            s.scrub("Li explained; Na agreed; a lion"),
            "Candidate 7F3A explained; Candidate 7F3A agreed; a lion"
        );
        assert_eq!(Scrubber::default().scrub("untouched"), "untouched");
    }

    #[test]
    fn other_candidates_name_parts_are_scrubbed_only_when_capitalised() {
        let will = Pseudonym {
            name: "Candidate AAAA".into(),
            id: "candidate-aaaa".into(),
        };
        let mut s = Scrubber::default();
        s.add_candidate("Will Lovelace", "will-lovelace", &will, false);
        assert_eq!(
            s.scrub("Stronger than will  lovelace; Will was slower; we will see"),
            "Stronger than Candidate AAAA; Candidate AAAA was slower; we will see"
        );
    }
}
