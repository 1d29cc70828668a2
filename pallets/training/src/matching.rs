//! Matching: a fixed-point score per node from the matching policy in force, and a ranking
//! that depends only on scores and a hash, never on storage order.
//!
//! Validators are scored by the linear weights; trainers by the learned network when one is
//! in force, else by the linear weights too. The arithmetic of both is the
//! `aicchain-matching` crate's, which the trainer's simulator shares.

use aicchain_primitives::{
	matching::{features, linear, Candidate, JobFeatures},
	MatchingWeights, NodeId, NodeSpecs, PolicyNet,
};
use alloc::vec::Vec;
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	Perbill,
};

use crate::{JobId, RoundIndex};

/// The candidate a node with `specs` and `trust`, training in `busy` unsettled rounds, is.
pub fn candidate<Text>(specs: &NodeSpecs<Text>, trust: Perbill, busy: u32) -> Candidate {
	Candidate {
		gpus: specs.gpu_count,
		gpu_memory_gib: specs.gpu_memory_gib,
		latency_ms: specs.latency_ms,
		bandwidth_mbps: specs.bandwidth_mbps,
		gflops_per_watt: specs.gflops_per_watt,
		renewable_percent: specs.renewable_percent,
		trust,
		busy,
	}
}

/// How a round ranks one role's candidates.
pub enum Scorer {
	/// By the linear weights ([`linear::score`]).
	Linear(MatchingWeights),
	/// By a learned network for this job ([`PolicyNet::score`]).
	Learned(PolicyNet, JobFeatures),
}

impl Scorer {
	/// The score of `node`: higher ranks first.
	pub fn score(&self, node: &Candidate) -> u128 {
		match self {
			Self::Linear(weights) => linear::score(node, weights),
			// Shifted from `i64` to `u128`, which keeps the order.
			Self::Learned(net, job) => {
				(i128::from(net.score(&features(node, job))) - i128::from(i64::MIN)) as u128
			}
		}
	}
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
