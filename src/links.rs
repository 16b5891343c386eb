//! Hash routes and link parameters, parsed without trusting them.
//!
//! Routing by `#/...` keeps the page working on any static host and under any sub-path. Link
//! parameters come from whoever wrote the link, so they are validated against allow-lists here, in the
//! core, and anything else is reported back as a note, never interpreted.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Home,
    Saml,
    Webauthn,
    Clock,
    Selfcheck,
    Checks,
    Privacy,
    /// The list of administrator tools.
    Tools,
    /// An administrator tool with a generic page (`tools::ToolSpec::route`).
    Tool(&'static str),
    NotFound,
}

impl Route {
    /// Routes shown in the navigation, in order.
    pub const NAV: [Route; 7] = [
        Route::Home,
        Route::Selfcheck,
        Route::Saml,
        Route::Tools,
        Route::Webauthn,
        Route::Clock,
        Route::Checks,
    ];

    pub fn path(self) -> String {
        match self {
            Route::Tool(r) => format!("#/{r}"),
            other => other.fixed_path().to_string(),
        }
    }

    fn fixed_path(self) -> &'static str {
        match self {
            Route::Tools => "#/tools",
            Route::Tool(_) => "#/tools",
            Route::Home => "#/",
            Route::Saml => "#/saml",
            Route::Webauthn => "#/webauthn",
            Route::Clock => "#/clock",
            Route::Selfcheck => "#/selfcheck",
            Route::Checks => "#/checks",
            Route::Privacy => "#/privacy",
            Route::NotFound => "#/not-found",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Route::Tools => "Admin tools",
            Route::Tool(r) => crate::tools::by_route(r).map(|t| t.label).unwrap_or("Tool"),
            Route::Home => "Home",
            Route::Saml => "SAML",
            Route::Webauthn => "Security keys",
            Route::Clock => "Clock & codes",
            Route::Selfcheck => "Self-check",
            Route::Checks => "Checks",
            Route::Privacy => "Privacy",
            Route::NotFound => "Not found",
        }
    }
}

/// A parsed location hash: the route and its raw query pairs (percent-decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub route: Route,
    pub params: Vec<(String, String)>,
}

/// Parses `#/selfcheck?case=1`, `#selfcheck`, `#/`, `` (empty) and anything else (NotFound).
pub fn parse_hash(hash: &str) -> Location {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    let h = h.strip_prefix('/').unwrap_or(h);
    let (path, query) = h.split_once('?').unwrap_or((h, ""));
    let route = match path.trim_end_matches('/') {
        "" => Route::Home,
        "saml" => Route::Saml,
        "webauthn" => Route::Webauthn,
        "clock" => Route::Clock,
        "selfcheck" => Route::Selfcheck,
        "checks" => Route::Checks,
        "privacy" => Route::Privacy,
        "tools" => Route::Tools,
        other => match crate::tools::by_route(other) {
            Some(t) => Route::Tool(t.route),
            None => Route::NotFound,
        },
    };
    Location {
        route,
        params: parse_query(query),
    }
}

/// Splits `a=1&b=2` into decoded pairs. Invalid percent escapes are kept literally.
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .take(32) // a link is not a place for more; the rest is ignored
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Decodes `%XX` and `+`; returns lossy UTF-8 so hostile bytes cannot fail the page.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The probes a self-check link may ask for.
pub const SELFCHECK_AREAS: [&str; 5] = ["environment", "storage", "webauthn", "clock", "locale"];

/// What a `#/selfcheck?...` link asks for, after validation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SelfcheckParams {
    pub case_id: Option<String>,
    /// The areas to run; all of them when the link does not say.
    pub areas: Vec<&'static str>,
    pub auto_start: bool,
    /// Everything that was ignored, phrased for the user ("Ignored unknown parameter `x`").
    pub notes: Vec<String>,
}

/// Case ids are shown on the page and put in reports, so only a plain token is accepted.
pub fn valid_case_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'#'))
}

pub fn parse_selfcheck(params: &[(String, String)]) -> SelfcheckParams {
    let mut p = SelfcheckParams {
        areas: SELFCHECK_AREAS.to_vec(),
        ..Default::default()
    };
    let shown = |s: &str| crate::report::one_line(&s.escape_debug().to_string(), 40);
    for (k, v) in params {
        match k.as_str() {
            "case" if valid_case_id(v) => p.case_id = Some(v.clone()),
            "case" => p.notes.push(format!(
                "Ignored the case id {}: use 1 to 64 letters, digits, '-', '_', '.' or '#'.",
                shown(v)
            )),
            "run" => {
                let mut areas = Vec::new();
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    match SELFCHECK_AREAS
                        .iter()
                        .find(|a| a.eq_ignore_ascii_case(item))
                    {
                        Some(a) if !areas.contains(a) => areas.push(*a),
                        Some(_) => {}
                        None => p.notes.push(format!(
                            "Ignored unknown check area {} in `run`.",
                            shown(item)
                        )),
                    }
                }
                if areas.is_empty() {
                    p.notes.push(
                        "The `run` parameter named no known area, so every area will run.".into(),
                    );
                } else {
                    // Keep the canonical order whatever order the link used.
                    p.areas = SELFCHECK_AREAS
                        .iter()
                        .copied()
                        .filter(|a| areas.contains(a))
                        .collect();
                }
            }
            "auto" => match v.as_str() {
                "1" | "true" | "yes" => p.auto_start = true,
                "0" | "false" | "no" => p.auto_start = false,
                _ => p
                    .notes
                    .push(format!("Ignored auto={}: use auto=1.", shown(v))),
            },
            _ => p
                .notes
                .push(format!("Ignored unknown link parameter {}.", shown(k))),
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(parse_hash("").route, Route::Home);
        assert_eq!(parse_hash("#/").route, Route::Home);
        assert_eq!(parse_hash("#/saml").route, Route::Saml);
        assert_eq!(parse_hash("#saml/").route, Route::Saml);
        assert_eq!(parse_hash("#/nope").route, Route::NotFound);
        let l = parse_hash("#/selfcheck?case=ABC-123&run=webauthn,clock&auto=1");
        assert_eq!(l.route, Route::Selfcheck);
        assert_eq!(l.params.len(), 3);
        for r in Route::NAV {
            assert_eq!(parse_hash(&r.path()).route, r);
        }
    }

    #[test]
    fn selfcheck_params_validated() {
        let p = parse_selfcheck(
            &parse_hash("#/selfcheck?case=ABC-123&run=clock,webauthn,bogus&auto=1").params,
        );
        assert_eq!(p.case_id.as_deref(), Some("ABC-123"));
        assert_eq!(p.areas, vec!["webauthn", "clock"]);
        assert!(p.auto_start);
        assert_eq!(p.notes.len(), 1);
        assert!(p.notes[0].contains("bogus"));
    }

    #[test]
    fn hostile_params_are_notes_not_values() {
        let p = parse_selfcheck(
            &parse_hash(
                "#/selfcheck?case=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&x=%ZZ&auto=maybe",
            )
            .params,
        );
        assert_eq!(p.case_id, None);
        assert_eq!(p.areas.len(), SELFCHECK_AREAS.len());
        assert!(!p.auto_start);
        assert_eq!(p.notes.len(), 3);
        assert!(
            p.notes[0].contains("<img"),
            "the note shows what was ignored, as text: {:?}",
            p.notes
        );
    }

    #[test]
    fn percent_decoding_is_total() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        assert_eq!(percent_decode("%41%zz"), "A%zz");
    }
}
