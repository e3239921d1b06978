//! OpenID Connect Discovery 1.0: the provider's metadata read once, its
//! `issuer` compared exactly (§4.3), its endpoints held to the rules of
//! configured ones (`url::check_endpoint`), and the endpoints the
//! configuration does not set filled from it (explicit options win).

use super::config::{Config, ConfigField, ConfigField as F, Logout};
use super::error::{AuthError, ErrorCode};
use super::json::{self, Json};
use super::url::check_endpoint;

/// The largest discovery document read, in bytes: 64 KiB. Those of Auth0,
/// Keycloak, Google or Microsoft Entra are 2–8 KiB.
pub const MAX_DISCOVERY_BYTES: usize = 64 * 1024;

/// Why a discovery document was refused: one variant per failed check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscoveryCheck {
    /// The answer is not HTTP 200 (§4.2).
    Status,
    /// Longer than [`MAX_DISCOVERY_BYTES`]: refused before it is parsed.
    TooLarge,
    /// Not a JSON object (§4.2).
    Document,
    /// Its `issuer` is not the configured issuer, character for character
    /// (§4.3).
    Issuer,
    /// It lacks an endpoint the configuration does not set either: the
    /// option to set.
    Missing(ConfigField),
    /// An endpoint that is not an absolute https URL (http only for loopback
    /// hosts) without a fragment, like a configured one: the option it fills.
    Endpoint(ConfigField),
}

/// Where the metadata of `issuer` is (§4.1): the issuer without a trailing
/// `/`, then `/.well-known/openid-configuration`.
pub fn discovery_url(issuer: &str) -> String {
    [
        issuer.strip_suffix('/').unwrap_or(issuer),
        "/.well-known/openid-configuration",
    ]
    .concat()
}

fn refused(check: DiscoveryCheck, description: String) -> AuthError {
    AuthError::with_description(ErrorCode::DiscoveryFailed(check), description)
}

/// Reads the answer to the discovery request of `config` and returns the
/// configuration with the endpoints it does not set taken from the document:
/// `authorization_endpoint`, `token_endpoint`, `jwks_uri` (required, §3),
/// `revocation_endpoint` (RFC 8414 §2) and `end_session_endpoint`
/// (RP-Initiated Logout 1.0 §2.1; without one, and without `logoutUrl`,
/// logout ends the session here only).
pub fn apply(config: &Config, status: u16, body: &str) -> Result<Config, AuthError> {
    if status != 200 {
        let status = json::decimal(status.into());
        return Err(refused(
            DiscoveryCheck::Status,
            ["the discovery document answered HTTP ", &status].concat(),
        ));
    }
    if body.len() > MAX_DISCOVERY_BYTES {
        return Err(refused(
            DiscoveryCheck::TooLarge,
            "the discovery document is too large".into(),
        ));
    }
    let doc = json::parse(body)
        .ok()
        .filter(Json::is_object)
        .ok_or_else(|| {
            refused(
                DiscoveryCheck::Document,
                "the discovery document is not a JSON object".into(),
            )
        })?;
    let issuer = config.issuers.first().map(String::as_str);
    if doc.get("issuer").and_then(Json::as_str) != issuer {
        return Err(refused(
            DiscoveryCheck::Issuer,
            "the discovery document names another issuer than the configured one (OpenID Connect Discovery §4.3)".into(),
        ));
    }
    let mut c = config.clone();
    c.discovery = None;
    let found = |member, field, required| endpoint(&doc, member, field, required);
    if c.authorize_url.is_empty() {
        let url = found("authorization_endpoint", F::AuthorizeUrl, true)?;
        c.authorize_url = url.unwrap_or_default();
    }
    if c.token_url.is_empty() {
        c.token_url = found("token_endpoint", F::TokenUrl, true)?.unwrap_or_default();
    }
    if c.jwks_url.is_none() {
        c.jwks_url = found("jwks_uri", F::JwksUrl, true)?;
    }
    if c.revoke_url.is_none() {
        c.revoke_url = found("revocation_endpoint", F::RevokeUrl, false)?;
    }
    if c.logout.is_none() {
        let url = found("end_session_endpoint", F::EndSessionUrl, false)?;
        c.logout = url.map(Logout::EndSession);
    }
    Ok(c)
}

