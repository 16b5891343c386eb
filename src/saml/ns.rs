//! Namespace URIs of the vocabularies the analyzer reads, in one place. Elements are matched by
//! (namespace URI, local name), never by local name or prefix alone: a `<saml2:Assertion>` whose
//! `saml2` prefix is bound to another URI is not a SAML assertion.

/// SAML 2.0 assertions (`saml`, `saml2`).
pub const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
/// SAML 2.0 protocol (`samlp`, `saml2p`).
pub const SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// SAML 2.0 metadata (`md`).
pub const MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
/// SAML 1.x assertions (recognised only to say that AWS does not accept them).
pub const SAML1: &str = "urn:oasis:names:tc:SAML:1.0:assertion";
/// SAML 1.x protocol.
pub const SAML1P: &str = "urn:oasis:names:tc:SAML:1.0:protocol";
/// XML Signature (`ds`).
pub const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// XML Signature 1.1 additions (`dsig11`).
pub const DSIG11: &str = "http://www.w3.org/2009/xmldsig11#";
/// XML Encryption (`xenc`).
pub const XENC: &str = "http://www.w3.org/2001/04/xmlenc#";
/// XML Encryption 1.1 additions (`xenc11`).
pub const XENC11: &str = "http://www.w3.org/2009/xmlenc11#";
/// XML Schema instance (`xsi:type`, `xsi:nil`).
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// XML Schema (values of `xsi:type` such as `xs:string`).
pub const XS: &str = "http://www.w3.org/2001/XMLSchema";
/// The `xml:` prefix, bound by definition (`xml:lang`, `xml:space`, `xml:id`).
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
/// The `xmlns:` prefix, bound by definition; never declared, never used on elements.
pub const XMLNS: &str = "http://www.w3.org/2000/xmlns/";
