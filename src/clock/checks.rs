//! Registry entries of the clock and TOTP checks.

use crate::finding::Severity;
use crate::registry::CheckInfo;
use crate::topics::Topic;

pub const OFFSET: CheckInfo = CheckInfo {
    id: "clock.offset",
    severity: Severity::Error,
    title: "Device clock is off",
    checks: "The offset of this device's clock against the Date header of the page's own server, with its uncertainty. Green below 2 s, amber from 2 s, red from 15 s.",
    why: "Authenticator-app (TOTP) codes are only accepted close to the server's time; a clock off by more than about one 30-second step makes codes fail. AWS does not publish its window; the thresholds are best knowledge (RFC 6238 recommends accepting at most one step of drift).",
    fix: "Turn on automatic date and time (network time) in the device settings, check the time zone, then try again.",
    topic: Topic::TotpClock,
    best_knowledge: true,
};

pub const REFERENCE: CheckInfo = CheckInfo {
    id: "clock.reference",
    severity: Severity::Warning,
    title: "No usable reference time",
    checks: "Whether the page's own server answered with a usable Date header (not from a cache, consistent across samples).",
    why: "Without a reference time the clock cannot be checked; guessing would give a false all-clear or a false alarm.",
    fix: "Open the page from its web address (not a file), check the network connection, and ask the host to serve the probe path without caching (see the README).",
    topic: Topic::TotpClock,
    best_knowledge: false,
};

pub const PRECISION: CheckInfo = CheckInfo {
    id: "clock.precision",
    severity: Severity::Info,
    title: "Reference time is imprecise",
    checks: "Whether the uncertainty of the measured offset is below one second.",
    why: "A cached or slow reference leaves a wide uncertainty; the verdict is then less certain near its thresholds.",
    fix: "Measure again on a faster connection; hosts can serve the probe path uncached (see the README).",
    topic: Topic::TotpClock,
    best_knowledge: false,
};

pub const TIMEZONE_HINT: CheckInfo = CheckInfo {
    id: "clock.timezone-hint",
    severity: Severity::Error,
    title: "Offset is a whole or half hour: time zone or daylight saving",
    checks: "Whether the offset is within about two minutes of a whole multiple of 30 minutes.",
    why: "A clock set to the right local time in the wrong time zone (or with the daylight-saving switch wrong) is off by whole hours in UTC, which is what authenticator codes use.",
    fix: "Set the correct time zone (or turn on automatic time zone) and automatic date and time. Do not correct the clock by hand to make the displayed time look right.",
    topic: Topic::TotpClock,
    best_knowledge: true,
};

pub const WALL_JUMP: CheckInfo = CheckInfo {
    id: "clock.wall-jump",
    severity: Severity::Warning,
    title: "The clock changed during the visit",
    checks: "Whether the wall clock (Date.now) moved against the browser's monotonic clock (performance.now) by more than a second while the page was open.",
    why: "A clock that is being corrected, set by hand, or that stood still during sleep makes codes and the measurement inconsistent.",
    fix: "Let the device finish its time synchronisation, then measure again.",
    topic: Topic::TotpClock,
    best_knowledge: false,
};

pub const PHONE_OFFSET: CheckInfo = CheckInfo {
    id: "totp.phone-offset",
    severity: Severity::Error,
    title: "Authenticator app's clock is off",
    checks: "The time step of a code typed from the authenticator app for a throw-away test secret, compared with the reference-corrected time (±24 h search, 30-second resolution).",
    why: "The server compares codes with its own time step; an app whose clock is one or more steps off produces codes that are rejected. AWS does not document its window (best knowledge).",
    fix: "On the phone turn on automatic date and time and automatic time zone; in Google Authenticator also use Settings → Time correction for codes → Sync now.",
    topic: Topic::TotpClock,
    best_knowledge: true,
};

pub const PHONE_CODE: CheckInfo = CheckInfo {
    id: "totp.phone-code",
    severity: Severity::Warning,
    title: "Test code not found",
    checks: "Whether the typed code matches the test secret at any step within ±24 hours of the reference time.",
    why: "A code that matches no step is a typo, a code from another entry, or a phone clock off by more than a day.",
    fix: "Check that the code comes from the ssocheck test entry and type it again; if it still fails, check the phone's date.",
    topic: Topic::TotpClock,
    best_knowledge: false,
};

pub const CHECKS: &[CheckInfo] = &[
    OFFSET,
    REFERENCE,
    PRECISION,
    TIMEZONE_HINT,
    WALL_JUMP,
    PHONE_OFFSET,
    PHONE_CODE,
];
