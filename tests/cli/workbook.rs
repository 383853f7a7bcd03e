//! `export xlsx`: the workbook read back with calamine, every cell's type and value checked
//! against `export csv` of the same workspace; and `compare --format csv --out/--excel`.

use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::io::Read;

use crate::deliverables::{Ans, FIVE_POINT_ROLE, card, five_point_candidate, panel};
use crate::support::{Env, QUESTION_FIELDS, assert_clean_error, mode};

const SHEETS: [&str; 4] = ["Summary", "Answers", "Interviewers", "Questions"];

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("a readable workbook")
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    open(path).worksheet_range(name).expect("the sheet")
}

/// Writes the workbook with these extra flags; returns its path.
fn export_xlsx(env: &Env, extra: &[&str]) -> std::path::PathBuf {
    let out = env.path("out/panel.xlsx");
    std::fs::create_dir_all(env.path("out")).expect("the output folder");
    let mut args = vec![
        "export",
        "xlsx",
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    env.ok(&args);
    out
}

fn export_csv(env: &Env, extra: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["export", "csv"];
    args.extend_from_slice(extra);
    let text = env.ok(&args);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a CSV record").iter().map(String::from).collect())
        .collect()
}

/// What `export csv` writes for a text cell: formula starts get an apostrophe.
fn neutralised(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// The Excel serial date of an RFC 3339 UTC timestamp.
fn serial(text: &str) -> f64 {
    let at = chrono::DateTime::parse_from_rfc3339(text).expect("a timestamp in the CSV");
    at.timestamp() as f64 / 86_400.0 + 25_569.0
}

/// The type a column's cells must have in the workbook.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Number,
    Bool,
    Date,
}

fn answer_kind(column: &str) -> Kind {
    match column {
        "score" | "seconds" => Kind::Number,
        "skipped" => Kind::Bool,
        "rated_at" | "submitted_at" => Kind::Date,
        _ => Kind::Text,
    }
}

fn summary_kind(column: &str) -> Kind {
    match column {
        "candidate_id" | "candidate" | "role" => Kind::Text,
        _ => Kind::Number,
    }
}

/// Checks one cell against the CSV's text for it.
fn assert_cell(cell: &Data, kind: Kind, csv: &str, at: &str) {
    if csv.is_empty() {
        assert_eq!(
            *cell,
            Data::Empty,
            "{at}: an empty CSV cell is an empty cell"
        );
        return;
    }
    match (kind, cell) {
        (Kind::Text, Data::String(text)) => assert_eq!(neutralised(text), csv, "{at}"),
        (Kind::Number, Data::Float(value)) => {
            let expected: f64 = csv.parse().expect("a number in the CSV");
            // The CSV rounds to four decimals; the workbook keeps the exact figure.
            assert!((value - expected).abs() < 5e-5, "{at}: {value} vs {csv}");
        }
        (Kind::Number, Data::Int(value)) => assert_eq!(value.to_string(), csv, "{at}"),
        (Kind::Bool, Data::Bool(value)) => assert_eq!(value.to_string(), csv, "{at}"),
        (Kind::Date, Data::DateTime(date)) => {
            assert!(date.is_datetime(), "{at}");
            assert!(
                (date.as_f64() - serial(csv)).abs() < 1e-6,
                "{at}: {date:?} vs {csv}"
            );
        }
        _ => panic!("{at}: {cell:?} is not a {kind:?} cell for `{csv}`"),
    }
}

/// Every cell of `sheet` against the CSV: same header, same rows in the same order, each cell of
/// its column's type with the CSV's value.
fn assert_sheet_matches_csv(sheet: &Range<Data>, csv: &[Vec<String>], kind: fn(&str) -> Kind) {
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), csv.len(), "rows, header included");
    let header: Vec<String> = rows[0]
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => panic!("header cell {other:?} is not text"),
        })
        .collect();
    assert_eq!(header, csv[0]);
    for (r, (row, expected)) in rows.iter().zip(csv).enumerate().skip(1) {
        assert_eq!(row.len(), expected.len(), "row {r}");
        for (c, (cell, text)) in row.iter().zip(expected).enumerate() {
            assert_cell(
                cell,
                kind(&header[c]),
                text,
                &format!("row {r}, {}", header[c]),
            );
        }
    }
}

