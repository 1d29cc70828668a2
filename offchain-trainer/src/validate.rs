//! Validation: re-check a claimed training run from its published checkpoints — the start,
//! sampled segments (always the last) re-executed, the reported losses, and the model's
//! held-out quality against its start.
//!
//! Every comparison is exact: each replayed checkpoint must match the claimed one bit for bit.
//! A run claimed on the CPU is replayed on the CPU with the claimed thread count; a run
//! claimed on a GPU is replayed on the validator's GPU (libtorch's CUDA kernels without
//! cuDNN are deterministic). No tolerance is offered, because none is safe: an honest GPU run
//! replayed on a CPU drifts by up to 2% of a tensor's scale within 10 Adam steps (README,
//! "Replaying GPU runs"), room enough to steer every weight where a cheater likes. A
//! validator that cannot replay a claim's device exactly judges it Invalid; a worker only
//! trains on its GPU when every validator of the round declares the same GPU.

use aicchain_task as task;
use serde::{Deserialize, Serialize};
use tch::Device;

use std::{collections::BTreeMap, ops::RangeInclusive, rc::Rc};

use crate::{
	checkpoint::Checkpoint,
	data::Dataset,
	error::{Error, Result},
	hash::Hash256,
	rng::Rng,
	session::Session,
	trainer::{device_name, Evaluation, TrainReport, TrainTask, Trainer},
};

/// The most CPU threads a claim may name: a validator replays with as many.
pub const MAX_THREADS: u16 = 256;
/// Held-out examples a validator evaluates the weights and their start on: a fixed sample,
/// the same for every validator, so that evaluation costs little and is comparable.
pub const HELD_OUT_SAMPLE: usize = 2_000;
/// Seeds the fixed held-out sample.
pub const HELD_OUT_SEED: u64 = 0x4845_4c44; // "HELD"
/// How much worse than its start, on the held-out sample, an update may leave the model before
/// it is Invalid: a share of the start's loss and a few nats, room for honest noise.
pub const WORSE_SHARE: f64 = 0.25;
/// See [`WORSE_SHARE`].
pub const WORSE_NATS: f64 = 0.1;

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
	/// Held-out figures of the claimed weights (on a fixed sample of the held-out part).
	pub held_out: Option<Evaluation>,
	/// Held-out figures of the run's start, on the same sample.
	pub held_out_start: Option<Evaluation>,
	/// The segments re-executed.
	pub replayed: Vec<Replay>,
}

/// One re-executed segment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replay {
	/// First step re-executed.
	pub from_step: u32,
	/// Last step re-executed.
	pub to_step: u32,
	/// Largest difference between the replayed and the claimed checkpoint, per tensor relative
	/// to the tensor's largest magnitude (0 when they match).
	pub max_rel_diff: Option<f64>,
	/// Whether the replay reproduced the claimed checkpoint bit for bit.
	pub matches: bool,
}

