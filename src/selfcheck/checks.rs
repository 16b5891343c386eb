//! Registry entries of the self-check's environment probes.

use crate::finding::Severity;
use crate::registry::CheckInfo;
use crate::topics::Topic;

pub const SECURE_CONTEXT: CheckInfo = CheckInfo {
    id: "env.secure-context",
    severity: Severity::Error,
    title: "Page is not a secure context",
    checks: "Whether this page runs in a secure context (HTTPS, or localhost during development).",
    why: "Browsers switch off security keys, passkeys and the clipboard outside secure contexts, so several checks here and the AWS sign-in pages behave differently.",
    fix: "Open the self-check link exactly as you received it, starting with https://, and run it again.",
    topic: Topic::BrowserNotSupported,
    best_knowledge: false,
};

pub const BROWSER: CheckInfo = CheckInfo {
    id: "env.browser",
    severity: Severity::Warning,
    title: "Browser could not be identified or is old",
    checks: "The browser name, version and operating system, from User-Agent Client Hints where available and from the user-agent string otherwise, against the first versions that support WebAuthn (Chrome 67, Edge 18, Firefox 60, Safari 13).",
    why: "Browsers older than these cannot register security keys or passkeys, which the MFA registration shows as \"Browser not supported\".",
    fix: "Update the browser to its current version, or use a current Chrome, Edge, Firefox or Safari.",
    topic: Topic::BrowserNotSupported,
    best_knowledge: false,
};

pub const FRAME: CheckInfo = CheckInfo {
    id: "env.frame",
    severity: Severity::Warning,
    title: "Page runs inside a frame",
    checks: "Whether the page is shown inside another page (an iframe) instead of in its own tab.",
    why: "Browsers restrict security keys, passkeys and cookies inside frames, so results in a frame differ from the real sign-in page.",
    fix: "Open the self-check link in its own browser tab.",
    topic: Topic::BrowserNotSupported,
    best_knowledge: true,
};

pub const COOKIES: CheckInfo = CheckInfo {
    id: "env.cookies",
    severity: Severity::Warning,
    title: "Cookies are blocked",
    checks: "navigator.cookieEnabled, and whether a short-lived test cookie can be written, read back and removed.",
    why: "The AWS access portal keeps its sign-in session in cookies; with cookies blocked the sign-in loops or ends in an unexpected error.",
    fix: "Allow cookies for the AWS access portal (awsapps.com) and signin.aws in the browser settings, or leave private browsing, then sign in again.",
    topic: Topic::ExternalIdpSignIn,
    best_knowledge: true,
};

pub const STORAGE: CheckInfo = CheckInfo {
    id: "env.storage",
    severity: Severity::Warning,
    title: "Browser storage is blocked",
    checks: "Whether localStorage and sessionStorage accept a test value that is written, read back and removed at once.",
    why: "The AWS access portal keeps its sign-in session in cookies; blocked cookies or storage break sign-in in ways that look like other errors.",
    fix: "Allow cookies for the access portal (awsapps.com) and signin.aws, or leave private browsing, then sign in again.",
    topic: Topic::ExternalIdpSignIn,
    best_knowledge: true,
};

pub const TIMEZONE: CheckInfo = CheckInfo {
    id: "env.timezone",
    severity: Severity::Warning,
    title: "Time zone is unknown or inconsistent",
    checks: "The IANA time zone the browser reports (Intl.DateTimeFormat) and the current offset from UTC.",
    why: "A wrong time zone setting shifts the device clock by whole hours, which makes authenticator-app codes fail even when the clock face looks right.",
    fix: "Set the time zone and \"set time automatically\" in the operating system's date and time settings.",
    topic: Topic::TotpClock,
    best_knowledge: true,
};

pub const LANGUAGE: CheckInfo = CheckInfo {
    id: "env.language",
    severity: Severity::Info,
    title: "Browser language is not reported",
    checks: "The languages the browser asks websites for (navigator.languages).",
    why: "Support staff read screenshots and error texts more easily when they know the language the pages were shown in.",
    fix: "Nothing to fix; tell support which language your browser uses.",
    topic: Topic::BrowserNotSupported,
    best_knowledge: true,
};

/// A probe that threw or never answered. Its result is a finding, never a missing area.
pub const PROBE: CheckInfo = CheckInfo {
    id: "selfcheck.probe",
    severity: Severity::Warning,
    title: "A self-check probe did not finish",
    checks: "Whether each self-check area produced a result within its time limit.",
    why: "An area without a result cannot show what is wrong; the browser's answer (or silence) is itself a clue for support.",
    fix: "Reload the page and run the self-check again; if it repeats, send the report to support as it is.",
    topic: Topic::BrowserNotSupported,
    best_knowledge: true,
};

// --- Minimal fallback checks used by `selfcheck::areas` until the webauthn and clock branches are
// merged. Delete these two (and their uses in areas.rs) when the real calls are swapped in.

/// FALLBACK (remove at merge): basic WebAuthn availability.
pub const FALLBACK_WEBAUTHN: CheckInfo = CheckInfo {
    id: "selfcheck.webauthn-basic",
    severity: Severity::Error,
    title: "WebAuthn or a built-in authenticator is unavailable",
    checks: "Whether PublicKeyCredential exists and whether a built-in (platform) authenticator with user verification is available.",
    why: "Without PublicKeyCredential the MFA registration shows \"Browser not supported\"; without a platform authenticator only security keys and phones can be registered.",
    fix: "Use a current Chrome, Edge, Firefox or Safari in its own tab over HTTPS; without a built-in authenticator, register a security key instead.",
    topic: Topic::BrowserNotSupported,
    best_knowledge: false,
};

/// FALLBACK (remove at merge): one-sample clock reference.
pub const FALLBACK_CLOCK: CheckInfo = CheckInfo {
    id: "selfcheck.clock-basic",
    severity: Severity::Error,
    title: "Device clock is off (quick check)",
    checks: "One same-origin request without caching; the device clock against the server's Date header, with an uncertainty of half the round trip plus the header's one-second resolution.",
    why: "Authenticator-app (TOTP) codes are only accepted close to the server's time.",
    fix: "Turn on automatic date and time (network time) in the device settings, check the time zone, then run the check again.",
    topic: Topic::TotpClock,
    best_knowledge: true,
};

pub const CHECKS: &[CheckInfo] = &[
    SECURE_CONTEXT,
    BROWSER,
    FRAME,
    COOKIES,
    STORAGE,
    TIMEZONE,
    LANGUAGE,
    PROBE,
    FALLBACK_WEBAUTHN,
    FALLBACK_CLOCK,
];
