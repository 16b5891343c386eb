//! The command line of every administrator tool, generated from its [`ToolSpec`]:
//! `ssocheck COMMAND [INPUT...] [--FLAG VALUE]... [--json|--markdown]`.
//!
//! - `MainInput::Files`: each positional argument is a file (`-` reads standard input);
//! - `MainInput::Text`: the positional arguments joined by spaces;
//! - `FieldKind::Text`/`Select`: `--flag VALUE`; `TextArea`: `--flag FILE`;
//! - `FieldKind::Secret`: read from standard input only (never an argument: it would show in the
//!   shell history and the process list).
//!
//! Exit codes as for `ssocheck saml`: 0 no error findings, 1 error findings, 2 the input cannot be
//! read or is not this tool's kind of input, or bad usage.

use std::io::{Read, Write};

use crate::tools::{self, FieldKind, InputFile, MainInput, ToolRequest, ToolSpec};

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The `--help` text of one tool, from its spec.
pub fn help(spec: &ToolSpec) -> String {
    let mut usage = format!("ssocheck {}", spec.command);
    match spec.input {
        MainInput::Files { multiple, .. } => {
            usage.push_str(if multiple { " FILE|-..." } else { " FILE|-" })
        }
        MainInput::Text { .. } => usage.push_str(" TEXT"),
        MainInput::None => {}
    }
    let mut opts = String::new();
    for f in spec.fields {
        if f.flag.is_empty() {
            continue;
        }
        let arg = match f.kind {
            FieldKind::Text { .. } => " VALUE".to_string(),
            FieldKind::Select(choices) => {
                let v: Vec<&str> = choices.iter().map(|(v, _)| *v).collect();
                format!(" {}", v.join("|"))
            }
            FieldKind::TextArea { .. } => " FILE".to_string(),
            FieldKind::Secret => " (read from standard input)".to_string(),
        };
        usage.push_str(&format!(" [{}{}]", f.flag, arg));
        opts.push_str(&format!(
            "  {}{}\n      {}: {}\n",
            f.flag, arg, f.label, f.help
        ));
    }
    usage.push_str(" [--now RFC3339] [--json|--markdown]");
    format!(
        "ssocheck {cmd}: {title} (locally; nothing leaves this machine).\n\n{intro}\n\nUsage:\n  {usage}\n\nOptions:\n{opts}  --now T\n      Reference time (RFC 3339); default: now\n  --json\n      One JSON object; its `findings` array holds check, severity, title, message, evidence, fix\n  --markdown\n      A Markdown report\n{extra}\nExit codes: 0 no error findings, 1 error findings, 2 input cannot be read, is not this tool's kind of input, or bad usage.\n",
        cmd = spec.command,
        title = spec.title,
        intro = spec.intro,
        extra = if spec.cli_help.is_empty() { String::new() } else { format!("\n{}\n", spec.cli_help) },
    )
}

