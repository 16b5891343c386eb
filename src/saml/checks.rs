//! Registry entries of the input, SAML, Identity Center and AWS-account checks. One check, one place:
//! its documentation is here. Each documented AWS sign-in error string is quoted in the `why` text of
//! the check that predicts it, and listed in [`AWS_ERRORS`].

use crate::registry::CheckInfo;

// ---- input ----
crate::check!(INPUT_DECODE, "input.decode", Error, ExternalIdpSignIn, false,
    title: "Input could not be decoded",
    checks: "Whether the pasted text is XML, base64 (standard or URL-safe), URL-encoded, DEFLATE-compressed, a POST body, a URL, an HTML form or a HAR file that holds a SAML message, in UTF-8 or UTF-16.",
    why: "Nothing can be checked until the SAML message itself is recovered from what was copied.",
    fix: "Paste the SAMLResponse value from the browser's network tab, the whole POST body, or the decoded XML.");
crate::check!(INPUT_TOO_LARGE, "input.too-large", Error, ExternalIdpSignIn, false,
    title: "Input is too large",
    checks: "The input, the base64-decoded message and the inflated (DEFLATE) message are each at most 16 MB.",
    why: "A SAML response is normally a few kilobytes; a larger input, or a small compressed value that expands without bound (a deflate bomb), would freeze the page.",
    fix: "Paste only the SAML message (the SAMLResponse value) rather than a whole capture, or trim the HAR file to the sign-in requests.");
crate::check!(INPUT_DTD, "input.dtd", Error, ExternalIdpSignIn, false,
    title: "XML contains a DTD or entity declarations",
    checks: "Whether the XML has a <!DOCTYPE> declaration or references entities other than the five predefined ones and character references.",
    why: "DTDs and entities enable XXE and billion-laughs attacks; SAML messages never contain them and service providers reject them.",
    fix: "Remove the DOCTYPE and entity declarations; if your identity provider emits them, treat the response as tampered.");
crate::check!(INPUT_XML, "input.xml", Error, ExternalIdpSignIn, false,
    title: "XML is malformed",
    checks: "Whether the decoded message is well-formed XML (matching tags, one root, quoted attributes) and not cut off.",
    why: "A service provider cannot parse a malformed message; a truncated copy usually means the value was cut when copying.",
    fix: "Copy the whole value again (from the network tab's payload, not a truncated view) and paste it unchanged.");
crate::check!(INPUT_DEPTH, "input.depth", Error, ExternalIdpSignIn, false,
    title: "XML is nested too deeply",
    checks: "Whether elements are nested at most 256 levels deep.",
    why: "Real SAML messages are about ten levels deep; extreme nesting is a denial-of-service pattern and is refused.",
    fix: "Paste the real SAML message; a document this deep was not produced by an identity provider.");
crate::check!(INPUT_KIND, "input.kind", Warning, SamlAssertionContents, false,
    title: "Not a SAML 2.0 protocol message",
    checks: "Whether the root element is a SAML 2.0 Response, Assertion, AuthnRequest, LogoutRequest, LogoutResponse or metadata.",
    why: "Only SAML 2.0 messages can be checked against Identity Center and AWS rules; SAML 1.1 and WS-Federation wrappers are not accepted by AWS.",
    fix: "Configure the identity provider to send a SAML 2.0 Response (HTTP-POST binding) to the AWS ACS URL.");
crate::check!(SAML_ENCRYPTED, "saml.encrypted", Error, ExternalIdpSignIn, false,
    title: "Assertion is encrypted",
    checks: "Whether the response carries an EncryptedAssertion (or EncryptedID/EncryptedAttribute).",
    why: "IAM Identity Center \"does not support encrypted SAML assertions\" and \"an encryption key is not supported\"; the contents of an encrypted assertion also cannot be checked here.",
    fix: "Turn off assertion encryption for the Identity Center application in your identity provider (sign the assertion instead).");

// ---- SAML 2.0 ----
crate::check!(SAML_VERSION, "saml.version", Error, SamlAssertionContents, false,
    title: "SAML version is not 2.0",
    checks: "The Version attribute of the message and of each Assertion is \"2.0\" (SAML core §3.2.2).",
    why: "AWS accepts SAML 2.0 only; a missing or different version (SAML 1.1 uses MajorVersion/MinorVersion) is rejected.",
    fix: "Configure the identity provider to use SAML 2.0 for this application.");
crate::check!(SAML_STATUS, "saml.status", Error, ExternalIdpSignIn, false,
    title: "Response status is not Success",
    checks: "The top-level StatusCode (Success, Requester, Responder or VersionMismatch) and any second-level code and StatusMessage, each explained.",
    why: "A non-Success status means the identity provider itself refused to sign the user in; there is no assertion to accept.",
    fix: "Read the second-level code and StatusMessage, then look at the identity provider's sign-in log for this user and application.");
