//! JSON Web Tokens as the authorization server needs them: compact serialization, the
//! sandbox's ES256 key for ID tokens (published as a JWKS), and verification of tokens signed
//! by an external OpenID provider's ES256 (P-256) or RS256 keys from a JWKS file.
//!
//! RS256 is verified with a small big-number modular exponentiation written here (public-key
//! arithmetic only, so timing does not matter): the workspace has no RSA crate.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub fn b64(data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(data)
}

/// `header.payload.signature`, the signature made by `sign` over `header.payload`.
pub fn encode(header: &Value, claims: &Value, sign: impl FnOnce(&[u8]) -> Vec<u8>) -> String {
    let signed = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = sign(signed.as_bytes());
    format!("{signed}.{}", b64(&signature))
}

/// A compact JWS taken apart (not verified).
pub struct Parts<'a> {
    pub header: Value,
    pub claims: Value,
    pub signing_input: &'a str,
    pub signature: Vec<u8>,
}

impl Parts<'_> {
    pub fn alg(&self) -> &str {
        self.header["alg"].as_str().unwrap_or_default()
    }

    pub fn kid(&self) -> Option<&str> {
        self.header["kid"].as_str()
    }
}

pub fn split(token: &str) -> Result<Parts<'_>, &'static str> {
    let (signing_input, signature) = token.rsplit_once('.').ok_or("malformed token")?;
    let (header, payload) = signing_input.split_once('.').ok_or("malformed token")?;
    let decode = |s: &str| URL_SAFE_NO_PAD.decode(s).map_err(|_| "malformed token");
    let header: Value = serde_json::from_slice(&decode(header)?).map_err(|_| "malformed token")?;
    let claims: Value = serde_json::from_slice(&decode(payload)?).map_err(|_| "malformed token")?;
    if !header.is_object() || !claims.is_object() {
        return Err("malformed token");
    }
    Ok(Parts {
        header,
        claims,
        signing_input,
        signature: decode(signature)?,
    })
}

/// RFC 7638 thumbprint of a P-256 public key: its `kid`.
fn ec_thumbprint(x: &str, y: &str) -> String {
    let canonical = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
    b64(&Sha256::digest(canonical.as_bytes()))
}

/// The sandbox's ID-token signing key (ES256).
pub struct EsKey {
    signing: SigningKey,
    pub kid: String,
    x: String,
    y: String,
}

impl EsKey {
    pub fn new(secret: &p256::SecretKey) -> Self {
        let signing = SigningKey::from(secret);
        let point = signing.verifying_key().to_encoded_point(false);
        let x = b64(point.x().map(|x| x.as_slice()).unwrap_or_default());
        let y = b64(point.y().map(|y| y.as_slice()).unwrap_or_default());
        EsKey {
            signing,
            kid: ec_thumbprint(&x, &y),
            x,
            y,
        }
    }

    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({ "alg": "ES256", "typ": "JWT", "kid": self.kid });
        encode(&header, claims, |data| {
            let signature: Signature = self.signing.sign(data);
            signature.to_bytes().to_vec()
        })
    }

    /// The public key as a JWK.
    pub fn jwk(&self) -> Value {
        json!({
            "kty": "EC", "crv": "P-256", "x": self.x, "y": self.y,
            "kid": self.kid, "use": "sig", "alg": "ES256"
        })
    }

    /// Checks the signature of a token this key signed; answers its claims (not checked).
    pub fn verify(&self, token: &str) -> Result<Value, &'static str> {
        let parts = split(token)?;
        if parts.alg() != "ES256" || parts.kid() != Some(self.kid.as_str()) {
            return Err("not signed by this server");
        }
        let signature = Signature::from_slice(&parts.signature).map_err(|_| "bad signature")?;
        self.signing
            .verifying_key()
            .verify(parts.signing_input.as_bytes(), &signature)
            .map_err(|_| "bad signature")?;
        Ok(parts.claims)
    }
}

/// A public key of a JWKS.
#[derive(Clone, Debug)]
pub enum PublicKey {
    Es256(VerifyingKey),
    Rs256 { n: Vec<u8>, e: Vec<u8> },
}

