//! The authorization response (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 `iss`):
//! reading it from the callback URL, checking it against the transaction, and
//! removing its parameters from the address bar afterwards.

use super::error::{AuthError, ErrorCode};
use super::form;
use super::secret::{constant_time_eq, AuthorizationCode, State};
use super::transaction::Transaction;
use super::url::HttpUrl;

/// Parameters removed from the address bar after a callback was handled.
pub const OAUTH_PARAMS: [&str; 6] = [
    "code",
    "state",
    "error",
    "error_description",
    "iss",
    "session_state",
];

/// The parameters of an authorization response (RFC 6749 §4.1.2, §4.1.2.1;
/// RFC 9207 §2), as read from the callback URL; others are ignored.
#[derive(Debug, PartialEq, Eq)]
pub struct CallbackParams {
    /// The authorization code (RFC 6749 §4.1.2); `None` when absent or empty.
    pub code: Option<AuthorizationCode>,
    /// The `state` the server echoes (RFC 6749 §4.1.2), compared with the
    /// transaction's.
    pub state: Option<State>,
    /// The error code of an error response, e.g. `access_denied`
    /// (RFC 6749 §4.1.2.1).
    pub error: Option<String>,
    /// The human-readable text of an error response (RFC 6749 §4.1.2.1).
    pub error_description: Option<String>,
    /// The authorization server's issuer identifier (RFC 9207 §2); when
    /// present, it must be a configured issuer.
    pub iss: Option<String>,
    /// Whether the parameters came in the fragment rather than the query.
    pub in_fragment: bool,
}

fn invalid(description: &'static str) -> AuthError {
    AuthError::new(ErrorCode::InvalidRequest, description)
}

/// Which part of the URL carries the response: the query, else the fragment.
fn response_part<'a>(url: &HttpUrl<'a>) -> Option<(&'a str, bool)> {
    match (url.query, url.fragment) {
        (Some(q), _) if carries_response(q) => Some((q, false)),
        (_, Some(f)) if carries_response(f) => Some((f, true)),
        _ => None,
    }
}

/// Whether a query or fragment has a `code` or `error` parameter.
fn carries_response(part: &str) -> bool {
    part.split('&').any(|p| {
        let name = p.split_once('=').map_or(p, |(k, _)| k);
        name == "code" || name == "error"
    })
}

/// Whether `url` looks like an authorization response (a `code` or `error`
/// together with `state`).
pub fn is_callback(url: &str) -> bool {
    parse_callback(url).is_ok_and(|p| p.state.is_some())
}

/// Reads the response parameters from a callback URL.
pub fn parse_callback(url: &str) -> Result<CallbackParams, AuthError> {
    let parsed = HttpUrl::parse(url)
        .ok_or_else(|| invalid("the callback URL is not an absolute http(s) URL"))?;
    let (part, in_fragment) = response_part(&parsed)
        .ok_or_else(|| invalid("the callback URL has no code or error parameter"))?;
    let pairs = form::parse_pairs(part)
        .ok_or_else(|| invalid("the callback URL has malformed percent-encoding"))?;
    let mut p = CallbackParams {
        code: None,
        state: None,
        error: None,
        error_description: None,
        iss: None,
        in_fragment,
    };
    let repeated = || invalid("the callback repeats a parameter (RFC 6749 §3.1)");
    for (name, value) in pairs {
        let slot = match name.as_str() {
            "code" if p.code.is_some() => return Err(repeated()),
            "code" => {
                p.code = Some(AuthorizationCode::new(value));
                continue;
            }
            "state" if p.state.is_some() => return Err(repeated()),
            "state" => {
                p.state = Some(State::new(value));
                continue;
            }
            "error" => &mut p.error,
            "error_description" => &mut p.error_description,
            "iss" => &mut p.iss,
            _ => continue,
        };
        if slot.is_some() {
            return Err(repeated());
        }
        *slot = Some(value);
    }
    if p.code.as_ref().is_some_and(|c| c.secret().is_empty()) {
        p.code = None;
    }
    if p.code.is_none() && p.error.is_none() {
        return Err(invalid("the callback URL has no code or error parameter"));
    }
    Ok(p)
}

