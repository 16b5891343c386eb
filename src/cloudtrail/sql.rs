//! The same questions as SQL for where an organization's trail lives: Amazon Athena over the
//! CloudTrail table in S3 (the console's "Create Athena table" layout: `useridentity` a struct,
//! `additionaleventdata`, `serviceeventdetails`, `requestparameters`, `responseelements` JSON strings,
//! `eventtime` an ISO 8601 string) and CloudTrail Lake (`additionalEventData`, `serviceEventDetails`,
//! `requestParameters`, `responseElements` maps, `eventTime` a timestamp).
//!
//! Every query selects the same columns, which the CSV reader of this tool understands, so the results
//! downloaded as CSV come back to the page for the same explanations.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Athena,
    Lake,
}

impl Dialect {
    pub fn label(self) -> &'static str {
        match self {
            Dialect::Athena => "Amazon Athena",
            Dialect::Lake => "CloudTrail Lake",
        }
    }
}

/// The table (Athena) or event data store (Lake) to replace in the queries.
pub const ATHENA_TABLE: &str = "cloudtrail_logs";
pub const LAKE_STORE: &str = "EVENT_DATA_STORE_ID";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The check id the query answers, or `timeline`.
    pub id: &'static str,
    pub title: &'static str,
    pub sql: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub from_ms: i64,
    pub to_ms: i64,
    pub user: Option<String>,
}

/// A SQL string literal: single quotes doubled (Athena and Lake take no backslash escapes).
pub fn literal(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    format!("'{}'", clean.replace('\'', "''"))
}

const SIGNIN_SOURCES: &str = "('signin.amazonaws.com', 'signin.amazon.com')";
const DIRECTORY_SOURCES: &str = "('identitystore.amazonaws.com', 'identitystore-scim.amazonaws.com', 'sso-directory.amazonaws.com', 'sso.amazonaws.com')";

struct Cols {
    time: &'static str,
    select: &'static str,
    from: String,
    /// `field(kind, key)`: a value of additionalEventData (`a`), serviceEventDetails (`s`),
    /// requestParameters (`q`) or responseElements (`r`).
    field: fn(char, &str) -> String,
    user_name: &'static str,
}

fn athena_field(kind: char, key: &str) -> String {
    let col = match kind {
        'a' => "additionaleventdata",
        's' => "serviceeventdetails",
        'q' => "requestparameters",
        _ => "responseelements",
    };
    format!("json_extract_scalar({col}, '$.{key}')")
}

fn lake_field(kind: char, key: &str) -> String {
    let col = match kind {
        'a' => "additionalEventData",
        's' => "serviceEventDetails",
        'q' => "requestParameters",
        _ => "responseElements",
    };
    format!("element_at({col}, '{key}')")
}

const ATHENA_SELECT: &str =
    "SELECT eventtime, eventsource, eventname, awsregion, sourceipaddress, useragent,
       errorcode, errormessage, eventid,
       useridentity.type AS identitytype, useridentity.username AS username,
       useridentity.principalid AS principalid,
       additionaleventdata, serviceeventdetails, requestparameters, responseelements";

const LAKE_SELECT: &str =
    "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,
       errorCode, errorMessage, eventID,
       userIdentity.type AS identitytype, userIdentity.username AS username,
       userIdentity.principalid AS principalid,
       element_at(additionalEventData, 'AuthWorkflowID') AS authworkflowid,
       element_at(additionalEventData, 'CredentialType') AS credentialtype,
       element_at(additionalEventData, 'UserName') AS typedusername,
       element_at(serviceEventDetails, eventName) AS signinresult,
       element_at(requestParameters, 'userName') AS requestusername,
       element_at(requestParameters, 'displayName') AS requestdisplayname,
       element_at(requestParameters, 'userId') AS requestuserid,
       element_at(requestParameters, 'groupId') AS requestgroupid,
       element_at(requestParameters, 'id') AS requestresourceid,
       element_at(responseElements, 'userId') AS responseuserid,
       element_at(responseElements, 'groupId') AS responsegroupid,
       element_at(responseElements, 'id') AS responseresourceid,
       element_at(responseElements, 'ExternalIdPDirectoryLogin') AS externalidplogin";

fn cols(d: Dialect) -> Cols {
    match d {
        Dialect::Athena => Cols {
            time: "eventtime",
            select: ATHENA_SELECT,
            from: ATHENA_TABLE.into(),
            field: athena_field,
            user_name: "useridentity.username",
        },
        Dialect::Lake => Cols {
            time: "eventTime",
            select: LAKE_SELECT,
            from: LAKE_STORE.into(),
            field: lake_field,
            user_name: "userIdentity.username",
        },
    }
}

fn time_literal(d: Dialect, ms: i64) -> String {
    let t = crate::time::format_rfc3339(ms.div_euclid(1000) * 1000);
    match d {
        // eventtime is an ISO 8601 string in the Athena table: compared as text.
        Dialect::Athena => literal(&t),
        // Lake's eventTime is a timestamp; its documented examples compare it with this text form.
        Dialect::Lake => literal(&t.replace('T', " ").replace('Z', "")),
    }
}

