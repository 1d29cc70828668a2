//! Checkpoints: named f32 tensors (model weights, optionally optimiser state) in a canonical
//! safetensors encoding, so that the BLAKE2b-256 of the bytes names the weights.

use std::collections::BTreeMap;

use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use tch::{Device, Kind, Tensor};

use crate::{
	error::{Error, Result},
	hash::Hash256,
	tensor::tensor_bytes,
};

/// Prefix of model weights in a checkpoint.
pub const MODEL: &str = "model.";
/// Prefix of optimiser state in a checkpoint.
pub const OPTIM: &str = "optim.";

/// Named CPU tensors, ordered by name.
#[derive(Debug, Default)]
pub struct Checkpoint {
	/// The tensors, f32 and contiguous, on the CPU.
	pub tensors: BTreeMap<String, Tensor>,
}

impl Checkpoint {
	/// The canonical bytes: safetensors, tensors sorted by name, no metadata.
	pub fn encode(&self) -> Result<Vec<u8>> {
		let bytes: Vec<(&String, Vec<u8>, Vec<usize>)> = self
			.tensors
			.iter()
			.map(|(name, t)| {
				(name, tensor_bytes(t), t.size().iter().map(|&d| d as usize).collect())
			})
			.collect();
		let views = bytes
			.iter()
			.map(|(name, data, shape)| {
				Ok((name.as_str(), TensorView::new(Dtype::F32, shape.clone(), data)?))
			})
			.collect::<Result<Vec<_>>>()?;
		Ok(safetensors::serialize(views, &None)?)
	}

	/// Decodes safetensors bytes; only f32 tensors are accepted.
	pub fn decode(bytes: &[u8]) -> Result<Self> {
		let file = SafeTensors::deserialize(bytes)?;
		let mut tensors = BTreeMap::new();
		for (name, view) in file.tensors() {
			if view.dtype() != Dtype::F32 {
				return Err(Error::InvalidData(format!(
					"tensor {name} is {:?}, not F32",
					view.dtype()
				)));
			}
			let shape: Vec<i64> = view.shape().iter().map(|&d| d as i64).collect();
			tensors.insert(name, Tensor::f_from_data_size(view.data(), &shape, Kind::Float)?);
		}
		Ok(Self { tensors })
	}

	/// The hash of [`Self::encode`].
	pub fn hash(&self) -> Result<Hash256> {
		Ok(Hash256::of(&self.encode()?))
	}

	/// Only the model weights (what merging and evaluation use).
	pub fn model_only(&self) -> Self {
		let tensors = self
			.tensors
			.iter()
			.filter(|(name, _)| name.starts_with(MODEL))
			.map(|(name, t)| (name.clone(), t.shallow_clone()))
			.collect();
		Self { tensors }
	}

	/// Adds a copy of `tensor` under `name`, as a contiguous f32 CPU tensor.
	pub fn insert(&mut self, name: String, tensor: &Tensor) {
		// A snapshot: on the CPU the conversions below may share the live tensor's storage,
		// which training goes on changing.
		let cpu = tensor.detach().to_device(Device::Cpu).to_kind(Kind::Float).contiguous().copy();
		self.tensors.insert(name, cpu);
	}

	/// The largest difference to `other` over all tensors, each relative to the largest
	/// magnitude in `other`'s tensor (so that tiny optimiser moments are held to their own
	/// scale); `None` when names or shapes differ. An all-zero tensor must match exactly.
	pub fn max_rel_diff(&self, other: &Self) -> Option<f64> {
		if !self.tensors.keys().eq(other.tensors.keys()) {
			return None;
		}
		let mut max = 0f64;
		for (a, b) in self.tensors.values().zip(other.tensors.values()) {
			if a.size() != b.size() {
				return None;
			}
			if a.numel() > 0 {
				let diff = (a - b).abs().max().double_value(&[]);
				let scale = b.abs().max().double_value(&[]);
				let relative = match (diff, scale) {
					(d, _) if d.is_nan() => f64::INFINITY, // NaN never matches.
					(d, s) if s > 0.0 => d / s,
					(d, _) if d > 0.0 => f64::INFINITY,
					_ => 0.0,
				};
				max = max.max(relative);
			}
		}
		Some(max)
	}
}
