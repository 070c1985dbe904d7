//! Who may do what: roles, the actor a write is recorded under, and API
//! tokens.
//!
//! A token is 32 random bytes (256 bits), shown once; only its SHA-256 is
//! stored. A slow password hash (argon2) buys nothing for a high-entropy
//! random secret and would cost on every request.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Reader,
    Clerk,
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "reader" => Some(Role::Reader),
            "clerk" => Some(Role::Clerk),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Clerk => "clerk",
            Role::Admin => "admin",
        }
    }
}

/// Who made a write, for the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub token_id: Option<String>,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor {
            name: name.into(),
            token_id: None,
        }
    }
}

/// A new random token: `mb_` and 43 characters of base64url.
pub fn generate_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "mb_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = generate_token();
        let b = generate_token();
        assert_ne!(a, b);
        assert!(a.len() >= 40);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn roles_are_ordered_reader_clerk_admin() {
        assert!(Role::Admin > Role::Clerk && Role::Clerk > Role::Reader);
    }
}