crate::check!(SAML_ISSUER, "saml.issuer", Error, SamlAssertionContents, false,
    title: "Issuer missing or malformed",
    checks: "Each Assertion has an Issuer (the Response may), with Format absent or ...:nameid-format:entity, and Response and Assertion issuers agree.",
    why: "The service provider picks the trusted certificate by Issuer. For AWS accounts: \"Failed to assume role: Issuer not present in specified provider\" when it differs from the metadata's entityID.",
    fix: "Make the identity provider send its entity ID (the one in its metadata uploaded to AWS) as Issuer.");
crate::check!(SAML_DESTINATION, "saml.destination", Error, SamlAssertionContents, false,
    title: "Destination missing or inconsistent",
    checks: "The Response Destination is present when the response is signed (bindings §3.5.5.2) and equals the SubjectConfirmationData Recipient.",
    why: "Service providers compare Destination with their ACS URL; a missing or different Destination gets the response rejected.",
    fix: "Set the ACS (Reply) URL in the identity provider to the service provider's ACS URL exactly.");
crate::check!(SAML_ASSERTION_COUNT, "saml.assertion.count", Error, ExternalIdpSignIn, false,
    title: "Not exactly one assertion",
    checks: "The Response holds exactly one Assertion, as a direct child of the Response.",
    why: "Identity Center \"supports only 1 assertion in the SAML response\"; extra or nested assertions are also the signature-wrapping pattern.",
    fix: "Configure the identity provider to send a single assertion; if you did not add the extra one, treat the response as tampered.");
crate::check!(SAML_ID, "saml.id", Error, SamlAssertionContents, false,
    title: "ID missing, duplicated or invalid",
    checks: "The message and each Assertion have an ID that is a valid xs:ID (NCName: not starting with a digit, no colon), and no ID value appears twice.",
    why: "Signatures point at elements by ID; a duplicated ID is the classic signature-wrapping attack, and a missing ID cannot be signed.",
    fix: "Use an identity provider that generates unique IDs starting with a letter or underscore; treat duplicated IDs as tampering.");
crate::check!(SAML_TIME_NOT_YET_VALID, "saml.time.not-yet-valid", Error, ExternalIdpSignIn, true,
    title: "Assertion not yet valid",
    checks: "Conditions/@NotBefore (and SubjectConfirmationData/@NotBefore) is not later than the reference time plus 5 minutes of allowed skew.",
    why: "A service provider rejects an assertion that is not valid yet; this is almost always a clock that runs ahead on the identity provider. AWS does not document its skew tolerance (assumed about 5 minutes).",
    fix: "Synchronise the identity provider's clock with NTP; check the time zone of AD FS or on-premises servers.");
crate::check!(SAML_TIME_EXPIRED, "saml.time.expired", Error, ExternalIdpSignIn, true,
    title: "Assertion expired",
    checks: "Conditions/@NotOnOrAfter and SubjectConfirmationData/@NotOnOrAfter are later than the reference time minus 5 minutes of allowed skew.",
    why: "An expired assertion is rejected (\"It's not you, it is us\" lists time-sync problems). A captured response is normally expired minutes after sign-in, so check the reference time you analyse with.",
    fix: "If this is a fresh response, synchronise the identity provider's clock and check its assertion lifetime; otherwise analyse with --now set to the time of sign-in.");
crate::check!(SAML_TIME_ISSUE_INSTANT, "saml.time.issue-instant", Warning, ExternalIdpSignIn, true,
    title: "IssueInstant skewed or invalid",
    checks: "IssueInstant of the message and each Assertion is a UTC xs:dateTime within 5 minutes of the reference time; the size of any skew is shown.",
    why: "A large skew points at a wrong clock on the identity provider or the device (clock problems cause \"It's not you, it is us\").",
    fix: "Synchronise the identity provider's clock with NTP; if the response is old, analyse it with the time of the sign-in as reference.");
crate::check!(SAML_SUBJECT_CONFIRMATION, "saml.subject.confirmation", Error, SamlAssertionContents, false,
    title: "Bearer subject confirmation incomplete",
    checks: "The Subject has a SubjectConfirmation with Method bearer whose SubjectConfirmationData carries Recipient and NotOnOrAfter and no NotBefore (profiles §4.1.4.2).",
    why: "Web browser SSO requires a bearer confirmation; AWS requires exactly one SubjectConfirmation with both NotOnOrAfter and Recipient.",
    fix: "Configure the identity provider's SAML app to include a bearer SubjectConfirmation with Recipient = ACS URL and NotOnOrAfter.");
crate::check!(SAML_AUDIENCE, "saml.audience", Warning, SamlAssertionContents, false,
    title: "Audience restriction missing or different",
    checks: "Conditions/AudienceRestriction/Audience is present and, when an expected audience is given, contains it.",
    why: "The audience names the service provider the assertion is for. AWS: \"Response does not contain the required audience.\"",
    fix: "Set the identity provider's Audience / Entity ID / Identifier field to the service provider's entity ID exactly.");
