//! Where the rules put what they find: a [`Collector`] for the whole
//! report, and for each checked file a [`FileReport`] that its rules push
//! findings and passed checks into, one [`Entry`] at a time:
//!
//! ```text
//! out.on(rule::PARTS_SUM, at).figures(figures).error(said);
//! ```

use std::collections::HashSet;

use super::said::Said;
use super::{CheckReport, Counts, Figures, Finding, Passed, REPORT_VERSION, Severity, file_order};
use crate::error::{InvalidInput, Problem};
use crate::model::Position;

/// Most lines with syntax errors reported per file; the parser's later
/// errors are mostly echoes of the first ones.
const MAX_SYNTAX_LINES: usize = 20;

/// Gathers the findings and passed checks of every file while the rules
/// run, and sorts them into a report.
#[derive(Default)]
pub(super) struct Collector {
    findings: Vec<Finding>,
    passed: Vec<Passed>,
}

impl Collector {
    /// The collector of one checked file.
    pub(super) fn file<'c>(&'c mut self, path: &'c str) -> FileReport<'c> {
        FileReport { path, out: self }
    }

    /// The findings so far, unsorted.
    #[cfg(test)]
    pub(super) fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Whether every figure reported holds: no finding but information
    /// with figures (a sum within the rounding, say), nothing unchecked.
    pub(super) fn all_hold(&self) -> bool {
        self.findings
            .iter()
            .all(|f| f.severity == Severity::Info && f.figures.is_some())
    }

    /// The loader's problems as errors. Syntax errors are kept to the
    /// first on each line, and to the first few lines.
    pub(super) fn loader_problems(&mut self, problems: Vec<InvalidInput>) {
        let mut syntax_lines = HashSet::new();
        let mut unreported = Vec::new();
        for problem in problems {
            let at = Position {
                line: problem.line,
                column: problem.column,
            };
            if matches!(problem.problem, Problem::Syntax(_)) {
                if !syntax_lines.insert(problem.line) {
                    continue;
                }
                if syntax_lines.len() > MAX_SYNTAX_LINES {
                    unreported.push((problem.file, at));
                    continue;
                }
            }
            let rule = problem.problem.rule();
            self.file(&problem.file)
                .on(rule, at)
                .error(Said::Loader(problem.problem));
        }
        if let Some((file, at)) = unreported.first() {
            let count = unreported.len();
            self.file(file)
                .on(super::rule::SYNTAX, *at)
                .info(Said::MoreSyntaxErrors { count });
        }
    }

    pub(super) fn into_report(mut self, files: Vec<String>) -> CheckReport {
        let order = file_order(&files);
        let order = |file: &str| order.get(file).copied().unwrap_or(usize::MAX);
        self.findings
            .sort_by_cached_key(|f| (order(&f.file), f.line, f.column, f.severity));
        self.passed
            .sort_by_cached_key(|p| (order(&p.file), p.line, p.column));
        let count = |severity| {
            self.findings
                .iter()
                .filter(|f| f.severity == severity)
                .count()
        };
        let counts = Counts {
            files: files.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            passed: self.passed.len(),
        };
        CheckReport {
            version: REPORT_VERSION,
            files,
            counts,
            findings: self.findings,
            passed: self.passed,
        }
    }
}

/// What the rules found in one file.
pub(super) struct FileReport<'c> {
    path: &'c str,
    out: &'c mut Collector,
}

impl FileReport<'_> {
    /// A finding or passed check of `rule` at `at`, said by the
    /// [`Entry`]'s last call.
    pub(super) fn on(&mut self, rule: &'static str, at: Position) -> Entry<'_> {
        Entry {
            path: self.path,
            out: self.out,
            rule,
            at,
            figures: None,
        }
    }

    /// A mark for [`FileReport::findings_since`].
    pub(super) fn mark(&self) -> usize {
        self.out.findings.len()
    }

    /// The findings reported since `mark`, to be looked at or amended.
    pub(super) fn findings_since(&mut self, mark: usize) -> &mut [Finding] {
        self.out.findings.get_mut(mark..).unwrap_or_default()
    }

    /// Whether an error has been reported since `mark`.
    pub(super) fn errors_since(&mut self, mark: usize) -> bool {
        self.findings_since(mark)
            .iter()
            .any(|f| f.severity == Severity::Error)
    }

    /// Each error reported since `mark` made a warning that `wrap` words:
    /// the finding as it was, and why it is only a warning.
    pub(super) fn errors_to_warnings(&mut self, mark: usize, wrap: impl Fn(Box<Said>) -> Said) {
        for finding in self.findings_since(mark) {
            if finding.severity == Severity::Error {
                finding.severity = Severity::Warning;
                finding.said = wrap(Box::new(finding.said.clone()));
            }
        }
    }

    /// Each "not checked: the usual base is missing" reported since
    /// `mark` (information) worded by `wrap`: the finding as it was, and
    /// the version the figures fit.
    pub(super) fn not_checked_fits(&mut self, mark: usize, wrap: impl Fn(Box<Said>) -> Said) {
        for finding in self.findings_since(mark) {
            if matches!(
                finding.said,
                Said::NotChecked(crate::check::said::Why::UsualBaseMissing { .. })
            ) {
                finding.said = wrap(Box::new(finding.said.clone()));
            }
        }
    }
}

/// One finding or passed check on its way into the report: where and
/// under which rule, with the figures compared if any; what it says and
/// how serious it is come last.
#[must_use = "an entry is reported only by its last call"]
pub(super) struct Entry<'r> {
    path: &'r str,
    out: &'r mut Collector,
    rule: &'static str,
    at: Position,
    figures: Option<Figures>,
}

impl Entry<'_> {
    /// The figures compared, for the JSON report.
    pub(super) fn figures(mut self, figures: impl Into<Option<Figures>>) -> Self {
        self.figures = figures.into();
        self
    }

    pub(super) fn error(self, said: Said) {
        self.finding(Severity::Error, said);
    }

    pub(super) fn warning(self, said: Said) {
        self.finding(Severity::Warning, said);
    }

    pub(super) fn info(self, said: Said) {
        self.finding(Severity::Info, said);
    }

    pub(super) fn finding(self, severity: Severity, said: Said) {
        self.out.findings.push(Finding {
            file: self.path.to_owned(),
            line: self.at.line,
            column: self.at.column,
            severity,
            rule: self.rule,
            said,
            figures: self.figures,
        });
    }

    /// The check was made and passed.
    pub(super) fn passed(self, said: Said) {
        self.out.passed.push(Passed {
            file: self.path.to_owned(),
            line: self.at.line,
            column: self.at.column,
            rule: self.rule,
            said,
            figures: self.figures,
        });
    }
}