/// Parses the arguments into a request; `Err` is the usage message for exit code 2.
pub fn request(
    spec: &ToolSpec,
    args: &[String],
    stdin: &mut dyn Read,
) -> Result<(ToolRequest, Format), String> {
    let name = spec.command;
    let mut req = ToolRequest {
        tool: spec.id.to_string(),
        now_ms: now_ms(),
        ..ToolRequest::default()
    };
    let mut format = Format::Text;
    let mut positional: Vec<String> = Vec::new();
    let mut stdin_used = false;
    let mut read_stdin = |what: &str| -> Result<Vec<u8>, String> {
        if stdin_used {
            return Err(format!(
                "ssocheck {name}: standard input can be read only once ({what})"
            ));
        }
        stdin_used = true;
        let mut buf = Vec::new();
        stdin
            .read_to_end(&mut buf)
            .map_err(|e| format!("ssocheck {name}: cannot read standard input: {e}"))?;
        Ok(buf)
    };
    // Secrets first take standard input, so a secret and `-` cannot both be used.
    for f in spec.fields.iter().filter(|f| f.kind == FieldKind::Secret) {
        let bytes = read_stdin(f.label)?;
        let text = String::from_utf8_lossy(&bytes);
        let line = text.lines().next().unwrap_or("").to_string();
        req.fields.push((f.name.to_string(), line));
    }
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "--json" => format = Format::Json,
            "--markdown" => format = Format::Markdown,
            "--now" => {
                i += 1;
                let v = args
                    .get(i)
                    .ok_or(format!("ssocheck {name}: --now needs a value"))?;
                req.now_ms = crate::time::parse_rfc3339(v)
                    .map_err(|e| format!("ssocheck {name}: --now: {e}"))?;
            }
            _ if spec.fields.iter().any(|f| {
                f.kind == FieldKind::Secret
                    && !f.flag.is_empty()
                    && a.starts_with(&format!("{}=", f.flag))
            }) =>
            {
                return Err(format!(
                    "ssocheck {name}: secrets are read from standard input only (the argument is not shown)"
                ));
            }
            _ if a.starts_with("--") => {
                let field = spec
                    .fields
                    .iter()
                    .find(|f| !f.flag.is_empty() && f.flag == a)
                    .ok_or(format!(
                        "ssocheck {name}: unknown option `{a}` (see --help)"
                    ))?;
                if field.kind == FieldKind::Secret {
                    return Err(format!(
                        "ssocheck {name}: {} is read from standard input only",
                        field.label
                    ));
                }
                i += 1;
                let v = args
                    .get(i)
                    .ok_or(format!("ssocheck {name}: {a} needs a value"))?
                    .clone();
                match field.kind {
                    FieldKind::TextArea { .. } => {
                        let bytes = if v == "-" {
                            read_stdin(a)?
                        } else {
                            std::fs::read(&v)
                                .map_err(|e| format!("ssocheck {name}: cannot read {v}: {e}"))?
                        };
                        req.files.push(InputFile {
                            name: field.name.to_string(),
                            bytes,
                        });
                    }
                    FieldKind::Select(choices) => {
                        if !choices.iter().any(|(c, _)| *c == v) {
                            let list: Vec<&str> = choices.iter().map(|(c, _)| *c).collect();
                            return Err(format!(
                                "ssocheck {name}: {a} takes one of {}",
                                list.join(", ")
                            ));
                        }
                        req.fields.push((field.name.to_string(), v));
                    }
                    _ => req.fields.push((field.name.to_string(), v)),
                }
            }
            _ => positional.push(a.to_string()),
        }
        i += 1;
    }
    match spec.input {
        MainInput::Files { multiple, .. } => {
            if positional.is_empty() && !spec.runs_without_input {
                return Err(format!(
                    "ssocheck {name}: give a FILE, or - for standard input"
                ));
            }
            if positional.len() > 1 && !multiple {
                return Err(format!("ssocheck {name}: give one FILE"));
            }
            let mut main = Vec::new();
            for p in &positional {
                let bytes = if p == "-" {
                    read_stdin("input")?
                } else {
                    std::fs::read(p)
                        .map_err(|e| format!("ssocheck {name}: cannot read {p}: {e}"))?
                };
                let file_name = if p == "-" {
                    String::new()
                } else {
                    std::path::Path::new(p)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                };
                main.push(InputFile {
                    name: file_name,
                    bytes,
                });
            }
            // Main files first, then the TextArea fields, as the page sends them.
            main.append(&mut req.files);
            req.files = main;
        }
        MainInput::Text { .. } => {
            if positional.is_empty() && !spec.runs_without_input {
                return Err(format!("ssocheck {name}: give the TEXT to check"));
            }
            req.files.insert(
                0,
                InputFile {
                    name: String::new(),
                    bytes: positional.join(" ").into_bytes(),
                },
            );
        }
        MainInput::None => {
            if let Some(p) = positional.first() {
                // A tool with a secret never echoes a stray argument: it may be the secret.
                if let Some(secret) = spec.fields.iter().find(|f| f.kind == FieldKind::Secret) {
                    return Err(format!(
                        "ssocheck {name}: unexpected argument (not shown); the {} is read from standard input only",
                        secret.label.to_lowercase()
                    ));
                }
                return Err(format!("ssocheck {name}: unexpected argument `{p}`"));
            }
        }
    }
    Ok((req, format))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

pub fn run(
    spec: &ToolSpec,
    args: &[String],
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        write!(out, "{}", help(spec))?;
        return Ok(0);
    }
    let (req, format) = match request(spec, args, stdin) {
        Ok(r) => r,
        Err(msg) => {
            writeln!(err, "{msg}")?;
            return Ok(2);
        }
    };
    let doc = tools::run(&req);
    match format {
        Format::Json => writeln!(out, "{}", doc.to_json())?,
        Format::Markdown => write!(out, "{}", doc.to_markdown())?,
        Format::Text => write!(out, "{}", doc.to_text())?,
    }
    if !doc.accepted {
        writeln!(err, "ssocheck {}: {}", spec.command, doc.detected)?;
    }
    Ok(doc.exit_code())
}
