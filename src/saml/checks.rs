//! Registry entries of the input and SAML checks. One check, one place: its documentation is here.

use crate::finding::Severity;
use crate::registry::CheckInfo;
use crate::topics::Topic;

pub const INPUT_DECODE: CheckInfo = CheckInfo {
    id: "input.decode",
    severity: Severity::Error,
    title: "Input could not be decoded",
    checks: "Whether the pasted text is XML, base64, URL-encoded, DEFLATE-compressed, a POST body, a URL or a HAR file that holds a SAML message.",
    why: "Nothing can be checked until the SAML message itself is recovered from what was copied.",
    fix: "Paste the SAMLResponse value from the browser's network tab, the whole POST body, or the decoded XML.",
    topic: Topic::ExternalIdpSignIn,
    best_knowledge: false,
};

pub const CHECKS: &[CheckInfo] = &[INPUT_DECODE];
