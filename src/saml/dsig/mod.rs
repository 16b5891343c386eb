//! XML-DSig verification of SAML messages and metadata: canonicalization on the project's own
//! parse (`c14n`), the cryptographic layer (`crypto`), the trusted certificates (`keys`) and the
//! step-by-step verification with its explanation (`verify`).

pub mod c14n;
pub mod crypto;
