//! Native tests of the clock core: RFC vectors, the offset estimator against simulated networks, the
//! phone step search, hints and verdicts.

use ssocheck::clock::estimate::{estimate, next_delay_ms, Sample};
use ssocheck::clock::hints::{wall_jump, zone_hint, ClockPair};
use ssocheck::clock::hotp::{hotp, totp, Algorithm};
use ssocheck::clock::stepsearch::{self, confirm, find, parse_code, Code, PhoneResult, TypedCode};
use ssocheck::clock::verdict::{evaluate_estimate, evaluate_phone, no_reference, Colour};
use ssocheck::clock::{report_section, NoReference};
use ssocheck::Severity;

#[test]
fn rfc4226_appendix_d() {
    let key = b"12345678901234567890";
    let expected = [
        755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
    ];
    for (c, want) in expected.iter().enumerate() {
        assert_eq!(hotp(key, c as u64, 6), *want, "counter {c}");
    }
}

#[test]
fn rfc6238_appendix_b_with_per_hash_seeds() {
    let sha1 = b"12345678901234567890".as_slice();
    let sha256 = b"12345678901234567890123456789012".as_slice();
    let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234".as_slice();
    let rows: [(i64, u32, u32, u32); 6] = [
        (59, 94287082, 46119246, 90693936),
        (1111111109, 7081804, 68084774, 25091201),
        (1111111111, 14050471, 67062674, 99943326),
        (1234567890, 89005924, 91819424, 93441116),
        (2000000000, 69279037, 90698825, 38618901),
        (20000000000, 65353130, 77737706, 47863826),
    ];
    for (t, a, b, c) in rows {
        let ms = t * 1000;
        assert_eq!(totp(Algorithm::Sha1, sha1, ms, 8), a, "SHA1 {t}");
        assert_eq!(totp(Algorithm::Sha256, sha256, ms, 8), b, "SHA256 {t}");
        assert_eq!(totp(Algorithm::Sha512, sha512, ms, 8), c, "SHA512 {t}");
    }
    // The 20-byte seed with SHA256 gives a different (wrong) value: the seeds matter.
    assert_eq!(totp(Algorithm::Sha256, sha1, 59_000, 8), 32247374);
    // Six-digit codes are the last six digits.
    assert_eq!(totp(Algorithm::Sha1, sha1, 59_000, 6), 287082);
}

/// A small deterministic PRNG (xorshift) so the simulations are reproducible without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

/// Simulates one probe: the device (offset `theta`, ms timer) sends at device time `t_dev`; the
/// request takes `up`, the server stamps a truncated Date, the answer takes `down`.
fn probe(theta: f64, t_dev: f64, up: f64, down: f64) -> Sample {
    let true_send = t_dev - theta;
    let stamp = true_send + up;
    let date_ms = ((stamp / 1000.0).floor() * 1000.0) as i64;
    // Device timers: the wall clock is read in whole ms; the monotonic round trip is precise.
    let sent = t_dev.floor();
    Sample {
        sent_ms: sent,
        received_ms: sent + up + down,
        date_ms,
        age_s: None,
    }
}

/// Runs `n` probes with the adaptive schedule, returning the final (low, high) of each prefix.
fn simulate(rng: &mut Rng, theta: f64, n: usize, adaptive: bool) -> Vec<(f64, f64)> {
    let base_rtt = rng.range(10.0, 250.0);
    let mut t = 1_700_000_000_000.0 + rng.range(0.0, 1e9);
    let mut samples = Vec::new();
    let mut widths = Vec::new();
    for _ in 0..n {
        let jitter = rng.range(0.0, 0.6 * base_rtt);
        let rtt = base_rtt + jitter;
        let split = rng.range(0.1, 0.9);
        samples.push(probe(theta, t, rtt * split, rtt * (1.0 - split)));
        let e = estimate(&samples).expect("consistent samples");
        widths.push((e.low_ms, e.high_ms));
        t += rtt;
        t += if adaptive {
            next_delay_ms(t, Some(&e), base_rtt)
        } else {
            rng.range(0.0, 1000.0)
        };
    }
    widths
}

