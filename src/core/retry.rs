//! When a partner-API request is sent again, and after how long: 429 (RFC
//! 6585 §4) for any method, 503 (RFC 9110 §15.6.4) and a failed connection
//! only for idempotent methods (RFC 9110 §9.2.2), at most [`MAX_RETRIES`]
//! times. The wait is the server's `Retry-After` (RFC 9110 §10.2.3) when it
//! sent one, else exponential backoff with full jitter. Sans-IO: the caller
//! passes the clock and the random draw.

/// Retries after the first attempt, at most: four requests in all.
pub const MAX_RETRIES: u32 = 3;
/// The backoff before the first retry is drawn from 0 to this; it doubles
/// with each retry.
pub const BASE_DELAY_MS: u64 = 500;
/// The longest wait. A `Retry-After` beyond it is not waited for: the
/// response goes to the caller as it is, with its header.
pub const MAX_DELAY_MS: u64 = 30_000;

/// How an attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt<'a> {
    /// An HTTP response with this status and `Retry-After` header, if any.
    Answered(u16, Option<&'a str>),
    /// No response: the connection failed (not a timeout, not an abort).
    NoConnection,
}

/// Whether `method` is idempotent (RFC 9110 §9.2.2): sending it twice has
/// the effect of sending it once. Methods are case-sensitive (§9.1); fetch
/// writes the standard ones in upper case.
pub fn is_idempotent(method: &str) -> bool {
    matches!(
        method,
        "GET" | "HEAD" | "OPTIONS" | "TRACE" | "PUT" | "DELETE"
    )
}

/// How long to wait before sending the request again, or `None` to hand the
/// outcome to the caller. `retries` is how many retries were made so far,
/// `now_ms` the time (epoch milliseconds, for an HTTP-date) and `jitter` a
/// random draw from [0, 1).
pub fn retry_delay(
    method: &str,
    attempt: Attempt<'_>,
    retries: u32,
    now_ms: u64,
    jitter: f64,
) -> Option<u64> {
    if retries >= MAX_RETRIES {
        return None;
    }
    let retry_after = match attempt {
        Attempt::Answered(429, retry_after) => retry_after,
        Attempt::Answered(503, retry_after) if is_idempotent(method) => retry_after,
        Attempt::NoConnection if is_idempotent(method) => None,
        _ => return None,
    };
    match retry_after.and_then(|v| parse_retry_after(v, now_ms)) {
        Some(ms) if ms > MAX_DELAY_MS => None,
        Some(ms) => Some(ms),
        None => Some(backoff(retries, jitter)),
    }
}

/// Full jitter (a uniform draw from 0 to the exponential bound): retries of
/// many clients spread out instead of arriving together.
pub fn backoff(retries: u32, jitter: f64) -> u64 {
    let bound = BASE_DELAY_MS
        .saturating_mul(1 << retries.min(16))
        .min(MAX_DELAY_MS);
    let jitter = if (0.0..1.0).contains(&jitter) {
        jitter
    } else {
        0.0
    };
    (bound as f64 * jitter) as u64
}

/// `Retry-After` in milliseconds from `now_ms`: delay-seconds, or an
/// HTTP-date (RFC 9110 §5.6.7, IMF-fixdate) that is 0 when past. `None` for
/// anything else, which the caller treats as no header. The value is as the
/// Headers API gives it, without surrounding whitespace (RFC 9110 §5.5).
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.as_bytes();
    if let Some(seconds) = digits(value) {
        return Some(seconds.saturating_mul(1000));
    }
    let at = imf_fixdate_ms(value)?;
    Some(at.saturating_sub(now_ms))
}

/// A wait in milliseconds as whole seconds, rounded up (saturating).
pub fn whole_seconds(ms: u64) -> u32 {
    ms.div_ceil(1000).try_into().unwrap_or(u32::MAX)
}

