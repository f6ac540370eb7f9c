//! The state of an account, a configuration, a key or a certificate, as the API sent it.

use crate::components::api_value::enum_hint;
use leptos::prelude::*;
use mobileid_admin_contract::models::{ApiEnum, CertificateState, EnabledState};

/// Which states read as on (green) and as off (grey); any other value (one this console does
/// not know) is neither, and carries a hint.
pub trait OnOff: ApiEnum {
    fn is_on(self) -> bool;
    fn is_off(self) -> bool;
}

impl OnOff for EnabledState {
    fn is_on(self) -> bool {
        self == EnabledState::Enabled
    }
    fn is_off(self) -> bool {
        self == EnabledState::Disabled
    }
}

impl OnOff for CertificateState {
    fn is_on(self) -> bool {
        self == CertificateState::Active
    }
    fn is_off(self) -> bool {
        self == CertificateState::Deactivated
    }
}

/// The state's badge, `id` on it when given, and the hint for a value this console does not
/// know.
pub fn state_badge<S: OnOff>(state: S, id: Option<String>) -> impl IntoView {
    view! {
        <span class="badge" class:ok=state.is_on() class:off=state.is_off() id=id>{state.as_str()}</span>
        {enum_hint(state)}
    }
}
