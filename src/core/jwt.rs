//! JWT decoding (RFC 7519 §7.2) and ID token claim validation (OpenID Connect
//! Core §3.1.3.7). Signatures are checked elsewhere; here `alg: none` is
//! refused outright.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::id_token_check::IdTokenCheck;
use super::json::{self, Json};
use super::secret::constant_time_eq;

/// The longest ID token accepted, in bytes: 16 KiB. Auth0's ID tokens with
/// the profile and email claims are about 1 KiB, and a few KiB with custom
/// claims added by Actions; 16 KiB is ten times a rich one, and still fits
/// a token response ([`MAX_TOKEN_RESPONSE_BYTES`](super::token::MAX_TOKEN_RESPONSE_BYTES))
/// beside an access token. A longer one is refused before it is decoded.
pub const MAX_ID_TOKEN_BYTES: usize = 16 * 1024;

/// A compact JWS split into its parts (RFC 7515 §7.1), header and claims parsed.
#[derive(Debug)]
pub struct DecodedJwt {
    /// The JOSE header.
    pub header: Json,
    /// The claims set.
    pub claims: Json,
    /// The claims as the JSON text the issuer signed.
    pub claims_json: String,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: what the signature covers.
    pub signing_input: String,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

/// One base64url part holding a JSON object (RFC 7519 §7.2 steps 3–6).
fn segment(s: &str) -> Result<(Json, String), IdTokenCheck> {
    let bytes = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| IdTokenCheck::Base64)?;
    let text = String::from_utf8(bytes).map_err(|_| IdTokenCheck::Utf8)?;
    let v = json::parse(&text).map_err(IdTokenCheck::Json)?;
    if !v.is_object() {
        return Err(IdTokenCheck::NotObject);
    }
    Ok((v, text))
}

/// Splits a compact JWS and reads its header and claims (RFC 7519 §7.2).
pub fn decode(token: &str) -> Result<DecodedJwt, IdTokenCheck> {
    if token.len() > MAX_ID_TOKEN_BYTES {
        return Err(IdTokenCheck::TooLarge);
    }
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(IdTokenCheck::Parts);
    };
    let (header, _) = segment(h)?;
    match header.get("alg").and_then(Json::as_str) {
        None => return Err(IdTokenCheck::NoAlg),
        Some(alg) if alg.eq_ignore_ascii_case("none") => return Err(IdTokenCheck::AlgNone),
        Some(_) => {}
    }
    if header.get("crit").is_some() {
        return Err(IdTokenCheck::Crit);
    }
    let (claims, claims_json) = segment(c)?;
    let signature = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| IdTokenCheck::Base64)?;
    if signature.is_empty() {
        return Err(IdTokenCheck::NoSignature);
    }
    Ok(DecodedJwt {
        header,
        claims,
        claims_json,
        signing_input: [h, ".", c].concat(),
        signature,
    })
}

/// What an ID token must match.
pub struct IdTokenChecks<'a> {
    /// The accepted `iss` values.
    pub issuers: &'a [String],
    /// The client id: in `aud`, and `azp` if present.
    pub client_id: &'a str,
    /// The transaction's nonce; `None` for ID tokens from a refresh, which
    /// carry no new nonce.
    pub nonce: Option<&'a str>,
    /// The `sub` of the session being refreshed: it must not change (§12.2).
    pub sub: Option<&'a str>,
    /// Seconds since the Unix epoch.
    pub now: u64,
    /// Clock leeway in seconds for `exp` and `iat`.
    pub leeway: u64,
}

