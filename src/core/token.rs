//! The token request (RFC 6749 §4.1.3 with RFC 7636 §4.5; §6 refresh) and the
//! token response (§5.1 success, §5.2 error).

use super::config::{Config, TokenRequestFormat};
use super::error::{AuthError, ErrorCode};
use super::form;
use super::json::{self, Json, ObjectWriter};
use super::retry::{digits, parse_retry_after, whole_seconds};
use super::secret::{AccessToken, AuthorizationCode, CodeVerifier, IdToken, RefreshToken};

/// The largest token-endpoint body read, in bytes: 64 KiB. A response holds
/// an access token (Auth0's JWTs are 1–4 KiB, more with many permissions),
/// an ID token (at most [`MAX_ID_TOKEN_BYTES`](super::jwt::MAX_ID_TOKEN_BYTES),
/// 16 KiB), a refresh token and a few short fields: 64 KiB is four ID tokens
/// of the largest size accepted. A larger body is refused before it is parsed.
pub const MAX_TOKEN_RESPONSE_BYTES: usize = 64 * 1024;

/// What a token request exchanges for tokens.
pub enum Grant<'a> {
    /// An authorization code (RFC 6749 §4.1.3), with its PKCE verifier
    /// (RFC 7636 §4.5).
    AuthorizationCode {
        /// The code from the callback (RFC 6749 §4.1.2).
        code: &'a AuthorizationCode,
        /// The `redirect_uri` of the authorization request, repeated
        /// identically (RFC 6749 §4.1.3).
        redirect_uri: &'a str,
        /// The `code_verifier` the `code_challenge` was derived from
        /// (RFC 7636 §4.5).
        verifier: &'a CodeVerifier,
    },
    /// A refresh token (RFC 6749 §6).
    RefreshToken {
        /// The refresh token to spend.
        refresh_token: &'a RefreshToken,
    },
}

/// An HTTP POST to make. Its body holds secrets: never log it.
pub struct TokenRequest {
    /// The endpoint to post to.
    pub url: String,
    /// The media type of `body`, for the `Content-Type` header.
    pub content_type: &'static str,
    /// The encoded request parameters.
    pub body: String,
}

/// The token request for `grant` (RFC 6749 §4.1.3, §6), with the `client_id`
/// of a public client (§3.2.1), encoded as `tokenRequestFormat` says.
pub fn token_request(config: &Config, grant: &Grant<'_>) -> TokenRequest {
    let fields: [(&str, &str); 4] = match grant {
        Grant::AuthorizationCode {
            code,
            redirect_uri,
            verifier,
        } => [
            ("grant_type", "authorization_code"),
            ("code", code.secret()),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.secret()),
        ],
        Grant::RefreshToken { refresh_token } => [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.secret()),
            ("", ""),
            ("", ""),
        ],
    };
    let fields = std::iter::once(("client_id", config.client_id.as_str()))
        .chain(fields)
        .filter(|(k, _)| !k.is_empty());
    let (content_type, body) = match config.token_request_format {
        TokenRequestFormat::Form => {
            let mut body = String::new();
            form::append_pairs(&mut body, fields);
            ("application/x-www-form-urlencoded", body)
        }
        TokenRequestFormat::Json => (
            "application/json",
            fields
                .fold(ObjectWriter::new(), |w, (k, v)| w.string(k, v))
                .finish(),
        ),
    };
    TokenRequest {
        url: config.token_url.clone(),
        content_type,
        body,
    }
}

/// Revocation of a refresh token (RFC 7009 §2.1): always form-encoded; a
/// `revocation_failed` error when the provider names no revocation endpoint.
pub fn revocation_request(
    config: &Config,
    refresh_token: &RefreshToken,
) -> Result<TokenRequest, AuthError> {
    let url = config.revoke_url.clone().ok_or(AuthError::new(
        ErrorCode::RevocationFailed,
        "the provider names no revocation endpoint; set revokeUrl",
    ))?;
    let mut body = String::new();
    form::append_pairs(
        &mut body,
        [
            ("client_id", config.client_id.as_str()),
            ("token", refresh_token.secret()),
            ("token_type_hint", "refresh_token"),
        ],
    );
    Ok(TokenRequest {
        url,
        content_type: "application/x-www-form-urlencoded",
        body,
    })
}

