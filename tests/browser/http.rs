//! `web::http`: fetch against the dev backend, with timeouts.

use wasm_bindgen_test::*;
use zaehlerfreunde_auth::web::http::{self, Deadline, Failure};

use super::backend;

/// A limit no answer of these tests reaches.
const LIMIT: usize = 64 * 1024;

#[wasm_bindgen_test]
async fn post_sends_the_body_and_content_type_and_reads_the_answer() {
    let url = format!("{}/__test/echo", backend());
    let res = http::post(
        &url,
        "application/x-www-form-urlencoded",
        "a=1&b=%20",
        None,
        5_000,
        LIMIT,
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
        let res = http::post(&url, "application/json", "{}", None, 5_000, LIMIT)
            .await
            .unwrap();
        assert_eq!(res.status, status);
        assert!(res.body.contains("\"method\":\"POST\""));
        assert_eq!(res.retry_after.as_deref(), retry_after);
    }
}

#[wasm_bindgen_test]
async fn a_hanging_server_is_a_timeout() {
    // Timeout, not Network: the deadline fired (and aborted the request).
    let url = format!("{}/__test/hang", backend());
    let err = http::post(&url, "application/json", "{}", None, 300, LIMIT)
        .await
        .err()
        .unwrap();
    assert_eq!(err, Failure::Timeout);
}

/// GETs `/__test/bytes/N`: `N` bytes of `x`, announced by a
/// `Content-Length`, or (`chunked`) not.
async fn bytes(n: usize, chunked: bool, limit: usize) -> Result<http::HttpResponse, Failure> {
    let mode = if chunked { "chunked" } else { "declared" };
    let url = format!("{}/__test/bytes/{n}?{mode}", backend());
    http::get(&url, 5_000, limit).await
}

#[wasm_bindgen_test]
async fn a_body_up_to_the_limit_is_read_and_one_byte_more_is_too_large() {
    for chunked in [false, true] {
        let res = bytes(20_000, chunked, 20_000).await.unwrap();
        assert_eq!(res.body.len(), 20_000, "chunked: {chunked}");
        assert!(res.body.bytes().all(|b| b == b'x'));
        assert_eq!(
            bytes(20_001, chunked, 20_000).await.err(),
            Some(Failure::TooLarge)
        );
    }
    assert_eq!(bytes(0, true, 0).await.unwrap().body, "");
}

#[wasm_bindgen_test]
async fn a_closed_port_is_a_network_error() {
    let err = http::post(
        "http://127.0.0.1:9/token",
        "application/json",
        "{}",
        None,
        5_000,
        LIMIT,
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
