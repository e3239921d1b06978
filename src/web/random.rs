//! Randomness from `crypto.getRandomValues` (window or worker).

use wasm_bindgen::{JsCast, JsValue};

use crate::core::{AuthError, ErrorCode};

/// 32 bytes from the platform's CSPRNG.
pub fn random_32() -> Result<[u8; 32], AuthError> {
    let mut buf = [0u8; 32];
    fill(&mut buf)?;
    Ok(buf)
}

/// Fills `buf` (at most 65,536 bytes, the Web Crypto limit) from the
/// platform's CSPRNG.
pub fn fill(buf: &mut [u8]) -> Result<(), AuthError> {
    let unavailable = || {
        AuthError::new(
            ErrorCode::InvalidConfig,
            "crypto.getRandomValues is not available in this environment",
        )
    };
    let crypto: web_sys::Crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .filter(JsValue::is_object)
        .ok_or_else(unavailable)?
        .unchecked_into();
    crypto
        .get_random_values_with_u8_array(buf)
        .map_err(|_| unavailable())?;
    Ok(())
}