crate::check!(SAML_SIGNATURE_MISSING, "saml.signature.missing", Error, ExternalIdpSignIn, false,
    title: "Message is not signed",
    checks: "Whether the Response or the Assertion carries an XML Signature (which elements are signed is reported).",
    why: "Service providers reject unsigned responses; AWS fails with \"Response signature invalid\" when the signature cannot be checked against the uploaded certificate.",
    fix: "Enable signing of the assertion (or response and assertion) in the identity provider with the certificate uploaded to AWS.");
crate::check!(SAML_SIGNATURE_ALGORITHM, "saml.signature.algorithm", Warning, SamlAssertionContents, true,
    title: "Weak or unknown signature algorithm",
    checks: "SignatureMethod and DigestMethod of every signature; SHA-1 (rsa-sha1, sha1) is warned, RSA-SHA256 or stronger passes.",
    why: "XMLDSig 1.1 calls SHA-1 \"DISCOURAGED\"; AWS does not document accepted algorithms, and RSA-SHA256 is the safe choice.",
    fix: "Switch the identity provider's signing algorithm to RSA-SHA256 (and digest SHA-256).");
crate::check!(SAML_SIGNATURE_WRAPPING, "saml.signature.wrapping", Error, SamlAssertionContents, false,
    title: "Signature reference does not cover the element it sits in",
    checks: "Each Signature has one Reference whose URI is \"\" or \"#ID\" of its parent element, the parent is the Response or a Response-level Assertion, and the referenced element exists.",
    why: "A signature that points elsewhere than the element that is read is the XML signature-wrapping (XSW) pattern: the signed part is valid while the read part was forged.",
    fix: "Treat the response as tampered unless your identity provider is known to produce this shape; a normal response signs the element that contains the Signature.");
crate::check!(SAML_CERT_EXPIRY, "saml.cert.expiry", Error, ExternalIdpSignIn, false,
    title: "Signing certificate expired or expiring",
    checks: "The X509Certificate embedded in each signature: expired is an error, 90 days or less is a warning, as in the Identity Center console's indicators.",
    why: "An expired or rotated certificate breaks signature checks. AWS accounts: \"Response signature invalid\" after the IdP certificate was rotated.",
    fix: "Rotate the certificate in the identity provider and upload the new one (Identity Center: Settings → Identity source → Manage authentication; IAM: update-saml-provider).");
crate::check!(SAML_CERT_KEY, "saml.cert.key", Warning, ExternalIdpSignIn, false,
    title: "Signing key too small or certificate unreadable",
    checks: "The key type and size of each embedded certificate; RSA under 2048 bits is warned, under 1024 bits is an error.",
    why: "IAM refuses metadata whose certificate key is under 1024 bits (\"Could not parse metadata.\"); 1024-bit RSA is considered weak.",
    fix: "Issue a new signing certificate with a 2048-bit (or larger) RSA key and upload it to AWS.");
crate::check!(SAML_NAMEID_COMMENT, "saml.nameid.comment", Error, SamlAssertionContents, false,
    title: "Comment or split text inside NameID or attribute value",
    checks: "Whether NameID or an AttributeValue contains comments, processing instructions, CDATA sections or several text nodes.",
    why: "Canonicalisation drops comments, so the signature stays valid while naive parsers read only the first text node (CVE-2017-11427 family: user@example.com<!---->.evil.com).",
    fix: "Treat the response as tampered; identity providers never put comments inside NameID.");
crate::check!(SAML_RELAY_STATE, "saml.relay-state", Warning, SamlAssertionContents, false,
    title: "RelayState longer than 80 bytes",
    checks: "The RelayState parameter next to the message is at most 80 bytes (bindings §3.4.3).",
    why: "Some service providers truncate or reject a longer RelayState, breaking the redirect after sign-in.",
    fix: "Shorten the RelayState (the start URL configured in the identity provider or application).");
crate::check!(SAML_IN_RESPONSE_TO, "saml.in-response-to", Error, ExternalIdpSignIn, false,
    title: "Response does not answer this AuthnRequest",
    checks: "When the AuthnRequest that started the sign-in is known (the test sign-in of #/test-sp, or --in-response-to): the Response's InResponseTo and each bearer SubjectConfirmationData's InResponseTo equal its ID, and the Response was not issued before the request was sent (5 minutes of skew allowed). No InResponseTo means an unsolicited (IdP-initiated) response (profiles §4.1.4.2-4.1.4.3).",
    why: "A service provider that sent an AuthnRequest accepts only the response to it: a response for another request (another tab, an older attempt, a replay) or an unsolicited one is rejected by service providers that track their requests.",
    fix: "Start the sign-in again from the service provider and finish it in the same tab. If InResponseTo is always missing, the identity provider ignores the AuthnRequest (an IdP-initiated application link, or an SSO URL that is not the SAML endpoint).");