/// The outcome of a revocation request from its HTTP status, `None` when no
/// response arrived: revoked only on 200 (RFC 7009 §2.2, which a server also
/// answers for a token it no longer knows).
pub fn check_revocation(status: Option<u16>) -> Result<(), AuthError> {
    let description = match status {
        Some(200) => return Ok(()),
        Some(status) => [
            "the revocation endpoint answered HTTP ",
            &json::decimal(status.into()),
        ]
        .concat(),
        None => "the revocation request got no response (network, CORS or timeout)".into(),
    };
    Err(AuthError::with_description(
        ErrorCode::RevocationFailed,
        description,
    ))
}

/// A successful token response (RFC 6749 §5.1).
#[derive(Debug, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token, a Bearer token (RFC 6750 §2.1).
    pub access_token: AccessToken,
    /// The access token's lifetime in seconds from the response (RFC 6749
    /// §5.1); required here, and positive.
    pub expires_in: u64,
    /// A refresh token (RFC 6749 §6), if the server issued one.
    pub refresh_token: Option<RefreshToken>,
    /// The ID token (OpenID Connect Core §3.1.3.3), if issued; not yet
    /// validated.
    pub id_token: Option<IdToken>,
    /// The scope granted, if the server names it (RFC 6749 §5.1); `None`
    /// means the scope requested.
    pub scope: Option<String>,
}

fn invalid(description: &'static str) -> AuthError {
    AuthError::new(ErrorCode::InvalidResponse, description)
}

/// RFC 6750 §2.1 b64token: what may follow `Bearer ` in a header.
fn is_b64token(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
}

fn optional_string<'a>(v: &'a Json, key: &'static str) -> Result<Option<&'a str>, AuthError> {
    match v.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) if !s.is_empty() => Ok(Some(s)),
        Some(_) => Err(AuthError::with_description(
            ErrorCode::InvalidResponse,
            ["the token response's ", key, " is not a non-empty string"].concat(),
        )),
    }
}

/// `too_many_requests`, with the seconds to wait if known.
pub fn too_many_requests(retry_after: Option<u32>) -> AuthError {
    AuthError::new(
        ErrorCode::TooManyRequests(retry_after),
        "the token endpoint answered 429 Too Many Requests",
    )
}

