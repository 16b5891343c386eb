//! The CloudTrail record as read from the logs (`Raw*`, lenient, only the fields the checks use) and
//! as the checks see it ([`Event`], owned and flat).
//!
//! Field names are CloudTrail's (record contents reference) and, for `aws cloudtrail lookup-events`,
//! the `Event` shape of the CloudTrail API (`EventId`, `EventName`, `CloudTrailEvent`...).

use serde::Deserialize;

use super::lenient;

/// One JSON object of any container shape: a record, a lookup-events entry, or a container
/// (`{"Records":[...]}` / `{"Events":[...]}`). Unknown fields are skipped without being kept.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawRecord {
    #[serde(rename = "Records", deserialize_with = "super::input::capped_records")]
    pub records: Option<Vec<Maybe>>,
    #[serde(rename = "Events", deserialize_with = "super::input::capped_records")]
    pub events: Option<Vec<Maybe>>,

    #[serde(rename = "eventTime", deserialize_with = "lenient::string")]
    pub event_time: Option<String>,
    #[serde(rename = "eventSource", deserialize_with = "lenient::string")]
    pub event_source: Option<String>,
    #[serde(rename = "eventName", deserialize_with = "lenient::string")]
    pub event_name: Option<String>,
    #[serde(rename = "awsRegion", deserialize_with = "lenient::string")]
    pub aws_region: Option<String>,
    #[serde(rename = "sourceIPAddress", deserialize_with = "lenient::string")]
    pub source_ip: Option<String>,
    #[serde(rename = "userAgent", deserialize_with = "lenient::string")]
    pub user_agent: Option<String>,
    #[serde(rename = "errorCode", deserialize_with = "lenient::string")]
    pub error_code: Option<String>,
    #[serde(rename = "errorMessage", deserialize_with = "lenient::string")]
    pub error_message: Option<String>,
    #[serde(rename = "eventID", deserialize_with = "lenient::string")]
    pub event_id: Option<String>,
    #[serde(rename = "eventType", deserialize_with = "lenient::string")]
    pub event_type: Option<String>,
    #[serde(rename = "recipientAccountId", deserialize_with = "lenient::string")]
    pub recipient_account: Option<String>,
    #[serde(rename = "userIdentity", deserialize_with = "lenient::object")]
    pub user_identity: Option<RawIdentity>,
    #[serde(rename = "additionalEventData", deserialize_with = "lenient::object")]
    pub additional: Option<RawAdditional>,
    #[serde(rename = "serviceEventDetails", deserialize_with = "lenient::object")]
    pub service_details: Option<std::collections::BTreeMap<String, LStr>>,
    #[serde(rename = "requestParameters", deserialize_with = "lenient::object")]
    pub request: Option<RawParams>,
    #[serde(rename = "responseElements", deserialize_with = "lenient::object")]
    pub response: Option<RawParams>,

    // `aws cloudtrail lookup-events` entries (PascalCase).
    #[serde(rename = "EventId", deserialize_with = "lenient::string")]
    pub l_event_id: Option<String>,
    #[serde(rename = "EventName", deserialize_with = "lenient::string")]
    pub l_event_name: Option<String>,
    #[serde(rename = "EventTime", deserialize_with = "lenient::string")]
    pub l_event_time: Option<String>,
    #[serde(rename = "EventSource", deserialize_with = "lenient::string")]
    pub l_event_source: Option<String>,
    #[serde(rename = "Username", deserialize_with = "lenient::string")]
    pub l_username: Option<String>,
    /// The record as a JSON string (parsed a second time), or as an object in some exports.
    #[serde(rename = "CloudTrailEvent", deserialize_with = "lenient::object")]
    pub cloudtrail_event: Option<Box<RawRecord>>,
}

/// A record slot of a container: anything but an object is skipped rather than failing the file.
#[derive(Debug, Default)]
pub struct Maybe(pub Option<RawRecord>);

impl<'de> Deserialize<'de> for Maybe {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::object(d).map(Maybe)
    }
}

/// A string value of a map (`serviceEventDetails`), lenient.
#[derive(Debug, Default, Clone)]
pub struct LStr(pub Option<String>);

impl<'de> Deserialize<'de> for LStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::string(d).map(LStr)
    }
}

