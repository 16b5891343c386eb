//! The native command-line shell. Thin: it parses arguments, reads files, calls the core and prints.
//! Exit codes: 0 no error findings, 1 error findings (or unknown check id), 2 input or usage problem.

use std::io::{Read, Write};

use crate::registry;

pub mod saml;
pub mod tool;

pub const USAGE: &str = "\
ssocheck: diagnose AWS IAM Identity Center sign-in problems, locally.

Usage:
  ssocheck checks [--json|--markdown]  List every registered check
  ssocheck explain ID               Explain one check (what, why, how to fix)
  ssocheck saml FILE|- [options]    Analyze a SAML message (see `ssocheck saml --help`)
  ssocheck --version                Print the version
  ssocheck --help                   Print this help

Exit codes: 0 no error findings, 1 error findings or unknown check, 2 unreadable input or bad usage.
";

/// The usage text with every administrator tool (from `tools::TOOLS`).
pub fn usage() -> String {
    let mut tools = String::new();
    for t in crate::tools::TOOLS {
        tools.push_str(&format!("  ssocheck {:<24} {}\n", t.command, t.title));
    }
    if tools.is_empty() {
        USAGE.to_string()
    } else {
        format!("{USAGE}\nAdministrator tools (each has --help, --json and --markdown):\n{tools}")
    }
}

/// Runs the CLI. Generic over the streams so tests can drive it without a process.
pub fn run(args: &[String], stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        None | Some("-h") | Some("--help") | Some("help") => write!(out, "{}", usage()).map(|_| 0),
        Some("-V") | Some("--version") | Some("version") => writeln!(
            out,
            "ssocheck {} (build {})",
            crate::report::APP_VERSION,
            crate::report::BUILD_ID
        )
        .map(|_| 0),
        Some("checks") => checks(&args[1..], out),
        Some("explain") => explain(&args[1..], out, err),
        Some("saml") => saml::run(&args[1..], stdin, out, err),
        Some(cmd) if crate::tools::by_command(cmd).is_some() => match crate::tools::by_command(cmd)
        {
            Some(spec) => tool::run(spec, &args[1..], stdin, out, err),
            None => Ok(2),
        },
        Some(other) => writeln!(err, "ssocheck: unknown command `{other}`\n\n{USAGE}").map(|_| 2),
    };
    result.unwrap_or(2)
}

fn checks(args: &[String], out: &mut dyn Write) -> std::io::Result<i32> {
    if args.iter().any(|a| a == "--json") {
        write!(out, "{}", registry::json())?;
        return Ok(0);
    }
    if args.iter().any(|a| a == "--markdown") {
        write!(out, "{}", registry::markdown_table())?;
        return Ok(0);
    }
    let width = registry::all().map(|c| c.id.len()).max().unwrap_or(10);
    for c in registry::all() {
        writeln!(
            out,
            "{:<width$}  {:<7}  {}",
            c.id,
            c.severity.as_str(),
            c.title
        )?;
    }
    Ok(0)
}

fn explain(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    let Some(id) = args.first() else {
        writeln!(err, "ssocheck explain: give a check id, e.g. `ssocheck explain idc.nameid.format`; `ssocheck checks` lists them")?;
        return Ok(2);
    };
    match registry::get(id) {
        Some(c) => {
            write!(out, "{}", registry::explain_markdown(c))?;
            Ok(0)
        }
        None => {
            let sugg = registry::suggestions(id);
            write!(err, "ssocheck explain: no check has the id `{id}`.")?;
            if !sugg.is_empty() {
                write!(err, " Did you mean: {}?", sugg.join(", "))?;
            }
            writeln!(err, " Run `ssocheck checks` to list every id.")?;
            Ok(1)
        }
    }
}

/// Reads `FILE` or `-` (stdin) with a hard size cap so a huge file cannot exhaust memory.
pub fn read_input(path: &str, stdin: &mut dyn Read, limit: u64) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let res = if path == "-" {
        stdin.take(limit + 1).read_to_end(&mut buf)
    } else {
        std::fs::File::open(path)
            .map_err(|e| format!("cannot open {path}: {e}"))?
            .take(limit + 1)
            .read_to_end(&mut buf)
    };
    res.map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_cli(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut std::io::empty(), &mut out, &mut err);
        (
            code,
            String::from_utf8_lossy(&out).into(),
            String::from_utf8_lossy(&err).into(),
        )
    }

    #[test]
    fn checks_lists_every_registered_id() {
        let (code, out, _) = run_cli(&["checks"]);
        assert_eq!(code, 0);
        for c in registry::all() {
            assert!(
                out.contains(c.id),
                "{} missing from `ssocheck checks`",
                c.id
            );
        }
        let (code, json, _) = run_cli(&["checks", "--json"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v.as_array().map(Vec::len), Some(registry::all().count()));
    }

    #[test]
    fn explain_known_and_unknown() {
        let id = registry::all().next().expect("non-empty").id;
        let (code, out, _) = run_cli(&["explain", id]);
        assert_eq!(code, 0);
        assert!(out.contains("How to fix"));
        let (code, out, err) = run_cli(&["explain", "no.such.check"]);
        assert_eq!(code, 1);
        assert!(out.is_empty());
        assert!(err.contains("no check has the id `no.such.check`"));
        let (code, _, err) = run_cli(&["explain"]);
        assert_eq!(code, 2);
        assert!(err.contains("give a check id"));
    }

    #[test]
    fn help_version_and_unknown_command() {
        assert_eq!(run_cli(&["--help"]).0, 0);
        assert!(run_cli(&["--version"]).1.starts_with("ssocheck "));
        let (code, _, err) = run_cli(&["frobnicate"]);
        assert_eq!(code, 2);
        assert!(err.contains("unknown command"));
    }
}
