//! The wording of `diff`'s odd pairings (different regions, OLD later than
//! NEW): on standard error, and in JSON as the same text.

use serde::{Serialize, Serializer};

use crate::diff::PairingWarning;
use crate::quote::{short, visible};

/// The warning as a line for people (and JSON's `warnings`).
pub fn pairing_warning(warning: &PairingWarning) -> String {
    match warning {
        PairingWarning::DifferentRegions {
            old_region,
            old_file,
            new_region,
            new_file,
        } => format!(
            "comparing different regions: {} ({}) and {} ({})",
            short(old_region),
            visible(old_file),
            short(new_region),
            visible(new_file)
        ),
        PairingWarning::OldIsLater {
            old_file,
            old_year,
            new_file,
            new_year,
        } => format!(
            "OLD ({}, {old_year}) is later than NEW ({}, {new_year}); changes are NEW minus OLD",
            visible(old_file),
            visible(new_file),
        ),
    }
}

impl Serialize for PairingWarning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&pairing_warning(self))
    }
}
