//! Short set-up steps for registering this page as a SAML application in common identity providers.
//! Console menus move; these follow each vendor's documentation as of 2025 (best knowledge).

/// (identity provider, steps) with `{acs}` and `{entity}` to fill in.
const STEPS: &[(&str, &str)] = &[
    ("Okta", "Applications → Applications → Create App Integration → SAML 2.0. Single sign-on URL: {acs} (keep \"Use this for Recipient URL and Destination URL\"). Audience URI (SP Entity ID): {entity}. Name ID format: EmailAddress; Application username: Email. Finish, assign yourself, then on the Sign On tab open the metadata URL and paste its XML here."),
    ("Microsoft Entra ID", "Enterprise applications → New application → Create your own application (non-gallery) → Single sign-on → SAML. Basic SAML Configuration: Identifier (Entity ID) {entity}, Reply URL (Assertion Consumer Service URL) {acs}. Attributes & Claims: Unique User Identifier = user.mail, format Email address. SAML Certificates: download Federation Metadata XML and paste it here. Assign yourself under Users and groups."),
    ("Google Workspace", "Admin console → Apps → Web and mobile apps → Add app → Add custom SAML app. Download the IdP metadata (paste it here), then ACS URL {acs}, Entity ID {entity}, Name ID format EMAIL, Name ID Basic Information > Primary email. Turn User access on for your organizational unit."),
    ("Keycloak", "Clients → Create client → Client type SAML, Client ID {entity}. Valid redirect URIs and, under Advanced, Assertion Consumer Service POST Binding URL: {acs}. Name ID format: email. Keys tab: turn Client signature required off (this page's requests are not signed). Paste the realm's SAML 2.0 Identity Provider Metadata (Realm settings → Endpoints) here."),
    ("JumpCloud", "SSO Applications → Add New Application → Custom Application → Manage Single Sign-On (SSO) → Configure SSO with SAML. SP Entity ID {entity}, ACS URL {acs}, SAMLSubject NameID email with format emailAddress, Sign Assertion. Save, export the IdP metadata and paste it here, and bind your user group."),
    ("IAM Identity Center (custom SAML 2.0 application)", "Applications → Add application → I have an application I want to set up → SAML 2.0. Download the IAM Identity Center SAML metadata file (paste it here). Application metadata: type the values manually: Application ACS URL {acs}, Application SAML audience {entity}. Submit, then Attribute mappings: Subject → ${user:email}, format emailAddress, and assign yourself."),
];

/// The steps with this page's ACS URL and entity ID filled in.
pub fn steps(acs: &str, entity: &str) -> Vec<(String, String)> {
    STEPS
        .iter()
        .map(|(idp, s)| {
            (
                idp.to_string(),
                s.replace("{acs}", acs).replace("{entity}", entity),
            )
        })
        .collect()
}
