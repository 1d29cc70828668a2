//! The default policy: each figure of a node normalised to `0..=UNIT` (more is better),
//! multiplied by its weight in [`MatchingWeights`], and summed.
//!
//! | figure | normalised |
//! |---|---|
//! | GPUs | `min(gpus, 16) / 16` |
//! | latency | `50 / (50 + latency_ms)` |
//! | bandwidth | `mbps / (mbps + 1,000)` |
//! | energy efficiency | `gflops_per_watt / (gflops_per_watt + 50)` |
//! | renewable share | `renewable_percent / 100` |
//! | trust | the trust score |

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_crypto_hashing::blake2_256;

use crate::Candidate;

/// A normalised figure's full mark.
pub const UNIT: u64 = 1_000_000;
/// GPUs beyond this many count no more.
pub(crate) const GPU_CAP: u64 = 16;
/// The latency, in milliseconds, that scores half.
pub(crate) const LATENCY_HALF: u64 = 50;
/// The bandwidth, in Mbit/s, that scores half.
pub(crate) const BANDWIDTH_HALF: u64 = 1_000;
/// The energy efficiency, in GFLOPS per watt, that scores half.
pub(crate) const EFFICIENCY_HALF: u64 = 50;

/// How much each node figure counts in the linear score: fixed-point points per unit of the
/// normalised figure.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatchingWeights {
	/// Weight of the GPU count.
	pub gpus: u32,
	/// Weight of low latency.
	pub latency: u32,
	/// Weight of bandwidth.
	pub bandwidth: u32,
	/// Weight of energy efficiency (GFLOPS per watt).
	pub energy_efficiency: u32,
	/// Weight of the renewable share of the node's power: the energy bonus.
	pub renewable: u32,
	/// Weight of the node's trust score.
	pub trust: u32,
}

impl MatchingWeights {
	/// The weights a chain starts with unless its genesis says otherwise: GPUs count most,
	/// then trust, then the other four alike.
	pub const DEFAULT: Self = Self {
		gpus: 40,
		latency: 10,
		bandwidth: 10,
		energy_efficiency: 10,
		renewable: 10,
		trust: 20,
	};

	/// The commitment to these weights: the BLAKE2b-256 hash of their SCALE encoding.
	pub fn commitment(&self) -> aicchain_task::H256 {
		blake2_256(&self.encode()).into()
	}
}

/// `x / (x + half)` in units of [`UNIT`]: 0 at 0, half at `half`, towards [`UNIT`] beyond.
fn saturating_ratio(x: u64, half: u64) -> u64 {
	UNIT * x / (x + half).max(1)
}

/// The linear score of `node` under `weights`.
pub fn score(node: &Candidate, weights: &MatchingWeights) -> u128 {
	let figures = [
		(weights.gpus, UNIT * u64::from(node.gpus).min(GPU_CAP) / GPU_CAP),
		(weights.latency, UNIT * LATENCY_HALF / (LATENCY_HALF + u64::from(node.latency_ms))),
		(weights.bandwidth, saturating_ratio(node.bandwidth_mbps.into(), BANDWIDTH_HALF)),
		(weights.energy_efficiency, saturating_ratio(node.gflops_per_watt.into(), EFFICIENCY_HALF)),
		(weights.renewable, UNIT * u64::from(node.renewable_percent.min(100)) / 100),
		(weights.trust, u64::from(node.trust.deconstruct()) / (1_000_000_000 / UNIT)),
	];
	figures.iter().map(|(weight, figure)| u128::from(*weight) * u128::from(*figure)).sum()
}
