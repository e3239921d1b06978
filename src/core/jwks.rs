//! JSON Web Key Sets (RFC 7517) and the choice of the key that must have
//! signed a JWT (RFC 7515 §4.1.4 `kid`, RFC 7518 §3 algorithms). The
//! signature itself is checked by the platform (WebCrypto).

use super::error::{AuthError, ErrorCode};
use super::id_token_check::IdTokenCheck;
use super::json::{self, Json};

/// The signature algorithms accepted for ID tokens: asymmetric only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PSS with SHA-256 and MGF1 with SHA-256.
    Ps256,
    /// ECDSA with P-256 and SHA-256.
    Es256,
}

impl Alg {
    fn kty(self) -> &'static str {
        match self {
            Alg::Rs256 | Alg::Ps256 => "RSA",
            Alg::Es256 => "EC",
        }
    }

    /// The algorithm's `alg` value (RFC 7518 §3.1).
    pub fn name(self) -> &'static str {
        match self {
            Alg::Rs256 => "RS256",
            Alg::Ps256 => "PS256",
            Alg::Es256 => "ES256",
        }
    }
}

/// A public signing key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jwk {
    /// The key type, `RSA` or `EC` (RFC 7517 §4.1, RFC 7518 §6.1).
    pub kty: String,
    /// The key id that a JWT header's `kid` names (RFC 7517 §4.5).
    pub kid: Option<String>,
    /// The one algorithm the key is for, if the set says (RFC 7517 §4.4).
    pub alg: Option<String>,
    /// RSA modulus (base64url, RFC 7518 §6.3.1.1).
    pub n: Option<String>,
    /// RSA public exponent (base64url, RFC 7518 §6.3.1.2).
    pub e: Option<String>,
    /// EC curve, e.g. `P-256` (RFC 7518 §6.2.1.1).
    pub crv: Option<String>,
    /// EC x coordinate (base64url, RFC 7518 §6.2.1.2).
    pub x: Option<String>,
    /// EC y coordinate (base64url, RFC 7518 §6.2.1.3).
    pub y: Option<String>,
}

/// A JWK Set (RFC 7517 §5): the keys an issuer signs ID tokens with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Jwks {
    /// The usable signing keys, in document order (RFC 7517 §5.1).
    pub keys: Vec<Jwk>,
}

/// The largest JWKS document read, in bytes: 64 KiB. Auth0 publishes two
/// keys (the current and the next), about 1.7 KiB each with its `x5c`
/// certificate; 64 KiB holds more than thirty such keys. A larger document is
/// refused before it is parsed.
pub const MAX_JWKS_BYTES: usize = 64 * 1024;

/// Reads a JWKS document. Keys not meant for signatures (`use` other than
/// `sig`) and keys of other types are left out.
pub fn parse_jwks(body: &str) -> Result<Jwks, AuthError> {
    if body.len() > MAX_JWKS_BYTES {
        return Err(AuthError::new(
            ErrorCode::InvalidResponse,
            "the JWKS is too large",
        ));
    }
    let bad = || {
        AuthError::new(
            ErrorCode::InvalidResponse,
            "the JWKS is not a JSON object with a keys array",
        )
    };
    let doc = json::parse(body).map_err(|_| bad())?;
    let keys = doc.get("keys").and_then(Json::as_array).ok_or_else(bad)?;
    let text = |k: &Json, name: &str| k.get(name).and_then(Json::as_str).map(str::to_owned);
    let keys = keys
        .iter()
        .filter(|k| k.is_object())
        .filter(|k| text(k, "use").is_none_or(|u| u == "sig"))
        .filter_map(|k| {
            let kty = text(k, "kty")?;
            let usable = match kty.as_str() {
                "RSA" => text(k, "n").is_some() && text(k, "e").is_some(),
                "EC" => {
                    text(k, "x").is_some() && text(k, "y").is_some() && text(k, "crv").is_some()
                }
                _ => false,
            };
            usable.then(|| Jwk {
                kty,
                kid: text(k, "kid"),
                alg: text(k, "alg"),
                n: text(k, "n"),
                e: text(k, "e"),
                crv: text(k, "crv"),
                x: text(k, "x"),
                y: text(k, "y"),
            })
        })
        .collect();
    Ok(Jwks { keys })
}

