//! Token endpoint answers: any status, any body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::token::parse_token_response;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let status = u16::from_le_bytes([data[0], data[1]]) % 600;
    let body = String::from_utf8_lossy(&data[2..]);
    if let Ok(r) = parse_token_response(status, &body) {
        assert_eq!(status, 200);
        assert!(!r.access_token.secret().is_empty() && r.expires_in > 0);
    }
});
