//! No error message and no `Debug` output contains a secret: codes,
//! verifiers, states, nonces and tokens are fed in with a marker, and every
//! error and value that may end up in a log is searched for it.

use super::callback::{parse_callback, validate_callback};
use super::jwt::{check_id_token_claims, decode, IdTokenChecks};
use super::secret::{
    AccessToken, AuthorizationCode, CodeVerifier, IdToken, Nonce, RefreshToken, State,
};
use super::session::Session;
use super::token::{parse_token_response, TokenResponse};
use super::transaction::Transaction;
use super::AuthError;

const MARK: &str = "SECRETMARK";

fn secret(kind: &str) -> String {
    format!("{kind}-{MARK}-value")
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(MARK), "{what} leaks a secret: {text}");
}

fn assert_error_clean(what: &str, e: &AuthError) {
    assert_clean(what, &e.description);
    assert_clean(what, &format!("{e:?}"));
    assert_clean(what, &format!("{e}"));
}

/// The shared fixture with marked secrets.
fn transaction() -> Transaction {
    Transaction {
        verifier: CodeVerifier::new(secret("verifier")),
        state: State::new(secret("state")),
        nonce: Nonce::new(secret("nonce")),
        ..super::fixtures::transaction()
    }
}

#[test]
fn debug_of_every_secret_holder_is_redacted() {
    let tx = transaction();
    assert_clean("Transaction", &format!("{tx:?}"));
    let session = Session {
        access_token: AccessToken::new(secret("at")),
        refresh_token: Some(RefreshToken::new(secret("rt"))),
        id_token: Some(IdToken::new(secret("id"))),
        expires_at: 1,
        scope: String::new(),
        audience: String::new(),
        family: String::new(),
    };
    assert_clean("Session", &format!("{session:?}"));
    let response = TokenResponse {
        access_token: AccessToken::new(secret("at")),
        expires_in: 1,
        refresh_token: Some(RefreshToken::new(secret("rt"))),
        id_token: Some(IdToken::new(secret("id"))),
        scope: None,
    };
    assert_clean("TokenResponse", &format!("{response:?}"));
    let params = parse_callback(&format!(
        "https://app.example/cb?code={}&state={}",
        secret("code"),
        secret("state")
    ))
    .unwrap();
    assert_clean("CallbackParams", &format!("{params:?}"));
    assert_clean(
        "AuthorizationCode",
        &format!("{:?}", AuthorizationCode::new(secret("code"))),
    );
}

#[test]
fn callback_errors_never_contain_the_code_or_state() {
    let tx = transaction();
    let urls = [
        format!(
            "https://app.example/cb?code={}&state=other-{MARK}",
            secret("code")
        ),
        format!("https://app.example/cb?code={}", secret("code")),
        format!(
            "https://app.example/cb?code={0}&code={0}&state=x",
            secret("code")
        ),
        format!("https://app.example/cb?code={}%zz&state=x", secret("code")),
        format!(
            "https://elsewhere.example/cb?code={}&state={}",
            secret("code"),
            secret("state")
        ),
        format!(
            "https://app.example/cb?code={}&state={}&iss=https%3A%2F%2F{MARK}%2F",
            secret("code"),
            secret("state")
        ),
    ];
    for url in urls {
        let e = parse_callback(&url)
            .and_then(|p| validate_callback(p, &tx, &url, &["https://idp.example/".into()]))
            .unwrap_err();
        assert_error_clean(&url, &e);
    }
}

#[test]
fn token_response_errors_never_contain_tokens() {
    let at = secret("at");
    let bodies = [
        format!(r#"{{"access_token":"{at}","expires_in":1}}"#),
        format!(r#"{{"access_token":"{at}","token_type":"MAC","expires_in":1}}"#),
        format!(r#"{{"access_token":"{at}","token_type":"Bearer"}}"#),
        format!(r#"{{"access_token":"{at} x","token_type":"Bearer","expires_in":1}}"#),
        format!(
            r#"{{"access_token":"{at}","token_type":"Bearer","expires_in":1,"refresh_token":["{at}"]}}"#
        ),
        format!(r#"{{"access_token":"{at}""#),
    ];
    for body in &bodies {
        for status in [200, 400, 500] {
            if let Err(e) = parse_token_response(status, None, 0, body, false) {
                assert_error_clean(body, &e);
            }
        }
    }
}

#[test]
fn id_token_errors_never_contain_the_token_or_nonce() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let claims = format!(
        r#"{{"iss":"https://idp.example/","sub":"{MARK}","aud":"cid","exp":9999999999,"iat":1,"nonce":"{}"}}"#,
        secret("nonce")
    );
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(claims),
        URL_SAFE_NO_PAD.encode(MARK)
    );
    let d = decode(&token).unwrap();
    let issuers = vec!["https://idp.example/".to_string()];
    for (nonce, sub) in [(Some("other"), None), (None, Some("someone-else"))] {
        let e = check_id_token_claims(
            &d.claims,
            &IdTokenChecks {
                issuers: &issuers,
                client_id: "cid",
                nonce,
                sub,
                now: 1,
                leeway: 0,
            },
        )
        .unwrap_err();
        assert_error_clean("id token", &e.into());
    }
    for bad in [
        format!("{MARK}.{MARK}.{MARK}"),
        MARK.to_string(),
        format!("a.{MARK}.c"),
    ] {
        assert_error_clean(&bad, &decode(&bad).unwrap_err().into());
    }
}
