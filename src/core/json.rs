//! A small, strict JSON (RFC 8259) reader and writer for the few documents the
//! protocol exchanges: token responses, JWT headers and claims, and our own
//! stored records. Strict where it matters for security: no trailing data,
//! no duplicate object members (RFC 7519 §4 lets a JWT parser reject them),
//! a nesting limit, and no panics on any input.

/// A parsed JSON value. Objects keep member order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (RFC 8259 §6), as the nearest `f64`; never infinite or NaN.
    Number(f64),
    /// A string (RFC 8259 §7), with its escapes decoded.
    String(String),
    /// An array (RFC 8259 §5).
    Array(Vec<Json>),
    /// An object (RFC 8259 §4): its members in document order, each name
    /// once.
    Object(Vec<(String, Json)>),
}

/// Why a document is not accepted. Deliberately carries no input text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not one JSON text by the grammar of RFC 8259 §2, or a number beyond
    /// the range of `f64`.
    Syntax,
    /// Arrays and objects nested more than 32 deep (RFC 8259 §9 lets a
    /// parser limit nesting).
    TooDeep,
    /// An object repeats a member name (RFC 8259 §4 leaves the meaning open;
    /// RFC 7519 §4 lets a JWT parser reject it).
    DuplicateKey,
    /// An object has more than 512 members.
    TooLarge,
}

const MAX_DEPTH: usize = 32;
const MAX_MEMBERS: usize = 512;

/// Parses one JSON text (RFC 8259 §2): a single value with optional
/// whitespace around it, and nothing after it.
pub fn parse(input: &str) -> Result<Json, JsonError> {
    let mut p = Parser {
        s: input.as_bytes(),
        i: 0,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(JsonError::Syntax);
    }
    Ok(v)
}

impl Json {
    /// The member `key` of an object; `None` for other values or a missing key.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string; `None` for other values.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a number; `None` for other values.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// A non-negative whole number that fits in u64 exactly enough for seconds.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 9.0e15 => Some(*n as u64),
            _ => None,
        }
    }

    /// The items of an array; `None` for other values.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Whether the value is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> Result<(), JsonError> {
        if self.s.get(self.i..self.i + lit.len()) == Some(lit) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep);
        }
        match self.peek().ok_or(JsonError::Syntax)? {
            b'n' => self.eat(b"null").map(|_| Json::Null),
            b't' => self.eat(b"true").map(|_| Json::Bool(true)),
            b'f' => self.eat(b"false").map(|_| Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' => self.array(depth),
            b'{' => self.object(depth),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(JsonError::Syntax),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(JsonError::Syntax),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.i += 1;
        let mut members: Vec<(String, Json)> = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(JsonError::Syntax);
            }
            let key = self.string()?;
            self.ws();
            self.eat(b":")?;
            self.ws();
            let value = self.value(depth + 1)?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(JsonError::DuplicateKey);
            }
            // Bounds the duplicate check (and what an object may cost); no
            // document of the protocol comes close.
            if members.len() == MAX_MEMBERS {
                return Err(JsonError::TooLarge);
            }
            members.push((key, value));
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(JsonError::Syntax),
            }
        }
        Ok(Json::Object(members))
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(JsonError::Syntax),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(JsonError::Syntax);
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(JsonError::Syntax);
            }
            self.digits();
        }
        let n = number_value(&self.s[start..self.i]).ok_or(JsonError::Syntax)?;
        if n.is_finite() {
            Ok(Json::Number(n))
        } else {
            Err(JsonError::Syntax)
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(JsonError::Syntax),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go.
            let start = self.i;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // The input is a &str and the run stops only at ASCII bytes, so the
            // slice is on character boundaries.
            out.push_str(
                std::str::from_utf8(&self.s[start..self.i]).map_err(|_| JsonError::Syntax)?,
            );
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = self.peek().ok_or(JsonError::Syntax)?;
                    self.i += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(JsonError::Syntax),
                    }
                }
                _ => return Err(JsonError::Syntax), // control character or end of input
            }
        }
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            self.eat(b"\\u")?;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(JsonError::Syntax);
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or(JsonError::Syntax)
    }
}

/// The value of a number the grammar already accepted. Whole numbers up to
/// 2^53 are exact (all the protocol has: `expires_in`, `exp`, `iat`); others
/// are close approximations. Written out rather than with `str::parse::<f64>`,
/// whose tables would be most of the SDK's WebAssembly size.
fn number_value(text: &[u8]) -> Option<f64> {
    let (negative, rest) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut mantissa = 0f64;
    let mut scale = 0i32;
    let mut i = 0;
    while let Some(d @ b'0'..=b'9') = rest.get(i) {
        mantissa = mantissa * 10.0 + f64::from(d - b'0');
        i += 1;
    }
    if rest.get(i) == Some(&b'.') {
        i += 1;
        while let Some(d @ b'0'..=b'9') = rest.get(i) {
            mantissa = mantissa * 10.0 + f64::from(d - b'0');
            scale -= 1;
            i += 1;
        }
    }
    if let Some(b'e' | b'E') = rest.get(i) {
        i += 1;
        let sign = match rest.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let mut exp = 0i32;
        while let Some(d @ b'0'..=b'9') = rest.get(i) {
            exp = exp.saturating_mul(10).saturating_add(i32::from(d - b'0'));
            i += 1;
        }
        scale = scale.saturating_add(sign * exp);
    }
    let value = if scale >= 0 {
        mantissa * pow10(scale)
    } else {
        mantissa / pow10(scale.saturating_neg())
    };
    Some(if negative { -value } else { value })
}