#[test]
fn estimator_contains_true_offset_and_narrows() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut width2 = 0.0;
    let mut width10 = 0.0;
    let trials = 400;
    for _ in 0..trials {
        let theta = rng.range(-200_000.0, 200_000.0);
        for adaptive in [true, false] {
            let w = simulate(&mut rng, theta, 10, adaptive);
            for (i, (lo, hi)) in w.iter().enumerate() {
                assert!(
                    *lo <= theta && theta <= *hi,
                    "true {theta} outside [{lo}, {hi}] after {} samples",
                    i + 1
                );
                if i > 0 {
                    // Intersection never widens.
                    assert!(hi - lo <= w[i - 1].1 - w[i - 1].0 + 1e-9);
                }
            }
            if adaptive {
                width2 += w[1].1 - w[1].0;
                width10 += w[9].1 - w[9].0;
            }
        }
    }
    let (w2, w10) = (width2 / trials as f64, width10 / trials as f64);
    eprintln!("mean width: 2 samples {w2:.0} ms, 10 samples {w10:.0} ms");
    assert!(
        w10 < 0.6 * w2,
        "mean width after 10 samples {w10} vs after 2 {w2}"
    );
    // With bisection the width ends near the round trip (≤ 400 ms here), i.e. within ±0.25 s.
    assert!(w10 < 500.0, "mean width after 10 adaptive samples {w10}");
}

#[test]
fn step_search_finds_the_right_step_and_rejects_outside_window() {
    let key = [0x42u8; 20];
    let now = 1_764_370_000_123i64;
    for delta in [0i64, -3, 2, -120, 120, 2879, -2880] {
        let code = Code(totp(Algorithm::Sha1, &key, now + delta * 30_000, 6));
        match find(
            &key,
            TypedCode { code, at_ms: now },
            stepsearch::WINDOW_STEPS,
        ) {
            PhoneResult::Found(p) => {
                assert_eq!(p.step_delta, delta);
                assert_eq!(p.offset_s(), delta * 30);
                let true_offset = delta * 30_000;
                assert!(p.low_ms <= true_offset && true_offset <= p.high_ms);
                assert!((p.chance - 0.00574).abs() < 0.0002, "{}", p.chance);
            }
            PhoneResult::Ambiguous { deltas } => assert!(deltas.contains(&delta)),
            other => panic!("delta {delta}: {other:?}"),
        }
    }
    // Codes from outside ±24 h are not found in a small window and not mistaken for the right one.
    let far = Code(totp(Algorithm::Sha1, &key, now + 2 * 86_400_000, 6));
    match find(
        &key,
        TypedCode {
            code: far,
            at_ms: now,
        },
        10,
    ) {
        PhoneResult::NoMatch { .. } => {}
        PhoneResult::Found(p) => assert_ne!(p.step_delta * 30_000, 2 * 86_400_000),
        PhoneResult::Ambiguous { .. } => {}
    }
    // A code that matches nowhere in the window (found by trying) is reported as no match.
    let reference = ssocheck::clock::hotp::step_of(now);
    let unused = (0..1_000_000u32)
        .find(|c| stepsearch::matching_deltas(&key, Code(*c), reference, 50).is_empty())
        .expect("some code is unused");
    assert_eq!(
        find(
            &key,
            TypedCode {
                code: Code(unused),
                at_ms: now
            },
            50
        ),
        PhoneResult::NoMatch { window_steps: 50 }
    );
}

#[test]
fn second_code_confirms_and_narrows_the_phone_offset() {
    let key = [0x17u8; 20];
    let phone = -90_000i64;
    let t1 = 1_764_370_011_000i64;
    let c1 = Code(totp(Algorithm::Sha1, &key, t1 + phone, 6));
    // The user waits for the next code and types it 4 s after it appeared.
    let next_start = ((t1 + phone).div_euclid(30_000) + 1) * 30_000;
    let t2 = next_start - phone + 4_000;
    let c2 = Code(totp(Algorithm::Sha1, &key, t2 + phone, 6));
    match confirm(
        &key,
        TypedCode {
            code: c1,
            at_ms: t1,
        },
        TypedCode {
            code: c2,
            at_ms: t2,
        },
        stepsearch::WINDOW_STEPS,
    ) {
        PhoneResult::Found(p) => {
            assert!(p.confirmed && p.chance < 1e-7);
            assert_eq!(p.offset_s(), -90);
            assert!(p.low_ms <= phone && phone <= p.high_ms, "{p:?}");
            assert!(p.high_ms - p.low_ms <= 30_000);
        }
        other => panic!("{other:?}"),
    }
    // A wrong second code does not confirm.
    let wrong = Code((c2.0 + 1) % 1_000_000);
    assert!(!matches!(
        confirm(
            &key,
            TypedCode {
                code: c1,
                at_ms: t1
            },
            TypedCode {
                code: wrong,
                at_ms: t2
            },
            120
        ),
        PhoneResult::Found(_)
    ));
}