/// The endpoint `member` of the document, checked like a configured one;
/// `None` when it names none and it is not `required`.
#[inline(never)]
fn endpoint(
    doc: &Json,
    member: &str,
    field: ConfigField,
    required: bool,
) -> Result<Option<String>, AuthError> {
    let (check, problem) = match doc.get(member) {
        None | Some(Json::Null) if !required => return Ok(None),
        None | Some(Json::Null) => (DiscoveryCheck::Missing(field), " is missing; set "),
        Some(value) => match value.as_str() {
            Some(url) if check_endpoint(url, field).is_ok() => return Ok(Some(url.to_owned())),
            _ => (
                DiscoveryCheck::Endpoint(field),
                " is not an absolute https URL without a fragment; set ",
            ),
        },
    };
    let description = ["the discovery document's ", member, problem, field.name()];
    Err(refused(check, description.concat()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::ConfigInput;

    const ISSUER: &str = "https://op.example/realms/app";

    fn config(input: ConfigInput) -> Config {
        Config::new(ConfigInput {
            client_id: Some("client-1".into()),
            redirect_uri: Some("https://app.example/callback".into()),
            issuer: Some(ISSUER.into()),
            ..input
        })
        .unwrap()
    }

    fn doc(extra: &str) -> String {
        format!(
            r#"{{"issuer":"{ISSUER}","authorization_endpoint":"{ISSUER}/auth","token_endpoint":"{ISSUER}/token","jwks_uri":"{ISSUER}/certs"{extra}}}"#
        )
    }

    fn check(e: AuthError) -> DiscoveryCheck {
        assert_eq!(e.code(), "discovery_failed");
        match e.code {
            ErrorCode::DiscoveryFailed(check) => check,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_issuer_alone_is_discovered_and_the_defaults_are_not() {
        let c = config(ConfigInput::default());
        assert_eq!(
            c.discovery.as_deref(),
            Some("https://op.example/realms/app/.well-known/openid-configuration")
        );
        assert_eq!((c.authorize_url.as_str(), c.token_url.as_str()), ("", ""));
        assert_eq!((c.logout.clone(), c.revoke_url.clone()), (None, None));
        // Both endpoints configured: no discovery, as before.
        let c = config(ConfigInput {
            authorize_url: Some("https://op.example/a".into()),
            token_url: Some("https://op.example/t".into()),
            ..Default::default()
        });
        assert_eq!(c.discovery, None);
        assert_eq!(
            c.revoke_url.as_deref(),
            Some("https://op.example/oauth/revoke")
        );
        // §4.1: a trailing slash of the issuer is not doubled.
        assert_eq!(
            discovery_url("http://127.0.0.1:3000/"),
            "http://127.0.0.1:3000/.well-known/openid-configuration"
        );
    }

    #[test]
    fn fills_what_the_config_does_not_set() {
        let extra = format!(
            r#","revocation_endpoint":"{ISSUER}/revoke","end_session_endpoint":"{ISSUER}/logout","userinfo_endpoint":"{ISSUER}/me""#
        );
        let c = apply(&config(ConfigInput::default()), 200, &doc(&extra)).unwrap();
        assert_eq!(c.discovery, None);
        assert_eq!(c.authorize_url, format!("{ISSUER}/auth"));
        assert_eq!(c.token_url, format!("{ISSUER}/token"));
        assert_eq!(c.jwks_url, Some(format!("{ISSUER}/certs")));
        assert_eq!(c.revoke_url, Some(format!("{ISSUER}/revoke")));
        assert_eq!(
            c.logout,
            Some(Logout::EndSession(format!("{ISSUER}/logout")))
        );
        assert_eq!(c.issuers, vec![ISSUER.to_string()]);
        // Without the optional ones: no revocation, logout here only.
        let c = apply(&config(ConfigInput::default()), 200, &doc("")).unwrap();
        assert_eq!((c.revoke_url, c.logout), (None, None));
    }

    #[test]
    fn explicit_options_win() {
        let c = config(ConfigInput {
            token_url: Some("https://proxy.example/token".into()),
            jwks_url: Some("https://keys.example/jwks".into()),
            revoke_url: Some("https://proxy.example/revoke".into()),
            logout_url: Some("https://op.example/v2/logout".into()),
            ..Default::default()
        });
        let extra = format!(
            r#","end_session_endpoint":"{ISSUER}/logout","revocation_endpoint":"{ISSUER}/r""#
        );
        let c = apply(&c, 200, &doc(&extra)).unwrap();
        assert_eq!(c.authorize_url, format!("{ISSUER}/auth"));
        assert_eq!(c.token_url, "https://proxy.example/token");
        assert_eq!(c.jwks_url.as_deref(), Some("https://keys.example/jwks"));
        assert_eq!(
            c.revoke_url.as_deref(),
            Some("https://proxy.example/revoke")
        );
        assert_eq!(
            c.logout,
            Some(Logout::Auth0("https://op.example/v2/logout".into()))
        );
    }

    #[test]
    fn refuses_each_bad_document_with_its_check() {
        let c = config(ConfigInput::default());
        let other_issuer = doc("").replace(
            &format!(r#""issuer":"{ISSUER}""#),
            &format!(r#""issuer":"{ISSUER}/""#),
        );
        let http = doc("").replace(
            "https://op.example/realms/app/token",
            "http://op.example/token",
        );
        let cases: Vec<(u16, String, DiscoveryCheck)> = vec![
            (404, doc(""), DiscoveryCheck::Status),
            (200, "[]".into(), DiscoveryCheck::Document),
            (200, "{".into(), DiscoveryCheck::Document),
            (
                200,
                " ".repeat(MAX_DISCOVERY_BYTES + 1),
                DiscoveryCheck::TooLarge,
            ),
            (200, other_issuer, DiscoveryCheck::Issuer),
            (
                200,
                r#"{"authorization_endpoint":"https://x/"}"#.into(),
                DiscoveryCheck::Issuer,
            ),
            (
                200,
                doc("").replace("token_endpoint", "x"),
                DiscoveryCheck::Missing(ConfigField::TokenUrl),
            ),
            (
                200,
                doc("").replace("jwks_uri", "x"),
                DiscoveryCheck::Missing(ConfigField::JwksUrl),
            ),
            (
                200,
                doc("").replace("authorization_endpoint", "x"),
                DiscoveryCheck::Missing(ConfigField::AuthorizeUrl),
            ),
            (200, http, DiscoveryCheck::Endpoint(ConfigField::TokenUrl)),
            (
                200,
                doc(r#","end_session_endpoint":"https://op.example/x#f""#),
                DiscoveryCheck::Endpoint(ConfigField::EndSessionUrl),
            ),
            (
                200,
                doc(r#","revocation_endpoint":7"#),
                DiscoveryCheck::Endpoint(ConfigField::RevokeUrl),
            ),
        ];
        for (status, body, expected) in cases {
            let e = apply(&c, status, &body).unwrap_err();
            assert_eq!(check(e), expected, "{body:.80}");
        }
        // A configured endpoint needs nothing from the document.
        let c = config(ConfigInput {
            token_url: Some("https://op.example/t".into()),
            ..Default::default()
        });
        let body = doc("").replace("token_endpoint", "x");
        assert_eq!(
            apply(&c, 200, &body).unwrap().token_url,
            "https://op.example/t"
        );
        // The document at the size limit is read.
        let body = doc("");
        let padded = format!("{body}{}", " ".repeat(MAX_DISCOVERY_BYTES - body.len()));
        assert!(apply(&c, 200, &padded).is_ok());
    }
}
