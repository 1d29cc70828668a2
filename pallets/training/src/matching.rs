//! Matching: a fixed-point score per node from the active matching policy, and a ranking that
//! depends only on scores and a hash, never on storage order.
//!
//! Each figure of a node is normalised to `0..=UNIT` (more is better), multiplied by its
//! weight in [`MatchingWeights`], and summed:
//!
//! | figure | normalised |
//! |---|---|
//! | GPUs | `min(gpus, 16) / 16` |
//! | latency | `50 / (50 + latency_ms)` |
//! | bandwidth | `mbps / (mbps + 1,000)` |
//! | energy efficiency | `gflops_per_watt / (gflops_per_watt + 50)` |
//! | renewable share | `renewable_percent / 100` |
//! | trust | the trust score |

use aicchain_primitives::{MatchingWeights, NodeId, NodeSpecs};
use alloc::vec::Vec;
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	Perbill,
};

use crate::{JobId, RoundIndex};

/// A normalised figure's full mark.
pub const UNIT: u64 = 1_000_000;
/// GPUs beyond this many count no more.
const GPU_CAP: u64 = 16;
/// The latency, in milliseconds, that scores half.
const LATENCY_HALF: u64 = 50;
/// The bandwidth, in Mbit/s, that scores half.
const BANDWIDTH_HALF: u64 = 1_000;
/// The energy efficiency, in GFLOPS per watt, that scores half.
const EFFICIENCY_HALF: u64 = 50;

/// `x / (x + half)` in units of [`UNIT`]: 0 at 0, half at `half`, towards [`UNIT`] beyond.
fn saturating_ratio(x: u64, half: u64) -> u64 {
	UNIT * x / (x + half).max(1)
}

/// The matching score of a node with `specs` and `trust` under `weights`.
pub fn score<Text>(specs: &NodeSpecs<Text>, trust: Perbill, weights: &MatchingWeights) -> u128 {
	let figures = [
		(weights.gpus, UNIT * u64::from(specs.gpu_count).min(GPU_CAP) / GPU_CAP),
		(weights.latency, UNIT * LATENCY_HALF / (LATENCY_HALF + u64::from(specs.latency_ms))),
		(weights.bandwidth, saturating_ratio(specs.bandwidth_mbps.into(), BANDWIDTH_HALF)),
		(
			weights.energy_efficiency,
			saturating_ratio(specs.gflops_per_watt.into(), EFFICIENCY_HALF),
		),
		(weights.renewable, UNIT * u64::from(specs.renewable_percent.min(100)) / 100),
		(weights.trust, u64::from(trust.deconstruct()) / (1_000_000_000 / UNIT)),
	];
	figures.iter().map(|(weight, figure)| u128::from(*weight) * u128::from(*figure)).sum()
}

/// The hash that orders nodes of equal score for `job`'s `round`: a different order each
/// round, the same for everyone who computes it.
pub fn tie_break(job: JobId, round: RoundIndex, node: NodeId) -> H256 {
	BlakeTwo256::hash_of(&(job, round, node))
}

/// `scored` nodes best first: by score, then by [`tie_break`].
pub fn rank(job: JobId, round: RoundIndex, scored: Vec<(NodeId, u128)>) -> Vec<NodeId> {
	let mut keyed: Vec<_> = scored
		.into_iter()
		.map(|(node, score)| (core::cmp::Reverse(score), tie_break(job, round, node), node))
		.collect();
	keyed.sort_unstable();
	keyed.into_iter().map(|(_, _, node)| node).collect()
}
