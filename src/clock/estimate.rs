//! Offset of this device's clock against a reference `Date` header, by interval intersection.
//!
//! Sign convention used everywhere in `clock`: `offset = device time − reference time`, so a positive
//! offset means this device is AHEAD. The corrected time is `device time − offset`.
//!
//! One sample = a request sent at device time `t0` and answered at `t3` (same wall reading plus the
//! monotonic round trip), with `Date: D` (whole seconds, truncated by servers). The server wrote `D` at
//! some true time `s ∈ [D, D+1 s)` between sending and receiving, so
//! `offset ∈ [t0 − D − 1000, t3 − D]`. Intersecting samples taken at different sub-second phases
//! narrows the interval towards the round-trip time. Samples that disagree (a cache that served an
//! old `Date`, a clock jump) are outvoted with Marzullo's algorithm rather than trusted.

use crate::clock::hints::ClockPair;

/// Browsers report `Date.now()` in whole milliseconds (and may coarsen timers); widen every interval
/// by this much so rounding can never exclude the truth.
const TIMER_SLACK_MS: f64 = 2.0;
/// Servers that cache their formatted Date once per second (Node's http, nginx) switch to the new
/// second a few ms late, so the server's true time may be slightly past `D + 1 s`.
const SERVER_STALE_MS: f64 = 10.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Device wall-clock time (ms since the epoch) just before the request was sent.
    pub sent_ms: f64,
    /// Device wall-clock time when the response arrived: `sent_ms` + the monotonic round trip, so a
    /// wall-clock step during the request cannot distort the round trip.
    pub received_ms: f64,
    /// The response's `Date`, in ms since the epoch (a whole second).
    pub date_ms: i64,
    /// The response's `Age` in seconds, if sent.
    pub age_s: Option<u32>,
}

impl Sample {
    /// Builds a sample from a wall-clock reading at send time and two monotonic readings.
    pub fn from_timings(
        wall_send_ms: f64,
        mono_send_ms: f64,
        mono_recv_ms: f64,
        date_ms: i64,
        age_s: Option<u32>,
    ) -> Self {
        let rtt = (mono_recv_ms - mono_send_ms).max(0.0);
        Sample {
            sent_ms: wall_send_ms,
            received_ms: wall_send_ms + rtt,
            date_ms,
            age_s,
        }
    }

    pub fn rtt_ms(&self) -> f64 {
        (self.received_ms - self.sent_ms).max(0.0)
    }

    /// A cache answered if `Age` is positive: its `Date` is the origin's, not "now".
    pub fn is_cached(&self) -> bool {
        self.age_s.is_some_and(|a| a > 0)
    }

    /// The interval of offsets this sample allows, `[low, high]` in ms.
    pub fn interval(&self) -> (f64, f64) {
        let d = self.date_ms as f64;
        match self.age_s {
            Some(a) if a > 0 => {
                // server now ≈ Date + Age; both are whole seconds and Age is itself an estimate
                // (±1 s), so the server's time lies in [D + (A−1) s, D + (A+2) s).
                let a = a as f64 * 1000.0;
                (
                    self.sent_ms - (d + a + 2000.0) - TIMER_SLACK_MS,
                    self.received_ms - (d + a - 1000.0) + TIMER_SLACK_MS,
                )
            }
            _ => (
                self.sent_ms - d - 1000.0 - SERVER_STALE_MS - TIMER_SLACK_MS,
                self.received_ms - d + TIMER_SLACK_MS,
            ),
        }
    }
}

/// The combined estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Midpoint of the interval: device − reference, ms (positive: this device is ahead).
    pub offset_ms: f64,
    pub low_ms: f64,
    pub high_ms: f64,
    /// Samples whose intervals form the result.
    pub used: usize,
    /// All samples offered.
    pub total: usize,
    /// Samples left out because a cache answered (`Age > 0`) while fresher ones existed.
    pub cached: usize,
    /// Samples left out because they disagreed with the majority.
    pub outliers: usize,
    pub min_rtt_ms: f64,
    /// True when only cached answers were available and `Date + Age` was used (±1 s or worse).
    pub from_cache: bool,
}

impl Estimate {
    /// Half the interval width: the honest "±".
    pub fn uncertainty_ms(&self) -> f64 {
        (self.high_ms - self.low_ms) / 2.0
    }

    pub fn contains(&self, offset_ms: f64) -> bool {
        self.low_ms <= offset_ms && offset_ms <= self.high_ms
    }
}

