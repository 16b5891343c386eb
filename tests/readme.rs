//! The README's table of checks is generated from the registry (`ssocheck checks --markdown`); this
//! test fails when a check is added without regenerating it (`make readme-checks`).

#[test]
fn readme_table_of_checks_is_current() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let table = ssocheck::registry::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's table of checks is stale: run `make readme-checks` and commit README.md"
    );
}

/// The page's `#/checks` reads `static/checks.json`; it must be the registry as it is now.
#[test]
fn checks_json_is_current() {
    let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/checks.json"))
        .expect("static/checks.json");
    assert!(
        file == ssocheck::registry::json(),
        "static/checks.json is stale: run `make readme-checks` and commit it"
    );
    let docs: Vec<ssocheck::registry::CheckDoc> =
        serde_json::from_str(&file).expect("checks.json parses as the page reads it");
    assert_eq!(docs.len(), ssocheck::registry::all().count());
}
