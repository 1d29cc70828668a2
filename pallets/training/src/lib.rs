//! # Training pallet
//!
//! Training jobs: a client posts a job and its budget, the network trains it round by round,
//! validators judge the work, the round is paid from the budget, and the final model's hash
//! is on-chain.
//!
//! ## Calls
//!
//! - [`create_job`](Pallet::create_job): the model, the data set, how to train, how many
//!   rounds, trainers (one data shard each) and validators per round, the budget and whether
//!   the client's own AICC or its approved subsidy pays it, the fewest GPUs a trainer needs,
//!   and a priority. The first round starts at once.
//! - [`submit_update`](Pallet::submit_update): an assigned trainer's signed report of what it
//!   trained (weights hash, samples, steps, losses, wall time), once, before the deadline.
//! - [`submit_verdict`](Pallet::submit_verdict): an assigned validator's signed judgement of
//!   one update, Valid or Invalid, with what it measured; once per update.
//! - [`submit_merge`](Pallet::submit_merge): the round's merger submits the hash of the merged
//!   model (federated averaging of the valid updates, weighted by samples).
//! - [`continue_job`](Pallet::continue_job): the client retries matching for a stalled job.
//! - [`cancel_job`](Pallet::cancel_job): the client stops the job; the round under way is
//!   finished and paid, the rest of the budget refunded.
//!
//! Updates, verdicts and merges are what a node's off-chain worker submits for it (see
//! `pallet-worker`); they pay no fee when they succeed, and the usual fee when they fail.
//!
//! ## Rules
//!
//! - **Tasks.** Each trainer's task ([`Pallet::task_spec`]) is the job's model, data set and
//!   hyper-parameters, its shard, the job's last merged model as the base, the job's seed for
//!   the initialisation and a seed of its own for the batch order
//!   ([`task_seed`](aicchain_primitives::task::task_seed) of the job, round and node), so no
//!   two assignments share a run and an update cannot be replayed or copied. A validator's
//!   sample of segments to re-execute is seeded by the hash of the block that included the
//!   update ([`Pallet::sample_seed`]), unknown when the update was signed.
//! - **Matching** at each round start ranks the eligible nodes (Active, not Flagged, the
//!   role's, and for trainers at least `min_gpus`) by a fixed-point score ([`matching`]), ties
//!   broken by a hash of job, round and node. Validators are scored by the network policy's
//!   linear matching weights; trainers by the learned policy network it names
//!   (`learned_matching`, voted in through governance) when there is one, which also sees the
//!   job's model and size and each node's [`Workload`], else by the linear weights. The best
//!   `trainers_per_round` train, shard `i` to the `i`-th; the best `validators_per_round`
//!   validators judge every update but their own, and the first of them merges. A node is not
//!   made a trainer if no other validator could judge it. Trainers whose update in the job's
//!   previous round was Missing or Invalid are not matched for its next: they are replaced.
//!   With no trainer or no validator the job stalls.
//! - **Outcomes.** An update is Valid or Invalid by a strict majority of its verdicts; a tie
//!   or no verdict leaves it Undecided (neither paid nor slashed); no update is Missing.
//! - **Phases.** A round trains until every update is in and judged, or its deadline
//!   ([`Config::RoundDuration`] scaled by the priority). With a valid update it then waits
//!   up to [`Config::MergeDuration`] for the merged model; then it settles.
//! - **Settlement** pays each round at most its reward: what is left of the budget over the
//!   rounds left. The policy's `trainer_share` goes to Valid trainers pro rata to samples; the
//!   rest, in equal shares, to validators whose every verdict agreed with the outcome (the
//!   merger only if it merged). Every payment gives the community fund its cut, and earns
//!   [`Config::WorkReward`] AICG. Invalid and Missing trainers lose the policy's
//!   `slash_fraction` of their bond and trust; validators who disagreed or stayed silent lose
//!   trust. Payments and faults carry their reason in their events.
//! - The job **finishes** after its last round (or a cancellation): what is left of the
//!   budget is refunded (to the fund, for a subsidised job) and the last merged model is the
//!   job's model.
//! - **The budget** is a job budget of the economy ([`Economy::open_escrow`]): only these rules
//!   pay from it and refund it. The client cannot take it back while the job runs, except by
//!   cancelling the job, which first settles the round under way.
//!
//! Settlement runs in `on_initialize` at a deadline, or in the call that completes a round;
//! its work is bounded by [`Config::MaxTrainers`], [`Config::MaxValidators`] and the
//! registry's active-node bound.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod matching;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use aicchain_primitives::{
	matching::JobFeatures,
	task::{sample_seed, task_seed, TaskSpec},
	Economy, Funding, IssuanceReason, NodeId, NodeRegistry, PolicyProvider, Role, TrustScores,
};
use alloc::vec::Vec;
use frame_support::{
	defensive, dispatch::DispatchResultWithPostInfo, pallet_prelude::*, traits::tokens::Balance,
};
use frame_system::pallet_prelude::*;
use sp_core::H256;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{BlakeTwo256, Hash, Saturating, UniqueSaturatedFrom, UniqueSaturatedInto, Zero},
	ArithmeticError, Perbill, Rounding,
};