/// The number a run of ASCII digits spells (saturating); `None` for an empty
/// run or any other byte.
pub fn digits(b: &[u8]) -> Option<u64> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0u64, |n, &d| {
        d.is_ascii_digit()
            .then(|| n.saturating_mul(10).saturating_add(u64::from(d - b'0')))
    })
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` as epoch milliseconds.
fn imf_fixdate_ms(b: &[u8]) -> Option<u64> {
    // The fixed layout "Www, DD Mmm YYYY HH:MM:SS GMT": a fixed-size array,
    // so that every index below is checked at compile time.
    let b: &[u8; 29] = b.try_into().ok()?;
    if &b[3..5] != b", " || &b[25..] != b" GMT" {
        return None;
    }
    let separators = [(7, b' '), (11, b' '), (16, b' '), (19, b':'), (22, b':')];
    if separators.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let field = |from: usize, to: usize| digits(&b[from..to]);
    const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
    let month = MONTHS.chunks(3).position(|m| m == &b[8..11])? as u64 + 1;
    let (day, year) = (field(5, 7)?, field(12, 16)?);
    let (hour, minute, second) = (field(17, 19)?, field(20, 22)?, field(23, 25)?);
    if !(1..=31).contains(&day) || year < 1970 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days from the civil date (H. Hinnant's algorithm), for years ≥ 1970.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT

    #[test]
    fn retry_after_in_seconds_or_as_an_http_date() {
        assert_eq!(parse_retry_after("1", NOW), Some(1000));
        assert_eq!(parse_retry_after("120", NOW), Some(120_000));
        assert_eq!(parse_retry_after("0", NOW), Some(0));
        assert_eq!(
            parse_retry_after("99999999999999999999999", NOW),
            Some(u64::MAX)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", NOW),
            Some(0)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:39 GMT", NOW),
            Some(2000)
        );
        assert_eq!(
            parse_retry_after("Mon, 07 Nov 1994 08:49:37 GMT", NOW),
            Some(86_400_000)
        );
        assert_eq!(
            parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", NOW),
            Some(0),
            "past"
        );
        assert_eq!(
            parse_retry_after("Wed, 02 Dec 2026 04:30:00 GMT", 0),
            Some(1_796_185_800_000)
        );
        assert_eq!(
            parse_retry_after("Thu, 29 Feb 2024 00:00:00 GMT", 0),
            Some(1_709_164_800_000)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMTx",
            "Sun, 06 Nov 19x4 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:4é:37 GM",
        ] {
            assert_eq!(parse_retry_after(bad, NOW), None, "{bad}");
        }
    }

    #[test]
    fn which_outcomes_are_retried() {
        let busy = Attempt::Answered(429, None);
        let down = Attempt::Answered(503, None);
        for method in ["GET", "HEAD", "PUT", "DELETE", "POST", "PATCH", "patch"] {
            assert!(
                retry_delay(method, busy, 0, NOW, 0.5).is_some(),
                "{method} on 429"
            );
        }
        for method in ["GET", "HEAD", "PUT", "DELETE"] {
            assert!(
                retry_delay(method, down, 0, NOW, 0.5).is_some(),
                "{method} on 503"
            );
            assert!(retry_delay(method, Attempt::NoConnection, 0, NOW, 0.5).is_some());
        }
        for method in ["POST", "PATCH"] {
            assert_eq!(
                retry_delay(method, down, 0, NOW, 0.5),
                None,
                "{method} on 503"
            );
            assert_eq!(
                retry_delay(method, Attempt::NoConnection, 0, NOW, 0.5),
                None
            );
        }
        for status in [200, 201, 204, 400, 401, 404, 500, 502, 504] {
            assert_eq!(
                retry_delay("GET", Attempt::Answered(status, Some("1")), 0, NOW, 0.5),
                None
            );
        }
    }

    #[test]
    fn at_most_three_retries() {
        let busy = Attempt::Answered(429, Some("1"));
        assert_eq!(retry_delay("GET", busy, 0, NOW, 0.0), Some(1000));
        assert_eq!(retry_delay("GET", busy, 2, NOW, 0.0), Some(1000));
        assert_eq!(retry_delay("GET", busy, 3, NOW, 0.0), None);
    }

    #[test]
    fn retry_after_is_honoured_and_bounded() {
        let after = |v| retry_delay("GET", Attempt::Answered(503, Some(v)), 0, NOW, 0.9);
        assert_eq!(after("2"), Some(2000));
        assert_eq!(after("30"), Some(30_000));
        assert_eq!(
            after("31"),
            None,
            "longer than the cap: the caller gets the 503"
        );
        assert_eq!(after("Sun, 06 Nov 1994 08:49:47 GMT"), Some(10_000));
        // An unreadable header is no header: backoff.
        assert_eq!(after("later"), Some(450));
    }

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_bound() {
        for retries in 0..MAX_RETRIES {
            let bound = BASE_DELAY_MS << retries;
            assert_eq!(backoff(retries, 0.0), 0);
            assert_eq!(backoff(retries, 0.5), bound / 2);
            assert!(backoff(retries, 0.999_999) < bound);
        }
        assert_eq!(backoff(40, 0.999_999), MAX_DELAY_MS - 1);
        assert_eq!(backoff(1, 1.0), 0, "a draw outside [0, 1) is taken as 0");
        assert_eq!(backoff(1, f64::NAN), 0);
    }
}
