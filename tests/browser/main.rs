//! The browser shell and the client in headless Chromium, one file per API:
//! storage, randomness and SHA-256, fetch with timeouts, the client's
//! session handling over real sessionStorage, and ID-token signatures.
#![cfg(target_arch = "wasm32")]

mod client;
mod http;
mod random;
mod signatures;
mod storage;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

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
