//! Signature verification with WebCrypto (`crypto.subtle`).

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::json::ObjectWriter;
use crate::core::jwks::{Alg, Jwk};

/// Why WebCrypto could not answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// `crypto.subtle` is missing (it needs a secure context).
    Unavailable,
    /// `importKey` refused the key.
    KeyImport,
    /// `verify` failed to run.
    Check,
    /// The DPoP key could not be made, loaded or used (js/index.js keeps it
    /// in IndexedDB and signs with it).
    Sign,
}

fn subtle() -> Result<web_sys::SubtleCrypto, CryptoError> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).unwrap_or(JsValue::UNDEFINED);
    // An object check, not `instanceof`: a wrong object fails at its first
    // call, which reports the same way.
    Reflect::get(&crypto, &"subtle".into())
        .ok()
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
        .ok_or(CryptoError::Unavailable)
}

/// A JS object from JSON text the SDK wrote: one call instead of a property
/// set per member.
fn object(json: &str) -> Object {
    JSON::parse(json)
        .map(JsCast::unchecked_into)
        .unwrap_or_else(|_| Object::new())
}

/// The public key as a JWK object for `importKey`: only the key material.
fn key_data(key: &Jwk) -> Object {
    let jwk = ObjectWriter::new().string("kty", &key.kty);
    let jwk = match key.kty.as_str() {
        "EC" => jwk
            .opt_string("crv", key.crv.as_deref())
            .opt_string("x", key.x.as_deref())
            .opt_string("y", key.y.as_deref()),
        _ => jwk
            .opt_string("n", key.n.as_deref())
            .opt_string("e", key.e.as_deref()),
    };
    object(&jwk.finish())
}

/// (importKey algorithm, verify algorithm) for a JWS `alg`, as JSON.
fn algorithms(alg: Alg) -> (&'static str, &'static str) {
    match alg {
        Alg::Rs256 => (
            r#"{"name":"RSASSA-PKCS1-v1_5","hash":"SHA-256"}"#,
            r#"{"name":"RSASSA-PKCS1-v1_5"}"#,
        ),
        Alg::Ps256 => (
            r#"{"name":"RSA-PSS","hash":"SHA-256"}"#,
            r#"{"name":"RSA-PSS","saltLength":32}"#,
        ),
        Alg::Es256 => (
            r#"{"name":"ECDSA","namedCurve":"P-256"}"#,
            r#"{"name":"ECDSA","hash":"SHA-256"}"#,
        ),
    }
}

/// Whether `signature` over `signed` verifies with `key` under `alg`.
pub async fn verify(
    alg: Alg,
    key: &Jwk,
    signed: &[u8],
    signature: &[u8],
) -> Result<bool, CryptoError> {
    let subtle = subtle()?;
    let (import_alg, verify_alg) = algorithms(alg);
    let usages = Array::of1(&JsValue::from_str("verify"));
    let import = subtle
        .import_key_with_object("jwk", &key_data(key), &object(import_alg), false, &usages)
        .map_err(|_| CryptoError::KeyImport)?;
    let crypto_key: web_sys::CryptoKey = JsFuture::from(import)
        .await
        .ok()
        .filter(JsValue::is_object)
        .ok_or(CryptoError::KeyImport)?
        .unchecked_into();
    let check = subtle
        .verify_with_object_and_u8_array_and_u8_array(
            &object(verify_alg),
            &crypto_key,
            signature,
            signed,
        )
        .map_err(|_| CryptoError::Check)?;
    let ok = JsFuture::from(check)
        .await
        .map_err(|_| CryptoError::Check)?;
    Ok(ok.as_bool() == Some(true))
}
