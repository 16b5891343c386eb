pub mod checks;
pub mod clock;
pub mod home;
pub mod not_found;
pub mod privacy;
pub mod saml;
pub mod selfcheck;
pub mod webauthn;
