//! A deterministic, quick stand-in for the fuzz targets (fuzz/fuzz_targets/iam_policy.rs,
//! email_headers.rs, role_text.rs): every fixture of the three tools, mutated a few hundred times
//! (byte flips, truncation, duplication, splices), must produce a document without panicking.

use ssocheck::tools::{run, InputFile, ToolRequest};

/// xorshift64*: reproducible pseudo-random numbers without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
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

fn mutate(r: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + r.below(4) {
        let len = v.len();
        match r.below(5) {
            0 if len > 0 => {
                let i = r.below(len);
                v[i] = b"{}[]\":,\\\n\r *?$<>;=@%\x00\xff"[r.below(22)];
            }
            1 if len > 0 => v.truncate(r.below(len)),
            2 if len > 0 => {
                let (a, b) = (r.below(len), r.below(len));
                let (a, b) = (a.min(b), a.max(b));
                let chunk = v[a..b].to_vec();
                let at = r.below(v.len());
                v.splice(at..at, chunk);
            }
            3 if len > 0 => {
                let i = r.below(len);
                v.remove(i);
            }
            _ => v.insert(r.below(len + 1), r.next() as u8),
        }
    }
    v
}

fn fixtures(dir: &str) -> Vec<Vec<u8>> {
    let d = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&d)
        .unwrap_or_else(|e| panic!("{d}: {e}"))
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    assert!(out.len() >= 3, "fixtures missing in {d}");
    out.sort();
    out
}

fn hammer(tool: &str, seeds: Vec<Vec<u8>>, rounds: usize) {
    let mut r = Rng(0x5eed_1234_abcd_ef01);
    let start = std::time::Instant::now();
    for i in 0..rounds {
        let seed = &seeds[i % seeds.len()];
        let input = mutate(&mut r, seed);
        let mut files = vec![InputFile {
            name: String::new(),
            bytes: input.clone(),
        }];
        if tool == "iam" {
            files.push(InputFile {
                name: "scp".into(),
                bytes: input,
            });
        }
        let d = run(&ToolRequest {
            tool: tool.into(),
            files,
            fields: vec![],
            now_ms: 0,
        });
        let _ = d.to_json();
    }
    println!(
        "figure: {tool}: {rounds} mutated inputs in {:?}",
        start.elapsed()
    );
}

#[test]
fn iam_mutations() {
    hammer("iam", fixtures("iam"), 600);
}

#[test]
fn email_mutations() {
    hammer("email", fixtures("email"), 600);
}

#[test]
fn role_mutations() {
    let seeds = vec![
        b"Cannot perform the operation on the protected role 'AWSReservedSSO_Admin_0123456789abcdef' - this role is only modifiable by AWS".to_vec(),
        b"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_A_0123456789abcdef".to_vec(),
        b"arn:aws:iam::111122223333:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE".to_vec(),
        b"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_A_0123456789abcdef/x".to_vec(),
    ];
    hammer("role", seeds, 2000);
}
