//! Just enough of absolute `http(s)` URLs for configuration checks, callback
//! parsing and building requests — no general URL parser (and none of its size).

use super::config::ConfigField;
use super::error::{AuthError, ErrorCode};

/// An absolute http or https URL split at its delimiters (RFC 3986 §3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpUrl<'a> {
    /// `http` or `https`, in any case (RFC 3986 §3.1).
    pub scheme: &'a str,
    /// `host[:port]`, lower-cased comparison is left to callers.
    pub authority: &'a str,
    /// The host of `authority` without the port, as written: a name, an IPv4
    /// address or a bracketed IPv6 address (RFC 3986 §3.2.2).
    pub host: &'a str,
    /// Starts with `/`, or is empty.
    pub path: &'a str,
    /// What follows `?` up to any `#`, without the `?` (RFC 3986 §3.4).
    pub query: Option<&'a str>,
    /// What follows `#`, without the `#` (RFC 3986 §3.5).
    pub fragment: Option<&'a str>,
}

impl<'a> HttpUrl<'a> {
    /// Parses an absolute http(s) URL; `None` for anything else, including
    /// whitespace, control characters, userinfo and an empty host.
    pub fn parse(s: &'a str) -> Option<HttpUrl<'a>> {
        if s.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return None;
        }
        // (Byte offsets of ASCII delimiters and checked splits: no slicing
        // that could panic.)
        let (scheme, rest) = s.split_at_checked(s.find(':')?)?;
        let rest = rest.strip_prefix("://")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        let (before_fragment, fragment) = match rest.split_once('#') {
            Some((a, f)) => (a, Some(f)),
            None => (rest, None),
        };
        let (before_query, query) = match before_fragment.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (before_fragment, None),
        };
        let (authority, path) = match before_query.find('/') {
            Some(i) => before_query.split_at_checked(i)?,
            None => (before_query, ""),
        };
        if authority.is_empty() || authority.contains('@') || authority.contains('\\') {
            return None;
        }
        let host = if authority.starts_with('[') {
            let (host, after) = authority.split_at_checked(authority.find(']')? + 1)?;
            if !(after.is_empty() || valid_port(after.strip_prefix(':')?)) {
                return None;
            }
            host
        } else {
            match authority.rsplit_once(':') {
                Some((h, port)) => {
                    if !valid_port(port) {
                        return None;
                    }
                    h
                }
                None => authority,
            }
        };
        if host.is_empty() || path.contains('\\') {
            return None;
        }
        Some(HttpUrl {
            scheme,
            authority,
            host,
            path,
            query,
            fragment,
        })
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("https")
    }

    /// `localhost`, `127.0.0.0/8` or `[::1]` (RFC 8252 §7.3 loopback).
    pub fn is_loopback(&self) -> bool {
        let h = self.host;
        if h.eq_ignore_ascii_case("localhost") || h == "[::1]" {
            return true;
        }
        let parts: Vec<&str> = h.split('.').collect();
        parts.len() == 4
            && parts[0] == "127"
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    }

    /// `scheme://authority`, lower-cased as origins are compared.
    pub fn origin(&self) -> String {
        let mut o = self.scheme.to_ascii_lowercase();
        o.push_str("://");
        o.push_str(&self.authority.to_ascii_lowercase());
        o
    }

    /// The origin and path, with an empty path written as `/`: what a
    /// redirect URI is compared by.
    pub fn origin_and_path(&self) -> String {
        let mut o = self.origin();
        o.push_str(if self.path.is_empty() { "/" } else { self.path });
        o
    }
}

/// A port (RFC 3986 §3.2.3) a connection can use: digits, at most 65535.
fn valid_port(p: &str) -> bool {
    // Digit strings of one length compare as their numbers.
    !p.is_empty()
        && p.bytes().all(|b| b.is_ascii_digit())
        && (p.len() < 5 || p.len() == 5 && p <= "65535")
}