#[test]
fn typed_codes_are_validated_without_panicking() {
    assert_eq!(parse_code(" 123 456 "), Ok(Code(123456)));
    assert_eq!(parse_code("012-345"), Ok(Code(12345)));
    for bad in [
        "",
        "12345",
        "1234567",
        "12a456",
        "１２３４５６",
        "123456789012345678901234567890",
        "-",
        "12 34 5",
    ] {
        assert!(parse_code(bad).is_err(), "{bad}");
    }
}

#[test]
fn zone_hint_for_whole_and_half_hours_only() {
    let h = zone_hint(-3_600_000.0 + 300.0, 100.0).expect("hint");
    assert_eq!(h.minutes, -60);
    assert_eq!(h.describe(), "1 hour");
    assert_eq!(
        zone_hint(19_800_000.0 + 40_000.0, 100.0).map(|h| h.minutes),
        Some(330)
    );
    assert_eq!(
        zone_hint(1_800_000.0, 100.0).map(|h| h.describe()),
        Some("30 minutes".into())
    );
    for none in [
        0.0,
        95_000.0,
        2_400_000.0,
        -3_600_000.0 + 400_000.0,
        5.0 * 86_400_000.0,
        f64::NAN,
    ] {
        assert!(zone_hint(none, 100.0).is_none(), "{none}");
    }
}

#[test]
fn wall_jump_detected_only_above_threshold() {
    let steady: Vec<ClockPair> = (0..10)
        .map(|i| ClockPair {
            wall_ms: 1e12 + i as f64 * 1000.0 + 3.0,
            mono_ms: i as f64 * 1000.0,
        })
        .collect();
    assert!(wall_jump(&steady, 1000.0).is_none());
    let mut jumped = steady.clone();
    jumped[6].wall_ms += 3_600_000.0;
    let j = wall_jump(&jumped, 1000.0).expect("jump");
    assert_eq!(j.at, 6);
    assert!((j.jump_ms - 3_600_000.0).abs() < 1.0);
}

fn est(offset_ms: f64) -> ssocheck::clock::Estimate {
    estimate(&[
        Sample {
            sent_ms: 10_000_000.0 + offset_ms,
            received_ms: 10_000_000.0 + offset_ms + 80.0,
            date_ms: 9_999_000,
            age_s: None,
        },
        Sample {
            sent_ms: 10_000_950.0 + offset_ms,
            received_ms: 10_000_950.0 + offset_ms + 80.0,
            date_ms: 10_000_000,
            age_s: None,
        },
    ])
    .expect("estimate")
}

#[test]
fn verdicts_speak_plainly_and_reports_hold_no_secret() {
    let v = evaluate_estimate(&est(95_000.0), &[]);
    assert_eq!(v.colour, Colour::Red);
    assert!(
        v.headline.starts_with("Your clock is 1 min 3"),
        "{}",
        v.headline
    );
    assert!(v.headline.contains("ahead (±"), "{}", v.headline);
    assert!(v.totp.contains("would be rejected"));
    assert_eq!(v.findings[0].severity, Severity::Error);

    let v = evaluate_estimate(&est(0.0), &[]);
    assert_eq!(v.colour, Colour::Green);
    assert!(v.headline.contains("in sync"), "{}", v.headline);
    assert_eq!(v.findings[0].severity, Severity::Pass);

    let v = evaluate_estimate(&est(-3_600_000.0), &[]);
    assert!(
        v.findings.iter().any(|f| f.check == "clock.timezone-hint"),
        "{:?}",
        v.findings
    );
    assert!(v.headline.contains("behind"));

    let v = evaluate_estimate(&est(5_000.0), &[]);
    assert_eq!(v.colour, Colour::Amber);

    let nr = no_reference(&NoReference::NoDateHeader);
    assert_eq!(nr.colour, Colour::Grey);
    assert!(nr.headline.contains("No reference time"));

    let key = b"secretsecretsecret!!";
    let now = 1_764_370_000_000;
    let code = Code(totp(Algorithm::Sha1, key, now - 90_000, 6));
    let phone = evaluate_phone(
        &find(
            key,
            TypedCode { code, at_ms: now },
            stepsearch::WINDOW_STEPS,
        ),
        true,
    );
    assert_eq!(phone.offset_s, Some(-90));
    assert!(phone.headline.contains("behind"), "{}", phone.headline);
    let section = report_section(&v, Some(&phone));
    let text = ssocheck::Report::new(vec![section]).to_text();
    assert!(
        !text.contains(&format!("{:06}", code.0)),
        "the code leaked: {text}"
    );
    assert!(!text.contains(&ssocheck::clock::otpauth::secret_base32(key)));
    assert!(text.contains("Authenticator app offset: -90 s"), "{text}");
}
