//! Property tests over the parsers that read untrusted input: they never
//! panic, and what the core writes it reads back unchanged.

use proptest::prelude::*;

use super::callback::{cleaned_url, is_callback, parse_callback, OAUTH_PARAMS};
use super::form;
use super::json::{self, ObjectWriter};
use super::jwt;
use super::secret::{AccessToken, IdToken, RefreshToken};
use super::session::Session;
use super::token::parse_token_response;
use super::transaction::Transaction;
use super::url::{api_url, HttpUrl};

/// Strings biased towards the characters the parsers care about.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z&=?#%+/:.{}\\[\\]\",0-9\\\\ -]{0,80}",
        "(https?://)?[a-z.:0-9\\[\\]@]{0,20}(/[a-z%.]{0,10}){0,3}(\\?[a-z_=&%0-9]{0,40})?(#[a-z_=&]{0,20})?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn json_parse_never_panics(s in hostile()) {
        let _ = json::parse(&s);
    }

    #[test]
    fn json_strings_round_trip(s in any::<String>()) {
        let doc = ObjectWriter::new().string("k", &s).finish();
        let v = json::parse(&doc).unwrap();
        prop_assert_eq!(v.get("k").and_then(|x| x.as_str()), Some(s.as_str()));
    }

    #[test]
    fn form_round_trips(k in any::<String>(), v in any::<String>()) {
        let mut q = String::new();
        form::append_pairs(&mut q, [(k.as_str(), v.as_str())]);
        prop_assert_eq!(form::parse_pairs(&q), Some(vec![(k, v)]));
    }

    #[test]
    fn url_and_callback_parsing_never_panic(s in hostile()) {
        let _ = HttpUrl::parse(&s);
        let _ = is_callback(&s);
        let _ = parse_callback(&s);
        let _ = cleaned_url(&s);
        let with_base = format!("https://app.example/cb?{s}");
        let _ = parse_callback(&with_base);
        let _ = api_url("https://api.example/partner", &s);
    }

    #[test]
    fn cleaned_urls_carry_no_oauth_parameter_and_are_stable(q in "[a-z_]{1,14}=[a-z0-9%]{0,6}(&[a-z_]{1,14}=[a-z0-9]{0,6}){0,6}") {
        let url = format!("https://app.example/cb?code=c&state=s&{q}");
        let clean = cleaned_url(&url).unwrap();
        let query = HttpUrl::parse(&clean).unwrap().query.unwrap_or("");
        for (name, _) in form::parse_pairs(query).unwrap_or_default() {
            prop_assert!(!OAUTH_PARAMS.contains(&name.as_str()));
        }
        prop_assert_eq!(cleaned_url(&clean).unwrap(), clean);
    }

    #[test]
    fn api_urls_stay_under_the_base(path in hostile()) {
        if let Ok(url) = api_url("https://api.example/partner", &path) {
            prop_assert!(url.starts_with("https://api.example/partner"));
            let rest = &url["https://api.example/partner".len()..];
            prop_assert!(rest.is_empty() || rest.starts_with(['/', '?', '#']));
        }
    }

    #[test]
    fn token_response_parsing_never_panics(status in 0u16..1000, retry_after in proptest::option::of(hostile()),
                                           now in any::<u64>(), body in hostile()) {
        let _ = parse_token_response(status, retry_after.as_deref(), now, &body, false);
    }

    #[test]
    fn jwt_decoding_never_panics(a in hostile(), b in hostile(), c in hostile()) {
        let _ = jwt::decode(&format!("{a}.{b}.{c}"));
        let _ = jwt::decode(&a);
    }

    #[test]
    fn stored_records_never_panic(s in hostile()) {
        let _ = Session::from_json(&s);
        let _ = Transaction::from_json(&s);
    }

    #[test]
    fn sessions_round_trip(at in "[A-Za-z0-9._~+/-]{1,40}", rt in proptest::option::of(any::<String>()),
                           id in proptest::option::of(any::<String>()), exp in 0u64..4_000_000_000,
                           scope in any::<String>(), aud in any::<String>(), family in any::<String>()) {
        let s = Session {
            access_token: AccessToken::new(at),
            refresh_token: rt.filter(|r| !r.is_empty()).map(RefreshToken::new),
            id_token: id.filter(|i| !i.is_empty()).map(IdToken::new),
            expires_at: exp,
            scope,
            audience: aud,
            family,
        };
        prop_assert_eq!(Session::from_json(&s.to_json()), Some(s));
    }

    #[test]
    fn tab_messages_round_trip_and_junk_is_refused_or_stable(
        t in prop::sample::select(vec!["hello", "here", "rotated", "ack", "ask", "share", "logout", "bye", "hold", "x"]),
        a in any::<String>(), b in any::<String>(), n in any::<u64>(), junk in hostile(),
    ) {
        use super::tabs::TabMessage;
        // A message with every field a tab may send, and some it may leave out.
        let text = ObjectWriter::new()
            .string("t", t)
            .string("id", &a)
            .string("rt", &b)
            .string("k", &a)
            .string("from", &b)
            .string("to", &a)
            .string("session", &b)
            .string("f", &b)
            .number("s", n)
            .finish();
        for text in [text, junk] {
            if let Some(m) = TabMessage::parse(&text) {
                prop_assert_eq!(TabMessage::parse(&m.encode()), Some(m));
            }
        }
    }
}
