//! Unit arguments (`--unit` of `import` and of the display options): read
//! by the amount module's parsers, with the unit names offered to shell
//! completion.

use crate::amount::Unit;
use crate::render::UnitChoice;

/// A unit argument: read by `parse`, with the unit names (and `auto`)
/// offered to shell completion. Any spelling `parse` knows is accepted,
/// not only the names offered.
#[derive(Clone)]
pub(super) struct UnitNames<T> {
    pub parse: fn(&str) -> Result<T, String>,
    pub auto: bool,
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for UnitNames<T> {
    type Value = T;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        clap::builder::TypedValueParser::parse_ref(&self.parse, command, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        // One word each (`thousand`, not `thousand won`): shells complete words.
        // `thousand` begins the won, yen and dollar units alike: once.
        let mut names: Vec<&str> = Vec::new();
        for word in Unit::names().map(|name| name.split(' ').next().unwrap_or(name)) {
            if !names.contains(&word) {
                names.push(word);
            }
        }
        let names = names.into_iter();
        let auto = self.auto.then_some("auto");
        Some(Box::new(
            names.chain(auto).map(clap::builder::PossibleValue::new),
        ))
    }
}

/// A unit of the file written by `import`.
pub(super) fn parse_unit(text: &str) -> Result<Unit, String> {
    Unit::parse(text).ok_or_else(|| {
        format!(
            "unknown unit `{text}`; use one of: {}",
            Unit::names().collect::<Vec<_>>().join(", ")
        )
    })
}

/// A unit to show amounts in, or `auto`.
pub(super) fn parse_unit_choice(text: &str) -> Result<UnitChoice, String> {
    UnitChoice::parse(text).ok_or_else(|| {
        format!(
            "unknown unit `{text}`; use auto or one of: {}",
            Unit::names().collect::<Vec<_>>().join(", ")
        )
    })
}
