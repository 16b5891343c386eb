//! The console "Download events" CSV reader (and SQL result CSV), with a CloudTrail header first.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut csv = b"Event ID,Event time,User name,Event name,Event source,CloudTrail event,additionaleventdata,serviceeventdetails\n".to_vec();
    csv.extend_from_slice(data);
    let _ = ssocheck::cloudtrail::input::parse_csv(&csv);
});
