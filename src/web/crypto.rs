//! Signature verification with WebCrypto (`crypto.subtle`).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::jwks::{Alg, Jwk};
use crate::core::{AuthError, ErrorCode};

fn invalid(description: &'static str) -> AuthError {
    AuthError::new(ErrorCode::IdTokenInvalid, description)
}

fn subtle() -> Result<web_sys::SubtleCrypto, AuthError> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).unwrap_or(JsValue::UNDEFINED);
    Reflect::get(&crypto, &"subtle".into())
        .ok()
        .and_then(|s| s.dyn_into().ok())
        .ok_or(invalid(
            "WebCrypto (crypto.subtle) is unavailable: it needs a secure context (https or localhost)",
        ))
}

fn object(entries: &[(&str, &JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o
}

fn text(s: &Option<String>) -> JsValue {
    s.as_deref()
        .map(JsValue::from_str)
        .unwrap_or(JsValue::UNDEFINED)
}

/// The public key as a JWK object for `importKey`: only the key material.
fn key_data(key: &Jwk) -> Object {
    let kty = JsValue::from_str(&key.kty);
    match key.kty.as_str() {
        "EC" => object(&[
            ("kty", &kty),
            ("crv", &text(&key.crv)),
            ("x", &text(&key.x)),
            ("y", &text(&key.y)),
        ]),
        _ => object(&[("kty", &kty), ("n", &text(&key.n)), ("e", &text(&key.e))]),
    }
}

/// (importKey algorithm, verify algorithm) for a JWS `alg`.
fn algorithms(alg: Alg) -> (Object, Object) {
    let sha256 = JsValue::from_str("SHA-256");
    match alg {
        Alg::Rs256 => {
            let name = JsValue::from_str("RSASSA-PKCS1-v1_5");
            (
                object(&[("name", &name), ("hash", &sha256)]),
                object(&[("name", &name)]),
            )
        }
        Alg::Ps256 => {
            let name = JsValue::from_str("RSA-PSS");
            (
                object(&[("name", &name), ("hash", &sha256)]),
                object(&[("name", &name), ("saltLength", &JsValue::from(32))]),
            )
        }
        Alg::Es256 => {
            let name = JsValue::from_str("ECDSA");
            (
                object(&[("name", &name), ("namedCurve", &JsValue::from_str("P-256"))]),
                object(&[("name", &name), ("hash", &sha256)]),
            )
        }
    }
}

/// Whether `signature` over `signed` verifies with `key` under `alg`.
pub async fn verify(
    alg: Alg,
    key: &Jwk,
    signed: &[u8],
    signature: &[u8],
) -> Result<bool, AuthError> {
    let subtle = subtle()?;
    let bad_key = || invalid("the issuer's key could not be imported");
    let (import_alg, verify_alg) = algorithms(alg);
    let usages = Array::of1(&JsValue::from_str("verify"));
    let import = subtle
        .import_key_with_object("jwk", &key_data(key), &import_alg, false, &usages)
        .map_err(|_| bad_key())?;
    let crypto_key: web_sys::CryptoKey = JsFuture::from(import)
        .await
        .ok()
        .and_then(|k| k.dyn_into().ok())
        .ok_or_else(bad_key)?;
    let check = subtle
        .verify_with_object_and_u8_array_and_u8_array(&verify_alg, &crypto_key, signature, signed)
        .map_err(|_| invalid("the signature could not be checked"))?;
    let ok = JsFuture::from(check)
        .await
        .map_err(|_| invalid("the signature could not be checked"))?;
    Ok(ok.as_bool() == Some(true))
}
