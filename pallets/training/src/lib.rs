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
mod checks;
mod duties;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
pub mod matching;
#[cfg(test)]
mod mock;
mod rounds;
pub mod runtime_api;
mod settlement;
#[cfg(test)]
mod tests;
mod types;
mod views;
pub mod weights;

use aicchain_primitives::{Economy, Funding, NodeId, NodeRegistry, PolicyProvider, TrustScores};
use alloc::vec::Vec;
use frame_support::{
	dispatch::DispatchResultWithPostInfo, pallet_prelude::*, traits::tokens::Balance,
};
use frame_system::pallet_prelude::*;
use sp_core::H256;
use sp_runtime::{traits::Zero, ArithmeticError, Perbill};

pub use duties::{DutyKind, JudgeOrder, MergeOrder, TrainOrder};
pub use pallet::*;
pub use rounds::Assignment;
pub use types::*;
pub use weights::WeightInfo;

/// An amount of AICC (budgets, payments) or AICG (rewards).
pub type BalanceOf<T> = <T as Config>::Balance;

/// A data set as a call submits it: the location unbounded, checked by the pallet.
pub type SubmittedDataset = DatasetRef<Vec<u8>>;

// `create_job` takes every term of a job, and the call macro makes functions with as many.
#[allow(clippy::too_many_arguments)]
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

			let job = NextJobId::<T>::get();
			NextJobId::<T>::put(job.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			let escrow = T::Economy::open_escrow(&client, budget, funding)?;
			let mut info = Job {
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
				seed: Self::job_seed(job),
				round: 0,
				model_hash: None,
				status: JobStatus::Running,
			};
			Self::deposit_event(Event::JobCreated { job, client, budget, rounds });
			if let Err(error) = Self::do_start_round(job, &mut info) {
				if error != Error::<T>::NoEligibleNodes.into() {
					return Err(error);
				}
				info = Self::do_stall(job, info);
			}
			Jobs::<T>::insert(job, info);
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
				Self::do_unschedule(job, state.deadline);
				(info, state) = Self::do_close_training(job, info, state);
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
			Self::do_unschedule(job, state.deadline);
			(info, state) = Self::do_settle(job, info, state);
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
			Self::do_start_round(job, &mut info)?;
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
				JobStatus::Stalled => info = Self::do_finish(job, info),
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
