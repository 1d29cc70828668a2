//! A model in training on one device: its variables, network and optimiser state; seeded
//! batches; loss and accuracy.

use std::{collections::BTreeMap, sync::Mutex};

use tch::{nn, nn::ModuleT, Device, Kind, Tensor};

use crate::{
	checkpoint::{Checkpoint, MODEL, OPTIM},
	data::Examples,
	error::{Error, Result},
	model::ModelSpec,
	optim::OptimState,
	rng::Rng,
};

/// Held while seeding libtorch's global generator and drawing initial weights from it.
static SEEDED_INIT: Mutex<()> = Mutex::new(());

/// Examples in the probe batch that `loss_before` and `loss_after` are measured on.
pub const PROBE_SIZE: i64 = 256;

/// Inputs and targets of one batch, on the session's device.
pub struct Batch {
	inputs: Tensor,
	targets: Tensor,
}

/// A model being trained.
pub struct Session {
	spec: ModelSpec,
	net: Box<dyn ModuleT + Send>,
	variables: BTreeMap<String, Tensor>,
	optim: OptimState,
	device: Device,
	// Owns the variables; kept alive for the network's sake.
	_store: nn::VarStore,
}

impl Session {
	/// A fresh model initialised from `seed`: built on the CPU (whose random generator is the
	/// same everywhere), then moved to `device`.
	pub fn init(spec: &ModelSpec, seed: u64, device: Device) -> Self {
		let mut store = nn::VarStore::new(Device::Cpu);
		let net = {
			// libtorch's generator is global: seed and draw without another thread between.
			let _seeded = SEEDED_INIT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
			tch::manual_seed(seed as i64);
			spec.build(&store.root())
		};
		store.set_device(device);
		let variables: BTreeMap<String, Tensor> = store.variables().into_iter().collect();
		let optim = OptimState::zeros(spec.optimizer, &variables);
		Self { spec: spec.clone(), net, variables, optim, device, _store: store }
	}

	/// The model in `checkpoint` (its optimiser state, or zeros when it has none).
	pub fn resume(spec: &ModelSpec, checkpoint: &Checkpoint, device: Device) -> Result<Self> {
		let session = Self::init(spec, 0, device);
		let expected: Vec<String> =
			session.variables.keys().map(|n| format!("{MODEL}{n}")).collect();
		let found: Vec<&String> =
			checkpoint.tensors.keys().filter(|n| n.starts_with(MODEL)).collect();
		if !found.iter().copied().eq(expected.iter()) {
			return Err(Error::ShapeMismatch(format!(
				"the checkpoint's weights {found:?} are not the model's {expected:?}"
			)));
		}
		let copy = |name: &str, target: &Tensor| -> Result<()> {
			let source = &checkpoint.tensors[name];
			if source.size() != target.size() {
				return Err(Error::ShapeMismatch(format!(
					"{name} is {:?} in the checkpoint, {:?} in the model",
					source.size(),
					target.size()
				)));
			}
			tch::no_grad(|| target.shallow_clone().f_copy_(&source.to_device(device)))?;
			Ok(())
		};
		for (name, var) in &session.variables {
			copy(&format!("{MODEL}{name}"), var)?;
		}
		for ((slot, name), state) in &session.optim.slots {
			let key = format!("{OPTIM}{slot}.{name}");
			if checkpoint.tensors.contains_key(&key) {
				copy(&key, state)?;
			}
		}
		Ok(session)
	}

	/// Weights and optimiser state, on the CPU.
	pub fn checkpoint(&self) -> Checkpoint {
		let mut checkpoint = Checkpoint::default();
		for (name, var) in &self.variables {
			checkpoint.insert(format!("{MODEL}{name}"), var);
		}
		for ((slot, name), state) in &self.optim.slots {
			checkpoint.insert(format!("{OPTIM}{slot}.{name}"), state);
		}
		checkpoint
	}

	/// One optimiser step on `batch` (`step` counts from 1); returns the batch's loss.
	pub fn step(&mut self, batch: &Batch, step: u64) -> f64 {
		for var in self.variables.values_mut() {
			var.zero_grad();
		}
		let loss = self.loss_of(batch, true);
		loss.backward();
		self.optim.step(&self.variables, step);
		loss.double_value(&[])
	}

