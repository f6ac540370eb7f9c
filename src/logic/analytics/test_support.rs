//! Test helpers shared by the analytics submodules' tests.

use super::dates::Date;
use mobileid_admin_contract::lenient::Timestamp;
use mobileid_admin_contract::models::{Device, DeviceState, SuspiciousDeviceHash, UserDevices};

pub(super) fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

pub(super) fn device(id: &str, state: DeviceState, last_used: &str) -> Device {
    Device {
        device_id: id.into(),
        state: Some(state),
        last_used: Some(Timestamp(last_used.into())),
        created: Some(Timestamp("2026-01-01T00:00:00Z".into())),
        account_id: Some("a-sdge-x".into()),
        extra: Default::default(),
    }
}

pub(super) fn flagged(hash: &str, users: &[(&str, usize)]) -> SuspiciousDeviceHash {
    SuspiciousDeviceHash {
        device_hash: hash.into(),
        users: users
            .iter()
            .map(|(u, n)| UserDevices {
                user_id: (*u).into(),
                devices: (0..*n)
                    .map(|i| {
                        device(
                            &format!("{u}-{i}"),
                            DeviceState::Code(2),
                            &format!("2026-03-0{}T08:00:00Z", i + 1),
                        )
                    })
                    .collect(),
            })
            .collect(),
        extra: Default::default(),
    }
}
