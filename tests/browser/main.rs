//! The browser shell in headless Chromium: storage, randomness, fetch with
//! timeouts, and the client's session handling over real sessionStorage.
#![cfg(target_arch = "wasm32")]

mod signatures;

use wasm_bindgen_test::*;
use zaehlerfreunde_auth::client::Client;
use zaehlerfreunde_auth::core::config::{Config, ConfigInput, StorageKind};
use zaehlerfreunde_auth::core::ErrorCode;
use zaehlerfreunde_auth::web::http::{self, Deadline};
use zaehlerfreunde_auth::web::random::random_32;
use zaehlerfreunde_auth::web::storage::Store;

wasm_bindgen_test_configure!(run_in_browser);

/// The dev backend's app origin, given at build time by tests/with-backend.mjs.
fn backend() -> &'static str {
    match option_env!("ZFA_TEST_BACKEND") {
        Some(origin) => origin,
        None => panic!("build these tests through tests/with-backend.mjs (make test-browser)"),
    }
}

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

#[wasm_bindgen_test]
fn random_values_come_from_the_platform_and_differ() {
    let a = random_32().unwrap();
    let b = random_32().unwrap();
    assert_ne!(a, b);
    assert_ne!(a, [0u8; 32]);
}

#[wasm_bindgen_test]
fn session_storage_round_trips_and_removes() {
    let store = Store::open(StorageKind::Session).unwrap();
    store.set("zfa-test:k", "v1").unwrap();
    assert_eq!(
        session_storage().get_item("zfa-test:k").unwrap().as_deref(),
        Some("v1")
    );
    assert_eq!(store.get("zfa-test:k").as_deref(), Some("v1"));
    store.remove("zfa-test:k");
    assert_eq!(session_storage().get_item("zfa-test:k").unwrap(), None);
    assert_eq!(store.get("zfa-test:k"), None);
}

#[wasm_bindgen_test]
fn memory_storage_never_touches_session_storage() {
    let store = Store::open(StorageKind::Memory).unwrap();
    store.set("zfa-test:mem", "v").unwrap();
    assert_eq!(store.get("zfa-test:mem").as_deref(), Some("v"));
    assert_eq!(session_storage().get_item("zfa-test:mem").unwrap(), None);
}

#[wasm_bindgen_test]
fn local_storage_is_a_different_area() {
    let store = Store::open(StorageKind::Local).unwrap();
    store.set("zfa-test:local", "v").unwrap();
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        local.get_item("zfa-test:local").unwrap().as_deref(),
        Some("v")
    );
    assert_eq!(session_storage().get_item("zfa-test:local").unwrap(), None);
    store.remove("zfa-test:local");
}

