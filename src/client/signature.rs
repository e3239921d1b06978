//! ID-token signature verification: the core picks the key, WebCrypto checks
//! the signature.

use crate::core::jwks::{check_signature_length, select_key, Jwks, KeyChoice};
use crate::core::jwt::DecodedJwt;
use crate::core::{AuthError, ErrorCode};
use crate::web::crypto;

#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    Valid,
    /// No key in the set has the token's `kid`: the set may be stale.
    UnknownKid,
}

/// Verifies `jwt`'s signature with the matching key of `jwks`.
pub async fn verify_with(jwks: &Jwks, jwt: &DecodedJwt) -> Result<Verified, AuthError> {
    let (key, alg) = match select_key(&jwt.header, jwks)? {
        KeyChoice::UnknownKid => return Ok(Verified::UnknownKid),
        KeyChoice::Use(key, alg) => (key, alg),
    };
    check_signature_length(alg, jwt.signature.len())?;
    if crypto::verify(alg, key, jwt.signing_input.as_bytes(), &jwt.signature).await? {
        Ok(Verified::Valid)
    } else {
        Err(AuthError::new(
            ErrorCode::IdTokenInvalid,
            "the ID token's signature does not verify with the issuer's key",
        ))
    }
}
