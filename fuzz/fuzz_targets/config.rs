//! SDK configuration: any option values give a `Config` or an
//! `invalid_config` error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::config::{Config, ConfigInput};
use zaehlerfreunde_auth::core::ErrorCode;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    // One option per line; an empty line leaves that option unset.
    let mut lines = s.split('\n').map(|l| (!l.is_empty()).then(|| l.to_owned()));
    let mut next = || lines.next().flatten();
    let number = |t: Option<String>| t.and_then(|t| t.parse::<f64>().ok());
    let input = ConfigInput {
        client_id: next(),
        redirect_uri: next(),
        authorize_url: next(),
        token_url: next(),
        audience: next(),
        scope: next(),
        api_base_url: next(),
        logout_url: next(),
        revoke_url: next(),
        issuer: next(),
        jwks_url: next(),
        leeway_seconds: number(next()),
        timeout_ms: number(next()),
        token_request_format: next(),
        storage: next(),
    };
    match Config::new(input) {
        Ok(c) => {
            assert!(!c.issuers.is_empty(), "at least one accepted issuer");
            assert!(
                !c.api_base_url.ends_with('/'),
                "apiBaseUrl without a trailing slash"
            );
            assert!(!c.scope.contains("  "), "scope normalized");
        }
        Err(e) => assert_eq!(e.code, ErrorCode::InvalidConfig),
    }
});