/// `userIdentity`: the old shape (`type: Unknown`, `userName`, `principalId`) and the new one
/// (`type: IdentityCenterUser`, `onBehalfOf: {userId, identityStoreArn}`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawIdentity {
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: Option<String>,
    #[serde(rename = "userName", deserialize_with = "lenient::string")]
    pub user_name: Option<String>,
    #[serde(rename = "principalId", deserialize_with = "lenient::string")]
    pub principal_id: Option<String>,
    #[serde(rename = "accountId", deserialize_with = "lenient::string")]
    pub account_id: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    pub arn: Option<String>,
    #[serde(rename = "onBehalfOf", deserialize_with = "lenient::object")]
    pub on_behalf_of: Option<RawOnBehalfOf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawOnBehalfOf {
    #[serde(rename = "userId", deserialize_with = "lenient::string")]
    pub user_id: Option<String>,
    #[serde(rename = "identityStoreArn", deserialize_with = "lenient::string")]
    pub identity_store_arn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawAdditional {
    #[serde(rename = "AuthWorkflowID", deserialize_with = "lenient::string")]
    pub workflow_id: Option<String>,
    #[serde(rename = "CredentialType", deserialize_with = "lenient::string")]
    pub credential_type: Option<String>,
    #[serde(rename = "UserName", deserialize_with = "lenient::string")]
    pub user_name: Option<String>,
    #[serde(rename = "LoginTo", deserialize_with = "lenient::string")]
    pub login_to: Option<String>,
    #[serde(
        rename = "DeviceEnrollmentRequired",
        deserialize_with = "lenient::string"
    )]
    pub device_enrollment: Option<String>,
}

/// `requestParameters` / `responseElements`: the ids and names of users and groups (Identity Store,
/// directory and SCIM calls) and an external-IdP outcome. SCIM puts the resource in `httpBody`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawParams {
    #[serde(rename = "userName", deserialize_with = "lenient::string")]
    pub user_name: Option<String>,
    #[serde(rename = "displayName", deserialize_with = "lenient::string")]
    pub display_name: Option<String>,
    #[serde(rename = "userId", deserialize_with = "lenient::string")]
    pub user_id: Option<String>,
    #[serde(rename = "groupId", deserialize_with = "lenient::string")]
    pub group_id: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    pub id: Option<String>,
    #[serde(rename = "identityStoreId", deserialize_with = "lenient::string")]
    pub identity_store_id: Option<String>,
    #[serde(
        rename = "ExternalIdPDirectoryLogin",
        deserialize_with = "lenient::string"
    )]
    pub external_idp_login: Option<String>,
    #[serde(rename = "httpBody", deserialize_with = "lenient::object")]
    pub http_body: Option<Box<RawParams>>,
}

/// One CloudTrail event as the checks see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// Position in the input: file number (0-based) and record number within it.
    pub file: usize,
    pub index: usize,
    pub time: String,
    pub time_ms: Option<i64>,
    pub source: String,
    pub name: String,
    pub region: String,
    pub ip: String,
    pub user_agent: String,
    pub event_id: String,
    pub event_type: String,
    pub account: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub identity: Identity,
    pub workflow_id: Option<String>,
    pub credential_type: Option<String>,
    /// `additionalEventData.UserName`: exactly what the user typed.
    pub typed_user: Option<String>,
    pub login_to: Option<String>,
    /// `serviceEventDetails` as (key, value) pairs.
    pub details: Vec<(String, String)>,
    pub request: Params,
    pub response: Params,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub kind: String,
    pub user_name: Option<String>,
    pub principal_id: Option<String>,
    /// `onBehalfOf.userId` (new shape).
    pub user_id: Option<String>,
    pub identity_store_arn: Option<String>,
    pub account_id: Option<String>,
    pub arn: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pub user_name: Option<String>,
    pub display_name: Option<String>,
    pub user_id: Option<String>,
    pub group_id: Option<String>,
    pub id: Option<String>,
    pub identity_store_id: Option<String>,
    pub external_idp_login: Option<String>,
}

/// SCIM masks personal values with this text: it is never a name.
pub const MASKED: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";

fn unmasked(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.is_empty() && s != MASKED)
}

impl Params {
    fn from_raw(r: Option<RawParams>) -> Params {
        let Some(r) = r else {
            return Params::default();
        };
        let body = r.http_body.map(|b| *b).unwrap_or_default();
        Params {
            user_name: unmasked(r.user_name).or(unmasked(body.user_name)),
            display_name: unmasked(r.display_name).or(unmasked(body.display_name)),
            user_id: unmasked(r.user_id).or(unmasked(body.user_id)),
            group_id: unmasked(r.group_id).or(unmasked(body.group_id)),
            id: unmasked(r.id).or(unmasked(body.id)),
            identity_store_id: r.identity_store_id,
            external_idp_login: r.external_idp_login,
        }
    }
}

/// Sign-in event sources: every example prints `signin.amazonaws.com`; one table prints
/// `signin.amazon.com` (admin-tools.md 1.1), so both are accepted.
pub fn is_signin_source(s: &str) -> bool {
    s == "signin.amazonaws.com" || s == "signin.amazon.com"
}

pub const SCIM_SOURCE: &str = "identitystore-scim.amazonaws.com";