#[wasm_bindgen_test]
async fn post_sends_the_body_and_content_type_and_reads_the_answer() {
    let url = format!("{}/__test/echo", backend());
    let res = http::post(
        &url,
        "application/x-www-form-urlencoded",
        "a=1&b=%20".into(),
        5_000,
    )
    .await
    .unwrap();
    assert_eq!(res.status, 200);
    let echo = zaehlerfreunde_auth::core::json::parse(&res.body).unwrap();
    assert_eq!(echo.get("method").unwrap().as_str(), Some("POST"));
    assert_eq!(
        echo.get("contentType").unwrap().as_str(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(echo.get("body").unwrap().as_str(), Some("a=1&b=%20"));
}

#[wasm_bindgen_test]
async fn post_reports_error_statuses_with_their_body() {
    let url = format!("{}/__test/status/503", backend());
    let res = http::post(&url, "application/json", "{}".into(), 5_000)
        .await
        .unwrap();
    assert_eq!(res.status, 503);
    assert!(res.body.contains("\"method\":\"POST\""));
}

#[wasm_bindgen_test]
async fn a_hanging_server_is_a_timeout() {
    let url = format!("{}/__test/hang", backend());
    let started = js_sys::Date::now();
    let err = http::post(&url, "application/json", "{}".into(), 300)
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::Timeout);
    let waited = js_sys::Date::now() - started;
    assert!(waited >= 290.0, "aborted too early: {waited} ms");
}

#[wasm_bindgen_test]
async fn a_closed_port_is_a_network_error() {
    let err = http::post(
        "http://127.0.0.1:9/token",
        "application/json",
        "{}".into(),
        5_000,
    )
    .await
    .err()
    .unwrap();
    assert_eq!(err.code, ErrorCode::NetworkError);
}

#[wasm_bindgen_test]
fn a_deadline_that_is_dropped_never_fires() {
    let d = Deadline::start(1).unwrap();
    let signal = d.signal();
    drop(d);
    assert!(!signal.aborted());
}

fn client(storage: &str) -> Client {
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
        .get_item("zaehlerfreunde-auth:browser-test:transaction")
        .unwrap()
        .unwrap();
    let tx = zaehlerfreunde_auth::core::transaction::Transaction::from_json(&stored).unwrap();
    assert!(url.contains(&format!("state={}", tx.state.secret())));
    assert!(url.contains("prompt=login"));
    assert_eq!(tx.app_state.as_deref(), Some("{\"to\":\"/x\"}"));
    assert_eq!(tx.verifier.secret().len(), 43);
    c.logout(None, true).await.unwrap();
    assert_eq!(
        session_storage()
            .get_item("zaehlerfreunde-auth:browser-test:transaction")
            .unwrap(),
        None
    );
}

#[wasm_bindgen_test]
fn corrupt_stored_sessions_are_logged_out_and_removed() {
    let key = "zaehlerfreunde-auth:browser-test:session";
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
fn client_with_expired_session(client_id: &str, token_url: String) -> Client {
    let session = zaehlerfreunde_auth::core::json::ObjectWriter::new()
        .number("v", 1)
        .string("access_token", "expired-at")
        .string("refresh_token", "rt-1")
        .number("expires_at", 0)
        .string("scope", "openid offline_access")
        .string("audience", "https://api.example")
        .finish();
    session_storage()
        .set_item(
            &format!("zaehlerfreunde-auth:{client_id}:session"),
            &session,
        )
        .unwrap();
    Client::new(
        Config::new(ConfigInput {
            client_id: Some(client_id.into()),
            redirect_uri: Some("http://127.0.0.1/cb".into()),
            token_url: Some(token_url),
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
            .get_item(&format!("zaehlerfreunde-auth:{client_id}:session"))
            .unwrap()
            .unwrap();
        assert!(stored.contains("\"refresh_token\":\"rt-1\""), "{client_id}");
        assert!(!err.description.contains("rt-1") && !err.description.contains("expired-at"));
    }
}

/// A future that is ready on its `polls`-th poll (never, for 0), logging
/// each poll.
struct Steps<'a> {
    name: &'static str,
    polls: u32,
    log: &'a std::cell::RefCell<Vec<&'static str>>,
}

impl<'a> Steps<'a> {
    fn new(name: &'static str, polls: u32, log: &'a std::cell::RefCell<Vec<&'static str>>) -> Self {
        Steps { name, polls, log }
    }
}

impl std::future::Future for Steps<'_> {
    type Output = &'static str;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<&'static str> {
        self.log.borrow_mut().push(self.name);
        if self.polls == 1 {
            return std::task::Poll::Ready(self.name);
        }
        self.polls = self.polls.saturating_sub(1);
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

#[wasm_bindgen_test]
async fn join_polls_the_first_future_first_and_a_finished_one_never_again() {
    use zaehlerfreunde_auth::client::join::join;
    let log = std::cell::RefCell::new(Vec::new());
    let (exchange, keys) = (Steps::new("exchange", 3, &log), Steps::new("keys", 1, &log));
    // The second finishes on its first poll, the first on its third.
    let out = join(async { Ok::<_, ()>(exchange.await) }, keys).await;
    assert_eq!(out, Ok(("exchange", "keys")));
    assert_eq!(*log.borrow(), ["exchange", "keys", "exchange", "exchange"]);
}

#[wasm_bindgen_test]
async fn join_returns_the_first_futures_error_without_waiting_for_the_second() {
    use zaehlerfreunde_auth::client::join::join;
    let log = std::cell::RefCell::new(Vec::new());
    // The second is never ready.
    let (exchange, keys) = (Steps::new("exchange", 2, &log), Steps::new("keys", 0, &log));
    let out = join(async { Err::<(), _>(exchange.await) }, keys).await;
    assert_eq!(out, Err("exchange"));
    assert_eq!(*log.borrow(), ["exchange", "keys", "exchange"]);
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
