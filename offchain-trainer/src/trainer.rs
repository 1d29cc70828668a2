//! The trainer: loaded data sets, an artifact store and a device; training runs that report
//! what they did, and evaluation.

use std::{collections::BTreeMap, rc::Rc, time::Instant};

use serde::{Deserialize, Serialize};
use tch::Device;

use crate::{
	checkpoint::Checkpoint,
	data::{Dataset, Shard},
	error::{Error, Result},
	hash::Hash256,
	model::ModelSpec,
	session::Session,
	store::ArtifactStore,
};

pub use aicchain_task::{
	rpc::{Evaluation, Progress},
	MAX_CHECKPOINTS, MAX_STEPS,
};

/// What to train: the chain's assignment to one trainer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainTask {
	/// Model, optimiser and batch size.
	pub spec: ModelSpec,
	/// The data set's hash.
	pub dataset: Hash256,
	/// The slice of the data set to train on.
	pub shard: Shard,
	/// The checkpoint to start from; `None` starts from the spec's seeded initialisation.
	pub base: Option<Hash256>,
	/// Optimiser steps.
	pub steps: u32,
	/// Seeds the initialisation (when there is no base).
	pub init_seed: u64,
	/// Seeds the batch order and the probe batch.
	pub seed: u64,
	/// Steps between published checkpoints (the segments validators re-execute).
	pub checkpoint_every: u32,
}

/// What a training run did; the chain stores it and validators check it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainReport {
	/// The final checkpoint (weights and optimiser state).
	pub weights: Hash256,
	/// Checkpoints at steps 0, `checkpoint_every`, 2 × `checkpoint_every`, …, `steps`. The
	/// list itself is stored too, named by its hash (`aicchain_task::checkpoint_list_hash`).
	pub checkpoints: Vec<Hash256>,
	/// Examples processed (steps × batch size).
	pub samples: u64,
	/// Optimiser steps taken.
	pub steps: u32,
	/// Mean loss on the run's probe batch before training.
	pub loss_before: f64,
	/// Mean loss on the same probe batch after training.
	pub loss_after: f64,
	/// Wall time of the run, in milliseconds.
	pub wall_ms: u64,
	/// Where it ran: the CPU with its libtorch intra-op threads (CPU results are bit-exact
	/// for equal thread counts), or a GPU.
	pub device: aicchain_task::Device,
}

/// Data sets, artifacts and a device.
pub struct Trainer {
	device: Device,
	store: ArtifactStore,
	datasets: BTreeMap<Hash256, Rc<Dataset>>,
}

impl Trainer {
	/// A trainer on `device` with its artifacts in `store`. On a GPU it turns cuDNN off for
	/// the whole process: cuDNN's convolutions may add up in any order (and in TF32), while
	/// libtorch's own CUDA kernels and cuBLAS give the same bits on every run, which is what
	/// lets a validator on the same GPU replay a run exactly.
	pub fn new(device: Device, store: ArtifactStore) -> Self {
		if device.is_cuda() {
			tch::Cuda::set_user_enabled_cudnn(false);
		}
		Self { device, store, datasets: BTreeMap::new() }
	}

	/// Makes `dataset` available to tasks; returns its hash.
	pub fn add_dataset(&mut self, dataset: Dataset) -> Hash256 {
		let hash = dataset.hash;
		self.datasets.insert(hash, Rc::new(dataset));
		hash
	}

	/// The loaded data sets.
	pub fn datasets(&self) -> impl Iterator<Item = &Dataset> {
		self.datasets.values().map(|d| &**d)
	}

	/// The data set `hash`.
	pub fn dataset(&self, hash: &Hash256) -> Result<Rc<Dataset>> {
		self.datasets.get(hash).cloned().ok_or(Error::UnknownDataset(*hash))
	}

	/// The artifact store.
	pub fn store(&self) -> &ArtifactStore {
		&self.store
	}

	/// The device training runs on unless a task asks for the CPU.
	pub fn device(&self) -> Device {
		self.device
	}

	/// Checks a task before any work: spec against data, shard, step counts, base present.
	pub fn check(&self, task: &TrainTask) -> Result<Rc<Dataset>> {
		let dataset = self.dataset(&task.dataset)?;
		task.spec.check_against(&dataset)?;
		task.shard.check()?;
		if task.steps == 0 || task.steps > MAX_STEPS {
			return Err(Error::InvalidRequest(format!(
				"{} steps is outside 1..={MAX_STEPS}",
				task.steps
			)));
		}
		if task.checkpoint_every == 0
			|| task.steps.div_ceil(task.checkpoint_every) > MAX_CHECKPOINTS
		{
			return Err(Error::InvalidRequest(format!(
				"a checkpoint every {} steps gives more than {MAX_CHECKPOINTS} checkpoints",
				task.checkpoint_every
			)));
		}
		if let Some(base) = &task.base {
			if !self.store.contains(base) {
				return Err(Error::UnknownArtifact(*base));
			}
		}
		Ok(dataset)
	}

