//! Callback URLs: parsing, validation against a transaction, cleaning; and
//! the URL checks they build on (HttpUrl, partner-API paths).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::callback::{cleaned_url, is_callback, parse_callback, validate_callback};
use zaehlerfreunde_auth::core::fixtures;
use zaehlerfreunde_auth::core::url::{api_url, HttpUrl};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = HttpUrl::parse(s);
    if let Ok(url) = api_url("https://api.example/partner", s) {
        assert!(url.starts_with("https://api.example/partner"), "partner-API URLs stay under the base");
        let path = url.split(['?', '#']).next().unwrap_or_default();
        assert!(!path.contains('\\'), "no backslash, which browsers read as a slash");
    }
    let tx = fixtures::transaction();
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
