//! `$EDITOR` for notes, from the interview's full screen and its line prompts alike.

use dialoguer::Editor;

use crate::error::{Error, Result};

/// Opens `$EDITOR` on `text`; None when the editor was left without saving.
pub fn edit(text: &str) -> Result<Option<String>> {
    let start = if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n")
    };
    let edited =
        Editor::new()
            .extension(".md")
            .edit(&start)
            .map_err(|dialoguer::Error::IO(err)| Error::Write {
                path: "<terminal>".into(),
                source: err,
            })?;
    Ok(edited.map(|text| text.trim().to_owned()))
}