use matching::Scorer;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// An amount of AICC (budgets, payments) or AICG (rewards).
pub type BalanceOf<T> = <T as Config>::Balance;

/// A data set as a call submits it: the location unbounded, checked by the pallet.
pub type SubmittedDataset = DatasetRef<Vec<u8>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The balance type of both tokens.
		type Balance: Balance;

		/// The compute-node registry: who may work, their specs, bonds.
		type Registry: NodeRegistry<Self::AccountId, Balance = Self::Balance>;

		/// The economy: escrowed budgets, payments with the fund's cut, AICG issuance.
		type Economy: Economy<Self::AccountId, Balance = Self::Balance>;

		/// The network policy: matching weights, trainer share, slash fraction.
		type Policy: PolicyProvider;

		/// Trust scores, read for matching and moved by outcomes.
		type Trust: TrustScores;

		/// Blocks a Normal-priority round trains and validates for.
		#[pallet::constant]
		type RoundDuration: Get<BlockNumberFor<Self>>;

		/// Blocks the merger has to submit the merged model.
		#[pallet::constant]
		type MergeDuration: Get<BlockNumberFor<Self>>;

		/// The most rounds a job may have.
		#[pallet::constant]
		type MaxRounds: Get<u32>;

		/// The most trainers (data shards) per round.
		#[pallet::constant]
		type MaxTrainers: Get<u32>;

		/// The most validators per round.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The most nodes matching ranks: the registry's bound on active nodes (weights are
		/// charged for this many).
		#[pallet::constant]
		type MaxCandidates: Get<u32>;

		/// The longest data set location, in bytes.
		#[pallet::constant]
		type MaxLocationLen: Get<u32>;

		/// The most rounds whose phase may end at one block.
		#[pallet::constant]
		type MaxDeadlinesPerBlock: Get<u32>;

		/// The least AICC a round may pay out: a job's budget over its rounds must reach it.
		#[pallet::constant]
		type MinRoundReward: Get<Self::Balance>;

		/// The AICG issued for each accepted update and each agreeing validator.
		#[pallet::constant]
		type WorkReward: Get<Self::Balance>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Makes registered nodes for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::Balance>;
	}

	/// The id the next job gets.
	#[pallet::storage]
	pub type NextJobId<T> = StorageValue<_, JobId, ValueQuery>;

	/// Every job, finished ones included (their model hash is the record).
	// Job ids are assigned by the pallet, not chosen by users: `Twox64Concat` is safe.
	#[pallet::storage]
	pub type Jobs<T: Config> = StorageMap<_, Twox64Concat, JobId, Job<T>>;

	/// The rounds of every job.
	#[pallet::storage]
	pub type Rounds<T: Config> =
		StorageDoubleMap<_, Twox64Concat, JobId, Twox64Concat, RoundIndex, Round<T>>;

	/// How many unsettled rounds each node trains in: the load matching sees. Absent is zero.
	// Node ids are assigned by the registry, not chosen by users: `Twox64Concat` is safe.
	#[pallet::storage]
	pub type Workload<T> = StorageMap<_, Twox64Concat, NodeId, u32, ValueQuery>;

	/// The jobs whose current round's phase ends at a block.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<JobId, T::MaxDeadlinesPerBlock>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A job was posted and its budget escrowed.
		JobCreated { job: JobId, client: T::AccountId, budget: BalanceOf<T>, rounds: RoundIndex },
		/// A round started: its trainers (with their shards) and validators, best first.
		RoundStarted {
			job: JobId,
			round: RoundIndex,
			trainers: Vec<(NodeId, u32)>,
			validators: Vec<NodeId>,
			reward: BalanceOf<T>,
			deadline: BlockNumberFor<T>,
		},
		/// Matching found no trainer or no validator for the round: the job waits for
		/// `continue_job` or `cancel_job`.
		JobStalled { job: JobId, round: RoundIndex },
		/// A trainer submitted its update.
		UpdateSubmitted { job: JobId, round: RoundIndex, node: NodeId, update: UpdateReport },
		/// A validator judged an update.
		VerdictSubmitted {
			job: JobId,
			round: RoundIndex,
			validator: NodeId,
			trainer: NodeId,
			verdict: Verdict,
			measured: Measured,
		},
		/// The round's updates are judged; `valid` of them passed and the merger is due.
		RoundJudged {
			job: JobId,
			round: RoundIndex,
			valid: u32,
			merger: NodeId,
			deadline: BlockNumberFor<T>,
		},
		/// The merger submitted the merged model.
		MergeSubmitted { job: JobId, round: RoundIndex, node: NodeId, model: H256 },
		/// A node's operator was paid from the job's budget.
		Paid {
			job: JobId,
			round: RoundIndex,
			node: NodeId,
			reason: PayReason,
			paid: BalanceOf<T>,
			fund_cut: BalanceOf<T>,
			aicg: BalanceOf<T>,
		},
		/// A node was found at fault: it lost trust and, for a bad update, bond.
		Faulted {
			job: JobId,
			round: RoundIndex,
			node: NodeId,
			fault: Fault,
			slashed: BalanceOf<T>,
			trust: Perbill,
		},
		/// A round was paid and closed; `model` is the job's model after it.
		RoundSettled { job: JobId, round: RoundIndex, model: Option<H256>, paid_out: BalanceOf<T> },
		/// The client cancelled the job; the round under way still settles.
		JobCancelled { job: JobId },
		/// The job ended: its model, and the AICC refunded to the client.
		JobFinished { job: JobId, model: Option<H256>, refunded: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A job needs at least one round.
		ZeroRounds,
		/// More rounds than [`Config::MaxRounds`].
		TooManyRounds,
		/// A round needs at least one trainer.
		ZeroTrainers,
		/// More trainers per round than [`Config::MaxTrainers`].
		TooManyTrainers,
		/// A round needs at least one validator.
		ZeroValidators,
		/// More validators per round than [`Config::MaxValidators`].
		TooManyValidators,
		/// Training needs at least one step.
		ZeroSteps,
		/// More steps per round than the trainer takes ([`MAX_STEPS`]).
		TooManySteps,
		/// A batch needs at least one example.
		ZeroBatchSize,
		/// A larger batch than [`MAX_BATCH_SIZE`].
		BatchTooLarge,
		/// The learning rate is zero.
		ZeroLearningRate,
		/// `checkpoint_every` is zero, more than the steps, or makes more than
		/// [`MAX_CHECKPOINTS`] checkpoints.
		BadCheckpointInterval,
		/// The data set location is longer than [`Config::MaxLocationLen`]. Shorten it.
		LocationTooLong,
		/// The budget over the rounds is less than [`Config::MinRoundReward`].
		BudgetTooLow,
		/// No job has this id.
		UnknownJob,
		/// Only the job's client may do this.
		NotClient,
		/// The job is finished.
		JobFinished,
		/// The job is already being cancelled.
		AlreadyCancelling,
		/// The job is not stalled.
		NotStalled,
		/// Matching still finds no trainer or no validator.
		NoEligibleNodes,
		/// The round is not the job's current round.
		WrongRound,
		/// The round no longer takes updates or verdicts.
		NotTraining,
		/// The round's deadline has passed.
		TooLate,
		/// No registered node has this id.
		UnknownNode,
		/// The signer does not operate the node.
		NotOperator,
		/// The node is not one of the round's trainers.
		NotATrainer,
		/// The node is not one of the round's validators.
		NotAValidator,
		/// The trainer already submitted its update.
		AlreadySubmitted,
		/// An update with no samples.
		ZeroSamples,
		/// The update took another number of steps than the job asks.
		StepsMismatch,
		/// The update claims more samples than its steps and batch size allow.
		TooManySamples,
		/// A validator may not judge its own update.
		OwnUpdate,
		/// The trainer has not submitted an update to judge.
		NoUpdate,
		/// The validator already judged this update.
		AlreadyJudged,
		/// The round is not waiting for its merged model.
		NotMerging,
		/// The node is not the round's merger.
		NotMerger,
		/// Too many rounds end near this block; try again later.
		DeadlinesFull,
		/// The data set location is not UTF-8 text. Give it as a URL or a name.
		LocationNotUtf8,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Ends the phases whose deadline is this block.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let due = Deadlines::<T>::take(now);
			let count = due.len() as u32;
			for job in due {
				Self::on_deadline(job);
			}
			T::DbWeight::get()
				.reads_writes(1, 1)
				.saturating_add(Self::deadline_weight().saturating_mul(count.into()))
		}

		fn integrity_test() {
			assert!(!T::RoundDuration::get().is_zero(), "RoundDuration must be non-zero");
			assert!(!T::MergeDuration::get().is_zero(), "MergeDuration must be non-zero");
			assert!(T::MaxDeadlinesPerBlock::get() > 0, "MaxDeadlinesPerBlock must be non-zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Posts a training job, escrows `budget` (from the signer's own AICC or its approved
		/// subsidy, as `funding` says) and starts its first round (or stalls it, when no nodes
		/// match yet).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_job(T::MaxCandidates::get()))]
		pub fn create_job(
			origin: OriginFor<T>,
			model: ModelKind,
			dataset: SubmittedDataset,
			hyper_params: HyperParams,
			rounds: RoundIndex,
			trainers_per_round: u32,
			validators_per_round: u32,
			budget: BalanceOf<T>,
			funding: Funding,
			min_gpus: u16,
			priority: Priority,
		) -> DispatchResult {
			let client = ensure_signed(origin)?;
			ensure!(rounds > 0, Error::<T>::ZeroRounds);
			ensure!(rounds <= T::MaxRounds::get(), Error::<T>::TooManyRounds);
			ensure!(trainers_per_round > 0, Error::<T>::ZeroTrainers);
			ensure!(trainers_per_round <= T::MaxTrainers::get(), Error::<T>::TooManyTrainers);
			ensure!(validators_per_round > 0, Error::<T>::ZeroValidators);
			ensure!(validators_per_round <= T::MaxValidators::get(), Error::<T>::TooManyValidators);
			Self::ensure_valid_hyper_params(&hyper_params)?;
			ensure!(core::str::from_utf8(&dataset.location).is_ok(), Error::<T>::LocationNotUtf8);
			let location = dataset.location.try_into().map_err(|_| Error::<T>::LocationTooLong)?;
			ensure!(budget / rounds.into() >= T::MinRoundReward::get(), Error::<T>::BudgetTooLow);

			let id = NextJobId::<T>::get();
			NextJobId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			let escrow = T::Economy::open_escrow(&client, budget, funding)?;
			let mut job = Job {
				client: client.clone(),
				model,
				dataset: DatasetRef { hash: dataset.hash, location },
				hyper_params,
				rounds,
				trainers_per_round,
				validators_per_round,
				budget,
				escrow,
				min_gpus,
				priority,
				seed: Self::job_seed(id),
				round: 0,
				model_hash: None,
				status: JobStatus::Running,
			};
			Self::deposit_event(Event::JobCreated { job: id, client, budget, rounds });
			if let Err(error) = Self::start_round(id, &mut job) {
				if error != Error::<T>::NoEligibleNodes.into() {
					return Err(error);
				}
				Self::stall(id, &mut job);
			}
			Jobs::<T>::insert(id, job);
			Ok(())
		}

		/// Submits `node`'s update for `round` of `job`: signed by the node's operator.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_update())]
		pub fn submit_update(
			origin: OriginFor<T>,
			job: JobId,
			round: RoundIndex,
			node: NodeId,
			update: UpdateReport,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (info, mut state) = Self::training_round(job, round)?;
			Self::ensure_operator(&who, node)?;
			let slot = state.slot_of(node).ok_or(Error::<T>::NotATrainer)?;
			ensure!(state.trainers[slot].update.is_none(), Error::<T>::AlreadySubmitted);
			let params = &info.hyper_params;
			ensure!(update.samples > 0, Error::<T>::ZeroSamples);
			ensure!(update.steps == params.steps, Error::<T>::StepsMismatch);
			ensure!(update.samples <= params.samples(), Error::<T>::TooManySamples);

			state.trainers[slot].update = Some(update.clone());
			state.trainers[slot].included_at = Some(frame_system::Pallet::<T>::block_number());
			Rounds::<T>::insert(job, round, state);
			Self::deposit_event(Event::UpdateSubmitted { job, round, node, update });
			Ok(Pays::No.into())
		}

		/// Submits `node`'s verdict on `trainer`'s update in `round` of `job`: signed by the
		/// validator's operator. The last verdict of a round moves it on.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::submit_verdict().saturating_add(Pallet::<T>::deadline_weight()))]
		pub fn submit_verdict(
			origin: OriginFor<T>,
			job: JobId,
			round: RoundIndex,
			node: NodeId,
			trainer: NodeId,
			verdict: Verdict,
			measured: Measured,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (mut info, mut state) = Self::training_round(job, round)?;
			Self::ensure_operator(&who, node)?;
			ensure!(state.validators.contains(&node), Error::<T>::NotAValidator);
			ensure!(node != trainer, Error::<T>::OwnUpdate);
			let slot = state.slot_of(trainer).ok_or(Error::<T>::NotATrainer)?;
			let slot = &mut state.trainers[slot];
			ensure!(slot.update.is_some(), Error::<T>::NoUpdate);
			ensure!(slot.verdicts.iter().all(|(v, _)| *v != node), Error::<T>::AlreadyJudged);
			// Cannot fail: a slot holds at most one verdict per validator but itself.
			slot.verdicts.try_push((node, verdict)).map_err(|_| Error::<T>::AlreadyJudged)?;
			Self::deposit_event(Event::VerdictSubmitted {
				job,
				round,
				validator: node,
				trainer,
				verdict,
				measured,
			});

			if state.is_judged() {
				Self::unschedule(job, state.deadline);
				Self::close_training(job, &mut info, &mut state);
				Jobs::<T>::insert(job, info);
			}
			Rounds::<T>::insert(job, round, state);
			Ok(Pays::No.into())
		}

		/// Submits the merged model of `round` of `job`: signed by the merger's operator. The
		/// round settles.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::submit_merge(T::MaxCandidates::get()))]
		pub fn submit_merge(
			origin: OriginFor<T>,
			job: JobId,
			round: RoundIndex,
			node: NodeId,
			model: H256,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (mut info, mut state) = Self::current_round(job, round)?;
			ensure!(state.phase == RoundPhase::Merging, Error::<T>::NotMerging);
			Self::ensure_operator(&who, node)?;
			ensure!(state.merger() == Some(node), Error::<T>::NotMerger);

			state.merged = Some(model);
			Self::deposit_event(Event::MergeSubmitted { job, round, node, model });
			Self::unschedule(job, state.deadline);
			Self::settle(job, &mut info, &mut state);
			Rounds::<T>::insert(job, round, state);
			Jobs::<T>::insert(job, info);
			Ok(Pays::No.into())
		}

		/// Retries matching for the next round of a stalled job.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::continue_job(T::MaxCandidates::get()))]
		pub fn continue_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::client_job(&who, job)?;
			ensure!(info.status == JobStatus::Stalled, Error::<T>::NotStalled);
			info.status = JobStatus::Running;
			Self::start_round(job, &mut info)?;
			Jobs::<T>::insert(job, info);
			Ok(())
		}

		/// Cancels a job: a stalled one ends now, a running one after its round settles. What
		/// is left of the budget is refunded.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::cancel_job())]
		pub fn cancel_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::client_job(&who, job)?;
			match info.status {
				JobStatus::Finished => return Err(Error::<T>::JobFinished.into()),
				JobStatus::Cancelling => return Err(Error::<T>::AlreadyCancelling.into()),
				JobStatus::Running => info.status = JobStatus::Cancelling,
				JobStatus::Stalled => Self::finish(job, &mut info),
			}
			Self::deposit_event(Event::JobCancelled { job });
			Jobs::<T>::insert(job, info);
			Ok(())
		}
	}
}

