//! Likely causes behind an offset: a time-zone / daylight-saving mistake (the offset is close to a
//! whole or half hour), and the wall clock moving against the monotonic clock during the visit.

/// A wall-clock reading (`Date.now()`) and a monotonic reading (`performance.now()`) taken together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClockPair {
    pub wall_ms: f64,
    pub mono_ms: f64,
}

/// The offset is this many minutes (a multiple of 30) plus a small remainder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoneHint {
    /// Whole multiple of 30 minutes closest to the offset (signed, device − reference).
    pub minutes: i64,
    /// What is left after removing those minutes, ms (the "ordinary" clock error).
    pub remainder_ms: f64,
}

impl ZoneHint {
    /// "1 hour", "5 hours 30 minutes", "30 minutes".
    pub fn describe(&self) -> String {
        let m = self.minutes.unsigned_abs();
        let (h, rest) = (m / 60, m % 60);
        let hours = match h {
            0 => String::new(),
            1 => "1 hour".into(),
            _ => format!("{h} hours"),
        };
        match (h, rest) {
            (_, 0) => hours,
            (0, r) => format!("{r} minutes"),
            (_, r) => format!("{hours} {r} minutes"),
        }
    }
}

/// Tolerance around a whole half hour: a clock that is otherwise fine is within a minute or two.
const ZONE_TOLERANCE_MS: f64 = 120_000.0;

/// Returns a hint when `offset_ms` is at least 30 minutes and within about two minutes (plus the
/// measurement's own uncertainty) of a multiple of 30 minutes. Zones with 45-minute offsets (Nepal,
/// Chatham) are not covered: they are rare and the hint would mostly fire by chance.
pub fn zone_hint(offset_ms: f64, uncertainty_ms: f64) -> Option<ZoneHint> {
    if !offset_ms.is_finite() {
        return None;
    }
    let half_hour = 1_800_000.0;
    let n = (offset_ms / half_hour).round();
    if n == 0.0 || n.abs() > 2.0 * 26.0 {
        // No whole half hour, or more than a day: not a zone setting (zones span −12..+14 h).
        return None;
    }
    let remainder = offset_ms - n * half_hour;
    let tol = ZONE_TOLERANCE_MS
        + if uncertainty_ms.is_finite() {
            uncertainty_ms.max(0.0)
        } else {
            0.0
        };
    (remainder.abs() <= tol).then_some(ZoneHint {
        minutes: n as i64 * 30,
        remainder_ms: remainder,
    })
}

/// A wall-clock change seen during the visit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WallJump {
    /// Largest change of (wall − monotonic) against the first reading, ms (positive: moved forward).
    pub jump_ms: f64,
    /// Index of the reading where it was largest.
    pub at: usize,
}

/// The wall clock may be adjusted (by the user, by time sync, or it stands still in sleep while the
/// monotonic clock does not, or the reverse), and then codes computed before and after disagree.
/// Readings taken together keep `wall − mono` constant unless that happens; we report the largest
/// change above `threshold_ms`.
pub fn wall_jump(pairs: &[ClockPair], threshold_ms: f64) -> Option<WallJump> {
    let first = pairs
        .iter()
        .find(|p| p.wall_ms.is_finite() && p.mono_ms.is_finite())?;
    let base = first.wall_ms - first.mono_ms;
    let mut best: Option<WallJump> = None;
    for (i, p) in pairs.iter().enumerate() {
        if !(p.wall_ms.is_finite() && p.mono_ms.is_finite()) {
            continue;
        }
        let d = (p.wall_ms - p.mono_ms) - base;
        if d.abs() > threshold_ms && best.is_none_or(|b| d.abs() > b.jump_ms.abs()) {
            best = Some(WallJump { jump_ms: d, at: i });
        }
    }
    best
}

/// Default threshold: larger than any timer coarsening or scheduling delay between the two reads.
pub const WALL_JUMP_THRESHOLD_MS: f64 = 1000.0;
