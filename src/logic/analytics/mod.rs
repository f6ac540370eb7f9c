//! The pure side of the statistics and risk screens: what they validate (date ranges, number
//! of days, device hashes), how they scale charts (nice axis ticks, percentages that sum to
//! 100), how they sort, filter and page tables, and the CSV they export.
//!
//! Nothing here touches the browser: "today" is a parameter, so every rule is tested natively.

mod chart;
mod csv;
mod dates;
mod device_hashes;
mod shares;
mod sorting;
#[cfg(test)]
mod test_support;

pub use chart::*;
pub use csv::*;
pub use dates::*;
pub use device_hashes::*;
pub use shares::*;
pub use sorting::*;
