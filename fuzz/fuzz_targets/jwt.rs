//! JWT decoding and ID-token claim checks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::jwt::{check_id_token_claims, decode, IdTokenChecks, MAX_ID_TOKEN_BYTES};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let issuers = vec!["https://idp.example/".to_string()];
    // As a whole token, and as the claims of a token with a fixed header.
    let candidates = [s.to_owned(), {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", URL_SAFE_NO_PAD.encode(s))
    }];
    for token in candidates {
        if let Ok(d) = decode(&token) {
            assert!(token.len() <= MAX_ID_TOKEN_BYTES);
            assert!(d.header.get("crit").is_none(), "no JWS extension is accepted");
            for nonce in [None, Some("n")] {
                let _ = check_id_token_claims(
                    &d.claims,
                    &IdTokenChecks { issuers: &issuers, client_id: "cid", nonce, sub: None, now: 1_700_000_000, leeway: 60 },
                );
            }
        }
    }
});
