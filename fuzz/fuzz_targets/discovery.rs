//! Discovery documents: any body gives a configuration whose endpoints all
//! pass the rules of configured ones, or a `discovery_failed` error, never a
//! panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::config::{Config, ConfigField, ConfigInput, Logout};
use zaehlerfreunde_auth::core::discovery::{apply, MAX_DISCOVERY_BYTES};
use zaehlerfreunde_auth::core::url::check_endpoint;
use zaehlerfreunde_auth::core::ErrorCode;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let config = Config::new(ConfigInput {
        client_id: Some("client".into()),
        redirect_uri: Some("https://app.example/".into()),
        issuer: Some("https://op.example/".into()),
        ..Default::default()
    })
    .unwrap();
    match apply(&config, 200, body) {
        Ok(c) => {
            assert!(body.len() <= MAX_DISCOVERY_BYTES);
            assert!(c.discovery.is_none());
            let logout = match &c.logout {
                Some(Logout::EndSession(u) | Logout::Auth0(u)) => Some(u),
                None => None,
            };
            let all = [Some(&c.authorize_url), Some(&c.token_url), c.jwks_url.as_ref()];
            for url in all.into_iter().chain([c.revoke_url.as_ref(), logout]).flatten() {
                assert!(check_endpoint(url, ConfigField::TokenUrl).is_ok(), "{url}");
            }
        }
        Err(e) => assert!(matches!(e.code, ErrorCode::DiscoveryFailed(_))),
    }
});
