//! `web::random` and the shipped SHA-256: the platform's CSPRNG, and the
//! PKCE challenge against WebCrypto's digest.

use wasm_bindgen_test::*;
use zaehlerfreunde_auth::web::random::random_32;

#[wasm_bindgen_test]
fn random_values_come_from_the_platform_and_differ() {
    let a = random_32().unwrap();
    let b = random_32().unwrap();
    assert_ne!(a, b);
    assert_ne!(a, [0u8; 32]);
}

/// The shipped SHA-256 (sha2's compact backend in wasm builds) against the
/// browser's own, through the PKCE challenge.
#[wasm_bindgen_test]
async fn the_pkce_challenge_matches_webcrypto_sha256() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use zaehlerfreunde_auth::core::pkce::{challenge_s256, verifier_from_random};
    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    for _ in 0..8 {
        let verifier = verifier_from_random(&random_32().unwrap());
        let digest = subtle
            .digest_with_str_and_u8_array("SHA-256", verifier.secret().as_bytes())
            .unwrap();
        let digest =
            js_sys::Uint8Array::new(&wasm_bindgen_futures::JsFuture::from(digest).await.unwrap())
                .to_vec();
        assert_eq!(challenge_s256(&verifier), URL_SAFE_NO_PAD.encode(digest));
    }
}
