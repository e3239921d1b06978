//! DPoP, sender-constrained tokens (RFC 9449): what a proof says and how it
//! is assembled, the key's thumbprint, the access-token hash, and the nonces
//! servers hand out. The browser shell signs (WebCrypto ES256 with a
//! non-extractable key); this module builds the text it signs, puts the
//! signature in place, and decides what a nonce challenge asks for.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::json::ObjectWriter;
use super::secret::AccessToken;
use super::url::HttpUrl;

/// The longest `DPoP-Nonce` value taken (RFC 9449 §8.1 sets no limit; a
/// nonce is an opaque token, and one this long is not one).
pub const MAX_NONCE_LEN: usize = 512;
/// The longest `WWW-Authenticate` value read for a DPoP challenge.
pub const MAX_CHALLENGE_LEN: usize = 4096;
/// How many servers' nonces are remembered (the token endpoint and the
/// partner API are two).
pub const MAX_NONCE_SERVERS: usize = 8;

/// An EC P-256 public key as a JWK (RFC 7517 §4, RFC 7518 §6.2.1): its `x`
/// and `y` coordinates, base64url as WebCrypto's `exportKey('jwk')` gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicJwk {
    /// The x coordinate (RFC 7518 §6.2.1.2).
    pub x: String,
    /// The y coordinate (RFC 7518 §6.2.1.3).
    pub y: String,
}

impl PublicJwk {
    /// The key's required members in lexicographic order, no whitespace:
    /// the JWK a proof's header carries and the input of its thumbprint
    /// (RFC 7638 §3.2, §3.3).
    pub fn json(&self) -> String {
        ObjectWriter::new()
            .string("crv", "P-256")
            .string("kty", "EC")
            .string("x", &self.x)
            .string("y", &self.y)
            .finish()
    }

    /// The JWK SHA-256 thumbprint (RFC 7638 §3.1): the access token's
    /// `cnf.jkt` (RFC 9449 §6) and the authorize request's `dpop_jkt` (§10).
    pub fn thumbprint(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.json()))
    }
}

/// `htu` (RFC 9449 §4.2): the request's URL without query and fragment; the
/// scheme and host lower-cased and a default port left out, as the server
/// compares it after RFC 3986 §6.2.2-6.2.3 normalization. `None` for what is
/// not an absolute http(s) URL.
pub fn htu(url: &str) -> Option<String> {
    let parsed = HttpUrl::parse(url)?;
    let mut out = parsed.origin();
    let default_port = if parsed.is_https() { ":443" } else { ":80" };
    if out.ends_with(default_port) {
        out.truncate(out.len() - default_port.len());
    }
    out.push_str(if parsed.path.is_empty() {
        "/"
    } else {
        parsed.path
    });
    Some(out)
}

/// `ath` (RFC 9449 §4.2): BASE64URL(SHA-256(ASCII(access token))), in the
/// proofs of requests that carry the token.
pub fn ath(token: &AccessToken) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.secret().as_bytes()))
}

/// What a proof claims (RFC 9449 §4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofClaims {
    /// A unique identifier, from the CSPRNG (`jti`).
    pub jti: String,
    /// The request's method (`htm`), e.g. `POST`.
    pub htm: String,
    /// The request's URL as [`htu`] gives it.
    pub htu: String,
    /// The creation time in seconds since the epoch (`iat`).
    pub iat: u64,
    /// The access token's hash, for resource requests ([`ath`]).
    pub ath: Option<String>,
    /// The server's latest nonce, when it gave one (§8, §9).
    pub nonce: Option<String>,
}

/// The JWS signing input of a proof (RFC 7515 §5.1): BASE64URL(header) "."
/// BASE64URL(claims), the header `typ: dpop+jwt`, `alg: ES256` and the
/// public key (RFC 9449 §4.2). The shell signs it with the private key.
pub fn signing_input(jwk: &PublicJwk, claims: &ProofClaims) -> String {
    let header = ObjectWriter::new()
        .string("typ", "dpop+jwt")
        .string("alg", "ES256")
        .raw("jwk", &jwk.json())
        .finish();
    let body = ObjectWriter::new()
        .string("jti", &claims.jti)
        .string("htm", &claims.htm)
        .string("htu", &claims.htu)
        .number("iat", claims.iat)
        .opt_string("ath", claims.ath.as_deref())
        .opt_string("nonce", claims.nonce.as_deref())
        .finish();
    let mut out = URL_SAFE_NO_PAD.encode(header);
    out.push('.');
    out.push_str(&URL_SAFE_NO_PAD.encode(body));
    out
}

