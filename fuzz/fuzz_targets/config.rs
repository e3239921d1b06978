//! SDK configuration: any option values give a `Config` or an
//! `invalid_config` error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::config::{Config, ConfigField, ConfigInput, Slot};
use zaehlerfreunde_auth::core::ErrorCode;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    // One option per line, in the table's order; an empty line leaves that
    // option unset.
    let mut lines = s.split('\n').map(|l| (!l.is_empty()).then(|| l.to_owned()));
    let mut input = ConfigInput::default();
    for &field in ConfigField::ALL {
        let line = lines.next().flatten();
        match input.slot(field) {
            Slot::Text(slot) | Slot::Url(slot) => *slot = line,
            Slot::Number(slot) => *slot = line.and_then(|t| t.parse::<f64>().ok()),
        }
    }
    match Config::new(input) {
        Ok(c) => {
            assert!(!c.issuers.is_empty(), "at least one accepted issuer");
            assert!(
                !c.api_base_url.ends_with('/'),
                "apiBaseUrl without a trailing slash"
            );
            assert!(!c.scope.contains("  "), "scope normalized");
        }
        Err(e) => assert!(matches!(e.code, ErrorCode::InvalidConfig(_))),
    }
});
