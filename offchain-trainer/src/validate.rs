//! Validation: re-check a claimed training run from its published checkpoints — the start,
//! sampled segments (always the last) re-executed, the reported losses, the held-out figures.
//!
//! The validator, not the claim, decides how strictly to compare. A run claimed on the CPU is
//! replayed on the CPU with the claimed thread count, and every checkpoint must then match
//! bit for bit. Only a run claimed on a GPU, or a validator on a GPU, compares within a
//! tolerance, and that tolerance is relative to each tensor's own scale (optimiser moments
//! included), so no tensor can be changed by more than float noise.

use serde::{Deserialize, Serialize};
use tch::Device;

use crate::{
	checkpoint::Checkpoint,
	data::Examples,
	error::{Error, Result},
	hash::Hash256,
	session::{Session, SplitMix64},
	trainer::{device_name, Evaluation, TrainReport, TrainTask, Trainer},
};

/// Largest difference accepted, per tensor and relative to that tensor's largest magnitude,
/// when a replay cannot be bit-exact (a GPU on either side): float reductions may associate
/// differently, but a deliberate change to any tensor shows far above this.
pub const REPLAY_TOLERANCE: f64 = 1e-4;
/// Relative difference accepted between a reported and a measured loss when not bit-exact.
pub const LOSS_TOLERANCE: f64 = 1e-3;
/// The most CPU threads a claim may name: a validator replays with as many.
pub const MAX_THREADS: i32 = 256;

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
	/// Whether comparisons were bit-exact (a CPU claim replayed on the CPU with its threads).
	pub exact: bool,
}

/// One re-executed segment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replay {
	/// First step re-executed.
	pub from_step: u32,
	/// Last step re-executed.
	pub to_step: u32,
	/// Largest difference between the replayed and the claimed checkpoint, per tensor relative
	/// to the tensor's largest magnitude.
	pub max_rel_diff: Option<f64>,
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
		let claimed_cpu = claim.device == device_name(Device::Cpu);
		let exact = self.device() == Device::Cpu && claimed_cpu;
		let mut measured = Measured { exact, ..Default::default() };
		let mut reasons = Vec::new();

		if claimed_cpu && !(1..=MAX_THREADS).contains(&claim.threads) {
			reasons.push(format!(
				"claims {} CPU threads; 1 to {MAX_THREADS} can be replayed",
				claim.threads
			));
		}
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

		// Replay a CPU claim with its own thread count: libtorch's CPU kernels are
		// deterministic for a given count, so the replay must be bit-exact.
		let threads = tch::get_num_threads();
		if exact && claim.threads != threads {
			tch::set_num_threads(claim.threads);
		}
		// A claimed checkpoint that does not decode or fit the model is the claim's fault.
		let outcome = self.re_execute(request, &shard, &boundaries, &mut measured, &mut reasons);
		if tch::get_num_threads() != threads {
			tch::set_num_threads(threads);
		}
		match outcome {
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
			let diff = ours.max_rel_diff(claimed);
			let matches = if exact {
				ours.hash()? == claimed.hash()?
			} else {
				diff.is_some_and(|d| d <= REPLAY_TOLERANCE)
			};
			Ok((matches, diff))
		};
		// Every checkpoint used must be stored in the canonical encoding: another encoding of
		// the same tensors would let one run pass as two.
		let load = |hash: &Hash256| -> Result<Checkpoint> {
			let checkpoint = self.load(hash)?;
			if checkpoint.hash()? != *hash {
				return Err(Error::InvalidData(format!(
					"checkpoint {hash} is not canonically encoded"
				)));
			}
			Ok(checkpoint)
		};

		// The start: the seeded initialisation or the base, with fresh optimiser state.
		let start = load(&claim.checkpoints[0])?;
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
			let mut session =
				Session::resume(&task.spec, &load(&claim.checkpoints[segment])?, self.device())?;
			for step in from + 1..=to {
				session.step(&session.batch(shard, task.seed, step.into()), step.into());
			}
			let claimed = load(&claim.checkpoints[segment + 1])?;
			let (matches, max_rel_diff) = same(&claimed, &session.checkpoint())?;
			if !matches {
				reasons.push(format!(
					"re-executing steps {}..={to} does not reproduce checkpoint {} (max relative diff {max_rel_diff:?})",
					from + 1,
					segment + 1
				));
			}
			measured.replayed.push(Replay {
				from_step: from + 1,
				to_step: to,
				max_rel_diff,
				matches,
			});
		}

		// The reported losses, measured on the same probe batch.
		for (name, checkpoint, reported, slot) in [
			("loss_before", &start, claim.loss_before, &mut measured.loss_before),
			("loss_after", &load(&claim.weights)?, claim.loss_after, &mut measured.loss_after),
		] {
			let session = Session::resume(&task.spec, checkpoint, self.device())?;
			let loss = session.loss(&session.probe(shard, task.seed));
			*slot = Some(loss);
			// Exact runs agree to the µnat, the unit the chain records losses in.
			let agrees = if exact {
				aicchain_task::micro_nats(loss) == aicchain_task::micro_nats(reported)
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
