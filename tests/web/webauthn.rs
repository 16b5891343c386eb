//! Browser tests of the webauthn probes (filled in by the webauthn work).
