//! Registry entries of the WebAuthn probes and ceremony checks.

use crate::finding::Severity;
use crate::registry::CheckInfo;
use crate::topics::Topic;

pub const SECURE_CONTEXT: CheckInfo = CheckInfo {
    id: "webauthn.secure-context",
    severity: Severity::Error,
    title: "Page is not a secure context",
    checks: "Whether the page runs in a secure context (HTTPS or localhost), which WebAuthn requires.",
    why: "Browsers hide WebAuthn entirely outside secure contexts, which Identity Center reports as \"Browser not supported\".",
    fix: "Open the page over HTTPS (or on localhost) and run the check again.",
    topic: Topic::BrowserNotSupported,
    best_knowledge: false,
};

pub const CHECKS: &[CheckInfo] = &[SECURE_CONTEXT];