fn assert_no_formulas(path: &Path) {
    let mut book = open(path);
    for name in SHEETS {
        let formulas = book.worksheet_formula(name).expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} holds a formula"
        );
    }
}

fn text_of(cell: &Data) -> &str {
    match cell {
        Data::String(s) => s,
        other => panic!("{other:?} is not text"),
    }
}

#[test]
fn answers_sheet_has_every_cell_of_export_csv_typed() {
    let env = panel();
    let out = export_xlsx(&env, &[]);
    let book = open(&out);
    assert_eq!(book.sheet_names(), SHEETS);
    let csv = export_csv(&env, &[]);
    assert_eq!(csv.len(), 1 + 3 * 4 + 3 * 4, "the draft is not exported");
    let answers = sheet(&out, "Answers");
    assert_sheet_matches_csv(&answers, &csv, answer_kind);

    // The id `00123` stays text, formulas stay text without an apostrophe, and text that
    // looks like a number or a date stays text.
    let cells: Vec<&Data> = answers.used_cells().map(|(_, _, c)| c).collect();
    assert!(cells.contains(&&Data::String("00123".into())));
    for text in ["=1+1", "1e5", "2026-01-02", "+44 20 7946 0000", "Zoë Ñúñez"] {
        assert!(cells.contains(&&Data::String(text.into())), "{text}");
    }
    assert!(
        cells.contains(&&Data::String("line one\nline two".into())),
        "multi-line notes stay in one cell"
    );
    assert!(!cells.iter().any(|c| text_cell_has(c, "DRAFT")));
    assert_no_formulas(&out);
}

fn text_cell_has(cell: &Data, needle: &str) -> bool {
    matches!(cell, Data::String(s) if s.contains(needle))
}

#[test]
fn summary_sheet_matches_export_csv_summary() {
    let env = panel();
    let out = export_xlsx(&env, &[]);
    let csv = export_csv(&env, &["--shape", "summary"]);
    assert_eq!(csv.len(), 3, "two candidates");
    assert_sheet_matches_csv(&sheet(&out, "Summary"), &csv, summary_kind);
}

#[test]
fn interviewers_sheet_has_calibrates_rows() {
    let env = panel();
    let out = export_xlsx(&env, &[]);
    let interviewers = sheet(&out, "Interviewers");
    let rows: Vec<&[Data]> = interviewers.rows().collect();
    let header: Vec<&str> = rows[0].iter().map(text_of).collect();
    let fields = [
        "interviewer",
        "scorecards",
        "ratings",
        "mean",
        "leniency",
        "shared_units",
    ];
    assert_eq!(header, fields);
    let calibrate = env.json(&["calibrate"]);
    let expected = calibrate["interviewers"].as_array().unwrap();
    assert_eq!(rows.len() - 1, expected.len());
    assert_eq!(expected.len(), 3);
    for (row, json) in rows[1..].iter().zip(expected) {
        assert_eq!(
            row[0],
            Data::String(json["interviewer"].as_str().unwrap().into())
        );
        for (cell, field) in row[1..].iter().zip(&fields[1..]) {
            let value = json[field].as_f64().expect("a figure");
            match cell {
                Data::Float(v) => assert!((v - value).abs() < 1e-12, "{field}"),
                other => panic!("{field}: {other:?} is not a number"),
            }
        }
    }
}

#[test]
fn interviewers_sheet_is_left_with_its_header_across_scales() {
    let env = panel();
    five_point_candidate(&env);
    let out = env.path("panel.xlsx");
    let (_, stderr) = env.outputs(&["export", "xlsx", "--out", out.to_str().unwrap()]);
    // Scores on a 1-4 and a 1-5 scale are never averaged together into a leniency.
    assert!(
        stderr.contains(
            "note: the Interviewers sheet is left with its header alone: the selected scorecards use 2 rating scales"
        ) && stderr.contains("pick one scale with --role ROLE"),
        "{stderr}"
    );
    assert_eq!(sheet(&out, "Interviewers").rows().count(), 1);
    // The answers are all there: only pooled figures are refused.
    assert_eq!(
        sheet(&out, "Answers").rows().count(),
        export_csv(&env, &[]).len()
    );

    // One role, one scale: the sheet is back.
    let (_, stderr) = env.outputs(&[
        "export",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
        "--role",
        FIVE_POINT_ROLE,
    ]);
    assert!(!stderr.contains("Interviewers sheet"), "{stderr}");
    let interviewers = sheet(&out, "Interviewers");
    assert_eq!(interviewers.rows().count(), 3);
    assert_eq!(
        interviewers.get((1, 3)),
        Some(&Data::Float(1.0)),
        "Alan's mean"
    );
}

