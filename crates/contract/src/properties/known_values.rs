//! The values the console knows: the sets its pickers offer (authentication methods, character
//! sets, modes, …), continent and country codes, and [`MAXINT`], the largest count the server
//! stores.

/// The largest whole number the server stores for counts and lengths: Signicat's Application
/// configuration page gives their ranges as "From 0 to MAXINT" (a Java `int`).
pub const MAXINT: i64 = i32::MAX as i64;

/// Authentication methods, as listed in the reference's "Get properties" sample.
pub const AUTH_METHODS: &[&str] = &[
    "DEVICE",
    "DEVICE:PIN",
    "DEVICE:STRONG_TOUCH_ID",
    "DEVICE:IOS_FACE_ID",
    "DEVICE:ANDROID_BIOMETRIC_PROMPT",
    "DEVICE:SERVER_SIDE_FACE",
];

/// Character sets of generated codes, PINs and recovery codes.
pub const CHARACTER_SETS: &[&str] = &["ANY", "NUMERIC", "ALPHA", "ALPHANUMERIC"];

/// How strictly hardware-protected keys are required.
pub const HW_KEY_STRATEGIES: &[&str] = &["SUPPORTED", "REQUIRED_IF_SUPPORTED", "REQUIRED"];

/// Geofencing and attestation modes.
pub const MODES: &[&str] = &["OFF", "OPTIONAL", "REQUIRED"];

/// Apple's App Attest environments.
pub const APP_ATTEST_ENVIRONMENTS: &[&str] = &["PRODUCTION", "DEVELOPMENT"];

/// APNs servers.
pub const APN_CONFIGS: &[&str] = &["PRODUCTION", "SANDBOX"];

/// What a lock after too many failed attempts covers: the whole device, or only the
/// authentication method that failed (Signicat's release note on the lock scope describes these
/// two; the spelling of the second is the console's choice).
pub const LOCK_SCOPES: &[&str] = &["DEVICE", "AUTH_METHOD"];

/// Risk attributes: `ALL` (the reference's example) and the six of its "Get properties" sample.
pub const RISK_DATA: &[&str] = &[
    "ALL",
    "deviceHash",
    "deviceModel",
    "deviceManufacturer",
    "operatingSystemFingerprint",
    "operatingSystemVersion",
    "operatingSystemType",
];

/// Operating systems of `clientDebugDataEnabledOsTypes`.
pub const OS_TYPES: &[&str] = &["IOS", "ANDROID"];

/// Two-letter continent codes, as GeoNames (which the reference points to) spells them.
pub const CONTINENTS: &[&str] = &["AF", "AN", "AS", "EU", "NA", "OC", "SA"];

/// Every officially assigned ISO 3166-1 alpha-2 country code, sorted.
pub const ISO_3166_1_ALPHA_2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Codes outside ISO 3166-1 that are accepted anyway: GeoNames, which the reference points to,
/// gives Kosovo the user-assigned code `XK`, so a device there is located as `XK`.
pub const EXTRA_COUNTRY_CODES: &[&str] = &["XK"];

/// Whether `code` is accepted as a country: ISO 3166-1 alpha-2 (capitals) or one of
/// [`EXTRA_COUNTRY_CODES`].
pub fn is_country_code(code: &str) -> bool {
    ISO_3166_1_ALPHA_2.binary_search(&code).is_ok() || EXTRA_COUNTRY_CODES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_country_list_is_iso_3166_1_alpha_2() {
        let codes: BTreeSet<&str> = ISO_3166_1_ALPHA_2.into_iter().collect();
        assert_eq!(codes.len(), 249);
        assert!(
            ISO_3166_1_ALPHA_2.windows(2).all(|w| w[0] < w[1]),
            "sorted, for binary search"
        );
        assert!(ISO_3166_1_ALPHA_2
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        for code in [
            "SE", "NO", "DK", "FI", "GB", "US", "RU", "AX", "SS", "BQ", "CW", "SX",
        ] {
            assert!(is_country_code(code), "{code}");
        }
        // Not ISO: reserved or withdrawn codes.
        for code in ["UK", "EU", "XX", "AN", "CS", "YU", "ZZ"] {
            assert!(!is_country_code(code), "{code}");
        }
        assert!(is_country_code("XK"));
    }
}
