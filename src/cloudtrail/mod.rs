//! `#/cloudtrail` and `ssocheck cloudtrail`: reads CloudTrail events in every shape an administrator
//! has, groups sign-in events into attempts, and explains password, sign-in, external-IdP, SCIM and
//! provisioning failures and re-created principals, with the same questions as Athena and CloudTrail
//! Lake SQL for trails too large for the page.

pub mod checks;
mod csv;
pub mod document;
pub mod explain;
pub mod filter;
pub mod gzip;
pub mod input;
pub mod lenient;
pub mod model;
pub mod principals;
pub mod rules;
pub mod signin;
pub mod sql;

use crate::assignments::listing::{self, Listings};
use crate::doc::Document;
use crate::tools::{FieldKind, FieldSpec, MainInput, ToolRequest, ToolSpec};
use crate::topics::Topic;

use filter::{Filter, OutcomeFilter};
use input::Parsed;
use rules::Detection;
use signin::Attempt;

pub const TOOL: ToolSpec = ToolSpec {
    id: "cloudtrail",
    route: "cloudtrail",
    command: "cloudtrail",
    label: "CloudTrail",
    title: "Read CloudTrail sign-in, password and provisioning events",
    intro: "Drop trail files (.json or .json.gz), aws cloudtrail lookup-events output, or the console's Event history download (JSON or CSV). Sign-in events are grouped into attempts with the step that failed; password, external identity provider and SCIM failures and re-created users are explained. Nothing leaves this page: these logs name users.",
    input: MainInput::Files {
        label: "CloudTrail events",
        placeholder: "{\"Records\":[{\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"CredentialVerification\",...}]}",
        accept: ".json,.gz,.jsonl,.csv,.txt,application/json,application/gzip,text/csv",
        multiple: true,
    },
    fields: &[
        FieldSpec {
            name: "user",
            label: "User",
            help: "Only this user: as typed at sign-in, a user name, an e-mail or an Identity Center user id",
            flag: "--user",
            kind: FieldKind::Text {
                placeholder: "alice@example.com",
            },
        },
        FieldSpec {
            name: "source",
            label: "Event source",
            help: "Only events from this source (a prefix such as signin or identitystore-scim.amazonaws.com)",
            flag: "--source",
            kind: FieldKind::Text {
                placeholder: "signin.amazonaws.com",
            },
        },
        FieldSpec {
            name: "outcome",
            label: "Outcome",
            help: "Show every event, only failures, or only successes",
            flag: "--outcome",
            kind: FieldKind::Select(&[
                ("all", "All"),
                ("failure", "Failures"),
                ("success", "Successes"),
            ]),
        },
        FieldSpec {
            name: "from",
            label: "From",
            help: "Only events at or after this time (RFC 3339, e.g. 2025-03-01T00:00:00Z); also the start of the SQL time range",
            flag: "--from",
            kind: FieldKind::Text {
                placeholder: "2025-03-01T00:00:00Z",
            },
        },
        FieldSpec {
            name: "to",
            label: "To",
            help: "Only events at or before this time (RFC 3339); also the end of the SQL time range",
            flag: "--to",
            kind: FieldKind::Text {
                placeholder: "2025-03-02T00:00:00Z",
            },
        },
        FieldSpec {
            name: "sql",
            label: "SQL",
            help: "Which queries to print for running where the trail lives: both dialects (none chosen), Amazon Athena, or CloudTrail Lake",
            flag: "--sql",
            kind: FieldKind::Select(&[
                ("none", "Both dialects"),
                ("athena", "Amazon Athena"),
                ("lake", "CloudTrail Lake"),
            ]),
        },
        FieldSpec {
            name: "users",
            label: "Identity Center users (optional)",
            help: "The output of aws identitystore list-users: a failed sign-in by a user it lacks was made before provisioning",
            flag: "--users",
            kind: FieldKind::TextArea {
                placeholder: "{\"Users\":[{\"UserId\":\"...\",\"UserName\":\"alice@example.com\"}]}",
            },
        },
    ],
    runs_without_input: false,
    topics: &[
        Topic::MfaBeforeProvisioning,
        Topic::StaleAssignment,
        Topic::PasswordReset,
        Topic::ExternalIdpSignIn,
        Topic::ScimSync,
        Topic::TotpClock,
    ],
    cli_help: "Several files may be given (trail files, .json.gz, lookup-events output, console JSON/CSV).\nThe Athena and CloudTrail Lake queries are always in the report; --sql athena|lake keeps one dialect.",
};

