//! Wall-clock time, for token expiry.

/// Seconds since the Unix epoch, from `Date.now()`.
pub fn now_secs() -> u64 {
    let ms = js_sys::Date::now();
    if ms.is_finite() && ms > 0.0 {
        (ms / 1000.0) as u64
    } else {
        0
    }
}
