//! The named stack's size floor (see Cargo.toml).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Floor {
    key: String,
}

#[wasm_bindgen]
impl Floor {
    #[wasm_bindgen(constructor)]
    pub fn new(key: String) -> Floor {
        Floor { key }
    }

    /// sha2 + base64 (a PKCE S256 challenge), kept in sessionStorage.
    pub fn challenge(&self, verifier: String) -> Option<String> {
        let c = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        let s = web_sys::window()?.session_storage().ok()??;
        s.set_item(&self.key, &c).ok()?;
        s.get_item(&self.key).ok()?
    }

    /// base64url decode (a JWT part).
    pub fn decode(&self, part: String) -> Option<String> {
        String::from_utf8(URL_SAFE_NO_PAD.decode(part).ok()?).ok()
    }

    /// A value handed to JS through serde-wasm-bindgen (the claims object).
    pub fn claims(&self) -> JsValue {
        serde_wasm_bindgen::to_value(&[("sub", self.key.as_str())]).unwrap_or(JsValue::NULL)
    }

    /// POSTs a form and reads the answer as text: an async export.
    #[cfg(feature = "gloo")]
    pub async fn post(&self, url: String, body: String) -> Result<String, JsValue> {
        let r = gloo_net::http::Request::post(&url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .map_err(|_| JsValue::from_str("request"))?
            .send()
            .await
            .map_err(|_| JsValue::from_str("network"))?;
        r.text().await.map_err(|_| JsValue::from_str("body"))
    }

    /// The same through web-sys `fetch` directly.
    #[cfg(not(feature = "gloo"))]
    pub async fn post(&self, url: String, body: String) -> Result<String, JsValue> {
        use wasm_bindgen_futures::JsFuture;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&body));
        let window = web_sys::window().ok_or("no window")?;
        let r: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
            .await?
            .into();
        Ok(JsFuture::from(r.text()?)
            .await?
            .as_string()
            .unwrap_or_default())
    }
}
