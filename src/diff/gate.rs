//! `diff`'s CI gates (`--fail-on-change PCT`, `--fail-on-removed`): what
//! they find, as data. The wording is rendering's.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Change, ChangeStatus, Diff, DiffRow};
use crate::model::CategoryPath;

/// What `diff --fail-on-change PCT --fail-on-removed` found: typed, so
/// that rendering words it (see [`crate::render::gate`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum GateFinding {
    /// A figure whose absolute percent change is more than the limit.
    ChangeBeyondLimit {
        figure: Gated,
        change_pct: Decimal,
        limit: Decimal,
    },
    /// An item that OLD has and NEW does not (a removed category is no
    /// finding of its own: its removed items are).
    RemovedItem { id: String },
}

/// The figure a gate looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "lowercase")]
pub enum Gated {
    Total,
    Category(CategoryPath),
    Item(String),
}

/// What `diff --fail-on-change PCT --fail-on-removed` finds: each item,
/// subtotal or total whose absolute percent change exceeds the limit, and
/// each removed item, in the order of the rows. New items have no percent
/// change and are not findings.
pub fn gate_findings(
    diff: &Diff,
    max_change_pct: Option<Decimal>,
    fail_on_removed: bool,
) -> Vec<GateFinding> {
    let mut findings = Vec::new();
    let mut check = |figure: Gated, change: &Change| {
        if let (Some(limit), Some(change_pct)) = (max_change_pct, change.change_pct)
            && change_pct.abs() > limit
        {
            findings.push(GateFinding::ChangeBeyondLimit {
                figure: figure.clone(),
                change_pct,
                limit,
            });
        }
        if let (true, ChangeStatus::Removed, Gated::Item(id)) =
            (fail_on_removed, change.status, figure)
        {
            findings.push(GateFinding::RemovedItem { id });
        }
    };
    check(Gated::Total, &diff.total);
    for row in &diff.rows {
        match row {
            DiffRow::Category(c) => check(Gated::Category(c.category.clone()), &c.change),
            DiffRow::Item(i) => check(Gated::Item(i.id.clone()), &i.change),
            DiffRow::Others(_) | DiffRow::Unchanged(_) => {}
        }
    }
    for item in &diff.excluded {
        check(Gated::Item(item.id.clone()), &item.change);
    }
    findings
}
