//! Token endpoint answers: any status, any Retry-After, any body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::token::{parse_token_response, MAX_TOKEN_RESPONSE_BYTES};
use zaehlerfreunde_auth::core::ErrorCode;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let status = u16::from_le_bytes([data[0], data[1]]) % 600;
    let text = String::from_utf8_lossy(&data[2..]);
    // A Retry-After header before the first NUL, if there is one.
    let (retry_after, body) = match text.split_once('\u{0}') {
        Some((header, body)) => (Some(header), body),
        None => (None, &*text),
    };
    match parse_token_response(status, retry_after, 784_111_777_000, body, false) {
        Ok(r) => {
            assert_eq!(status, 200);
            assert!(body.len() <= MAX_TOKEN_RESPONSE_BYTES);
            assert!(!r.access_token.secret().is_empty() && r.expires_in > 0);
        }
        Err(e) => assert_eq!(status == 429, matches!(e.code, ErrorCode::TooManyRequests(_))),
    }
});
