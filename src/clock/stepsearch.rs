//! Finding the phone's clock from a code its authenticator app shows for our throw-away secret.
//!
//! The code identifies the TOTP step the app was in; comparing it with the step of the
//! reference-corrected time gives the app's offset in 30-second steps. Searching a wide window makes
//! accidental matches possible (≈ one in a million per step searched), so the page states that chance
//! and asks for the next code to confirm.

use crate::clock::hotp::{hotp, step_of, STEP_MS};

/// ±24 h in steps: covers every time-zone and date-setting mistake short of a wrong day.
pub const WINDOW_STEPS: i64 = 24 * 60 * 2;
pub const DIGITS: u32 = 6;

/// A typed code, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(pub u32);

/// Why a typed code cannot be used, in plain words.
pub fn parse_code(input: &str) -> Result<Code, String> {
    // Apps show codes as "123 456"; people also type "123-456". Everything else is an error.
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.is_empty() {
        return Err("Type the 6-digit code your authenticator app shows.".into());
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("The code must contain digits only (spaces are fine).".into());
    }
    if digits.len() != DIGITS as usize {
        return Err(format!(
            "The code must have 6 digits; this has {}.",
            digits.chars().count()
        ));
    }
    digits
        .parse::<u32>()
        .map(Code)
        .map_err(|_| "The code must contain digits only.".into())
}

/// The chance that a random 6-digit code matches at least one of `steps` steps (≈ steps × 10⁻⁶).
pub fn chance_of_accidental_match(steps: u64) -> f64 {
    1.0 - (1.0 - 1e-6f64).powf(steps as f64)
}

/// "0.58 %", "0.0005 %", "1 in 10 billion": small probabilities for people.
pub fn describe_chance(p: f64) -> String {
    if !(p.is_finite()) || p <= 0.0 {
        return "0 %".into();
    }
    if p >= 1e-5 {
        let pct = p * 100.0;
        let s = if pct >= 0.1 {
            format!("{pct:.2}")
        } else {
            format!("{pct:.4}")
        };
        format!("{} %", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        let inv = 1.0 / p;
        let exp = inv.log10().floor() as i32;
        match exp {
            ..=5 => format!("1 in {inv:.0}"),
            6..=8 => format!("1 in {:.0} million", inv / 1e6),
            9..=11 => format!("1 in {:.0} billion", inv / 1e9),
            _ => format!("less than 1 in 10^{exp}"),
        }
    }
}

/// Steps (relative to the reference step) whose code equals `code`, nearest first.
pub fn matching_deltas(key: &[u8], code: Code, reference_step: i64, window: i64) -> Vec<i64> {
    let window = window.clamp(0, 366 * 24 * 120);
    let mut out = Vec::new();
    // Nearest first, so the common case (phone roughly right) ends the list's scan early for callers.
    for d in (0..=window).flat_map(|d| if d == 0 { vec![0] } else { vec![d, -d] }) {
        let step = reference_step + d;
        if step >= 0 && hotp(key, step as u64, DIGITS) == code.0 {
            out.push(d);
        }
    }
    out
}

/// One typed code with the reference-corrected time at which it was submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypedCode {
    pub code: Code,
    /// Reference-corrected Unix ms when the user submitted the code.
    pub at_ms: i64,
}

/// What the phone test found.
#[derive(Debug, Clone, PartialEq)]
pub enum PhoneResult {
    /// No step in the window has this code: a typo, another entry, or a clock off by more than 24 h.
    NoMatch {
        window_steps: i64,
    },
    /// More than one step matches; the next code is needed to choose.
    Ambiguous {
        deltas: Vec<i64>,
    },
    Found(PhoneOffset),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhoneOffset {
    /// Matched step − reference step: what a server sees.
    pub step_delta: i64,
    /// Bounds of the app's clock offset (device − reference, ms) the code(s) allow.
    pub low_ms: i64,
    pub high_ms: i64,
    /// Chance that the match is an accident.
    pub chance: f64,
    /// Whether a second, consecutive code confirmed it.
    pub confirmed: bool,
}

impl PhoneOffset {
    /// The headline value: step difference × 30 s (what a server's step window compares).
    pub fn offset_s(&self) -> i64 {
        self.step_delta * (STEP_MS / 1000)
    }
}

/// Bounds of the offset from a code of absolute step `step` submitted at `at_ms`: the app's time was
/// within that step when the code was read, a moment at or before submission. We assume it was read
/// just before typing (a few seconds' lag makes the true offset up to that much larger).
fn bounds(step: i64, at_ms: i64) -> (i64, i64) {
    let start = step.saturating_mul(STEP_MS);
    (
        start.saturating_sub(at_ms),
        start.saturating_add(STEP_MS).saturating_sub(at_ms),
    )
}

/// Searches ±`window` steps around the reference step for the first code.
pub fn find(key: &[u8], first: TypedCode, window: i64) -> PhoneResult {
    let reference = step_of(first.at_ms);
    let deltas = matching_deltas(key, first.code, reference, window);
    let steps = (2 * window.max(0) + 1) as u64;
    match deltas.as_slice() {
        [] => PhoneResult::NoMatch {
            window_steps: window,
        },
        [d] => {
            let (low_ms, high_ms) = bounds(reference + d, first.at_ms);
            PhoneResult::Found(PhoneOffset {
                step_delta: *d,
                low_ms,
                high_ms,
                chance: chance_of_accidental_match(steps),
                confirmed: false,
            })
        }
        _ => PhoneResult::Ambiguous { deltas },
    }
}

/// Uses the next code the app showed (typed at `second.at_ms`) to confirm or disambiguate the first:
/// a phone clock that runs at a normal rate shows step S+1..=S+n where n covers the time between the
/// two submissions. The joint chance of an accident is about W × n × 10⁻¹².
pub fn confirm(key: &[u8], first: TypedCode, second: TypedCode, window: i64) -> PhoneResult {
    let reference = step_of(first.at_ms);
    let candidates = matching_deltas(key, first.code, reference, window);
    if candidates.is_empty() {
        return PhoneResult::NoMatch {
            window_steps: window,
        };
    }
    let elapsed = (second.at_ms - first.at_ms).max(0);
    // Steps the app could have advanced by between the two submissions (at least one: "next code").
    let max_advance = 1 + elapsed / STEP_MS + 1;
    let mut hits = Vec::new();
    for d in &candidates {
        let s1 = reference + d;
        for adv in 1..=max_advance {
            let s2 = s1 + adv;
            if s2 >= 0 && hotp(key, s2 as u64, DIGITS) == second.code.0 {
                hits.push((*d, s2));
                break;
            }
        }
    }
    match hits.as_slice() {
        [] => PhoneResult::NoMatch {
            window_steps: window,
        },
        [(d, s2)] => {
            let (l1, h1) = bounds(reference + d, first.at_ms);
            let (l2, h2) = bounds(*s2, second.at_ms);
            // Both readings constrain the same offset; if they do not overlap (slow typing), keep
            // the union rather than invent precision.
            let (low_ms, high_ms) = if l1.max(l2) <= h1.min(h2) {
                (l1.max(l2), h1.min(h2))
            } else {
                (l1.min(l2), h1.max(h2))
            };
            let steps = (2 * window.max(0) + 1) as f64;
            PhoneResult::Found(PhoneOffset {
                step_delta: *d,
                low_ms,
                high_ms,
                chance: steps * 1e-6 * max_advance as f64 * 1e-6,
                confirmed: true,
            })
        }
        _ => PhoneResult::Ambiguous {
            deltas: hits.iter().map(|h| h.0).collect(),
        },
    }
}
