//! SDK configuration: defaults from the Zählerfreunde integration guide,
//! validated once at construction so that bad values fail early.

use super::discovery::discovery_url;
use super::error::AuthError;
use super::url::{check_endpoint, HttpUrl};

/// The default `authorizeUrl`: Zählerfreunde's authorization endpoint
/// (RFC 6749 §3.1).
pub const DEFAULT_AUTHORIZE_URL: &str = "https://auth.prod.zaehlerfreunde.com/authorize";
/// The default `tokenUrl`: the token endpoint of Zählerfreunde's Auth0
/// tenant (RFC 6749 §3.2).
pub const DEFAULT_TOKEN_URL: &str = "https://zaehlerfreunde-prod.eu.auth0.com/oauth/token";
/// The default `audience`: the partner API, so that the access token is
/// issued for it.
pub const DEFAULT_AUDIENCE: &str = "https://api.prod.zaehlerfreunde.com";
/// The default `scope` (RFC 6749 §3.3): an ID token (`openid`, OpenID Connect
/// Core §3.1.2.1), the `profile` and `email` claims (§5.4) and a refresh
/// token (`offline_access`, §11).
pub const DEFAULT_SCOPE: &str = "openid profile email offline_access";
/// The default `apiBaseUrl`: the partner API.
pub const DEFAULT_API_BASE_URL: &str = "https://external.prod.zaehlerfreunde.com/partner";
/// The default `leewaySeconds`, in seconds.
pub const DEFAULT_LEEWAY_SECONDS: u64 = 60;
/// The default `timeoutMs`, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

/// How the body of a token request (RFC 6749 §4.1.3, §6) is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRequestFormat {
    /// `application/x-www-form-urlencoded` (RFC 6749 §4.1.3).
    Form,
    /// `application/json`, as Auth0 also accepts and the integration guide shows.
    Json,
}

/// Where the session is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    /// `sessionStorage`: per tab (a duplicated tab starts with a copy), and
    /// gone when the tab closes.
    Session,
    /// `localStorage`: shared by every tab of the origin and kept across
    /// browser restarts.
    Local,
    /// Memory only: gone when the page reloads.
    Memory,
}

