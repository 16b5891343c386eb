//! Registry entries of the clock and TOTP checks.

use crate::finding::Severity;
use crate::registry::CheckInfo;
use crate::topics::Topic;

pub const OFFSET: CheckInfo = CheckInfo {
    id: "clock.offset",
    severity: Severity::Error,
    title: "Device clock is off",
    checks: "The offset of this device's clock against the Date header of the page's own server, with its uncertainty.",
    why: "Authenticator-app (TOTP) codes are only accepted close to the server's time; a clock off by more than about one 30-second step makes codes fail.",
    fix: "Turn on automatic date and time (network time) in the device settings, check the time zone, then try again.",
    topic: Topic::TotpClock,
    best_knowledge: true,
};

pub const CHECKS: &[CheckInfo] = &[OFFSET];
