//! Randomness from `crypto.getRandomValues` (window or worker).

use wasm_bindgen::{JsCast, JsValue};

/// `crypto.getRandomValues` is missing or refused.
#[derive(Debug)]
pub struct NoRandomness;

/// 32 bytes from the platform's CSPRNG.
pub fn random_32() -> Result<[u8; 32], NoRandomness> {
    let mut buf = [0u8; 32];
    fill(&mut buf)?;
    Ok(buf)
}

/// Fills `buf` (at most 65,536 bytes, the Web Crypto limit) from the
/// platform's CSPRNG.
pub fn fill(buf: &mut [u8]) -> Result<(), NoRandomness> {
    let crypto: web_sys::Crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .filter(JsValue::is_object)
        .ok_or(NoRandomness)?
        .unchecked_into();
    crypto
        .get_random_values_with_u8_array(buf)
        .map_err(|_| NoRandomness)?;
    Ok(())
}
