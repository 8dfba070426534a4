//! The wording of `diff`'s CI gates (`--fail-on-change`,
//! `--fail-on-removed`): one line per finding, for standard error.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;

use crate::diff::{GateFinding, Gated};
use crate::quote::short;
use crate::render::numbers::fixed;

/// One line per finding, in their order.
pub fn finding_lines(findings: &[GateFinding]) -> Vec<String> {
    findings.iter().map(finding_line).collect()
}

/// `item `x` changed by +12.50%, more than 10%`, `item `x` was removed`.
pub fn finding_line(finding: &GateFinding) -> String {
    match finding {
        GateFinding::ChangeBeyondLimit {
            figure,
            change_pct,
            limit,
        } => {
            let sign = if *change_pct > Decimal::ZERO { "+" } else { "" };
            format!(
                "{} changed by {sign}{}%, more than {limit}%",
                figure_name(figure),
                fixed(*change_pct, 2)
            )
        }
        GateFinding::RemovedItem { id } => {
            format!("{} was removed", figure_name(&Gated::Item(id.clone())))
        }
    }
}

/// `the total`, `category `a/b``, `item `x``.
fn figure_name(figure: &Gated) -> String {
    match figure {
        Gated::Total => "the total".to_owned(),
        Gated::Category(path) => format!("category `{}`", short(&path.to_string())),
        Gated::Item(id) => format!("item `{}`", short(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CategoryPath;

    #[test]
    fn findings_read_as_before() {
        let findings = [
            GateFinding::ChangeBeyondLimit {
                figure: Gated::Total,
                // 12.345 shown to two places, half away from zero: 12.35.
                change_pct: Decimal::new(12345, 3),
                limit: Decimal::TEN,
            },
            GateFinding::ChangeBeyondLimit {
                figure: Gated::Category(CategoryPath::parse("a/b").unwrap()),
                change_pct: Decimal::new(-50, 0),
                limit: Decimal::new(5, 1),
            },
            GateFinding::RemovedItem { id: "x".into() },
        ];
        assert_eq!(
            finding_lines(&findings),
            [
                "the total changed by +12.35%, more than 10%",
                "category `a/b` changed by -50.00%, more than 0.5%",
                "item `x` was removed",
            ]
        );
    }
}