	/// Mean loss on `batch`, without gradients.
	pub fn loss(&self, batch: &Batch) -> f64 {
		tch::no_grad(|| self.loss_of(batch, false).double_value(&[]))
	}

	/// Mean loss and (for classifiers) accuracy over `examples`, in chunks.
	pub fn evaluate(&self, examples: &Examples) -> (f64, Option<f64>) {
		tch::no_grad(|| match examples {
			Examples::Images { features, labels } => {
				let n = labels.size()[0];
				let (mut loss, mut correct) = (0.0, 0.0);
				for start in (0..n).step_by(1000) {
					let len = (n - start).min(1000);
					let inputs = features.narrow(0, start, len).to_device(self.device);
					let logits = self.net.forward_t(&inputs, false);
					let targets = labels.narrow(0, start, len).to_device(self.device);
					loss +=
						logits.cross_entropy_for_logits(&targets).double_value(&[]) * len as f64;
					correct += logits.accuracy_for_logits(&targets).double_value(&[]) * len as f64;
				}
				(loss / n as f64, Some(correct / n as f64))
			}
			Examples::Text { tokens } => {
				let context = self.spec.context().expect("text is checked to need a transformer");
				let windows = ((tokens.size()[0] - 1) / context).min(512);
				let starts: Vec<i64> = (0..windows).map(|w| w * context).collect();
				let batch = text_batch(tokens, &starts, context, self.device);
				(self.loss_of(&batch, false).double_value(&[]), None)
			}
		})
	}

	fn loss_of(&self, batch: &Batch, train: bool) -> Tensor {
		let logits = self.net.forward_t(&batch.inputs, train);
		let classes = *logits.size().last().expect("logits have a class dimension");
		logits.reshape([-1, classes]).cross_entropy_for_logits(&batch.targets.reshape([-1]))
	}

	/// The session's device.
	pub fn device(&self) -> Device {
		self.device
	}

	/// The batch of `step` for a run seeded with `seed`: the same everywhere, on any device.
	pub fn batch(&self, examples: &Examples, seed: u64, step: u64) -> Batch {
		sample(examples, &self.spec, seed, step, self.spec.batch_size, self.device)
	}

	/// The fixed probe batch of a run seeded with `seed`.
	pub fn probe(&self, examples: &Examples, seed: u64) -> Batch {
		sample(examples, &self.spec, seed, u64::MAX, PROBE_SIZE, self.device)
	}
}

/// Draws `size` examples with a SplitMix64 stream keyed by `(seed, step)`.
fn sample(
	examples: &Examples,
	spec: &ModelSpec,
	seed: u64,
	step: u64,
	size: i64,
	device: Device,
) -> Batch {
	let mut rng = Rng::keyed(seed, step);
	match examples {
		Examples::Images { features, labels } => {
			let n = labels.size()[0] as u64;
			let picks: Vec<i64> = (0..size).map(|_| (rng.next_u64() % n) as i64).collect();
			let index = Tensor::from_slice(&picks);
			Batch {
				inputs: features.index_select(0, &index).to_device(device),
				targets: labels.index_select(0, &index).to_device(device),
			}
		}
		Examples::Text { tokens } => {
			let context = spec.context().expect("text is checked to need a transformer");
			let room = (tokens.size()[0] - context - 1).max(1) as u64;
			let starts: Vec<i64> = (0..size).map(|_| (rng.next_u64() % room) as i64).collect();
			text_batch(tokens, &starts, context, device)
		}
	}
}

/// Windows of `context + 1` bytes at `starts`: inputs are the first `context`, targets the
/// next byte at each position.
fn text_batch(tokens: &Tensor, starts: &[i64], context: i64, device: Device) -> Batch {
	let windows: Vec<Tensor> = starts.iter().map(|&s| tokens.narrow(0, s, context + 1)).collect();
	let windows = Tensor::stack(&windows, 0).to_device(device);
	Batch {
		inputs: windows.narrow(1, 0, context),
		targets: windows.narrow(1, 1, context).to_kind(Kind::Int64),
	}
}