/// Checks the response against the login transaction and returns the code.
pub fn validate_callback(
    params: CallbackParams,
    tx: &Transaction,
    callback_url: &str,
    issuers: &[String],
) -> Result<AuthorizationCode, AuthError> {
    match &params.state {
        // An error response without state cannot be bound to the login, but
        // it grants nothing either: report the server's error.
        None if params.error.is_some() => {}
        None => {
            return Err(AuthError::new(
                ErrorCode::StateMismatch,
                "the callback has no state parameter",
            ))
        }
        Some(s) if !constant_time_eq(s.secret(), tx.state.secret()) => {
            return Err(AuthError::new(
                ErrorCode::StateMismatch,
                "the callback's state does not match the login transaction",
            ))
        }
        Some(_) => {}
    }
    let arrived = HttpUrl::parse(callback_url).map(|u| u.origin_and_path());
    let expected = HttpUrl::parse(&tx.redirect_uri).map(|u| u.origin_and_path());
    if arrived.is_none() || arrived != expected {
        return Err(invalid(
            "the callback arrived at another URL than the redirect_uri of the login",
        ));
    }
    if let Some(iss) = &params.iss {
        if !issuers.iter().any(|i| i == iss) {
            return Err(AuthError::new(
                ErrorCode::InvalidResponse,
                "the callback's iss is not the configured issuer (RFC 9207)",
            ));
        }
    }
    if let Some(error) = &params.error {
        return Err(AuthError::from_server(
            error,
            params.error_description.as_deref(),
        ));
    }
    params
        .code
        .ok_or_else(|| invalid("the callback URL has no code parameter"))
}

