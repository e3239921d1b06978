//! A plain JS object holding the current access token and until when it is
//! fresh, so the package's thin JS entry can answer `getAccessToken()` on the
//! hot path without entering WebAssembly; and the event sink that entry puts
//! on it. The contract is written once, at the top of `js/index.js`.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub struct TokenMirror(Object);

impl TokenMirror {
    /// A mirror without a token; `b` is the partner API's base URL.
    pub fn new(api_base_url: &str) -> TokenMirror {
        let mirror = Object::new();
        let _ = Reflect::set(&mirror, &"b".into(), &api_base_url.into());
        TokenMirror(mirror)
    }

    /// `t`: the token; `e`: milliseconds since the epoch until which it may be
    /// handed out without a refresh.
    pub fn set(&self, token: &str, fresh_until_secs: u64) {
        let _ = Reflect::set(&self.0, &"t".into(), &token.into());
        let _ = Reflect::set(
            &self.0,
            &"e".into(),
            &JsValue::from(fresh_until_secs as f64 * 1000.0),
        );
    }

    pub fn clear(&self) {
        let _ = Reflect::set(&self.0, &"t".into(), &JsValue::UNDEFINED);
        let _ = Reflect::set(&self.0, &"e".into(), &JsValue::from(0));
    }

    /// Calls the entry's event sink `s(type, detail)`, if it set one.
    pub fn emit(&self, kind: &str, detail: &JsValue) {
        let sink = Reflect::get(&self.0, &"s".into()).ok();
        if let Some(sink) = sink.as_ref().and_then(JsCast::dyn_ref::<Function>) {
            let _ = sink.call2(&JsValue::NULL, &kind.into(), detail);
        }
    }

    pub fn object(&self) -> Object {
        self.0.clone()
    }
}