#[derive(Clone, Debug, Default)]
pub struct Jwks {
    pub keys: Vec<(Option<String>, PublicKey)>,
}

impl Jwks {
    /// Reads a JWKS document. Keys of other types (or for encryption) are skipped; a document
    /// without one usable key is an error.
    pub fn parse(text: &str) -> Result<Jwks, String> {
        let doc: Value =
            serde_json::from_str(text).map_err(|e| format!("not a JWKS JSON document: {e}"))?;
        let keys = doc["keys"]
            .as_array()
            .ok_or("a JWKS is an object with a \"keys\" array")?;
        let mut jwks = Jwks::default();
        for key in keys {
            if key["use"].as_str().is_some_and(|u| u != "sig") {
                continue;
            }
            let kid = key["kid"].as_str().map(str::to_string);
            let field = |name: &str| {
                key[name]
                    .as_str()
                    .and_then(|v| URL_SAFE_NO_PAD.decode(v).ok())
                    .ok_or_else(|| format!("key {kid:?}: \"{name}\" is missing or not base64url"))
            };
            match (key["kty"].as_str(), key["crv"].as_str()) {
                (Some("EC"), Some("P-256")) => {
                    let (x, y) = (field("x")?, field("y")?);
                    if x.len() != 32 || y.len() != 32 {
                        return Err(format!("key {kid:?}: x and y must be 32 bytes"));
                    }
                    let sec1 = [&[4u8][..], &x, &y].concat();
                    let key = VerifyingKey::from_sec1_bytes(&sec1)
                        .map_err(|_| format!("key {kid:?}: not a point on P-256"))?;
                    jwks.keys.push((kid, PublicKey::Es256(key)));
                }
                (Some("RSA"), _) => {
                    let (n, e) = (field("n")?, field("e")?);
                    let n = strip_zeros(&n).to_vec();
                    if n.len() < 256 {
                        return Err(format!("key {kid:?}: RSA keys under 2048 bits are refused"));
                    }
                    jwks.keys.push((
                        kid,
                        PublicKey::Rs256 {
                            n,
                            e: strip_zeros(&e).to_vec(),
                        },
                    ));
                }
                _ => {}
            }
        }
        if jwks.keys.is_empty() {
            return Err("the JWKS has no EC P-256 or RSA signing key".into());
        }
        Ok(jwks)
    }

    /// Checks the token's signature with the key its header names (`kid`, or every key of the
    /// algorithm's type when the header names none); answers the claims (not checked).
    pub fn verify(&self, parts: &Parts<'_>) -> Result<(), &'static str> {
        let alg = parts.alg();
        if alg != "ES256" && alg != "RS256" {
            return Err("the token's algorithm is not ES256 or RS256");
        }
        let candidates: Vec<&PublicKey> = self
            .keys
            .iter()
            .filter(|(kid, _)| parts.kid().is_none() || kid.as_deref() == parts.kid())
            .map(|(_, key)| key)
            .filter(|key| {
                matches!(
                    (alg, key),
                    ("ES256", PublicKey::Es256(_)) | ("RS256", PublicKey::Rs256 { .. })
                )
            })
            .collect();
        if candidates.is_empty() {
            return Err("no key of the trusted JWKS matches the token's kid");
        }
        let message = parts.signing_input.as_bytes();
        let ok = candidates.iter().any(|key| match key {
            PublicKey::Es256(key) => Signature::from_slice(&parts.signature)
                .is_ok_and(|s| key.verify(message, &s).is_ok()),
            PublicKey::Rs256 { n, e } => rs256_verify(n, e, message, &parts.signature),
        });
        if ok {
            Ok(())
        } else {
            Err("invalid token signature")
        }
    }
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2.2).
pub fn rs256_verify(n: &[u8], e: &[u8], message: &[u8], signature: &[u8]) -> bool {
    const DIGEST_INFO: [u8; 19] = [
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
        0x05, 0x00, 0x04, 0x20,
    ];
    let k = n.len();
    if signature.len() != k || k < 11 + DIGEST_INFO.len() + 32 {
        return false;
    }
    let modulus = bignum::from_be(n);
    let s = bignum::from_be(signature);
    if bignum::cmp(&s, &modulus) != std::cmp::Ordering::Less {
        return false;
    }
    let m = bignum::modpow(&s, &bignum::from_be(e), &modulus);
    let Some(em) = bignum::to_be(&m, k) else {
        return false;
    };
    let mut expected = vec![0u8, 1];
    expected.resize(k - DIGEST_INFO.len() - 32 - 1, 0xff);
    expected.push(0);
    expected.extend_from_slice(&DIGEST_INFO);
    expected.extend_from_slice(&Sha256::digest(message));
    em == expected
}

/// Unsigned big numbers as little-endian `u64` limbs: just enough for `s^e mod n`.
mod bignum {
    use std::cmp::Ordering;

