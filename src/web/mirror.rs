//! A plain JS object holding the current access token and until when it is
//! fresh, so the package's thin JS entry can answer `getAccessToken()` on the
//! hot path without entering WebAssembly. The contract is written once, at
//! the top of `js/index.js`.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

pub struct TokenMirror(Object);

impl TokenMirror {
    pub fn new() -> TokenMirror {
        TokenMirror(Object::new())
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

    pub fn object(&self) -> Object {
        self.0.clone()
    }
}

impl Default for TokenMirror {
    fn default() -> Self {
        Self::new()
    }
}
