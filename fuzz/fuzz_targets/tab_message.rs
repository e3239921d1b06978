//! Messages from other tabs (BroadcastChannel).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::tabs::{TabMessage, MAX_TAB_MESSAGE_BYTES};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Some(m) = TabMessage::parse(&s) {
        assert!(s.len() <= MAX_TAB_MESSAGE_BYTES);
        assert_eq!(TabMessage::parse(&m.encode()), Some(m));
    }
});
