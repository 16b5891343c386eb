//! What an offset means for authenticator codes: a colour, a sentence, and findings.
//!
//! Thresholds are best knowledge (AWS publishes no window): green below 2 s, amber from 2 s, red from
//! 15 s; RFC 6238 recommends servers accept at most one 30-second step of drift.

use crate::clock::checks::{
    OFFSET, PHONE_CODE, PHONE_OFFSET, PRECISION, REFERENCE, TIMEZONE_HINT, WALL_JUMP,
};
use crate::clock::estimate::{Estimate, Measurement, NoReference};
use crate::clock::hints::{wall_jump, zone_hint, ClockPair, WALL_JUMP_THRESHOLD_MS};
use crate::clock::stepsearch::{describe_chance, PhoneResult};
use crate::finding::{Evidence, Finding, Severity};

pub const GREEN_BELOW_MS: f64 = 2_000.0;
pub const RED_FROM_MS: f64 = 15_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Green,
    Amber,
    Red,
    /// Nothing measured.
    Grey,
}

impl Colour {
    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Amber => "amber",
            Colour::Red => "red",
            Colour::Grey => "grey",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub colour: Colour,
    /// "Your clock is 2.4 s ahead (±0.1 s)."
    pub headline: String,
    /// What it means for authenticator codes.
    pub totp: String,
    pub findings: Vec<Finding>,
    /// Non-secret facts for the report.
    pub facts: Vec<(String, String)>,
    pub offset_ms: Option<f64>,
    pub uncertainty_ms: Option<f64>,
}

/// "0.4 s", "1 min 35.0 s", "1 h 0 min 0 s": magnitude only.
pub fn fmt_magnitude(ms: f64) -> String {
    let s = ms.abs() / 1000.0;
    if !s.is_finite() {
        return "an unknown time".into();
    }
    if s < 60.0 {
        format!("{s:.1} s")
    } else if s < 3600.0 {
        let m = (s / 60.0).floor();
        format!("{m:.0} min {:.1} s", s - m * 60.0)
    } else {
        let h = (s / 3600.0).floor();
        let m = ((s - h * 3600.0) / 60.0).floor();
        format!("{h:.0} h {m:.0} min {:.0} s", s - h * 3600.0 - m * 60.0)
    }
}

/// "±0.3 s", or "±4 ms" below a tenth of a second (a loopback or LAN reference), so the "±" never
/// reads as a misleading "±0.0 s".
pub fn fmt_uncertainty(ms: f64) -> String {
    if ms.is_finite() && ms < 100.0 {
        format!("±{:.0} ms", ms.max(1.0))
    } else {
        format!("±{:.1} s", ms / 1000.0)
    }
}

/// "+2.4 s" / "−95.0 s": a signed value for tables and evidence.
pub fn fmt_signed(ms: f64) -> String {
    let sign = if ms < 0.0 { "−" } else { "+" };
    format!("{sign}{:.1} s", ms.abs() / 1000.0)
}

fn direction(ms: f64) -> &'static str {
    if ms < 0.0 {
        "behind"
    } else {
        "ahead"
    }
}

/// What an offset means for codes generated on a device with that offset, in 30-second steps.
pub fn totp_meaning(offset_ms: f64) -> String {
    let a = offset_ms.abs();
    let steps = offset_ms / 30_000.0;
    let steps_txt = format!("{:.1} time steps of 30 s", steps.abs());
    if a < GREEN_BELOW_MS {
        "Authenticator codes made on this device fall in the server's time step: they would be accepted if typed before they change.".into()
    } else if a < RED_FROM_MS {
        format!("That is {steps_txt}. Codes made on this device are usually accepted, but a code typed near the end of its 30 seconds may land in the neighbouring step and then depends on the server's tolerance.")
    } else if a < 30_000.0 {
        format!("That is {steps_txt}: codes made on this device often land in the neighbouring step and are accepted only if the server allows one step of drift (RFC 6238 recommends at most one; AWS does not publish its window).")
    } else if a < 60_000.0 {
        format!("That is {steps_txt}: codes made on this device are likely to be rejected.")
    } else {
        format!("That is {steps_txt}: codes made on this device would be rejected.")
    }
}

pub fn colour_of(offset_ms: f64) -> Colour {
    let a = offset_ms.abs();
    if !a.is_finite() {
        Colour::Grey
    } else if a < GREEN_BELOW_MS {
        Colour::Green
    } else if a < RED_FROM_MS {
        Colour::Amber
    } else {
        Colour::Red
    }
}

