//! `web::storage`: sessionStorage, localStorage and memory.

use wasm_bindgen_test::*;
use zaehlerfreunde_auth::core::config::StorageKind;
use zaehlerfreunde_auth::web::storage::Store;

use super::session_storage;

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