/// The compact proof for the `DPoP` header: the signing input, ".", and the
/// base64url ES256 signature, which is r ‖ s, 64 octets (RFC 7518 §3.4), as
/// WebCrypto's ECDSA gives it. `None` for a signature of another length.
pub fn proof(signing_input: &str, signature: &[u8]) -> Option<String> {
    if signature.len() != 64 {
        return None;
    }
    let mut out = String::with_capacity(signing_input.len() + 87);
    out.push_str(signing_input);
    out.push('.');
    out.push_str(&URL_SAFE_NO_PAD.encode(signature));
    Some(out)
}

/// A `DPoP-Nonce` header's value (RFC 9449 §8.1: `nonce = 1*NQCHAR`, NQCHAR
/// = %x21 / %x23-5B / %x5D-7E), at most [`MAX_NONCE_LEN`] long; `None` for
/// anything else.
pub fn nonce_header(value: &str) -> Option<&str> {
    let nqchar = |b: u8| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b);
    (!value.is_empty() && value.len() <= MAX_NONCE_LEN && value.bytes().all(nqchar))
        .then_some(value)
}

/// Whether a resource server's `WWW-Authenticate` has a `DPoP` challenge
/// with `error="use_dpop_nonce"` (RFC 9449 §9, challenge syntax of RFC 9110
/// §11.6.1: scheme, then comma-separated `name=value` parameters, the value
/// a token or a quoted string). A value over [`MAX_CHALLENGE_LEN`] is not read.
pub fn resource_wants_nonce(www_authenticate: &str) -> bool {
    if www_authenticate.len() > MAX_CHALLENGE_LEN {
        return false;
    }
    let mut rest = www_authenticate;
    let mut in_dpop = false;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        let end = rest.find(['=', ',', ' ', '\t']).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        if word.is_empty() {
            return false;
        }
        let after = after.trim_start_matches([' ', '\t']);
        if let Some(value_and_more) = after.strip_prefix('=') {
            // A parameter of the current challenge.
            let value = value_and_more.trim_start_matches([' ', '\t']);
            let Some((nonce, more)) = param_is(value, "use_dpop_nonce") else {
                return false;
            };
            if in_dpop && nonce && word.eq_ignore_ascii_case("error") {
                return true;
            }
            rest = more;
        } else {
            // A new challenge's scheme (or token68-less scheme alone).
            in_dpop = word.eq_ignore_ascii_case("DPoP");
            rest = after;
        }
    }
}

/// Whether the parameter value at the start of `s`, a token or a quoted
/// string (RFC 9110 §5.6.2, §5.6.4, its escapes undone), is `want`, and what
/// follows it; `None` when malformed. Compared as read: nothing is copied.
fn param_is<'a>(s: &'a str, want: &str) -> Option<(bool, &'a str)> {
    let Some(quoted) = s.strip_prefix('"') else {
        let end = s.find([',', ' ', '\t']).unwrap_or(s.len());
        let (value, more) = s.split_at(end);
        return (!value.is_empty()).then_some((value == want, more));
    };
    let mut want = want.chars();
    let mut same = true;
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        let c = match c {
            '"' => return Some((same && want.next().is_none(), &quoted[i + 1..])),
            '\\' => chars.next()?.1,
            c => c,
        };
        same &= want.next() == Some(c);
    }
    None
}

/// What to do with an answer that asks for a nonce (RFC 9449 §8.2, §9.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NonceStep {
    /// Send the request once more, its proof carrying this nonce.
    Retry(String),
    /// Do not retry: the request already carried the nonce now asked for, or
    /// it was the retry, or no usable nonce came (the answer is the error).
    GiveUp,
}

/// The latest nonce of each server (by origin), bounded to
/// [`MAX_NONCE_SERVERS`]: the oldest server is forgotten first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nonces {
    by_origin: Vec<(String, String)>,
}

impl Nonces {
    /// The nonce to put in the next proof for `origin`.
    pub fn get(&self, origin: &str) -> Option<&str> {
        self.by_origin
            .iter()
            .find(|(o, _)| o == origin)
            .map(|(_, n)| n.as_str())
    }

