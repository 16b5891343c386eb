//! A warm-up input for the SAML engine module: a synthetic signed response (about 200 KB) that the
//! engine worker analyzes once, in the background, as soon as it starts.
//!
//! Why: V8 runs a fresh wasm instance in baseline code and swaps in optimized code only for functions
//! that have run enough, between calls. The first analysis a user starts would otherwise pay for
//! that: measured in Chromium on the 10 MB signed response, the first analysis of a fresh instance
//! took 568 ms against 215 ms for the next ones (README, "SAML analysis in Chromium").
//! Nothing here comes from a user; the result is dropped.

use crate::tools::{InputFile, ToolRequest};

/// Attributes in the sample: enough work for the parser, the rules, the pretty-printer and
/// canonicalization to be optimized, little enough to finish in tens of milliseconds.
const ATTRIBUTES: usize = 800;

/// The warm-up request: a Response whose Assertion carries an enveloped signature over it (its digest
/// does not match and it has no certificate, so verification stops after canonicalizing and
/// digesting the assertion, which is the work to warm).
pub fn sample() -> ToolRequest {
    let mut attrs = String::new();
    for i in 0..ATTRIBUTES {
        attrs.push_str(&format!(
            "<saml2:Attribute Name=\"https://example.com/warm/{i}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\"><saml2:AttributeValue>value {i} &amp; more text for the warm-up</saml2:AttributeValue></saml2:Attribute>"
        ));
    }
    let xml = format!(
        r##"<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="https://example.com/acs" ID="warm-response" IssueInstant="2025-01-01T00:00:00Z" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">https://idp.example.com/warm</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status><saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="warm-assertion" IssueInstant="2025-01-01T00:00:00Z" Version="2.0"><saml2:Issuer>https://idp.example.com/warm</saml2:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#warm-assertion"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature><saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">warm@example.com</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData NotOnOrAfter="2025-01-01T00:05:00Z" Recipient="https://example.com/acs"/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore="2025-01-01T00:00:00Z" NotOnOrAfter="2025-01-01T00:05:00Z"><saml2:AudienceRestriction><saml2:Audience>https://example.com/sp</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions><saml2:AttributeStatement>{attrs}</saml2:AttributeStatement></saml2:Assertion></saml2p:Response>"##
    );
    ToolRequest {
        tool: "saml".into(),
        files: vec![InputFile {
            name: String::new(),
            bytes: xml.into_bytes(),
        }],
        fields: Vec::new(),
        now_ms: 1_735_689_600_000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_analyzed_as_one_signed_response() {
        let req = sample();
        assert!(req.files[0].bytes.len() > 150_000);
        let docs = crate::tools::run_saml(&req);
        assert_eq!(docs.len(), 1);
        assert!(docs[0].accepted);
        assert!(
            docs[0].detected.contains("1 Response"),
            "{}",
            docs[0].detected
        );
        // The signature was canonicalized and digested (and does not verify).
        assert!(docs[0]
            .findings
            .iter()
            .any(|f| f.check.starts_with("saml.signature")));
    }
}