/// The algorithm a JWT header asks for, if it is one we accept (RFC 7515 §4.1.1).
pub fn header_alg(header: &Json) -> Result<Alg, IdTokenCheck> {
    match header.get("alg").and_then(Json::as_str) {
        Some("RS256") => Ok(Alg::Rs256),
        Some("PS256") => Ok(Alg::Ps256),
        Some("ES256") => Ok(Alg::Es256),
        Some(a) if a.eq_ignore_ascii_case("none") => Err(IdTokenCheck::AlgNone),
        Some(a) if a.starts_with("HS") => Err(IdTokenCheck::AlgSymmetric),
        Some(_) => Err(IdTokenCheck::AlgUnsupported),
        None => Err(IdTokenCheck::NoAlg),
    }
}

/// The key a JWT's header selects in a set (RFC 7515 §4.1.4), when there is
/// no reason to refuse it.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyChoice<'a> {
    /// Verify with this key and algorithm.
    Use(&'a Jwk, Alg),
    /// No key has the token's `kid`: fetch the set again (once).
    UnknownKid,
}

/// Picks the key for a JWT header, or says why none may be used.
pub fn select_key<'a>(header: &Json, jwks: &'a Jwks) -> Result<KeyChoice<'a>, IdTokenCheck> {
    let alg = header_alg(header)?;
    let key = match header.get("kid") {
        Some(Json::String(kid)) => match jwks.keys.iter().find(|k| k.kid.as_deref() == Some(kid)) {
            Some(k) => k,
            None => return Ok(KeyChoice::UnknownKid),
        },
        Some(_) => return Err(IdTokenCheck::KidType),
        None => match jwks.keys.as_slice() {
            [only] => only,
            [] => return Ok(KeyChoice::UnknownKid),
            _ => return Err(IdTokenCheck::NoKid),
        },
    };
    if key.kty != alg.kty() {
        return Err(IdTokenCheck::KeyType);
    }
    if key.alg.as_deref().is_some_and(|a| a != alg.name()) {
        return Err(IdTokenCheck::KeyAlg);
    }
    if alg == Alg::Es256 && key.crv.as_deref() != Some("P-256") {
        return Err(IdTokenCheck::Curve);
    }
    Ok(KeyChoice::Use(key, alg))
}

/// Checks the signature's size for the algorithm before handing it to the
/// platform: ES256 signatures are the 64-byte `r || s` of RFC 7518 §3.4, and
/// RSA signatures of keys under 2048 bits (shorter than 256 bytes) are refused.
pub fn check_signature_length(alg: Alg, len: usize) -> Result<(), IdTokenCheck> {
    match alg {
        Alg::Es256 if len != 64 => Err(IdTokenCheck::SignatureLength),
        Alg::Rs256 | Alg::Ps256 if len < 256 => Err(IdTokenCheck::WeakKey),
        _ => Ok(()),
    }
}

