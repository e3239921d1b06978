//! The client over real browser storage: the login transaction, corrupt
//! stored sessions, and refresh failures that must keep the session.

use std::rc::Rc;

use wasm_bindgen_test::*;
use zaehlerfreunde_auth::client::Client;
use zaehlerfreunde_auth::core::config::{Config, ConfigInput};
use zaehlerfreunde_auth::core::ErrorCode;

use super::{backend, session_storage};

/// The default audience, which names the keys of a client configured without one.
const AUDIENCE: &str = "https://api.prod.zaehlerfreunde.com";

/// The storage key `name` of the client `client_id` for `audience`.
fn key(client_id: &str, audience: &str, name: &str) -> String {
    format!("zaehlerfreunde-auth:{client_id}:{audience}:{name}")
}

fn client(storage: &str) -> Rc<Client> {
    Client::new(
        Config::new(ConfigInput {
            client_id: Some("browser-test".into()),
            redirect_uri: Some("http://127.0.0.1/cb".into()),
            storage: Some(storage.into()),
            ..Default::default()
        })
        .unwrap(),
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn login_transaction_is_stored_under_the_clients_key() {
    let c = client("session");
    let url = c
        .build_authorize_url(
            Some("{\"to\":\"/x\"}".into()),
            vec![("prompt".into(), "login".into())],
        )
        .unwrap();
    let stored = session_storage()
        .get_item(&key("browser-test", AUDIENCE, "transaction"))
        .unwrap()
        .unwrap();
    let tx = zaehlerfreunde_auth::core::transaction::Transaction::from_json(&stored).unwrap();
    assert!(url.contains(&format!("state={}", tx.state.secret())));
    assert!(url.contains("prompt=login"));
    assert_eq!(tx.app_state.as_deref(), Some("{\"to\":\"/x\"}"));
    assert_eq!(tx.verifier.secret().len(), 43);
    // Nothing to revoke: the outcome is a success.
    assert_eq!(c.logout(None, None, true).await.unwrap(), Ok(()));
    assert_eq!(
        session_storage()
            .get_item(&key("browser-test", AUDIENCE, "transaction"))
            .unwrap(),
        None
    );
}

#[wasm_bindgen_test]
fn corrupt_stored_sessions_are_logged_out_and_removed() {
    let key = &key("browser-test", AUDIENCE, "session");
    for corrupt in ["{", "null", "{\"v\":99}", "{\"v\":1,\"access_token\":5}"] {
        session_storage().set_item(key, corrupt).unwrap();
        session_storage().set_item("other-app", "kept").unwrap();
        let c = client("session");
        assert!(!c.is_authenticated());
        assert_eq!(c.user(), None);
        assert_eq!(session_storage().get_item(key).unwrap(), None, "{corrupt}");
        assert_eq!(
            session_storage().get_item("other-app").unwrap().as_deref(),
            Some("kept")
        );
    }
}

#[wasm_bindgen_test]
async fn no_session_means_login_required() {
    let c = client("memory");
    let err = c.get_access_token(false).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::LoginRequired);
}

/// A client whose token endpoint is `token_url`, holding an expired access
/// token and a refresh token in sessionStorage.
fn client_with_expired_session(client_id: &str, token_url: String) -> Rc<Client> {
    let session = zaehlerfreunde_auth::core::json::ObjectWriter::new()
        .number("v", 1)
        .string("access_token", "expired-at")
        .string("refresh_token", "rt-1")
        .number("expires_at", 0)
        .string("scope", "openid offline_access")
        .string("audience", "https://api.example")
        .finish();
    session_storage()
        .set_item(&key(client_id, "https://api.example", "session"), &session)
        .unwrap();
    Client::new(
        Config::new(ConfigInput {
            client_id: Some(client_id.into()),
            redirect_uri: Some("http://127.0.0.1/cb".into()),
            token_url: Some(token_url),
            audience: Some("https://api.example".into()),
            timeout_ms: Some(300.0),
            ..Default::default()
        })
        .unwrap(),
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn transient_refresh_failures_keep_the_session() {
    let cases = [
        (
            "kept-timeout",
            format!("{}/__test/hang", backend()),
            ErrorCode::Timeout,
        ),
        (
            "kept-503",
            format!("{}/__test/status/503", backend()),
            ErrorCode::InvalidResponse,
        ),
        (
            "kept-refused",
            "http://127.0.0.1:9/oauth/token".to_string(),
            ErrorCode::NetworkError,
        ),
    ];
    for (client_id, token_url, code) in cases {
        let c = client_with_expired_session(client_id, token_url);
        let err = c.get_access_token(false).await.err().unwrap();
        assert_eq!(err.code, code, "{client_id}");
        assert!(c.is_authenticated(), "{client_id}: still logged in");
        let stored = session_storage()
            .get_item(&key(client_id, "https://api.example", "session"))
            .unwrap()
            .unwrap();
        assert!(stored.contains("\"refresh_token\":\"rt-1\""), "{client_id}");
        assert!(!err.description.contains("rt-1") && !err.description.contains("expired-at"));
    }
}

/// One client id, two audiences: two sessions, neither read by the other
/// instance (another API's token is not sent to this one's apiBaseUrl, and
/// one refresh token is not spent under two locks).
#[wasm_bindgen_test]
fn instances_of_two_audiences_do_not_read_each_others_session() {
    let a = client_with_expired_session("two-audiences", "http://127.0.0.1:9/t".into());
    assert!(a.is_authenticated());
    let other = || {
        Client::new(
            Config::new(ConfigInput {
                client_id: Some("two-audiences".into()),
                redirect_uri: Some("http://127.0.0.1/cb".into()),
                audience: Some("https://other.example".into()),
                ..Default::default()
            })
            .unwrap(),
        )
        .unwrap()
    };
    assert!(!other().is_authenticated());
    assert!(a.is_authenticated());
    let a_key = key("two-audiences", "https://api.example", "session");
    let stored = session_storage().get_item(&a_key).unwrap().unwrap();
    // A session of another audience under this instance's key is not used,
    // and removed.
    let b_key = key("two-audiences", "https://other.example", "session");
    session_storage().set_item(&b_key, &stored).unwrap();
    assert!(!other().is_authenticated());
    assert_eq!(session_storage().get_item(&b_key).unwrap(), None);
    assert_eq!(session_storage().get_item(&a_key).unwrap(), Some(stored));
}
