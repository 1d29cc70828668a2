//! The learned policy in floating point, as PPO trains it: a `tch` module that scores each
//! candidate from its 13 features (one hidden ReLU layer of 16 to 32 units), its quantisation
//! to the chain's fixed-point [`PolicyNet`], and a plain-Rust float copy for the simulator and
//! the fidelity measurement.
//!
//! The features are the chain's Q16.16 [`aicchain_matching::features`] divided by 2^16
//! (exact in `f32`), so the float policy and the integer one see the same inputs. Each
//! parameter quantises to `round(w × 2^16)`, clamped to `i32`.

use aicchain_matching::{PolicyNet, Unit, FEATURES, ONE};
use tch::{nn, Tensor};

use crate::{
	checkpoint::{Checkpoint, MODEL},
	error::{Error, Result},
};

/// Hidden units unless told otherwise.
pub const DEFAULT_HIDDEN: i64 = 16;
/// The most hidden units the trainer builds (the chain takes up to 64).
pub const MAX_HIDDEN: i64 = 32;

/// The float policy: features `[.., 13]` to scores `[..]`.
#[derive(Debug)]
pub struct ScoreNet {
	hidden: nn::Linear,
	out: nn::Linear,
}

impl ScoreNet {
	/// A freshly initialised network with `hidden` units under `path`.
	pub fn new(path: &nn::Path, hidden: i64) -> Self {
		let hidden_layer = nn::linear(path / "hidden", FEATURES as i64, hidden, Default::default());
		let out = nn::linear(path / "out", hidden, 1, Default::default());
		Self { hidden: hidden_layer, out }
	}

	/// The network in plain Rust, for scoring without tensors.
	pub fn to_float(&self) -> FloatNet {
		let values = |t: &Tensor| Vec::<f32>::try_from(t.flatten(0, -1)).expect("f32 parameters");
		let (weights, biases) =
			(values(&self.hidden.ws), values(self.hidden.bs.as_ref().expect("has a bias")));
		let (outs, bias) =
			(values(&self.out.ws), values(self.out.bs.as_ref().expect("has a bias")));
		FloatNet::from_parts(&weights, &biases, &outs, bias[0])
	}

	/// Its parameters as a checkpoint (`model.hidden.weight`, …).
	pub fn checkpoint(&self) -> Checkpoint {
		let mut checkpoint = Checkpoint::default();
		let bias = |layer: &nn::Linear| layer.bs.as_ref().expect("has a bias").detach().copy();
		for (name, tensor) in [
			("hidden.weight", self.hidden.ws.detach().copy()),
			("hidden.bias", bias(&self.hidden)),
			("out.weight", self.out.ws.detach().copy()),
			("out.bias", bias(&self.out)),
		] {
			checkpoint.tensors.insert(format!("{MODEL}{name}"), tensor);
		}
		checkpoint
	}
}

impl nn::Module for ScoreNet {
	fn forward(&self, xs: &Tensor) -> Tensor {
		xs.apply(&self.hidden).relu().apply(&self.out).squeeze_dim(-1)
	}
}

/// One hidden unit in floating point.
#[derive(Clone, Debug, PartialEq)]
pub struct FloatUnit {
	/// Weight of each feature.
	pub weights: [f64; FEATURES],
	/// Bias.
	pub bias: f64,
	/// Weight of the unit's activation in the score.
	pub out: f64,
}

/// The float policy without tensors: scores in `f64` from `f32` parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct FloatNet {
	/// The hidden units.
	pub units: Vec<FloatUnit>,
	/// The score's bias.
	pub bias: f64,
}

impl FloatNet {
	/// From row-major hidden weights `[units × FEATURES]`, hidden biases, output weights and
	/// the output bias.
	fn from_parts(weights: &[f32], biases: &[f32], outs: &[f32], bias: f32) -> Self {
		let units = biases
			.iter()
			.zip(outs)
			.zip(weights.chunks_exact(FEATURES))
			.map(|((bias, out), row)| FloatUnit {
				weights: std::array::from_fn(|i| row[i].into()),
				bias: (*bias).into(),
				out: (*out).into(),
			})
			.collect();
		Self { units, bias: bias.into() }
	}

	/// The float network saved by `train` (a checkpoint of [`ScoreNet::checkpoint`]).
	pub fn from_checkpoint(bytes: &[u8]) -> Result<Self> {
		let checkpoint = Checkpoint::decode(bytes)?;
		let get = |name: &str| -> Result<Vec<f32>> {
			let tensor = checkpoint.tensors.get(&format!("{MODEL}{name}")).ok_or_else(|| {
				Error::InvalidData(format!("the checkpoint has no tensor {MODEL}{name}"))
			})?;
			Ok(Vec::<f32>::try_from(tensor.f_flatten(0, -1)?)?)
		};
		let (weights, biases, outs, bias) =
			(get("hidden.weight")?, get("hidden.bias")?, get("out.weight")?, get("out.bias")?);
		if biases.is_empty()
			|| weights.len() != biases.len() * FEATURES
			|| outs.len() != biases.len()
			|| bias.len() != 1
		{
			return Err(Error::ShapeMismatch("not a one-hidden-layer score network".into()));
		}
		Ok(Self::from_parts(&weights, &biases, &outs, bias[0]))
	}

	/// The score of a candidate with the chain's Q16.16 `features`.
	pub fn score(&self, features: &[i32; FEATURES]) -> f64 {
		let x = features.map(|f| f64::from(f) / f64::from(ONE));
		self.bias
			+ self
				.units
				.iter()
				.map(|unit| {
					let sum =
						unit.bias + unit.weights.iter().zip(&x).map(|(w, x)| w * x).sum::<f64>();
					unit.out * sum.max(0.0)
				})
				.sum::<f64>()
	}

	/// The network in the chain's fixed point.
	pub fn quantise(&self) -> PolicyNet {
		let q =
			|w: f64| (w * f64::from(ONE)).round().clamp(i32::MIN.into(), i32::MAX.into()) as i32;
		PolicyNet {
			units: self
				.units
				.iter()
				.map(|unit| Unit {
					weights: unit.weights.map(q),
					bias: q(unit.bias),
					out: q(unit.out),
				})
				.collect(),
			bias: q(self.bias),
		}
	}
}
