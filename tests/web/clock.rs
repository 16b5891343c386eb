//! Browser tests of the clock probes (filled in by the clock work).
