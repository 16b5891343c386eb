//! Browser tests of the clock: the TOTP code in wasm equals the RFC vector, the random secret comes
//! from Web Crypto, and the probe against the test runner's own origin gives a measurement or a clear
//! reason (the runner's server may not send a Date header), within bounded time.

use ssocheck::clock::hotp::{hotp, totp, Algorithm};
use ssocheck::clock::{probe, NoReference};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn hotp_in_the_browser_matches_rfc_vectors() {
    let key = b"12345678901234567890";
    assert_eq!(hotp(key, 0, 6), 755224);
    assert_eq!(hotp(key, 9, 6), 520489);
    assert_eq!(totp(Algorithm::Sha1, key, 59_000, 8), 94287082);
    assert_eq!(
        totp(
            Algorithm::Sha512,
            b"1234567890123456789012345678901234567890123456789012345678901234",
            20_000_000_000_000,
            8
        ),
        47863826
    );
}

#[wasm_bindgen_test]
fn secrets_are_random_160_bit() {
    let a = probe::random_secret().expect("Web Crypto available");
    let b = probe::random_secret().expect("Web Crypto available");
    assert_eq!(a.len(), 20);
    assert_ne!(a, b, "two secrets must differ");
}

#[wasm_bindgen_test]
async fn probe_against_own_origin_measures_or_says_why() {
    let start = js_sys::Date::now();
    let r = probe::measure(3).await;
    let took = js_sys::Date::now() - start;
    assert!(took < 20_000.0, "the probe must not hang ({took} ms)");
    match r {
        Ok(m) => {
            // The runner's server and this browser share the machine's clock.
            let e = m.estimate;
            assert!(e.offset_ms.abs() < 3_000.0, "offset {e:?}");
            assert!(e.contains(0.0) || e.offset_ms.abs() < 1_500.0, "{e:?}");
            assert!(e.used >= 2 && m.samples.len() == 3);
            let now = ssocheck::browser::now_ms();
            assert!((ssocheck::clock::corrected_now(now, &e) - now).abs() < 3_000);
        }
        Err(NoReference::NoDateHeader) => {}
        Err(other) => panic!("unexpected reason {other:?}: {}", other.message()),
    }
}
