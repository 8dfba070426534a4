//! The wording of `diff`'s odd pairings (different regions, OLD later than
//! NEW): on standard error in the language asked, and in JSON as the same
//! text in English (a machine-read field keeps one wording).

use serde::{Serialize, Serializer};

use crate::diff::PairingWarning;
use crate::quote::{short, visible};
use crate::render::Lang;

/// The warning as a line for people, in `lang`.
pub fn pairing_warning(warning: &PairingWarning, lang: Lang) -> String {
    match warning {
        PairingWarning::DifferentRegions {
            old_region,
            old_file,
            new_region,
            new_file,
        } => {
            let (old_region, old_file) = (short(old_region), visible(old_file));
            let (new_region, new_file) = (short(new_region), visible(new_file));
            match lang {
                Lang::En => format!(
                    "comparing different regions: {old_region} ({old_file}) and {new_region} \
                     ({new_file})"
                ),
                Lang::Ko => format!(
                    "서로 다른 지역을 비교합니다: {old_region} ({old_file}), {new_region} \
                     ({new_file})"
                ),
            }
        }
        PairingWarning::OldIsLater {
            old_file,
            old_year,
            new_file,
            new_year,
        } => {
            let (old_file, new_file) = (visible(old_file), visible(new_file));
            match lang {
                Lang::En => format!(
                    "OLD ({old_file}, {old_year}) is later than NEW ({new_file}, {new_year}); \
                     changes are NEW minus OLD"
                ),
                Lang::Ko => format!(
                    "OLD({old_file}, {old_year}년)가 NEW({new_file}, {new_year}년)보다 나중 \
                     연도입니다. 증감은 NEW에서 OLD를 뺀 값입니다"
                ),
            }
        }
    }
}

impl Serialize for PairingWarning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&pairing_warning(self, Lang::En))
    }
}
