//! CSV output: RFC 4180 quoting through the csv crate, an Excel mode (UTF-8 byte-order mark and
//! CRLF line ends), and neutralisation of cells a spreadsheet would run as a formula.
//!
//! The writer neutralises every cell it writes, header cells included, except plain numbers, so a
//! new column cannot forget it.

use std::io::Write;

use crate::error::{Error, Result};
use crate::escape;

/// How to write the CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// Start with a UTF-8 byte-order mark and end lines with CRLF.
    pub excel: bool,
}

/// A CSV writer that neutralises formulas in text cells.
pub struct CsvWriter<W: Write> {
    inner: ::csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W, options: CsvOptions) -> Self {
        let mut builder = ::csv::WriterBuilder::new();
        if options.excel {
            // The BOM goes out ahead of the csv writer's own buffer; a failure shows on the next write.
            let _ = out.write_all("\u{feff}".as_bytes());
            builder.terminator(::csv::Terminator::CRLF);
        }
        CsvWriter {
            inner: builder.from_writer(out),
        }
    }

    /// A text cell, neutralised (see [`neutralise`]).
    #[must_use]
    pub fn text(&self, value: &str) -> String {
        neutralise(value)
    }

    /// Writes the header row; names come from files too (category ids), so they are neutralised.
    pub fn header<S: AsRef<str>>(&mut self, names: &[S]) -> Result<()> {
        self.row(names)
    }

    /// Writes a row, neutralising every cell that is not a plain number. A cell already passed
    /// through [`CsvWriter::text`] is left as it is.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<()> {
        let cells = cells.iter().map(|cell| {
            let cell = cell.as_ref();
            if escape::csv_cell_is_plain(cell) || escape::is_plain_number(cell) {
                std::borrow::Cow::Borrowed(cell.as_bytes())
            } else {
                std::borrow::Cow::Owned(neutralise(cell).into_bytes())
            }
        });
        self.inner.write_record(cells).map_err(csv_error)
    }

    pub fn finish(mut self) -> Result<()> {
        self.inner.flush().map_err(|err| csv_error(err.into()))
    }
}

fn csv_error(err: ::csv::Error) -> Error {
    let source = match err.into_kind() {
        ::csv::ErrorKind::Io(err) => err,
        other => std::io::Error::other(format!("{other:?}")),
    };
    // The writer does not know its file: stdout, unless `write_with_file` names the file.
    Error::Write {
        path: "<stdout>".into(),
        source,
    }
}

/// Prefixes a cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
/// tab or carriage return) with an apostrophe, as OWASP advises, and shows control characters
/// and bidirectional controls visibly: [`escape::csv_cell`].
#[must_use]
pub fn neutralise(value: &str) -> String {
    escape::csv_cell(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("a=b"), "a=b");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn excel_mode_writes_a_bom_and_crlf() {
        let mut buffer = Vec::new();
        {
            let mut csv = CsvWriter::new(&mut buffer, CsvOptions { excel: true });
            csv.header(&["a", "b"]).unwrap();
            csv.row(&["x,y", "z"]).unwrap();
            csv.finish().unwrap();
        }
        assert_eq!(buffer, "\u{feff}a,b\r\n\"x,y\",z\r\n".as_bytes());
    }

    #[test]
    fn every_cell_but_numbers_is_neutralised() {
        let mut buffer = Vec::new();
        {
            let mut csv = CsvWriter::new(&mut buffer, CsvOptions::default());
            csv.header(&["=cmd|' /C calc'!A0", "@x"]).unwrap();
            csv.row(&["-2.5", "+1+1"]).unwrap();
            csv.row(&[neutralise("=once"), "3".to_owned()]).unwrap();
            csv.finish().unwrap();
        }
        assert_eq!(
            String::from_utf8(buffer).unwrap(),
            "'=cmd|' /C calc'!A0,'@x\n-2.5,'+1+1\n'=once,3\n"
        );
    }
}
