//! Standard Webhooks signatures (<https://www.standardwebhooks.com>):
//! `webhook-signature: v1,<base64 HMAC-SHA256>` over
//! `msg_id.timestamp.body`, keyed with the base64-decoded part of a
//! `whsec_…` secret.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

pub const SECRET_PREFIX: &str = "whsec_";

/// A new secret: `whsec_` and 24 random bytes in base64 (192 bits, the
/// size the specification suggests).
pub fn new_secret() -> String {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The signing key of a secret; `None` for one that is not `whsec_` and
/// base64.
pub fn key(secret: &str) -> Option<Vec<u8>> {
    let b64 = secret.strip_prefix(SECRET_PREFIX)?;
    STANDARD.decode(b64).ok().filter(|k| !k.is_empty())
}

/// The `webhook-signature` header value for one attempt.
pub fn signature(key: &[u8], msg_id: &str, timestamp: i64, body: &str) -> String {
    // HMAC takes a key of any length.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(msg_id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_specification_example() {
        // The test vector of the Standard Webhooks libraries.
        let k = key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            signature(
                &k,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                r#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn a_changed_body_or_timestamp_changes_the_signature() {
        let k = key(&new_secret()).unwrap();
        let a = signature(&k, "msg_1", 1, "{}");
        assert_ne!(a, signature(&k, "msg_1", 1, "{ }"));
        assert_ne!(a, signature(&k, "msg_1", 2, "{}"));
        assert_ne!(a, signature(&k, "msg_2", 1, "{}"));
    }

    #[test]
    fn secrets_are_random_whsec_base64_of_24_bytes() {
        let a = new_secret();
        assert!(a.starts_with("whsec_"));
        assert_eq!(key(&a).unwrap().len(), 24);
        assert_ne!(a, new_secret());
        assert!(key("nope").is_none());
        assert!(key("whsec_!!!").is_none());
    }
}
