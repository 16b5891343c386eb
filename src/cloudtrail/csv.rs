//! The console's Event history "Download events → CSV". Its layout is not documented, so columns are
//! found by their header text ("Event name", "Event time", "User name", "Source IP address"...,
//! compared without case, spaces or punctuation); a "CloudTrail event" column, when present, holds the
//! whole record as JSON and is preferred.
//!
//! AWS warns about CSV injection in this download: a cell that starts with `=`, `+`, `-` or `@` is
//! kept as the text it is and never interpreted (this reader evaluates nothing; the page shows text).

use super::input::{push, Problem, MAX_EVENTS};
use super::model::{Event, LStr, RawOnBehalfOf, RawRecord};

fn norm(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub fn parse(text: &[u8], file: usize, events: &mut Vec<Event>) -> Result<String, Problem> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text);
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(norm).collect(),
        Err(_) => return Err(not_cloudtrail()),
    };
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let name = col(&["eventname"]);
    let time = col(&["eventtime"]);
    let source = col(&["eventsource"]);
    let id = col(&["eventid"]);
    let json = col(&["cloudtrailevent"]);
    if name.is_none() && json.is_none()
        || (time.is_none() && source.is_none() && id.is_none() && json.is_none())
    {
        return Err(not_cloudtrail());
    }
    let user = col(&["username", "user"]);
    let ip = col(&["sourceipaddress", "sourceip"]);
    let region = col(&["awsregion", "region"]);
    let error = col(&["errorcode"]);
    let agent = col(&["useragent"]);
    let cols = Extra::find(&headers);
    let mut index = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let mut p = Problem {
                    message: format!("the CSV cannot be read: {e}"),
                    line: None,
                    column: None,
                    cap: false,
                };
                p.line = e.position().and_then(|pos| u32::try_from(pos.line()).ok());
                return Err(p);
            }
        }
        if events.len() >= MAX_EVENTS {
            return Err(Problem {
                message: format!("more than {MAX_EVENTS} events (the event cap)"),
                line: None,
                column: None,
                cap: true,
            });
        }
        let cell = |c: Option<usize>| -> Option<String> {
            c.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let mut raw = cell(json)
            .filter(|j| j.starts_with('{'))
            .and_then(|j| serde_json::from_str::<RawRecord>(&j).ok())
            .unwrap_or_default();
        // Columns fill what the JSON (if any) did not give.
        raw.event_name = raw.event_name.or(cell(name));
        raw.event_time = raw.event_time.or(cell(time));
        raw.event_source = raw.event_source.or(cell(source));
        raw.event_id = raw.event_id.or(cell(id));
        raw.source_ip = raw.source_ip.or(cell(ip));
        raw.aws_region = raw.aws_region.or(cell(region));
        raw.error_code = raw.error_code.or(cell(error));
        raw.error_message = raw.error_message.or(cell(cols.error_message));
        raw.user_agent = raw.user_agent.or(cell(agent));
        raw.l_username = raw.l_username.or(cell(user));
        cols.fill(&mut raw, &cell);
        if raw.event_name.is_some() || raw.event_source.is_some() {
            push(raw, file, index, events)?;
        }
        index += 1;
    }
    Ok(if json.is_some() {
        "console Event history download (CSV, with the CloudTrail event column)".into()
    } else {
        "console Event history download (CSV)".into()
    })
}

fn not_cloudtrail() -> Problem {
    Problem {
        message:
            "this is not CloudTrail data: not JSON, and not a CSV with an \"Event name\" column"
                .into(),
        line: None,
        column: None,
        cap: false,
    }
}

