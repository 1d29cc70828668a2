//! A learned policy: one hidden layer of ReLU units that scores a candidate from its
//! [`features`], in Q16.16 fixed point.
//!
//! A policy is published as the SCALE encoding of a [`PolicyNet`] (at most
//! [`MAX_POLICY_BYTES`]) and referred to by the BLAKE2b-256 hash of those bytes. Its score is
//!
//! ```text
//! score(x) = bias + Σ_units out · relu(bias_u + Σ_i weights_u[i] · x[i])
//! ```
//!
//! with every parameter and feature a Q16.16 number in an `i32`: products are exact in `i64`,
//! sums saturate, a unit's activation is rounded down to Q16.16 and saturates at `i32::MAX`,
//! and the score stays in Q32.32 (an `i64`), so that ranking loses no precision to rounding.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::{
	linear::{BANDWIDTH_HALF, EFFICIENCY_HALF, GPU_CAP, LATENCY_HALF},
	Candidate, JobFeatures, ModelKind,
};

/// Fractional bits of the fixed-point numbers.
pub const FRACTION_BITS: u32 = 16;
/// 1.0 in Q16.16.
pub const ONE: i32 = 1 << FRACTION_BITS;
/// How many features describe a candidate for a job.
pub const FEATURES: usize = 13;
/// The most hidden units a policy may have.
pub const MAX_UNITS: usize = 64;
/// The most bytes a published policy may take: room for [`MAX_UNITS`] units (3,846 bytes).
pub const MAX_POLICY_BYTES: u32 = 4 * 1024;
/// GPU memory, in GiB, beyond which more counts no more.
const GPU_MEMORY_CAP: u64 = 80;
/// Trainers per round beyond which a job counts as no bigger.
const TRAINERS_CAP: u64 = 16;

/// What each feature is, in order: every one lies in `0..=ONE`.
pub const FEATURE_NAMES: [&str; FEATURES] = [
	"gpus: min(gpus, 16) / 16",
	"gpu memory: min(GiB, 80) / 80",
	"latency: 50 / (50 + ms)",
	"bandwidth: mbps / (mbps + 1000)",
	"efficiency: gflops_per_watt / (gflops_per_watt + 50)",
	"renewable share",
	"trust",
	"idle: 1 / (1 + busy rounds)",
	"job trains an MLP",
	"job trains a CNN",
	"job trains a transformer",
	"job size: min(trainers, 16) / 16",
	"job's GPU floor: min(min_gpus, 16) / 16",
];

/// `part / whole` in Q16.16, for `part <= whole`.
fn fraction(part: u64, whole: u64) -> i32 {
	// `part <= whole`, so the quotient is at most `ONE`, and `part << 16` fits: `part` is
	// at most a `u32` plus a `u32`.
	((part << FRACTION_BITS) / whole.max(1)) as i32
}

/// `ONE` for true.
fn flag(on: bool) -> i32 {
	if on {
		ONE
	} else {
		0
	}
}

/// The features of `node` for `job`, each in `0..=ONE` (see [`FEATURE_NAMES`]).
pub fn features(node: &Candidate, job: &JobFeatures) -> [i32; FEATURES] {
	let capped = |x: u64, cap: u64| fraction(x.min(cap), cap);
	let half = |x: u64, half: u64| fraction(x, x + half);
	[
		capped(node.gpus.into(), GPU_CAP),
		capped(node.gpu_memory_gib.into(), GPU_MEMORY_CAP),
		half(LATENCY_HALF, node.latency_ms.into()),
		half(node.bandwidth_mbps.into(), BANDWIDTH_HALF),
		half(node.gflops_per_watt.into(), EFFICIENCY_HALF),
		capped(node.renewable_percent.into(), 100),
		fraction(node.trust.deconstruct().into(), 1_000_000_000),
		fraction(1, 1 + u64::from(node.busy)),
		flag(job.model == ModelKind::Mlp),
		flag(job.model == ModelKind::Cnn),
		flag(job.model == ModelKind::Transformer),
		capped(job.trainers.into(), TRAINERS_CAP),
		capped(job.min_gpus.into(), GPU_CAP),
	]
}

/// One hidden unit: its weights over the features, its bias, and its weight in the score.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct Unit {
	/// Q16.16 weight of each feature.
	pub weights: [i32; FEATURES],
	/// Q16.16 bias.
	pub bias: i32,
	/// Q16.16 weight of this unit's activation in the score.
	pub out: i32,
}

/// A learned matching policy: hidden units and the score's bias.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct PolicyNet {
	/// The hidden layer: 1 to [`MAX_UNITS`] units.
	pub units: Vec<Unit>,
	/// Q16.16 bias of the score.
	pub bias: i32,
}

/// Why bytes are not a policy.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PolicyError {
	/// More than [`MAX_POLICY_BYTES`].
	TooLarge,
	/// Not the SCALE encoding of a [`PolicyNet`], or bytes left over after it.
	Malformed,
	/// No hidden unit, or more than [`MAX_UNITS`].
	BadUnitCount,
}