crate::check!(SAML_RELAY_STATE_ROUNDTRIP, "saml.relay-state.roundtrip", Error, ExternalIdpSignIn, false,
    title: "RelayState did not come back unchanged",
    checks: "When the RelayState sent with the AuthnRequest is known (the one-time nonce of #/test-sp, or --relay-state): the RelayState posted with the response equals it byte for byte (bindings §3.4.3, §3.5.3).",
    why: "The identity provider must return the RelayState it received unchanged; a service provider uses it to find the page the user started from (or, here, to tie the response to this page's request). A missing or altered RelayState breaks the redirect after sign-in.",
    fix: "Check that the identity provider (or a proxy in between) keeps the RelayState parameter; some IdP-initiated set-ups replace it with a configured default relay state.");

// ---- XML signature verification (src/saml/dsig) ----
crate::check!(SAML_SIGNATURE_DIGEST, "saml.signature.digest", Error, ExternalIdpSignIn, false,
    title: "Signed element changed after signing (digest mismatch)",
    checks: "Each Reference of each Signature: the referenced element, canonicalized with the listed transforms, has the DigestValue the signature carries.",
    why: "A digest mismatch means the signed XML is not the XML that was signed: edited after signing, or copied from a viewer that re-indented it or replaced a character (a non-breaking space). Service providers reject it (AWS: \"Response signature invalid\").",
    fix: "Paste the raw SAMLResponse value from the browser's network tab, not XML copied from a viewer; if the raw value fails too, the message was altered on the way.");
crate::check!(SAML_SIGNATURE_VALUE, "saml.signature.value", Error, ExternalIdpSignIn, false,
    title: "SignatureValue does not verify",
    checks: "The canonical SignedInfo verifies with the SignatureMethod (RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256/P-384) and the signing certificate: one from your IdP metadata or certificate files, else the one in the signature's KeyInfo.",
    why: "A signature that does not verify was made with another key, or the SignedInfo was changed; service providers reject the message (AWS: \"Response signature invalid\").",
    fix: "Give the identity provider's current metadata or signing certificate; if it still fails, the message was altered or signed with a key that is not the certificate's.");
crate::check!(SAML_SIGNATURE_TRUST, "saml.signature.trust", Error, ExternalIdpSignIn, false,
    title: "Signed with a certificate that is not in your metadata",
    checks: "When IdP metadata or certificates are given: the certificate that verifies the signature is one of them (fingerprints compared). Without them, reports that only the embedded certificate was used.",
    why: "A signature verifies with its own embedded certificate whoever made it; only a certificate you trust proves the identity provider signed it. A rotated IdP certificate that the service provider does not have yet fails every sign-in (AWS: \"Response signature invalid\").",
    fix: "Upload the identity provider's current signing certificate (Identity Center: Settings → Identity source → Manage authentication; IAM: update-saml-provider), or point the IdP back at the certificate the service provider holds.");
crate::check!(SAML_SIGNATURE_UNSUPPORTED, "saml.signature.unsupported", Warning, SamlAssertionContents, false,
    title: "Signature uses an algorithm, transform or reference that cannot be verified",
    checks: "SignatureMethod, DigestMethod, CanonicalizationMethod, Transform and Reference URI of each signature are ones this verifier implements; HMAC is refused.",
    why: "A signature that cannot be verified proves nothing; its step is named rather than silently skipped.",
    fix: "Configure the identity provider for RSA-SHA256 with exclusive canonicalization and the enveloped-signature transform, the SAML default.");
crate::check!(SAML_METADATA_ENTITY_ID, "saml.metadata.entity-id", Error, ExternalIdpSignIn, false,
    title: "Issuer differs from the IdP metadata's entityID",
    checks: "When IdP metadata is given: the message's Issuer equals the metadata's entityID.",
    why: "Service providers look up the IdP by Issuer; AWS accounts: \"Failed to assume role: Issuer not present in specified provider (service: AWSOpenIdDiscoveryService; status code: 400; error code: AuthSamlInvalidSamlResponseException)\"",
    fix: "Upload the metadata of the identity provider that issued this message, or correct the IdP's entity ID.");
crate::check!(SAML_METADATA_CERT_EXPIRY, "saml.metadata.cert-expiry", Warning, ExternalIdpSignIn, false,
    title: "Signing certificate in the metadata expired or expiring",
    checks: "Each signing certificate of the given IdP metadata: expired is an error, 90 days or less a warning.",
    why: "When the certificate the service provider holds expires, the IdP has to rotate and every sign-in fails until the new one is uploaded.",
    fix: "Rotate the IdP signing certificate and upload the new metadata to the service provider before the old one expires.");
crate::check!(SAML_METADATA_NAMEID_FORMAT, "saml.metadata.nameid-format", Info, ExternalIdpSignIn, true,
    title: "IdP metadata NameIDFormat",
    checks: "The NameIDFormat values of the IdP metadata include one Identity Center accepts (unspecified, emailAddress, persistent or transient) and the message's NameID format.",
    why: "Identity Center matches the NameID to a user name; an IdP advertising only other formats is often configured for another service provider.",
    fix: "Configure the IdP application to send NameID format emailAddress or unspecified with the Identity Center user name.");