/// Columns of the SQL results of this tool's queries (sql.rs): the JSON columns of the Athena table
/// and the flat aliases of the CloudTrail Lake queries.
struct Extra {
    error_message: Option<usize>,
    identity_type: Option<usize>,
    principal_id: Option<usize>,
    user_id: Option<usize>,
    additional: Option<usize>,
    service: Option<usize>,
    request: Option<usize>,
    response: Option<usize>,
    workflow: Option<usize>,
    credential: Option<usize>,
    typed: Option<usize>,
    result: Option<usize>,
    req_user_name: Option<usize>,
    req_display_name: Option<usize>,
    req_user_id: Option<usize>,
    req_group_id: Option<usize>,
    req_id: Option<usize>,
    resp_user_id: Option<usize>,
    resp_group_id: Option<usize>,
    resp_id: Option<usize>,
    idp_login: Option<usize>,
}

impl Extra {
    fn find(headers: &[String]) -> Extra {
        let col = |n: &str| headers.iter().position(|h| h == n);
        Extra {
            error_message: col("errormessage"),
            identity_type: col("identitytype"),
            principal_id: col("principalid"),
            user_id: col("userid"),
            additional: col("additionaleventdata"),
            service: col("serviceeventdetails"),
            request: col("requestparameters"),
            response: col("responseelements"),
            workflow: col("authworkflowid"),
            credential: col("credentialtype"),
            typed: col("typedusername"),
            result: col("signinresult"),
            req_user_name: col("requestusername"),
            req_display_name: col("requestdisplayname"),
            req_user_id: col("requestuserid"),
            req_group_id: col("requestgroupid"),
            req_id: col("requestresourceid"),
            resp_user_id: col("responseuserid"),
            resp_group_id: col("responsegroupid"),
            resp_id: col("responseresourceid"),
            idp_login: col("externalidplogin"),
        }
    }

    fn fill(&self, raw: &mut RawRecord, cell: &dyn Fn(Option<usize>) -> Option<String>) {
        fn json<T: serde::de::DeserializeOwned>(v: Option<String>) -> Option<T> {
            v.filter(|j| j.starts_with('{'))
                .and_then(|j| serde_json::from_str(&j).ok())
        }
        if raw.additional.is_none() {
            raw.additional = json(cell(self.additional));
        }
        if raw.service_details.is_none() {
            raw.service_details = json(cell(self.service));
        }
        if raw.request.is_none() {
            raw.request = json(cell(self.request));
        }
        if raw.response.is_none() {
            raw.response = json(cell(self.response));
        }
        let id = raw.user_identity.get_or_insert_with(Default::default);
        id.kind = id.kind.take().or(cell(self.identity_type));
        id.principal_id = id.principal_id.take().or(cell(self.principal_id));
        if id.on_behalf_of.is_none() {
            if let Some(u) = cell(self.user_id) {
                id.on_behalf_of = Some(RawOnBehalfOf {
                    user_id: Some(u),
                    identity_store_arn: None,
                });
            }
        }
        let add = raw.additional.get_or_insert_with(Default::default);
        add.workflow_id = add.workflow_id.take().or(cell(self.workflow));
        add.credential_type = add.credential_type.take().or(cell(self.credential));
        add.user_name = add.user_name.take().or(cell(self.typed));
        if let (Some(v), Some(name)) = (cell(self.result), raw.event_name.clone()) {
            raw.service_details
                .get_or_insert_with(Default::default)
                .entry(name)
                .or_insert(LStr(Some(v)));
        }
        let q = raw.request.get_or_insert_with(Default::default);
        q.user_name = q.user_name.take().or(cell(self.req_user_name));
        q.display_name = q.display_name.take().or(cell(self.req_display_name));
        q.user_id = q.user_id.take().or(cell(self.req_user_id));
        q.group_id = q.group_id.take().or(cell(self.req_group_id));
        q.id = q.id.take().or(cell(self.req_id));
        let r = raw.response.get_or_insert_with(Default::default);
        r.user_id = r.user_id.take().or(cell(self.resp_user_id));
        r.group_id = r.group_id.take().or(cell(self.resp_group_id));
        r.id = r.id.take().or(cell(self.resp_id));
        r.external_idp_login = r.external_idp_login.take().or(cell(self.idp_login));
    }
}
