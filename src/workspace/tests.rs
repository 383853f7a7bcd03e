use super::*;

#[test]
fn slugs_are_safe() {
    let id = |name: &str| CandidateId::from_name(name).map(|id| id.0);
    assert_eq!(id("Ada Lovelace").unwrap(), "ada-lovelace");
    assert_eq!(id("../../x").unwrap(), "x");
    assert_eq!(id("José Núñez-García").unwrap(), "jose-nunez-garcia");
    assert_eq!(id("  Émile   Zola  ").unwrap(), "emile-zola");
    assert!(id("").is_err());
    assert!(id("/// ..").is_err());
    assert_eq!(id(&"x".repeat(200)).unwrap().len(), 64);
    assert_eq!(
        id(&format!("{} z", "a".repeat(63))).unwrap(),
        "a".repeat(63)
    );
    for name in ["🙂", "李小龙", "Ωμέγα", "a\0b", "C:\\Windows\\x"] {
        if let Ok(slug) = id(name) {
            assert!(
                crate::fields::is_valid_candidate_id(&slug),
                "{name} -> {slug}"
            );
        }
    }
}

#[test]
fn given_ids_are_checked() {
    assert!(CandidateId::parse("ats-12345").is_ok());
    for bad in ["", "../x", "A", "-x", "a/b", "a b", &"a".repeat(65)] {
        assert!(CandidateId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn kind_ids_come_from_file_names() {
    let id = "019ac1e2-0000-7000-8000-000000000000";
    assert_eq!(
        Kind::Plan.id_of(Path::new(&format!("x/plan-{id}.toml"))),
        Some(id)
    );
    assert_eq!(
        Kind::Scorecard.id_of(Path::new(&format!("plan-{id}.toml"))),
        None
    );
    assert_eq!(Kind::Plan.id_of(Path::new("plan-1234.toml")), None);
}

#[test]
fn writes_are_private_and_never_clobber() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.toml");
    write_new(&path, b"one").unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(write_new(&path, b"two").is_err());
    assert_eq!(fs::read(&path).unwrap(), b"one");
    let old = update(&path, |bytes| {
        assert_eq!(bytes, b"one");
        Ok((b"three".to_vec(), bytes.len()))
    })
    .unwrap();
    assert_eq!(old, 3);
    assert_eq!(fs::read(&path).unwrap(), b"three");
    let failed: Result<()> = update(&path, |_| Err(Error::refused("no")));
    assert!(failed.is_err());
    assert_eq!(fs::read(&path).unwrap(), b"three");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left behind");
}
