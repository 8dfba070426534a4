//! Shared pieces of the unit tests.

use proptest::test_runner::{Config, FileFailurePersistence};

/// Proptest's settings, keeping failing cases in a
/// `<module>.proptest-regressions` file beside the module's source rather
/// than at the top level.
pub fn regressions_beside_the_source() -> Config {
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}
