//! The chain's language, spoken in one place: a chain [`TaskSpec`] becomes a [`TrainTask`], a
//! [`TrainReport`] becomes the chain's [`UpdateReport`] (and back, for checking), and a
//! validation becomes the chain's [`task::Verdict`] and [`task::Measured`].

use aicchain_task::{self as task, TaskSpec, UpdateReport, H256};

use crate::{
	data::{Dataset, Shard},
	error::{Error, Result},
	hash::Hash256,
	model::{ModelSpec, Optimizer},
	trainer::{TrainReport, TrainTask},
	validate::Verdict,
};

/// A learning rate or momentum as the chain gives it (parts per billion), as a float.
fn ratio(value: task::Perbill) -> f64 {
	f64::from(value.deconstruct()) / 1e9
}

impl TrainTask {
	/// What the trainer runs for the chain's `spec` on `dataset`, the data set `spec` names:
	/// the zoo's model for `spec.model`, sized for the data, with the job's hyper-parameters.
	pub fn from_spec(spec: &TaskSpec, dataset: &Dataset) -> Result<Self> {
		let params = &spec.hyper_params;
		params.check().map_err(|error| {
			Error::InvalidRequest(format!("hyper-parameters {params:?}: {error:?}"))
		})?;
		if Hash256::from(spec.dataset) != dataset.hash {
			return Err(Error::UnknownDataset(spec.dataset.into()));
		}
		let lr = ratio(params.learning_rate);
		let optimizer = match params.optimizer {
			task::Optimizer::Sgd { momentum } => Optimizer::Sgd { lr, momentum: ratio(momentum) },
			task::Optimizer::Adam => Optimizer::Adam { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
		};
		let model = ModelSpec {
			optimizer,
			batch_size: params.batch_size.into(),
			..ModelSpec::preset(spec.model, dataset)?
		};
		model.check_against(dataset)?;
		Ok(Self {
			spec: model,
			dataset: dataset.hash,
			shard: Shard { index: spec.shard, count: spec.shards },
			base: spec.base.map(Into::into),
			steps: params.steps,
			init_seed: spec.init_seed,
			seed: spec.seed,
			checkpoint_every: params.checkpoint_every,
		})
	}
}

impl TrainReport {
	/// The report as the chain records it: losses in µnats, the checkpoint list by its hash.
	pub fn to_update(&self) -> UpdateReport {
		let checkpoints: Vec<H256> = self.checkpoints.iter().map(|&hash| hash.into()).collect();
		UpdateReport {
			weights: self.weights.into(),
			checkpoints: task::checkpoint_list_hash(&checkpoints),
			samples: self.samples,
			steps: self.steps,
			loss_before: task::micro_nats(self.loss_before),
			loss_after: task::micro_nats(self.loss_after),
			wall_ms: self.wall_ms,
			device: self.device,
		}
	}

	/// The claim a chain `update` makes, with its checkpoint list (fetched by its hash).
	pub fn from_update(update: &UpdateReport, checkpoints: Vec<Hash256>) -> Self {
		Self {
			weights: update.weights.into(),
			checkpoints,
			samples: update.samples,
			steps: update.steps,
			loss_before: task::nats(update.loss_before),
			loss_after: task::nats(update.loss_after),
			wall_ms: update.wall_ms,
			device: update.device,
		}
	}
}

/// Decodes a checkpoint list artifact: 32-byte hashes one after the other.
pub fn parse_checkpoint_list(bytes: &[u8]) -> Result<Vec<Hash256>> {
	if bytes.is_empty() || !bytes.len().is_multiple_of(32) {
		return Err(Error::InvalidData(format!(
			"a checkpoint list of {} bytes is not a list of 32-byte hashes",
			bytes.len()
		)));
	}
	Ok(bytes.chunks_exact(32).map(|chunk| Hash256(chunk.try_into().expect("32 bytes"))).collect())
}

impl Verdict {
	/// The verdict as the chain records it.
	pub fn to_chain(&self) -> (task::Verdict, task::Measured) {
		let verdict = if self.valid { task::Verdict::Valid } else { task::Verdict::Invalid };
		let measured = task::Measured {
			loss_before: self.measured.loss_before.map(task::micro_nats),
			loss_after: self.measured.loss_after.map(task::micro_nats),
			accuracy: self
				.measured
				.held_out
				.and_then(|held_out| held_out.accuracy)
				.map(task::Perbill::from_float),
		};
		(verdict, measured)
	}
}