/// Checks a configured endpoint: absolute, https unless loopback, no fragment
/// (RFC 6749 §3.1, §3.1.2).
pub fn check_endpoint(s: &str, field: ConfigField) -> Result<(), AuthError> {
    let problem = match HttpUrl::parse(s) {
        None => " must be an absolute http(s) URL",
        Some(url) if !url.is_https() && !url.is_loopback() => {
            " must use https (http is allowed only for loopback hosts)"
        }
        Some(url) if url.fragment.is_some() => " must not contain a fragment",
        Some(_) => return Ok(()),
    };
    Err(AuthError::config(field, [field.name(), problem].concat()))
}

/// `base` with `query` appended, keeping any query `base` already has
/// (RFC 6749 §3.1: the endpoint's own query MUST be retained).
pub fn with_query(base: &str, query: &str) -> String {
    let mut out = String::from(base);
    if query.is_empty() {
        return out;
    }
    out.push(match base.contains('?') {
        true if base.ends_with('?') || base.ends_with('&') => return out + query,
        true => '&',
        false => '?',
    });
    out.push_str(query);
    out
}

/// Resolves a partner-API path against `base` (which has no trailing slash).
/// An absolute URL is accepted only under `base`: the access token is sent to
/// the partner API and nowhere else. Dot segments are refused for the same
/// reason.
pub fn api_url(base: &str, path: &str) -> Result<String, AuthError> {
    let outside = || {
        AuthError::new(
            ErrorCode::InvalidRequest,
            "the URL is outside apiBaseUrl; the access token is only sent to the partner API",
        )
    };
    let url = if path.as_bytes().windows(3).any(|w| w == b"://") || path.starts_with("//") {
        let under = path
            .strip_prefix(base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
        if !under || HttpUrl::parse(path).is_none() {
            return Err(outside());
        }
        path.to_owned()
    } else {
        let sep = if path.is_empty() || path.starts_with(['/', '?']) {
            ""
        } else {
            "/"
        };
        [base, sep, path].concat()
    };
    let path_part = url
        .get(base.len()..)
        .and_then(|rest| rest.split(['?', '#']).next())
        .unwrap_or("");
    // Browsers read `\` as `/` in http(s) paths (WHATWG URL): it would be a
    // segment separator the dot-segment check does not see.
    let dot_segment = path_part.split('/').any(is_dot_segment);
    if dot_segment || path_part.contains('\\') || url.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err(outside());
    }
    Ok(url)
}