    /// Notes a `DPoP-Nonce` header from `origin` (on any answer: a server
    /// may rotate its nonce on a success, §8.2); an invalid value is ignored.
    pub fn remember(&mut self, origin: &str, header: &str) {
        let Some(nonce) = nonce_header(header) else {
            return;
        };
        self.by_origin.retain(|(o, _)| o != origin);
        if self.by_origin.len() == MAX_NONCE_SERVERS {
            self.by_origin.remove(0);
        }
        self.by_origin.push((origin.to_string(), nonce.to_string()));
    }

    /// Decides on an answer from `origin` that asks for a nonce (the token
    /// endpoint's `use_dpop_nonce` error, §8; a resource server's challenge,
    /// [`resource_wants_nonce`], §9), with its `DPoP-Nonce` header (if any).
    /// `sent` is the nonce the refused proof carried, `retried` whether the
    /// request was already the retry: one retry per request, and only with a
    /// nonce other than the one just refused, so a server that keeps asking
    /// is an error, never a loop.
    pub fn on_challenge(
        &mut self,
        origin: &str,
        header: Option<&str>,
        sent: Option<&str>,
        retried: bool,
    ) -> NonceStep {
        if let Some(h) = header {
            self.remember(origin, h);
        }
        match self.get(origin) {
            Some(nonce) if !retried && Some(nonce) != sent => NonceStep::Retry(nonce.to_string()),
            _ => NonceStep::GiveUp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The public key of RFC 9449's examples (§4.1).
    fn rfc9449_key() -> PublicJwk {
        PublicJwk {
            x: "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs".into(),
            y: "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA".into(),
        }
    }

    /// RFC 7638 §3.1's example (an RSA key): the thumbprint is the SHA-256
    /// of the required members in order; the same code path as `thumbprint`.
    #[test]
    fn rfc7638_example_thumbprint() {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let json = ObjectWriter::new()
            .string("e", "AQAB")
            .string("kty", "RSA")
            .string("n", n)
            .finish();
        assert_eq!(
            URL_SAFE_NO_PAD.encode(Sha256::digest(json)),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    /// RFC 9449 §6.1: the `jkt` of the examples' key.
    #[test]
    fn rfc9449_example_jkt() {
        let key = rfc9449_key();
        assert_eq!(
            key.json(),
            r#"{"crv":"P-256","kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#
        );
        assert_eq!(
            key.thumbprint(),
            "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
        );
    }

    /// RFC 9449 §7.1: the `ath` of the example access token.
    #[test]
    fn rfc9449_example_ath() {
        let token = AccessToken::new("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU".into());
        assert_eq!(ath(&token), "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    }

    #[test]
    fn htu_drops_query_fragment_and_default_ports() {
        for (url, want) in [
            (
                "https://Server.Example.COM/token?x=1#f",
                "https://server.example.com/token",
            ),
            ("HTTPS://a.example:443/p", "https://a.example/p"),
            ("http://127.0.0.1:80", "http://127.0.0.1/"),
            (
                "http://127.0.0.1:4400/oauth/token",
                "http://127.0.0.1:4400/oauth/token",
            ),
            ("https://a.example:80/p", "https://a.example:80/p"),
            ("https://a.example:4430/p", "https://a.example:4430/p"),
        ] {
            assert_eq!(htu(url).as_deref(), Some(want), "{url}");
        }
        assert_eq!(htu("ftp://a/b"), None);
        assert_eq!(htu("/relative"), None);
    }

    /// The proof of RFC 9449 §4.1's example, but for the signature (ES256
    /// signatures are randomized): the same header and claims.
    #[test]
    fn signing_input_is_the_rfc_header_and_claims() {
        let claims = ProofClaims {
            jti: "-BwC3ESc6acc2lTc".into(),
            htm: "POST".into(),
            htu: "https://server.example.com/token".into(),
            iat: 1562262616,
            ath: None,
            nonce: None,
        };
        let input = signing_input(&rfc9449_key(), &claims);
        let (h, c) = input.split_once('.').unwrap();
        let text = |s: &str| String::from_utf8(URL_SAFE_NO_PAD.decode(s).unwrap()).unwrap();
        assert_eq!(
            text(h),
            r#"{"typ":"dpop+jwt","alg":"ES256","jwk":{"crv":"P-256","kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}}"#
        );
        assert_eq!(
            text(c),
            r#"{"jti":"-BwC3ESc6acc2lTc","htm":"POST","htu":"https://server.example.com/token","iat":1562262616}"#
        );
        let with = ProofClaims {
            ath: Some("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo".into()),
            nonce: Some("eyJ7S_zG.eyJH0-Z.HX4w-7v".into()),
            ..claims
        };
        let input = signing_input(&rfc9449_key(), &with);
        assert!(text(input.split_once('.').unwrap().1).ends_with(
            r#","ath":"fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo","nonce":"eyJ7S_zG.eyJH0-Z.HX4w-7v"}"#
        ));
    }

    #[test]
    fn a_proof_takes_only_a_64_octet_signature() {
        let p = proof("h.c", &[0xff; 64]).unwrap();
        assert_eq!(p.split('.').count(), 3);
        assert_eq!(
            URL_SAFE_NO_PAD
                .decode(p.rsplit('.').next().unwrap())
                .unwrap(),
            [0xff; 64]
        );
        assert_eq!(proof("h.c", &[0; 63]), None);
        // A DER-encoded signature (what other APIs give) is refused, not sent.
        assert_eq!(proof("h.c", &[0x30; 70]), None);
    }

    #[test]
    fn nonce_headers_are_nqchar_and_bounded() {
        assert_eq!(
            nonce_header("eyJ7S_zG.eyJH0-Z.HX4w-7v"),
            Some("eyJ7S_zG.eyJH0-Z.HX4w-7v")
        );
        for bad in ["", "a b", "a\"b", "a\\b", "é", "a\nb"] {
            assert_eq!(nonce_header(bad), None, "{bad:?}");
        }
        assert!(nonce_header(&"n".repeat(MAX_NONCE_LEN)).is_some());
        assert_eq!(nonce_header(&"n".repeat(MAX_NONCE_LEN + 1)), None);
    }

    #[test]
    fn resource_nonce_challenges() {
        for yes in [
            r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#,
            r#"dpop algs="ES256", error=use_dpop_nonce"#,
            r#"Bearer realm="x", DPoP error="use_dpop_nonce""#,
            r#"DPoP error_description="a \"quoted\", comma", error="use_dpop_nonce""#,
        ] {
            assert!(resource_wants_nonce(yes), "{yes}");
        }
        for no in [
            r#"Bearer error="use_dpop_nonce""#,
            r#"DPoP error="invalid_token""#,
            r#"DPoP error="use_dpop_nonce"#,
            r#"DPoP error="#,
            "",
            "DPoP",
            "=,=",
        ] {
            assert!(!resource_wants_nonce(no), "{no}");
        }
        let long = format!(
            r#"DPoP error="use_dpop_nonce", x="{}""#,
            "a".repeat(MAX_CHALLENGE_LEN)
        );
        assert!(!resource_wants_nonce(&long), "over the limit: not read");
    }

    #[test]
    fn one_retry_per_request_and_only_with_a_new_nonce() {
        let mut n = Nonces::default();
        let as_ = "https://as.example";
        // First request without a nonce: the server gives one, one retry.
        assert_eq!(
            n.on_challenge(as_, Some("n1"), None, false),
            NonceStep::Retry("n1".into())
        );
        assert_eq!(n.get(as_), Some("n1"));
        // The retry is refused again: no second retry, whatever it says.
        assert_eq!(
            n.on_challenge(as_, Some("n2"), Some("n1"), true),
            NonceStep::GiveUp
        );
        // A later request carried n2 and the server asks for n2 again: a loop, not a retry.
        assert_eq!(
            n.on_challenge(as_, Some("n2"), Some("n2"), false),
            NonceStep::GiveUp
        );
        // No usable nonce in the answer: nothing to retry with.
        let mut fresh = Nonces::default();
        assert_eq!(
            fresh.on_challenge(as_, Some("bad nonce"), None, false),
            NonceStep::GiveUp
        );
        assert_eq!(
            fresh.on_challenge(as_, None, None, false),
            NonceStep::GiveUp
        );
    }

    #[test]
    fn nonces_are_per_server_and_bounded() {
        let mut n = Nonces::default();
        n.remember("https://as.example", "a");
        n.remember("https://rs.example", "r");
        n.remember("https://as.example", "a2");
        assert_eq!(n.get("https://as.example"), Some("a2"));
        assert_eq!(n.get("https://rs.example"), Some("r"));
        for i in 0..MAX_NONCE_SERVERS {
            n.remember(&format!("https://s{i}.example"), "x");
        }
        assert_eq!(n.by_origin.len(), MAX_NONCE_SERVERS);
        assert_eq!(n.get("https://rs.example"), None, "the oldest is forgotten");
    }
}