crate::check!(SAML_METADATA_AUTHN_SIGNED, "saml.metadata.authn-requests-signed", Info, ExternalIdpSignIn, true,
    title: "IdP wants signed AuthnRequests",
    checks: "WantAuthnRequestsSigned of the IdP metadata, compared with the AuthnRequest's signature.",
    why: "An IdP that wants signed requests rejects unsigned ones before any sign-in.",
    fix: "Turn WantAuthnRequestsSigned off in the IdP, or have the service provider sign its requests.");
crate::check!(SAML_APP_ACS, "saml.app.acs", Error, AppConfiguration, false,
    title: "Assertion sent to an ACS URL the application does not list",
    checks: "App flow with the application's SP metadata: the Response Destination and the SubjectConfirmationData Recipient are one of its AssertionConsumerService Locations.",
    why: "The application accepts assertions only at its own ACS URL; a different one is the most common cloud application misconfiguration.",
    fix: "Copy the ACS URL from the application's SP metadata into the Identity Center application's \"Application ACS URL\".");
crate::check!(SAML_APP_AUDIENCE, "saml.app.audience", Error, AppConfiguration, false,
    title: "Audience differs from the application's entity ID",
    checks: "App flow with the application's SP metadata: the assertion's Audience equals the SP metadata's entityID.",
    why: "The application rejects assertions addressed to another audience.",
    fix: "Copy the entityID from the application's SP metadata into the Identity Center application's \"Application SAML audience\".");
crate::check!(SAML_APP_NAMEID_FORMAT, "saml.app.nameid-format", Warning, AppConfiguration, false,
    title: "NameID format not one the application lists",
    checks: "App flow with the application's SP metadata: the NameID Format is one of its NameIDFormat values (when it lists any).",
    why: "Applications look up users by the NameID in the format they expect.",
    fix: "Change the Subject attribute mapping's format in the Identity Center application to one the application lists.");
crate::check!(SAML_APP_ASSERTIONS_SIGNED, "saml.app.assertions-signed", Error, AppConfiguration, false,
    title: "Application wants signed assertions",
    checks: "App flow with the application's SP metadata: when WantAssertionsSigned is true, the Assertion itself carries a signature that verifies.",
    why: "An application that wants signed assertions rejects a response where only the Response is signed.",
    fix: "Check the application's signing settings; Identity Center signs the assertion.");

// ---- Identity Center as service provider ----
crate::check!(IDC_NAMEID_FORMAT, "idc.nameid.format", Error, ExternalIdpSignIn, false,
    title: "NameID format is not emailAddress",
    checks: "The NameID Format is urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress.",
    why: "Identity Center requires the email NameID format; a wrong format gives \"An unexpected error has occurred\" or \"It's not you, it is us\".",
    fix: "Set the NameID format of the Identity Center application in your identity provider to EmailAddress (urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress).");
crate::check!(IDC_NAMEID_EMAIL, "idc.nameid.email", Error, ExternalIdpSignIn, false,
    title: "NameID is not an RFC 2822 address",
    checks: "The NameID value is an RFC 2822 addr-spec (user@domain.com); whitespace, invisible and look-alike characters are named.",
    why: "\"The nameID value must be a properly (RFC2822)-formatted string (user@domain.com)\"; otherwise sign-in fails with \"An unexpected error has occurred\".",
    fix: "Map the NameID to the user's email-style user name attribute, without spaces or special characters.");
crate::check!(IDC_NAMEID_USERNAME, "idc.nameid.username", Error, ExternalIdpSignIn, false,
    title: "NameID does not match the Identity Center user name",
    checks: "The NameID value equals the expected Identity Center user name exactly; a difference in letter case only is a warning.",
    why: "\"The nameID value must exactly match the user name of an existing user in IAM Identity Center\"; there is no just-in-time creation. Case sensitivity of the match is not documented.",
    fix: "Make the NameID attribute in the identity provider produce the Identity Center user name (or provision the user with SCIM so both match).");
crate::check!(IDC_ACS, "idc.acs", Error, ExternalIdpSignIn, true,
    title: "Destination/Recipient is not the Identity Center ACS URL",
    checks: "Destination and Recipient equal the instance's ACS URL (https://<region>.signin.aws.amazon.com/platform/saml/acs/<id>); region and trailing-slash differences are named. Exact comparison needs the ACS URL; without it only the URL shape (seen in consoles and Microsoft docs, best knowledge) is checked.",
    why: "An ACS URL in the identity provider that differs from the one Identity Center provides causes \"An unexpected error has occurred\".",
    fix: "Copy the IAM Identity Center ACS URL from Settings → Identity source → Service provider metadata into the identity provider's ACS / Reply URL field.");
crate::check!(IDC_AUDIENCE, "idc.audience", Error, ExternalIdpSignIn, true,
    title: "Audience is not the Identity Center issuer URL",
    checks: "The Audience equals the instance's issuer URL (https://<region>.signin.aws.amazon.com/platform/saml/d-xxxxxxxxxx); without the issuer URL only its shape (observed, best knowledge) is checked.",
    why: "Identity Center accepts only assertions addressed to its own issuer URL (entity ID).",
    fix: "Copy the IAM Identity Center issuer URL from the service provider metadata into the identity provider's Audience / Entity ID / Identifier field.");