/// `.` or `..`, with any dot percent-encoded (`%2e`, `%2E`).
fn is_dot_segment(seg: &str) -> bool {
    let (mut rest, mut dots) = (seg, 0);
    while let Some(next) = rest.strip_prefix('.').or_else(|| {
        rest.get(..3)
            .filter(|d| d.eq_ignore_ascii_case("%2e"))
            .and_then(|_| rest.get(3..))
    }) {
        (rest, dots) = (next, dots + 1);
    }
    rest.is_empty() && (dots == 1 || dots == 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_parts() {
        let u = HttpUrl::parse("https://Auth.Example.com:8443/a/b?x=1&y#frag").unwrap();
        assert_eq!(u.host, "Auth.Example.com");
        assert_eq!(u.path, "/a/b");
        assert_eq!(u.query, Some("x=1&y"));
        assert_eq!(u.fragment, Some("frag"));
        assert_eq!(u.origin(), "https://auth.example.com:8443");
        let u = HttpUrl::parse("http://[::1]:3000").unwrap();
        assert!(u.is_loopback());
        assert_eq!(u.origin_and_path(), "http://[::1]:3000/");
    }

    #[test]
    fn refuses_what_is_not_an_absolute_http_url() {
        for bad in [
            "",
            "/relative",
            "javascript:alert(1)",
            "ftp://x/",
            "https://",
            "https://user@host/",
            "https://host:port/",
            "https://host:/",
            "https://host:65536/",
            "https://host:99999/",
            "https://[::1]:65536/",
            "https://host:+80/",
            "https://ho st/",
            "https://host/\n",
            "https://[::1/",
            "https://:80/",
            "https://host\\@evil/",
        ] {
            assert!(HttpUrl::parse(bad).is_none(), "accepted {bad:?}");
        }
    }

    #[test]
    fn ports_up_to_65535() {
        for good in [
            "http://host:0/",
            "http://host:65535/",
            "http://[::1]:65535/",
        ] {
            assert!(HttpUrl::parse(good).is_some(), "refused {good:?}");
        }
    }

    #[test]
    fn loopback_hosts() {
        for (u, lb) in [
            ("http://localhost:1/", true),
            ("http://127.0.0.1/", true),
            ("http://127.1.2.3/", true),
            ("http://127.0.0.1.evil.com/", false),
            ("http://localhost.evil.com/", false),
            ("http://example.com/", false),
        ] {
            assert_eq!(HttpUrl::parse(u).unwrap().is_loopback(), lb, "{u}");
        }
    }

    #[test]
    fn endpoint_checks() {
        let authorize = ConfigField::AuthorizeUrl;
        assert!(check_endpoint("https://a.example/authorize", authorize).is_ok());
        assert!(check_endpoint("http://127.0.0.1:3000/authorize", authorize).is_ok());
        for (bad, field) in [
            ("http://a.example/authorize", authorize),
            ("https://a.example/x#f", ConfigField::TokenUrl),
            ("not a url", ConfigField::TokenUrl),
        ] {
            let e = check_endpoint(bad, field).unwrap_err();
            assert_eq!(e.code(), "invalid_config");
            assert_eq!(e.code, ErrorCode::InvalidConfig(Some(field)), "{bad}");
        }
    }

    #[test]
    fn api_urls_stay_under_the_base() {
        let base = "https://api.example/partner";
        assert_eq!(
            api_url(base, "/spaces?page=1").unwrap(),
            "https://api.example/partner/spaces?page=1"
        );
        assert_eq!(
            api_url(base, "spaces").unwrap(),
            "https://api.example/partner/spaces"
        );
        assert_eq!(api_url(base, "").unwrap(), base);
        assert_eq!(
            api_url(base, "https://api.example/partner/spaces").unwrap(),
            "https://api.example/partner/spaces"
        );
        for bad in [
            "https://evil.example/partner/spaces",
            "https://api.example/partnerX/spaces",
            "https://api.example.evil/partner",
            "//evil.example/x",
            "/../admin",
            "/spaces/%2E%2E/admin",
            "/a/./b",
            "/spaces\n",
            "/x\u{0}",
            "/..\\admin",
            "/%2e%2e\\admin",
            "spaces\\..\\..\\admin",
            "https://api.example/partner/..\\admin",
        ] {
            assert_eq!(
                api_url(base, bad).unwrap_err().code(),
                "invalid_request",
                "{bad}"
            );
        }
    }

    /// The dot-segment check against its definition (decode `%2e`, compare),
    /// over every string of up to 6 characters from the relevant alphabet.
    #[test]
    fn dot_segments_match_their_definition() {
        fn by_definition(seg: &str) -> bool {
            let decoded = seg.to_ascii_lowercase().replace("%2e", ".");
            decoded == "." || decoded == ".."
        }
        let alphabet = ['.', '%', '2', 'e', 'E', 'a'];
        let mut segs = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = segs
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for seg in &longer {
                assert_eq!(is_dot_segment(seg), by_definition(seg), "{seg:?}");
            }
            segs = longer;
        }
        assert!(!is_dot_segment(""));
    }

    #[test]
    fn appends_queries() {
        assert_eq!(with_query("https://a/x", "b=1"), "https://a/x?b=1");
        assert_eq!(with_query("https://a/x?a=0", "b=1"), "https://a/x?a=0&b=1");
        assert_eq!(with_query("https://a/x?", "b=1"), "https://a/x?b=1");
        assert_eq!(with_query("https://a/x", ""), "https://a/x");
    }
}