fn pow10(mut e: i32) -> f64 {
    let mut result = 1f64;
    let mut base = 10f64;
    while e > 0 {
        if e & 1 == 1 {
            result *= base;
        }
        base *= base;
        e >>= 1;
    }
    result
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `n` in decimal digits (without `core::fmt`, which the shipped module
/// otherwise carries only for its dependencies' panic messages).
pub fn decimal(mut n: u64) -> String {
    let mut digits = Vec::with_capacity(20);
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// Builds a flat JSON object member by member.
pub struct ObjectWriter {
    out: String,
}

impl ObjectWriter {
    /// An object with no members yet.
    pub fn new() -> Self {
        ObjectWriter {
            out: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_str(&mut self.out, key);
        self.out.push(':');
    }

    /// Adds the member `key` with a string value.
    pub fn string(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        write_str(&mut self.out, value);
        self
    }

    /// Adds the member `key` with a string value; `None` leaves the member
    /// out.
    pub fn opt_string(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.string(key, v),
            None => self,
        }
    }

    /// Adds the member `key` with `json`, a JSON text written by the caller
    /// (e.g. a nested object from another writer).
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// Adds the member `key` with a whole-number value.
    pub fn number(mut self, key: &str, value: u64) -> Self {
        self.key(key);
        self.out.push_str(&decimal(value));
        self
    }

    /// Closes the object and returns its JSON text.
    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

impl Default for ObjectWriter {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits() {
        for n in [0, 7, 10, 99, 1_000_000_007, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn parses_a_token_response() {
        let v = parse(r#" {"access_token":"a\u00e9\ud83d\ude00","expires_in":86400,"x":[true,false,null,-1.5e2]} "#)
            .unwrap();
        assert_eq!(v.get("access_token").unwrap().as_str(), Some("aé😀"));
        assert_eq!(v.get("expires_in").unwrap().as_u64(), Some(86400));
        assert_eq!(
            v.get("x").unwrap().as_array().unwrap(),
            &[
                Json::Bool(true),
                Json::Bool(false),
                Json::Null,
                Json::Number(-150.0)
            ]
        );
    }

    #[test]
    fn rejects_malformed_documents() {
        for bad in [
            "",
            "{",
            "}",
            "{\"a\"}",
            "{\"a\":1,}",
            "[1,]",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "nul",
            "{} x",
            "[1] [2]",
            "1e999",
            "{\"a\":1 \"b\":2}",
            "\"abc",
        ] {
            assert!(parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn rejects_duplicate_members_and_deep_nesting() {
        assert_eq!(
            parse(r#"{"a":1,"b":2,"a":3}"#),
            Err(JsonError::DuplicateKey)
        );
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep), Err(JsonError::TooDeep));
        let ok = "[".repeat(30) + &"]".repeat(30);
        assert!(parse(&ok).is_ok());
        let wide = |n: usize| {
            format!(
                "{{{}}}",
                (0..n)
                    .map(|i| format!("\"k{i}\":{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        assert!(parse(&wide(512)).is_ok());
        assert_eq!(parse(&wide(513)), Err(JsonError::TooLarge));
    }

    #[test]
    fn writes_and_reads_back_any_string() {
        let s = "quote\" back\\ nl\n ctl\u{1} é 😀";
        let doc = ObjectWriter::new().string("k", s).number("n", 7).finish();
        let v = parse(&doc).unwrap();
        assert_eq!(v.get("k").unwrap().as_str(), Some(s));
        assert_eq!(v.get("n").unwrap().as_u64(), Some(7));
    }

    #[test]
    fn numbers_have_their_values() {
        for (text, value) in [
            ("0", 0.0),
            ("-0", 0.0),
            ("86400", 86400.0),
            ("1796003019", 1796003019.0),
            ("9007199254740992", 9007199254740992.0),
            ("-1.5e2", -150.0),
            ("2.5", 2.5),
            ("1E3", 1000.0),
            ("125e-3", 0.125),
        ] {
            assert_eq!(parse(text), Ok(Json::Number(value)), "{text}");
        }
        assert_eq!(parse("1e400"), Err(JsonError::Syntax));
        assert_eq!(parse("1e-400"), Ok(Json::Number(0.0)));
    }

    #[test]
    fn as_u64_refuses_fractions_and_negatives() {
        assert_eq!(Json::Number(1.5).as_u64(), None);
        assert_eq!(Json::Number(-1.0).as_u64(), None);
        assert_eq!(Json::String("5".into()).as_u64(), None);
    }
}
