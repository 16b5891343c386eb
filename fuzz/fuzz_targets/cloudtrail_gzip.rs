//! The gzip reader under a small budget (bombs, cut members, odd headers).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut gz = vec![0x1f, 0x8b];
    gz.extend_from_slice(data);
    let _ = ssocheck::cloudtrail::gzip::gunzip(&gz, 1 << 20);
});
