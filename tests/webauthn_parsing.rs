//! Authenticator data, COSE key and attestation object parsing against byte vectors: valid data,
//! every truncation, wrong lengths, bad flags, hostile CBOR. Each failure must be an error that
//! says what was wrong; none may panic.

use base64::Engine;
use sha2::{Digest, Sha256};
use ssocheck::webauthn::attestation;
use ssocheck::webauthn::authdata::{self, AuthDataError, Flags};
use ssocheck::webauthn::cose::Alg;
use ssocheck::webauthn::results::{Assertion, ParsedRegistration};

/// A minimal CBOR encoder for building test vectors (definite lengths, shortest heads).
#[derive(Default)]
struct Encoder(Vec<u8>);

impl Encoder {
    fn head(&mut self, major: u8, n: u64) -> &mut Self {
        let m = major << 5;
        match n {
            0..=23 => self.0.push(m | n as u8),
            24..=0xFF => self.0.extend_from_slice(&[m | 24, n as u8]),
            0x100..=0xFFFF => {
                self.0.push(m | 25);
                self.0.extend_from_slice(&(n as u16).to_be_bytes());
            }
            0x1_0000..=0xFFFF_FFFF => {
                self.0.push(m | 26);
                self.0.extend_from_slice(&(n as u32).to_be_bytes());
            }
            _ => {
                self.0.push(m | 27);
                self.0.extend_from_slice(&n.to_be_bytes());
            }
        }
        self
    }
    fn i64(&mut self, v: i64) -> &mut Self {
        if v >= 0 {
            self.head(0, v as u64)
        } else {
            self.head(1, (-1 - v) as u64)
        }
    }
    fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.head(2, b.len() as u64);
        self.0.extend_from_slice(b);
        self
    }
    fn str(&mut self, s: &str) -> &mut Self {
        self.head(3, s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
        self
    }
    fn array(&mut self, n: u64) -> &mut Self {
        self.head(4, n)
    }
    fn map(&mut self, n: u64) -> &mut Self {
        self.head(5, n)
    }
}

const AAGUID_VIRTUAL: [u8; 16] = [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8];

fn ec2_key(alg: i64, kty: i64, x_len: usize) -> Vec<u8> {
    let mut e = Encoder::default();
    e.map(5);
    e.i64(1).i64(kty);
    e.i64(3).i64(alg);
    e.i64(-1).i64(1);
    e.i64(-2).bytes(&vec![0xAA; x_len]);
    e.i64(-3).bytes(&[0xBB; 32]);
    e.0
}

fn auth_data(flags: u8, cred_id_len: usize, key: &[u8], ext: &[u8]) -> Vec<u8> {
    let mut v = Sha256::digest(b"localhost").to_vec();
    v.push(flags);
    v.extend_from_slice(&1u32.to_be_bytes());
    if flags & Flags::AT != 0 {
        v.extend_from_slice(&AAGUID_VIRTUAL);
        v.extend_from_slice(&(cred_id_len as u16).to_be_bytes());
        v.extend(std::iter::repeat_n(0x11, cred_id_len));
        v.extend_from_slice(key);
    }
    v.extend_from_slice(ext);
    v
}

fn registration_auth_data() -> Vec<u8> {
    auth_data(0x45, 32, &ec2_key(-7, 2, 32), &[])
}

fn att_object(fmt: &str, stmt: impl FnOnce(&mut Encoder), auth: &[u8]) -> Vec<u8> {
    let mut e = Encoder::default();
    e.map(3);
    e.str("fmt").str(fmt);
    e.str("attStmt");
    stmt(&mut e);
    e.str("authData").bytes(auth);
    e.0
}

#[test]
fn registration_auth_data_matches_the_observed_chromium_shape() {
    let b = registration_auth_data();
    // Observed in Chromium 156: 164 bytes with a 32-byte credential id and an EC2 P-256 key.
    assert_eq!(b.len(), 164);
    let a = authdata::parse(&b).expect("valid");
    assert_eq!(
        hex(&a.rp_id_hash),
        "49960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d9763"
    );
    assert_eq!(a.flags.names(), "UP UV AT");
    assert_eq!(a.sign_count, 1);
    let c = a.attested.expect("attested data");
    assert_eq!(c.aaguid.to_string(), "01020304-0506-0708-0102-030405060708");
    assert_eq!(c.credential_id_len, 32);
    assert_eq!(c.public_key.alg, Alg::Es256);
    assert_eq!(c.public_key.key_type, "EC2 P-256");
    assert_eq!(c.public_key.encoded_len, 77);
}

