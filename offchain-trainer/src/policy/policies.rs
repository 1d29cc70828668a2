//! The matching policies compared: the learned network (scored in fixed point, exactly as the
//! runtime scores it), the chain's linear default, random choice, and most GPUs first. All but
//! the random one rank the eligible candidates by score, best first, and take the top
//! `trainers`, as the chain does.

use aicchain_matching::{linear, Candidate, JobFeatures, MatchingWeights, PolicyNet};

use super::market::{Choice, Chooser};
use crate::rng::{mix, Rng};

/// A policy under comparison.
#[derive(Clone, Debug)]
pub enum Policy {
	/// A learned network, scored with its integer [`PolicyNet::score`].
	Learned(PolicyNet),
	/// The linear score with these weights.
	Linear(MatchingWeights),
	/// Uniformly random trainers, from this generator.
	Random(Rng),
	/// The most GPUs first.
	MostGpus,
}

impl Policy {
	/// The policy's name in tables.
	pub fn name(&self) -> &'static str {
		match self {
			Self::Learned(_) => "learned",
			Self::Linear(_) => "linear (default)",
			Self::Random(_) => "random",
			Self::MostGpus => "most GPUs",
		}
	}

	/// Each candidate's score for `job`: higher is better.
	pub fn scores(&mut self, job: &JobFeatures, candidates: &[Candidate]) -> Vec<i128> {
		candidates
			.iter()
			.map(|c| match self {
				Self::Learned(net) => net.score(&aicchain_matching::features(c, job)).into(),
				Self::Linear(weights) => linear::score(c, weights) as i128,
				Self::Random(rng) => (rng.next_u64() >> 1) as i128,
				Self::MostGpus => c.gpus.into(),
			})
			.collect()
	}
}

impl Chooser for Policy {
	fn choose(&mut self, choice: &Choice) -> Vec<usize> {
		let scores = self.scores(&choice.job, choice.candidates);
		// Ties break on a hash of the node and the round, never on the candidates' order.
		let tie = |i: usize| mix(choice.round ^ mix(choice.nodes[i].into()));
		let mut order = rank(&scores, tie);
		order.truncate(choice.trainers());
		order
	}
}

/// The indices of `scores` best first; equal scores in ascending order of `tie`.
pub fn rank<S: Ord + Copy, T: Ord>(scores: &[S], tie: impl Fn(usize) -> T) -> Vec<usize> {
	let mut order: Vec<usize> = (0..scores.len()).collect();
	order.sort_by(|&a, &b| scores[b].cmp(&scores[a]).then_with(|| tie(a).cmp(&tie(b))));
	order
}