/// The condition that selects one detection's events.
fn condition(id: &str, c: &Cols) -> String {
    let f = c.field;
    let verification_failed = format!(
        "(eventname = 'CredentialVerification' AND {} = 'Failure')",
        f('s', "CredentialVerification")
    );
    let idp_failed = format!(
        "(eventname = 'ExternalIdPDirectoryLogin' AND (errorcode IS NOT NULL OR errormessage IS NOT NULL OR {} = 'Failure' OR {} = 'Failure'))",
        f('r', "ExternalIdPDirectoryLogin"),
        f('s', "ExternalIdPDirectoryLogin")
    );
    let internal =
        "(errorcode = 'InternalFailure' OR lower(errormessage) LIKE '%an unknown error occurred%')";
    match id {
        "timeline" => format!(
            "(eventsource IN {SIGNIN_SOURCES} AND eventname IN ('CredentialChallenge', 'CredentialVerification', 'UserAuthentication')) OR eventname = 'ExternalIdPDirectoryLogin'"
        ),
        "cloudtrail.signin.failure" => {
            format!("eventsource IN {SIGNIN_SOURCES} AND {verification_failed}")
        }
        "cloudtrail.password.internal-failure" => {
            format!("eventname = 'UpdatePassword' AND {internal}")
        }
        "cloudtrail.password.failure" => format!(
            "eventname = 'UpdatePassword' AND (errorcode IS NOT NULL OR errormessage IS NOT NULL) AND NOT coalesce({internal}, false)"
        ),
        "cloudtrail.external-idp.failure" => idp_failed,
        "cloudtrail.scim.failure" => "eventsource = 'identitystore-scim.amazonaws.com' AND (errorcode IS NOT NULL OR errormessage IS NOT NULL)".to_string(),
        "cloudtrail.principal.recreated" => format!(
            "eventsource IN {DIRECTORY_SOURCES} AND eventname IN ('CreateUser', 'DeleteUser', 'CreateGroup', 'DeleteGroup') AND errorcode IS NULL"
        ),
        // Failed sign-ins and the creations they may precede.
        _ => format!(
            "(eventsource IN {SIGNIN_SOURCES} AND {verification_failed}) OR {idp_failed} OR (eventname = 'CreateUser' AND eventsource IN {DIRECTORY_SOURCES} AND errorcode IS NULL)"
        ),
    }
}

fn user_condition(user: &str, c: &Cols) -> String {
    let u = literal(&user.to_lowercase());
    let f = c.field;
    format!(
        "(lower({}) = {u} OR lower({}) = {u} OR lower({}) = {u} OR lower({}) = {u})",
        c.user_name,
        f('a', "UserName"),
        f('q', "userName"),
        f('q', "displayName"),
    )
}

pub const QUERIES: [(&str, &str); 8] = [
    (
        "timeline",
        "Sign-in timeline (every sign-in event, to group by AuthWorkflowID)",
    ),
    ("cloudtrail.signin.failure", "Failed sign-in steps"),
    (
        "cloudtrail.password.internal-failure",
        "Password resets failed with InternalFailure",
    ),
    (
        "cloudtrail.password.failure",
        "Other failed password resets",
    ),
    (
        "cloudtrail.external-idp.failure",
        "Failed external identity provider sign-ins",
    ),
    ("cloudtrail.scim.failure", "Failed SCIM provisioning calls"),
    (
        "cloudtrail.principal.recreated",
        "Users and groups deleted and created (re-created principals)",
    ),
    (
        "cloudtrail.not-provisioned",
        "Failed sign-ins and user creations (sign-in before provisioning)",
    ),
];

pub fn queries(d: Dialect, r: &Range) -> Vec<Query> {
    let c = cols(d);
    QUERIES
        .iter()
        .map(|(id, title)| {
            let mut sql = format!(
                "-- {title} ({}; replace {} with your {})\n{}\nFROM {}\nWHERE ({})\n  AND {} >= {} AND {} <= {}",
                d.label(),
                c.from,
                match d {
                    Dialect::Athena => "CloudTrail table",
                    Dialect::Lake => "event data store ID",
                },
                c.select,
                c.from,
                condition(id, &c),
                c.time,
                time_literal(d, r.from_ms),
                c.time,
                time_literal(d, r.to_ms),
            );
            if let Some(u) = &r.user {
                if *id == "cloudtrail.principal.recreated" {
                    sql.push_str("\n  -- no user filter: DeleteUser and DeleteGroup carry only the id");
                } else {
                    sql.push_str(&format!("\n  AND {}", user_condition(u, &c)));
                }
            }
            sql.push_str(&format!("\nORDER BY {};", c.time));
            Query { id, title, sql }
        })
        .collect()
}
