//! Typed workbook sheets, streamed: an xlsx file is a zip of XML parts, and each row's XML goes
//! into the zip (deflated on the way) as soon as it is complete, so a workbook of any size costs
//! a few megabytes and no temporary file. One sheet streams at a time, the rest are held until it
//! ends; `parts` has the package's other parts and the fixed style sheet.
//!
//! Every cell says what it is: text cells are written as strings (never as formulas, so text
//! starting with `=` stays text and an id such as `00123` stays `00123`), numbers as numbers,
//! timestamps as date cells, yes/no as booleans. Scores are shaded by where they sit on their scale.

mod parts;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::File;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Timelike};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::shade;
use crate::error::{Error, Result};
use crate::timestamp::Timestamp;

/// Excel's longest text cell; longer text is cut there and ends with `…`.
pub const MAX_TEXT: usize = 32_767;
/// Excel's last row (0-based): a header and 1,048,575 rows.
const MAX_ROW: u32 = 1_048_575;
/// Column widths, in characters, are fitted to the content within these bounds.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
/// Widths are fitted to the header and the first this many rows, which bounds the work on a
/// sheet of a million rows and is what a reader sees first. A sheet's rows are held until then,
/// since the widths come before the rows in its XML.
const WIDTH_ROWS: u32 = 1_000;
/// Rows of a streaming sheet are handed to the deflater in pieces of about this size.
const FLUSH_BYTES: usize = 256 * 1024;

/// Fill colours from the bottom of a scale to its top (red, orange, yellow, light green, green).
pub const SHADES: [u32; 5] = [
    0x00F8_696B,
    0x00FB_AA77,
    0x00FF_EB84,
    0x00B1_D580,
    0x0063_BE7B,
];

/// One cell of a row; text is borrowed where it can be, so writing a row copies nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Nothing written.
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
    /// A number shown with two decimals (means, leniencies); the stored value is exact.
    Decimal(f64),
    Bool(bool),
    Date(Timestamp),
    /// A score on the scale (min, max), shaded by its level; `whole` scores show no decimals.
    Score {
        value: f64,
        scale: (i64, i64),
        whole: bool,
    },
}

impl<'a> Cell<'a> {
    /// Text, or nothing when it is empty (as an empty CSV cell).
    #[must_use]
    pub fn text(text: &'a str) -> Cell<'a> {
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Borrowed(text))
        }
    }

    /// Owned text (an id made on the spot, a pseudonym).
    #[must_use]
    pub fn owned(text: String) -> Cell<'a> {
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(text))
        }
    }

    /// A number, or nothing.
    #[must_use]
    pub fn number(value: Option<f64>) -> Cell<'a> {
        value.map_or(Cell::Empty, Cell::Number)
    }

    /// Characters the cell needs on screen, for the column width.
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            // Widths are capped, so counting stops there.
            Cell::Text(text) => text
                .lines()
                .map(|line| line.chars().take(MAX_WIDTH + 1).count())
                .max()
                .unwrap_or(0),
            Cell::Number(value) => format!("{value}").len(),
            Cell::Decimal(_) | Cell::Score { .. } | Cell::Bool(_) => 5,
            Cell::Date(_) => 19,
        }
    }
}

/// Where a sheet's XML is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Held in memory: the widths are not settled yet, or another sheet is streaming.
    Held,
    /// Its zip entry is open and its rows go there.
    Streaming,
    /// Complete in the zip.
    Written,
}

/// One sheet being written.
struct Sheet {
    name: String,
    columns: u16,
    /// Rows given so far, the header included.
    rows: u32,
    widths: Vec<usize>,
    /// Row XML not yet in the zip.
    pending: String,
    place: Place,
}

impl Sheet {
    /// The filter's range (last column letter, last row), when the sheet has a header.
    fn filter(&self) -> Option<(String, u32)> {
        (self.columns > 0).then(|| (column_name(self.columns - 1), self.rows.max(1)))
    }

    fn fitted_widths(&self) -> Vec<usize> {
        self.widths
            .iter()
            .map(|w| (*w).clamp(MIN_WIDTH, MAX_WIDTH) + 1)
            .collect()
    }
}

