//! Federated averaging: updates weighted by their samples, summed in hash order, so anyone
//! with the same inputs recomputes the same merged hash.

pub use aicchain_task::rpc::{MergeInput, MergeReport};

use crate::{
	checkpoint::Checkpoint,
	error::{Error, Result},
	hash::Hash256,
	trainer::Trainer,
};

/// Most updates one merge takes.
pub const MAX_MERGE_INPUTS: usize = 256;

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
				Hash256::from(pair[0].weights)
			)));
		}
		if let Some(input) = inputs.iter().find(|i| i.samples == 0) {
			return Err(Error::InvalidRequest(format!(
				"update {} has no samples",
				Hash256::from(input.weights)
			)));
		}
		let samples: u64 = inputs.iter().map(|i| i.samples).sum();

		let mut merged: Option<Checkpoint> = None;
		for input in &inputs {
			let update = self.load(&input.weights.into())?.model_only();
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
							Hash256::from(input.weights),
							Hash256::from(inputs[0].weights)
						)));
					}
					for (acc, t) in sum.tensors.values_mut().zip(update.tensors.values()) {
						*acc = &*acc + t * share;
					}
				}
			}
		}
		let merged = merged.expect("at least one input");
		Ok(MergeReport { weights: self.save(&merged)?.into(), inputs, samples })
	}
}
