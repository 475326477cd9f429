//! The scoring model in force for one book: the configuration plus the book's feature catalogue,
//! from which the key-feature set of any date follows.

use chrono::NaiveDate;

use crate::config::ScoringConfig;
use crate::domain::{FeatureCatalog, FeatureId, fold_key};

/// The key features at a date: the ids the catalogue knows, and the size of the set (a configured
/// feature the book has never seen still counts in the size, and is never used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFeatures {
    pub ids: Vec<FeatureId>,
    pub size: usize,
}

/// The configuration and catalogue the engine scores a book with.
#[derive(Debug, Clone)]
pub struct Model<'a> {
    pub config: &'a ScoringConfig,
    pub catalog: &'a FeatureCatalog,
    /// The configured key features resolved against the catalogue, or `None` to use every
    /// feature seen by the date.
    configured: Option<KeyFeatures>,
}

impl<'a> Model<'a> {
    /// The model of `config` over a book whose features are `catalog`.
    #[must_use]
    pub fn new(config: &'a ScoringConfig, catalog: &'a FeatureCatalog) -> Self {
        let configured = (!config.key_features.is_empty()).then(|| {
            let mut keys: Vec<String> = config.key_features.iter().map(|f| fold_key(f)).collect();
            keys.sort();
            keys.dedup();
            let ids =
                catalog.features.iter().filter(|f| keys.contains(&f.key)).map(|f| f.id).collect();
            KeyFeatures { ids, size: keys.len() }
        });
        Self { config, catalog, configured }
    }

    /// The key features `K` at `date` (SPEC 4.1).
    #[must_use]
    pub fn key_features(&self, date: NaiveDate) -> KeyFeatures {
        if let Some(configured) = &self.configured {
            return configured.clone();
        }
        let ids: Vec<FeatureId> = self
            .catalog
            .features
            .iter()
            .filter(|f| f.first_seen.is_some_and(|d| d <= date))
            .map(|f| f.id)
            .collect();
        KeyFeatures { size: ids.len(), ids }
    }

    /// The display name of a feature.
    #[must_use]
    pub fn feature_name(&self, id: FeatureId) -> &str {
        self.catalog.features.iter().find(|f| f.id == id).map_or("?", |f| f.name.as_str())
    }
}