/// The verdict of a full measurement (estimate plus wall/monotonic readings).
pub fn evaluate(m: &Measurement) -> Verdict {
    let mut v = evaluate_estimate(&m.estimate, &m.clock_pairs);
    v.facts.insert(0, ("Reference".into(), m.reference.clone()));
    v
}

/// The verdict of an estimate; `pairs` may be empty.
pub fn evaluate_estimate(e: &Estimate, pairs: &[ClockPair]) -> Verdict {
    let off = e.offset_ms;
    let unc = e.uncertainty_ms();
    let colour = colour_of(off);
    let pm = fmt_uncertainty(unc);
    let headline = match colour {
        Colour::Green => format!(
            "Your clock is in sync: {} {} ({pm}).",
            fmt_magnitude(off),
            direction(off)
        ),
        _ => format!(
            "Your clock is {} {} ({pm}).",
            fmt_magnitude(off),
            direction(off)
        ),
    };
    let evidence = Evidence::new(
        format!("{} ({pm})", fmt_signed(off)),
        "Date header of the page's own server",
    );
    let mut findings = Vec::new();
    let f = match colour {
        Colour::Green => Finding::pass(
            &OFFSET,
            format!(
                "This device's clock is within {} of the reference. {}",
                fmt_magnitude(GREEN_BELOW_MS),
                totp_meaning(off)
            ),
        ),
        _ => {
            let f = Finding::new(
                &OFFSET,
                format!(
                    "This device's clock is {} {}. {}",
                    fmt_magnitude(off),
                    direction(off),
                    totp_meaning(off)
                ),
            );
            // Red keeps the check's default severity (error); amber is a warning.
            if colour == Colour::Amber {
                f.severity(Severity::Warning)
            } else {
                f
            }
        }
    };
    findings.push(f.evidence(evidence));
    if let Some(h) = zone_hint(off, unc) {
        let rest = if h.remainder_ms.abs() >= 1000.0 {
            format!(
                " (plus {} {})",
                fmt_magnitude(h.remainder_ms),
                direction(h.remainder_ms)
            )
        } else {
            String::new()
        };
        findings.push(
            Finding::new(&TIMEZONE_HINT, format!("The clock is {} {}{rest}: almost exactly a whole number of half hours. The time zone or daylight-saving setting is the likely cause (best knowledge), not a drifting clock.", h.describe(), direction(off)))
                .evidence(Evidence::new(fmt_signed(off), "offset")),
        );
    }
    if unc >= 1000.0 {
        let why = if e.from_cache {
            "only cached answers were available (Date + Age)"
        } else {
            "the answers were slow"
        };
        findings.push(Finding::new(
            &PRECISION,
            format!("The uncertainty is {pm} because {why}."),
        ));
    }
    if e.outliers > 0 {
        findings.push(Finding::new(&REFERENCE, format!("{} of {} answers disagreed with the others and were ignored (an old cached answer or a clock change).", e.outliers, e.used + e.outliers)).severity(Severity::Info));
    }
    if let Some(j) = wall_jump(pairs, WALL_JUMP_THRESHOLD_MS) {
        findings.push(
            Finding::new(&WALL_JUMP, format!("The clock moved {} {} against the browser's steady clock while this page was open.", fmt_magnitude(j.jump_ms), if j.jump_ms < 0.0 { "back" } else { "forward" }))
                .evidence(Evidence::new(fmt_signed(j.jump_ms), "Date.now() − performance.now()")),
        );
    }
    let facts = vec![
        (
            "Clock offset".into(),
            format!(
                "{} ({pm}), {} = device − reference",
                fmt_signed(off),
                direction(off)
            ),
        ),
        (
            "Offset interval".into(),
            format!("[{}, {}]", fmt_signed(e.low_ms), fmt_signed(e.high_ms)),
        ),
        ("TOTP steps".into(), format!("{:+.2}", off / 30_000.0)),
        (
            "Samples".into(),
            format!(
                "{} used of {} ({} cached, {} outliers), fastest round trip {:.0} ms",
                e.used, e.total, e.cached, e.outliers, e.min_rtt_ms
            ),
        ),
    ];
    Verdict {
        colour,
        headline,
        totp: totp_meaning(off),
        findings,
        facts,
        offset_ms: Some(off),
        uncertainty_ms: Some(unc),
    }
}

/// The verdict when there is no reference: says so, guesses nothing.
pub fn no_reference(r: &NoReference) -> Verdict {
    Verdict {
        colour: Colour::Grey,
        headline: r.message(),
        totp: "The clock could not be compared, so nothing is known about authenticator codes from this device. The phone test below still works: it compares the phone with this device's clock.".into(),
        findings: vec![Finding::new(&REFERENCE, r.message()).evidence(Evidence::new(r.code(), "clock probe"))],
        facts: vec![("Reference".into(), format!("none ({})", r.code()))],
        offset_ms: None,
        uncertainty_ms: None,
    }
}

