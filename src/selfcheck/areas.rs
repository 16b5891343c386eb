//! The self-check's adapter to the tools: one async fn per area, each returning the area's report
//! section (and, for the clock, the measured offset so the report time can be corrected).
//!
//! This is the only file of the self-check that calls into `webauthn::` and `clock::`: the self-check
//! runs exactly the probes and verdicts of those pages.

use crate::report::Section;
use crate::selfcheck::{env, probe};

/// What one area produced.
pub struct AreaOutcome {
    pub section: Section,
    /// Device clock minus reference in ms (positive = device ahead), when the clock area measured one.
    pub clock_offset_ms: Option<i64>,
}

impl From<Section> for AreaOutcome {
    fn from(section: Section) -> Self {
        AreaOutcome {
            section,
            clock_offset_ms: None,
        }
    }
}

/// Runs one area by its name from `links::SELFCHECK_AREAS`.
pub async fn run(area: &str) -> AreaOutcome {
    match area {
        "environment" => env::environment_section(&probe::environment()).into(),
        "storage" => env::storage_section(&probe::storage()).into(),
        "locale" => env::locale_section(&probe::locale()).into(),
        "webauthn" => webauthn().await.into(),
        "clock" => clock().await,
        other => Section::new(other, "Unknown area").into(),
    }
}

/// The WebAuthn page's own probes and verdict, without personal data.
async fn webauthn() -> Section {
    let results = crate::webauthn::probe::run_probes().await;
    crate::webauthn::report_section(&results, None)
}

/// The clock page's own measurement (same-origin `Date` header, interval method) and verdict.
/// The offset (device − reference, positive = device ahead) lets the report carry a corrected time.
async fn clock() -> AreaOutcome {
    use crate::clock::{probe, report_section, verdict};
    match probe::measure(6).await {
        Ok(m) => AreaOutcome {
            section: report_section(&verdict::evaluate(&m), None),
            clock_offset_ms: Some(m.estimate.offset_ms.round() as i64),
        },
        Err(no_ref) => AreaOutcome {
            section: report_section(&verdict::no_reference(&no_ref), None),
            clock_offset_ms: None,
        },
    }
}