#[test]
fn observed_assertion_auth_data() {
    let b = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode("SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAg")
        .unwrap();
    assert_eq!(b.len(), 37);
    assert_eq!(Assertion::parse_auth_data(&b), Ok((0x05, 2)));
}

#[test]
fn every_truncation_is_a_clear_error_naming_the_byte() {
    let full = registration_auth_data();
    for n in 0..full.len() {
        let e = authdata::parse(&full[..n]).expect_err("truncated must fail");
        let text = e.to_string();
        assert!(
            text.contains("truncated") || text.contains("byte"),
            "cut at {n}: {text}"
        );
    }
    assert_eq!(
        authdata::parse(&full[..20]).unwrap_err(),
        AuthDataError::Truncated {
            at: 0,
            what: "rpIdHash",
            need: 32,
            len: 20
        }
    );
    let e = authdata::parse(&full[..60]).unwrap_err().to_string();
    assert!(e.contains("credentialId") && e.contains("byte 55"), "{e}");
}

#[test]
fn flag_combinations_and_reserved_bits() {
    // BS without BE is contradictory.
    let e = authdata::parse(&auth_data(0x11, 0, &[], &[])).unwrap_err();
    assert!(e.to_string().contains("bad flag combination: BS"), "{e}");
    // Reserved bits are reported, not rejected: the data is still readable.
    let a = authdata::parse(&auth_data(0x01 | 0x02 | 0x20, 0, &[], &[])).unwrap();
    assert_eq!(a.flags.reserved(), 0x22);
    assert!(a.flags.names().contains("reserved"));
    // ED set with nothing following.
    let e = authdata::parse(&auth_data(0x81, 0, &[], &[])).unwrap_err();
    assert!(e.to_string().contains("ED"), "{e}");
    // AT not set but bytes follow.
    let e = authdata::parse(&auth_data(0x01, 0, &[], &[0xA0])).unwrap_err();
    assert_eq!(e, AuthDataError::TrailingBytes { at: 37, count: 1 });
    // ED with a valid extensions map is accepted and measured.
    let a = authdata::parse(&auth_data(0x81, 0, &[], &[0xA1, 0x61, 0x78, 0xF5])).unwrap();
    assert_eq!(a.extensions_len, Some(4));
    // BE and BS both set (a synced passkey) is fine.
    assert!(authdata::parse(&auth_data(0x1D, 0, &[], &[]))
        .unwrap()
        .flags
        .bs());
}