impl PolicyNet {
	/// The policy encoded in `bytes`, checked against the bounds.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, PolicyError> {
		if bytes.len() > MAX_POLICY_BYTES as usize {
			return Err(PolicyError::TooLarge);
		}
		let net = Self::decode(&mut &bytes[..]).map_err(|_| PolicyError::Malformed)?;
		if net.encoded_size() != bytes.len() {
			return Err(PolicyError::Malformed);
		}
		if net.units.is_empty() || net.units.len() > MAX_UNITS {
			return Err(PolicyError::BadUnitCount);
		}
		Ok(net)
	}

	/// The hash by which a policy's `bytes` are published and proposed: BLAKE2b-256.
	pub fn hash_of(bytes: &[u8]) -> aicchain_task::H256 {
		sp_crypto_hashing::blake2_256(bytes).into()
	}

	/// The score of a candidate with `features`, in Q32.32: higher is better.
	pub fn score(&self, features: &[i32; FEATURES]) -> i64 {
		let product = |a: i32, b: i32| i64::from(a) * i64::from(b);
		let mut score = product(self.bias, ONE);
		for unit in &self.units {
			let sum =
				unit.weights.iter().zip(features).fold(product(unit.bias, ONE), |sum, (w, x)| {
					sum.saturating_add(product(*w, *x))
				});
			// ReLU, rounded down to Q16.16 and saturating there.
			let activation = (sum >> FRACTION_BITS).clamp(0, i32::MAX.into()) as i32;
			score = score.saturating_add(product(unit.out, activation));
		}
		score
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::Perbill;

	fn node() -> Candidate {
		Candidate {
			gpus: 4,
			gpu_memory_gib: 40,
			latency_ms: 50,
			bandwidth_mbps: 1_000,
			gflops_per_watt: 50,
			renewable_percent: 25,
			trust: Perbill::from_percent(75),
			busy: 1,
		}
	}

	const JOB: JobFeatures = JobFeatures { model: ModelKind::Cnn, trainers: 4, min_gpus: 16 };

	#[test]
	fn features_are_fractions_of_one() {
		let x = features(&node(), &JOB);
		let half = ONE / 2;
		assert_eq!(
			x,
			[ONE / 4, half, half, half, half, ONE / 4, 3 * ONE / 4, half, 0, ONE, 0, ONE / 4, ONE]
		);
		let extreme = Candidate {
			gpus: u16::MAX,
			gpu_memory_gib: u32::MAX,
			latency_ms: u32::MAX,
			bandwidth_mbps: u32::MAX,
			gflops_per_watt: u32::MAX,
			renewable_percent: u8::MAX,
			trust: Perbill::one(),
			busy: u32::MAX,
		};
		let job = JobFeatures { trainers: u32::MAX, min_gpus: u16::MAX, ..JOB };
		assert!(features(&extreme, &job).iter().all(|x| (0..=ONE).contains(x)));
	}

	fn net(units: Vec<Unit>) -> PolicyNet {
		PolicyNet { units, bias: -ONE }
	}

	#[test]
	fn scores_in_fixed_point_with_relu() {
		let mut weights = [0; FEATURES];
		weights[0] = 2 * ONE; // 2 × gpus
		let on = Unit { weights, bias: 0, out: 3 * ONE };
		let off = Unit { weights, bias: -ONE, out: ONE }; // 2 × ¼ − 1 < 0: ReLU cuts it
		let x = features(&node(), &JOB);
		// −1 + 3 × (2 × ¼) = 0.5, in Q32.32.
		assert_eq!(net(vec![on.clone(), off]).score(&x), 1 << 31);
		assert_eq!(net(vec![on]).score(&x), 1 << 31);
	}

	#[test]
	fn saturates_instead_of_overflowing() {
		let unit = Unit { weights: [i32::MAX; FEATURES], bias: i32::MAX, out: i32::MAX };
		let big = net(vec![unit.clone(); MAX_UNITS]);
		assert_eq!(big.score(&[ONE; FEATURES]), i64::MAX);
		let negative = Unit { out: i32::MIN, ..unit };
		assert_eq!(net(vec![negative; MAX_UNITS]).score(&[ONE; FEATURES]), i64::MIN);
	}

	#[test]
	fn bytes_are_checked() {
		let unit = Unit { weights: [1; FEATURES], bias: 2, out: 3 };
		let bytes = net(vec![unit.clone(); 2]).encode();
		assert_eq!(PolicyNet::from_bytes(&bytes), Ok(net(vec![unit.clone(); 2])));
		let mut longer = bytes.clone();
		longer.push(0);
		assert_eq!(PolicyNet::from_bytes(&longer), Err(PolicyError::Malformed));
		assert_eq!(PolicyNet::from_bytes(&bytes[..bytes.len() - 1]), Err(PolicyError::Malformed));
		assert_eq!(PolicyNet::from_bytes(&net(vec![]).encode()), Err(PolicyError::BadUnitCount));
		let too_many = net(vec![unit.clone(); MAX_UNITS + 1]).encode();
		assert_eq!(PolicyNet::from_bytes(&too_many), Err(PolicyError::BadUnitCount));
		assert!(net(vec![unit; MAX_UNITS]).encode().len() <= MAX_POLICY_BYTES as usize);
		let too_long = vec![0; MAX_POLICY_BYTES as usize + 1];
		assert_eq!(PolicyNet::from_bytes(&too_long), Err(PolicyError::TooLarge));
	}
}
