//! Validation: re-check a claimed training run from its published checkpoints — the start,
//! sampled segments (always the last) re-executed, the reported losses, the held-out figures.

use serde::{Deserialize, Serialize};
use tch::Device;

use crate::{
	checkpoint::Checkpoint,
	data::Examples,
	error::{Error, Result},
	session::{Session, SplitMix64},
	trainer::{device_name, Evaluation, TrainReport, TrainTask, Trainer},
};

/// Largest weight difference accepted when a replay cannot be bit-exact (another device or
/// thread count): float reductions may associate differently, but not by more than this.
pub const REPLAY_TOLERANCE: f64 = 1e-3;
/// Relative difference accepted between a reported and a measured loss when not bit-exact.
pub const LOSS_TOLERANCE: f64 = 1e-3;

/// A claim to check.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
	/// The task as the chain assigned it.
	pub task: TrainTask,
	/// The trainer's report.
	pub claim: TrainReport,
	/// The validator's randomness (from the chain) choosing which segments to re-execute.
	pub sample_seed: u64,
	/// How many segments to re-execute (the last one always is).
	pub segments: u32,
}

/// The outcome of a validation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Verdict {
	/// Whether every check passed.
	pub valid: bool,
	/// Why it is invalid: one line per failed check (empty when valid).
	pub reasons: Vec<String>,
	/// What the validator measured.
	pub measured: Measured,
}

/// Figures measured by the validator.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Measured {
	/// Probe loss of the start checkpoint.
	pub loss_before: Option<f64>,
	/// Probe loss of the claimed weights.
	pub loss_after: Option<f64>,
	/// Held-out figures of the claimed weights.
	pub held_out: Option<Evaluation>,
	/// The segments re-executed.
	pub replayed: Vec<Replay>,
	/// Whether comparisons were bit-exact (same device kind and thread count: CPU and CPU).
	pub exact: bool,
}

/// One re-executed segment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replay {
	/// First step re-executed.
	pub from_step: u32,
	/// Last step re-executed.
	pub to_step: u32,
	/// Largest difference between the replayed and the claimed checkpoint.
	pub max_abs_diff: Option<f64>,
	/// Whether the replay reproduced the claimed checkpoint.
	pub matches: bool,
}

impl Trainer {
	/// Checks `request.claim` against `request.task`. Errors mean the check could not run
	/// (malformed task, missing artifacts); a dishonest claim gives an Invalid verdict.
	pub fn validate(&self, request: &ValidateRequest) -> Result<Verdict> {
		let ValidateRequest { task, claim, .. } = request;
		let dataset = self.check(task)?;
		let shard = dataset.shard(task.shard)?;
		let exact = self.device() == Device::Cpu
			&& claim.device == device_name(Device::Cpu)
			&& claim.threads == tch::get_num_threads();
		let mut measured = Measured { exact, ..Default::default() };
		let mut reasons = Vec::new();

		let boundaries: Vec<u32> = (0..task.steps)
			.step_by(task.checkpoint_every as usize)
			.chain(std::iter::once(task.steps))
			.collect();
		if claim.steps != task.steps {
			reasons.push(format!("claims {} steps, the task has {}", claim.steps, task.steps));
		}
		let samples = u64::from(task.steps) * task.spec.batch_size as u64;
		if claim.samples != samples {
			reasons.push(format!(
				"claims {} samples, {} steps make {samples}",
				claim.samples, task.steps
			));
		}
		if claim.checkpoints.len() != boundaries.len()
			|| claim.checkpoints.last() != Some(&claim.weights)
		{
			reasons.push(format!(
				"publishes {} checkpoints ending in {:?}; the task needs {} ending in the weights",
				claim.checkpoints.len(),
				claim.checkpoints.last(),
				boundaries.len()
			));
		}
		if !reasons.is_empty() {
			return Ok(Verdict { valid: false, reasons, measured });
		}

		// A claimed checkpoint that does not decode or fit the model is the claim's fault.
		match self.re_execute(request, &shard, &boundaries, &mut measured, &mut reasons) {
			Err(
				error @ (Error::Safetensors(_) | Error::InvalidData(_) | Error::ShapeMismatch(_)),
			) => reasons.push(format!("a published checkpoint is unusable: {error}")),
			other => other?,
		}
		Ok(Verdict { valid: reasons.is_empty(), reasons, measured })
	}

	/// Compares the start, re-executes the chosen segments, re-measures the losses and
	/// evaluates the weights; failed checks go to `reasons`.
	fn re_execute(
		&self,
		request: &ValidateRequest,
		shard: &Examples,
		boundaries: &[u32],
		measured: &mut Measured,
		reasons: &mut Vec<String>,
	) -> Result<()> {
		let ValidateRequest { task, claim, sample_seed, segments } = request;
		let exact = measured.exact;
		let same = |claimed: &Checkpoint, ours: &Checkpoint| -> Result<(bool, Option<f64>)> {
			let diff = ours.max_abs_diff(claimed);
			let matches = if exact {
				ours.hash()? == claimed.hash()?
			} else {
				diff.is_some_and(|d| d <= REPLAY_TOLERANCE)
			};
			Ok((matches, diff))
		};

		// The start: the seeded initialisation or the base, with fresh optimiser state.
		let start = self.load(&claim.checkpoints[0])?;
		let (matches, diff) = same(&start, &self.start(task)?.checkpoint())?;
		if !matches {
			reasons
				.push(format!("the first checkpoint is not the task's start (max diff {diff:?})"));
		}

		// Re-execute the last segment and `segments - 1` others, sampled without replacement.
		let last = boundaries.len() - 2;
		let mut chosen = vec![last];
		let mut others: Vec<usize> = (0..last).collect();
		let mut rng = SplitMix64(*sample_seed);
		while chosen.len() < (*segments as usize).max(1) && !others.is_empty() {
			chosen.push(others.swap_remove((rng.next() % others.len() as u64) as usize));
		}
		chosen.sort_unstable();
		for segment in chosen {
			let (from, to) = (boundaries[segment], boundaries[segment + 1]);
			let mut session = Session::resume(
				&task.spec,
				&self.load(&claim.checkpoints[segment])?,
				self.device(),
			)?;
			for step in from + 1..=to {
				session.step(&session.batch(shard, task.seed, step.into()), step.into());
			}
			let claimed = self.load(&claim.checkpoints[segment + 1])?;
			let (matches, max_abs_diff) = same(&claimed, &session.checkpoint())?;
			if !matches {
				reasons.push(format!(
					"re-executing steps {}..={to} does not reproduce checkpoint {} (max diff {max_abs_diff:?})",
					from + 1,
					segment + 1
				));
			}
			measured.replayed.push(Replay {
				from_step: from + 1,
				to_step: to,
				max_abs_diff,
				matches,
			});
		}

		// The reported losses, measured on the same probe batch.
		for (name, checkpoint, reported, slot) in [
			("loss_before", &start, claim.loss_before, &mut measured.loss_before),
			("loss_after", &self.load(&claim.weights)?, claim.loss_after, &mut measured.loss_after),
		] {
			let session = Session::resume(&task.spec, checkpoint, self.device())?;
			let loss = session.loss(&session.probe(shard, task.seed));
			*slot = Some(loss);
			let agrees = if exact {
				loss == reported
			} else {
				(loss - reported).abs() <= LOSS_TOLERANCE * loss.abs().max(1.0)
			};
			if !agrees {
				reasons.push(format!("reports {name} {reported}, measured {loss}"));
			}
		}

		measured.held_out = Some(self.evaluate(&task.spec, &task.dataset, &claim.weights)?);
		Ok(())
	}
}