/// The claim checks of OpenID Connect Core §3.1.3.7 (and §12.2 on refresh).
pub fn check_id_token_claims(claims: &Json, c: &IdTokenChecks<'_>) -> Result<(), IdTokenCheck> {
    let iss = claims
        .get("iss")
        .and_then(Json::as_str)
        .ok_or(IdTokenCheck::NoIss)?;
    if !c.issuers.iter().any(|i| i == iss) {
        return Err(IdTokenCheck::Iss);
    }
    let sub = claims
        .get("sub")
        .and_then(Json::as_str)
        .ok_or(IdTokenCheck::NoSub)?;
    if c.sub.is_some_and(|s| s != sub) {
        return Err(IdTokenCheck::Sub);
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Json::String(a)) => vec![a.as_str()],
        Some(Json::Array(a)) => a.iter().filter_map(Json::as_str).collect(),
        _ => return Err(IdTokenCheck::NoAud),
    };
    if !audiences.contains(&c.client_id) {
        return Err(IdTokenCheck::Aud);
    }
    match claims.get("azp").map(Json::as_str) {
        Some(Some(azp)) if azp != c.client_id => return Err(IdTokenCheck::Azp),
        Some(None) => return Err(IdTokenCheck::AzpType),
        None if audiences.len() > 1 => return Err(IdTokenCheck::NoAzp),
        _ => {}
    }
    let now = c.now as f64;
    let leeway = c.leeway as f64;
    let exp = claims
        .get("exp")
        .and_then(Json::as_f64)
        .ok_or(IdTokenCheck::NoExp)?;
    if exp + leeway <= now {
        return Err(IdTokenCheck::Expired);
    }
    let iat = claims
        .get("iat")
        .and_then(Json::as_f64)
        .ok_or(IdTokenCheck::NoIat)?;
    if iat > now + leeway {
        return Err(IdTokenCheck::IssuedInFuture);
    }
    if let Some(expected) = c.nonce {
        let nonce = claims
            .get("nonce")
            .and_then(Json::as_str)
            .ok_or(IdTokenCheck::NoNonce)?;
        if !constant_time_eq(nonce, expected) {
            return Err(IdTokenCheck::Nonce);
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::json::JsonError;

    pub fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    pub fn jwt(header: &str, claims: &str) -> String {
        format!("{}.{}.c2ln", b64(header), b64(claims))
    }

    const NOW: u64 = 1_700_000_000;
    fn issuers() -> Vec<String> {
        vec!["https://idp.example/".into()]
    }

    fn check(claims: &str, nonce: Option<&str>, sub: Option<&str>) -> Result<(), IdTokenCheck> {
        let d = decode(&jwt(r#"{"alg":"RS256"}"#, claims))?;
        let iss = issuers();
        check_id_token_claims(
            &d.claims,
            &IdTokenChecks {
                issuers: &iss,
                client_id: "cid",
                nonce,
                sub,
                now: NOW,
                leeway: 60,
            },
        )
    }

    fn claims(extra: &str) -> String {
        format!(
            r#"{{"iss":"https://idp.example/","sub":"u1","aud":"cid","exp":{},"iat":{}{extra}}}"#,
            NOW + 300,
            NOW
        )
    }

    #[test]
    fn a_valid_id_token_passes() {
        check(&claims(r#","nonce":"n1""#), Some("n1"), None).unwrap();
        check(&claims(""), None, Some("u1")).unwrap();
        let multi = format!(
            r#"{{"iss":"https://idp.example/","sub":"u1","aud":["cid","api"],"azp":"cid","exp":{},"iat":{}}}"#,
            NOW + 1,
            NOW
        );
        check(&multi, None, None).unwrap();
        // Within the leeway.
        let late = format!(
            r#"{{"iss":"https://idp.example/","sub":"u1","aud":"cid","exp":{},"iat":{}}}"#,
            NOW - 30,
            NOW + 30
        );
        check(&late, None, None).unwrap();
    }

    #[test]
    fn each_failed_check_has_its_reason() {
        use IdTokenCheck::*;
        let cases = [
            (claims(r#","nonce":"n2""#), Some("n1"), None, Nonce),
            (claims(""), Some("n1"), None, NoNonce),
            (claims(""), None, Some("u2"), Sub),
            (
                r#"{"sub":"u1","aud":"cid","exp":1,"iat":1}"#.to_string(),
                None,
                None,
                NoIss,
            ),
            (
                claims("").replace("https://idp.example/", "https://evil/"),
                None,
                None,
                Iss,
            ),
            (
                r#"{"iss":"https://idp.example/","aud":"cid","exp":1,"iat":1}"#.to_string(),
                None,
                None,
                NoSub,
            ),
            (
                claims("").replace(r#""aud":"cid""#, r#""aud":"other""#),
                None,
                None,
                Aud,
            ),
            (
                claims("").replace(r#""aud":"cid""#, r#""aud":7"#),
                None,
                None,
                NoAud,
            ),
            (
                claims("").replace(r#""aud":"cid""#, r#""aud":["cid","x"]"#),
                None,
                None,
                NoAzp,
            ),
            (claims(r#","azp":"other""#), None, None, Azp),
            (claims(r#","azp":1"#), None, None, AzpType),
            (
                claims("").replace(&format!("{}", NOW + 300), &format!("{}", NOW - 61)),
                None,
                None,
                Expired,
            ),
            (
                claims("").replace(&format!(r#""exp":{}"#, NOW + 300), r#""exp":"x""#),
                None,
                None,
                NoExp,
            ),
            (
                claims("").replace(
                    &format!(r#""iat":{NOW}"#),
                    &format!(r#""iat":{}"#, NOW + 61),
                ),
                None,
                None,
                IssuedInFuture,
            ),
            (
                claims("").replace(&format!(r#","iat":{NOW}"#), ""),
                None,
                None,
                NoIat,
            ),
        ];
        for (c, nonce, sub, reason) in cases {
            assert_eq!(check(&c, nonce, sub), Err(reason), "{c}");
        }
    }

    #[test]
    fn malformed_jwts_are_refused_with_their_reason() {
        use IdTokenCheck::*;
        for (bad, reason) in [
            (String::new(), Parts),
            ("a.b".into(), Parts),
            ("a.b.c.d".into(), Parts),
            ("!!!.e30.x".into(), Base64),
            (format!("{}.{}.x", b64("[]"), b64("{}")), NotObject),
            (
                format!("{}.{}.x", b64(r#"{"alg":"none"}"#), b64("{}")),
                AlgNone,
            ),
            (
                format!("{}.{}.x", b64(r#"{"alg":"NONE"}"#), b64("{}")),
                AlgNone,
            ),
            (
                format!("{}.{}.x", b64(r#"{"typ":"JWT"}"#), b64("{}")),
                NoAlg,
            ),
            (
                jwt(
                    r#"{"alg":"RS256","crit":["x-unknown"],"x-unknown":1}"#,
                    "{}",
                ),
                Crit,
            ),
            // Any crit at all: even an empty one, which RFC 7515 §4.1.11
            // forbids producers to send.
            (jwt(r#"{"alg":"RS256","crit":[]}"#, "{}"), Crit),
            (jwt(r#"{"alg":"RS256","crit":null}"#, "{}"), Crit),
            (
                format!("{}.{}.x", b64(r#"{"alg":"RS256"}"#), b64("1")),
                NotObject,
            ),
            (
                format!("{}=.{}.x", b64(r#"{"alg":"RS256"}"#), b64("{}")),
                Base64,
            ),
            (
                format!(
                    "{}.{}.x",
                    b64(r#"{"alg":"RS256"}"#),
                    b64(r#"{"a":1,"a":2}"#)
                ),
                Json(JsonError::DuplicateKey),
            ),
            (
                format!("{}.{}.x", b64(r#"{"alg":"RS256"}"#), b64("{")),
                Json(JsonError::Syntax),
            ),
            (
                format!("{}.{}.", b64(r#"{"alg":"RS256"}"#), b64("{}")),
                NoSignature,
            ),
            (
                format!(
                    "{}.{}.x",
                    b64(r#"{"alg":"RS256"}"#),
                    URL_SAFE_NO_PAD.encode([0xff, 0xfe])
                ),
                Utf8,
            ),
        ] {
            assert_eq!(decode(&bad).map(|_| ()), Err(reason), "{bad}");
        }
    }

    /// A token of `header` and `claims` whose signature part pads it to
    /// exactly `len` bytes (`len` a little past their own length).
    fn token_of_len(header: &str, claims: &str, len: usize) -> String {
        // Base64url lengths of 4k + 1 do not exist: a space in the claims
        // (JSON whitespace) shifts the signature's length off one.
        for spaces in 0..3 {
            let body = format!(
                "{}.{}.",
                b64(header),
                b64(&format!("{claims}{}", " ".repeat(spaces)))
            );
            let sig = len - body.len();
            if sig % 4 != 1 {
                return body + &"A".repeat(sig);
            }
        }
        unreachable!("one of three lengths fits")
    }

    #[test]
    fn an_id_token_over_the_limit_is_refused_before_it_is_decoded() {
        let header = r#"{"alg":"RS256"}"#;
        for len in [MAX_ID_TOKEN_BYTES - 1, MAX_ID_TOKEN_BYTES] {
            let token = token_of_len(header, &claims(""), len);
            assert_eq!(token.len(), len);
            assert!(decode(&token).is_ok(), "{len}");
        }
        let over = token_of_len(header, &claims(""), MAX_ID_TOKEN_BYTES + 1);
        assert_eq!(over.len(), MAX_ID_TOKEN_BYTES + 1);
        assert_eq!(decode(&over).map(|_| ()), Err(IdTokenCheck::TooLarge));
        // Any 2 MB string, a JWT or not, without a look at its parts (a look
        // at the second would find it malformed).
        for huge in [
            token_of_len(header, &claims(""), 2 << 20),
            "!".repeat(2 << 20),
        ] {
            assert_eq!(decode(&huge).map(|_| ()), Err(IdTokenCheck::TooLarge));
        }
    }
}
