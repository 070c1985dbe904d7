//! Where a webhook may be delivered: a well-formed `http(s)` URL whose host
//! is a public address. Private, loopback, link-local, shared, multicast,
//! documentation and other special ranges are refused unless the operator
//! allows them, so the service cannot be aimed at its own network. The
//! check is made when a subscription is created and again at every
//! delivery, on the addresses the name resolves to then.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let seg = ip.segments();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (seg[0] & 0xfe00) == 0xfc00 // unique local
        || (seg[0] & 0xffc0) == 0xfe80 // link-local
        || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
        || (seg[0] == 0x0064 && seg[1] == 0xff9b) // NAT64 (reaches IPv4 inside)
        || (seg[0] == 0x2002) // 6to4 (reaches IPv4 inside)
        || seg[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible
}

/// Checks a receiver URL: `http` or `https`, a host, no fragment, at most
/// 2000 characters, and (unless `allow_private`) no private address as its
/// host. A name is checked again when it is resolved at delivery.
pub fn check_url(raw: &str, allow_private: bool) -> Result<Url, String> {
    if raw.len() > 2000 {
        return Err("must be at most 2000 characters".into());
    }
    let url = Url::parse(raw.trim()).map_err(|e| format!("is not a valid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be an http:// or https:// URL".into());
    }
    if url.fragment().is_some() {
        return Err("must not have a #fragment".into());
    }
    let ip = match url.host() {
        None => return Err("must name a host".into()),
        Some(Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
        Some(Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if !allow_private && (d == "localhost" || d.ends_with(".localhost")) {
                return Err(
                    "must not be a private or loopback address (MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE)"
                        .into(),
                );
            }
            None
        }
    };
    if let Some(ip) = ip {
        if !allow_private && !is_public(ip) {
            return Err(
                "must not be a private or loopback address (MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE)"
                    .into(),
            );
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
            "2002:7f00:1::",
        ] {
            assert!(!is_public(ip(a)), "{a} is not public");
        }
        for a in ["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111"] {
            assert!(is_public(ip(a)), "{a} is public");
        }
    }

    #[test]
    fn urls_must_be_http_with_a_public_host_unless_allowed() {
        assert!(check_url("https://hooks.example.org/minutebook", false).is_ok());
        assert!(check_url("http://93.184.215.14:8080/x", false).is_ok());
        for bad in [
            "ftp://example.org/",
            "not a url",
            "https://example.org/#frag",
            "http://127.0.0.1:9000/",
            "http://[::1]/",
            "http://localhost/",
            "http://api.localhost/",
            "http://10.0.0.5/",
            "http://169.254.169.254/latest/meta-data",
        ] {
            assert!(check_url(bad, false).is_err(), "{bad} is refused");
        }
        assert!(check_url("http://127.0.0.1:9000/", true).is_ok());
        assert!(check_url("http://localhost:9000/", true).is_ok());
        assert!(check_url(&format!("https://e.org/{}", "a".repeat(2000)), true).is_err());
    }
}