#[test]
fn wrong_lengths_and_bad_keys() {
    let e = authdata::parse(&auth_data(0x41, 32, &ec2_key(-7, 2, 31), &[]))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("EC2 x (label -2) is 31 bytes, expected 32"),
        "{e}"
    );
    let e = authdata::parse(&auth_data(0x41, 32, &ec2_key(-257, 2, 32), &[]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("does not match algorithm -257"), "{e}");
    // Unknown algorithm: readable, named by number, never guessed.
    let a = authdata::parse(&auth_data(0x41, 32, &ec2_key(-999, 2, 32), &[])).unwrap();
    assert_eq!(
        a.attested.unwrap().public_key.alg.label(),
        "unknown COSE algorithm -999"
    );
    // Credential id length over 1023.
    let mut b = auth_data(0x41, 0, &[], &[]);
    b.truncate(53);
    b.extend_from_slice(&2000u16.to_be_bytes());
    assert_eq!(
        authdata::parse(&b).unwrap_err(),
        AuthDataError::CredentialIdTooLong(2000)
    );
    // COSE key that is not a map.
    let e = authdata::parse(&auth_data(0x41, 4, &[0x01], &[]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("credential public key"), "{e}");
    // Trailing garbage after the key.
    let e = authdata::parse(&auth_data(0x41, 4, &ec2_key(-7, 2, 32), &[0x00])).unwrap_err();
    assert!(
        matches!(e, AuthDataError::TrailingBytes { count: 1, .. }),
        "{e}"
    );
}

#[test]
fn attestation_none_and_packed() {
    let auth = registration_auth_data();
    let none = att_object(
        "none",
        |e| {
            e.map(0);
        },
        &auth,
    );
    let p = ParsedRegistration::from_attestation_object(&none).unwrap();
    assert_eq!((p.fmt.as_str(), p.flags, p.sign_count), ("none", 0x45, 1));
    assert_eq!(p.aaguid_name, None);
    assert_eq!(p.alg, -7);
    let packed = att_object(
        "packed",
        |e| {
            e.map(3);
            e.str("alg").i64(-7);
            e.str("sig").bytes(&[1; 71]);
            e.str("x5c").array(1).bytes(&[2; 300]);
        },
        &auth,
    );
    let a = attestation::parse(&packed).unwrap();
    assert_eq!(a.statement_keys, ["alg", "sig", "x5c"]);
    assert_eq!(a.certificates, 1);
    assert!(a.fmt_known);
}

#[test]
fn attestation_errors_are_specific() {
    let auth = registration_auth_data();
    let good = att_object(
        "none",
        |e| {
            e.map(0);
        },
        &auth,
    );
    for n in 0..good.len() {
        let e = attestation::parse(&good[..n]).expect_err("truncated must fail");
        assert!(!e.is_empty(), "cut at {n}");
    }
    assert!(attestation::parse(&[0x80])
        .unwrap_err()
        .contains("must be a CBOR map"));
    assert!(attestation::parse(&[])
        .unwrap_err()
        .contains("truncated at byte 0"));
    let bad_none = att_object(
        "none",
        |e| {
            e.map(1).str("sig").bytes(&[1]);
        },
        &auth,
    );
    assert!(attestation::parse(&bad_none)
        .unwrap_err()
        .contains("empty attestation statement"));
    let no_at = att_object(
        "none",
        |e| {
            e.map(0);
        },
        &auth_data(0x05, 0, &[], &[]),
    );
    assert!(attestation::parse(&no_at).unwrap_err().contains("AT flag"));
    let mut trailing = good.clone();
    trailing.push(0);
    assert!(attestation::parse(&trailing)
        .unwrap_err()
        .contains("unexpected bytes"));
}

#[test]
fn hostile_cbor_never_panics() {
    // Huge length prefixes: a byte string, map and array claiming 2^64-1 entries / bytes.
    for v in [
        vec![0x5B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        vec![0xBB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        vec![
            0xA1, 0x67, b'a', b't', b't', b'S', b't', b'm', b't', 0x9B, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF,
        ],
        vec![
            0xA1, 0x68, b'a', b'u', b't', b'h', b'D', b'a', b't', b'a', 0x5A, 0xFF, 0xFF, 0xFF,
            0xFF,
        ],
    ] {
        let e = attestation::parse(&v).unwrap_err();
        assert!(!e.is_empty());
    }
    // Deep nesting inside an unknown key: refused at the depth limit, not a stack overflow.
    let mut deep = vec![0xA1, 0x61, b'z'];
    deep.extend(std::iter::repeat_n(0x81, 100_000));
    deep.push(0x00);
    let e = attestation::parse(&deep).unwrap_err();
    assert!(e.contains("nested deeper"), "{e}");
    // Deep nesting in the extensions of authenticator data.
    let mut ext = vec![0xA1, 0x61, b'x'];
    ext.extend(std::iter::repeat_n(0x9F, 10_000));
    let e = authdata::parse(&auth_data(0x81, 0, &[], &ext))
        .unwrap_err()
        .to_string();
    assert!(e.contains("nested deeper"), "{e}");
    // Oversized input is refused before decoding.
    let big = vec![0u8; attestation::MAX_LEN + 1];
    assert!(attestation::parse(&big).unwrap_err().contains("more than"));
    // Indefinite-length and many-entry maps.
    assert!(attestation::parse(&[0xBF, 0xFF])
        .unwrap_err()
        .contains("indefinite"));
    assert!(attestation::parse(&[0xB8, 0xFF])
        .unwrap_err()
        .contains("claims 255 entries"));
    // Random bytes: no panic whatever they are (a small deterministic generator).
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for _ in 0..20_000 {
        let len = (x % 200) as usize;
        let mut buf = Vec::with_capacity(len);
        for _ in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf.push(x as u8);
        }
        let _ = attestation::parse(&buf);
        let _ = authdata::parse(&buf);
    }
    // Mutations of a valid object: every single-byte change either parses or errors.
    let good = att_object(
        "none",
        |e| {
            e.map(0);
        },
        &registration_auth_data(),
    );
    for i in 0..good.len() {
        for v in [0x00, 0xFF, 0x1B, 0x9F, 0xBF] {
            let mut m = good.clone();
            m[i] = v;
            let _ = attestation::parse(&m);
        }
    }
}

/// Attestation objects from Chromium's virtual authenticators (tests/fixtures/webauthn/README.md).
fn real_object(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/webauthn/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .expect("base64")
}

#[test]
fn real_attestation_objects_from_chromium() {
    let none = real_object("internal-none.b64");
    let p = ParsedRegistration::from_attestation_object(&none).unwrap();
    assert_eq!(p.fmt, "none");
    assert!(p.statement_keys.is_empty());
    assert_eq!(p.certificates, 0);
    assert_eq!(p.flags().names(), "UP UV AT");
    assert_eq!(p.sign_count, 1);
    assert_eq!(p.aaguid, "01020304-0506-0708-0102-030405060708");
    assert_eq!((p.alg, p.key_type.as_str()), (-7, "EC2 P-256"));

    let packed = real_object("usb-direct-packed.b64");
    let a = attestation::parse(&packed).unwrap();
    assert_eq!(a.fmt, "packed");
    assert!(a.fmt_known);
    assert_eq!(a.statement_keys, ["alg", "sig", "x5c"]);
    assert_eq!(a.certificates, 1);
    assert_eq!(a.auth_data.flags.names(), "UP AT");
    let key = a.auth_data.attested.unwrap().public_key;
    assert_eq!((key.alg, key.key_type.as_str()), (Alg::Es256, "EC2 P-256"));
    assert_eq!(key.encoded_len, 77);

    // Every truncation of a real object is an error that says something; none panics.
    for obj in [&none, &packed] {
        for n in 0..obj.len() {
            let e = attestation::parse(&obj[..n]).expect_err("truncated must fail");
            assert!(
                e.contains("truncated") || e.contains("byte") || e.contains("has no"),
                "cut at {n}: {e}"
            );
        }
    }
}

#[test]
fn hostile_cbor_messages_name_the_problem() {
    let auth = registration_auth_data();
    // A reserved initial byte where the top-level map should be.
    assert_eq!(
        attestation::parse(&[0x1c]).unwrap_err(),
        "attestation object must be a CBOR map, found reserved initial byte 0x1c at byte 0"
    );
    // "fmt" of the wrong type, and truncated.
    let mut e = Encoder::default();
    e.map(1).str("fmt").i64(1);
    assert_eq!(
        attestation::parse(&e.0).unwrap_err(),
        "\"fmt\" at byte 5 is not a text string"
    );
    let mut e = Encoder::default();
    e.map(1).str("fmt");
    e.0.push(0x64);
    assert_eq!(
        attestation::parse(&e.0).unwrap_err(),
        "\"fmt\": CBOR truncated at byte 5"
    );
    // An indefinite-length attestation statement map.
    let mut e = Encoder::default();
    e.map(1).str("attStmt");
    e.0.extend_from_slice(&[0xbf, 0xff]);
    assert_eq!(
        attestation::parse(&e.0).unwrap_err(),
        "\"attStmt\" at byte 9 must be a map, found indefinite-length map"
    );
    // An x5c entry that is not a byte string.
    let obj = att_object(
        "packed",
        |e| {
            e.map(1).str("x5c").array(1).str("cert");
        },
        &auth,
    );
    let err = attestation::parse(&obj).unwrap_err();
    assert_eq!(
        err,
        "x5c certificate: invalid CBOR at byte 26: expected byte string, found text string"
    );
    // authData of the wrong type, and claiming more bytes than there are.
    let mut e = Encoder::default();
    e.map(1).str("authData").str("x");
    assert_eq!(
        attestation::parse(&e.0).unwrap_err(),
        "\"authData\" at byte 10: not a byte string"
    );
    let mut e = Encoder::default();
    e.map(1).str("authData");
    e.0.extend_from_slice(&[0x5a, 0xff, 0xff, 0xff, 0xff]);
    assert_eq!(
        attestation::parse(&e.0).unwrap_err(),
        "\"authData\" at byte 10: truncated (the object is 15 bytes)"
    );
    // Invalid UTF-8 in a key.
    let obj = [0xa1, 0x62, 0xc3, 0x28, 0x00];
    assert_eq!(
        attestation::parse(&obj).unwrap_err(),
        "invalid CBOR at byte 1: text string is not valid UTF-8"
    );
    // COSE key errors name bytes of the authenticator data.
    let e = authdata::parse(&auth_data(0x41, 4, &[0x01], &[]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "credential public key: COSE key: invalid CBOR at byte 59: expected map, found unsigned integer"
    );
    let e = authdata::parse(&auth_data(0x41, 4, &[0xa1, 0x01, 0x61, b'x'], &[]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "credential public key: COSE key: label at byte 60 needs an integer value (byte 61)"
    );
    let e = authdata::parse(&auth_data(0x41, 4, &[0xa1, 0x01, 0x19, 0x01], &[]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "credential public key: COSE key: CBOR truncated at byte 61"
    );
    // Extension errors name bytes of the authenticator data too.
    let e = authdata::parse(&auth_data(0x81, 0, &[], &[0xa1, 0x61, b'x', 0xf8, 0x01]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "extensions: invalid CBOR at byte 40: two-byte simple value below 32"
    );
    let e = authdata::parse(&auth_data(0x81, 0, &[], &[0x80]))
        .unwrap_err()
        .to_string();
    assert_eq!(e, "extensions: expected a CBOR map at byte 37, found array");
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
