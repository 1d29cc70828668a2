//! Data sets as the commands load them: from a path, saying on standard error what was loaded.

use std::path::Path;

use aicchain_trainer::data::Dataset;
use anyhow::Context;

/// Loads a data set, printing its hash and size.
pub fn load(path: &Path) -> anyhow::Result<Dataset> {
	let dataset = Dataset::open(path).with_context(|| format!("loading {}", path.display()))?;
	eprintln!(
		"data set {}: {} training and {} held-out examples, hash {}",
		path.display(),
		dataset.train.len(),
		dataset.held_out.len(),
		dataset.hash
	);
	Ok(dataset)
}
