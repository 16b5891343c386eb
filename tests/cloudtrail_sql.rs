//! The Athena and CloudTrail Lake queries: their text against each detection's fields, and the Athena
//! queries run with SQLite over the JSON fixtures loaded as the Athena CloudTrail table would hold them,
//! to prove each query finds the events its detector finds. SQLite differs from Athena in two places,
//! translated here: struct fields (`useridentity.username` → `json_extract(useridentity,
//! '$.userName')`) and `json_extract_scalar` (→ `json_extract`).

mod cloudtrail_common;
use cloudtrail_common::*;

use std::collections::BTreeSet;

use ssocheck::cloudtrail::sql::{self, Dialect, Range, QUERIES};
use ssocheck::cloudtrail::{analyze_files, Options};

const FIXTURES: [&str; 12] = [
    "signin-totp-failure.json",
    "signin-webauthn-failure-new-shape.jsonl",
    "lookup-events-password-failure.json",
    "signin-success-array.json",
    "password-internal-failure.json",
    "password-failure.json",
    "external-idp-failure.json",
    "external-idp-success.json",
    "scim-failures.json",
    "scim-success.json",
    "recreated-principals.json",
    "not-provisioned.json",
];

fn range(user: Option<&str>) -> Range {
    Range {
        from_ms: ssocheck::time::parse_rfc3339("2025-01-01T00:00:00Z").expect("t"),
        to_ms: ssocheck::time::parse_rfc3339("2025-12-31T00:00:00Z").expect("t"),
        user: user.map(str::to_string),
    }
}

#[test]
fn query_text_names_each_detections_fields() {
    let q = sql::queries(Dialect::Athena, &range(Some("o'neil")));
    assert_eq!(q.len(), QUERIES.len());
    let get = |id: &str| {
        q.iter()
            .find(|x| x.id == id)
            .map(|x| x.sql.clone())
            .expect(id)
    };
    let s = get("cloudtrail.signin.failure");
    assert!(s.contains("eventsource IN ('signin.amazonaws.com', 'signin.amazon.com')"));
    assert!(s.contains("eventname = 'CredentialVerification'"));
    assert!(s.contains(
        "json_extract_scalar(serviceeventdetails, '$.CredentialVerification') = 'Failure'"
    ));
    let s = get("cloudtrail.password.internal-failure");
    assert!(
        s.contains("eventname = 'UpdatePassword'") && s.contains("errorcode = 'InternalFailure'")
    );
    assert!(s.contains("'%an unknown error occurred%'"));
    let s = get("cloudtrail.password.failure");
    assert!(s.contains("eventname = 'UpdatePassword'") && s.contains("NOT coalesce("));
    let s = get("cloudtrail.external-idp.failure");
    assert!(s.contains("eventname = 'ExternalIdPDirectoryLogin'"));
    assert!(s.contains(
        "json_extract_scalar(responseelements, '$.ExternalIdPDirectoryLogin') = 'Failure'"
    ));
    let s = get("cloudtrail.scim.failure");
    assert!(
        s.contains("eventsource = 'identitystore-scim.amazonaws.com'")
            && s.contains("errorcode IS NOT NULL")
    );
    let s = get("cloudtrail.principal.recreated");
    for n in [
        "'CreateUser'",
        "'DeleteUser'",
        "'CreateGroup'",
        "'DeleteGroup'",
        "identitystore.amazonaws.com",
    ] {
        assert!(s.contains(n), "{n}");
    }
    assert!(s.contains("no user filter"));
    let s = get("cloudtrail.not-provisioned");
    assert!(s.contains("eventname = 'CreateUser'") && s.contains("CredentialVerification"));
    for x in &q {
        assert!(
            x.sql.contains(
                "eventtime >= '2025-01-01T00:00:00Z' AND eventtime <= '2025-12-31T00:00:00Z'"
            ),
            "{}",
            x.id
        );
        assert!(x.sql.contains("FROM cloudtrail_logs"));
        if x.id != "cloudtrail.principal.recreated" {
            // The user's quote is doubled: the filter cannot end the literal.
            assert!(
                x.sql.contains("lower(useridentity.username) = 'o''neil'"),
                "{}",
                x.sql
            );
            assert!(x.sql.contains(
                "lower(json_extract_scalar(additionaleventdata, '$.UserName')) = 'o''neil'"
            ));
        }
    }
    let lake = sql::queries(Dialect::Lake, &range(Some("alice")));
    for x in &lake {
        assert!(x.sql.contains("FROM EVENT_DATA_STORE_ID"));
        assert!(x
            .sql
            .contains("eventTime >= '2025-01-01 00:00:00' AND eventTime <= '2025-12-31 00:00:00'"));
        assert!(!x.sql.contains("json_extract"), "Lake uses maps: {}", x.sql);
    }
    let s = &lake
        .iter()
        .find(|x| x.id == "cloudtrail.signin.failure")
        .expect("q")
        .sql;
    assert!(s.contains("element_at(serviceEventDetails, 'CredentialVerification') = 'Failure'"));
    assert!(s.contains("lower(element_at(additionalEventData, 'UserName')) = 'alice'"));
}