/// Where an issuer publishes its keys (Auth0: `{issuer}.well-known/jwks.json`).
pub fn jwks_url_for_issuer(issuer: &str) -> String {
    let sep = if issuer.ends_with('/') { "" } else { "/" };
    [issuer, sep, ".well-known/jwks.json"].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SET: &str = r#"{"keys":[
        {"kty":"RSA","kid":"r1","alg":"RS256","use":"sig","n":"AQAB","e":"AQAB"},
        {"kty":"RSA","kid":"p1","alg":"PS256","n":"AQAB","e":"AQAB"},
        {"kty":"EC","kid":"e1","crv":"P-256","x":"AA","y":"AA"},
        {"kty":"EC","kid":"e384","crv":"P-384","x":"AA","y":"AA"},
        {"kty":"RSA","kid":"enc","use":"enc","n":"AQAB","e":"AQAB"},
        {"kty":"oct","kid":"sym","k":"c2VjcmV0"},
        {"kty":"RSA","kid":"broken"},
        7
    ]}"#;

    fn header(s: &str) -> Json {
        json::parse(s).unwrap()
    }

    #[test]
    fn parses_only_usable_signing_keys() {
        let set = parse_jwks(SET).unwrap();
        let kids: Vec<_> = set.keys.iter().map(|k| k.kid.as_deref().unwrap()).collect();
        assert_eq!(kids, ["r1", "p1", "e1", "e384"]);
        for bad in ["", "[]", "{}", r#"{"keys":{}}"#] {
            assert_eq!(parse_jwks(bad).unwrap_err().code(), "invalid_response");
        }
    }

    #[test]
    fn picks_the_key_by_kid_and_checks_the_algorithm() {
        let set = parse_jwks(SET).unwrap();
        let pick = |h: &str| select_key(&header(h), &set);
        assert_eq!(
            pick(r#"{"alg":"RS256","kid":"r1"}"#).unwrap(),
            KeyChoice::Use(&set.keys[0], Alg::Rs256)
        );
        assert_eq!(
            pick(r#"{"alg":"PS256","kid":"p1"}"#).unwrap(),
            KeyChoice::Use(&set.keys[1], Alg::Ps256)
        );
        assert_eq!(
            pick(r#"{"alg":"ES256","kid":"e1"}"#).unwrap(),
            KeyChoice::Use(&set.keys[2], Alg::Es256)
        );
        assert_eq!(
            pick(r#"{"alg":"RS256","kid":"new"}"#).unwrap(),
            KeyChoice::UnknownKid
        );
        assert_eq!(
            pick(r#"{"alg":"RS256","kid":"enc"}"#).unwrap(),
            KeyChoice::UnknownKid
        );
    }

    #[test]
    fn refuses_each_bad_header_with_its_reason() {
        let set = parse_jwks(SET).unwrap();
        use IdTokenCheck::*;
        for (h, reason) in [
            (r#"{"alg":"none","kid":"r1"}"#, AlgNone),
            (r#"{"alg":"HS256","kid":"r1"}"#, AlgSymmetric),
            (r#"{"alg":"RS512","kid":"r1"}"#, AlgUnsupported),
            (r#"{"kid":"r1"}"#, NoAlg),
            (r#"{"alg":"PS256","kid":"r1"}"#, KeyAlg),
            (r#"{"alg":"ES256","kid":"r1"}"#, KeyType),
            (r#"{"alg":"RS256","kid":"e1"}"#, KeyType),
            (r#"{"alg":"ES256","kid":"e384"}"#, Curve),
            (r#"{"alg":"RS256"}"#, NoKid),
            (r#"{"alg":"RS256","kid":5}"#, KidType),
        ] {
            assert_eq!(select_key(&header(h), &set), Err(reason), "{h}");
        }
    }

    #[test]
    fn a_single_key_needs_no_kid() {
        let set = parse_jwks(r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}"#).unwrap();
        assert_eq!(
            select_key(&header(r#"{"alg":"RS256"}"#), &set).unwrap(),
            KeyChoice::Use(&set.keys[0], Alg::Rs256)
        );
        let empty = Jwks::default();
        assert_eq!(
            select_key(&header(r#"{"alg":"RS256"}"#), &empty).unwrap(),
            KeyChoice::UnknownKid
        );
    }

    #[test]
    fn signature_sizes() {
        assert_eq!(check_signature_length(Alg::Es256, 64), Ok(()));
        assert_eq!(
            check_signature_length(Alg::Es256, 70),
            Err(IdTokenCheck::SignatureLength)
        );
        assert_eq!(check_signature_length(Alg::Rs256, 256), Ok(()));
        assert_eq!(check_signature_length(Alg::Ps256, 512), Ok(()));
        assert_eq!(
            check_signature_length(Alg::Rs256, 128),
            Err(IdTokenCheck::WeakKey)
        );
    }

    #[test]
    fn jwks_url_follows_the_issuer() {
        assert_eq!(
            jwks_url_for_issuer("https://a.example/"),
            "https://a.example/.well-known/jwks.json"
        );
        assert_eq!(
            jwks_url_for_issuer("https://a.example"),
            "https://a.example/.well-known/jwks.json"
        );
    }

    #[test]
    fn a_set_over_the_limit_is_refused_before_it_is_parsed() {
        let of_len = |len: usize| {
            let bare = r#"{"keys":[{"kty":"RSA","kid":"r1","n":"AQAB","e":"AQAB"}],"pad":""}"#;
            let doc = bare.replace(
                r#""pad":"""#,
                &format!(r#""pad":"{}""#, "p".repeat(len - bare.len())),
            );
            assert_eq!(doc.len(), len);
            doc
        };
        assert_eq!(parse_jwks(&of_len(MAX_JWKS_BYTES)).unwrap().keys.len(), 1);
        let e = parse_jwks(&of_len(MAX_JWKS_BYTES + 1)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
    }
}
