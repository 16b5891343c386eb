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