/// Why there is no reference time. Each variant has a plain-words explanation for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoReference {
    /// Opened from a file: there is no server to ask.
    FileScheme,
    /// The browser says it is offline, or every request failed.
    Offline(String),
    /// Responses arrived but carried no `Date` header.
    NoDateHeader,
    /// A `Date` header that is not an HTTP date.
    BadDate(String),
    /// The requests did not answer in time.
    Timeout,
    /// Samples disagree with each other: a cache is serving old responses, or the clock jumped.
    Inconsistent { samples: usize },
    /// Nothing was measured (zero samples asked for, or not in a browser).
    NoSamples,
}

impl NoReference {
    pub fn code(&self) -> &'static str {
        match self {
            NoReference::FileScheme => "file-scheme",
            NoReference::Offline(_) => "offline",
            NoReference::NoDateHeader => "no-date-header",
            NoReference::BadDate(_) => "bad-date",
            NoReference::Timeout => "timeout",
            NoReference::Inconsistent { .. } => "inconsistent",
            NoReference::NoSamples => "no-samples",
        }
    }

    pub fn message(&self) -> String {
        match self {
            NoReference::FileScheme => "No reference time: this page was opened from a file, so there is no server to compare the clock with. Open it from its web address instead.".into(),
            NoReference::Offline(e) => format!("No reference time: the page's own server could not be reached ({e}). The clock was not checked."),
            NoReference::NoDateHeader => "No reference time: the page's server sends no Date header (or the browser hides it), so the clock cannot be compared. The clock was not checked.".into(),
            NoReference::BadDate(v) => format!("No reference time: the server's Date header \"{}\" is not a valid HTTP date. The clock was not checked.", crate::report::one_line(v, 60)),
            NoReference::Timeout => "No reference time: the page's server did not answer in time. The clock was not checked.".into(),
            NoReference::Inconsistent { samples } => format!("No reference time: the {samples} answers of the server disagree with each other (a cache is probably serving old responses, or the clock changed while measuring). The clock was not checked."),
            NoReference::NoSamples => "No reference time: nothing was measured.".into(),
        }
    }
}

/// Combines samples into one estimate. Fresh answers are preferred; cached ones (`Age > 0`) are only
/// used when nothing else exists, with their wider interval.
pub fn estimate(samples: &[Sample]) -> Result<Estimate, NoReference> {
    let valid: Vec<Sample> = samples
        .iter()
        .copied()
        .filter(|s| {
            s.sent_ms.is_finite() && s.received_ms.is_finite() && s.received_ms >= s.sent_ms
        })
        .collect();
    if valid.is_empty() {
        return Err(NoReference::NoSamples);
    }
    let fresh: Vec<Sample> = valid.iter().copied().filter(|s| !s.is_cached()).collect();
    let (pool, from_cache) = if fresh.is_empty() {
        (valid.clone(), true)
    } else {
        (fresh, false)
    };
    let cached = valid.len() - if from_cache { 0 } else { pool.len() };
    let intervals: Vec<(f64, f64)> = pool.iter().map(Sample::interval).collect();
    let (lo, hi, used) = marzullo(&intervals);
    // A result must be backed by a strict majority, otherwise we would be picking a side blindly.
    if used * 2 <= pool.len() {
        return Err(NoReference::Inconsistent {
            samples: pool.len(),
        });
    }
    let min_rtt_ms = pool
        .iter()
        .map(Sample::rtt_ms)
        .fold(f64::INFINITY, f64::min);
    Ok(Estimate {
        offset_ms: (lo + hi) / 2.0,
        low_ms: lo,
        high_ms: hi,
        used,
        total: samples.len(),
        cached,
        outliers: pool.len() - used,
        min_rtt_ms,
        from_cache,
    })
}

/// Marzullo's algorithm: the smallest interval covered by the largest number of input intervals.
/// Returns (low, high, count). Closed intervals: an end that touches a start still overlaps.
fn marzullo(intervals: &[(f64, f64)]) -> (f64, f64, usize) {
    let mut edges: Vec<(f64, i32)> = Vec::with_capacity(intervals.len() * 2);
    for &(lo, hi) in intervals {
        edges.push((lo, 1));
        edges.push((hi, -1));
    }
    // Starts before ends at equal positions (closed intervals).
    edges.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let (mut best, mut count) = (0i32, 0i32);
    let (mut lo, mut hi) = (0.0, 0.0);
    for (i, &(x, kind)) in edges.iter().enumerate() {
        count += kind;
        if count > best {
            best = count;
            lo = x;
            // The next edge ends the region of this count (it must be an end: count just rose).
            hi = edges.get(i + 1).map_or(x, |e| e.0);
        }
    }
    (lo, hi, best.max(0) as usize)
}

