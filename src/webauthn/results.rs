//! Plain data that the browser shell fills in and the pure verdict reads. Kept here, not in
//! `probe.rs`, so that the verdict and report are testable natively.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::authdata::Flags;

/// The result of one asynchronous or throwing probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "status", content = "value", rename_all = "kebab-case")]
pub enum Probe<T> {
    /// The browser answered.
    Value(T),
    /// The API does not exist in this browser (or is hidden here, e.g. outside a secure context).
    Absent,
    /// The call threw or the promise rejected: "Name: message".
    Error(String),
    /// No answer within the probe's timeout.
    Timeout,
    /// Not run (an earlier gate made it meaningless).
    #[default]
    Skipped,
}

impl<T> Probe<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Probe::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Short words for a table cell.
    pub fn describe(&self, value: impl Fn(&T) -> String) -> String {
        match self {
            Probe::Value(v) => value(v),
            Probe::Absent => "not available in this browser".into(),
            Probe::Error(e) => format!("error: {e}"),
            Probe::Timeout => "no answer (timed out)".into(),
            Probe::Skipped => "not run".into(),
        }
    }
}

/// Browser identity from User-Agent Client Hints (Chromium) or the user-agent string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct UaHints {
    /// (brand, major version) pairs as the browser sent them, GREASE brands included.
    pub brands: Vec<(String, String)>,
    pub mobile: bool,
    pub platform: String,
    /// From getHighEntropyValues; empty on Linux.
    pub platform_version: Option<String>,
}

/// Every browser probe of the WebAuthn page, in gate order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProbeResults {
    /// `window.isSecureContext`.
    pub secure_context: Probe<bool>,
    /// `location.hostname` (the page's own host, not personal data).
    pub hostname: String,
    /// `location.protocol`, e.g. `https:`.
    pub protocol: String,
    /// `typeof PublicKeyCredential === "function"`.
    pub public_key_credential: bool,
    /// `navigator.credentials` exists with `create` and `get` functions.
    pub credentials_create: bool,
    pub credentials_get: bool,
    /// `isUserVerifyingPlatformAuthenticatorAvailable()`.
    pub uvpaa: Probe<bool>,
    /// `isConditionalMediationAvailable()`.
    pub conditional_mediation: Probe<bool>,
    /// `getClientCapabilities()`: every key the browser returned; an absent key means unknown.
    pub client_capabilities: Probe<BTreeMap<String, bool>>,
    /// `typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"`.
    pub parse_creation_options_from_json: bool,
    /// `typeof PublicKeyCredential.prototype.toJSON === "function"`.
    pub to_json: bool,
    /// `window.top !== window`.
    pub in_frame: bool,
    /// In a frame whose top document is on another origin (reading `top.location.href` threw).
    pub cross_origin_frame: bool,
    /// `document.featurePolicy.allowsFeature("publickey-credentials-create")` (Chromium only).
    pub policy_create: Probe<bool>,
    pub policy_get: Probe<bool>,
    /// `navigator.userAgent`.
    pub user_agent: String,
    /// `navigator.userAgentData` (Chromium 90+), with `platformVersion` when the browser gives it.
    pub ua_hints: Probe<UaHints>,
}

/// Which authenticator the user asked the test ceremony to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attachment {
    /// `authenticatorAttachment: "platform"` (Touch ID, Windows Hello, Android screen lock).
    Platform,
    /// `authenticatorAttachment: "cross-platform"` (USB/NFC/BLE security key, phone).
    CrossPlatform,
}

impl Attachment {
    pub fn js(self) -> &'static str {
        match self {
            Attachment::Platform => "platform",
            Attachment::CrossPlatform => "cross-platform",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Attachment::Platform => "built-in authenticator",
            Attachment::CrossPlatform => "security key",
        }
    }
}

/// A failed ceremony step: the DOMException name (or `Timeout` for our watchdog) and the browser's
/// message, which never contains user data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepError {
    pub name: String,
    pub message: String,
}

/// What a successful registration revealed. No credential id, user id or public key bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// `credential.authenticatorAttachment` ("platform" / "cross-platform"), when the browser says.
    pub attachment: Option<String>,
    /// `response.getTransports()`.
    pub transports: Vec<String>,
    /// `getClientExtensionResults().credProps.rk`: whether a discoverable credential was stored.
    pub discoverable: Option<bool>,
    pub credential_id_len: usize,
    /// The attestation object's parse result: details, or what was wrong with the bytes.
    pub attestation: Result<ParsedRegistration, String>,
}

/// Parsed facts of a registration, flattened for the page and report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ParsedRegistration {
    pub fmt: String,
    pub statement_keys: Vec<String>,
    pub certificates: usize,
    pub flags: u8,
    pub sign_count: u32,
    pub aaguid: String,
    pub aaguid_zero: bool,
    pub aaguid_name: Option<String>,
    pub alg: i64,
    pub alg_label: String,
    pub key_type: String,
}

impl ParsedRegistration {
    pub fn flags(&self) -> Flags {
        Flags(self.flags)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assertion {
    pub attachment: Option<String>,
    /// Flags and counter from the assertion's authenticator data, or why it could not be read.
    pub auth_data: Result<(u8, u32), String>,
}

/// The whole test ceremony: registration, then authentication with the new credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CeremonyOutcome {
    pub attachment: Attachment,
    /// "none" or "direct".
    pub attestation: String,
    pub registration: Result<Registration, StepError>,
    /// `None` when registration failed and authentication was not attempted.
    pub authentication: Option<Result<Assertion, StepError>>,
}

impl ParsedRegistration {
    /// Parses an attestation object (untrusted bytes) into the facts the page shows.
    pub fn from_attestation_object(bytes: &[u8]) -> Result<ParsedRegistration, String> {
        let a = super::attestation::parse(bytes)?;
        // `attestation::parse` guarantees attested credential data; stay total anyway.
        let cred = a
            .auth_data
            .attested
            .as_ref()
            .ok_or("no attested credential data")?;
        Ok(ParsedRegistration {
            fmt: a.fmt.clone(),
            statement_keys: a.statement_keys.clone(),
            certificates: a.certificates,
            flags: a.auth_data.flags.0,
            sign_count: a.auth_data.sign_count,
            aaguid: cred.aaguid.to_string(),
            aaguid_zero: cred.aaguid.is_zero(),
            aaguid_name: cred.aaguid.name().map(str::to_string),
            alg: cred.public_key.alg.id(),
            alg_label: cred.public_key.alg.label(),
            key_type: cred.public_key.key_type.clone(),
        })
    }
}

impl Assertion {
    /// Flags and counter of an assertion's authenticator data (untrusted bytes).
    pub fn parse_auth_data(bytes: &[u8]) -> Result<(u8, u32), String> {
        let a = super::authdata::parse(bytes).map_err(|e| e.to_string())?;
        Ok((a.flags.0, a.sign_count))
    }
}