/// Options of one analysis (the tool's fields, parsed).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub filter: Filter,
    pub sql: Option<sql::Dialect>,
    pub now_ms: i64,
}

/// Everything an analysis found; the document is built from it.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub parsed: Parsed,
    /// Indexes of the events that pass the filter.
    pub selected: Vec<usize>,
    pub attempts: Vec<Attempt>,
    pub detections: Vec<Detection>,
}

/// Parses and analyzes; `listing` is an optional pasted list-users.
pub fn analyze_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    options: &Options,
    listing: Option<&Listings>,
) -> Analysis {
    let parsed = input::parse_files(files);
    analyze_parsed(parsed, options, listing)
}

pub fn analyze_parsed(parsed: Parsed, options: &Options, listing: Option<&Listings>) -> Analysis {
    let f = &options.filter;
    let selected: Vec<usize> = (0..parsed.events.len())
        .filter(|&i| f.event(&parsed.events[i]))
        .collect();
    // Attempts are grouped from every step (not only the failed ones), then kept by their outcome
    // and by whether any of their events names the user.
    let base = Filter {
        user: None,
        ..f.without_outcome()
    };
    let for_attempts: Vec<usize> = (0..parsed.events.len())
        .filter(|&i| base.event(&parsed.events[i]))
        .collect();
    let by_user = f.without_outcome();
    let attempts: Vec<Attempt> = signin::attempts(&parsed.events, &for_attempts)
        .into_iter()
        .filter(|a| {
            f.attempt(a)
                && (f.user.is_none()
                    || f.user_is(&a.user)
                    || a.events.iter().any(|&i| by_user.event(&parsed.events[i])))
        })
        .collect();
    let detections = rules::detect(&rules::Ctx {
        events: &parsed.events,
        selected: &selected,
        attempts: &attempts,
        filter: f,
        listing,
    });
    Analysis {
        parsed,
        selected,
        attempts,
        detections,
    }
}

/// Reads the tool's fields; `Err` names the field that is wrong.
pub fn options(req: &ToolRequest) -> Result<Options, String> {
    let time = |name: &str| -> Result<Option<i64>, String> {
        req.field(name)
            .map(|v| {
                crate::time::parse_rfc3339(v)
                    .map_err(|e| format!("--{name}: {e} (use RFC 3339, e.g. 2025-03-01T00:00:00Z)"))
            })
            .transpose()
    };
    let outcome = match req.field("outcome") {
        None | Some("all") => OutcomeFilter::All,
        Some("failure") => OutcomeFilter::Failure,
        Some("success") => OutcomeFilter::Success,
        Some(o) => return Err(format!("--outcome: `{o}` is not all, failure or success")),
    };
    let sql = match req.field("sql") {
        None | Some("none") => None,
        Some("athena") => Some(sql::Dialect::Athena),
        Some("lake") => Some(sql::Dialect::Lake),
        Some(o) => return Err(format!("--sql: `{o}` is not none, athena or lake")),
    };
    Ok(Options {
        filter: Filter {
            user: req.field("user").map(str::to_lowercase),
            source: req.field("source").map(str::to_lowercase),
            outcome,
            from_ms: time("from")?,
            to_ms: time("to")?,
        },
        sql,
        now_ms: req.now_ms,
    })
}

/// The engine entry point for the page and the CLI.
pub fn analyze(req: &ToolRequest) -> Document {
    let options = match options(req) {
        Ok(o) => o,
        Err(e) => return document::rejected(&e),
    };
    let files: Vec<(&str, &[u8])> = req
        .main_files(&TOOL)
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    if files.is_empty() {
        return document::rejected("no CloudTrail events were given: drop or paste a trail file, lookup-events output or an Event history download");
    }
    let mut listing_error = None;
    let listing = req.field_file("users").and_then(|f| {
        let mut l = Listings::default();
        match listing::read("users", &f.bytes, &mut l) {
            Ok(()) => Some(l),
            Err(e) => {
                listing_error = Some(e);
                None
            }
        }
    });
    let analysis = analyze_files(files, &options, listing.as_ref());
    document::build(
        &analysis,
        &options,
        listing.as_ref(),
        listing_error.as_ref(),
    )
}
