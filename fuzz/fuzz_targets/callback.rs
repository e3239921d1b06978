//! Callback URLs: parsing, validation against a transaction, cleaning.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::callback::{cleaned_url, is_callback, parse_callback, validate_callback};
use zaehlerfreunde_auth::core::secret::{CodeVerifier, Nonce, State};
use zaehlerfreunde_auth::core::transaction::Transaction;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let tx = Transaction {
        verifier: CodeVerifier::new("v".into()),
        state: State::new("abc".into()),
        nonce: Nonce::new("n".into()),
        redirect_uri: "https://app.example/cb".into(),
        scope: "openid".into(),
        audience: String::new(),
        app_state: None,
        created_at: 0,
    };
    for url in [s.to_owned(), format!("https://app.example/cb?{s}"), format!("https://app.example/cb#{s}")] {
        let _ = is_callback(&url);
        if let Ok(p) = parse_callback(&url) {
            let _ = validate_callback(p, &tx, &url, &["https://idp.example/".into()]);
        }
        if let Some(clean) = cleaned_url(&url) {
            assert_eq!(cleaned_url(&clean).as_deref(), Some(clean.as_str()), "cleaning is idempotent");
        }
    }
});