#[test]
fn a_date_outside_excels_calendar_is_kept_as_text() {
    let env = panel();
    let mut old = card(
        "Ada Early",
        "ada-early",
        "Grace Hopper",
        vec![Ans("event-loop-phases", "async", Some(3), "", None)],
    );
    old.submitted_at = Some("1899-12-31T23:00:00Z");
    old.write(&env);
    let out = export_xlsx(&env, &[]);
    let answers = sheet(&out, "Answers");
    let header: Vec<&str> = answers.rows().next().unwrap().iter().map(text_of).collect();
    let submitted = header.iter().position(|h| *h == "submitted_at").unwrap();
    let candidate = header.iter().position(|h| *h == "candidate_id").unwrap();
    let row = answers
        .rows()
        .find(|row| text_of(&row[candidate]) == "ada-early")
        .expect("Ada's row");
    assert_eq!(row[submitted], Data::String("1899-12-31T23:00:00Z".into()));
}

#[test]
fn questions_sheet_has_the_questions_reports_columns() {
    let env = panel();
    let out = export_xlsx(&env, &[]);
    let questions = sheet(&out, "Questions");
    let header: Vec<&str> = questions
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(header, QUESTION_FIELDS);
    // One row per question of the `questions` report, in its order, with its counts as numbers.
    let report = env.ok(&["questions", "--format", "csv"]);
    let lines: Vec<Vec<&str>> = report
        .lines()
        .skip(1)
        .map(|line| line.split(',').collect())
        .collect();
    assert!(!lines.is_empty(), "{report}");
    let rows: Vec<_> = questions.rows().skip(1).collect();
    assert_eq!(rows.len(), lines.len(), "{report}");
    for (row, line) in rows.iter().zip(&lines) {
        assert_eq!(text_of(&row[0]), line[0]);
        assert_eq!(text_of(&row[1]), line[1]);
        assert_eq!(
            row[3],
            Data::Float(line[3].parse().expect("asked is a count"))
        );
    }
}

