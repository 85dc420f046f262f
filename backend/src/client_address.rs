//! The client's address, for throttling: the TCP peer, or, behind a trusted reverse proxy, the
//! right-most entry of the one header that proxy writes.
//!
//! Only the right-most entry is the proxy's own statement: everything to its left, and any other
//! forwarding header, came from the client and may be forged. So `Forwarded` is ignored unless
//! `client_address_header = "forwarded"`, and `X-Forwarded-For` is then ignored in its turn.

use std::future::{ready, Ready};
use std::net::{IpAddr, SocketAddr};

use actix_web::http::header::HeaderMap;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};

use crate::config::Settings;
use crate::error::ApiError;
use crate::startup::AppState;

/// Extractor: the address sign-in and enrolment attempts are counted under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl FromRequest for ClientAddress {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let address = match req.app_data::<web::Data<AppState>>() {
            Some(state) => client_address(req, &state.settings),
            None => peer(req),
        };
        ready(Ok(ClientAddress(address)))
    }
}

fn peer(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub fn client_address(req: &HttpRequest, settings: &Settings) -> String {
    if !settings.trust_forwarded {
        return peer(req);
    }
    let proxied = match settings.client_address_header.as_str() {
        "forwarded" => rightmost_forwarded(req.headers()),
        _ => rightmost_x_forwarded_for(req.headers()),
    };
    // A proxy that sent nothing usable: count the proxy itself (safe: it only throttles more).
    proxied
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| peer(req))
}

/// `203.0.113.7`, `[2001:db8::1]:4711`, `203.0.113.7:4711`, `2001:db8::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = node.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    node.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(inside, _)| inside.parse().ok())
}

fn rightmost_entry<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .last()
}

pub fn rightmost_x_forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    rightmost_entry(headers, "x-forwarded-for").and_then(parse_node)
}

/// RFC 7239: the `for=` parameter of the last element.
pub fn rightmost_forwarded(headers: &HeaderMap) -> Option<IpAddr> {
    rightmost_entry(headers, "forwarded")?
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
        .and_then(|(_, value)| parse_node(value))
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    #[test]
    fn only_the_rightmost_hop_counts() {
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.1, 10.0.0.1"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(
            rightmost_x_forwarded_for(&h),
            Some("203.0.113.9".parse().unwrap())
        );
        let h = headers(&[(
            "forwarded",
            "for=198.51.100.1, for=\"[2001:db8::7]:4711\";proto=https",
        )]);
        assert_eq!(
            rightmost_forwarded(&h),
            Some("2001:db8::7".parse().unwrap())
        );
        assert_eq!(
            rightmost_forwarded(&headers(&[("forwarded", "for=unknown")])),
            None
        );
        assert_eq!(rightmost_x_forwarded_for(&headers(&[])), None);
    }
}
