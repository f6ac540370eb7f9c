//! PEM armour: reading the one block of a text, and writing DER back as PEM.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::fmt;
use zeroize::Zeroizing;

/// One PEM block: its label (`CERTIFICATE`, `PRIVATE KEY`, …) and its decoded bytes.
pub struct PemBlock {
    pub label: String,
    pub der: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for PemBlock {
    // The block may be a private key: its bytes are never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PemBlock")
            .field("label", &self.label)
            .field("len", &self.der.len())
            .finish()
    }
}

/// Why a PEM text could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PemError {
    #[error("no -----BEGIN …----- line")]
    NoBegin,
    /// The text stops before its `-----END …-----` line: a truncated file or paste.
    #[error("the -----END {0}----- line is missing (the text is cut short)")]
    NoEnd(String),
    #[error("the text holds more than one PEM block")]
    SeveralBlocks,
    /// RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`): a legacy encrypted key.
    #[error("the block has headers ({0}); it is probably encrypted")]
    Headers(String),
    #[error("the Base64 inside the block is damaged")]
    Base64,
    #[error("the block is empty")]
    Empty,
}

/// The label of the first `-----BEGIN LABEL-----` line, if any.
pub fn pem_label(text: &str) -> Option<String> {
    let start = text.find("-----BEGIN ")? + "-----BEGIN ".len();
    let rest = &text[start..];
    let end = rest.find("-----")?;
    let label = &rest[..end];
    (!label.contains('\n')).then(|| label.trim().to_string())
}

/// Reads the one PEM block in `text`. Lenient where files in the wild differ (line lengths,
/// CRLF, surrounding whitespace or explanatory text), strict about truncation and headers.
pub fn decode_pem(text: &str) -> Result<PemBlock, PemError> {
    let label = pem_label(text).ok_or(PemError::NoBegin)?;
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let body_start = text.find(&begin).ok_or(PemError::NoBegin)? + begin.len();
    let rest = &text[body_start..];
    let body_end = rest
        .find(&end)
        .ok_or_else(|| PemError::NoEnd(label.clone()))?;
    if rest[body_end + end.len()..].contains("-----BEGIN ") {
        return Err(PemError::SeveralBlocks);
    }
    let body = &rest[..body_end];
    if let Some(line) = body.lines().find(|l| l.contains(':')) {
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        return Err(PemError::Headers(name));
    }
    let compact: Zeroizing<String> =
        Zeroizing::new(body.chars().filter(|c| !c.is_whitespace()).collect());
    if compact.is_empty() {
        return Err(PemError::Empty);
    }
    let der = Zeroizing::new(
        STANDARD
            .decode(compact.as_bytes())
            .map_err(|_| PemError::Base64)?,
    );
    Ok(PemBlock { label, der })
}

/// PEM text for DER bytes: 64-character lines, LF line endings, a final newline.
pub fn encode_pem(label: &str, der: &[u8]) -> Zeroizing<String> {
    let b64 = Zeroizing::new(STANDARD.encode(der));
    let mut out = Zeroizing::new(String::with_capacity(b64.len() + b64.len() / 64 + 64));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // Base64 is ASCII: every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_are_read_leniently_and_refused_when_cut_or_doubled() {
        let text = encode_pem("CERTIFICATE", &[1, 2, 3, 4, 5]);
        assert_eq!(
            text.as_str(),
            "-----BEGIN CERTIFICATE-----\nAQIDBAU=\n-----END CERTIFICATE-----\n"
        );
        let block = decode_pem(&text).unwrap();
        assert_eq!(block.label, "CERTIFICATE");
        assert_eq!(block.der.as_slice(), &[1, 2, 3, 4, 5]);
        assert!(!format!("{block:?}").contains("AQID"));
        assert_eq!(decode_pem("nothing").unwrap_err(), PemError::NoBegin);
        let double = format!("{}{}", text.as_str(), text.as_str());
        assert_eq!(decode_pem(&double).unwrap_err(), PemError::SeveralBlocks);
        let headers = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAQID\n-----END RSA PRIVATE KEY-----";
        assert_eq!(
            decode_pem(headers).unwrap_err(),
            PemError::Headers("Proc-Type".into())
        );
        assert_eq!(
            decode_pem("-----BEGIN X-----\n-----END X-----").unwrap_err(),
            PemError::Empty
        );
        assert_eq!(
            decode_pem("-----BEGIN X-----\n@@@@\n-----END X-----").unwrap_err(),
            PemError::Base64
        );
    }
}
