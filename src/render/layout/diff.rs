//! The tables of `diff`: both years side by side over the category tree,
//! with change, percent change and share change, then targets and caps.

use crate::diff::{Change, ChangeStatus, CountChange, Diff, DiffRow, ItemChange, ShareChange};
use crate::render::DisplayOptions;
use crate::render::layout::{
    FigureStyle, LayoutRow, LazySection, RowKind, Section, Tone, one_line,
};

/// The sections `diff` shows.
pub fn diff_sections(diff: &Diff, options: &DisplayOptions) -> Vec<Section> {
    diff_lazy_sections(diff, options)
        .into_iter()
        .map(LazySection::into_section)
        .collect()
}

/// The sections `diff` shows, their rows laid out a stretch at a time
/// when they are drawn.
pub fn diff_lazy_sections<'a>(diff: &'a Diff, options: &DisplayOptions) -> Vec<LazySection<'a>> {
    // The new file's labels, then the old file's for keys only it names.
    let mut count_labels = diff.old.count_labels.clone();
    count_labels.extend(diff.new.count_labels.clone());
    let style = FigureStyle::new(options, diff.new.file_unit).with_count_labels(&count_labels);
    let labels = style.labels();
    let old_label = style.period_label(diff.old.year, diff.old.phase.as_deref());
    let new_label = style.period_label(diff.new.year, diff.new.phase.as_deref());
    let phases = (diff.old.phase.as_deref(), diff.new.phase.as_deref());
    let (lay_style, labels_kept) = (style.clone(), (old_label.clone(), new_label.clone()));
    let lay_row = move |row: &DiffRow, rows: &mut Vec<LayoutRow>| {
        let style = &lay_style;
        let (old_label, new_label) = &labels_kept;
        let labels = style.labels();
        rows.push(match row {
            DiffRow::Category(category) => change_row(
                RowKind::Category,
                category.depth.saturating_sub(1),
                category.category.last(),
                &category.change,
                Some(&category.share),
                String::new(),
                style,
            ),
            DiffRow::Item(item) => change_row(
                RowKind::Item,
                item.category.depth(),
                &item.name,
                &item.change,
                Some(&item.share),
                item_notes(item, style, phases),
                style,
            ),
            DiffRow::Others(others) | DiffRow::Unchanged(others) => change_row(
                RowKind::Item,
                others.category.depth(),
                &if matches!(row, DiffRow::Unchanged(_)) {
                    labels.unchanged(others.items)
                } else {
                    labels.others(others.items)
                },
                &others.change,
                Some(&others.share),
                String::new(),
                style,
            ),
        });
        // A category's printed total, just under it.
        if let DiffRow::Category(category) = row
            && let Some(printed) = &category.printed_total
        {
            rows.push(change_row(
                RowKind::Item,
                category.depth,
                labels.printed_total,
                printed,
                None,
                printed_total_note(printed, &category.change, (old_label, new_label), style),
                style,
            ));
        }
    };
    let mut tail = vec![change_row(
        RowKind::Total,
        0,
        labels.total,
        &diff.total,
        None,
        String::new(),
        &style,
    )];
    if let Some(printed) = &diff.printed_total {
        tail.push(change_row(
            RowKind::Total,
            0,
            labels.printed_total,
            printed,
            None,
            printed_total_note(printed, &diff.total, (&old_label, &new_label), &style),
            &style,
        ));
    }
    let region = if diff.old.region == diff.new.region {
        diff.new.region.clone()
    } else {
        format!("{} → {}", diff.old.region, diff.new.region)
    };
    let main = Section {
        title: format!("{region}: {old_label} → {new_label} · {}", style.caption()),
        headers: vec![
            labels.category_or_item.to_owned(),
            old_label.clone(),
            new_label.clone(),
            labels.change.to_owned(),
            labels.change_pct.to_owned(),
            labels.share_change.to_owned(),
            labels.notes.to_owned(),
        ],
        numeric: vec![false, true, true, true, true, true, false],
        rows: Vec::new(),
        notes: labels
            .hidden_excluded(&diff.hidden_excluded)
            .into_iter()
            .chain(labels.unchanged_excluded(diff.unchanged_excluded))
            .collect(),
        notes_column: Some(NOTES_COLUMN),
    };
    let mut sections = vec![LazySection::laid_out_once(main, &diff.rows, lay_row, tail)];
    if !diff.excluded.is_empty() {
        let title = if diff.excluded.iter().any(|item| item.memo) {
            labels.excluded_with_memo
        } else {
            labels.excluded
        };
        let head = Section {
            title: title.to_owned(),
            headers: vec![
                labels.item.to_owned(),
                old_label,
                new_label,
                labels.change.to_owned(),
                labels.change_pct.to_owned(),
                labels.category.to_owned(),
                labels.notes.to_owned(),
            ],
            numeric: vec![false, true, true, true, true, false, false],
            rows: Vec::new(),
            notes: Vec::new(),
            notes_column: Some(NOTES_COLUMN),
        };
        let lay_item = move |item: &ItemChange, rows: &mut Vec<LayoutRow>| {
            let mut row = change_row(
                RowKind::Item,
                0,
                &item.name,
                &item.change,
                None,
                item_notes(item, &style, phases),
                &style,
            );
            row.cells[CATEGORY_COLUMN] = one_line(&item.category.to_string());
            row.tones[CATEGORY_COLUMN] = Tone::Plain;
            rows.push(row);
        };
        sections.push(LazySection::laid_out_once(
            head,
            &diff.excluded,
            lay_item,
            Vec::new(),
        ));
    }
    sections
}

