//! Secrets as newtypes (the oauth2-rs pattern): a redacted `Debug`, no
//! `Display`, and the value reachable only through an explicit `secret()`.

use std::fmt;

macro_rules! secret_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps `value` as this secret.
            pub fn new(value: String) -> Self {
                $name(value)
            }

            /// The secret value. Call sites are the only places it leaves the type.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    )*};
}

secret_type!(
    /// The authorization code from the callback (RFC 6749 §4.1.2).
    AuthorizationCode,
    /// The PKCE code verifier (RFC 7636 §4.1).
    CodeVerifier,
    /// The `state` value binding a callback to its login transaction.
    State,
    /// The OpenID Connect `nonce` binding the ID token to the transaction.
    Nonce,
    /// An OAuth 2.0 access token.
    AccessToken,
    /// An OAuth 2.0 refresh token.
    RefreshToken,
    /// An OpenID Connect ID token (a JWT).
    IdToken,
);

/// Compares in time independent of where the first difference is.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_secret() {
        let t = RefreshToken::new("rt-super-secret".into());
        assert_eq!(format!("{t:?}"), "RefreshToken([redacted])");
        let v = CodeVerifier::new("verifier-value".into());
        assert!(!format!("{:?}", Some(&v)).contains("verifier-value"));
    }

    #[test]
    fn constant_time_eq_compares_values() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