/// Declares every option once: its `ConfigField` variant, its `ConfigInput`
/// field, its JavaScript name and the kind of value it takes. The reader in
/// `api.rs`, the unknown-option check, the fuzz target and the test that
/// holds the `.d.ts` and the README to this list all come from here.
macro_rules! config_options {
    ($($(#[doc = $doc:literal])* $variant:ident $field:ident: $name:literal, $kind:ident;)*) => {
        /// One configuration option, as its errors name it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ConfigField {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ConfigField {
            /// Every option, in declaration order.
            pub const ALL: &'static [ConfigField] = &[$(ConfigField::$variant),*];

            /// The option's name in JavaScript.
            pub fn name(self) -> &'static str {
                match self {
                    $(ConfigField::$variant => $name,)*
                }
            }
        }

        /// What the caller gave; `None` means "use the default".
        #[derive(Clone, Debug, Default)]
        pub struct ConfigInput {
            $($(#[doc = $doc])* pub $field: Option<config_options!(@type $kind)>,)*
        }

        impl ConfigInput {
            /// Where the value of `field` goes, typed by its kind.
            pub fn slot(&mut self, field: ConfigField) -> Slot<'_> {
                match field {
                    $(ConfigField::$variant => Slot::$kind(&mut self.$field),)*
                }
            }
        }
    };
    (@type Text) => { String };
    (@type Url) => { String };
    (@type Number) => { f64 };
    (@type Flag) => { bool };
}

/// The place of one option's value in a [`ConfigInput`], by kind.
pub enum Slot<'a> {
    /// A string.
    Text(&'a mut Option<String>),
    /// A URL string, which the JavaScript boundary normalizes the way the
    /// browser's `URL` does (default port, percent-encoding, host case).
    Url(&'a mut Option<String>),
    /// A number.
    Number(&'a mut Option<f64>),
    /// A boolean.
    Flag(&'a mut Option<bool>),
}

config_options! {
    /// The client id Zählerfreunde gave you (required).
    ClientId client_id: "clientId", Text;
    /// Where the authorization server sends the browser back (required).
    RedirectUri redirect_uri: "redirectUri", Url;
    /// The authorization endpoint (RFC 6749 §3.1).
    AuthorizeUrl authorize_url: "authorizeUrl", Url;
    /// The token endpoint (RFC 6749 §3.2).
    TokenUrl token_url: "tokenUrl", Url;
    /// The API the access token is for; empty sends none.
    Audience audience: "audience", Text;
    /// The scope requested (RFC 6749 §3.3).
    Scope scope: "scope", Text;
    /// The partner API's base URL; the token is sent nowhere else.
    ApiBaseUrl api_base_url: "apiBaseUrl", Url;
    /// Auth0's logout endpoint.
    LogoutUrl logout_url: "logoutUrl", Url;
    /// The OpenID provider's `end_session_endpoint` (RP-Initiated Logout 1.0).
    EndSessionUrl end_session_url: "endSessionUrl", Url;
    /// The revocation endpoint (RFC 7009 §2).
    RevokeUrl revoke_url: "revokeUrl", Url;
    /// The one accepted ID-token `iss`; without `authorizeUrl` or
    /// `tokenUrl`, also where the endpoints are discovered.
    Issuer issuer: "issuer", Text;
    /// Where the ID-token signing keys are (RFC 7517).
    JwksUrl jwks_url: "jwksUrl", Url;
    /// Clock leeway in seconds.
    LeewaySeconds leeway_seconds: "leewaySeconds", Number;
    /// Per-request timeout in milliseconds.
    TimeoutMs timeout_ms: "timeoutMs", Number;
    /// How token-request bodies are encoded: "form" or "json".
    TokenRequestFormat token_request_format: "tokenRequestFormat", Text;
    /// Where the session lives: "session", "local" or "memory".
    Storage storage: "storage", Text;
    /// Whether a new tab may take the session from another tab of the app
    /// (`checkSession()`), and this tab give it.
    ShareSession share_session: "shareSession", Flag;
    /// Whether each step is logged to the console (never a secret).
    Debug debug: "debug", Flag;
    /// Whether tokens are bound to a key of this browser (DPoP, RFC 9449).
    Dpop dpop: "dpop", Flag;
}

/// A validated configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The client identifier (RFC 6749 §2.2).
    pub client_id: String,
    /// The redirection endpoint sent in each authorization request
    /// (RFC 6749 §3.1.2).
    pub redirect_uri: String,
    /// The authorization endpoint (RFC 6749 §3.1).
    pub authorize_url: String,
    /// The token endpoint (RFC 6749 §3.2).
    pub token_url: String,
    /// The API the access token is for (Auth0 `audience`). Empty means: send
    /// no `audience` parameter.
    pub audience: String,
    /// The scope requested (RFC 6749 §3.3), its values separated by single
    /// spaces.
    pub scope: String,
    /// The partner API's base URL, the only place the access token is sent.
    /// Without a trailing slash.
    pub api_base_url: String,
    /// Where logout sends the browser; `None`: nowhere (the provider names
    /// no logout endpoint), logout ends the session here only.
    pub logout: Option<Logout>,
    /// RFC 7009 token revocation endpoint, used by logout; `None`: the
    /// provider names none.
    pub revoke_url: Option<String>,
    /// Accepted `iss` values of ID tokens.
    pub issuers: Vec<String>,
    /// Where the ID-token signing keys are; `None`: `{iss}/.well-known/jwks.json`.
    pub jwks_url: Option<String>,
    /// The discovery document to read before the first request
    /// (`core::discovery`); until then the endpoints it is to fill
    /// (`authorize_url`, `token_url` when not configured) are empty.
    pub discovery: Option<String>,
    /// Clock leeway in seconds: the skew tolerated for ID-token `exp` and
    /// `iat` (OpenID Connect Core §3.1.3.7), and how long before its expiry
    /// an access token counts as expired.
    pub leeway_seconds: u64,
    /// Per-request timeout in milliseconds.
    pub timeout_ms: u32,
    /// How token-request bodies are encoded.
    pub token_request_format: TokenRequestFormat,
    /// Where the session lives.
    pub storage: StorageKind,
    /// Whether tabs of the app give their session to a new tab that asks.
    pub share_session: bool,
    /// Whether each step is logged (`console.debug`); never a secret.
    pub debug: bool,
    /// Whether tokens are sender-constrained with DPoP (RFC 9449): proofs
    /// on token requests and API calls, `dpop_jkt` on the authorize request.
    pub dpop: bool,
}

/// Where logout sends the browser, and in which dialect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Logout {
    /// OpenID Connect RP-Initiated Logout 1.0 at an `end_session_endpoint`.
    EndSession(String),
    /// Auth0's `/v2/logout` (`client_id`, `returnTo`).
    Auth0(String),
}

use ConfigField as F;

impl Config {
    /// Validates `input` and fills in the defaults; the first bad value is an
    /// `invalid_config` error that names its option.
    pub fn new(input: ConfigInput) -> Result<Config, AuthError> {
        // Everything is checked on borrowed text first and owned only once
        // valid: an early return then drops `input` once, not field by field,
        // which keeps the constructor's code small.
        let input = &input;
        let client_id = input.client_id.as_deref().unwrap_or_default();
        if client_id.trim().is_empty() {
            return Err(AuthError::config(F::ClientId, "clientId is required"));
        }
        if client_id.len() > 256 || client_id.chars().any(char::is_control) {
            return Err(AuthError::config(
                F::ClientId,
                "clientId must be a short printable string",
            ));
        }

        let redirect_uri = input
            .redirect_uri
            .as_deref()
            .ok_or_else(|| AuthError::config(F::RedirectUri, "redirectUri is required"))?;
        check_endpoint(redirect_uri, F::RedirectUri)?;

        // An issuer without both endpoints names where they are (OpenID
        // Connect Discovery 1.0): what is not configured stays empty until
        // discovery fills it. Without an issuer, Zählerfreunde's defaults.
        let discover =
            input.issuer.is_some() && (input.authorize_url.is_none() || input.token_url.is_none());
        let endpoint = |u: &'_ Option<String>, default: &'static str, field| {
            let u = match (u.as_deref(), discover) {
                (Some(u), _) => u,
                (None, true) => return Ok(String::new()),
                (None, false) => default,
            };
            check_endpoint(u, field).map(|()| u.to_owned())
        };
        let authorize_url = endpoint(&input.authorize_url, DEFAULT_AUTHORIZE_URL, F::AuthorizeUrl)?;
        let token_url = endpoint(&input.token_url, DEFAULT_TOKEN_URL, F::TokenUrl)?;

        let api_base_url = input
            .api_base_url
            .as_deref()
            .unwrap_or(DEFAULT_API_BASE_URL);
        check_endpoint(api_base_url, F::ApiBaseUrl)?;
        if HttpUrl::parse(api_base_url).is_some_and(|u| u.query.is_some()) {
            return Err(AuthError::config(
                F::ApiBaseUrl,
                "apiBaseUrl must not contain a query",
            ));
        }

        let authorize_origin = origin_of(&authorize_url);
        let token_origin = origin_of(&token_url);
        let logout = match (&input.end_session_url, &input.logout_url) {
            (Some(u), _) => Some((Logout::EndSession(u.clone()), F::EndSessionUrl)),
            (None, Some(u)) => Some((Logout::Auth0(u.clone()), F::LogoutUrl)),
            (None, None) if discover => None,
            (None, None) => Some((
                Logout::Auth0([&authorize_origin, "/v2/logout"].concat()),
                F::LogoutUrl,
            )),
        };
        if let Some((Logout::EndSession(u) | Logout::Auth0(u), field)) = &logout {
            check_endpoint(u, *field)?;
        }
        let revoke_url = match &input.revoke_url {
            Some(u) => Some(u.clone()),
            None if discover => None,
            None => Some([&token_origin, "/oauth/revoke"].concat()),
        };
        if let Some(u) = &revoke_url {
            check_endpoint(u, F::RevokeUrl)?;
        }

        // Auth0 sets `iss` from the domain the login ran on: by default accept
        // the authorize and the token endpoint's origins.
        let issuers = match &input.issuer {
            Some(iss) => {
                if iss.is_empty() || iss.chars().any(char::is_control) {
                    return Err(AuthError::config(
                        F::Issuer,
                        "issuer must be a non-empty string",
                    ));
                }
                vec![iss.clone()]
            }
            None => {
                let mut v = vec![[&authorize_origin, "/"].concat()];
                let token_issuer = [&token_origin, "/"].concat();
                if token_issuer != v[0] {
                    v.push(token_issuer);
                }
                v
            }
        };

        // The signing keys come from jwksUrl, or from the issuer itself, which
        // must then be a URL we may fetch (as to discover from it: with no
        // query, OpenID Connect Discovery 1.0 §2).
        if let Some(u) = &input.jwks_url {
            check_endpoint(u, F::JwksUrl)?;
        }
        if discover || input.jwks_url.is_none() {
            for iss in &issuers {
                let fetchable = check_endpoint(iss, F::Issuer).is_ok()
                    && HttpUrl::parse(iss).is_some_and(|u| u.query.is_none());
                if !fetchable {
                    return Err(AuthError::config(
                        F::Issuer,
                        "issuer must be an https URL without a query, to discover or fetch keys from",
                    ));
                }
            }
        }

        let scope = input.scope.as_deref().unwrap_or(DEFAULT_SCOPE);
        if scope.chars().any(char::is_control) {
            return Err(AuthError::config(F::Scope, "scope must be printable"));
        }

        let leeway_seconds = match input.leeway_seconds {
            None => DEFAULT_LEEWAY_SECONDS,
            Some(s) if (0.0..=86_400.0).contains(&s) && s.fract() == 0.0 => s as u64,
            Some(_) => {
                return Err(AuthError::config(
                    F::LeewaySeconds,
                    "leewaySeconds must be a whole number from 0 to 86400",
                ))
            }
        };
        let timeout_ms = match input.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(t) if (1.0..=600_000.0).contains(&t) && t.fract() == 0.0 => t as u32,
            Some(_) => {
                return Err(AuthError::config(
                    F::TimeoutMs,
                    "timeoutMs must be a whole number from 1 to 600000",
                ))
            }
        };
        let token_request_format = match input.token_request_format.as_deref() {
            None | Some("form") => TokenRequestFormat::Form,
            Some("json") => TokenRequestFormat::Json,
            Some(_) => {
                return Err(AuthError::config(
                    F::TokenRequestFormat,
                    "tokenRequestFormat must be \"form\" or \"json\"",
                ))
            }
        };
        let storage = match input.storage.as_deref() {
            None | Some("session") => StorageKind::Session,
            Some("local") => StorageKind::Local,
            Some("memory") => StorageKind::Memory,
            Some(_) => {
                return Err(AuthError::config(
                    F::Storage,
                    "storage must be \"session\", \"local\" or \"memory\"",
                ))
            }
        };

        Ok(Config {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            authorize_url,
            token_url,
            audience: input
                .audience
                .as_deref()
                .unwrap_or(DEFAULT_AUDIENCE)
                .to_owned(),
            scope: scope.split_whitespace().collect::<Vec<_>>().join(" "),
            api_base_url: api_base_url.trim_end_matches('/').to_owned(),
            logout: logout.map(|(l, _)| l),
            revoke_url,
            discovery: discover.then(|| discovery_url(&issuers[0])),
            issuers,
            jwks_url: input.jwks_url.clone(),
            leeway_seconds,
            timeout_ms,
            token_request_format,
            storage,
            share_session: input.share_session.unwrap_or(true),
            debug: input.debug.unwrap_or(false),
            dpop: input.dpop.unwrap_or(false),
        })
    }

    /// Whether an ID token is expected (OpenID Connect Core §3.1.2.1).
    pub fn requests_openid(&self, scope: &str) -> bool {
        scope.split(' ').any(|s| s == "openid")
    }
}

/// The origin of an already validated URL.
fn origin_of(url: &str) -> String {
    HttpUrl::parse(url).map(|u| u.origin()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;

    fn minimal() -> ConfigInput {
        ConfigInput {
            client_id: Some("client-1".into()),
            redirect_uri: Some("https://app.example/callback".into()),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_follow_the_integration_guide() {
        let c = Config::new(minimal()).unwrap();
        assert_eq!(
            c.authorize_url,
            "https://auth.prod.zaehlerfreunde.com/authorize"
        );
        assert_eq!(
            c.token_url,
            "https://zaehlerfreunde-prod.eu.auth0.com/oauth/token"
        );
        assert_eq!(c.audience, "https://api.prod.zaehlerfreunde.com");
        assert_eq!(c.scope, "openid profile email offline_access");
        assert_eq!(
            c.api_base_url,
            "https://external.prod.zaehlerfreunde.com/partner"
        );
        assert_eq!(
            c.logout,
            Some(Logout::Auth0(
                "https://auth.prod.zaehlerfreunde.com/v2/logout".into()
            ))
        );
        assert_eq!(c.discovery, None);
        assert_eq!(
            c.issuers,
            vec![
                "https://auth.prod.zaehlerfreunde.com/".to_string(),
                "https://zaehlerfreunde-prod.eu.auth0.com/".to_string()
            ]
        );
        assert_eq!(c.leeway_seconds, 60);
        assert_eq!(c.timeout_ms, 10_000);
        assert_eq!(c.token_request_format, TokenRequestFormat::Form);
        assert_eq!(c.storage, StorageKind::Session);
    }

    #[test]
    fn local_backend_derives_logout_and_issuer() {
        let c = Config::new(ConfigInput {
            authorize_url: Some("http://127.0.0.1:3000/authorize".into()),
            token_url: Some("http://127.0.0.1:3000/oauth/token".into()),
            api_base_url: Some("http://127.0.0.1:3001/partner/".into()),
            ..minimal()
        })
        .unwrap();
        assert_eq!(
            c.logout,
            Some(Logout::Auth0("http://127.0.0.1:3000/v2/logout".into()))
        );
        assert_eq!(c.issuers, vec!["http://127.0.0.1:3000/".to_string()]);
        assert_eq!(c.api_base_url, "http://127.0.0.1:3001/partner");
    }

    #[test]
    fn bad_values_fail_at_construction() {
        let cases: Vec<(ConfigInput, ConfigField)> = vec![
            (
                ConfigInput {
                    client_id: None,
                    ..minimal()
                },
                F::ClientId,
            ),
            (
                ConfigInput {
                    client_id: Some("  ".into()),
                    ..minimal()
                },
                F::ClientId,
            ),
            (
                ConfigInput {
                    redirect_uri: None,
                    ..minimal()
                },
                F::RedirectUri,
            ),
            (
                ConfigInput {
                    redirect_uri: Some("/callback".into()),
                    ..minimal()
                },
                F::RedirectUri,
            ),
            (
                ConfigInput {
                    token_url: Some("http://evil.example/token".into()),
                    ..minimal()
                },
                F::TokenUrl,
            ),
            (
                ConfigInput {
                    authorize_url: Some("nope".into()),
                    ..minimal()
                },
                F::AuthorizeUrl,
            ),
            (
                ConfigInput {
                    api_base_url: Some("https://a/x?y".into()),
                    ..minimal()
                },
                F::ApiBaseUrl,
            ),
            (
                ConfigInput {
                    leeway_seconds: Some(-1.0),
                    ..minimal()
                },
                F::LeewaySeconds,
            ),
            (
                ConfigInput {
                    timeout_ms: Some(0.5),
                    ..minimal()
                },
                F::TimeoutMs,
            ),
            (
                ConfigInput {
                    token_request_format: Some("xml".into()),
                    ..minimal()
                },
                F::TokenRequestFormat,
            ),
            (
                ConfigInput {
                    storage: Some("cookie".into()),
                    ..minimal()
                },
                F::Storage,
            ),
            (
                ConfigInput {
                    issuer: Some(String::new()),
                    ..minimal()
                },
                F::Issuer,
            ),
        ];
        for (input, field) in cases {
            let e = Config::new(input).unwrap_err();
            assert_eq!(e.code(), "invalid_config");
            assert_eq!(
                e.code,
                ErrorCode::InvalidConfig(Some(field)),
                "{}",
                e.description
            );
        }
    }

    #[test]
    fn end_session_and_discovery_options_are_checked() {
        let refused = |change: fn(&mut ConfigInput), field| {
            let mut input = minimal();
            change(&mut input);
            let e = Config::new(input).unwrap_err();
            assert_eq!(
                e.code,
                ErrorCode::InvalidConfig(Some(field)),
                "{}",
                e.description
            );
        };
        refused(
            |i| i.end_session_url = Some("http://op.example/logout".into()),
            F::EndSessionUrl,
        );
        // An issuer to discover or fetch keys from: no query, https.
        refused(
            |i| i.issuer = Some("https://op.example/?a".into()),
            F::Issuer,
        );
        refused(
            |i| {
                i.issuer = Some("http://op.example/".into());
                i.jwks_url = Some("https://op.example/keys".into());
            },
            F::Issuer,
        );
        // endSessionUrl: standard logout, in place of logoutUrl.
        let mut input = minimal();
        input.logout_url = Some("https://auth.example/v2/logout".into());
        input.end_session_url = Some("https://auth.example/oidc/logout".into());
        let logout = Config::new(input).unwrap().logout;
        let standard = Logout::EndSession("https://auth.example/oidc/logout".into());
        assert_eq!(logout, Some(standard));
    }

    #[test]
    fn explicit_issuer_is_the_only_one_accepted() {
        let c = Config::new(ConfigInput {
            issuer: Some("https://tenant.eu.auth0.com/".into()),
            ..minimal()
        })
        .unwrap();
        assert_eq!(c.issuers, vec!["https://tenant.eu.auth0.com/".to_string()]);
    }

    /// The option names of a markdown or TypeScript listing, in order.
    fn listed<'a>(
        text: &'a str,
        start: &str,
        end: &str,
        name: fn(&'a str) -> Option<&'a str>,
    ) -> Vec<&'a str> {
        let body = text.split(start).nth(1).expect(start);
        let body = body.split(end).next().unwrap();
        body.lines().filter_map(|l| name(l.trim())).collect()
    }

    #[test]
    fn the_d_ts_and_the_readme_list_exactly_the_table_of_options() {
        let table: Vec<&str> = ConfigField::ALL.iter().map(|f| f.name()).collect();
        let dts = include_str!("../../js/types.d.ts");
        let interface = "export interface ZaehlerfreundeAuthConfig {";
        let declared = listed(dts, interface, "\n}", |l| {
            let (name, _) = l.split_once(':')?;
            (!l.starts_with('*') && !l.starts_with("/*")).then(|| name.trim_end_matches('?'))
        });
        assert_eq!(declared, table, "js/types.d.ts ZaehlerfreundeAuthConfig");
        let readme = include_str!("../../README.md");
        let documented = listed(readme, "## Configuration", "\n## ", |l| {
            l.strip_prefix("| `")?.split('`').next()
        });
        assert_eq!(documented, table, "README.md, Configuration");
        // Each option's TypeScript type fits its kind, and exactly the two
        // required ones are not optional.
        let mut input = ConfigInput::default();
        for &field in ConfigField::ALL {
            let line = dts
                .lines()
                .map(str::trim)
                .find(|l| l.split(['?', ':']).next() == Some(field.name()))
                .unwrap();
            let ty = line.split_once(':').unwrap().1.trim().trim_end_matches(';');
            let fits = match input.slot(field) {
                Slot::Number(_) => ty == "number",
                Slot::Flag(_) => ty == "boolean",
                Slot::Url(_) => ty == "string",
                Slot::Text(_) => ty == "string" || ty.starts_with('"'),
            };
            assert!(fits, "{line}");
            let required = matches!(field, ConfigField::ClientId | ConfigField::RedirectUri);
            assert_eq!(!line.contains("?:"), required, "{line}");
        }
    }
}