    pub fn from_be(bytes: &[u8]) -> Vec<u64> {
        let mut limbs = Vec::with_capacity(bytes.len() / 8 + 1);
        for chunk in bytes.rchunks(8) {
            let mut limb = 0u64;
            for &b in chunk {
                limb = (limb << 8) | u64::from(b);
            }
            limbs.push(limb);
        }
        limbs
    }

    /// Big-endian in exactly `len` bytes, `None` if it does not fit.
    pub fn to_be(a: &[u64], len: usize) -> Option<Vec<u8>> {
        let bytes: Vec<u8> = a.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        let significant = &bytes[start..];
        if significant.len() > len {
            return None;
        }
        let mut out = vec![0u8; len - significant.len()];
        out.extend_from_slice(significant);
        Some(out)
    }

    pub fn cmp(a: &[u64], b: &[u64]) -> Ordering {
        for i in (0..a.len().max(b.len())).rev() {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            match x.cmp(&y) {
                Ordering::Equal => continue,
                other => return other,
            }
        }
        Ordering::Equal
    }

    fn mul(a: &[u64], b: &[u64]) -> Vec<u64> {
        let mut out = vec![0u64; a.len() + b.len()];
        for (i, &x) in a.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &y) in b.iter().enumerate() {
                let t = u128::from(x) * u128::from(y) + u128::from(out[i + j]) + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
            out[i + b.len()] = carry as u64;
        }
        out
    }

    /// `a -= b`, with `a >= b`.
    fn sub_assign(a: &mut [u64], b: &[u64]) {
        let mut borrow = false;
        for (i, limb) in a.iter_mut().enumerate() {
            let y = b.get(i).copied().unwrap_or(0);
            let (d1, b1) = limb.overflowing_sub(y);
            let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
            *limb = d2;
            borrow = b1 || b2;
        }
    }

    /// `a mod n` by binary long division.
    fn rem(a: &[u64], n: &[u64]) -> Vec<u64> {
        let mut r = vec![0u64; n.len() + 1];
        for i in (0..a.len() * 64).rev() {
            let mut carry = (a[i / 64] >> (i % 64)) & 1;
            for limb in r.iter_mut() {
                let next = *limb >> 63;
                *limb = (*limb << 1) | carry;
                carry = next;
            }
            if cmp(&r, n) != Ordering::Less {
                sub_assign(&mut r, n);
            }
        }
        r.truncate(n.len());
        r
    }

    pub fn modpow(base: &[u64], exp: &[u64], n: &[u64]) -> Vec<u64> {
        let base = rem(base, n);
        let mut result = vec![1u64];
        for i in (0..exp.len() * 64).rev() {
            result = rem(&mul(&result, &result), n);
            if (exp[i / 64] >> (i % 64)) & 1 == 1 {
                result = rem(&mul(&result, &base), n);
            }
        }
        result
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn modpow_of_small_numbers() {
            // 4^13 mod 497 = 445
            assert_eq!(super::modpow(&[4], &[13], &[497]), vec![445]);
            // (2^64 + 5)^3 mod (2^61 - 1)
            let m = (1u128 << 61) - 1;
            let b = ((1u128 << 64) + 5) % m;
            let expected = (b * b % m) * b % m;
            assert_eq!(
                super::modpow(&[5, 1], &[3], &[m as u64]),
                vec![expected as u64]
            );
            assert_eq!(
                super::to_be(&super::from_be(&[1, 2, 3, 4, 5, 6, 7, 8, 9]), 10),
                Some(vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
            );
        }
    }
}