/// In the table of targets and caps, the category takes the place of the
/// share change.
const CATEGORY_COLUMN: usize = 5;

/// Renames, moves, status changes and counts: the last column.
const NOTES_COLUMN: usize = 6;

/// Label, old, new, change, change %, share change, notes; the changes
/// toned by their direction.
fn change_row(
    kind: RowKind,
    depth: usize,
    label: &str,
    change: &Change,
    share: Option<&ShareChange>,
    notes: String,
    style: &FigureStyle,
) -> LayoutRow {
    let labels = style.labels();
    let shown = |amount: Option<crate::amount::Amount>| {
        amount.map_or_else(String::new, |a| style.amount(a))
    };
    let (percent, percent_tone) = match change.status {
        ChangeStatus::New => (labels.new.to_owned(), Tone::Up),
        ChangeStatus::Removed => (labels.removed.to_owned(), Tone::Down),
        ChangeStatus::Unknown => (String::new(), Tone::Plain),
        ChangeStatus::Changed | ChangeStatus::Unchanged => match change.change_pct {
            Some(pct) => (style.percent_change(pct), Tone::of(pct)),
            None => (labels.not_applicable.to_owned(), Tone::Plain),
        },
    };
    let share_change = share.and_then(|s| s.share_change_pp);
    LayoutRow {
        kind,
        depth,
        cells: vec![
            one_line(label),
            shown(change.old),
            shown(change.new),
            change.change.map_or_else(String::new, |c| style.change(c)),
            percent,
            share_change.map_or_else(String::new, |pp| style.points(pp)),
            notes,
        ],
        tones: vec![
            Tone::Plain,
            Tone::Plain,
            Tone::Plain,
            change.change.map_or(Tone::Plain, |c| Tone::of(c.won())),
            percent_tone,
            share_change.map_or(Tone::Plain, Tone::of),
            Tone::Plain,
        ],
    }
}

/// The mark on the printed total where it is not the sum of the items:
/// bare when every printed figure differs, else naming the period whose
/// does (`periods`: OLD's, NEW's labels).
fn printed_total_note(
    printed: &Change,
    sum: &Change,
    periods: (&str, &str),
    style: &FigureStyle,
) -> String {
    let differs = |printed: Option<crate::amount::Amount>, sum: Option<crate::amount::Amount>| {
        printed.is_some_and(|p| sum.is_none_or(|s| p.won() != s.won()))
    };
    let old = differs(printed.old, sum.old);
    let new = differs(printed.new, sum.new);
    let mark = style.labels().differs_from_sum;
    let everywhere = (old || printed.old.is_none()) && (new || printed.new.is_none());
    match (old, new) {
        (false, false) => String::new(),
        _ if everywhere => mark.to_owned(),
        (true, _) => format!("{}: {mark}", one_line(periods.0)),
        (false, true) => format!("{}: {mark}", one_line(periods.1)),
    }
}

/// Renames, moves, status changes and counts, one per line; a status is
/// named as it reads in its file's phase (`phases`: OLD's, NEW's).
fn item_notes(
    item: &ItemChange,
    style: &FigureStyle,
    phases: (Option<&str>, Option<&str>),
) -> String {
    let labels = style.labels();
    let mut notes = Vec::new();
    if let Some(old_name) = &item.old_name {
        notes.push(format!("{} “{old_name}”", labels.renamed_from));
    }
    if let Some(old_category) = &item.old_category {
        notes.push(format!("{} {old_category}", labels.moved_from));
    }
    if let (Some(old), Some(new)) = (item.old_status, item.new_status)
        && old != new
    {
        notes.push(format!(
            "{} → {}",
            style.status_in(old, phases.0),
            style.status_in(new, phases.1)
        ));
    }
    notes.extend(item.counts.iter().map(|count| count_note(count, style)));
    notes
        .iter()
        .map(|note| one_line(note))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `companies 600+ → 620: ≤ 400.67 → 426.77 million won per company`;
/// in Korean `기업 600개사 이상 → 620개사: ≤ 4.01억원 → 4.27억원/개사`.
fn count_note(count: &CountChange, style: &FigureStyle) -> String {
    let side_count = |side: &Option<crate::report::average::Average>| {
        side.as_ref().map_or_else(
            || "—".to_owned(),
            |a| style.count_value(&count.per, a.count, a.count_at_least),
        )
    };
    let side_average = |side: &Option<crate::report::average::Average>| {
        side.as_ref()
            .map_or_else(|| "—".to_owned(), |a| style.average_value(a))
    };
    format!(
        "{} {} → {}: {} → {}{}",
        style.count_name(&count.per),
        side_count(&count.old),
        side_count(&count.new),
        side_average(&count.old),
        side_average(&count.new),
        style.per(&count.per)
    )
}