/// A workbook being written into `out`, sheet by sheet and row by row.
pub struct Book<'a> {
    path: PathBuf,
    /// Never dropped: a zip writer dropped unfinished tries to finish itself and prints a debug
    /// line when that fails. A book that fails is abandoned (its temporary file is removed);
    /// [`Book::save`] finishes the zip.
    zip: ManuallyDrop<ZipWriter<&'a mut File>>,
    sheets: Vec<Sheet>,
    /// The sheet whose zip entry is open.
    streaming: Option<usize>,
    /// Whether the package's fixed parts are written (they come first, as Office writes them:
    /// tools that sniff a file's type read only the zip's first entry).
    started: bool,
}

impl<'a> Book<'a> {
    /// A workbook with these sheets, in this order, written into `out` (`path` names it in
    /// errors).
    #[must_use]
    pub fn new(path: &Path, out: &'a mut File, names: &[&str]) -> Book<'a> {
        Book {
            path: path.to_owned(),
            zip: ManuallyDrop::new(ZipWriter::new(out)),
            sheets: names
                .iter()
                .map(|name| Sheet {
                    name: (*name).to_owned(),
                    columns: 0,
                    rows: 0,
                    widths: Vec::new(),
                    pending: String::new(),
                    place: Place::Held,
                })
                .collect(),
            streaming: None,
            started: false,
        }
    }

    /// Writes the parts that do not depend on the rows: content types, relationships, styles.
    /// The workbook part, which names each sheet's filtered range, is written by [`Book::save`].
    fn start(&mut self) -> Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let sheets = self.sheets.len();
        let fixed = [
            ("[Content_Types].xml", parts::content_types(sheets)),
            ("_rels/.rels", parts::package_rels()),
            ("xl/_rels/workbook.xml.rels", parts::workbook_rels(sheets)),
            ("xl/styles.xml", parts::styles()),
        ];
        for (name, xml) in fixed {
            self.part(name, &xml)?;
        }
        Ok(())
    }

    /// One whole stored part.
    fn part(&mut self, name: &str, xml: &str) -> Result<()> {
        self.zip
            .start_file(name, SimpleFileOptions::default())
            .map_err(|e| zip_error(&self.path, e))?;
        self.write(xml.as_bytes())
    }

    /// Writes the header row of sheet `index` (bold, frozen, filterable).
    pub fn header<S: AsRef<str>>(&mut self, index: usize, names: &[S]) -> Result<()> {
        let sheet = &mut self.sheets[index];
        sheet.columns = u16::try_from(names.len()).unwrap_or(u16::MAX);
        // The filter button takes about two characters of the header cell.
        sheet.widths = names
            .iter()
            .map(|n| n.as_ref().chars().count() + 2)
            .collect();
        let cells: Vec<Cell<'_>> = names.iter().map(|n| Cell::text(n.as_ref())).collect();
        self.push_row(index, &cells, true)
    }

