//! DPoP's inputs from servers: any `WWW-Authenticate` and `DPoP-Nonce` text
//! is read without a panic; a nonce taken is NQCHAR and bounded; a challenge
//! answer gives at most one retry per request, never with the refused nonce.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::dpop::{
    htu, nonce_header, resource_wants_nonce, NonceStep, Nonces, MAX_NONCE_LEN,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    resource_wants_nonce(text);
    if let Some(u) = htu(text) {
        assert!(!u.contains('?') && !u.contains('#'), "{u}");
    }
    let (header, sent) = text.split_once('\n').unwrap_or((text, ""));
    if let Some(n) = nonce_header(header) {
        assert!(n.len() <= MAX_NONCE_LEN && !n.bytes().any(|b| b <= b' ' || b == b'"' || b == b'\\' || b > 0x7e));
    }
    let mut nonces = Nonces::default();
    let sent = (!sent.is_empty()).then_some(sent);
    match nonces.on_challenge("https://as.example", Some(header), sent, false) {
        NonceStep::Retry(n) => assert!(Some(n.as_str()) != sent && nonce_header(&n).is_some()),
        NonceStep::GiveUp => {}
    }
    assert_eq!(
        nonces.on_challenge("https://as.example", Some(header), sent, true),
        NonceStep::GiveUp
    );
});
