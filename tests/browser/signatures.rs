//! ID-token signatures, checked by the SDK with WebCrypto. A test signer (also
//! WebCrypto, in the page) makes good tokens for RS256, PS256 and ES256 and
//! each bad case; every bad case must fail with its reason (an
//! `IdTokenCheck` variant, never a description).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use zaehlerfreunde_auth::client::verify_with;
use zaehlerfreunde_auth::core::error::IdTokenCheck;
use zaehlerfreunde_auth::core::jwks::{parse_jwks, Jwks};
use zaehlerfreunde_auth::core::jwt;
use zaehlerfreunde_auth::core::keys::Verified;
use zaehlerfreunde_auth::core::ErrorCode;

fn subtle() -> JsValue {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).unwrap();
    Reflect::get(&crypto, &"subtle".into()).unwrap()
}

async fn call(target: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let f: js_sys::Function = Reflect::get(target, &method.into())
        .unwrap()
        .unchecked_into();
    let args: Array = args.iter().collect();
    let result = f.apply(target, &args).unwrap();
    JsFuture::from(js_sys::Promise::resolve(&result))
        .await
        .unwrap()
}

fn obj(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

struct Signer {
    alg: &'static str,
    private: JsValue,
    public_jwk: JsValue,
}

async fn signer(alg: &'static str, kid: &str) -> Signer {
    let params = match alg {
        "RS256" => obj(r#"{"name":"RSASSA-PKCS1-v1_5","modulusLength":2048,"hash":"SHA-256"}"#),
        "PS256" => obj(r#"{"name":"RSA-PSS","modulusLength":2048,"hash":"SHA-256"}"#),
        _ => obj(r#"{"name":"ECDSA","namedCurve":"P-256"}"#),
    };
    if alg != "ES256" {
        Reflect::set(
            &params,
            &"publicExponent".into(),
            &Uint8Array::from(&[1u8, 0, 1][..]),
        )
        .unwrap();
    }
    let usages = obj(r#"["sign","verify"]"#);
    let pair = call(&subtle(), "generateKey", &[params, true.into(), usages]).await;
    let public = Reflect::get(&pair, &"publicKey".into()).unwrap();
    let jwk = call(&subtle(), "exportKey", &["jwk".into(), public]).await;
    Reflect::set(&jwk, &"kid".into(), &kid.into()).unwrap();
    Signer {
        alg,
        private: Reflect::get(&pair, &"privateKey".into()).unwrap(),
        public_jwk: jwk,
    }
}

impl Signer {
    async fn sign(&self, header: &str, claims: &str) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let params = match self.alg {
            "RS256" => obj(r#"{"name":"RSASSA-PKCS1-v1_5"}"#),
            "PS256" => obj(r#"{"name":"RSA-PSS","saltLength":32}"#),
            _ => obj(r#"{"name":"ECDSA","hash":"SHA-256"}"#),
        };
        let data = Uint8Array::from(input.as_bytes());
        let sig = call(
            &subtle(),
            "sign",
            &[params, self.private.clone(), data.into()],
        )
        .await;
        format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(Uint8Array::new(&sig).to_vec())
        )
    }
}

fn jwks(signers: &[&Signer]) -> Jwks {
    let keys: Array = signers.iter().map(|s| s.public_jwk.clone()).collect();
    let set = Object::new();
    Reflect::set(&set, &"keys".into(), &keys).unwrap();
    parse_jwks(&JSON::stringify(&set).unwrap().as_string().unwrap()).unwrap()
}

const CLAIMS: &str =
    r#"{"iss":"https://idp.example/","sub":"anna","aud":"cid","exp":9999999999,"iat":1}"#;

async fn check(jwks: &Jwks, token: &str) -> Result<Verified, IdTokenCheck> {
    let decoded = jwt::decode(token)?;
    verify_with(jwks, &decoded).await.map_err(|e| {
        assert_eq!(e.code(), "id_token_invalid");
        match e.code {
            ErrorCode::IdTokenInvalid(check) => check,
            other => panic!("not id_token_invalid: {other:?}"),
        }
    })
}

#[wasm_bindgen_test]
async fn tokens_signed_with_rs256_ps256_and_es256_verify() {
    for alg in ["RS256", "PS256", "ES256"] {
        let s = signer(alg, &format!("k-{alg}")).await;
        let token = s
            .sign(&format!(r#"{{"alg":"{alg}","kid":"k-{alg}"}}"#), CLAIMS)
            .await;
        assert_eq!(
            check(&jwks(&[&s]), &token).await,
            Ok(Verified::Valid),
            "{alg}"
        );
    }
}

#[wasm_bindgen_test]
async fn each_bad_token_fails_with_its_reason() {
    let rs = signer("RS256", "k1").await;
    let other_rs = signer("RS256", "k1").await; // same kid, another key
    let ps = signer("PS256", "k2").await;
    let es = signer("ES256", "k3").await;
    let set = jwks(&[&rs, &ps, &es]);

    let good = rs.sign(r#"{"alg":"RS256","kid":"k1"}"#, CLAIMS).await;
    let mut parts: Vec<&str> = good.split('.').collect();
    let tampered_claims = URL_SAFE_NO_PAD.encode(CLAIMS.replace("anna", "mallory"));
    parts[1] = &tampered_claims;
    let tampered = parts.join(".");

    use IdTokenCheck::*;
    let cases: Vec<(&str, String, IdTokenCheck)> = vec![
        (
            "signed by another key",
            other_rs.sign(r#"{"alg":"RS256","kid":"k1"}"#, CLAIMS).await,
            Signature,
        ),
        ("claims changed after signing", tampered, Signature),
        (
            "alg none",
            format!(
                "{}.{}.c2ln",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"k1"}"#),
                URL_SAFE_NO_PAD.encode(CLAIMS)
            ),
            AlgNone,
        ),
        (
            "HS256",
            format!(
                "{}.{}.c2ln",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","kid":"k1"}"#),
                URL_SAFE_NO_PAD.encode(CLAIMS)
            ),
            AlgSymmetric,
        ),
        (
            "alg differs from the key's",
            ps.sign(r#"{"alg":"PS256","kid":"k1"}"#, CLAIMS).await,
            KeyAlg,
        ),
        (
            "EC alg on an RSA key",
            es.sign(r#"{"alg":"ES256","kid":"k1"}"#, CLAIMS).await,
            KeyType,
        ),
        (
            "crit names an extension, with a valid signature",
            rs.sign(
                r#"{"alg":"RS256","kid":"k1","crit":["x-unknown"],"x-unknown":1}"#,
                CLAIMS,
            )
            .await,
            Crit,
        ),
        (
            "no kid, several keys",
            rs.sign(r#"{"alg":"RS256"}"#, CLAIMS).await,
            NoKid,
        ),
        (
            "no signature",
            format!(
                "{}.{}.",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1"}"#),
                URL_SAFE_NO_PAD.encode(CLAIMS)
            ),
            NoSignature,
        ),
        (
            "ES256 signature of the wrong size",
            {
                let t = es.sign(r#"{"alg":"ES256","kid":"k3"}"#, CLAIMS).await;
                format!("{}AAAA", t)
            },
            SignatureLength,
        ),
    ];
    for (name, token, reason) in cases {
        let outcome = check(&set, &token).await;
        assert_eq!(outcome, Err(reason), "{name}");
    }
}

#[wasm_bindgen_test]
async fn an_unknown_kid_asks_for_a_fresh_key_set_and_a_single_key_needs_no_kid() {
    let rs = signer("RS256", "current").await;
    let stale = signer("RS256", "retired").await;
    let token = rs.sign(r#"{"alg":"RS256","kid":"current"}"#, CLAIMS).await;
    assert_eq!(
        check(&jwks(&[&stale]), &token).await,
        Ok(Verified::UnknownKid)
    );
    let no_kid = rs.sign(r#"{"alg":"RS256"}"#, CLAIMS).await;
    assert_eq!(check(&jwks(&[&rs]), &no_kid).await, Ok(Verified::Valid));
}
