//! Where `export markdown` puts its documents: one `<candidate-id>.md` per candidate in a folder
//! (all or nothing), every document in one `.md` file, or a stream (stdout), documents separated
//! by a rule. Candidates are read and rendered in parallel and handed over in export order.

use std::path::Path;

use super::anonymize::{Pseudonyms, named};
use super::filter::{Filter, exported};
use super::markdown;
use crate::error::Result;
use crate::scorecard::store;
use crate::stats::cards_down::LeftOut;
use crate::template::Template;
use crate::workspace::{self, Batch, CandidateId, Workspace};

/// What separates two documents in one file or stream.
pub const SEPARATOR: &str = "\n---\n\n";

/// Where the documents go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// One `<candidate-id>.md` per candidate, created with the folder on the first document.
    Folder(&'a Path),
    /// Every document in one file, written only when there is one.
    File(&'a Path),
    /// Every document handed to the caller's sink, as it renders.
    Stream,
}

impl<'a> Target<'a> {
    /// `--out`: a folder unless it is a `.md` file path; the stream without it.
    #[must_use]
    pub fn of(out: Option<&'a Path>) -> Target<'a> {
        match out {
            None => Target::Stream,
            Some(path)
                if path.is_dir()
                    || !path
                        .extension()
                        .is_some_and(|ext| ext.eq_ignore_ascii_case("md")) =>
            {
                Target::Folder(path)
            }
            Some(path) => Target::File(path),
        }
    }
}

/// What an export of documents needs besides the target.
pub struct Request<'a> {
    pub workspace: &'a Workspace,
    pub filter: &'a Filter,
    /// The candidates in export order (all, by id, when `None`).
    pub order: Option<&'a [CandidateId]>,
    pub names: Option<&'a Pseudonyms>,
    pub template: &'a Template,
}

/// What was exported.
#[derive(Debug, Default)]
pub struct Written {
    /// Documents written (or streamed).
    pub documents: usize,
    /// Candidates cards down left out.
    pub left_out: LeftOut,
}

/// Renders every selected candidate's document and puts it in `target`; `stream` receives the
/// text (separators included) for [`Target::Stream`]. Documents for a folder are staged beside
/// their final names and renamed into place only when every candidate has rendered, so an error
/// anywhere writes nothing.
pub fn export(
    request: &Request,
    target: Target,
    mut stream: impl FnMut(&str) -> Result<()>,
) -> Result<Written> {
    let names = request.names;
    let mut written = Written::default();
    let mut documents: Vec<String> = Vec::new();
    let mut batch = Batch::new();
    store::scan(
        request.workspace,
        request.order,
        |id, cards| {
            let (cards, held) = exported(cards, request.filter);
            // The file is named after the folder (or the pseudonym scorecard made), never after
            // an id read from inside a file.
            let stem = |doc: &markdown::CandidateDoc| {
                if names.is_some() {
                    doc.candidate_id.clone()
                } else {
                    id.to_string()
                }
            };
            let doc = markdown::candidate_doc(&cards, names)
                .map(|doc| Ok((stem(&doc), markdown::render(request.template, &doc)?)))
                .transpose()?;
            Ok((doc, named(held, names)))
        },
        |(doc, held)| {
            written.left_out.record(held);
            let Some((candidate_id, text)) = doc else {
                return Ok(());
            };
            match target {
                Target::Folder(dir) => {
                    // Created on the first document, so a filter that matches nothing writes nothing.
                    if batch.is_empty() {
                        batch.create_dir(dir)?;
                    }
                    batch.stage(&dir.join(format!("{candidate_id}.md")), text.as_bytes())
                }
                Target::File(_) => {
                    documents.push(text);
                    Ok(())
                }
                Target::Stream => {
                    if written.documents > 0 {
                        stream(SEPARATOR)?;
                    }
                    written.documents += 1;
                    stream(&text)
                }
            }
        },
    )?;
    match target {
        Target::Folder(_) => written.documents = batch.commit()?,
        Target::File(file) if !documents.is_empty() => {
            workspace::replace(file, documents.join(SEPARATOR).as_bytes())?;
            written.documents = documents.len();
        }
        Target::File(_) | Target::Stream => {}
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{self, Shape};

    fn generated() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        let shape = Shape {
            candidates: 5,
            scorecards: 2,
            answers: 3,
            drafts: 0.0,
            seed: 3,
        };
        synth::workspace(&root, shape).unwrap();
        let workspace = Workspace::resolve(Some(&root), dir.path()).unwrap();
        (dir, workspace)
    }

    fn run(ws: &Workspace, filter: &Filter, target: Target) -> (Written, String) {
        let template = Template::load(None, "candidate.md").unwrap();
        let request = Request {
            workspace: ws,
            filter,
            order: None,
            names: None,
            template: &template,
        };
        let mut streamed = String::new();
        let written = export(&request, target, |text| {
            streamed.push_str(text);
            Ok(())
        })
        .unwrap();
        (written, streamed)
    }

    #[test]
    fn out_names_a_folder_unless_it_is_an_md_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Target::of(None), Target::Stream);
        assert_eq!(Target::of(Some(dir.path())), Target::Folder(dir.path()));
        let reports = dir.path().join("reports");
        assert_eq!(Target::of(Some(&reports)), Target::Folder(&reports));
        let file = dir.path().join("panel.MD");
        assert_eq!(Target::of(Some(&file)), Target::File(&file));
    }

    #[test]
    fn the_stream_the_file_and_the_folder_hold_the_same_documents() {
        let (dir, ws) = generated();
        let filter = Filter::default();
        let (streamed, text) = run(&ws, &filter, Target::Stream);
        assert_eq!(streamed.documents, 5);
        assert_eq!(text.matches(SEPARATOR).count(), 4);

        let file = dir.path().join("all.md");
        let (in_file, _) = run(&ws, &filter, Target::File(&file));
        assert_eq!(in_file.documents, 5);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

        let folder = dir.path().join("reports");
        let (in_folder, _) = run(&ws, &filter, Target::Folder(&folder));
        assert_eq!(in_folder.documents, 5);
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names[0], "candidate-person-00000.md");
        let joined: Vec<String> = names
            .iter()
            .map(|n| std::fs::read_to_string(folder.join(n)).unwrap())
            .collect();
        assert_eq!(joined.join(SEPARATOR), text);
    }

    #[test]
    fn a_filter_that_matches_nothing_writes_nothing() {
        let (dir, ws) = generated();
        let filter = Filter {
            role: Some("designer".to_owned()),
            ..Filter::default()
        };
        let folder = dir.path().join("reports");
        let (written, _) = run(&ws, &filter, Target::Folder(&folder));
        assert_eq!(written.documents, 0);
        assert!(!folder.exists());
        let file = dir.path().join("all.md");
        let (written, _) = run(&ws, &filter, Target::File(&file));
        assert_eq!(written.documents, 0);
        assert!(!file.exists());
    }
}
