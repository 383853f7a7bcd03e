//! The parts of the package around the sheets: content types, relationships, the workbook (sheet
//! names and each sheet's filter range) and the one fixed style sheet every cell's `s` index
//! points into. Written after the sheets, when their row counts are known.

use std::fmt::Write as _;

use super::SHADES;

/// Style indexes (`s="…"`) of the cells, in the order of `cellXfs` in [`STYLES`].
pub const HEADER: usize = 1;
pub const DATE: usize = 2;
pub const DECIMAL: usize = 3;
/// Whole scores shaded by level: `WHOLE + level` (level 0 to 4).
pub const WHOLE: usize = 4;
/// Means shaded by level: `MEAN + level`.
pub const MEAN: usize = 9;

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// `[Content_Types].xml` for a workbook of `sheets` sheets.
pub fn content_types(sheets: usize) -> String {
    let mut xml = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    );
    for n in 1..=sheets {
        let _ = write!(
            xml,
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        );
    }
    xml.push_str("</Types>");
    xml
}

/// `_rels/.rels`: the package's one relationship, to the workbook.
pub fn package_rels() -> String {
    format!(
        "{XML_HEAD}<Relationships xmlns=\"{PACKAGE_REL_NS}\"><Relationship Id=\"rId1\" Type=\"{REL_NS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    )
}

/// `xl/_rels/workbook.xml.rels`: the sheets, then the styles.
pub fn workbook_rels(sheets: usize) -> String {
    let mut xml = format!("{XML_HEAD}<Relationships xmlns=\"{PACKAGE_REL_NS}\">");
    for n in 1..=sheets {
        let _ = write!(
            xml,
            "<Relationship Id=\"rId{n}\" Type=\"{REL_NS}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        );
    }
    let _ = write!(
        xml,
        "<Relationship Id=\"rId{}\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets + 1
    );
    xml
}

/// One sheet as the workbook lists it: its name and, when it has a header, the range its
/// filter covers (last column letter, last row).
pub struct Listed<'a> {
    pub name: &'a str,
    pub filter: Option<(String, u32)>,
}

/// `xl/workbook.xml`: the sheets in order, and each filter's hidden defined name, which Excel
/// expects beside the sheet's `autoFilter`.
pub fn workbook(sheets: &[Listed<'_>]) -> String {
    let mut xml = format!(
        "{XML_HEAD}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><bookViews><workbookView/></bookViews><sheets>"
    );
    for (i, sheet) in sheets.iter().enumerate() {
        let _ = write!(
            xml,
            "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
            attribute(sheet.name),
            i + 1,
            i + 1
        );
    }
    xml.push_str("</sheets>");
    let filters: Vec<String> = sheets
        .iter()
        .enumerate()
        .filter_map(|(i, sheet)| {
            let (column, row) = sheet.filter.as_ref()?;
            Some(format!(
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">{}!$A$1:${column}${row}</definedName>",
                text(&quoted_sheet_name(sheet.name))
            ))
        })
        .collect();
    if !filters.is_empty() {
        xml.push_str("<definedNames>");
        xml.push_str(&filters.concat());
        xml.push_str("</definedNames>");
    }
    xml.push_str("</workbook>");
    xml
}

/// A sheet name as a formula reference names it: quoted unless it is letters, digits and `_`.
fn quoted_sheet_name(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// `xl/styles.xml`: the fixed formats the cells use (see the index constants above).
pub fn styles() -> String {
    let mut fills = String::from(
        "<fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>",
    );
    for shade in SHADES {
        let _ = write!(
            fills,
            "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF{shade:06X}\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        );
    }
    let mut xfs = String::from(
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\"/>\
         <xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
         <xf numFmtId=\"2\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>",
    );
    // Built-in number formats: 1 is `0`, 2 is `0.00`.
    for number_format in [1, 2] {
        for level in 0..SHADES.len() {
            let _ = write!(
                xfs,
                "<xf numFmtId=\"{number_format}\" fontId=\"0\" fillId=\"{}\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>",
                level + 2
            );
        }
    }
    format!(
        "{XML_HEAD}<styleSheet xmlns=\"{MAIN_NS}\">\
         <numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>\
         <fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>\
         <fills count=\"{}\">{fills}</fills>\
         <borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"{}\">{xfs}</cellXfs>\
         <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
         <dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>",
        SHADES.len() + 2,
        MEAN + SHADES.len()
    )
}

/// The start of a sheet's XML, up to its first row: the frozen header row, the column widths.
pub fn sheet_head(selected: bool, widths: &[usize]) -> String {
    let selected = if selected { " tabSelected=\"1\"" } else { "" };
    let mut xml = format!(
        "{XML_HEAD}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheetViews><sheetView{selected} workbookViewId=\"0\">\
         <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView></sheetViews>\
         <sheetFormatPr defaultRowHeight=\"15\"/>"
    );
    if !widths.is_empty() {
        xml.push_str("<cols>");
        // Neighbouring columns of one width share an element, as Excel writes them.
        let mut first = 0;
        while first < widths.len() {
            let mut last = first;
            while last + 1 < widths.len() && widths[last + 1] == widths[first] {
                last += 1;
            }
            // Excel stores a width of n characters as n + 5/7 rounded down to 1/256.
            let _ = write!(
                xml,
                "<col min=\"{}\" max=\"{}\" width=\"{}.7109375\" customWidth=\"1\"/>",
                first + 1,
                last + 1,
                widths[first]
            );
            first = last + 1;
        }
        xml.push_str("</cols>");
    }
    xml.push_str("<sheetData>");
    xml
}

/// The end of a sheet's XML: the filter over the header and its rows.
pub fn sheet_tail(filter: Option<&(String, u32)>) -> String {
    let mut xml = String::from("</sheetData>");
    if let Some((column, row)) = filter {
        let _ = write!(xml, "<autoFilter ref=\"A1:{column}{row}\"/>");
    }
    xml.push_str(
        "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>",
    );
    xml
}

/// Text for element content: `&`, `<` and `>` escaped.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_text(&mut out, value);
    out
}

/// Appends `value` to `out` as element content. Most text has nothing to escape, which is found
/// 64 bytes at a time (a whole chunk without a branch per byte, so it runs on vectors).
pub fn push_text(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let special = |b: u8| matches!(b, b'&' | b'<' | b'>');
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + 64).min(bytes.len());
        let chunk = &bytes[at..end];
        if chunk.iter().fold(false, |any, &b| any | special(b)) {
            for (i, &b) in chunk.iter().enumerate() {
                let entity = match b {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    _ => continue,
                };
                // The escaped bytes are ASCII, so the slices end on character boundaries.
                out.push_str(&value[copied..at + i]);
                out.push_str(entity);
                copied = at + i + 1;
            }
        }
        at = end;
    }
    out.push_str(&value[copied..]);
}

/// Text for an attribute value in double quotes.
fn attribute(value: &str) -> String {
    text(value).replace('"', "&quot;")
}

/// Excel reads `_xHHHH_` in a cell's text as the character U+HHHH; a literal one is written with
/// its underscore escaped (`_x005F_xHHHH_`), so text comes back as it was written.
pub fn escape_excel_escapes(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains("_x") {
        return value.into();
    }
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len() + 6);
    let mut last = 0;
    let mut changed = false;
    for (at, _) in value.match_indices("_x") {
        let escape = bytes.len() >= at + 7
            && bytes[at + 2..at + 6].iter().all(u8::is_ascii_hexdigit)
            && bytes[at + 6] == b'_';
        if escape {
            out.push_str(&value[last..at]);
            out.push_str("_x005F");
            last = at;
            changed = true;
        }
    }
    if !changed {
        return value.into();
    }
    out.push_str(&value[last..]);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_excel_escapes_are_kept_literal() {
        assert_eq!(escape_excel_escapes("plain"), "plain");
        assert_eq!(escape_excel_escapes("a_x0041_b"), "a_x005F_x0041_b");
        assert_eq!(escape_excel_escapes("_x0041_"), "_x005F_x0041_");
        assert_eq!(escape_excel_escapes("_x00G1_ _x12"), "_x00G1_ _x12");
        assert_eq!(
            escape_excel_escapes("_x0041__x0042_"),
            "_x005F_x0041__x005F_x0042_"
        );
    }

    #[test]
    fn text_escapes_markup() {
        assert_eq!(text("a<b>&c\"d"), "a&lt;b&gt;&amp;c\"d");
        // Across and on the edges of 64-byte chunks, after multi-byte characters.
        let long = format!("{}<é>{}&{}", "x".repeat(63), "é".repeat(40), "y".repeat(64));
        let expected = long
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert_eq!(text(&long), expected);
        assert_eq!(attribute("a\"b"), "a&quot;b");
    }

    #[test]
    fn equal_neighbouring_widths_share_a_column_element() {
        let head = sheet_head(false, &[10, 10, 7]);
        assert!(head.contains("<col min=\"1\" max=\"2\" width=\"10.7109375\" customWidth=\"1\"/><col min=\"3\" max=\"3\" width=\"7.7109375\""), "{head}");
    }

    #[test]
    fn filtered_sheets_get_their_defined_name() {
        let xml = workbook(&[
            Listed {
                name: "Summary",
                filter: Some(("M".to_owned(), 240)),
            },
            Listed {
                name: "Two words",
                filter: None,
            },
        ]);
        assert!(
            xml.contains("localSheetId=\"0\" hidden=\"1\">Summary!$A$1:$M$240</definedName>"),
            "{xml}"
        );
        assert!(
            xml.contains("<sheet name=\"Two words\" sheetId=\"2\" r:id=\"rId2\"/>"),
            "{xml}"
        );
        assert_eq!(quoted_sheet_name("Two words"), "'Two words'");
    }
}
