//! FALLBACK (remove at merge): the pure half of the minimal webauthn and clock areas that
//! `selfcheck::areas` uses until the webauthn and clock branches are merged. One same-origin sample
//! against the Date header; nothing here is used once the real `clock::` and `webauthn::` calls are in.

use crate::finding::{Evidence, Finding, Severity};
use crate::report::Section;
use crate::selfcheck::checks::{FALLBACK_CLOCK, FALLBACK_WEBAUTHN};

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to Unix milliseconds.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, mon, year, hms, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = MONTHS.iter().position(|x| x == mon)? + 1;
    let d: u32 = day.parse().ok()?;
    let y: u32 = year.parse().ok()?;
    crate::time::parse_rfc3339(&format!("{y:04}-{m:02}-{d:02}T{hms}Z")).ok()
}

/// One sample: device time before and after the request (ms), and the Date header (None = absent).
#[derive(Debug, Clone, PartialEq)]
pub enum ClockSample {
    Measured {
        t0_ms: f64,
        t1_ms: f64,
        date: Option<String>,
    },
    /// The request failed (offline, blocked): the message from the browser.
    Failed(String),
}

/// Offset (device minus reference, ms) and its half-width, from one sample: the server's time lies in
/// [D, D+1000) and was read between t0 and t1, so offset ∈ [t0 − (D+1000), t1 − D].
pub fn offset_from_sample(t0: f64, t1: f64, date_ms: i64) -> (i64, i64) {
    let lo = t0 - (date_ms as f64 + 1000.0);
    let hi = t1 - date_ms as f64;
    (
        ((lo + hi) / 2.0).round() as i64,
        ((hi - lo) / 2.0).round() as i64,
    )
}

/// The clock area from one sample; also returns the offset when one was measured.
pub fn clock_section(sample: &ClockSample) -> (Section, Option<i64>) {
    let s = Section::new("clock", "Clock");
    let no_ref = |why: String| {
        Finding::new(
            &FALLBACK_CLOCK,
            format!("No reference time: {why} The device clock was not checked."),
        )
        .severity(Severity::Warning)
        .fix("Connect to the network and run the self-check again; until then, make sure the device sets its time automatically.")
    };
    match sample {
        ClockSample::Failed(e) => (
            s.fact("Reference", "none (request failed)")
                .findings(vec![no_ref(format!(
                    "the request to this site failed ({e}); the device may be offline."
                ))]),
            None,
        ),
        ClockSample::Measured { date: None, .. } => (
            s.fact("Reference", "none (no Date header)")
                .findings(vec![no_ref("the server sent no Date header.".to_string())]),
            None,
        ),
        ClockSample::Measured {
            t0_ms,
            t1_ms,
            date: Some(d),
        } => match parse_http_date(d) {
            None => (
                s.fact("Reference", "none (unreadable Date header)")
                    .findings(vec![no_ref(format!(
                        "the server's Date header {:?} could not be read.",
                        crate::report::one_line(d, 60)
                    ))]),
                None,
            ),
            Some(date_ms) => {
                let (off, unc) = offset_from_sample(*t0_ms, *t1_ms, date_ms);
                let secs = off as f64 / 1000.0;
                let dir = if off >= 0 { "ahead" } else { "behind" };
                let text = format!(
                    "This device's clock is {:.1} s {dir} of this site's server (±{:.1} s).",
                    secs.abs(),
                    unc as f64 / 1000.0
                );
                // One 30-second TOTP step is the documented tolerance of RFC 6238; beyond it
                // codes start to fail.
                let sev = if off.abs() - unc > 30_000 {
                    Severity::Error
                } else if off.abs() - unc > 10_000 {
                    Severity::Warning
                } else {
                    Severity::Pass
                };
                let f = Finding::new(&FALLBACK_CLOCK, text)
                    .severity(sev)
                    .evidence(Evidence::new(d.clone(), "Date response header"));
                (
                    s.fact("Reference", "this site's server (Date header, one sample)")
                        .fact(
                            "Offset",
                            format!("{secs:+.1} s (±{:.1} s)", unc as f64 / 1000.0),
                        )
                        .findings(vec![f]),
                    Some(off),
                )
            }
        },
    }
}

/// What the minimal WebAuthn probe read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebauthnBasic {
    pub public_key_credential: bool,
    /// `isUserVerifyingPlatformAuthenticatorAvailable()`: Ok(answer) or Err(what happened).
    pub platform: Result<bool, String>,
    pub secure_context: bool,
}

pub fn webauthn_section(p: &WebauthnBasic) -> Section {
    let mut f = Vec::new();
    if !p.public_key_credential {
        let why = if p.secure_context {
            "This browser has no WebAuthn (PublicKeyCredential is missing): MFA registration will say \"Browser not supported\"."
        } else {
            "WebAuthn is hidden because the page is not a secure context: MFA registration here would say \"Browser not supported\"."
        };
        f.push(Finding::new(&FALLBACK_WEBAUTHN, why));
    } else {
        match &p.platform {
            Ok(true) => f.push(Finding::pass(
                &FALLBACK_WEBAUTHN,
                "WebAuthn works and a built-in authenticator (Windows Hello, Touch ID, Android screen lock...) is available. Security keys can be used too.",
            )),
            Ok(false) => f.push(
                Finding::new(
                    &FALLBACK_WEBAUTHN,
                    "WebAuthn works but no built-in authenticator is available here; security keys (and phones) can still be registered.",
                )
                .severity(Severity::Info)
                .fix("Nothing blocks security keys: register one, or a phone. For a built-in authenticator, set up Windows Hello, Touch ID or a screen lock on this device."),
            ),
            Err(e) => f.push(
                Finding::new(
                    &FALLBACK_WEBAUTHN,
                    format!("WebAuthn exists but the built-in authenticator check did not answer ({e})."),
                )
                .severity(Severity::Warning),
            ),
        }
    }
    Section::new("webauthn", "Security keys and passkeys")
        .fact(
            "WebAuthn (PublicKeyCredential)",
            if p.public_key_credential {
                "present"
            } else {
                "missing"
            },
        )
        .fact(
            "Built-in authenticator",
            match &p.platform {
                Ok(true) => "available".to_string(),
                Ok(false) => "not available".to_string(),
                Err(e) => format!("unknown ({e})"),
            },
        )
        .findings(f)
}
