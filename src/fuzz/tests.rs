use super::*;

#[test]
fn inputs_are_reproducible_and_seeds_valid() {
    let seeds = Seeds::new();
    assert!(crate::plan::parse_plan("p.toml", &seeds.plan).is_ok());
    assert!(crate::scorecard::parse_scorecard("s.toml", &seeds.draft).is_ok());
    assert!(crate::scorecard::parse_scorecard("s.toml", &seeds.submitted).is_ok());
    for format in Format::ALL {
        assert_eq!(input(&seeds, format, 7), input(&seeds, format, 7));
        assert_ne!(input(&seeds, format, 7), input(&seeds, format, 8));
    }
}

/// A short slice of the campaign: every format, through every command that reads it.
#[test]
fn a_slice_of_every_format_never_panics_or_hangs() {
    let dir = tempfile::tempdir().unwrap();
    for format in Format::ALL {
        let report = campaign(
            format,
            0,
            12,
            2,
            Duration::from_secs(60),
            &dir.path().join("hang"),
        );
        assert_eq!(report.inputs, 12);
        assert_eq!(report.panics, 0, "{}", report.summary(format));
    }
}

/// Every input that ever failed, kept as it was found (`tests/fuzz-regressions/`).
#[test]
fn inputs_that_once_failed_pass() {
    let seeds = Seeds::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        let format = Format::parse(name.split('-').next().unwrap()).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let dir = tempfile::tempdir().unwrap();
        run_one(&seeds, format, &bytes, dir.path()).unwrap();
        checked += 1;
    }
    assert!(checked > 0);
}