crate::check!(IDC_SIZE, "idc.size", Error, ExternalIdpSignIn, false,
    title: "Assertion over 50,000 characters",
    checks: "The SAML assertion is at most 50,000 characters (Identity Center quota, not adjustable).",
    why: "Identity Center rejects larger assertions; usually too many group or attribute values are sent.",
    fix: "Send fewer attributes (for example no group list) to the Identity Center application.");
crate::check!(IDC_ABAC_COUNT, "idc.abac.count", Error, AbacEnablement, false,
    title: "More than 50 access-control attributes",
    checks: "The number of https://aws.amazon.com/SAML/Attributes/AccessControl:* attributes is 50 or less.",
    why: "\"The number of attributes mapped in the SAML request must be 50 or less.\"",
    fix: "Remove access-control attributes from the identity provider's mapping until at most 50 remain.");
crate::check!(IDC_ABAC_MULTIVALUE, "idc.abac.multivalue", Error, AbacEnablement, false,
    title: "Multi-valued access-control attribute",
    checks: "Each AccessControl attribute has exactly one AttributeValue.",
    why: "\"The SAML request must not contain multi-valued attributes.\" (session tags take a single value).",
    fix: "Map a single-valued source to the attribute (for example join values into one string).");
crate::check!(IDC_ABAC_DUPLICATE, "idc.abac.duplicate", Error, AbacEnablement, false,
    title: "Access-control attribute sent twice",
    checks: "No two AccessControl attributes have the same name (tag keys compared case-insensitively).",
    why: "\"The SAML request must not contain multiple attributes with the same name.\"",
    fix: "Remove the duplicate mapping in the identity provider.");
crate::check!(IDC_ABAC_XML_VALUE, "idc.abac.xml-value", Error, AbacEnablement, false,
    title: "Access-control attribute value holds XML",
    checks: "AccessControl AttributeValues contain text only, no child elements.",
    why: "\"The attribute must not contain structured XML as the value.\"",
    fix: "Map a plain string attribute instead of a structured one.");
crate::check!(IDC_ABAC_NAME_FORMAT, "idc.abac.name-format", Error, AbacEnablement, false,
    title: "Access-control attribute NameFormat not SAML-specified",
    checks: "The NameFormat is urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified, :uri or :basic (an absent NameFormat is accepted: best knowledge).",
    why: "\"The Name format must be a SAML specified format, not generic format.\"",
    fix: "Set the attribute's Name Format to URI reference (Okta) or unspecified/basic in the identity provider.");
crate::check!(IDC_ABAC_KEY, "idc.abac.key", Error, AbacEnablement, false,
    title: "Access-control tag key invalid",
    checks: "The tag key after AccessControl: is 1–128 characters of letters, numbers, spaces and _ . : / = + - @, and does not begin with aws:.",
    why: "The key becomes a session tag key; STS refuses invalid keys and the aws: prefix.",
    fix: "Rename the attribute so that its tag key uses only allowed characters.");
crate::check!(IDC_ABAC_VALUE, "idc.abac.value", Error, AbacEnablement, false,
    title: "Access-control tag value invalid",
    checks: "The value is 0–256 characters of letters, numbers, spaces and _ . : / = + - @, and does not begin with aws:.",
    why: "The value becomes a session tag value; values outside the pattern fail the sign-in with \"An unexpected error has occurred\".",
    fix: "Map an attribute whose values use only allowed characters, or transform the value in the identity provider.");

// ---- AWS account federation ----
crate::check!(STS_ROLE_MISSING, "sts.role.missing", Error, SamlAssertionContents, false,
    title: "Role attribute missing",
    checks: "An Attribute named exactly https://aws.amazon.com/SAML/Attributes/Role (case-sensitive) is present with at least one value.",
    why: "Without it AWS shows \"Your request included an invalid SAML response. To logout, click here.\"",
    fix: "Add the Role attribute with role-ARN,provider-ARN pairs to the assertion.");
crate::check!(STS_ROLE_FORMAT, "sts.role.format", Error, SamlAssertionContents, true,
    title: "Role value is not a role-ARN,provider-ARN pair",
    checks: "Each Role value is a role ARN and a SAML-provider ARN separated by a comma, in either order, in a known partition, with a valid path and names.",
    why: "A malformed pair names no role to assume: \"Not authorized to perform sts:AssumeRoleWithSAML\" or \"Specified provider doesn't exist.\"",
    fix: "Send values like arn:aws:iam::123456789012:role/Name,arn:aws:iam::123456789012:saml-provider/Provider.");
crate::check!(STS_ROLE_ACCOUNT_MISMATCH, "sts.role.account-mismatch", Error, SamlAssertionContents, false,
    title: "Role and provider in different accounts",
    checks: "Both ARNs of a Role pair carry the same 12-digit account ID and partition.",
    why: "The SAML provider must exist in the role's account: \"Specified provider doesn't exist.\" / \"Not authorized to perform sts:AssumeRoleWithSAML\".",
    fix: "Use the provider ARN from the same account as the role.");
