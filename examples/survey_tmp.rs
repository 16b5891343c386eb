fn main() {
    let root = "/work/shared/saml-fixtures";
    let mut files = vec![];
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { stack.push(p) } else { files.push(p) }
        }
    }
    files.sort();
    let now = ssocheck::time::parse_rfc3339(&std::env::args().nth(1).unwrap_or("2020-09-25T16:59:00Z".into())).unwrap();
    for f in files {
        let n = f.to_string_lossy().to_string();
        if n.ends_with(".md") || n.contains("LICENSE") || n.ends_with(".pem") { continue; }
        let b = std::fs::read(&f).unwrap();
        let a = ssocheck::saml::analyze(&b, &ssocheck::saml::Context { now_ms: now, ..Default::default() });
        let probs: Vec<String> = a.findings().filter(|x| x.severity != ssocheck::Severity::Pass && x.severity != ssocheck::Severity::Info).map(|x| x.check.clone()).collect();
        println!("{} | {} | {:?}", n.trim_start_matches(root), a.detected, probs);
    }
}
