//! Coded errors, in the shape of an OAuth 2.0 error response (RFC 6749 §5.2):
//! an `error` code and a human-readable `error_description`.
//!
//! Descriptions are written by this crate or copied (sanitized, bounded) from
//! the server; they never contain a code, verifier, state, nonce or token.

use std::borrow::Cow;
use std::fmt;

pub use super::config::ConfigField;
pub use super::discovery::DiscoveryCheck;
pub use super::id_token_check::IdTokenCheck;

/// The `error` code of an [`AuthError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The configuration given to the constructor is unusable; the option,
    /// where one is to blame.
    InvalidConfig(Option<ConfigField>),
    /// The caller passed an unusable argument (e.g. a protected authorize parameter).
    InvalidRequest,
    /// The callback's `state` does not match the stored login transaction.
    StateMismatch,
    /// No (or no usable, or an expired) login transaction for this callback.
    MissingTransaction,
    /// No usable session: the user must log in (again).
    LoginRequired,
    /// A request did not answer within `timeoutMs`.
    Timeout,
    /// A request failed before an HTTP response arrived.
    NetworkError,
    /// The caller's `AbortSignal` aborted the request, or the wait before
    /// its retry.
    Aborted,
    /// A server answered with something that is not a valid response.
    InvalidResponse,
    /// The ID token failed validation, and which check it failed.
    IdTokenInvalid(IdTokenCheck),
    /// The partner API rejected a freshly refreshed access token (RFC 6750 §3.1).
    InvalidToken,
    /// Browser storage refused a write (quota, privacy mode).
    StorageError,
    /// The platform could not check a signature (no `crypto.subtle`, a key
    /// WebCrypto would not import): not the token's fault, so a refresh keeps
    /// the new tokens, as after a transient failure.
    CryptoError,
    /// The token endpoint answered 429 (RFC 6585 §4), and the seconds its
    /// `Retry-After` asked to wait, if it named a wait.
    TooManyRequests(Option<u32>),
    /// The provider's discovery document (OpenID Connect Discovery 1.0) is
    /// unusable, and which check it failed.
    DiscoveryFailed(DiscoveryCheck),
    /// Logout could not revoke the refresh token (RFC 7009): the revocation
    /// endpoint answered another status than 200, or no response arrived.
    /// The session ended here all the same.
    RevocationFailed,
    /// An `error` code sent by the authorization server, passed on as is.
    Server(String),
}

impl ErrorCode {
    /// The code as it appears in `error`.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::InvalidConfig(_) => "invalid_config",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::StateMismatch => "state_mismatch",
            ErrorCode::MissingTransaction => "missing_transaction",
            ErrorCode::LoginRequired => "login_required",
            ErrorCode::Timeout => "timeout",
            ErrorCode::NetworkError => "network_error",
            ErrorCode::Aborted => "aborted",
            ErrorCode::InvalidResponse => "invalid_response",
            ErrorCode::IdTokenInvalid(_) => "id_token_invalid",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::StorageError => "storage_error",
            ErrorCode::CryptoError => "crypto_error",
            ErrorCode::TooManyRequests(_) => "too_many_requests",
            ErrorCode::DiscoveryFailed(_) => "discovery_failed",
            ErrorCode::RevocationFailed => "revocation_failed",
            ErrorCode::Server(code) => code,
        }
    }
}

/// An error with an OAuth-style code and a description safe to show and log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    /// The `error` code (RFC 6749 §5.2 style), with which check failed where
    /// a code covers several (the rustls pattern): tests match these, never
    /// the description.
    pub code: ErrorCode,
    /// The `error_description`: for people, never parsed.
    pub description: Cow<'static, str>,
}

impl AuthError {
    /// An error with a fixed description and no finer reason.
    pub fn new(code: ErrorCode, description: &'static str) -> Self {
        AuthError {
            code,
            description: Cow::Borrowed(description),
        }
    }

    /// An error with a composed description and no finer reason.
    pub fn with_description(code: ErrorCode, description: String) -> Self {
        AuthError {
            code,
            description: Cow::Owned(description),
        }
    }

    /// An `invalid_config` error about `field`.
    pub fn config(field: ConfigField, description: impl Into<Cow<'static, str>>) -> Self {
        AuthError {
            code: ErrorCode::InvalidConfig(Some(field)),
            description: description.into(),
        }
    }

    /// An error reported by the server. Both parts are server-controlled text:
    /// the code is restricted to the RFC 6749 §5.2 character set and the
    /// description to printable characters, both bounded in length.
    pub fn from_server(code: &str, description: Option<&str>) -> Self {
        let code = if is_valid_error_code(code) {
            code.to_owned()
        } else {
            return AuthError::new(
                ErrorCode::InvalidResponse,
                "the server sent an error code with characters outside RFC 6749 §5.2",
            );
        };
        let description = match description {
            Some(d) if !d.trim().is_empty() => sanitize_description(d),
            _ => String::from("the authorization server reported an error"),
        };
        AuthError::with_description(ErrorCode::Server(code), description)
    }

    /// The `error` code as text.
    pub fn code(&self) -> &str {
        self.code.as_str()
    }
}