/// Reads the token endpoint's answer: its status, its `Retry-After` header
/// as the Headers API gives it, and its body; `now_ms` is the time (epoch
/// milliseconds), for a `Retry-After` that is an HTTP-date.
///
/// A 429 (RFC 6585 §4) is `too_many_requests` whatever its body, with the
/// wait in whole seconds (rounded up) when `Retry-After` names one (RFC 9110
/// §10.2.3). A body over [`MAX_TOKEN_RESPONSE_BYTES`] is `invalid_response`
/// before it is parsed. With `dpop` (a proof was sent) the `token_type`
/// must be `DPoP` (RFC 9449 §5): a Bearer answer is no silent downgrade.
pub fn parse_token_response(
    status: u16,
    retry_after: Option<&str>,
    now_ms: u64,
    body: &str,
    dpop: bool,
) -> Result<TokenResponse, AuthError> {
    if status == 429 {
        let wait = retry_after.and_then(|v| parse_retry_after(v, now_ms));
        return Err(too_many_requests(wait.map(whole_seconds)));
    }
    if body.len() > MAX_TOKEN_RESPONSE_BYTES {
        return Err(invalid("the token response is too large"));
    }
    let doc = json::parse(body).ok().filter(Json::is_object);
    if status != 200 {
        if let Some(code) = doc
            .as_ref()
            .and_then(|d| d.get("error"))
            .and_then(Json::as_str)
        {
            let description = doc
                .as_ref()
                .and_then(|d| d.get("error_description"))
                .and_then(Json::as_str);
            return Err(AuthError::from_server(code, description));
        }
        return Err(AuthError::with_description(
            ErrorCode::InvalidResponse,
            [
                "the token endpoint answered HTTP ",
                &json::decimal(status.into()),
                " without an OAuth error",
            ]
            .concat(),
        ));
    }
    let doc = doc.ok_or_else(|| invalid("the token response is not a JSON object"))?;
    let token_type = doc
        .get("token_type")
        .and_then(Json::as_str)
        .ok_or_else(|| invalid("the token response has no token_type"))?;
    match (dpop, token_type.eq_ignore_ascii_case(if dpop { "dpop" } else { "bearer" })) {
        (_, true) => {}
        (false, false) => return Err(invalid("the token response's token_type is not Bearer")),
        (true, false) => {
            return Err(invalid(
                "the token response's token_type is not DPoP although a DPoP proof was sent (RFC 9449 §5)",
            ))
        }
    }
    let access_token = optional_string(&doc, "access_token")?
        .ok_or_else(|| invalid("the token response has no access_token"))?;
    if !is_b64token(access_token) {
        return Err(invalid(
            "the access_token has characters not allowed in a Bearer token",
        ));
    }
    // A number, or its digits as a string ("3600"), which several servers
    // send: read as that number would be.
    let expires_in = doc.get("expires_in");
    let from_digits = expires_in
        .and_then(Json::as_str)
        .and_then(|s| digits(s.as_bytes()))
        .map(|n| Json::Number(n as f64));
    let expires_in = from_digits
        .as_ref()
        .or(expires_in)
        .and_then(Json::as_u64)
        .filter(|&e| e > 0)
        .ok_or_else(|| invalid("the token response has no positive whole expires_in"))?;
    Ok(TokenResponse {
        access_token: AccessToken::new(access_token.to_owned()),
        expires_in,
        refresh_token: optional_string(&doc, "refresh_token")?.map(|s| RefreshToken::new(s.into())),
        id_token: optional_string(&doc, "id_token")?.map(|s| IdToken::new(s.into())),
        scope: optional_string(&doc, "scope")?.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::ConfigInput;

    /// The answer without a `Retry-After`.
    fn answer(status: u16, body: &str) -> Result<TokenResponse, AuthError> {
        parse_token_response(status, None, 0, body, false)
    }

    fn with_expires_in(value: &str) -> String {
        format!(r#"{{"access_token":"at","token_type":"Bearer","expires_in":{value}}}"#)
    }

    fn config(format: &str) -> Config {
        Config::new(ConfigInput {
            client_id: Some("cid".into()),
            redirect_uri: Some("https://app.example/cb".into()),
            token_request_format: Some(format.into()),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn code_exchange_as_form_and_json() {
        let code = AuthorizationCode::new("c/1".into());
        let verifier = CodeVerifier::new("ver".into());
        let grant = Grant::AuthorizationCode {
            code: &code,
            redirect_uri: "https://app.example/cb",
            verifier: &verifier,
        };
        let r = token_request(&config("form"), &grant);
        assert_eq!(
            r.url,
            "https://zaehlerfreunde-prod.eu.auth0.com/oauth/token"
        );
        assert_eq!(r.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            r.body,
            "client_id=cid&grant_type=authorization_code&code=c%2F1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&code_verifier=ver"
        );
        let r = token_request(&config("json"), &grant);
        assert_eq!(r.content_type, "application/json");
        assert_eq!(
            r.body,
            r#"{"client_id":"cid","grant_type":"authorization_code","code":"c/1","redirect_uri":"https://app.example/cb","code_verifier":"ver"}"#
        );
    }

    #[test]
    fn refresh_as_form_and_json() {
        let rt = RefreshToken::new("r t".into());
        let grant = Grant::RefreshToken { refresh_token: &rt };
        assert_eq!(
            token_request(&config("form"), &grant).body,
            "client_id=cid&grant_type=refresh_token&refresh_token=r%20t"
        );
        assert_eq!(
            token_request(&config("json"), &grant).body,
            r#"{"client_id":"cid","grant_type":"refresh_token","refresh_token":"r t"}"#
        );
    }

    #[test]
    fn revocation_is_rfc7009_form() {
        let r = revocation_request(&config("json"), &RefreshToken::new("r/t".into())).unwrap();
        assert_eq!(
            r.url,
            "https://zaehlerfreunde-prod.eu.auth0.com/oauth/revoke"
        );
        assert_eq!(r.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            r.body,
            "client_id=cid&token=r%2Ft&token_type_hint=refresh_token"
        );
    }

    #[test]
    fn revocation_succeeds_only_on_200() {
        assert_eq!(check_revocation(Some(200)), Ok(()));
        for (status, said) in [
            (Some(404), "HTTP 404"),
            (Some(503), "HTTP 503"),
            (None, "no response"),
        ] {
            let e = check_revocation(status).unwrap_err();
            assert_eq!(e.code, ErrorCode::RevocationFailed);
            assert!(e.description.contains(said), "{}", e.description);
        }
        let mut c = config("form");
        c.revoke_url = None;
        let e = revocation_request(&c, &RefreshToken::new("rt".into()))
            .err()
            .unwrap();
        assert_eq!(e.code, ErrorCode::RevocationFailed);
    }

    #[test]
    fn parses_a_success() {
        let r = answer(
            200,
            r#"{"access_token":"eyJ.a.b","token_type":"Bearer","expires_in":86400,"refresh_token":"rt","id_token":"x.y.z","scope":"openid"}"#,
        )
        .unwrap();
        assert_eq!(r.access_token.secret(), "eyJ.a.b");
        assert_eq!(r.expires_in, 86400);
        assert_eq!(r.refresh_token.unwrap().secret(), "rt");
        assert_eq!(r.id_token.unwrap().secret(), "x.y.z");
        assert_eq!(r.scope.as_deref(), Some("openid"));
        let r = answer(
            200,
            r#"{"access_token":"a","token_type":"bearer","expires_in":1}"#,
        )
        .unwrap();
        assert_eq!(r.refresh_token, None);
    }

    #[test]
    fn server_errors_pass_their_code() {
        let e = answer(
            400,
            r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_grant");
        assert_eq!(e.description, "grant request is invalid");
        let e = answer(500, r#"{"error":"server_error"}"#).unwrap_err();
        assert_eq!(e.code(), "server_error");
    }

    #[test]
    fn anything_else_is_invalid_response_without_echoing_secrets() {
        for (status, body) in [
            (502, "<html>Bad Gateway</html>"),
            (500, ""),
            (200, "not json"),
            (200, "[]"),
            (200, r#"{"token_type":"Bearer","expires_in":1}"#),
            (200, r#"{"access_token":"secret-at","expires_in":1}"#),
            (
                200,
                r#"{"access_token":"secret-at","token_type":"mac","expires_in":1}"#,
            ),
            (200, r#"{"access_token":"secret-at","token_type":"Bearer"}"#),
            (
                200,
                r#"{"access_token":"secret-at","token_type":"Bearer","expires_in":0}"#,
            ),
            (
                200,
                r#"{"access_token":"secret at","token_type":"Bearer","expires_in":1}"#,
            ),
            (
                200,
                r#"{"access_token":"secret-at","token_type":"Bearer","expires_in":1,"refresh_token":5}"#,
            ),
            (
                200,
                r#"{"access_token":"","token_type":"Bearer","expires_in":1}"#,
            ),
            (
                201,
                r#"{"access_token":"secret-at","token_type":"Bearer","expires_in":1}"#,
            ),
        ] {
            let e = answer(status, body).unwrap_err();
            assert_eq!(e.code(), "invalid_response", "{status} {body}");
            assert!(!e.description.contains("secret"), "{}", e.description);
        }
    }

    #[test]
    fn expires_in_as_a_number_or_a_string_of_its_digits() {
        for (value, seconds) in [
            ("3600", 3600),
            (r#""3600""#, 3600),
            (r#""1""#, 1),
            (r#""007""#, 7),
            (r#""8999999999999999""#, 8_999_999_999_999_999),
        ] {
            let r = answer(200, &with_expires_in(value)).unwrap();
            assert_eq!(r.expires_in, seconds, "{value}");
        }
        for value in [
            r#""""#,
            r#""0""#,
            r#""000""#,
            r#""-60""#,
            r#""+60""#,
            r#""60.0""#,
            r#""6e1""#,
            r#"" 60""#,
            r#""60 ""#,
            r#""0x3c""#,
            r#""sixty""#,
            r#""\u0036\u0030x""#,
            r#""99999999999999999999""#,
            r#"["60"]"#,
            "true",
            "null",
            "60.5",
            "-1",
        ] {
            let e = answer(200, &with_expires_in(value)).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidResponse, "{value}");
        }
    }

    /// RFC 9449 §5: after a proof, only a DPoP token; a Bearer answer is an
    /// error, not a silent downgrade.
    #[test]
    fn with_a_proof_the_token_type_must_be_dpop() {
        let body =
            |t: &str| format!(r#"{{"access_token":"at","token_type":"{t}","expires_in":1}}"#);
        for t in ["DPoP", "dpop"] {
            assert!(
                parse_token_response(200, None, 0, &body(t), true).is_ok(),
                "{t}"
            );
        }
        for t in ["Bearer", "DPoP ", ""] {
            let e = parse_token_response(200, None, 0, &body(t), true).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidResponse, "{t:?}");
        }
    }

    #[test]
    fn token_type_is_case_insensitive() {
        for token_type in ["Bearer", "bearer", "BEARER", "bEaReR"] {
            let body =
                format!(r#"{{"access_token":"at","token_type":"{token_type}","expires_in":1}}"#);
            assert!(answer(200, &body).is_ok(), "{token_type}");
        }
        for token_type in ["Bearer ", "Bearerx", "DPoP", "Bear", ""] {
            let body =
                format!(r#"{{"access_token":"at","token_type":"{token_type}","expires_in":1}}"#);
            assert_eq!(
                answer(200, &body).unwrap_err().code,
                ErrorCode::InvalidResponse,
                "{token_type:?}"
            );
        }
    }

    /// A valid response padded (in `scope`) to exactly `len` bytes.
    fn response_of_len(len: usize) -> String {
        let bare = r#"{"access_token":"at","token_type":"Bearer","expires_in":1,"scope":""}"#;
        let body = bare.replace(
            r#""scope":"""#,
            &format!(r#""scope":"{}""#, "s".repeat(len - bare.len())),
        );
        assert_eq!(body.len(), len);
        body
    }

    #[test]
    fn a_body_over_the_limit_is_refused_before_it_is_parsed() {
        assert!(answer(200, &response_of_len(MAX_TOKEN_RESPONSE_BYTES)).is_ok());
        let e = answer(200, &response_of_len(MAX_TOKEN_RESPONSE_BYTES + 1)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
        // An error body too: its code is not read.
        let padded = format!(
            r#"{{"error":"invalid_grant","error_description":"{}"}}"#,
            "d".repeat(MAX_TOKEN_RESPONSE_BYTES)
        );
        assert_eq!(
            answer(400, &padded).unwrap_err().code,
            ErrorCode::InvalidResponse
        );
        // 2 MB (an ID token of that size, say) fails without being parsed:
        // parsed, it would be a valid response.
        let huge = response_of_len(2 * 1024 * 1024);
        assert_eq!(
            answer(200, &huge).unwrap_err().code,
            ErrorCode::InvalidResponse
        );
    }

    #[test]
    fn a_429_is_too_many_requests_whatever_its_body() {
        const NOW: u64 = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        let bodies = [
            "Too Many Requests",
            "",
            "<html><h1>429</h1></html>",
            r#"{"error":"too_many_requests","error_description":"Global limit has been reached"}"#,
            r#"{"error":"access_denied"}"#,
            r#"{"error":"x\"y"}"#,
        ];
        for body in bodies {
            for (retry_after, now, wait) in [
                (None, NOW, None),
                (Some("2"), NOW, Some(2)),
                (Some("0"), NOW, Some(0)),
                (Some("Sun, 06 Nov 1994 08:49:39 GMT"), NOW, Some(2)),
                // 1.5 s ahead: whole seconds, rounded up.
                (Some("Sun, 06 Nov 1994 08:49:39 GMT"), NOW + 500, Some(2)),
                (Some("Sun, 06 Nov 1994 08:49:39 GMT"), NOW + 1000, Some(1)),
                (Some("Sat, 05 Nov 1994 08:49:37 GMT"), NOW, Some(0)),
                (Some("soon"), NOW, None),
                (Some("-1"), NOW, None),
            ] {
                let e = parse_token_response(429, retry_after, now, body, false).unwrap_err();
                assert_eq!(
                    e.code,
                    ErrorCode::TooManyRequests(wait),
                    "{retry_after:?} {body}"
                );
                assert_eq!(e.code(), "too_many_requests");
            }
        }
        let huge = "x".repeat(2 * MAX_TOKEN_RESPONSE_BYTES);
        assert_eq!(
            parse_token_response(429, Some("1"), 0, &huge, false)
                .unwrap_err()
                .code,
            ErrorCode::TooManyRequests(Some(1))
        );
    }
}
