//! Federated averaging: updates weighted by their samples, summed in hash order, so anyone
//! with the same inputs recomputes the same merged hash.

use serde::{Deserialize, Serialize};

use crate::{
	checkpoint::Checkpoint,
	error::{Error, Result},
	hash::Hash256,
	trainer::Trainer,
};

/// Most updates one merge takes.
pub const MAX_MERGE_INPUTS: usize = 256;

/// One update to merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeInput {
	/// The update's checkpoint.
	pub weights: Hash256,
	/// Examples it was trained on: its weight in the average.
	pub samples: u64,
}

/// The merged model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeReport {
	/// The merged weights (model only: the next round starts with fresh optimiser state).
	pub weights: Hash256,
	/// The inputs, in the order they were summed (by hash).
	pub inputs: Vec<MergeInput>,
	/// Total samples.
	pub samples: u64,
}

impl Trainer {
	/// Averages the model weights of `inputs`, weighted by samples.
	pub fn merge(&self, inputs: &[MergeInput]) -> Result<MergeReport> {
		if inputs.is_empty() || inputs.len() > MAX_MERGE_INPUTS {
			return Err(Error::InvalidRequest(format!(
				"{} updates to merge; give 1 to {MAX_MERGE_INPUTS}",
				inputs.len()
			)));
		}
		let mut inputs = inputs.to_vec();
		inputs.sort_by_key(|input| input.weights);
		if let Some(pair) = inputs.windows(2).find(|w| w[0].weights == w[1].weights) {
			return Err(Error::InvalidRequest(format!(
				"update {} is listed twice",
				pair[0].weights
			)));
		}
		if let Some(input) = inputs.iter().find(|i| i.samples == 0) {
			return Err(Error::InvalidRequest(format!("update {} has no samples", input.weights)));
		}
		let samples: u64 = inputs.iter().map(|i| i.samples).sum();

		let mut merged: Option<Checkpoint> = None;
		for input in &inputs {
			let update = self.load(&input.weights)?.model_only();
			let share = input.samples as f64 / samples as f64;
			match &mut merged {
				None => {
					let tensors =
						update.tensors.iter().map(|(n, t)| (n.clone(), t * share)).collect();
					merged = Some(Checkpoint { tensors });
				}
				Some(sum) => {
					if !sum.tensors.keys().eq(update.tensors.keys())
						|| sum
							.tensors
							.values()
							.zip(update.tensors.values())
							.any(|(a, b)| a.size() != b.size())
					{
						return Err(Error::ShapeMismatch(format!(
							"update {} does not have the same tensors as {}",
							input.weights, inputs[0].weights
						)));
					}
					for (acc, t) in sum.tensors.values_mut().zip(update.tensors.values()) {
						*acc = &*acc + t * share;
					}
				}
			}
		}
		let merged = merged.expect("at least one input");
		Ok(MergeReport { weights: self.save(&merged)?, inputs, samples })
	}
}
