//! What sessionStorage may hold: sessions and login transactions.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zaehlerfreunde_auth::core::session::{Session, MAX_SESSION_BYTES};
use zaehlerfreunde_auth::core::transaction::Transaction;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Some(session) = Session::from_json(&s) {
        assert!(s.len() <= MAX_SESSION_BYTES);
        assert_eq!(Session::from_json(&session.to_json()), Some(session), "a read session writes back the same");
    }
    if let Ok(tx) = Transaction::from_json(&s) {
        assert_eq!(Transaction::from_json(&tx.to_json()).ok(), Some(tx));
    }
});
