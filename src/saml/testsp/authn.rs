//! The AuthnRequest of a test sign-in and its HTTP-Redirect URL (bindings §3.4.4.1: raw DEFLATE,
//! base64, URL encoding). The ID and the RelayState nonce come from the caller (the page draws them
//! from the browser's random source): this code never invents randomness or reads the clock.

use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::sp::{xml_escape, Sp, BINDING_POST, NAMEID_EMAIL};
use crate::time::format_rfc3339;

/// Everything but RFC 3986 unreserved characters is encoded (a query value).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A test sign-in's AuthnRequest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthnRequest {
    pub id: String,
    pub relay_state: String,
    pub xml: String,
    /// `<sso_url>?SAMLRequest=…&RelayState=…`.
    pub redirect_url: String,
}

/// An ID the response can echo: an xs:NCName of 16 to 80 characters (the page sends `_` and 40 hex
/// digits).
pub fn valid_id(id: &str) -> bool {
    (16..=80).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

/// A RelayState nonce: 8 to 80 URL-safe characters (bindings §3.4.3 limits RelayState to 80 bytes).
pub fn valid_nonce(nonce: &str) -> bool {
    (8..=80).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Builds the AuthnRequest sent to `sso_url` (an http(s) URL; it may carry a query string).
pub fn build(
    sp: &Sp,
    sso_url: &str,
    id: &str,
    relay_state: &str,
    now_ms: i64,
) -> Result<AuthnRequest, String> {
    if !valid_id(id) {
        return Err(format!("`{id}` is not a usable AuthnRequest ID"));
    }
    if !valid_nonce(relay_state) {
        return Err("the RelayState nonce is not 8 to 80 URL-safe characters".into());
    }
    let sso = sso_url.trim();
    let lower = sso.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || sso.len() > super::sp::MAX_URL
        || sso.contains(|c: char| c.is_whitespace() || c == '#')
    {
        return Err(format!(
            "the SSO URL `{}` is not an http(s) address without spaces or fragment",
            crate::report::one_line(sso, 100)
        ));
    }
    let xml = format!(
        concat!(
            "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ",
            "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{id}\" Version=\"2.0\" ",
            "IssueInstant=\"{instant}\" Destination=\"{dest}\" AssertionConsumerServiceURL=\"{acs}\" ",
            "ProtocolBinding=\"{post}\">",
            "<saml:Issuer>{issuer}</saml:Issuer>",
            "<samlp:NameIDPolicy Format=\"{nameid}\" AllowCreate=\"true\"/>",
            "</samlp:AuthnRequest>"
        ),
        id = id,
        instant = format_rfc3339(now_ms),
        dest = xml_escape(sso),
        acs = xml_escape(&sp.acs_url),
        post = BINDING_POST,
        issuer = xml_escape(&sp.entity_id),
        nameid = NAMEID_EMAIL,
    );
    let deflated = miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 9);
    let b64 = base64::engine::general_purpose::STANDARD.encode(deflated);
    let sep = if sso.contains('?') { '&' } else { '?' };
    let redirect_url = format!(
        "{sso}{sep}SAMLRequest={}&RelayState={}",
        utf8_percent_encode(&b64, QUERY_VALUE),
        utf8_percent_encode(relay_state, QUERY_VALUE)
    );
    Ok(AuthnRequest {
        id: id.to_string(),
        relay_state: relay_state.to_string(),
        xml,
        redirect_url,
    })
}
