//! Registry entries of the self-check's environment probes.

use crate::finding::Severity;
use crate::registry::CheckInfo;
use crate::topics::Topic;

pub const STORAGE: CheckInfo = CheckInfo {
    id: "env.storage",
    severity: Severity::Warning,
    title: "Cookies or storage are blocked",
    checks: "Whether cookies, localStorage and sessionStorage are available to pages.",
    why: "The AWS access portal keeps its sign-in session in cookies; blocked cookies or storage break sign-in in ways that look like other errors.",
    fix: "Allow cookies for the access portal (awsapps.com) and signin.aws, or leave private browsing, then sign in again.",
    topic: Topic::ExternalIdpSignIn,
    best_knowledge: true,
};

pub const CHECKS: &[CheckInfo] = &[STORAGE];