	/// The session a task starts from: its base checkpoint, or the seeded initialisation.
	pub fn start(&self, task: &TrainTask) -> Result<Session> {
		self.start_on(task, self.device)
	}

	/// [`Self::start`] on `device`.
	fn start_on(&self, task: &TrainTask, device: Device) -> Result<Session> {
		match &task.base {
			Some(base) => Session::resume(&task.spec, &self.load(base)?, device),
			None => Ok(Session::init(&task.spec, task.init_seed, device)),
		}
	}

	/// Loads and decodes the checkpoint `hash`.
	pub fn load(&self, hash: &Hash256) -> Result<Checkpoint> {
		Checkpoint::decode(&self.store.get(hash)?)
	}

	/// Stores `checkpoint`; returns its hash.
	pub fn save(&self, checkpoint: &Checkpoint) -> Result<Hash256> {
		self.store.put(&checkpoint.encode()?)
	}

	/// Runs `task` on the trainer's device, storing a checkpoint at every segment boundary and
	/// then the list of them; calls `progress` as it goes.
	pub fn train(
		&self,
		task: &TrainTask,
		progress: &mut dyn FnMut(Progress),
	) -> Result<TrainReport> {
		self.train_on(task, self.device, progress)
	}

	/// [`Self::train`] on `device`: the CPU, or the trainer's GPU where the run's validators
	/// can replay it there.
	pub fn train_on(
		&self,
		task: &TrainTask,
		device: Device,
		progress: &mut dyn FnMut(Progress),
	) -> Result<TrainReport> {
		if device != Device::Cpu && device != self.device {
			return Err(Error::InvalidRequest(format!(
				"cannot train on {}: this trainer has {}",
				device_name(device),
				device_name(self.device)
			)));
		}
		let started = Instant::now();
		let dataset = self.check(task)?;
		let shard = dataset.shard(task.shard)?;
		let mut session = self.start_on(task, device)?;
		let probe = session.probe(&shard, task.seed);
		let loss_before = session.loss(&probe);
		let mut checkpoints = vec![self.save(&session.checkpoint())?];
		let report_every = (task.steps / 20).max(1);
		for step in 1..=task.steps {
			let loss = session.step(&session.batch(&shard, task.seed, step.into()), step.into());
			if step % task.checkpoint_every == 0 || step == task.steps {
				checkpoints.push(self.save(&session.checkpoint())?);
			}
			if step % report_every == 0 || step == task.steps {
				progress(Progress { step, steps: task.steps, loss });
			}
		}
		let list: Vec<_> = checkpoints.iter().map(|&hash| hash.into()).collect();
		self.store.put(&aicchain_task::checkpoint_list_bytes(&list))?;
		Ok(TrainReport {
			weights: *checkpoints.last().expect("at least the start"),
			checkpoints,
			samples: u64::from(task.steps) * task.spec.batch_size as u64,
			steps: task.steps,
			loss_before,
			loss_after: session.loss(&probe),
			wall_ms: started.elapsed().as_millis() as u64,
			device: run_device(device),
		})
	}

	/// Held-out loss (and accuracy) of checkpoint `weights` for `spec` on `dataset`.
	pub fn evaluate(
		&self,
		spec: &ModelSpec,
		dataset: &Hash256,
		weights: &Hash256,
	) -> Result<Evaluation> {
		let dataset = self.dataset(dataset)?;
		spec.check_against(&dataset)?;
		let session = Session::resume(spec, &self.load(weights)?.model_only(), self.device)?;
		let (loss, accuracy) = session.evaluate(&dataset.held_out);
		Ok(Evaluation { loss, accuracy })
	}

	/// Held-out figures of `spec`'s initialisation seeded `seed` on `dataset`: the model a
	/// job's first round starts from.
	pub fn evaluate_initial(
		&self,
		spec: &ModelSpec,
		dataset: &Hash256,
		seed: u64,
	) -> Result<Evaluation> {
		let dataset = self.dataset(dataset)?;
		spec.check_against(&dataset)?;
		let (loss, accuracy) = Session::init(spec, seed, self.device).evaluate(&dataset.held_out);
		Ok(Evaluation { loss, accuracy })
	}
}

/// Where a run on `device` ran, as the chain records it: the CPU with this process's libtorch
/// threads, or a GPU.
pub fn run_device(device: Device) -> aicchain_task::Device {
	if device.is_cuda() {
		aicchain_task::Device::Cuda
	} else {
		let threads = tch::get_num_threads().clamp(0, u16::MAX.into());
		aicchain_task::Device::Cpu { threads: threads as u16 }
	}
}

/// `cpu` or `cuda:N`.
pub fn device_name(device: Device) -> String {
	match device {
		Device::Cuda(i) => format!("cuda:{i}"),
		_ => "cpu".into(),
	}
}
