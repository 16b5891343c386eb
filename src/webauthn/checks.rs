//! Registry entries of the WebAuthn probes and ceremony checks, in gate order.

use crate::finding::Severity;
use crate::registry::CheckInfo;
use crate::topics::Topic;

const T: Topic = Topic::BrowserNotSupported;

pub const SECURE_CONTEXT: CheckInfo = CheckInfo {
    id: "webauthn.secure-context",
    severity: Severity::Error,
    title: "Page is not a secure context",
    checks: "Whether the page runs in a secure context (HTTPS or localhost), which WebAuthn requires.",
    why: "Browsers hide WebAuthn entirely outside secure contexts, which Identity Center reports as \"Browser not supported\".",
    fix: "Open the page over HTTPS (or on localhost) and run the check again.",
    topic: T,
    best_knowledge: false,
};

pub const API_PRESENT: CheckInfo = CheckInfo {
    id: "webauthn.api",
    severity: Severity::Error,
    title: "Browser has no WebAuthn",
    checks: "Whether `PublicKeyCredential` is a function and `navigator.credentials` has `create` and `get`.",
    why: "Without these the browser cannot use security keys or built-in authenticators at all: the real \"Browser not supported\" case.",
    fix: "Update the browser, or use a current Chrome, Edge, Firefox or Safari (WebAuthn since Chrome 67, Edge 18, Firefox 60, Safari 13).",
    topic: T,
    best_knowledge: false,
};

pub const DOMAIN_HOST: CheckInfo = CheckInfo {
    id: "webauthn.domain-host",
    severity: Severity::Warning,
    title: "Page address is an IP address",
    checks: "Whether the page's host is a domain name rather than an IP literal.",
    why: "WebAuthn needs a domain as relying-party ID; on an IP address `create()` fails with SecurityError, so the test ceremony cannot run here.",
    fix: "Open the page by a domain name (or localhost). Identity Center's portal always uses a domain, so only this test is affected.",
    topic: T,
    best_knowledge: false,
};

pub const FRAME_POLICY: CheckInfo = CheckInfo {
    id: "webauthn.frame",
    severity: Severity::Error,
    title: "Page runs in a frame that blocks WebAuthn",
    checks: "Whether the page is inside a cross-origin frame and whether the Permissions Policy allows publickey-credentials-create and -get.",
    why: "Cross-origin frames get WebAuthn only when the parent page delegates it with allow=\"publickey-credentials-create; publickey-credentials-get\".",
    fix: "Open the page directly in its own browser tab instead of inside another site.",
    topic: T,
    best_knowledge: false,
};

pub const PLATFORM_AUTHENTICATOR: CheckInfo = CheckInfo {
    id: "webauthn.platform-authenticator",
    severity: Severity::Info,
    title: "No built-in authenticator found",
    checks: "`PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()`: a built-in authenticator with fingerprint, face or PIN (Windows Hello, Touch ID, Android screen lock).",
    why: "Without one, Identity Center cannot offer the built-in authenticator option. This does NOT mean the browser is unsupported: security keys still work (for example Firefox on Linux has no built-in authenticator).",
    fix: "Use a security key, or set up Windows Hello / Touch ID / a screen lock and reload.",
    topic: T,
    best_knowledge: false,
};

pub const CONDITIONAL_MEDIATION: CheckInfo = CheckInfo {
    id: "webauthn.conditional-mediation",
    severity: Severity::Info,
    title: "Passkey autofill",
    checks: "`PublicKeyCredential.isConditionalMediationAvailable()` (Chrome 108, Firefox 119, Safari 16).",
    why: "Shows whether the browser can offer passkeys in form autofill. Identity Center MFA registration does not depend on it.",
    fix: "Nothing needed for Identity Center; update the browser to get autofill.",
    topic: T,
    best_knowledge: true,
};