/// `url` without the OAuth response parameters; other parameters keep their
/// exact text, and a part that carries no response stays as is (a URL
/// without one is returned whole), so that cleaning a cleaned URL changes
/// nothing.
pub fn cleaned_url(url: &str) -> Option<String> {
    let parsed = HttpUrl::parse(url)?;
    let Some((_, in_fragment)) = response_part(&parsed) else {
        return Some(url.to_owned());
    };
    let strip = |part: &str| -> String {
        part.split('&')
            .filter(|p| {
                let name = p.split_once('=').map_or(*p, |(k, _)| k);
                !p.is_empty()
                    && !form::decode(name).is_some_and(|n| OAUTH_PARAMS.contains(&n.as_str()))
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let mut out = [parsed.scheme, "://", parsed.authority, parsed.path].concat();
    if let Some(q) = parsed.query {
        let q = if in_fragment { q.to_owned() } else { strip(q) };
        if !q.is_empty() {
            out.push('?');
            out.push_str(&q);
        }
    }
    if let Some(f) = parsed.fragment {
        // A second response in the fragment goes too.
        let stripped = in_fragment || carries_response(f);
        let f = if stripped { strip(f) } else { f.to_owned() };
        if !f.is_empty() || !stripped {
            out.push('#');
            out.push_str(&f);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::transaction as tx;
    fn issuers() -> Vec<String> {
        vec!["https://idp.example/".into()]
    }

    fn code_of(url: &str) -> Result<String, AuthError> {
        let p = parse_callback(url)?;
        validate_callback(p, &tx(), url, &issuers()).map(|c| c.secret().to_owned())
    }

    #[test]
    fn accepts_a_good_response_in_query_or_fragment() {
        assert_eq!(
            code_of("https://app.example/cb?code=c%2F1&state=abc").unwrap(),
            "c/1"
        );
        assert_eq!(
            code_of("https://app.example/cb#code=c1&state=abc").unwrap(),
            "c1"
        );
        assert_eq!(
            code_of("https://app.example/cb?code=c1&state=abc&iss=https%3A%2F%2Fidp.example%2F")
                .unwrap(),
            "c1"
        );
        assert!(is_callback("https://app.example/cb?code=c1&state=abc"));
        assert!(is_callback(
            "https://app.example/cb?error=access_denied&state=abc"
        ));
        assert!(!is_callback("https://app.example/cb?code=c1"));
        assert!(!is_callback("https://app.example/cb?x=1"));
        assert!(!is_callback("not a url"));
    }

    #[test]
    fn state_is_checked_before_anything_else() {
        let e = code_of("https://app.example/cb?code=c1&state=abd").unwrap_err();
        assert_eq!(e.code(), "state_mismatch");
        let e = code_of("https://app.example/cb?code=c1").unwrap_err();
        assert_eq!(e.code(), "state_mismatch");
        let e = code_of("https://app.example/cb?error=access_denied&state=evil").unwrap_err();
        assert_eq!(e.code(), "state_mismatch");
    }

    #[test]
    fn server_errors_carry_the_servers_code() {
        let e = code_of("https://app.example/cb?error=access_denied&error_description=User%20did%20not%20authorize&state=abc")
            .unwrap_err();
        assert_eq!(e.code(), "access_denied");
        assert_eq!(e.description, "User did not authorize");
    }

    #[test]
    fn hostile_input_gets_typed_errors() {
        for (url, code) in [
            (
                "https://app.example/cb?code=1&code=2&state=abc",
                "invalid_request",
            ),
            (
                "https://app.example/cb?code=1&state=abc&state=abc",
                "invalid_request",
            ),
            (
                "https://app.example/cb?code=%zz&state=abc",
                "invalid_request",
            ),
            (
                "https://app.example/cb?code=%ff&state=abc",
                "invalid_request",
            ),
            ("https://app.example/cb?code=&state=abc", "invalid_request"),
            (
                "https://app.example/other?code=c&state=abc",
                "invalid_request",
            ),
            (
                "https://evil.example/cb?code=c&state=abc",
                "invalid_request",
            ),
            (
                "https://app.example/cb?code=c&state=abc&iss=https%3A%2F%2Fevil%2F",
                "invalid_response",
            ),
            (
                "https://app.example/cb?error=%22bad&state=abc",
                "invalid_response",
            ),
            ("javascript:alert(1)", "invalid_request"),
            ("", "invalid_request"),
        ] {
            assert_eq!(code_of(url).unwrap_err().code(), code, "{url}");
        }
        let long = format!(
            "https://app.example/cb?code={}&state=abc",
            "a".repeat(1 << 20)
        );
        assert_eq!(code_of(&long).unwrap().len(), 1 << 20);
    }

    #[test]
    fn cleaning_a_cleaned_url_changes_nothing() {
        // Found by the callback fuzz target: the response in the fragment
        // left the query's empty segment for a second cleaning to remove.
        for url in [
            "https://app.example/cb?@c&#code&",
            "https://app.example/cb?state=s#code=c",
            "https://app.example/cb?code=1#code=2",
        ] {
            let clean = cleaned_url(url).unwrap();
            assert_eq!(cleaned_url(&clean), Some(clean.clone()), "{url}");
        }
    }

    #[test]
    fn cleaning_removes_only_oauth_parameters() {
        assert_eq!(
            cleaned_url("https://app.example/cb?a=1&code=c&state=s&iss=i&session_state=x&b=%20#h")
                .unwrap(),
            "https://app.example/cb?a=1&b=%20#h"
        );
        assert_eq!(
            cleaned_url("https://app.example/cb?code=c&state=s").unwrap(),
            "https://app.example/cb"
        );
        assert_eq!(
            cleaned_url("https://app.example/cb?keep=1#code=c&state=s").unwrap(),
            "https://app.example/cb?keep=1"
        );
        assert_eq!(
            cleaned_url("https://app.example/cb?error=e&error_description=d&state=s#/route")
                .unwrap(),
            "https://app.example/cb#/route"
        );
        assert_eq!(
            cleaned_url("https://app.example/").unwrap(),
            "https://app.example/"
        );
    }
}