crate::check!(STS_ROLE_RESERVED, "sts.role.reserved", Info, ProtectedRole, false,
    title: "AWSReservedSSO role (managed by Identity Center)",
    checks: "Roles named AWSReservedSSO_<permission set>_<16 hex> on path /aws-reserved/sso.amazonaws.com/ and providers AWSSSO_<16hex>_DO_NOT_DELETE, and their shape.",
    why: "These roles belong to Identity Center permission sets; they cannot be edited in IAM, and their suffix changes when all assignments are removed and re-added, so hard-coded ARNs go stale.",
    fix: "Manage these roles through the permission set in Identity Center; do not reference them from another identity provider.");
crate::check!(STS_SESSION_NAME_MISSING, "sts.session-name.missing", Error, SamlAssertionContents, false,
    title: "RoleSessionName attribute missing",
    checks: "An Attribute named https://aws.amazon.com/SAML/Attributes/RoleSessionName is present.",
    why: "AWS fails with \"RoleSessionName is required in AuthnResponse (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)\".",
    fix: "Add the RoleSessionName attribute (for example the user's email or user name).");
crate::check!(STS_SESSION_NAME_FORMAT, "sts.session-name.format", Error, SamlAssertionContents, false,
    title: "RoleSessionName invalid",
    checks: "RoleSessionName has one value matching [a-zA-Z_0-9+=,.@-]{2,64}.",
    why: "AWS fails with \"RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64} (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)\".",
    fix: "Map RoleSessionName to a value of 2–64 allowed characters (no spaces), e.g. the email address.");
crate::check!(STS_SESSION_DURATION, "sts.session-duration", Error, SamlAssertionContents, false,
    title: "SessionDuration invalid",
    checks: "SessionDuration is a single integer from 900 to 43200 seconds.",
    why: "Out-of-range values are rejected; a value above the role's MaxSessionDuration gives \"Requested DurationSeconds exceeds MaxSessionDuration set for this role.\"",
    fix: "Send a SessionDuration between 900 and 43200 and no greater than the role's maximum session duration.");
crate::check!(STS_SOURCE_IDENTITY, "sts.source-identity", Error, SamlAssertionContents, false,
    title: "SourceIdentity invalid",
    checks: "SourceIdentity has one value of 2–64 characters [a-zA-Z_0-9+=,.@-] not starting with aws:.",
    why: "AWS fails with \"Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\"\"; the trust policy also needs sts:SetSourceIdentity.",
    fix: "Map SourceIdentity to a valid value and allow sts:SetSourceIdentity in the role's trust policy.");
crate::check!(STS_PRINCIPAL_TAG, "sts.principal-tag", Error, SamlAssertionContents, false,
    title: "Session tag invalid",
    checks: "PrincipalTag:{Key} attributes: at most 50, key 1–128 and value 0–256 allowed characters, no aws: prefix, one value each, no key repeated (case-insensitive).",
    why: "Invalid session tags make AssumeRoleWithSAML fail; tags also need sts:TagSession in the trust policy (\"Not authorized to perform sts:AssumeRoleWithSAML\").",
    fix: "Fix the tag keys and values in the identity provider and allow sts:TagSession in the trust policy.");
crate::check!(STS_TRANSITIVE_TAGS, "sts.transitive-tags", Warning, SamlAssertionContents, false,
    title: "Transitive tag key names no session tag",
    checks: "Each TransitiveTagKeys value names a PrincipalTag present in the assertion.",
    why: "A transitive key without a matching session tag has no effect and usually means a mapping typo.",
    fix: "Send a PrincipalTag for every key listed in TransitiveTagKeys, or remove the key.");
crate::check!(STS_RECIPIENT, "sts.recipient", Error, SamlAssertionContents, false,
    title: "Recipient is not an AWS sign-in endpoint",
    checks: "Exactly one SubjectConfirmation whose Recipient (and the Destination) is https://signin.aws.amazon.com/saml, a regional https://<region>.signin.aws.amazon.com/saml, /static/saml, or the China/GovCloud endpoints.",
    why: "SAML:aud is taken from the Recipient; trust policies require it (\"Not authorized to perform sts:AssumeRoleWithSAML\" when it differs).",
    fix: "Set the ACS URL of the AWS application in the identity provider to https://signin.aws.amazon.com/saml (or the regional endpoint your trust policy allows).");
crate::check!(STS_AUDIENCE, "sts.audience", Warning, SamlAssertionContents, true,
    title: "Audience is not urn:amazon:webservices",
    checks: "The Audience is urn:amazon:webservices (the entityID of AWS's SAML metadata) or an AWS sign-in endpoint.",
    why: "AWS checks the audience: \"Response does not contain the required audience.\"",
    fix: "Set the identity provider's Audience/Entity ID for the AWS application to urn:amazon:webservices.");