    /// Appends a row to sheet `index`.
    pub fn row(&mut self, index: usize, cells: &[Cell<'_>]) -> Result<()> {
        let sheet = &mut self.sheets[index];
        if sheet.rows > MAX_ROW {
            return Err(Error::refused(format!(
                "the workbook's sheet would pass Excel's {} rows; narrow the export with --candidate, --role, --interviewer or --since/--until",
                MAX_ROW + 1
            )));
        }
        if sheet.rows <= WIDTH_ROWS {
            for (i, cell) in cells.iter().enumerate() {
                if let Some(width) = sheet.widths.get_mut(i) {
                    *width = (*width).max(cell.width());
                } else {
                    sheet.widths.push(cell.width());
                }
            }
        }
        self.push_row(index, cells, false)
    }

    fn push_row(&mut self, index: usize, cells: &[Cell<'_>], header: bool) -> Result<()> {
        let sheet = &mut self.sheets[index];
        if sheet.place == Place::Written {
            return Err(Error::refused(format!(
                "the workbook's sheet `{}` was already complete",
                sheet.name
            )));
        }
        sheet.rows += 1;
        row_xml(&mut sheet.pending, (sheet.rows, header), cells);
        let settled = sheet.rows > WIDTH_ROWS;
        match sheet.place {
            Place::Streaming if sheet.pending.len() >= FLUSH_BYTES => self.flush(index),
            Place::Held if settled && self.streaming.is_none() => self.open(index),
            _ => Ok(()),
        }
    }

    /// Opens sheet `index`'s zip entry and writes what it holds so far.
    fn open(&mut self, index: usize) -> Result<()> {
        self.start()?;
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            // Deflate's fastest level: the workbook is half as large again as at the default
            // level, in a fraction of the time.
            .compression_level(Some(1));
        self.zip
            .start_file(format!("xl/worksheets/sheet{}.xml", index + 1), options)
            .map_err(|e| zip_error(&self.path, e))?;
        let sheet = &mut self.sheets[index];
        let head = parts::sheet_head(index == 0, &sheet.fitted_widths());
        sheet.place = Place::Streaming;
        self.streaming = Some(index);
        self.write(head.as_bytes())?;
        self.flush(index)
    }

    fn flush(&mut self, index: usize) -> Result<()> {
        let pending = std::mem::take(&mut self.sheets[index].pending);
        self.write(pending.as_bytes())?;
        // Keep the allocation for the next rows.
        self.sheets[index].pending = pending;
        self.sheets[index].pending.clear();
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.zip
            .write_all(bytes)
            .map_err(|e| Error::write(&self.path, e))
    }

    /// Completes sheet `index`: no row may follow. Its zip entry is closed, so the next sheet
    /// can stream; a sheet still held is written when no other one streams.
    pub fn end_sheet(&mut self, index: usize) -> Result<()> {
        match self.sheets[index].place {
            Place::Streaming => {
                self.flush(index)?;
                let tail = parts::sheet_tail(self.sheets[index].filter().as_ref());
                self.write(tail.as_bytes())?;
                self.sheets[index].place = Place::Written;
                self.streaming = None;
                Ok(())
            }
            Place::Held if self.streaming.is_none() => {
                self.open(index)?;
                self.end_sheet(index)
            }
            // Written already, or held until the streaming sheet ends.
            Place::Written | Place::Held => Ok(()),
        }
    }

    /// Completes every sheet and the package around them, and finishes the file.
    pub fn save(mut self) -> Result<()> {
        if let Some(index) = self.streaming {
            self.end_sheet(index)?;
        }
        for index in 0..self.sheets.len() {
            self.end_sheet(index)?;
        }
        let listed: Vec<parts::Listed<'_>> = self
            .sheets
            .iter()
            .map(|s| parts::Listed {
                name: &s.name,
                filter: s.filter(),
            })
            .collect();
        let workbook = parts::workbook(&listed);
        self.start()?;
        self.part("xl/workbook.xml", &workbook)?;
        let path = self.path;
        ManuallyDrop::into_inner(self.zip)
            .finish()
            .map_err(|e| zip_error(&path, e))?;
        Ok(())
    }
}

/// A column's letters: 0 is `A`, 25 `Z`, 26 `AA`.
fn column_name(index: u16) -> String {
    let mut n = u32::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rest).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Appends one row's XML to `out`.
fn row_xml(out: &mut String, (row, header): (u32, bool), cells: &[Cell<'_>]) {
    // Rows are written by the hundred thousand: plain pushes, no formatting machinery.
    let digits = row.to_string();
    out.push_str("<row r=\"");
    out.push_str(&digits);
    out.push_str("\">");
    for (col, cell) in (0u16..).zip(cells) {
        match cell {
            Cell::Empty => {}
            Cell::Text(text) => {
                cell_start(out, (col, &digits), header.then_some(parts::HEADER));
                out.push_str(" t=\"inlineStr\"><is>");
                text_element(out, text);
                out.push_str("</is></c>");
            }
            Cell::Number(value) => number(out, (col, &digits), None, *value),
            Cell::Decimal(value) => number(out, (col, &digits), Some(parts::DECIMAL), *value),
            Cell::Bool(value) => {
                cell_start(out, (col, &digits), None);
                out.push_str(if *value {
                    " t=\"b\"><v>1</v></c>"
                } else {
                    " t=\"b\"><v>0</v></c>"
                });
            }
            Cell::Date(when) => {
                if let Some(serial) = excel_serial(when) {
                    number(out, (col, &digits), Some(parts::DATE), serial);
                } else {
                    // Outside Excel's calendar: the moment as text, so nothing is lost.
                    cell_start(out, (col, &digits), None);
                    out.push_str(" t=\"inlineStr\"><is>");
                    text_element(out, &when.to_string());
                    out.push_str("</is></c>");
                }
            }
            Cell::Score {
                value,
                scale,
                whole,
            } => {
                let level = usize::from(shade(*value, *scale));
                let style = if *whole { parts::WHOLE } else { parts::MEAN } + level;
                number(out, (col, &digits), Some(style), *value);
            }
        }
    }
    out.push_str("</row>");
}

/// Appends `<t>…</t>` for a text: controls shown visibly, cut to Excel's limit, Excel's own
/// escapes kept literal, then XML-escaped.
fn text_element(out: &mut String, text: &str) {
    let text = crate::escape::spreadsheet(text);
    let text = clip(&text);
    let text = parts::escape_excel_escapes(&text);
    // Leading or trailing white space survives only when the XML says so.
    let space = ['\t', '\n', ' '];
    if text.starts_with(space) || text.ends_with(space) {
        out.push_str("<t xml:space=\"preserve\">");
    } else {
        out.push_str("<t>");
    }
    parts::push_text(out, &text);
    out.push_str("</t>");
}

/// Appends `<c r="B7"` and the style, if any: the start of a cell at column `col` of the row
/// whose number is `digits`.
fn cell_start(out: &mut String, (col, digits): (u16, &str), style: Option<usize>) {
    out.push_str("<c r=\"");
    if col < 26 {
        out.push(char::from(b'A' + u8::try_from(col).unwrap_or(0)));
    } else {
        out.push_str(&column_name(col));
    }
    out.push_str(digits);
    out.push('"');
    if let Some(style) = style {
        let _ = write!(out, " s=\"{style}\"");
    }
}

fn number(out: &mut String, at: (u16, &str), style: Option<usize>, value: f64) {
    // Excel has no NaN or infinity; the figures written here never are either.
    let value = if value.is_finite() { value } else { 0.0 };
    cell_start(out, at, style);
    out.push_str("><v>");
    // Scores, seconds and counts are whole: written as integers, which is the same text and
    // much cheaper than the shortest-decimal search of a float.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)] // whole and within ±1e15, so exact
        let whole = value as i64;
        let _ = write!(out, "{whole}");
    } else {
        let _ = write!(out, "{value}");
    }
    out.push_str("</v></c>");
}

/// Excel's serial number of a moment: the day (1900-01-01 is day 1) and the time of day as the
/// fraction; None outside Excel's calendar, 1900 to 9999.
///
/// Excel counts a 29 February 1900 that never was (Lotus 1-2-3's leap-year slip), so from
/// 1900-03-01 on its serial is the number of days since 1899-12-30, and before that one less.
fn excel_serial(when: &Timestamp) -> Option<f64> {
    let at = when.0.naive_utc();
    let year = chrono::Datelike::year(&at.date());
    if !(1900..=9999).contains(&year) {
        return None;
    }
    let day_zero = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let slip = NaiveDate::from_ymd_opt(1900, 3, 1)?;
    let mut days = (at.date() - day_zero).num_days();
    if at.date() < slip {
        days -= 1;
    }
    let seconds = f64::from(at.time().num_seconds_from_midnight());
    Some(days as f64 + seconds / 86_400.0)
}

/// Text cut to Excel's limit on a character boundary, ending with `…` when cut.
fn clip(text: &str) -> Cow<'_, str> {
    // Excel counts UTF-16 units; staying under the limit in those keeps every cell valid. A
    // character never takes more UTF-16 units than UTF-8 bytes, so short text needs no count.
    if text.len() <= MAX_TEXT || text.encode_utf16().count() <= MAX_TEXT {
        return text.into();
    }
    let mut units = 0;
    let mut end = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT - 1 {
            break;
        }
        end = at + c.len_utf8();
    }
    format!("{}…", &text[..end]).into()
}

