//! The DPoP key (RFC 9449), which the package's JS keeps: an ES256 pair made
//! by WebCrypto with a private half that cannot be exported, in IndexedDB
//! (the one store that holds a `CryptoKey` as itself) so the app's tabs share
//! it, or in the page's memory. Reached through the token mirror, whose
//! members `n`, `j`, `k`, `g` and `x` js/index.js describes. The core builds
//! every proof; this asks for the public key and for signatures.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::crypto::CryptoError;
use super::mirror::TokenMirror;

/// Calls the entry's function `name` on the mirror.
fn call(mirror: &TokenMirror, name: &str, arg: &JsValue) -> Result<JsValue, CryptoError> {
    let f: Function = Reflect::get(&mirror.object(), &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(CryptoError::Unavailable)?;
    f.call1(&JsValue::NULL, arg).map_err(|_| CryptoError::Sign)
}

/// Calls `name` and awaits the promise it returns.
async fn wait(mirror: &TokenMirror, name: &str, arg: &JsValue) -> Result<JsValue, CryptoError> {
    JsFuture::from(Promise::resolve(&call(mirror, name, arg)?))
        .await
        .map_err(|_| CryptoError::Sign)
}

/// `[x, y]` of a JWK, as the entry hands the public key over.
fn coordinates(value: &JsValue) -> Option<(String, String)> {
    let pair = value.dyn_ref::<Array>()?;
    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
}

/// Tells the entry where the key lives: IndexedDB under `name`, or, with
/// `None`, this page's memory. Only a client with `dpop: true` calls this.
pub fn enable(mirror: &TokenMirror, name: Option<&str>) {
    let name = name.map_or(JsValue::NULL, JsValue::from);
    let _ = Reflect::set(&mirror.object(), &"n".into(), &name);
}

/// The public key's `x` and `y` (base64url), the key made if there is none.
pub async fn public_key(mirror: &TokenMirror) -> Result<(String, String), CryptoError> {
    coordinates(&wait(mirror, "k", &JsValue::UNDEFINED).await?).ok_or(CryptoError::Sign)
}

/// The public key the entry loaded for the authorize request (`j`), which it
/// does before calling into WebAssembly, so the URL is built synchronously.
pub fn loaded_public_key(mirror: &TokenMirror) -> Result<(String, String), CryptoError> {
    coordinates(&Reflect::get(&mirror.object(), &"j".into()).unwrap_or_default())
        .ok_or(CryptoError::Sign)
}

/// The ES256 signature of `input`: r ‖ s (RFC 7518 §3.4), as WebCrypto gives it.
pub async fn sign(mirror: &TokenMirror, input: &str) -> Result<Vec<u8>, CryptoError> {
    let signature = wait(mirror, "g", &input.into()).await?;
    if !signature.is_instance_of::<js_sys::ArrayBuffer>() {
        return Err(CryptoError::Sign);
    }
    Ok(Uint8Array::new(&signature).to_vec())
}

/// Deletes the key (from IndexedDB too).
pub async fn delete(mirror: &TokenMirror) -> Result<(), CryptoError> {
    wait(mirror, "x", &JsValue::UNDEFINED).await.map(drop)
}

/// Forgets this page's copy of the key (another tab deleted it).
pub fn drop_copy(mirror: &TokenMirror) {
    let _ = call(mirror, "d", &JsValue::UNDEFINED);
}
