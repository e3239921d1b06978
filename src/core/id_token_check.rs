//! Why an ID token was refused: one variant per failed check (the rustls
//! pattern), each naming the rule it enforces. Tests match these variants;
//! the descriptions are free text for people.

use super::json::JsonError;

/// Each variant's reason, in declaration order.
const REASONS: &str = "too_large parts base64 utf8 json not_object no_alg alg_none alg_symmetric alg_unsupported no_signature crit no_iss iss no_sub sub no_aud aud azp azp_type no_azp no_exp expired no_iat issued_in_future no_nonce nonce kid_type no_kid unknown_kid key_type key_alg curve signature_length weak_key signature";

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
    /// Which check failed, as `error.reason` gives it in JavaScript: the
    /// variant's name in snake case (`nonce`, `signature`, `aud`, `crit`).
    pub fn reason(self) -> &'static str {
        use IdTokenCheck::*;
        // One text and an index, not a table of strings: the smaller wasm.
        let index = match self {
            TooLarge => 0,
            Parts => 1,
            Base64 => 2,
            Utf8 => 3,
            Json(_) => 4,
            NotObject => 5,
            NoAlg => 6,
            AlgNone => 7,
            AlgSymmetric => 8,
            AlgUnsupported => 9,
            NoSignature => 10,
            Crit => 11,
            NoIss => 12,
            Iss => 13,
            NoSub => 14,
            Sub => 15,
            NoAud => 16,
            Aud => 17,
            Azp => 18,
            AzpType => 19,
            NoAzp => 20,
            NoExp => 21,
            Expired => 22,
            NoIat => 23,
            IssuedInFuture => 24,
            NoNonce => 25,
            Nonce => 26,
            KidType => 27,
            NoKid => 28,
            UnknownKid => 29,
            KeyType => 30,
            KeyAlg => 31,
            Curve => 32,
            SignatureLength => 33,
            WeakKey => 34,
            Signature => 35,
        };
        let mut rest = REASONS;
        for _ in 0..index {
            rest = rest.split_once(' ').map_or("", |(_, after)| after);
        }
        rest.split_once(' ').map_or(rest, |(reason, _)| reason)
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    /// This file's text between `start` and the next `end`: one listing.
    fn listing(start: &str, end: &str) -> &'static str {
        let src = include_str!("id_token_check.rs");
        src.split(start).nth(1).unwrap().split(end).next().unwrap()
    }

    /// The variants' names, in declaration order, as the enum lists them.
    fn variants() -> Vec<&'static str> {
        listing("pub enum IdTokenCheck {", "\n}")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("///"))
            .map(|l| l.split([',', '(']).next().unwrap())
            .collect()
    }

    fn snake_case(name: &str) -> String {
        let mut snake = String::new();
        for c in name.chars() {
            if c.is_ascii_uppercase() && !snake.is_empty() {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        }
        snake
    }

    #[test]
    fn each_reason_is_its_variant_in_snake_case() {
        let variants = variants();
        assert_eq!(variants.first(), Some(&"TooLarge"));
        assert_eq!(variants.last(), Some(&"Signature"));
        let reasons: Vec<&str> = REASONS.split(' ').collect();
        let expected: Vec<String> = variants.iter().map(|v| snake_case(v)).collect();
        assert_eq!(reasons, expected);
        // `reason` indexes REASONS by declaration order (its match is
        // exhaustive: a new variant does not compile until it is listed).
        let arms: Vec<(&str, usize)> = listing("let index = match self {", "};")
            .lines()
            .filter_map(|l| l.trim().trim_end_matches(',').split_once(" => "))
            .map(|(v, i)| (v.trim_end_matches("(_)"), i.parse().unwrap()))
            .collect();
        let declared: Vec<(&str, usize)> = variants.into_iter().zip(0..).collect();
        assert_eq!(arms, declared);
        for (check, reason) in [
            (IdTokenCheck::TooLarge, "too_large"),
            (IdTokenCheck::Json(JsonError::DuplicateKey), "json"),
            (IdTokenCheck::Aud, "aud"),
            (IdTokenCheck::Nonce, "nonce"),
            (IdTokenCheck::Signature, "signature"),
        ] {
            assert_eq!(check.reason(), reason);
        }
    }

    #[test]
    fn the_typescript_union_lists_exactly_the_reasons() {
        let dts = include_str!("../../js/index.d.ts");
        let union = dts
            .split("export type IdTokenCheckReason =")
            .nth(1)
            .unwrap();
        let typed: Vec<&str> = union
            .split(';')
            .next()
            .unwrap()
            .split('|')
            .filter_map(|t| t.trim().strip_prefix('\'')?.strip_suffix('\''))
            .collect();
        let reasons: Vec<&str> = REASONS.split(' ').collect();
        assert_eq!(typed, reasons, "js/index.d.ts IdTokenCheckReason");
    }
}
