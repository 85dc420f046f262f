//! Authentication. Pure parts that services use: [`password`] (argon2id), [`token`] (HS256
//! access tokens, refresh-token successors, random secrets) and [`user`] ([`AuthUser`], who is
//! calling, with its role checks). The actix side, [`extractor`] (`AuthUser` as a
//! `FromRequest`), depends on the services and is used by routes only: services never import it
//! nor any actix type.

mod extractor;
pub mod password;
pub mod token;
pub mod user;

pub use password::{
    burn_password_time, check_password_rules, hash_password, verify_password, MAX_PASSWORD_CHARS,
    MIN_PASSWORD_CHARS,
};
pub use token::{random_token, sha256_hex, Claims, JwtKeys, AUDIENCE, ISSUER};
pub use user::AuthUser;
