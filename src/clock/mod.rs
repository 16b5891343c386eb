//! The clock domain: this device's clock against the page's own server, the phone's authenticator
//! clock through a throw-away TOTP secret, and what both mean for authenticator codes.
//!
//! Pure logic lives here and compiles natively (callers pass every time in); the browser probe lives
//! in `probe.rs` behind `cfg(target_arch = "wasm32")`.
//!
//! Sign convention: an offset is `device − reference`; positive means the device is ahead.

pub mod checks;
pub mod config;
pub mod date;
pub mod estimate;
pub mod hints;
pub mod hotp;
pub mod otpauth;
#[cfg(target_arch = "wasm32")]
pub mod probe;
pub mod stepsearch;
pub mod verdict;

pub use estimate::{corrected_now, Estimate, Measurement, NoReference, Sample};
pub use verdict::{evaluate, PhoneVerdict, Verdict};

use crate::report::Section;

/// The clock part of a report. Holds offsets, uncertainties and findings only: never the test secret
/// or any code.
pub fn report_section(clock: &Verdict, phone: Option<&PhoneVerdict>) -> Section {
    let mut s = Section::new("clock", "Clock and authenticator codes");
    for (k, v) in &clock.facts {
        s = s.fact(k.clone(), v.clone());
    }
    let mut findings = clock.findings.clone();
    if let Some(p) = phone {
        for (k, v) in &p.facts {
            s = s.fact(k.clone(), v.clone());
        }
        findings.extend(p.findings.iter().cloned());
    }
    s.findings(findings)
}