pub const CLIENT_CAPABILITIES: CheckInfo = CheckInfo {
    id: "webauthn.client-capabilities",
    severity: Severity::Info,
    title: "Client capabilities",
    checks: "`PublicKeyCredential.getClientCapabilities()` (Chrome/Edge 133, Firefox 135, Safari 17.4): every key is shown; a key the browser leaves out is unknown, not unsupported.",
    why: "Gives the browser's own view of hybrid (phone) sign-in and built-in passkey support.",
    fix: "Nothing needed; older browsers lack this method and that is fine.",
    topic: T,
    best_knowledge: false,
};

pub const JSON_HELPERS: CheckInfo = CheckInfo {
    id: "webauthn.json-helpers",
    severity: Severity::Info,
    title: "WebAuthn JSON helpers",
    checks: "`PublicKeyCredential.parseCreationOptionsFromJSON` and `toJSON` (Chrome 129, Firefox 119, Safari 18.4).",
    why: "Newer sites use them; their absence only means an older browser, which sites normally work around.",
    fix: "Update the browser if a site requires them.",
    topic: T,
    best_knowledge: true,
};

pub const BROWSER: CheckInfo = CheckInfo {
    id: "webauthn.browser",
    severity: Severity::Warning,
    title: "Browser and version",
    checks: "Browser, version and operating system from User-Agent Client Hints or the user-agent string, against the minimum WebAuthn versions.",
    why: "The Identity Center guide names Chrome, Firefox, Edge and Safari; older versions lack WebAuthn.",
    fix: "Update to a current Chrome, Edge, Firefox or Safari.",
    topic: T,
    best_knowledge: false,
};

pub const PROBE_FAILED: CheckInfo = CheckInfo {
    id: "webauthn.probe-failed",
    severity: Severity::Warning,
    title: "A browser probe failed or did not answer",
    checks: "Whether every WebAuthn probe answered within its time limit without throwing.",
    why: "A probe that throws or hangs points to a browser extension, policy or bug that may also break registration.",
    fix: "Try again in a private window without extensions, or in another supported browser.",
    topic: T,
    best_knowledge: true,
};

pub const CEREMONY_REGISTER: CheckInfo = CheckInfo {
    id: "webauthn.ceremony.register",
    severity: Severity::Error,
    title: "Test registration",
    checks: "A throw-away credential registered with this page's own site ID, after your click.",
    why: "This is the same browser step Identity Center uses when you register an MFA device.",
    fix: "Follow the explanation of the error shown with the result.",
    topic: T,
    best_knowledge: false,
};

pub const CEREMONY_AUTHENTICATE: CheckInfo = CheckInfo {
    id: "webauthn.ceremony.authenticate",
    severity: Severity::Error,
    title: "Test sign-in",
    checks:
        "Signing in with the credential just registered (navigator.credentials.get with its id).",
    why: "This is the step Identity Center uses at every MFA sign-in.",
    fix: "Follow the explanation of the error shown with the result.",
    topic: T,
    best_knowledge: false,
};

pub const AUTHENTICATOR_DATA: CheckInfo = CheckInfo {
    id: "webauthn.authenticator-data",
    severity: Severity::Warning,
    title: "Authenticator response",
    checks: "The attestation object and authenticator data: flags UP, UV, BE, BS, AT, ED, signature counter, AAGUID, algorithm and key type, attestation format.",
    why: "Malformed data or missing user presence means the authenticator or browser misbehaves.",
    fix: "Try another authenticator; update the key's firmware or the browser.",
    topic: T,
    best_knowledge: false,
};

pub const CHECKS: &[CheckInfo] = &[
    SECURE_CONTEXT,
    API_PRESENT,
    DOMAIN_HOST,
    FRAME_POLICY,
    PLATFORM_AUTHENTICATOR,
    CONDITIONAL_MEDIATION,
    CLIENT_CAPABILITIES,
    JSON_HELPERS,
    BROWSER,
    PROBE_FAILED,
    CEREMONY_REGISTER,
    CEREMONY_AUTHENTICATE,
    AUTHENTICATOR_DATA,
];
