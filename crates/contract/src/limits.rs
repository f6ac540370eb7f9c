//! The API's numbers and small format rules, written once: the console checks input against
//! them and the sandbox serves by them.

/// Lists answer at most this many objects, the most recently created: "The maximum number of
/// APNs token objects per list is 20" (and the same for E2E keys). The API has no paging.
pub const LIST_LIMIT: usize = 20;

/// The statistics period when none is given: the last 30 days, today included.
pub const DEFAULT_DAYS: u32 = 30;

/// The longest statistics period, in days (ten years). The reference sets no bound; this is
/// the console's limit, and the sandbox refuses longer periods with a 400 naming the parameter.
pub const MAX_DAYS: u32 = 3650;

/// Device states: the codes the API answers in suspicious-hash lists, and the names it answers
/// in devices-by-hash lists.
pub const DEVICE_ACTIVATING: i64 = 1;
pub const DEVICE_ACTIVE: i64 = 2;
pub const DEVICE_DELETED: i64 = 3;
pub const DEVICE_LOCKED: i64 = 4;

/// Every device state: its code and its name.
pub const DEVICE_STATES: &[(i64, &str)] = &[
    (DEVICE_ACTIVATING, "ACTIVATING"),
    (DEVICE_ACTIVE, "ACTIVE"),
    (DEVICE_DELETED, "DELETED"),
    (DEVICE_LOCKED, "LOCKED"),
];

/// Whether `text` is a device hash as the API takes it: URL-safe Base64 (`A–Z a–z 0–9 - _`,
/// with or without `=` padding) that decodes, and not empty. Surrounding blanks are not part
/// of a hash: trim first.
pub fn is_device_hash(text: &str) -> bool {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::Engine;
    const URL_SAFE_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    !text.is_empty() && URL_SAFE_ANY_PADDING.decode(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_hashes_are_url_safe_base64_with_or_without_padding() {
        // 32 bytes, as the API's hashes are: 43 characters unpadded, 44 with one `=`.
        let unpadded = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80";
        assert!(is_device_hash(unpadded));
        assert!(is_device_hash(&format!("{unpadded}=")));
        assert!(is_device_hash("-_-_"));
        for not_a_hash in [
            "", " q83v", "+/+/", "q83v!",
            // One character too many for whole bytes: the last group cannot decode.
            "q83vE", "q8=3v",
        ] {
            assert!(!is_device_hash(not_a_hash), "{not_a_hash:?}");
        }
    }
}
