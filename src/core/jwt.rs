//! JWT decoding (RFC 7519 §7.2) and ID token claim validation (OpenID Connect
//! Core §3.1.3.7). Signatures are checked elsewhere; here `alg: none` is
//! refused outright.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::error::{AuthError, ErrorCode};
use super::json::{self, Json};
use super::secret::constant_time_eq;

#[derive(Debug)]
pub struct DecodedJwt {
    pub header: Json,
    pub claims: Json,
    /// The claims as the JSON text the issuer signed.
    pub claims_json: String,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: what the signature covers.
    pub signing_input: String,
    pub signature: Vec<u8>,
}

fn invalid(description: &'static str) -> AuthError {
    AuthError::new(ErrorCode::IdTokenInvalid, description)
}

fn segment(s: &str) -> Result<(Json, String), AuthError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| invalid("the JWT is not base64url-encoded"))?;
    let text = String::from_utf8(bytes).map_err(|_| invalid("the JWT is not UTF-8 JSON"))?;
    let v = json::parse(&text).map_err(|_| invalid("the JWT does not hold a JSON object"))?;
    if !v.is_object() {
        return Err(invalid("the JWT does not hold a JSON object"));
    }
    Ok((v, text))
}

/// Splits a compact JWS and reads its header and claims.
pub fn decode(token: &str) -> Result<DecodedJwt, AuthError> {
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("the JWT does not have three parts"));
    };
    let (header, _) = segment(h)?;
    match header.get("alg").and_then(Json::as_str) {
        None => return Err(invalid("the JWT header has no alg")),
        Some(alg) if alg.eq_ignore_ascii_case("none") => {
            return Err(invalid("unsigned JWTs (alg none) are refused"))
        }
        Some(_) => {}
    }
    let (claims, claims_json) = segment(c)?;
    let signature = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| invalid("the JWT's signature is not base64url-encoded"))?;
    if signature.is_empty() {
        return Err(invalid("the JWT has no signature"));
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
    pub issuers: &'a [String],
    pub client_id: &'a str,
    /// The transaction's nonce; `None` for ID tokens from a refresh, which
    /// carry no new nonce.
    pub nonce: Option<&'a str>,
    /// The `sub` of the session being refreshed: it must not change (§12.2).
    pub sub: Option<&'a str>,
    pub now: u64,
    pub leeway: u64,
}

pub fn check_id_token_claims(claims: &Json, c: &IdTokenChecks<'_>) -> Result<(), AuthError> {
    let iss = claims
        .get("iss")
        .and_then(Json::as_str)
        .ok_or_else(|| invalid("the ID token has no iss"))?;
    if !c.issuers.iter().any(|i| i == iss) {
        return Err(invalid("the ID token's iss is not the configured issuer"));
    }
    let sub = claims
        .get("sub")
        .and_then(Json::as_str)
        .ok_or_else(|| invalid("the ID token has no sub"))?;
    if c.sub.is_some_and(|s| s != sub) {
        return Err(invalid("the refreshed ID token is for another sub"));
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Json::String(a)) => vec![a.as_str()],
        Some(Json::Array(a)) => a.iter().filter_map(Json::as_str).collect(),
        _ => return Err(invalid("the ID token has no aud")),
    };
    if !audiences.contains(&c.client_id) {
        return Err(invalid("the ID token's aud does not contain the clientId"));
    }
    match claims.get("azp").map(Json::as_str) {
        Some(Some(azp)) if azp != c.client_id => {
            return Err(invalid("the ID token's azp is not the clientId"))
        }
        Some(None) => return Err(invalid("the ID token's azp is not a string")),
        None if audiences.len() > 1 => {
            return Err(invalid("the ID token has several audiences but no azp"))
        }
        _ => {}
    }
    let now = c.now as f64;
    let leeway = c.leeway as f64;
    let exp = claims
        .get("exp")
        .and_then(Json::as_f64)
        .ok_or_else(|| invalid("the ID token has no exp"))?;
    if exp + leeway <= now {
        return Err(invalid("the ID token has expired"));
    }
    let iat = claims
        .get("iat")
        .and_then(Json::as_f64)
        .ok_or_else(|| invalid("the ID token has no iat"))?;
    if iat > now + leeway {
        return Err(invalid("the ID token was issued in the future"));
    }
    if let Some(expected) = c.nonce {
        let nonce = claims
            .get("nonce")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid("the ID token has no nonce"))?;
        if !constant_time_eq(nonce, expected) {
            return Err(invalid(
                "the ID token's nonce does not match the login transaction",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

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

    fn check(claims: &str, nonce: Option<&str>, sub: Option<&str>) -> Result<(), AuthError> {
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
        let cases = [
            (claims(r#","nonce":"n2""#), Some("n1"), None, "nonce"),
            (claims(""), Some("n1"), None, "nonce"),
            (claims(""), None, Some("u2"), "sub"),
            (
                r#"{"sub":"u1","aud":"cid","exp":1,"iat":1}"#.to_string(),
                None,
                None,
                "iss",
            ),
            (
                claims("").replace("https://idp.example/", "https://evil/"),
                None,
                None,
                "iss",
            ),
            (
                claims("").replace(r#""aud":"cid""#, r#""aud":"other""#),
                None,
                None,
                "aud",
            ),
            (
                claims("").replace(r#""aud":"cid""#, r#""aud":["cid","x"]"#),
                None,
                None,
                "azp",
            ),
            (claims(r#","azp":"other""#), None, None, "azp"),
            (
                claims("").replace(&format!("{}", NOW + 300), &format!("{}", NOW - 61)),
                None,
                None,
                "expired",
            ),
            (
                claims("").replace(
                    &format!(r#""iat":{NOW}"#),
                    &format!(r#""iat":{}"#, NOW + 61),
                ),
                None,
                None,
                "future",
            ),
        ];
        for (c, nonce, sub, reason) in cases {
            let e = check(&c, nonce, sub).unwrap_err();
            assert_eq!(e.code(), "id_token_invalid");
            assert!(
                e.description.contains(reason),
                "{reason}: {}",
                e.description
            );
        }
    }

    #[test]
    fn malformed_jwts_are_refused() {
        for bad in [
            String::new(),
            "a.b".into(),
            "a.b.c.d".into(),
            "!!!.e30.x".into(),
            format!("{}.{}.x", b64("[]"), b64("{}")),
            format!("{}.{}.x", b64(r#"{"alg":"none"}"#), b64("{}")),
            format!("{}.{}.x", b64(r#"{"alg":"NONE"}"#), b64("{}")),
            format!("{}.{}.x", b64(r#"{"typ":"JWT"}"#), b64("{}")),
            format!("{}.{}.x", b64(r#"{"alg":"RS256"}"#), b64("1")),
            format!("{}=.{}.x", b64(r#"{"alg":"RS256"}"#), b64("{}")),
        ] {
            assert_eq!(
                decode(&bad).unwrap_err().code(),
                "id_token_invalid",
                "{bad}"
            );
        }
    }
}
