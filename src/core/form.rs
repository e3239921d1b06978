//! Percent-encoding for query strings and `application/x-www-form-urlencoded`
//! bodies (RFC 3986 §2.1, WHATWG URL §5).

/// Encodes everything but RFC 3986 unreserved characters. `%20` for a space
/// is valid in both query strings and form bodies.
pub fn encode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

/// Appends `name=value` pairs, `&`-separated, to `out`.
pub fn append_pairs<'a>(out: &mut String, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
    for (name, value) in pairs {
        if !out.is_empty() && !out.ends_with('?') && !out.ends_with('&') {
            out.push('&');
        }
        encode(name, out);
        out.push('=');
        encode(value, out);
    }
}

/// Decodes one form component: `+` is a space, `%XX` a byte. `None` when a
/// percent sequence is broken or the bytes are not UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = hex_val(*b.get(i + 1)?)?;
                let lo = hex_val(*b.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Splits `a=1&b=2` into decoded pairs, in order. Empty pieces are skipped,
/// a piece without `=` has an empty value (as URLSearchParams does).
pub fn parse_pairs(s: &str) -> Option<Vec<(String, String)>> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_non_ascii() {
        let mut out = String::new();
        encode("openid profile&x=ü/~", &mut out);
        assert_eq!(out, "openid%20profile%26x%3D%C3%BC%2F~");
    }

    #[test]
    fn round_trips() {
        let mut q = String::new();
        append_pairs(&mut q, [("a b", "c&d=e"), ("ü", "+%")]);
        assert_eq!(
            parse_pairs(&q).unwrap(),
            vec![("a b".into(), "c&d=e".into()), ("ü".into(), "+%".into())]
        );
    }

    #[test]
    fn decoding_refuses_broken_input() {
        assert_eq!(decode("%"), None);
        assert_eq!(decode("%4"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%ff"), None); // not UTF-8
        assert_eq!(decode("a+b%21").as_deref(), Some("a b!"));
        assert_eq!(
            parse_pairs("&a&b=&=c&&").unwrap(),
            vec![
                ("a".into(), "".into()),
                ("b".into(), "".into()),
                ("".into(), "c".into())
            ]
        );
    }
}
