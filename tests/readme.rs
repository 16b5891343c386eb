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

/// `static/boot.js` loads the administrator app for exactly the administrator tools' routes.
#[test]
fn boot_script_knows_every_administrator_route() {
    let boot = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/boot.js"))
        .expect("static/boot.js");
    let line = boot
        .lines()
        .find(|l| l.starts_with("const ADMIN_ROUTES = ["))
        .expect("ADMIN_ROUTES in boot.js");
    let routes: Vec<String> = line
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    let want: Vec<String> = ssocheck::tools::TOOLS
        .iter()
        .map(|t| t.route.to_string())
        .collect();
    assert_eq!(
        routes, want,
        "static/boot.js ADMIN_ROUTES must list tools::TOOLS's routes"
    );
}

/// The README's fuzzing table is `tools/fuzz-ledger.sh`'s summary of `fuzz/ledger.tsv`, the record
/// of every long fuzz run (`tools/fuzz-until.sh` appends to it), so that the figures the README
/// gives are the ones measured. Every target in the Makefile's list has a line in it.
#[test]
fn readme_fuzzing_table_is_the_ledger() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("bash")
        .arg(format!("{root}/tools/fuzz-ledger.sh"))
        .output()
        .expect("bash runs tools/fuzz-ledger.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).expect("UTF-8 table");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    assert!(
        readme.contains(&table),
        "README.md's fuzzing table is stale: paste the output of tools/fuzz-ledger.sh:\n{table}"
    );
    let makefile = std::fs::read_to_string(format!("{root}/Makefile")).expect("Makefile");
    // The definition: its first line and every line continued by a trailing backslash.
    let mut continued = true;
    let targets: Vec<&str> = makefile
        .split("FUZZ_TARGETS :=")
        .nth(1)
        .expect("FUZZ_TARGETS in the Makefile")
        .lines()
        .take_while(|l| std::mem::replace(&mut continued, l.trim_end().ends_with('\\')))
        .flat_map(|l| l.split_whitespace())
        .filter(|w| *w != "\\")
        .collect();
    assert_eq!(targets.len(), 23, "{targets:?}");
    for t in targets {
        assert!(
            table.contains(&format!("| `{t}` |")),
            "no line for fuzz target {t} in fuzz/ledger.tsv"
        );
        assert!(
            std::path::Path::new(&format!("{root}/fuzz/fuzz_targets/{t}.rs")).exists(),
            "fuzz target {t} has no source"
        );
    }
}

/// A chunk that ended in a crash adds no CPU time to the column "CPU time without a crash", and its
/// target is marked "crash recorded" (the README says so).
#[test]
fn fuzzing_table_counts_no_cpu_from_a_crashed_chunk() {
    let root = env!("CARGO_MANIFEST_DIR");
    let ledger = std::env::temp_dir().join(format!("ssocheck-ledger-{}.tsv", std::process::id()));
    std::fs::write(
        &ledger,
        "date_utc\ttarget\tcommit\twall_s\tcpu_s\texecutions\tresult\n\
         2026-12-05T00:00:00Z\tx\tabc\t300\t299\t100\tok\n\
         2026-12-05T00:05:00Z\tx\tabc\t120\t119\t50\texit-77\n",
    )
    .expect("a scratch ledger");
    let out = std::process::Command::new("bash")
        .arg(format!("{root}/tools/fuzz-ledger.sh"))
        .env("LEDGER", &ledger)
        .output()
        .expect("bash runs tools/fuzz-ledger.sh");
    let _ = std::fs::remove_file(&ledger);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("| `x` | 5.0 min | 150 | 2 | 2026-12-05 | crash recorded |"),
        "{table}"
    );
}

/// The Limits section's fuzzing claims follow from the ledger: "All 23 have reached it" only when
/// every target's line says "yes", and the CPU-hours and executions are the ledger's totals over the
/// measured chunks (those with a commit; the earlier sessions' unmeasured runs count nothing).
#[test]
fn readme_fuzzing_limits_follow_from_the_ledger() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let ledger =
        std::fs::read_to_string(format!("{root}/fuzz/ledger.tsv")).expect("fuzz/ledger.tsv");
    let bullet = readme
        .split("- **Fuzzing:**")
        .nth(1)
        .and_then(|b| b.split("\n- **").next())
        .expect("the Fuzzing bullet under Limits");
    let bullet = bullet.split_whitespace().collect::<Vec<_>>().join(" ");
    let rows: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains(" min | "))
        .collect();
    assert_eq!(rows.len(), 23, "fuzzing table rows");
    let all_reached = rows.iter().all(|r| r.ends_with("| yes |"));
    assert_eq!(
        bullet.contains("All 23 have reached it"),
        all_reached,
        "the Limits bullet and the table disagree: {bullet}"
    );
    let (mut cpu_s, mut executions) = (0f64, 0u64);
    for line in ledger.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() == 7 && f[2] != "-" && f[6] == "ok" {
            cpu_s += f[4].parse::<f64>().unwrap_or(0.0);
            executions += f[5].parse::<u64>().unwrap_or(0);
        }
    }
    let hours = format!("{:.1} CPU-hours", cpu_s / 3600.0);
    let millions = format!("{} million executions", (executions as f64 / 1e6).round());
    assert!(bullet.contains(&hours), "expected {hours:?} in: {bullet}");
    assert!(
        bullet.contains(&millions),
        "expected {millions:?} in: {bullet}"
    );
}
