//! `web::http`: fetch against the dev backend, with timeouts.

use wasm_bindgen_test::*;
use zaehlerfreunde_auth::web::http::{self, Deadline, Failure};

use super::backend;

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
async fn post_reports_error_statuses_with_their_body_and_retry_after() {
    // The Retry-After header, when the server exposes one (cross-origin).
    for (path, status, retry_after) in [("503", 503, None), ("429?retry-after=2", 429, Some("2"))] {
        let url = format!("{}/__test/status/{path}", backend());
        let res = http::post(&url, "application/json", "{}".into(), 5_000)
            .await
            .unwrap();
        assert_eq!(res.status, status);
        assert!(res.body.contains("\"method\":\"POST\""));
        assert_eq!(res.retry_after.as_deref(), retry_after);
    }
}

#[wasm_bindgen_test]
async fn a_hanging_server_is_a_timeout() {
    let url = format!("{}/__test/hang", backend());
    let started = js_sys::Date::now();
    let err = http::post(&url, "application/json", "{}".into(), 300)
        .await
        .err()
        .unwrap();
    assert_eq!(err, Failure::Timeout);
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
    assert_eq!(err, Failure::Network);
}

#[wasm_bindgen_test]
fn a_deadline_that_is_dropped_never_fires() {
    let d = Deadline::start(1).unwrap();
    let signal = d.signal();
    drop(d);
    assert!(!signal.aborted());
}
