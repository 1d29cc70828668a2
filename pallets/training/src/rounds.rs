//! Rounds and their deadlines: matching a round's nodes, starting it, scheduling the deadline
//! of its phase, and ending the training phase when it is judged or its deadline comes.

use aicchain_primitives::{
	matching::JobFeatures, Economy, NodeId, NodeRegistry, PolicyProvider, Role, TrustScores,
};
use alloc::vec::Vec;
use frame_support::{defensive, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{BlakeTwo256, Hash, Saturating, Zero};

use crate::{
	matching::{self, Scorer},
	Config, Deadlines, Error, Event, Job, JobId, JobStatus, Jobs, Outcome, Pallet, Round,
	RoundIndex, RoundPhase, Rounds, TrainerSlot, WeightInfo, Workload,
};

/// Who a round's matching picked.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Assignment {
	/// Trainers, best first; the `i`-th trains shard `i`.
	pub trainers: Vec<NodeId>,
	/// Validators, best first; the first merges.
	pub validators: Vec<NodeId>,
}

impl<T: Config> Pallet<T> {
	/// The most that ending one phase at its deadline may weigh: settling a round and
	/// matching the next.
	pub(crate) fn deadline_weight() -> Weight {
		T::WeightInfo::on_deadline(T::MaxCandidates::get())
	}

	/// The job's seed: from the parent block's hash and the job id.
	pub(crate) fn job_seed(job: JobId) -> u64 {
		let hash = BlakeTwo256::hash_of(&(frame_system::Pallet::<T>::parent_hash(), job));
		u64::from_le_bytes(hash[..8].try_into().unwrap_or_default())
	}

	/// Matches `round` of `job`, which asks for `wanted`: the best eligible trainers with at
	/// least its `min_gpus` and not in `excluded`, and the best `validators`. `None` if there is
	/// no trainer or no validator.
	pub fn match_round(
		job: JobId,
		round: RoundIndex,
		wanted: JobFeatures,
		validators: u32,
		excluded: &[NodeId],
	) -> Option<Assignment> {
		let weights = T::Policy::policy().matching.weights;
		let ranked = |role: Role, scorer: &Scorer, fits: &dyn Fn(NodeId, u16) -> bool| {
			let scored = T::Registry::candidates(role)
				.into_iter()
				.filter_map(|node| {
					let specs = T::Registry::specs(node).filter(|s| fits(node, s.gpu_count))?;
					// Only a learned policy sees the workload.
					let busy = match scorer {
						Scorer::Learned(..) => Workload::<T>::get(node),
						Scorer::Linear(_) => 0,
					};
					let candidate = matching::candidate(&specs, T::Trust::trust(node), busy);
					Some((node, scorer.score(&candidate)))
				})
				.collect();
			matching::rank(job, round, scored)
		};

		let linear = Scorer::Linear(weights);
		let validators: Vec<NodeId> = ranked(Role::Validator, &linear, &|_, _| true)
			.into_iter()
			.take(validators as usize)
			.collect();
		let trainer_scorer = match T::Policy::learned_matching() {
			Some(net) => Scorer::Learned(net, wanted),
			None => linear,
		};
		// A trainer needs a validator other than itself.
		let judged = |node: NodeId| validators.iter().any(|v| *v != node);
		let fits = |node: NodeId, gpus: u16| gpus >= wanted.min_gpus && !excluded.contains(&node);
		let trainers: Vec<NodeId> = ranked(Role::Trainer, &trainer_scorer, &fits)
			.into_iter()
			.filter(|node| judged(*node))
			.take(wanted.trainers as usize)
			.collect();
		(!trainers.is_empty()).then_some(Assignment { trainers, validators })
	}