fn zip_error(path: &Path, err: zip::result::ZipError) -> Error {
    match err {
        zip::result::ZipError::Io(err) => Error::write(path, err),
        other => Error::refused(format!("the workbook could not be written: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_clipped_to_excels_limit() {
        let long = "é".repeat(MAX_TEXT + 10);
        let clipped = clip(&long);
        assert_eq!(clipped.encode_utf16().count(), MAX_TEXT);
        assert!(clipped.ends_with('…'));
        assert_eq!(clip("short"), "short");
        // A character outside the BMP counts twice and is never split.
        let wide = "😀".repeat(MAX_TEXT);
        assert!(clip(&wide).encode_utf16().count() <= MAX_TEXT);
    }

    /// Writes two sheets of `rows` rows each: one after the other, the first ended before the
    /// second starts, or interleaved. Returns the workbook read back (and its folder).
    fn two_sheets(
        rows: u32,
        end_first: bool,
    ) -> (tempfile::TempDir, calamine::Xlsx<std::io::BufReader<File>>) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("book.xlsx");
        let mut file = File::create(&path).expect("the file");
        let mut book = Book::new(&path, &mut file, &["First", "Second"]);
        book.header(0, &["n", "text"]).expect("a header");
        book.header(1, &["n", "when"]).expect("a header");
        let when = Timestamp(chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("a time"));
        for n in 1..=rows {
            let text = format!("row {n} <&> _x0041_");
            let first = [Cell::Number(f64::from(n)), Cell::text(&text)];
            book.row(0, &first).expect("a row");
            if !end_first {
                book.row(1, &[Cell::Number(f64::from(n) + 0.5), Cell::Date(when)])
                    .expect("a row");
            }
        }
        if end_first {
            book.end_sheet(0).expect("the first sheet ends");
            assert!(
                book.row(0, &[Cell::Empty]).is_err(),
                "an ended sheet takes no row"
            );
            for n in 1..=rows {
                book.row(1, &[Cell::Number(f64::from(n) + 0.5), Cell::Date(when)])
                    .expect("a row");
            }
        }
        book.save().expect("saved");
        drop(file);
        let read = calamine::open_workbook(&path).expect("a readable workbook");
        (dir, read)
    }

    #[test]
    fn sheets_stream_in_turn_or_wait_and_read_back_whole() {
        use calamine::{Data, Reader};
        for end_first in [true, false] {
            // Past the rows held for the widths, so both streaming and holding are exercised.
            let (_dir, mut book) = two_sheets(2_500, end_first);
            assert_eq!(book.sheet_names(), ["First", "Second"]);
            let first = book.worksheet_range("First").expect("the first sheet");
            assert_eq!(first.height(), 2_501, "{end_first}");
            assert_eq!(first.get((2_500, 0)), Some(&Data::Float(2_500.0)));
            assert_eq!(
                first.get((7, 1)),
                Some(&Data::String("row 7 <&> _x0041_".to_owned()))
            );
            let second = book.worksheet_range("Second").expect("the second sheet");
            assert_eq!(second.height(), 2_501, "{end_first}");
            assert_eq!(second.get((1, 0)), Some(&Data::Float(1.5)));
            assert!(
                matches!(second.get((2_500, 1)), Some(Data::DateTime(_))),
                "{:?}",
                second.get((2_500, 1))
            );
        }
    }

    #[test]
    fn the_package_opens_with_its_content_types() {
        let (dir, _) = two_sheets(10, true);
        let file = File::open(dir.path().join("book.xlsx")).expect("the workbook");
        let mut archive = zip::ZipArchive::new(file).expect("a zip archive");
        let names: Vec<String> = (0..archive.len())
            .map(|i| {
                let entry = archive.by_index(i).expect("an entry");
                entry.name().expect("a name").into_owned()
            })
            .collect();
        assert_eq!(names[0], "[Content_Types].xml", "{names:?}");
        // Four fixed parts, two sheets, the workbook: each once.
        assert_eq!(names.len(), 7, "{names:?}");
        assert_eq!(names.last().map(String::as_str), Some("xl/workbook.xml"));
    }

    #[test]
    fn column_names_run_past_z() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        let mut cell = String::new();
        cell_start(&mut cell, (27, "9"), Some(3));
        assert_eq!(cell, "<c r=\"AB9\" s=\"3\"");
    }

    #[test]
    fn dates_are_excel_serial_numbers() {
        // 2026-01-01T00:00:00Z is Excel's day 46023; noon adds half a day.
        let at = |seconds| Timestamp(chrono::DateTime::from_timestamp(seconds, 0).expect("a time"));
        assert!((excel_serial(&at(1_767_225_600)).expect("in range") - 46_023.0).abs() < 1e-9);
        assert!((excel_serial(&at(1_767_268_800)).expect("in range") - 46_023.5).abs() < 1e-9);
        // Excel's own serials around its phantom 1900-02-29 (day 60).
        let day = |y, m, d| {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            Timestamp(date.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
        };
        assert_eq!(excel_serial(&day(1900, 1, 1)), Some(1.0));
        assert_eq!(excel_serial(&day(1900, 2, 28)), Some(59.0));
        assert_eq!(excel_serial(&day(1900, 3, 1)), Some(61.0));
        assert_eq!(excel_serial(&day(1899, 12, 31)), None);
        assert_eq!(excel_serial(&day(10_000, 1, 1)), None);
    }

    #[test]
    fn widths_follow_the_longest_line() {
        assert_eq!(Cell::text("ab\nabcd").width(), 4);
        assert_eq!(Cell::text("").width(), 0);
        assert_eq!(Cell::Number(12.5).width(), 4);
    }
}
