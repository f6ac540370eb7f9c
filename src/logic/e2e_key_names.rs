//! The E2E key page's warning about keys of another account or environment, read from the
//! key's name (keys carry no environment).

use mobileid_admin_contract::models::AccountType;

/// The end of the name onboarding gives an account's E2E key: `<account name> - default E2E key`.
const DEFAULT_KEY_SUFFIX: &str = "- default e2e key";

/// Words in key names that say "sandbox" or "production".
fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

/// Account ids written in a key name (`a-sdge-abcdefghijk123456789`).
pub fn account_ids_in(name: &str) -> Vec<String> {
    name.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map(|t| t.trim_matches('-').to_ascii_lowercase())
        .filter(|t| {
            let parts: Vec<&str> = t.split('-').collect();
            parts.len() >= 3
                && parts[0] == "a"
                && parts[1..].iter().all(|p| !p.is_empty())
                && t.len() >= 10
        })
        .collect()
}

/// The reference: "Ensure that you do not share E2E keys between sandbox and production
/// accounts", and "E2E keys have the account name in the E2E key name". Keys carry no
/// environment, but their names usually say which account they are for, so this warns when a
/// key's name
///
/// 1. contains an account id (`a-xxxx-…`) other than the current account's;
/// 2. is another account's onboarding key: `<account name> - default E2E key` where the name
///    is not the current account's;
/// 3. says "sandbox" (or the word "test") while the current account is a PRODUCTION account,
///    or says "prod", "production" or "live" while the current account is a SANDBOX account.
///
/// Case is ignored. Answers the warning text, or `None`.
pub fn e2e_key_environment_warning(
    key_name: &str,
    account_id: &str,
    account_name: &str,
    account_type: AccountType,
) -> Option<String> {
    let current = account_id.trim().to_ascii_lowercase();
    if !current.is_empty() {
        if let Some(other) = account_ids_in(key_name)
            .into_iter()
            .find(|id| *id != current)
        {
            return Some(format!(
                "This key's name mentions account {other}, but you are working on account {account_id}. E2E keys must not be shared between accounts, and never between sandbox and production."
            ));
        }
    }
    // ASCII case folding keeps byte offsets, so `owner` can be cut from the original.
    let lower = key_name.trim().to_ascii_lowercase();
    if let Some(owner) = lower.strip_suffix(DEFAULT_KEY_SUFFIX) {
        let owner = owner.trim();
        let this = account_name.trim().to_ascii_lowercase();
        if !this.is_empty() && !owner.is_empty() && owner != this {
            let shown = &key_name.trim()[..owner.len()];
            return Some(format!(
                "This is the default E2E key of the account “{shown}”, not of the current account “{}”. E2E keys must not be shared between accounts, and never between sandbox and production.",
                account_name.trim()
            ));
        }
    }
    let words = name_words(key_name);
    match account_type {
        AccountType::Production
            if lower.contains("sandbox") || words.iter().any(|w| w == "test") =>
        {
            Some("This key's name says sandbox or test, but the current account is a PRODUCTION account. Do not share E2E keys between sandbox and production accounts: create a separate key for production.".into())
        }
        AccountType::Sandbox
            if words
                .iter()
                .any(|w| w == "prod" || w == "live" || w.starts_with("production")) =>
        {
            Some("This key's name says production, but the current account is a SANDBOX account. Do not share E2E keys between sandbox and production accounts: create a separate key for the sandbox.".into())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e2e_key_names_that_point_at_another_environment_are_flagged() {
        let id = "a-sdge-abcdefghijk123456789";
        let name = "Sample Account";
        let sandbox = AccountType::Sandbox;
        let production = AccountType::Production;
        let warn = |key: &str, t| e2e_key_environment_warning(key, id, name, t);
        assert_eq!(warn("Web app key", sandbox), None);
        assert_eq!(
            warn("Sandbox key a-sdge-abcdefghijk123456789", sandbox),
            None
        );
        assert_eq!(
            warn("Sandbox key A-SDGE-ABCDEFGHIJK123456789", sandbox),
            None
        );
        let w = warn("Key for a-spge-Prod0000000000000001", sandbox).unwrap();
        assert!(w.contains("a-spge-prod0000000000000001"), "{w}");
        // Onboarding's default keys carry their account's name.
        assert_eq!(warn("Sample Account - default E2E key", sandbox), None);
        assert_eq!(warn("sample account - DEFAULT e2e key", sandbox), None);
        assert!(warn("Ærlig Konto - default E2E key", sandbox).is_some());
        let w = warn("Other Account - default E2E key", sandbox).unwrap();
        assert!(w.contains("“Other Account”"), "{w}");
        assert!(w.contains("“Sample Account”"), "{w}");
        // Sandbox and production words.
        assert!(warn("MyApp SANDBOX key", production).is_some());
        assert!(warn("myapp-test", production).is_some());
        assert_eq!(warn("attestation", production), None);
        assert!(warn("MyApp Production", sandbox).is_some());
        assert!(warn("prod key", sandbox).is_some());
        assert!(warn("live", sandbox).is_some());
        assert_eq!(warn("Product team", sandbox), None);
        assert_eq!(warn("Production", production), None);
        // Without a known account id or name, only the words count.
        assert_eq!(
            e2e_key_environment_warning("Other Account - default E2E key", "", "", sandbox),
            None
        );
    }
}