impl From<IdTokenCheck> for AuthError {
    fn from(check: IdTokenCheck) -> Self {
        AuthError {
            code: ErrorCode::IdTokenInvalid(check),
            description: Cow::Borrowed(check.description()),
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.description)
    }
}

impl std::error::Error for AuthError {}

const MAX_CODE_LEN: usize = 64;
const MAX_DESCRIPTION_LEN: usize = 300;

/// RFC 6749 §5.2: `error` is 1*( %x20-21 / %x23-5B / %x5D-7E ). We are stricter
/// and also bound the length, since the code ends up in the page's UI.
fn is_valid_error_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_CODE_LEN
        && code
            .bytes()
            .all(|b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\')
}

fn sanitize_description(d: &str) -> String {
    let mut out = String::new();
    for c in d.chars().filter(|c| !c.is_control()) {
        if out.len() + c.len_utf8() > MAX_DESCRIPTION_LEN {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_keep_their_code_and_description() {
        let e = AuthError::from_server("access_denied", Some("The user said no"));
        assert_eq!(e.code(), "access_denied");
        assert_eq!(e.description, "The user said no");
    }

    #[test]
    fn hostile_server_errors_are_bounded_and_sanitized() {
        let e = AuthError::from_server("x\"y", None);
        assert_eq!(e.code, ErrorCode::InvalidResponse);
        let long = "a".repeat(10_000);
        let e = AuthError::from_server("server_error", Some(&long));
        assert!(e.description.len() <= MAX_DESCRIPTION_LEN + '…'.len_utf8());
        let e = AuthError::from_server("server_error", Some("line\nbreak\u{0}"));
        assert_eq!(e.description, "linebreak");
        let e = AuthError::from_server("server_error", Some("   "));
        assert_eq!(e.description, "the authorization server reported an error");
    }

    /// Every code of the SDK's own, one per variant: a new variant does not
    /// compile here until it is listed.
    fn sdk_codes() -> Vec<String> {
        use crate::core::id_token_check::IdTokenCheck;
        let all = [
            ErrorCode::InvalidConfig(None),
            ErrorCode::InvalidRequest,
            ErrorCode::StateMismatch,
            ErrorCode::MissingTransaction,
            ErrorCode::LoginRequired,
            ErrorCode::Timeout,
            ErrorCode::NetworkError,
            ErrorCode::Aborted,
            ErrorCode::InvalidResponse,
            ErrorCode::IdTokenInvalid(IdTokenCheck::Signature),
            ErrorCode::InvalidToken,
            ErrorCode::StorageError,
            ErrorCode::CryptoError,
            ErrorCode::TooManyRequests(None),
            ErrorCode::DiscoveryFailed(DiscoveryCheck::Issuer),
            ErrorCode::RevocationFailed,
        ];
        all.iter()
            .map(|code| match code {
                ErrorCode::Server(_) => unreachable!("not an SDK code"),
                ErrorCode::InvalidConfig(_)
                | ErrorCode::InvalidRequest
                | ErrorCode::StateMismatch
                | ErrorCode::MissingTransaction
                | ErrorCode::LoginRequired
                | ErrorCode::Timeout
                | ErrorCode::NetworkError
                | ErrorCode::Aborted
                | ErrorCode::InvalidResponse
                | ErrorCode::IdTokenInvalid(_)
                | ErrorCode::InvalidToken
                | ErrorCode::StorageError
                | ErrorCode::CryptoError
                | ErrorCode::TooManyRequests(_)
                | ErrorCode::DiscoveryFailed(_)
                | ErrorCode::RevocationFailed => code.as_str().to_owned(),
            })
            .collect()
    }

    #[test]
    fn the_readme_and_the_typescript_union_list_every_code() {
        let readme = include_str!("../../README.md");
        let table = readme.split("## Error codes").nth(1).unwrap();
        let table = table.split("\n## ").next().unwrap();
        let documented: Vec<&str> = table
            .lines()
            .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
            .filter(|c| *c != "error") // the header row
            .collect();
        let dts = include_str!("../../js/index.d.ts");
        let union = dts
            .split("export type ZaehlerfreundeAuthErrorCode =")
            .nth(1)
            .unwrap();
        let union = union.split(';').next().unwrap();
        let typed: Vec<&str> = union
            .split('|')
            .filter_map(|t| t.trim().strip_prefix('\'')?.strip_suffix('\''))
            .collect();
        let sdk = sdk_codes();
        for code in &sdk {
            assert!(
                documented.contains(&code.as_str()),
                "README error table lacks {code}"
            );
            assert!(typed.contains(&code.as_str()), "js/index.d.ts lacks {code}");
        }
        // What the JS entry adds, and what the union names of servers' codes.
        let js_only = ["not_initialized", "wasm_load_failed", "browser_only"];
        let servers = [
            "access_denied",
            "invalid_grant",
            "invalid_scope",
            "server_error",
        ];
        for code in &typed {
            assert!(
                sdk.iter().any(|c| c == code) || js_only.contains(code) || servers.contains(code),
                "js/index.d.ts names {code}, which the SDK does not give"
            );
        }
        for code in &documented {
            assert!(
                sdk.iter().any(|c| c == code) || js_only.contains(code),
                "README documents {code}, which the SDK does not give"
            );
        }
    }
}
