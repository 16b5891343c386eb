//! A deterministic mini-fuzzer over the fixtures (the cargo-fuzz targets in fuzz/ do this at scale):
//! mutated SCIM bodies, log lines, AD exports and names must never panic any of the four engines,
//! and every report must serialise.

use ssocheck::tools::{run, InputFile, ToolRequest};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b"\\",
    b",",
    b":",
    b"null",
    b"\"members\"",
    b"\"op\"",
    b"\"Operations\"",
    b"\"path\"",
    b"\"value\"",
    b"\xff",
    b"\n",
    b"dn: ",
    b"memberOf: ",
    b"\\u0000",
    b"urn:ietf:params:scim:api:messages:2.0:PatchOp",
    b"filter=",
    b"%",
    b"CN=",
    b"\"schema\"",
];

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(5) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                v.splice(at..at, t.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 => v.truncate(at),
            _ => {
                let start = rng.below(v.len() + 1);
                let end = (start + rng.below(64)).min(v.len());
                let slice: Vec<u8> = v[start..end].to_vec();
                v.splice(at..at, slice);
            }
        }
    }
    v
}

fn fixtures(dir: &str) -> Vec<Vec<u8>> {
    let path = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter(|b| b.len() < 100_000)
        .collect();
    out.sort();
    assert!(out.len() >= 5, "fixtures missing in {path}");
    out
}

#[test]
fn mutated_inputs_never_panic() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut bases = fixtures("scim");
    bases.extend(fixtures("directory"));
    let mut runs = 0;
    for round in 0..60 {
        for base in &bases {
            let input = mutate(&mut rng, base);
            let text = String::from_utf8_lossy(&input).into_owned();
            for (tool, fields) in [
                ("scim", vec![]),
                ("directory", vec![("assigned", "Domain Users")]),
                ("signin-name", vec![("source", "ad"), ("mfa", "always-on")]),
                (
                    "password",
                    vec![("username", text.as_str()), ("password", text.as_str())],
                ),
            ] {
                if tool != "scim" && tool != "directory" && round % 4 != 0 {
                    continue;
                }
                let req = ToolRequest {
                    tool: tool.into(),
                    files: vec![InputFile {
                        name: String::new(),
                        bytes: input.clone(),
                    }],
                    fields: fields
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                    now_ms: 0,
                };
                let d = run(&req);
                assert!(!d.to_json().is_empty());
                let _ = d.redacted().to_markdown();
                runs += 1;
            }
        }
    }
    println!("{runs} mutated runs");
    assert!(runs > 2500);
}
