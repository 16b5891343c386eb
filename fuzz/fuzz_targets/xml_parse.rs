//! The namespace-aware XML parser, its queries and the pretty-printer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssocheck::saml::{ns, pretty, xml};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut doc) = xml::parse(s) else { return };
    assert!(doc.nodes.len() <= xml::MAX_NODES);
    let root = doc.root;
    let _ = doc.in_scope_ns(root);
    let _ = doc.descendants_ns(root, ns::SAML, "Assertion");
    for i in doc.subtree(root) {
        let _ = doc.id_of(i);
        let _ = doc.lookup_prefix(i, "saml");
        assert!(doc.node(i).depth <= xml::MAX_DEPTH + 1);
    }
    let _ = doc.text(root);
    let p = pretty::pretty(&mut doc);
    assert_eq!(p.lines.len(), p.depth.len());
});