/// The records of one fixture as JSON values, whatever its container.
fn records(bytes: &[u8]) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_slice(bytes).into_iter::<serde_json::Value>() {
        let v = v.expect("fixture is JSON");
        if let Some(r) = v.get("Records").and_then(|r| r.as_array()) {
            out.extend(r.iter().cloned());
        } else if let Some(e) = v.get("Events").and_then(|r| r.as_array()) {
            for x in e {
                let s = x["CloudTrailEvent"]
                    .as_str()
                    .expect("CloudTrailEvent string");
                out.push(serde_json::from_str(s).expect("record"));
            }
        } else if let Some(a) = v.as_array() {
            out.extend(a.iter().cloned());
        } else {
            out.push(v);
        }
    }
    out
}

const COLUMNS: [&str; 14] = [
    "eventtime",
    "eventsource",
    "eventname",
    "awsregion",
    "sourceipaddress",
    "useragent",
    "errorcode",
    "errormessage",
    "eventid",
    "useridentity",
    "additionaleventdata",
    "serviceeventdetails",
    "requestparameters",
    "responseelements",
];

/// The table as Athena's CloudTrail SerDe presents it: scalars as text, nested objects as JSON text.
fn load() -> rusqlite::Connection {
    let db = rusqlite::Connection::open_in_memory().expect("sqlite");
    db.execute(
        &format!(
            "CREATE TABLE cloudtrail_logs ({})",
            COLUMNS.join(" TEXT, ") + " TEXT"
        ),
        [],
    )
    .expect("create");
    let keys = [
        "eventTime",
        "eventSource",
        "eventName",
        "awsRegion",
        "sourceIPAddress",
        "userAgent",
        "errorCode",
        "errorMessage",
        "eventID",
        "userIdentity",
        "additionalEventData",
        "serviceEventDetails",
        "requestParameters",
        "responseElements",
    ];
    let sql = format!(
        "INSERT INTO cloudtrail_logs VALUES ({})",
        vec!["?"; COLUMNS.len()].join(", ")
    );
    let mut n = 0;
    for f in FIXTURES {
        for r in records(&fixture(f)) {
            let vals: Vec<Option<String>> = keys
                .iter()
                .map(|k| match r.get(*k) {
                    None | Some(serde_json::Value::Null) => None,
                    Some(serde_json::Value::String(s)) => Some(s.clone()),
                    Some(v) => Some(v.to_string()),
                })
                .collect();
            db.execute(&sql, rusqlite::params_from_iter(vals.iter()))
                .expect("insert");
            n += 1;
        }
    }
    assert!(n > 40, "fixtures loaded: {n}");
    db
}

fn to_sqlite(athena: &str) -> String {
    athena
        .replace("json_extract_scalar(", "json_extract(")
        .replace("useridentity.type", "json_extract(useridentity, '$.type')")
        .replace(
            "useridentity.username",
            "json_extract(useridentity, '$.userName')",
        )
        .replace(
            "useridentity.principalid",
            "json_extract(useridentity, '$.principalId')",
        )
}

