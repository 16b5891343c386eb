//! Browser tests of the selfcheck probes (filled in by the selfcheck work).
