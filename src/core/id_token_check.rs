//! Why an ID token was refused: one variant per failed check (the rustls
//! pattern), each naming the rule it enforces. Tests match these variants;
//! the descriptions are free text for people.

use super::json::JsonError;

/// A failed ID-token check, from decoding the JWS to verifying its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdTokenCheck {
    /// Longer than [`MAX_ID_TOKEN_BYTES`](super::jwt::MAX_ID_TOKEN_BYTES):
    /// refused before it is decoded.
    TooLarge,
    /// Not three dot-separated parts (RFC 7515 §7.1, compact serialization).
    Parts,
    /// A part is not base64url without padding (RFC 7515 §2).
    Base64,
    /// The header or the claims are not UTF-8 (RFC 7519 §7.2 step 5).
    Utf8,
    /// The header or the claims are not valid JSON, and why (RFC 7519 §7.2).
    Json(JsonError),
    /// The header or the claims are JSON, but not an object (RFC 7519 §7.2).
    NotObject,
    /// The header has no `alg` (RFC 7515 §4.1.1).
    NoAlg,
    /// `alg: none`: unsigned tokens are refused (OpenID Connect Core §3.1.3.7).
    AlgNone,
    /// HS*: a browser app cannot keep a shared secret (RFC 8725 §3.1).
    AlgSymmetric,
    /// An `alg` other than RS256, PS256, ES256 (RFC 7518 §3.1).
    AlgUnsupported,
    /// The signature part is empty.
    NoSignature,
    /// The header has a `crit` parameter: the JWS needs extensions the
    /// recipient understands, and the SDK implements none (RFC 7515 §4.1.11).
    Crit,
    /// No `iss` claim (OpenID Connect Core §2).
    NoIss,
    /// `iss` is not a configured issuer (OpenID Connect Core §3.1.3.7 step 2).
    Iss,
    /// No `sub` claim (OpenID Connect Core §2).
    NoSub,
    /// A refreshed ID token names another `sub` (OpenID Connect Core §12.2).
    Sub,
    /// No `aud` claim (OpenID Connect Core §2).
    NoAud,
    /// `aud` does not contain the client id (OpenID Connect Core §3.1.3.7 step 3).
    Aud,
    /// `azp` is not the client id (OpenID Connect Core §3.1.3.7 step 5).
    Azp,
    /// `azp` is not a string.
    AzpType,
    /// Several audiences and no `azp` (OpenID Connect Core §3.1.3.7 step 4).
    NoAzp,
    /// No `exp` claim (OpenID Connect Core §2).
    NoExp,
    /// `exp` is past, beyond the leeway (OpenID Connect Core §3.1.3.7 step 9).
    Expired,
    /// No `iat` claim (OpenID Connect Core §2).
    NoIat,
    /// `iat` is in the future, beyond the leeway (OpenID Connect Core §3.1.3.7 step 10).
    IssuedInFuture,
    /// No `nonce` although the login sent one (OpenID Connect Core §3.1.3.7 step 11).
    NoNonce,
    /// `nonce` is not the login transaction's (OpenID Connect Core §3.1.3.7 step 11).
    Nonce,
    /// `kid` is not a string (RFC 7515 §4.1.4).
    KidType,
    /// No `kid`, and the key set has several keys to choose from.
    NoKid,
    /// No key in the issuer's key set has the token's `kid`, even after a refetch.
    UnknownKid,
    /// The key's `kty` does not fit the `alg` (RFC 7518 §3.1).
    KeyType,
    /// The key's own `alg` is another one (RFC 7517 §4.4).
    KeyAlg,
    /// ES256 needs a P-256 key (RFC 7518 §3.4).
    Curve,
    /// An ES256 signature is not the 64-byte `r || s` (RFC 7518 §3.4).
    SignatureLength,
    /// An RSA signature from a key under 2048 bits (RFC 7518 §3.3).
    WeakKey,
    /// The signature does not verify with the key (RFC 7515 §5.2 step 8).
    Signature,
}

impl IdTokenCheck {
    /// What went wrong, for people.
    pub fn description(self) -> &'static str {
        use IdTokenCheck::*;
        match self {
            TooLarge => "the ID token is too large",
            Parts => "the JWT does not have three parts",
            Base64 => "the JWT is not base64url-encoded",
            Utf8 => "the JWT is not UTF-8 JSON",
            // The JsonError says which rule the JSON broke (a duplicate
            // member, for one); people need to know only this.
            Json(_) | NotObject => "the JWT does not hold a JSON object",
            NoAlg => "the JWT header has no alg",
            AlgNone => "unsigned JWTs (alg none) are refused",
            AlgSymmetric => {
                "symmetric algorithms (HS*) are refused: a browser app cannot keep the secret"
            }
            AlgUnsupported => "the JWT's alg is not one of RS256, PS256, ES256",
            NoSignature => "the JWT has no signature",
            Crit => "the JWT's header has crit extensions, which are not supported",
            NoIss => "the ID token has no iss",
            Iss => "the ID token's iss is not the configured issuer",
            NoSub => "the ID token has no sub",
            Sub => "the refreshed ID token is for another sub",
            NoAud => "the ID token has no aud",
            Aud => "the ID token's aud does not contain the clientId",
            Azp => "the ID token's azp is not the clientId",
            AzpType => "the ID token's azp is not a string",
            NoAzp => "the ID token has several audiences but no azp",
            NoExp => "the ID token has no exp",
            Expired => "the ID token has expired",
            NoIat => "the ID token has no iat",
            IssuedInFuture => "the ID token was issued in the future",
            NoNonce => "the ID token has no nonce",
            Nonce => "the ID token's nonce does not match the login transaction",
            KidType => "the JWT's kid is not a string",
            NoKid => "the JWT has no kid and the JWKS has several keys",
            UnknownKid => "no key in the issuer's JWKS has the ID token's kid",
            KeyType => "the JWT's alg does not fit the key's type",
            KeyAlg => "the JWT's alg does not match the key's alg",
            Curve => "ES256 needs a P-256 key",
            SignatureLength => "an ES256 signature must be 64 bytes (r || s)",
            WeakKey => "RSA signatures from keys under 2048 bits are refused",
            Signature => "the ID token's signature does not verify with the issuer's key",
        }
    }
}