fn run_query(db: &rusqlite::Connection, sql: &str) -> (Vec<String>, Vec<Vec<Option<String>>>) {
    let mut st = db
        .prepare(&to_sqlite(sql))
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    let n = names.len();
    let rows = st
        .query_map([], |row| {
            (0..n)
                .map(|i| row.get::<_, Option<String>>(i))
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    (names, rows)
}

fn event_ids(names: &[String], rows: &[Vec<Option<String>>]) -> BTreeSet<String> {
    let i = names
        .iter()
        .position(|n| n == "eventid")
        .expect("eventid column");
    rows.iter().filter_map(|r| r[i].clone()).collect()
}

#[test]
fn athena_queries_find_what_the_detectors_find() {
    let db = load();
    let files: Vec<(String, Vec<u8>)> = FIXTURES
        .iter()
        .map(|f| (f.to_string(), fixture(f)))
        .collect();
    let a = analyze_files(
        files.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
        &Options::default(),
        None,
    );
    let ev = &a.parsed.events;
    let detector = |check: &str| -> BTreeSet<String> {
        a.detections
            .iter()
            .filter(|d| d.finding.check == check)
            .filter_map(|d| d.finding.evidence.as_ref())
            .filter_map(|e| e.location.split("eventID ").nth(1).map(str::to_string))
            .collect()
    };
    let detector_all = |check: &str| -> BTreeSet<String> {
        a.detections
            .iter()
            .filter(|d| d.finding.check == check)
            .flat_map(|d| d.events.iter().map(|&i| ev[i].event_id.clone()))
            .collect()
    };
    for q in sql::queries(Dialect::Athena, &range(None)) {
        let (names, rows) = run_query(&db, &q.sql);
        let got = event_ids(&names, &rows);
        match q.id {
            "timeline" => {
                let want: BTreeSet<String> = a
                    .attempts
                    .iter()
                    .flat_map(|x| x.events.iter().map(|&i| ev[i].event_id.clone()))
                    .collect();
                assert_eq!(got, want, "timeline");
            }
            "cloudtrail.principal.recreated" | "cloudtrail.not-provisioned" => {
                let want = detector_all(q.id);
                assert!(!want.is_empty(), "{} detects nothing in the fixtures", q.id);
                assert!(
                    want.is_subset(&got),
                    "{}: detector {want:?} not in SQL {got:?}",
                    q.id
                );
            }
            id => {
                let want = detector(id);
                assert!(!want.is_empty(), "{id} detects nothing in the fixtures");
                assert_eq!(got, want, "{id}");
            }
        }
    }
    // With a user filter the query narrows like the detector.
    let q = sql::queries(Dialect::Athena, &range(Some("ALICE")));
    let s = q
        .iter()
        .find(|x| x.id == "cloudtrail.signin.failure")
        .expect("q");
    let (names, rows) = run_query(&db, &s.sql);
    assert_eq!(
        event_ids(&names, &rows).into_iter().collect::<Vec<_>>(),
        vec!["e0000001-0000-4000-8000-000000000004".to_string()]
    );
}

#[test]
fn athena_results_downloaded_as_csv_come_back_for_the_same_explanations() {
    let db = load();
    let q = sql::queries(Dialect::Athena, &range(None));
    let timeline = q.iter().find(|x| x.id == "timeline").expect("timeline");
    let (names, rows) = run_query(&db, &timeline.sql);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&names).expect("csv");
    for r in &rows {
        w.write_record(r.iter().map(|c| c.clone().unwrap_or_default()))
            .expect("csv");
    }
    let bytes = w.into_inner().expect("csv");
    let d = cloudtrail_bytes(vec![("athena-results.csv", bytes)], &[]);
    assert!(d.accepted, "{}", d.to_text());
    let direct = cloudtrail(&FIXTURES, &[]);
    for check in [
        "cloudtrail.signin.failure",
        "cloudtrail.external-idp.failure",
    ] {
        assert_eq!(
            ids(&d, check),
            ids(&direct, check),
            "{check}: {}",
            d.to_text()
        );
        assert!(ids(&d, check) > 0);
    }
    assert_eq!(
        table_rows(&d, "timeline").len(),
        table_rows(&direct, "timeline").len()
    );
}

/// CloudTrail Lake SQL in SQLite: `element_at(map, 'key')` → `json_extract(map, '$.key')` (the maps
/// are JSON text here), `element_at(m, eventName)` → `json_extract(m, '$.' || eventName)`, and the
/// userIdentity fields as in Athena. Identifiers are case-insensitive in both.
fn lake_to_sqlite(lake: &str) -> String {
    let mut out = String::new();
    let mut rest = lake;
    while let Some(i) = rest.find("element_at(") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "element_at(".len()..];
        let end = after.find(')').expect("closing parenthesis");
        let (col, key) = after[..end].split_once(", ").expect("two arguments");
        if let Some(k) = key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')) {
            out.push_str(&format!("json_extract({col}, '$.{k}')"));
        } else {
            out.push_str(&format!("json_extract({col}, '$.' || {key})"));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out.replace("FROM EVENT_DATA_STORE_ID", "FROM cloudtrail_logs")
        .replace("userIdentity.type", "json_extract(useridentity, '$.type')")
        .replace(
            "userIdentity.username",
            "json_extract(useridentity, '$.userName')",
        )
        .replace(
            "userIdentity.principalid",
            "json_extract(useridentity, '$.principalId')",
        )
}

#[test]
fn lake_queries_find_the_same_events_and_their_csv_comes_back() {
    let db = load();
    let athena = sql::queries(Dialect::Athena, &range(None));
    let lake = sql::queries(Dialect::Lake, &range(None));
    for (a, l) in athena.iter().zip(&lake) {
        assert_eq!(a.id, l.id);
        let (an, ar) = run_query(&db, &a.sql);
        let sqlite = lake_to_sqlite(&l.sql);
        let (ln, lr) = run_query(&db, &sqlite);
        assert_eq!(event_ids(&an, &ar), event_ids(&ln, &lr), "{}", l.id);
        if l.id == "timeline" {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&ln).expect("csv");
            for r in &lr {
                w.write_record(r.iter().map(|c| c.clone().unwrap_or_default()))
                    .expect("csv");
            }
            let d = cloudtrail_bytes(vec![("lake.csv", w.into_inner().expect("csv"))], &[]);
            let direct = cloudtrail(&FIXTURES, &[]);
            assert_eq!(
                ids(&d, "cloudtrail.signin.failure"),
                ids(&direct, "cloudtrail.signin.failure"),
                "{}",
                d.to_text()
            );
            assert_eq!(
                table_rows(&d, "timeline").len(),
                table_rows(&direct, "timeline").len()
            );
        }
    }
}
