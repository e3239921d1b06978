//! Key sets and the choice of key for a JWT header.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::jwks::{parse_jwks, select_key, KeyChoice, MAX_JWKS_BYTES};
use zaehlerfreunde_auth::core::json;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    // The input is split into a JWKS document and a JWT header.
    let (set, header) = s.split_once('\u{0}').unwrap_or((s, r#"{"alg":"RS256","kid":"k"}"#));
    let Ok(jwks) = parse_jwks(set) else { return };
    assert!(set.len() <= MAX_JWKS_BYTES);
    let Ok(header) = json::parse(header) else { return };
    if let Ok(KeyChoice::Use(key, alg)) = select_key(&header, &jwks) {
        assert!(jwks.keys.contains(key));
        let _ = alg.name();
    }
});
