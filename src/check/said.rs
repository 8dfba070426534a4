//! What a finding says, in both languages `check` speaks.

use crate::render::Lang;
use crate::render::numbers::korean_negatives;

/// A message in both languages `check` speaks; the collector picks one.
#[derive(Debug, Clone)]
pub(super) struct Said {
    pub(super) en: String,
    pub(super) ko: String,
}

impl Said {
    pub(super) fn new(en: String, ko: String) -> Said {
        Said { en, ko }
    }

    pub(super) fn pick(self, lang: Lang) -> String {
        match lang {
            Lang::En => self.en,
            // Korean tables mark a decrease with △, not -.
            Lang::Ko => korean_negatives(&self.ko),
        }
    }
}