/// Makes registered nodes for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Balance> {
	/// Registers an Active trainer-and-validator node operated by `operator` (funding it).
	fn register_node(operator: &AccountId) -> NodeId;

	/// Gives `who` `amount` of AICC to spend.
	fn fund(who: &AccountId, amount: Balance);

	/// Puts `net` in force as the learned matching policy.
	fn set_learned_matching(net: aicchain_primitives::PolicyNet);
}

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
	fn deadline_weight() -> Weight {
		T::WeightInfo::on_deadline(T::MaxCandidates::get())
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

	/// What [`runtime_api::TrainingApi::job`] answers.
	pub fn job_view(job: JobId) -> Option<(Job<T>, Option<Round<T>>)> {
		let info = Jobs::<T>::get(job)?;
		let round = Rounds::<T>::get(job, info.round);
		Some((info, round))
	}

	/// What [`runtime_api::TrainingApi::matching_preview`] answers.
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
	pub fn assignments(node: NodeId) -> Vec<(JobId, RoundIndex, Role)> {
		let mut found = Vec::new();
		for job in Deadlines::<T>::iter_values().flatten() {
			let Some(info) = Jobs::<T>::get(job) else { continue };
			let Some(round) = Rounds::<T>::get(job, info.round) else { continue };
			if round.slot_of(node).is_some() {
				found.push((job, info.round, Role::Trainer));
			}
			if round.validators.contains(&node) {
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

	/// The job's seed: from the parent block's hash and the job id.
	fn job_seed(job: JobId) -> u64 {
		let hash = BlakeTwo256::hash_of(&(frame_system::Pallet::<T>::parent_hash(), job));
		u64::from_le_bytes(hash[..8].try_into().unwrap_or_default())
	}

	/// Checks what each trainer is asked to do, against the limits the trainer keeps too.
	fn ensure_valid_hyper_params(params: &HyperParams) -> DispatchResult {
		use aicchain_primitives::task::HyperParamsError as Invalid;
		params.check().map_err(|error| match error {
			Invalid::ZeroSteps => Error::<T>::ZeroSteps,
			Invalid::TooManySteps => Error::<T>::TooManySteps,
			Invalid::ZeroBatchSize => Error::<T>::ZeroBatchSize,
			Invalid::BatchTooLarge => Error::<T>::BatchTooLarge,
			Invalid::ZeroLearningRate => Error::<T>::ZeroLearningRate,
			Invalid::BadCheckpointInterval => Error::<T>::BadCheckpointInterval,
		})?;
		Ok(())
	}

	/// Checks that `who` operates `node`.
	fn ensure_operator(who: &T::AccountId, node: NodeId) -> DispatchResult {
		let operator = T::Registry::operator(node).ok_or(Error::<T>::UnknownNode)?;
		ensure!(operator == *who, Error::<T>::NotOperator);
		Ok(())
	}

	/// `job`, if `who` is its client.
	fn client_job(who: &T::AccountId, job: JobId) -> Result<Job<T>, DispatchError> {
		let info = Jobs::<T>::get(job).ok_or(Error::<T>::UnknownJob)?;
		ensure!(info.client == *who, Error::<T>::NotClient);
		Ok(info)
	}

	/// `job` and its `round`, which must be the current one.
	fn current_round(job: JobId, round: RoundIndex) -> Result<(Job<T>, Round<T>), DispatchError> {
		let info = Jobs::<T>::get(job).ok_or(Error::<T>::UnknownJob)?;
		ensure!(round == info.round, Error::<T>::WrongRound);
		let state = Rounds::<T>::get(job, round).ok_or(Error::<T>::WrongRound)?;
		Ok((info, state))
	}

	/// `job` and its current `round`, which must still take updates and verdicts.
	fn training_round(job: JobId, round: RoundIndex) -> Result<(Job<T>, Round<T>), DispatchError> {
		let (info, state) = Self::current_round(job, round)?;
		ensure!(state.phase == RoundPhase::Training, Error::<T>::NotTraining);
		ensure!(frame_system::Pallet::<T>::block_number() < state.deadline, Error::<T>::TooLate);
		Ok((info, state))
	}

	/// Starts the next round of `job`: matches it, sets its reward and deadline. Fails with
	/// [`Error::NoEligibleNodes`] when matching finds nobody.
	fn start_round(id: JobId, job: &mut Job<T>) -> DispatchResult {
		let round = job.round.saturating_add(1);
		let excluded: Vec<NodeId> = Rounds::<T>::get(id, job.round)
			.map(|last| {
				last.trainers
					.iter()
					.filter(|slot| matches!(slot.outcome(), Outcome::Missing | Outcome::Invalid))
					.map(|slot| slot.node)
					.collect()
			})
			.unwrap_or_default();
		let wanted = JobFeatures {
			model: job.model,
			trainers: job.trainers_per_round,
			min_gpus: job.min_gpus,
		};
		let Assignment { trainers, validators } =
			Self::match_round(id, round, wanted, job.validators_per_round, &excluded)
				.ok_or(Error::<T>::NoEligibleNodes)?;

		let left = T::Economy::escrow_balance(job.escrow).unwrap_or_else(|| {
			defensive!("an unfinished job's budget is open");
			Zero::zero()
		});
		let rounds_left = job.rounds.saturating_sub(job.round).max(1);
		let reward = left / rounds_left.into();
		let window = job.priority.window(T::RoundDuration::get());
		let deadline =
			Self::schedule(id, frame_system::Pallet::<T>::block_number().saturating_add(window))?;

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
			base: job.model_hash,
			// Matching takes at most the job's counts, which are within these bounds.
			trainers: BoundedVec::truncate_from(slots),
			validators: BoundedVec::truncate_from(validators.clone()),
			merged: None,
		};
		Rounds::<T>::insert(id, round, state);
		for node in &trainers {
			Workload::<T>::mutate(node, |busy| *busy = busy.saturating_add(1));
		}
		job.round = round;
		job.status = JobStatus::Running;
		Self::deposit_event(Event::RoundStarted {
			job: id,
			round,
			trainers: trainers.into_iter().zip(0u32..).collect(),
			validators,
			reward,
			deadline,
		});
		Ok(())
	}

	/// Marks `job` stalled: no round runs until the client continues it.
	fn stall(id: JobId, job: &mut Job<T>) {
		job.status = JobStatus::Stalled;
		Self::deposit_event(Event::JobStalled { job: id, round: job.round.saturating_add(1) });
	}

	/// Enters `job` in [`Deadlines`] at the first block from `at` with room (within
	/// [`Config::MaxDeadlinesPerBlock`] blocks); returns that block.
	fn schedule(job: JobId, at: BlockNumberFor<T>) -> Result<BlockNumberFor<T>, DispatchError> {
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
	fn unschedule(job: JobId, at: BlockNumberFor<T>) {
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
	fn on_deadline(id: JobId) {
		let Some(mut job) = Jobs::<T>::get(id) else { return };
		let index = job.round;
		let Some(mut round) = Rounds::<T>::get(id, index) else { return };
		match round.phase {
			RoundPhase::Training => Self::close_training(id, &mut job, &mut round),
			RoundPhase::Merging => Self::settle(id, &mut job, &mut round),
			RoundPhase::Settled => return,
		}
		// Settling may have started the next round: write back this one by its own index.
		Rounds::<T>::insert(id, index, round);
		Jobs::<T>::insert(id, job);
	}

	/// Ends the training phase: with a valid update the merger is due, otherwise the round
	/// settles at once.
	fn close_training(id: JobId, job: &mut Job<T>, round: &mut Round<T>) {
		let valid = round.trainers.iter().filter(|s| s.outcome() == Outcome::Valid).count();
		let merger = round.merger();
		let now = frame_system::Pallet::<T>::block_number();
		if let (true, Some(merger)) = (valid > 0, merger) {
			if let Ok(deadline) = Self::schedule(id, now.saturating_add(T::MergeDuration::get())) {
				round.phase = RoundPhase::Merging;
				round.deadline = deadline;
				Self::deposit_event(Event::RoundJudged {
					job: id,
					round: job.round,
					valid: valid as u32,
					merger,
					deadline,
				});
				return;
			}
		}
		Self::settle(id, job, round);
	}

	/// Pays, slashes and closes `round`, then starts the next one or finishes the job.
	fn settle(id: JobId, job: &mut Job<T>, round: &mut Round<T>) {
		let policy = T::Policy::policy();
		let index = job.round;
		let trainer_part = policy.trainer_share.mul_floor(round.reward);
		let validator_part = round.reward.saturating_sub(trainer_part);
		let outcomes: Vec<Outcome> = round.trainers.iter().map(|s| s.outcome()).collect();
		let valid_samples: u128 = round
			.trainers
			.iter()
			.zip(&outcomes)
			.filter(|(_, o)| **o == Outcome::Valid)
			.filter_map(|(s, _)| s.update.as_ref().map(|u| u128::from(u.samples)))
			.sum();

		let mut paid_out = BalanceOf::<T>::zero();
		let mut pay = |node: NodeId, reason: PayReason, amount: BalanceOf<T>| {
			let Some(operator) = T::Registry::operator(node) else { return };
			let (paid, fund_cut) = if amount.is_zero() {
				Default::default()
			} else {
				// The budget is open, only these rules pay from it, and a round pays at most
				// its reward, which the budget covers; the operator's account exists, holding
				// the node's bond. Should it fail all the same, the share stays in the budget
				// and is refunded when the job ends.
				match T::Economy::pay(job.escrow, &operator, amount) {
					Ok(amounts) => amounts,
					Err(error) => {
						defensive!("a job's payment failed", error);
						return;
					}
				}
			};
			paid_out = paid_out.saturating_add(paid).saturating_add(fund_cut);
			let aicg = T::Economy::issue_aicg(
				&operator,
				T::WorkReward::get(),
				IssuanceReason::ValidatedWork,
			);
			T::Trust::record_outcome(node, true);
			Self::deposit_event(Event::Paid {
				job: id,
				round: index,
				node,
				reason,
				paid,
				fund_cut,
				aicg,
			});
		};

		for (slot, outcome) in round.trainers.iter().zip(&outcomes) {
			match outcome {
				Outcome::Valid => {
					let samples = slot.update.as_ref().map_or(0, |u| u128::from(u.samples));
					let share = multiply_by_rational_with_rounding(
						trainer_part.unique_saturated_into(),
						samples,
						valid_samples,
						Rounding::Down,
					)
					.unwrap_or_default();
					pay(
						slot.node,
						PayReason::ValidUpdate,
						BalanceOf::<T>::unique_saturated_from(share),
					);
				}
				Outcome::Invalid | Outcome::Missing => {
					let fault = if *outcome == Outcome::Invalid {
						Fault::InvalidUpdate
					} else {
						Fault::MissingUpdate
					};
					let slashed =
						T::Registry::slash(slot.node, policy.slash_fraction).unwrap_or_default();
					Self::fault(id, index, slot.node, fault, slashed);
				}
				Outcome::Undecided => {}
			}
		}

		let merge_missed = round.phase == RoundPhase::Merging && round.merged.is_none();
		let mut agreeing = Vec::new();
		for validator in round.validators.iter().copied() {
			match Self::judged_well(round, &outcomes, validator) {
				Some(true) if merge_missed && round.merger() == Some(validator) => {
					Self::fault(id, index, validator, Fault::MissingMerge, Zero::zero())
				}
				Some(true) => agreeing.push(validator),
				Some(false) => Self::fault(id, index, validator, Fault::BadVerdicts, Zero::zero()),
				None => {}
			}
		}
		if !agreeing.is_empty() {
			let each = validator_part / (agreeing.len() as u32).into();
			for validator in agreeing {
				pay(validator, PayReason::AgreeingVerdicts, each);
			}
		}

		round.phase = RoundPhase::Settled;
		for slot in &round.trainers {
			Workload::<T>::mutate_exists(slot.node, |busy| match busy {
				Some(count) if *count > 1 => *count -= 1,
				Some(_) => *busy = None,
				None => {
					defensive!("a trainer of an unsettled round has a workload");
				}
			});
		}
		if round.merged.is_some() {
			job.model_hash = round.merged;
		}
		Self::deposit_event(Event::RoundSettled {
			job: id,
			round: index,
			model: job.model_hash,
			paid_out,
		});

		if job.status == JobStatus::Cancelling || index >= job.rounds {
			Self::finish(id, job);
		} else if Self::start_round(id, job).is_err() {
			Self::stall(id, job);
		}
	}

	/// Whether `validator` judged `round` well: `Some(true)` if it judged every update it had
	/// to and agreed with every decided outcome, `Some(false)` if it missed one or disagreed,
	/// `None` if it had nothing decided to judge.
	fn judged_well(round: &Round<T>, outcomes: &[Outcome], validator: NodeId) -> Option<bool> {
		let mut judged_any = false;
		for (slot, outcome) in round.trainers.iter().zip(outcomes) {
			if slot.node == validator || slot.update.is_none() {
				continue;
			}
			let verdict = slot.verdicts.iter().find(|(v, _)| *v == validator).map(|(_, v)| *v);
			let agrees = match (verdict, outcome) {
				(None, _) => return Some(false),
				(Some(_), Outcome::Undecided) => continue,
				(Some(v), Outcome::Valid) => v == Verdict::Valid,
				(Some(v), _) => v == Verdict::Invalid,
			};
			if !agrees {
				return Some(false);
			}
			judged_any = true;
		}
		judged_any.then_some(true)
	}

	/// Lowers `node`'s trust for `fault` and says so, with what was slashed.
	fn fault(job: JobId, round: RoundIndex, node: NodeId, fault: Fault, slashed: BalanceOf<T>) {
		let trust = T::Trust::record_outcome(node, false);
		Self::deposit_event(Event::Faulted { job, round, node, fault, slashed, trust });
	}

	/// Ends `job`: refunds what is left of its budget.
	fn finish(id: JobId, job: &mut Job<T>) {
		let refunded = T::Economy::refund(job.escrow).unwrap_or_else(|error| {
			defensive!("an unfinished job's budget is open", error);
			Zero::zero()
		});
		job.status = JobStatus::Finished;
		Self::deposit_event(Event::JobFinished { job: id, model: job.model_hash, refunded });
	}

	/// The invariants of this pallet's storage:
	/// - every unfinished job has an open escrow holding at most its budget, which only the
	///   rules control (no signed call can touch it); a finished one has none;
	/// - a running or cancelling job's current round is unsettled and its deadline scheduled;
	/// - every scheduled deadline is that of its job's current, unsettled round;
	/// - every round's trainers and validators are within the job's counts and distinct, each
	///   trainer has a judge, and verdicts come once each from the round's other validators,
	///   on submitted updates only;
	/// - [`Workload`] counts each node's unsettled rounds as a trainer, and has no zeros.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, job) in Jobs::<T>::iter() {
			let escrow = T::Economy::escrow_balance(job.escrow);
			if job.status == JobStatus::Finished {
				ensure!(escrow.is_none(), "a finished job's escrow is open");
			} else {
				ensure!(escrow.is_some_and(|e| e <= job.budget), "a job's escrow is wrong");
				ensure!(
					T::Economy::is_rules_controlled(job.escrow),
					"an unfinished job's budget is in its client's hands"
				);
			}
			ensure!(job.round <= job.rounds, "a job is past its last round");
			if matches!(job.status, JobStatus::Running | JobStatus::Cancelling) {
				let round = Rounds::<T>::get(id, job.round).ok_or("a running job has no round")?;
				ensure!(round.phase != RoundPhase::Settled, "a running job's round is settled");
				ensure!(
					Deadlines::<T>::get(round.deadline).contains(&id),
					"a running round's deadline is not scheduled"
				);
			}
		}
		for (at, due) in Deadlines::<T>::iter() {
			for id in due {
				let job = Jobs::<T>::get(id).ok_or("a deadline of an unknown job")?;
				let round = Rounds::<T>::get(id, job.round).ok_or("a deadline without a round")?;
				ensure!(round.deadline == at, "a deadline is not its round's");
				ensure!(round.phase != RoundPhase::Settled, "a deadline of a settled round");
			}
		}
		let mut workload = alloc::collections::BTreeMap::<NodeId, u32>::new();
		for (id, _, round) in Rounds::<T>::iter() {
			let job = Jobs::<T>::get(id).ok_or("a round of an unknown job")?;
			if round.phase != RoundPhase::Settled {
				for slot in &round.trainers {
					*workload.entry(slot.node).or_default() += 1;
				}
			}
			ensure!(round.trainers.len() as u32 <= job.trainers_per_round, "too many trainers");
			ensure!(
				round.validators.len() as u32 <= job.validators_per_round,
				"too many validators"
			);
			for (i, slot) in round.trainers.iter().enumerate() {
				ensure!(
					round.trainers[..i].iter().all(|s| s.node != slot.node),
					"a trainer appears twice"
				);
				ensure!(round.judges_of(slot.node) > 0, "a trainer has no judge");
				ensure!(slot.update.is_some() || slot.verdicts.is_empty(), "a verdict on nothing");
				for (j, (validator, _)) in slot.verdicts.iter().enumerate() {
					ensure!(
						*validator != slot.node && round.validators.contains(validator),
						"a verdict from outside the round"
					);
					ensure!(
						slot.verdicts[..j].iter().all(|(v, _)| v != validator),
						"a validator judged twice"
					);
				}
			}
		}
		ensure!(
			Workload::<T>::iter().all(|(node, busy)| workload.get(&node) == Some(&busy)),
			"a node's workload is not its unsettled rounds"
		);
		ensure!(
			workload.iter().all(|(node, busy)| Workload::<T>::get(node) == *busy),
			"a node's unsettled rounds are not its workload"
		);
		Ok(())
	}
}