/// How long to wait (ms) before sending the next probe so that one of the reference's second
/// boundaries falls in the middle of the request's flight: the answer's `Date` then tells on which
/// side of the boundary the server was, which halves the remaining interval (bisection). Without an
/// estimate yet, send at once.
pub fn next_delay_ms(now_device_ms: f64, current: Option<&Estimate>, rtt_ms: f64) -> f64 {
    const MIN_GAP_MS: f64 = 15.0;
    let Some(e) = current else { return 0.0 };
    if !now_device_ms.is_finite() || !e.offset_ms.is_finite() {
        return 0.0;
    }
    let rtt = if rtt_ms.is_finite() {
        rtt_ms.clamp(0.0, 1000.0)
    } else {
        0.0
    };
    // Device time at which the reference crosses a whole second: t ≡ offset (mod 1000). Aim the
    // middle of the flight (send + rtt/2) at it.
    let phase = (e.offset_ms - rtt / 2.0).rem_euclid(1000.0);
    let earliest = now_device_ms + MIN_GAP_MS;
    let k = ((earliest - phase) / 1000.0).ceil();
    let target = phase + k * 1000.0;
    (target - now_device_ms).clamp(0.0, 1000.0 + MIN_GAP_MS)
}

/// One measurement of this device's clock: the estimate plus what it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub estimate: Estimate,
    pub samples: Vec<Sample>,
    /// Wall-clock and monotonic readings taken together during the measurement (jump detection).
    pub clock_pairs: Vec<ClockPair>,
    /// What was asked: the probe path, for the report (never a secret).
    pub reference: String,
}

/// Reference-corrected time: the device time with this device's offset removed.
pub fn corrected_now(device_now_ms: i64, offset: &Estimate) -> i64 {
    if !offset.offset_ms.is_finite() {
        return device_now_ms;
    }
    device_now_ms.saturating_sub(offset.offset_ms.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(sent: f64, rtt: f64, date: i64, age: Option<u32>) -> Sample {
        Sample {
            sent_ms: sent,
            received_ms: sent + rtt,
            date_ms: date,
            age_s: age,
        }
    }

    #[test]
    fn single_sample_interval_is_one_second_plus_rtt() {
        let e = estimate(&[s(10_500.0, 100.0, 10_000, None)]).expect("estimate");
        assert!(
            (e.high_ms - e.low_ms - 1100.0 - 2.0 * TIMER_SLACK_MS - SERVER_STALE_MS).abs() < 1e-9
        );
        assert!(e.contains(0.0) && e.contains(600.0) && !e.contains(-600.0));
    }

    #[test]
    fn stale_cached_sample_is_outvoted_and_age_preferred_fresh() {
        // Three fresh samples with offset ≈ 0 and one stale answer from a cache that sends no Age.
        let samples = [
            s(10_200.0, 50.0, 10_000, None),
            s(11_700.0, 50.0, 11_000, None),
            s(12_950.0, 80.0, 12_000, None),
            s(14_000.0, 50.0, 5_000, None),
        ];
        let e = estimate(&samples).expect("estimate");
        assert_eq!((e.used, e.outliers), (3, 1));
        assert!(e.contains(0.0));
        // With Age the cached answer is simply not used.
        let e = estimate(&[samples[0], s(14_000.0, 50.0, 5_000, Some(9))]).expect("estimate");
        assert_eq!((e.used, e.cached, e.from_cache), (1, 1, false));
    }

    #[test]
    fn only_cached_answers_use_date_plus_age_with_wide_interval() {
        let e = estimate(&[s(20_300.0, 40.0, 10_000, Some(10))]).expect("estimate");
        assert!(e.from_cache && e.contains(0.0) && e.uncertainty_ms() > 1000.0);
    }

    #[test]
    fn disagreement_without_majority_is_no_reference() {
        let r = estimate(&[
            s(10_200.0, 50.0, 10_000, None),
            s(10_300.0, 50.0, 50_000, None),
        ]);
        assert_eq!(r, Err(NoReference::Inconsistent { samples: 2 }));
        assert_eq!(estimate(&[]), Err(NoReference::NoSamples));
        let nan = s(f64::NAN, 1.0, 0, None);
        assert_eq!(estimate(&[nan]), Err(NoReference::NoSamples));
    }

    #[test]
    fn scheduler_aims_a_boundary_at_mid_flight() {
        let e = estimate(&[s(10_500.0, 100.0, 10_000, None)]).expect("estimate");
        let now = 10_700.0;
        let d = next_delay_ms(now, Some(&e), 100.0);
        assert!((0.0..=1015.0).contains(&d));
        let mid_flight = now + d + 50.0 - e.offset_ms;
        assert!((mid_flight.rem_euclid(1000.0)).min(1000.0 - mid_flight.rem_euclid(1000.0)) < 1e-6);
        assert_eq!(next_delay_ms(now, None, 100.0), 0.0);
        assert_eq!(corrected_now(5_000, &e), 5_000 - e.offset_ms.round() as i64);
    }
}