impl Event {
    /// Builds the event from a record; `fallback` is the lookup-events entry around it, if any.
    pub fn from_raw(
        r: RawRecord,
        fallback: Option<&RawRecord>,
        file: usize,
        index: usize,
    ) -> Event {
        let fb = |f: fn(&RawRecord) -> &Option<String>| fallback.and_then(|x| f(x).clone());
        let time = r
            .event_time
            .or_else(|| r.l_event_time.clone())
            .or_else(|| fb(|x| &x.l_event_time))
            .unwrap_or_default();
        let mut id = r.user_identity.unwrap_or_default();
        let obo = id.on_behalfof_parts();
        let add = r.additional.unwrap_or_default();
        let details = r
            .service_details
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| v.0.map(|v| (k, v)))
            .collect();
        Event {
            file,
            index,
            time_ms: parse_time(&time),
            time,
            source: r
                .event_source
                .or(r.l_event_source)
                .or_else(|| fb(|x| &x.l_event_source))
                .unwrap_or_default(),
            name: r
                .event_name
                .or(r.l_event_name)
                .or_else(|| fb(|x| &x.l_event_name))
                .unwrap_or_default(),
            region: r.aws_region.unwrap_or_default(),
            ip: r.source_ip.unwrap_or_default(),
            user_agent: r.user_agent.unwrap_or_default(),
            event_id: r
                .event_id
                .or(r.l_event_id)
                .or_else(|| fb(|x| &x.l_event_id))
                .unwrap_or_default(),
            event_type: r.event_type.unwrap_or_default(),
            account: r.recipient_account.unwrap_or_default(),
            error_code: r.error_code.filter(|s| !s.is_empty()),
            error_message: r.error_message.filter(|s| !s.is_empty()),
            identity: Identity {
                kind: id.kind.unwrap_or_default(),
                user_name: id
                    .user_name
                    .or(r.l_username)
                    .or_else(|| fb(|x| &x.l_username))
                    .filter(|s| !s.is_empty()),
                principal_id: id.principal_id,
                user_id: obo.0,
                identity_store_arn: obo.1,
                account_id: id.account_id,
                arn: id.arn,
            },
            workflow_id: add.workflow_id.filter(|s| !s.is_empty()),
            credential_type: add.credential_type.filter(|s| !s.is_empty()),
            typed_user: add.user_name.filter(|s| !s.is_empty()),
            login_to: add.login_to,
            details,
            request: Params::from_raw(r.request),
            response: Params::from_raw(r.response),
        }
    }

    pub fn detail(&self, key: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_signin(&self) -> bool {
        is_signin_source(&self.source)
    }

    /// The user this event is about, as the logs name it: what was typed, then the identity's user
    /// name, then the request's user name, then the Identity Center user id (new shape).
    pub fn user(&self) -> Option<&str> {
        self.typed_user
            .as_deref()
            .or(self.identity.user_name.as_deref())
            .or(self.request.user_name.as_deref())
            .or(self.identity.user_id.as_deref())
    }

    /// True when the event reports a failure: an error code or message, or a `Failure` value in
    /// `serviceEventDetails` or `responseElements` (best knowledge for `ExternalIdPDirectoryLogin`).
    pub fn failed(&self) -> bool {
        self.error_code.is_some()
            || self.error_message.is_some()
            || self
                .details
                .iter()
                .any(|(_, v)| v.eq_ignore_ascii_case("failure"))
            || self
                .response
                .external_idp_login
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case("failure"))
    }

    /// "Records[3] in file 1 (eventID ...)": where to find the event in the input.
    pub fn location(&self) -> String {
        let mut s = format!("file {}, record {}", self.file + 1, self.index + 1);
        if !self.event_id.is_empty() {
            s.push_str(&format!(", eventID {}", self.event_id));
        }
        s
    }
}

impl RawIdentity {
    fn on_behalfof_parts(&mut self) -> (Option<String>, Option<String>) {
        match self.on_behalf_of.take() {
            Some(o) => (o.user_id, o.identity_store_arn),
            None => (None, None),
        }
    }
}

/// Event times: RFC 3339 (records), also `YYYY-MM-DD hh:mm:ss` without a zone (taken as UTC, as the
/// console prints UTC) and epoch seconds (lookup-events output with a numeric timestamp format).
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = crate::time::parse_rfc3339(s) {
        return Some(t);
    }
    if let (19, Some(day), Some(clock)) = (s.len(), s.get(..10), s.get(11..)) {
        if let Ok(t) = crate::time::parse_rfc3339(&format!("{day}T{clock}Z")) {
            return Some(t);
        }
    }
    if let Ok(secs) = s.parse::<f64>() {
        if secs.is_finite() && secs > 0.0 && secs < 1.0e11 {
            return Some((secs * 1000.0) as i64);
        }
    }
    None
}