	/// Starts the next round of `job`, whose record is `info`: matches it, sets its reward and
	/// deadline. Fails with [`Error::NoEligibleNodes`] when matching finds nobody; `info` is
	/// changed only when it succeeds, so the caller may stall the job with it.
	pub(crate) fn do_start_round(job: JobId, info: &mut Job<T>) -> DispatchResult {
		let round = info.round.saturating_add(1);
		let excluded: Vec<NodeId> = Rounds::<T>::get(job, info.round)
			.map(|last| {
				last.trainers
					.iter()
					.filter(|slot| matches!(slot.outcome(), Outcome::Missing | Outcome::Invalid))
					.map(|slot| slot.node)
					.collect()
			})
			.unwrap_or_default();
		let wanted = JobFeatures {
			model: info.model,
			trainers: info.trainers_per_round,
			min_gpus: info.min_gpus,
		};
		let Assignment { trainers, validators } =
			Self::match_round(job, round, wanted, info.validators_per_round, &excluded)
				.ok_or(Error::<T>::NoEligibleNodes)?;

		let left = T::Economy::escrow_balance(info.escrow).unwrap_or_else(|| {
			defensive!("an unfinished job's budget is open");
			Zero::zero()
		});
		let rounds_left = info.rounds.saturating_sub(info.round).max(1);
		let reward = left / rounds_left.into();
		let window = info.priority.window(T::RoundDuration::get());
		let now = frame_system::Pallet::<T>::block_number();
		let deadline = Self::do_schedule(job, now.saturating_add(window))?;

		let slots = trainers
			.iter()
			.zip(0u32..)
			.map(|(node, shard)| TrainerSlot {
				node: *node,
				shard,
				update: None,
				included_at: None,
				verdicts: BoundedVec::new(),
			})
			.collect::<Vec<_>>();
		let state = Round::<T> {
			phase: RoundPhase::Training,
			deadline,
			reward,
			base: info.model_hash,
			// Matching takes at most the job's counts, which are within these bounds.
			trainers: BoundedVec::truncate_from(slots),
			validators: BoundedVec::truncate_from(validators.clone()),
			merged: None,
		};
		Rounds::<T>::insert(job, round, state);
		for node in &trainers {
			Workload::<T>::mutate(node, |busy| *busy = busy.saturating_add(1));
		}
		info.round = round;
		info.status = JobStatus::Running;
		Self::deposit_event(Event::RoundStarted {
			job,
			round,
			trainers: trainers.into_iter().zip(0u32..).collect(),
			validators,
			reward,
			deadline,
		});
		Ok(())
	}

	/// Marks `job` stalled: no round runs until the client continues it. Returns its record.
	pub(crate) fn do_stall(job: JobId, mut info: Job<T>) -> Job<T> {
		info.status = JobStatus::Stalled;
		Self::deposit_event(Event::JobStalled { job, round: info.round.saturating_add(1) });
		info
	}

	/// Enters `job` in [`Deadlines`] at the first block from `at` with room (within
	/// [`Config::MaxDeadlinesPerBlock`] blocks); returns that block.
	pub(crate) fn do_schedule(
		job: JobId,
		at: BlockNumberFor<T>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let mut block = at;
		for _ in 0..T::MaxDeadlinesPerBlock::get() {
			// A full block is left unwritten.
			if Deadlines::<T>::try_mutate(block, |due| due.try_push(job)).is_ok() {
				return Ok(block);
			}
			block = block.saturating_add(1u32.into());
		}
		Err(Error::<T>::DeadlinesFull.into())
	}

	/// Takes `job` out of [`Deadlines`] at `at`.
	pub(crate) fn do_unschedule(job: JobId, at: BlockNumberFor<T>) {
		Deadlines::<T>::mutate_exists(at, |due| {
			if let Some(jobs) = due {
				jobs.retain(|j| *j != job);
				if jobs.is_empty() {
					*due = None;
				}
			}
		});
	}

	/// Ends the current phase of `job`'s current round at its deadline.
	pub(crate) fn on_deadline(job: JobId) {
		let Some(info) = Jobs::<T>::get(job) else { return };
		let round = info.round;
		let Some(state) = Rounds::<T>::get(job, round) else { return };
		let (info, state) = match state.phase {
			RoundPhase::Training => Self::do_close_training(job, info, state),
			RoundPhase::Merging => Self::do_settle(job, info, state),
			RoundPhase::Settled => return,
		};
		// Settling may have started the next round: write back this one by its own index.
		Rounds::<T>::insert(job, round, state);
		Jobs::<T>::insert(job, info);
	}

	/// Ends the training phase of `job`'s current round, `state`: with a valid update the
	/// merger is due, otherwise the round settles at once. Returns both records.
	pub(crate) fn do_close_training(
		job: JobId,
		info: Job<T>,
		mut state: Round<T>,
	) -> (Job<T>, Round<T>) {
		let valid = state.trainers.iter().filter(|s| s.outcome() == Outcome::Valid).count();
		let merger = state.merger();
		let now = frame_system::Pallet::<T>::block_number();
		if let (true, Some(merger)) = (valid > 0, merger) {
			let due = now.saturating_add(T::MergeDuration::get());
			if let Ok(deadline) = Self::do_schedule(job, due) {
				state.phase = RoundPhase::Merging;
				state.deadline = deadline;
				Self::deposit_event(Event::RoundJudged {
					job,
					round: info.round,
					valid: valid as u32,
					merger,
					deadline,
				});
				return (info, state);
			}
		}
		Self::do_settle(job, info, state)
	}
}