#[test]
fn headers_are_frozen_and_filterable_and_scores_shaded_by_level() {
    let env = panel();
    let out = export_xlsx(&env, &[]);
    // calamine reads values and styles, not panes or filters: those are read from the XML.
    for (index, name) in SHEETS.iter().enumerate() {
        let xml = sheet_xml(&out, index + 1);
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{name}: header row not frozen"
        );
        let rows = sheet(&out, name).height();
        let columns = sheet(&out, name).width();
        let last = char::from(b'A' + u8::try_from(columns - 1).unwrap());
        assert!(
            xml.contains(&format!(r#"<autoFilter ref="A1:{last}{rows}"/>"#)),
            "{name}: no filter over the whole table"
        );
        assert!(!xml.contains("<f>"), "{name} holds a formula");
    }
    let mut book = open(&out);
    let styles = book.worksheet_style("Answers").expect("styles");
    let answers = sheet(&out, "Answers");
    let score_col = 9;
    let fill_of = |row: u32| {
        styles
            .get((row, score_col))
            .and_then(|s| s.fill.clone())
            .and_then(|f| f.foreground_color)
            .map(|c| (c.red, c.green, c.blue))
    };
    let mut by_score = std::collections::BTreeMap::new();
    for (row, cells) in answers.rows().enumerate().skip(1) {
        if let Data::Float(score) = cells[score_col as usize] {
            let row = u32::try_from(row).unwrap();
            by_score.insert(format!("{score}"), fill_of(row).expect("a shaded score"));
        }
    }
    assert_eq!(
        by_score["1"],
        (0xF8, 0x69, 0x6B),
        "the bottom of the scale is red"
    );
    assert_eq!(by_score["4"], (0x63, 0xBE, 0x7B), "the top is green");
    assert_ne!(by_score["2"], by_score["3"]);
    assert_eq!(mode(&out), 0o600);
}

/// The XML of the `number`th worksheet (1-based, workbook order).
fn sheet_xml(path: &Path, number: usize) -> String {
    let file = std::fs::File::open(path).expect("the workbook");
    let mut archive = zip::ZipArchive::new(file).expect("a zip archive");
    let mut entry = archive
        .by_name(&format!("xl/worksheets/sheet{number}.xml"))
        .expect("the worksheet");
    let mut xml = String::new();
    entry.read_to_string(&mut xml).expect("UTF-8 XML");
    xml
}

#[test]
fn column_widths_fit_the_content_within_bounds() {
    let env = panel();
    let long = "word ".repeat(200);
    card(
        "Wide",
        "wide",
        "Grace Hopper",
        vec![Ans("q", "async", Some(2), &long, None)],
    )
    .write(&env);
    let out = export_xlsx(&env, &[]);
    let xml = sheet_xml(&out, 2);
    let widths: Vec<f64> = xml
        .split("<col ")
        .skip(1)
        .map(|col| {
            let at = col.find("width=\"").unwrap() + 7;
            col[at..].split('"').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(!widths.is_empty(), "column widths are set");
    assert!(
        widths.iter().all(|w| (6.0..=62.0).contains(w)),
        "{widths:?}"
    );
    // The notes column is the widest (capped), the scorecard uuid column fits 36 characters.
    let max = widths.iter().copied().fold(0.0, f64::max);
    assert!(max > 60.0, "{widths:?}");
    assert!(xml.contains(r#"width="37.7109375""#), "uuid columns fit");
}

#[test]
fn filters_and_anonymize_give_the_same_rows_as_export_csv() {
    let env = panel();
    for flags in [
        vec!["--candidate", "00123"],
        vec!["--interviewer", "Grace Hopper"],
        vec!["--since", "2026-01-16"],
        vec!["--anonymize"],
    ] {
        let out = export_xlsx(&env, &flags);
        assert_sheet_matches_csv(
            &sheet(&out, "Answers"),
            &export_csv(&env, &flags),
            answer_kind,
        );
        let mut summary = flags.clone();
        summary.extend(["--shape", "summary"]);
        assert_sheet_matches_csv(
            &sheet(&out, "Summary"),
            &export_csv(&env, &summary),
            summary_kind,
        );
    }
    let out = export_xlsx(&env, &["--anonymize"]);
    for name in SHEETS {
        for (_, _, cell) in sheet(&out, name).used_cells() {
            for secret in ["00123", "Zoë", "Ñúñez", "Alan Kay", "alan-kay"] {
                assert!(!text_cell_has(cell, secret), "{name} shows {secret}");
            }
        }
    }
}

#[test]
fn a_rerun_replaces_the_workbook_and_leaves_no_temporary_file() {
    let env = panel();
    let out = export_xlsx(&env, &[]);
    let before = sheet(&out, "Answers").height();
    export_xlsx(&env, &["--candidate", "alan-kay"]);
    assert_eq!(sheet(&out, "Answers").height(), 1 + 12);
    assert!(before > 13);
    let names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["panel.xlsx"]);
}

#[test]
fn a_workbook_in_a_missing_folder_is_a_clean_error() {
    let env = panel();
    let stderr = env.fails(&["export", "xlsx", "--out", "nowhere/panel.xlsx"], 1);
    assert_clean_error(&stderr);
    assert_eq!(
        stderr.lines().next().unwrap_or_default(),
        "error: cannot write `nowhere/panel.xlsx`: folder `nowhere` does not exist"
    );
    env.write("a.csv", "x");
    let stderr = env.fails(&["export", "xlsx", "--out", "a.csv/panel.xlsx"], 1);
    assert_eq!(
        stderr.lines().next().unwrap_or_default(),
        "error: cannot write `a.csv/panel.xlsx`: `a.csv` is a file, not a folder"
    );
    let stderr = env.fails(&["export", "csv", "--out", "reports/"], 1);
    assert_eq!(
        stderr.lines().next().unwrap_or_default(),
        "error: cannot write `reports/`: it names a folder; give a file name"
    );
}

#[test]
fn out_refuses_a_folder_a_fifo_and_a_device_and_leaves_them_as_they_were() {
    use std::os::unix::fs::FileTypeExt;
    let env = panel();
    let folder = env.path("reports");
    std::fs::create_dir(&folder).expect("a folder");
    let fifo = env.path("pipe");
    crate::untrusted::mkfifo(&fifo);
    for (out, why) in [
        (folder.to_str().unwrap(), "it is a folder; give a file name"),
        (
            fifo.to_str().unwrap(),
            "it is a FIFO; scorecard writes only regular files",
        ),
        (
            "/dev/null",
            "it is a device; scorecard writes only regular files",
        ),
    ] {
        for export in [
            &["export", "xlsx"][..],
            &["export", "csv"],
            &["export", "html"],
        ] {
            let mut args = export.to_vec();
            args.extend(["--out", out]);
            let stderr = env.fails(&args, 1);
            assert_clean_error(&stderr);
            assert!(
                stderr.starts_with(&format!("error: cannot write `{out}`: {why}")),
                "{stderr}"
            );
            assert!(
                !stderr.contains(".scorecard-"),
                "no temporary file name: {stderr}"
            );
        }
    }
    assert!(folder.is_dir());
    assert!(
        std::fs::metadata(&fifo)
            .expect("the FIFO")
            .file_type()
            .is_fifo()
    );
    assert!(
        std::fs::metadata("/dev/null")
            .expect("/dev/null")
            .file_type()
            .is_char_device()
    );
}

#[test]
fn an_empty_workspace_gives_the_headers_alone() {
    let env = Env::new();
    card(
        "Solo",
        "solo",
        "Grace Hopper",
        vec![Ans("q", "async", Some(2), "", None)],
    )
    .write(&env);
    let out = export_xlsx(&env, &["--role", "Nobody"]);
    for name in SHEETS {
        assert_eq!(sheet(&out, name).height(), 1, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// compare --format csv --out/--excel
// ---------------------------------------------------------------------------------------------

#[test]
fn compare_csv_out_writes_the_same_csv_to_a_private_file() {
    let env = panel();
    let stdout = env.ok(&["compare", "--format", "csv"]);
    let file = env.path("compare.csv");
    let printed = env.ok(&[
        "compare",
        "--format",
        "csv",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(printed, "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    assert_eq!(mode(&file), 0o600);

    env.ok(&[
        "compare",
        "--format",
        "csv",
        "--excel",
        "--out",
        file.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&file).unwrap();
    let expected = format!("\u{feff}{}", stdout.replace('\n', "\r\n"));
    assert_eq!(String::from_utf8(bytes).unwrap(), expected);

    let excel_stdout = env.ok(&["compare", "--format", "csv", "--excel"]);
    assert_eq!(excel_stdout, expected);
}

#[test]
fn file_writing_exports_confirm_on_stderr_unless_quiet() {
    let env = panel();
    let xlsx = env.path("p.xlsx");
    let html = env.path("p.html");
    let csv = env.path("c.csv");
    let runs: [(Vec<&str>, String); 3] = [
        (
            vec!["export", "xlsx", "--out", xlsx.to_str().unwrap()],
            format!("wrote 24 answers of 2 candidates to {}", xlsx.display()),
        ),
        (
            vec!["export", "html", "--out", html.to_str().unwrap()],
            format!("wrote the debrief of 2 candidates to {}", html.display()),
        ),
        (
            vec!["compare", "--format", "csv", "--out", csv.to_str().unwrap()],
            format!("wrote 3 rows (and the header) to {}", csv.display()),
        ),
    ];
    for (args, said) in runs {
        let (stdout, stderr) = env.outputs(&args);
        assert_eq!(stdout, "");
        assert!(
            stderr.lines().any(|line| line == said),
            "{args:?}: {stderr}"
        );
        let mut quiet = args.clone();
        quiet.push("--quiet");
        let (_, stderr) = env.outputs(&quiet);
        assert!(!stderr.contains("wrote"), "{quiet:?}: {stderr}");
    }
}

#[test]
fn a_workbook_or_page_that_matches_nothing_names_the_filter() {
    let env = panel();
    let xlsx = env.path("r.xlsx");
    let (_, stderr) = env.outputs(&[
        "export",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
        "--role",
        "nope",
    ]);
    assert!(
        stderr.contains("--role `nope` matches no submitted scorecards in workspace"),
        "{stderr}"
    );
    let html = env.path("r.html");
    let (_, stderr) = env.outputs(&[
        "export",
        "html",
        "--out",
        html.to_str().unwrap(),
        "--interviewer",
        "Grace Hoper",
    ]);
    assert!(
        stderr.contains("--interviewer `Grace Hoper` matches no submitted scorecards")
            && stderr.contains("Grace Hopper"),
        "{stderr}"
    );
}

#[test]
fn an_interviewer_spelt_two_ways_is_listed_once_in_a_hint() {
    let env = panel();
    card(
        "Bo Other",
        "bo-other",
        "grace hopper",
        vec![Ans("event-loop-phases", "async", Some(3), "", None)],
    )
    .write(&env);
    let (_, stderr) = env.outputs(&["export", "csv", "--interviewer", "Grace Hoper"]);
    let listed = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("interviewers there:"))
        .expect("the hint");
    assert_eq!(
        listed.to_lowercase().matches("grace hopper").count(),
        1,
        "{listed}"
    );
}

#[test]
fn a_date_filter_that_matches_nothing_says_when_the_scorecards_were_submitted() {
    let env = panel();
    let (_, stderr) = env.outputs(&["export", "csv", "--since", "2030-01-01"]);
    assert!(
        stderr.contains(
            "match the filters, submitted on or after 2030-01-01: the 6 there were submitted from 2026-01-15 to 2026-01-20"
        ),
        "{stderr}"
    );
}

#[test]
fn a_write_that_fails_is_one_line_naming_the_file_the_user_gave() {
    let env = panel();
    for command in [
        "export csv --out a.csv",
        "compare --format csv --out c.csv",
        "export xlsx --out a.xlsx",
        "export html --out a.html",
        "export markdown --out a.md",
    ] {
        // No file may grow past 0 bytes: every write fails as on a full disk.
        let output = crate::support::sealed_std(std::process::Command::new("sh"))
            .current_dir(env.root())
            .env("SCORECARD_WORKSPACE", env.ws())
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f 0; exec {} {command}",
                crate::support::BIN
            ))
            .output()
            .expect("run under a file-size limit");
        let stderr = String::from_utf8(output.stderr).expect("UTF-8");
        let out = command.rsplit(' ').next().unwrap_or_default();
        let errors: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("note:")).collect();
        assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
        assert_eq!(errors.len(), 1, "{command}: {stderr}");
        assert!(
            errors[0].starts_with(&format!("error: cannot write `{out}`: ")),
            "{command}: {stderr}"
        );
        assert!(
            !stderr.contains(".scorecard-") && !stderr.contains("ZipWriter"),
            "{stderr}"
        );
        assert!(
            !env.path(out).exists(),
            "{command}: nothing is left half-written"
        );
    }
}

#[test]
fn out_never_replaces_the_workspaces_own_files_nor_acts_first() {
    let env = panel();
    let card = std::fs::read_dir(env.path("ws/candidates/00123"))
        .expect("a candidate folder")
        .map(|e| e.expect("an entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("scorecard-"))
        })
        .expect("a scorecard");
    let before = std::fs::read(&card).expect("the scorecard");
    let settings = env.path("ws/scorecard.toml");
    std::fs::write(&settings, "").expect("settings");
    for out in [card.to_str().unwrap(), settings.to_str().unwrap()] {
        for args in [
            vec!["export", "csv", "--out", out],
            vec!["export", "xlsx", "--anonymize", "--out", out],
            vec!["export", "html", "--out", out],
            vec!["compare", "--format", "csv", "--out", out],
        ] {
            let stderr = env.fails(&args, 2);
            assert_clean_error(&stderr);
            assert!(
                stderr.contains("is inside the workspace's own files"),
                "{args:?}: {stderr}"
            );
        }
    }
    let stderr = env.fails(
        &[
            "export",
            "markdown",
            "--out",
            env.path("ws/candidates").to_str().unwrap(),
        ],
        2,
    );
    assert!(
        stderr.contains("is inside the workspace's own files"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&card).expect("the scorecard"), before);
    // Refused before anything was done: no pseudonym key was made for the refused export.
    assert!(!env.path("ws/anonymize.key").exists());
}

#[test]
fn compare_out_without_csv_is_a_usage_error() {
    let env = panel();
    for args in [
        vec!["compare", "--out", "x.csv"],
        vec!["compare", "--format", "json", "--excel"],
    ] {
        let stderr = env.fails(&args, 2);
        assert!(stderr.contains("--format csv"), "{stderr}");
    }
    assert!(!env.path("x.csv").exists());
}

/// The `Questions` sheet against `scorecard questions --format json` with the same selection:
/// every field of every row.
fn assert_questions_sheet_is_the_report(path: &Path, report: &str, what: &str) {
    let report: serde_json::Value = serde_json::from_str(report).expect("the report's JSON");
    let expected = report["questions"].as_array().expect("the report's rows");
    let questions = sheet(path, "Questions");
    let rows: Vec<_> = questions.rows().skip(1).collect();
    assert!(!expected.is_empty(), "{what}: the report has rows");
    assert_eq!(rows.len(), expected.len(), "{what}: one row per question");
    for (row, fields) in rows.iter().zip(expected) {
        for (column, name) in QUESTION_FIELDS.iter().enumerate() {
            let at = format!("{what}: {} {name}", fields["question"]);
            match &fields[name] {
                serde_json::Value::Null => assert_eq!(row[column], Data::Empty, "{at}"),
                serde_json::Value::String(text) => assert_eq!(text_of(&row[column]), text, "{at}"),
                serde_json::Value::Number(n) => {
                    // The workbook's XML holds the shortest decimal that reads back within a
                    // unit in the last place.
                    let Data::Float(value) = row[column] else {
                        panic!("{at}: {:?} is not a number", row[column]);
                    };
                    let expected = n.as_f64().expect("a finite number");
                    assert!(
                        (value - expected).abs() <= 1e-12 * expected.abs().max(1.0),
                        "{at}: {value} against {expected}"
                    );
                }
                serde_json::Value::Array(flags) => {
                    let joined: Vec<&str> =
                        flags.iter().map(|f| f.as_str().expect("a flag")).collect();
                    let cell = if joined.is_empty() {
                        Data::Empty
                    } else {
                        Data::String(joined.join(";"))
                    };
                    assert_eq!(row[column], cell, "{at}");
                }
                other => panic!("{at}: unexpected {other}"),
            }
        }
    }
}

#[test]
fn questions_sheet_is_the_questions_report_for_every_selection() {
    let env = Env::new();
    let shape = scorecard::synth::Shape {
        candidates: 120,
        scorecards: 3,
        answers: 6,
        drafts: 0.1,
        seed: 11,
    };
    scorecard::synth::workspace(&env.ws(), shape).expect("generate a workspace");
    let first = std::fs::read_dir(env.ws().join("candidates"))
        .expect("the candidates folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .min()
        .expect("a candidate");
    // The export's own scan tallies the questions when it reads every candidate in id order;
    // a narrower or reordered export reads them once more. Both give the report's rows, and
    // `--candidate` and `--interviewer` never narrow the sheet.
    let cases: [(&[&str], &[&str]); 5] = [
        (&[], &[]),
        (&["--include-pending"], &["--include-pending"]),
        (
            &["--role", "Senior backend engineer", "--since", "2020-01-01"],
            &["--role", "Senior backend engineer", "--since", "2020-01-01"],
        ),
        (&["--anonymize"], &[]),
        (&["--candidate", &first], &[]),
    ];
    for (export, report) in cases {
        let out = export_xlsx(&env, export);
        let mut args = vec!["questions", "--format", "json"];
        args.extend_from_slice(report);
        assert_questions_sheet_is_the_report(&out, &env.ok(&args), &format!("{export:?}"));
    }
}