crate::check!(STS_NAMEID, "sts.nameid", Error, SamlAssertionContents, false,
    title: "NameID missing or format not accepted by AWS",
    checks: "The Subject has a NameID whose Format is one of the eight formats AWS accepts (persistent, transient, emailAddress, unspecified, X509SubjectName, WindowsDomainQualifiedName, kerberos, entity).",
    why: "No Subject/NameID causes \"Not authorized to perform sts:AssumeRoleWithSAML (service: AWSSecurityTokenService; status code: 403; error code: AccessDenied)\".",
    fix: "Send a NameID (persistent or emailAddress format) in the Subject.");
crate::check!(STS_SIZE, "sts.size", Error, SamlAssertionContents, false,
    title: "Response over 100,000 base64 characters",
    checks: "The base64-encoded SAML response is at most 100,000 characters (AssumeRoleWithSAML quota).",
    why: "AssumeRoleWithSAML refuses larger responses; usually too many groups or roles are sent.",
    fix: "Send fewer attributes or role values to AWS.");

pub const CHECKS: &[CheckInfo] = &[
    INPUT_DECODE,
    INPUT_TOO_LARGE,
    INPUT_DTD,
    INPUT_XML,
    INPUT_DEPTH,
    INPUT_KIND,
    SAML_ENCRYPTED,
    SAML_VERSION,
    SAML_STATUS,
    SAML_ISSUER,
    SAML_DESTINATION,
    SAML_ASSERTION_COUNT,
    SAML_ID,
    SAML_TIME_NOT_YET_VALID,
    SAML_TIME_EXPIRED,
    SAML_TIME_ISSUE_INSTANT,
    SAML_SUBJECT_CONFIRMATION,
    SAML_AUDIENCE,
    SAML_SIGNATURE_MISSING,
    SAML_SIGNATURE_ALGORITHM,
    SAML_SIGNATURE_WRAPPING,
    SAML_CERT_EXPIRY,
    SAML_CERT_KEY,
    SAML_NAMEID_COMMENT,
    SAML_RELAY_STATE,
    SAML_IN_RESPONSE_TO,
    SAML_RELAY_STATE_ROUNDTRIP,
    SAML_SIGNATURE_DIGEST,
    SAML_SIGNATURE_VALUE,
    SAML_SIGNATURE_TRUST,
    SAML_SIGNATURE_UNSUPPORTED,
    SAML_METADATA_ENTITY_ID,
    SAML_METADATA_CERT_EXPIRY,
    SAML_METADATA_NAMEID_FORMAT,
    SAML_METADATA_AUTHN_SIGNED,
    SAML_APP_ACS,
    SAML_APP_AUDIENCE,
    SAML_APP_NAMEID_FORMAT,
    SAML_APP_ASSERTIONS_SIGNED,
    IDC_NAMEID_FORMAT,
    IDC_NAMEID_EMAIL,
    IDC_NAMEID_USERNAME,
    IDC_ACS,
    IDC_AUDIENCE,
    IDC_SIZE,
    IDC_ABAC_COUNT,
    IDC_ABAC_MULTIVALUE,
    IDC_ABAC_DUPLICATE,
    IDC_ABAC_XML_VALUE,
    IDC_ABAC_NAME_FORMAT,
    IDC_ABAC_KEY,
    IDC_ABAC_VALUE,
    STS_ROLE_MISSING,
    STS_ROLE_FORMAT,
    STS_ROLE_ACCOUNT_MISMATCH,
    STS_ROLE_RESERVED,
    STS_SESSION_NAME_MISSING,
    STS_SESSION_NAME_FORMAT,
    STS_SESSION_DURATION,
    STS_SOURCE_IDENTITY,
    STS_PRINCIPAL_TAG,
    STS_TRANSITIVE_TAGS,
    STS_RECIPIENT,
    STS_AUDIENCE,
    STS_NAMEID,
    STS_SIZE,
];

/// Each documented AWS sign-in error string → the id of the check that predicts it.
pub const AWS_ERRORS: &[(&str, &str)] = &[
    ("Your request included an invalid SAML response. To logout, click here.", "sts.role.missing"),
    ("RoleSessionName is required in AuthnResponse (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)", "sts.session-name.missing"),
    ("Not authorized to perform sts:AssumeRoleWithSAML (service: AWSSecurityTokenService; status code: 403; error code: AccessDenied)", "sts.nameid"),
    ("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64} (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)", "sts.session-name.format"),
    ("Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\" (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)", "sts.source-identity"),
    ("Response signature invalid (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)", "saml.cert.expiry"),
    ("Failed to assume role: Issuer not present in specified provider (service: AWSOpenIdDiscoveryService; status code: 400; error code: AuthSamlInvalidSamlResponseException)", "saml.issuer"),
    ("Could not parse metadata.", "saml.cert.key"),
    ("Specified provider doesn't exist.", "sts.role.account-mismatch"),
    ("Requested DurationSeconds exceeds MaxSessionDuration set for this role.", "sts.session-duration"),
    ("Response does not contain the required audience.", "saml.audience"),
    ("An unexpected error has occurred", "idc.nameid.format"),
];
