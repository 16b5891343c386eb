//! XML-DSig verification of SAML messages and metadata: canonicalization on the project's own
//! parse (`c14n`), the cryptographic layer (`crypto`), the trusted certificates (`keys`) and the
//! step-by-step verification with its explanation (`verify`).

pub mod c14n;
pub mod crypto;
pub mod keys;
pub mod redirect;
pub mod verify;

/// Ids of the checks this module's findings use (besides the existing `saml.signature.wrapping`).
pub const CHECK_IDS: &[&str] = &[
    "saml.signature.digest",
    "saml.signature.value",
    "saml.signature.trust",
    "saml.signature.unsupported",
    "saml.metadata.entity-id",
    "saml.metadata.cert-expiry",
    "saml.metadata.nameid-format",
    "saml.metadata.authn-requests-signed",
    "saml.app.acs",
    "saml.app.audience",
    "saml.app.nameid-format",
    "saml.app.assertions-signed",
];
