//! Read-only views: what the runtime API answers, and what the off-chain workers read to train
//! and validate (a trainer's task, a validator's sample seed).

use aicchain_primitives::{
	matching::JobFeatures,
	task::{sample_seed, task_seed, TaskSpec},
	NodeId, Role,
};
use alloc::vec::Vec;

use crate::{
	Assignment, Config, Deadlines, Job, JobId, Jobs, ModelKind, NextJobId, Pallet, Round,
	RoundIndex, Rounds,
};

impl<T: Config> Pallet<T> {
	/// What [`runtime_api::TrainingApi::job`](crate::runtime_api::TrainingApi::job) answers.
	pub fn job_view(job: JobId) -> Option<(Job<T>, Option<Round<T>>)> {
		let info = Jobs::<T>::get(job)?;
		let state = Rounds::<T>::get(job, info.round);
		Some((info, state))
	}

	/// What [`runtime_api::TrainingApi::matching_preview`] answers.
	///
	/// [`runtime_api::TrainingApi::matching_preview`]: crate::runtime_api::TrainingApi::matching_preview
	pub fn matching_preview(
		model: ModelKind,
		trainers: u32,
		validators: u32,
		min_gpus: u16,
	) -> Option<(Vec<NodeId>, Vec<NodeId>)> {
		let wanted = JobFeatures { model, trainers, min_gpus };
		Self::match_round(NextJobId::<T>::get(), 1, wanted, validators, &[])
			.map(|Assignment { trainers, validators }| (trainers, validators))
	}

	/// What [`runtime_api::TrainingApi::assignments`] answers: every unsettled round has a
	/// scheduled deadline, so only [`Deadlines`] is scanned.
	///
	/// [`runtime_api::TrainingApi::assignments`]: crate::runtime_api::TrainingApi::assignments
	pub fn assignments(node: NodeId) -> Vec<(JobId, RoundIndex, Role)> {
		let mut found = Vec::new();
		for job in Deadlines::<T>::iter_values().flatten() {
			let Some(info) = Jobs::<T>::get(job) else { continue };
			let Some(state) = Rounds::<T>::get(job, info.round) else { continue };
			if state.slot_of(node).is_some() {
				found.push((job, info.round, Role::Trainer));
			}
			if state.validators.contains(&node) {
				found.push((job, info.round, Role::Validator));
			}
		}
		found.sort_by_key(|(job, _, role)| (*job, *role == Role::Validator));
		found
	}

	/// What `node` trains in `round` of `job`, if it is one of the round's trainers: the task
	/// its trainer runs and its validators rebuild.
	pub fn task_spec(job: JobId, round: RoundIndex, node: NodeId) -> Option<TaskSpec> {
		let info = Jobs::<T>::get(job)?;
		let state = Rounds::<T>::get(job, round)?;
		let slot = &state.trainers[state.slot_of(node)?];
		Some(TaskSpec {
			model: info.model,
			dataset: info.dataset.hash,
			hyper_params: info.hyper_params,
			shard: slot.shard,
			shards: info.trainers_per_round,
			base: state.base,
			init_seed: info.seed,
			seed: task_seed(info.seed, round, node),
		})
	}

	/// The seed with which `validator` samples the segments of `trainer`'s update in `round` of
	/// `job` it re-executes; `None` until the block after the one that included the update.
	pub fn sample_seed(
		job: JobId,
		round: RoundIndex,
		trainer: NodeId,
		validator: NodeId,
	) -> Option<u64> {
		let state = Rounds::<T>::get(job, round)?;
		let included_at = state.trainers[state.slot_of(trainer)?].included_at?;
		if included_at >= frame_system::Pallet::<T>::block_number() {
			return None;
		}
		let hash = frame_system::Pallet::<T>::block_hash(included_at);
		Some(sample_seed(hash.as_ref(), job, round, trainer, validator))
	}
}