/// The phone test's result in words and findings. Never includes the secret or the codes.
#[derive(Debug, Clone, PartialEq)]
pub struct PhoneVerdict {
    pub colour: Colour,
    pub headline: String,
    pub findings: Vec<Finding>,
    pub facts: Vec<(String, String)>,
    /// Step difference × 30 s, when found.
    pub offset_s: Option<i64>,
}

/// `reference_known`: whether the comparison used a measured reference (else the device clock).
pub fn evaluate_phone(r: &PhoneResult, reference_known: bool) -> PhoneVerdict {
    let against = if reference_known {
        "the reference time"
    } else {
        "this device's clock (no reference was available)"
    };
    match r {
        PhoneResult::NoMatch { window_steps } => {
            let msg = format!(
                "The code matches no time step within ±{} hours of {against}.",
                window_steps / 120
            );
            PhoneVerdict {
                colour: Colour::Grey,
                headline: msg.clone(),
                findings: vec![Finding::new(&PHONE_CODE, msg)],
                facts: vec![("Phone test".into(), "no match".into())],
                offset_s: None,
            }
        }
        PhoneResult::Ambiguous { deltas } => {
            let msg = format!("The code matches {} different time steps; type the next code the app shows to decide.", deltas.len());
            PhoneVerdict {
                colour: Colour::Grey,
                headline: msg.clone(),
                findings: vec![Finding::new(&PHONE_CODE, msg).severity(Severity::Info)],
                facts: vec![("Phone test".into(), "ambiguous".into())],
                offset_s: None,
            }
        }
        PhoneResult::Found(p) => {
            let s = p.offset_s();
            let ms = s as f64 * 1000.0;
            let steps = p.step_delta;
            let colour = match steps.abs() {
                0 => Colour::Green,
                1 => Colour::Amber,
                _ => Colour::Red,
            };
            let when = if steps == 0 {
                "in the same 30-second step as".to_string()
            } else {
                format!(
                    "{} step{} {} ",
                    steps.abs(),
                    if steps.abs() == 1 { "" } else { "s" },
                    direction(ms)
                )
            };
            let headline = if steps == 0 {
                format!("Your authenticator app is in sync: its codes are in the same 30-second step as {against} (offset between {} and {}).", fmt_signed(p.low_ms as f64), fmt_signed(p.high_ms as f64))
            } else {
                format!("Your authenticator app is about {} {} ({}, ±30 s): its codes are {when}{against}.", fmt_magnitude(ms), direction(ms), fmt_signed(ms))
            };
            let chance = format!(
                "Chance that this match is an accident: {}{}.",
                describe_chance(p.chance),
                if p.confirmed {
                    " (confirmed by the next code)"
                } else {
                    "; type the next code to confirm"
                }
            );
            let msg = format!("{headline} {chance} This measures the app's own clock, which is what the server sees (some apps correct their time themselves).");
            let f = match colour {
                Colour::Green => Finding::pass(&PHONE_OFFSET, msg),
                Colour::Amber => Finding::new(&PHONE_OFFSET, msg).severity(Severity::Warning),
                _ => Finding::new(&PHONE_OFFSET, msg),
            };
            let f = f.evidence(Evidence::new(
                format!("{} ({:+} steps)", fmt_signed(ms), steps),
                "test code from the authenticator app",
            ));
            if let Some(h) = zone_hint(ms, 30_000.0).filter(|_| steps.abs() >= 60) {
                let hint = Finding::new(&TIMEZONE_HINT, format!("The app is about {} {}: the phone's time zone or daylight-saving setting is the likely cause (best knowledge).", h.describe(), direction(ms)));
                return PhoneVerdict {
                    colour,
                    headline,
                    findings: vec![f, hint],
                    facts: phone_facts(p.step_delta, p.confirmed, p.chance),
                    offset_s: Some(s),
                };
            }
            PhoneVerdict {
                colour,
                headline,
                findings: vec![f],
                facts: phone_facts(p.step_delta, p.confirmed, p.chance),
                offset_s: Some(s),
            }
        }
    }
}

fn phone_facts(steps: i64, confirmed: bool, chance: f64) -> Vec<(String, String)> {
    vec![
        (
            "Authenticator app offset".into(),
            format!("{:+} s ({:+} steps of 30 s)", steps * 30, steps),
        ),
        (
            "Phone test confirmed".into(),
            format!(
                "{} (accidental match {})",
                if confirmed {
                    "yes, two codes"
                } else {
                    "no, one code"
                },
                describe_chance(chance)
            ),
        ),
    ]
}