impl Trainer {
	/// Checks `request.claim` against `request.task`. Errors mean the check could not run
	/// (malformed task, missing artifacts); a dishonest claim gives an Invalid verdict.
	pub fn validate(&self, request: &ValidateRequest) -> Result<Verdict> {
		let ValidateRequest { task, claim, .. } = request;
		let dataset = self.check(task)?;
		let mut measured = Measured::default();
		let mut reasons = flaws(task, claim, self.device());
		if !reasons.is_empty() {
			return Ok(Verdict { valid: false, reasons, measured });
		}

		// Where the claim can be replayed exactly (`flaws` checked that it can): the CPU with
		// its threads, or this GPU.
		let replay_on = match claim.device {
			task::Device::Cpu { .. } => Device::Cpu,
			task::Device::Cuda => self.device(),
		};
		let boundaries = boundaries(task);

		// Replay a CPU claim with its own thread count: libtorch's CPU kernels are
		// deterministic for a given count, so the replay must be bit-exact.
		let threads = tch::get_num_threads();
		if let task::Device::Cpu { threads: claimed } = claim.device {
			if i32::from(claimed) != threads {
				tch::set_num_threads(claimed.into());
			}
		}
		// A claimed checkpoint that does not decode or fit the model is the claim's fault.
		let outcome =
			self.re_execute(request, replay_on, &dataset, &boundaries, &mut measured, &mut reasons);
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

	/// Re-executes the steps after `steps.start()` up to `steps.end()` of `task` on `device`,
	/// from the checkpoint `begin` (taken at `steps.start()`).
	pub fn replay(
		&self,
		task: &TrainTask,
		begin: &Checkpoint,
		steps: RangeInclusive<u32>,
		device: Device,
	) -> Result<Checkpoint> {
		let shard = self.dataset(&task.dataset)?.shard(task.shard)?;
		let mut session = Session::resume(&task.spec, begin, device)?;
		for step in steps.start() + 1..=*steps.end() {
			session.step(&session.batch(&shard, task.seed, step.into()), step.into());
		}
		Ok(session.checkpoint())
	}

	/// Compares the start, re-executes the chosen segments on `device`, re-measures the losses
	/// and evaluates the weights against the start; failed checks go to `reasons`.
	fn re_execute(
		&self,
		request: &ValidateRequest,
		device: Device,
		dataset: &Dataset,
		boundaries: &[u32],
		measured: &mut Measured,
		reasons: &mut Vec<String>,
	) -> Result<()> {
		let ValidateRequest { task, claim, sample_seed, segments } = request;
		let shard = dataset.shard(task.shard)?;
		let same = |claimed: &Checkpoint, ours: &Checkpoint| -> Result<(bool, Option<f64>)> {
			Ok((ours.hash()? == claimed.hash()?, ours.max_rel_diff(claimed)))
		};
		let mut checkpoints = Checkpoints::new(self);

		// The start: the seeded initialisation or the base, with fresh optimiser state.
		let start = checkpoints.get(&claim.checkpoints[0])?;
		let (matches, diff) = same(&start, &self.start(task)?.checkpoint())?;
		if !matches {
			reasons
				.push(format!("the first checkpoint is not the task's start (max diff {diff:?})"));
		}

		// Re-execute the last segment and `segments - 1` others, sampled without replacement.
		let last = boundaries.len() - 2;
		let mut chosen = vec![last];
		let mut others: Vec<usize> = (0..last).collect();
		let mut rng = Rng::new(*sample_seed);
		while chosen.len() < (*segments as usize).max(1) && !others.is_empty() {
			chosen.push(others.swap_remove((rng.next_u64() % others.len() as u64) as usize));
		}
		chosen.sort_unstable();
		for segment in chosen {
			let (from, to) = (boundaries[segment], boundaries[segment + 1]);
			let begin = checkpoints.get(&claim.checkpoints[segment])?;
			let replayed = self.replay(task, &begin, from..=to, device)?;
			let claimed = checkpoints.get(&claim.checkpoints[segment + 1])?;
			let (matches, max_rel_diff) = same(&claimed, &replayed)?;
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
		let weights = checkpoints.get(&claim.weights)?;
		for (name, checkpoint, reported, slot) in [
			("loss_before", &start, claim.loss_before, &mut measured.loss_before),
			("loss_after", &weights, claim.loss_after, &mut measured.loss_after),
		] {
			let session = Session::resume(&task.spec, checkpoint, device)?;
			let loss = session.loss(&session.probe(&shard, task.seed));
			*slot = Some(loss);
			// Exact runs agree to the µnat, the unit the chain records losses in.
			if aicchain_task::micro_nats(loss) != aicchain_task::micro_nats(reported) {
				reasons.push(format!("reports {name} {reported}, measured {loss}"));
			}
		}

		// The model's quality on a fixed sample of the held-out part, against its start's.
		let held_out = dataset.held_out.sample(HELD_OUT_SAMPLE, HELD_OUT_SEED);
		let evaluate = |checkpoint: &Checkpoint| -> Result<Evaluation> {
			let session = Session::resume(&task.spec, &checkpoint.model_only(), device)?;
			let (loss, accuracy) = session.evaluate(&held_out);
			Ok(Evaluation { loss, accuracy })
		};
		let (before, after) = (evaluate(&start)?, evaluate(&weights)?);
		if after.loss > before.loss * (1.0 + WORSE_SHARE) + WORSE_NATS {
			reasons.push(format!(
				"leaves the model clearly worse than its start: held-out loss {:.4} -> {:.4}",
				before.loss, after.loss
			));
		}
		measured.held_out_start = Some(before);
		measured.held_out = Some(after);
		Ok(())
	}
}

/// What is wrong with `claim` on its face, for a validator on `validator`, before anything is
/// replayed: a device it cannot replay exactly, steps or samples that are not `task`'s, the
/// wrong checkpoints. Empty when nothing is; otherwise [`Trainer::validate`] judges the claim
/// Invalid for these reasons alone.
pub fn flaws(task: &TrainTask, claim: &TrainReport, validator: Device) -> Vec<String> {
	let mut reasons = Vec::new();
	match claim.device {
		task::Device::Cpu { threads } if !(1..=MAX_THREADS).contains(&threads) => reasons
			.push(format!("claims {threads} CPU threads; 1 to {MAX_THREADS} can be replayed")),
		task::Device::Cpu { .. } => {}
		task::Device::Cuda if validator.is_cuda() => {}
		task::Device::Cuda => reasons.push(format!(
			"claims a run on a GPU, which this validator ({}) cannot replay exactly",
			device_name(validator)
		)),
	}
	if claim.steps != task.steps {
		reasons.push(format!("claims {} steps, the task has {}", claim.steps, task.steps));
	}
	let samples = u64::from(task.steps) * task.spec.batch_size as u64;
	if claim.samples != samples {
		reasons
			.push(format!("claims {} samples, {} steps make {samples}", claim.samples, task.steps));
	}
	let boundaries = boundaries(task);
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
	reasons
}

/// The steps at which `task` publishes checkpoints: 0, every `checkpoint_every`, and the last.
fn boundaries(task: &TrainTask) -> Vec<u32> {
	(0..task.steps)
		.step_by(task.checkpoint_every as usize)
		.chain(std::iter::once(task.steps))
		.collect()
}

/// The checkpoints of a claim, each read once, decoded, and checked to be the canonical
/// encoding of its tensors (which also checks the bytes against their name: one hash each).
struct Checkpoints<'a> {
	trainer: &'a Trainer,
	loaded: BTreeMap<Hash256, Rc<Checkpoint>>,
}

impl<'a> Checkpoints<'a> {
	fn new(trainer: &'a Trainer) -> Self {
		Self { trainer, loaded: BTreeMap::new() }
	}

	/// The checkpoint `hash`; another encoding of the same tensors is the claim's fault (it
	/// would let one run pass as two).
	fn get(&mut self, hash: &Hash256) -> Result<Rc<Checkpoint>> {
		if let Some(checkpoint) = self.loaded.get(hash) {
			return Ok(checkpoint.clone());
		}
		let checkpoint = Checkpoint::decode(&self.trainer.store().read(hash)?)?;
		if checkpoint.hash()? != *hash {
			return Err(Error::InvalidData(format!(
				"checkpoint {hash} is not canonically encoded"
			)));
		}
		let checkpoint = Rc::new(checkpoint);
		self.loaded.insert(*hash, checkpoint.clone());
		Ok(checkpoint)
	}
}
