//! # Governance pallet
//!
//! AICG holders vote on AICChain's [`NetworkPolicy`]: the community-fund rate, the reward split,
//! the energy bonus and other matching weights, the audit rate, slashing and trust rules, the
//! heartbeat timeout and the voting period itself. Other pallets read the policy through
//! [`PolicyProvider`].
//!
//! ## Calls
//!
//! - [`propose`](Pallet::propose): propose one [`PolicyChange`], holding
//!   [`Config::ProposalDeposit`] of AICG. Voting is open for the policy's `voting_period`.
//! - [`vote`](Pallet::vote): vote [`Vote::Aye`] or [`Vote::Nay`] with an amount of AICG. The
//!   AICG is frozen, not spent: it stays in the voter's account but cannot move until the
//!   proposal's voting ends.
//! - [`close`](Pallet::close): anyone, once voting has ended, counts the votes; an approved
//!   change is enacted at once.
//! - [`unlock`](Pallet::unlock): a voter thaws the AICG of every vote whose proposal has ended.
//! - [`set_policy`](Pallet::set_policy): [`Config::EmergencyOrigin`] changes the policy without
//!   a vote (root in AICChain's runtime, for emergencies only).
//! - [`publish_policy`](Pallet::publish_policy): anyone publishes a learned matching policy's
//!   bytes (a [`PolicyNet`](aicchain_primitives::PolicyNet), at most 4 KiB), holding
//!   [`Config::PolicyByteDeposit`] of AICG per byte, as a preimage; a
//!   [`PolicyChange::LearnedMatching`] proposal then switches matching to it by its hash.
//! - [`unpublish_policy`](Pallet::unpublish_policy): the publisher removes bytes no longer in
//!   force or proposed, and gets the deposit back.
//!
//! ## Rules
//!
//! - A proposal passes when its turnout (aye + nay) reaches [`Config::Quorum`] of all AICG
//!   issued and more than [`Config::Approval`] of its turnout voted aye.
//! - The deposit is returned when the turnout reached quorum, passed or not; a proposal that
//!   failed to reach quorum burns its deposit, so that spam costs AICG.
//! - An account's votes freeze the *largest* of their amounts (`FreezeReason::Vote`), as
//!   conviction voting locks the maximum: the same AICG may back every open proposal at once,
//!   once each, and cannot be moved to another account to vote again while a vote runs. No
//!   vote may be larger than the account's AICG.
//! - At most [`Config::MaxOpenProposals`] proposals are open (not yet closed), and an account
//!   has at most [`Config::MaxVotesPerAccount`] votes not yet unlocked.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use aicchain_primitives::{
	matching::PolicyError, task::H256, NetworkPolicy, PolicyNet, PolicyProvider,
};
use alloc::vec::Vec;
use frame_support::{
	defensive,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, MutateFreeze, MutateHold},
		tokens::{Fortitude, Precision},
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError, Perbill,
};

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// An amount of AICG.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

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
		/// AICG: frozen by votes, held for proposal deposits.
		type Currency: MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching freeze reason, which includes this pallet's [`FreezeReason`].
		type RuntimeFreezeReason: From<FreezeReason>;

		/// The overarching hold reason, which includes this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The AICG held from a proposer while the proposal is open. Must be non-zero.
		#[pallet::constant]
		type ProposalDeposit: Get<BalanceOf<Self>>;

		/// The least turnout, as a share of all AICG issued, for a proposal to count.
		#[pallet::constant]
		type Quorum: Get<Perbill>;

		/// The share of the turnout that aye must exceed for a proposal to pass.
		#[pallet::constant]
		type Approval: Get<Perbill>;

		/// The AICG held per byte of a published policy network. Must be non-zero.
		#[pallet::constant]
		type PolicyByteDeposit: Get<BalanceOf<Self>>;

		/// The most proposals open at once. Must be non-zero.
		#[pallet::constant]
		type MaxOpenProposals: Get<u32>;

		/// The most votes an account has before it unlocks some. Must be non-zero.
		#[pallet::constant]
		type MaxVotesPerAccount: Get<u32>;

		/// May change the policy without a vote, in an emergency.
		type EmergencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The network policy in force.
	#[pallet::storage]
	pub type Policy<T> = StorageValue<_, NetworkPolicy, ValueQuery>;

	/// The id the next proposal gets.
	#[pallet::storage]
	pub type NextProposalId<T> = StorageValue<_, ProposalId, ValueQuery>;

	/// Proposals not yet closed.
	// Ids are assigned by the pallet, not chosen by users: `Twox64Concat` is safe.
	#[pallet::storage]
	pub type Proposals<T: Config> = StorageMap<_, Twox64Concat, ProposalId, Proposal<T>>;

	/// How many proposals are in [`Proposals`]; at most [`Config::MaxOpenProposals`].
	#[pallet::storage]
	pub type OpenProposals<T> = StorageValue<_, u32, ValueQuery>;

	/// Each account's votes that are not unlocked yet; the largest amount is its frozen AICG.
	// Account ids are chosen by users: `Blake2_128Concat`.
	#[pallet::storage]
	pub type Votes<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<VoteRecord<T>, T::MaxVotesPerAccount>,
		ValueQuery,
	>;

	/// Published policy networks, by the BLAKE2b-256 hash of their bytes.
	// Keys are hashes the pallet computes: `Identity`, as for preimages.
	#[pallet::storage]
	pub type PublishedPolicies<T: Config> = StorageMap<_, Identity, H256, PublishedPolicy<T>>;

	/// Why this pallet freezes AICG.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// AICG voted on proposals whose voting has not ended (or that are not unlocked yet).
		Vote,
	}

	/// Why this pallet holds AICG.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of an open proposal.
		ProposalDeposit,
		/// The deposit of a published policy network.
		PolicyDeposit,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The policy the chain starts with.
		pub policy: NetworkPolicy,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				Pallet::<T>::ensure_valid_policy(&self.policy).is_ok(),
				"the genesis policy has non-zero timeouts, a consistent matching commitment and no \
				 learned matching policy (none is published at genesis)"
			);
			Policy::<T>::put(self.policy);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A change was proposed; votes are open until block `ends_at`.
		Proposed {
			proposal: ProposalId,
			proposer: T::AccountId,
			change: PolicyChange,
			ends_at: BlockNumberFor<T>,
		},
		/// An account voted; `amount` of its AICG is frozen until the proposal ends.
		Voted { proposal: ProposalId, voter: T::AccountId, vote: Vote, amount: BalanceOf<T> },
		/// A proposal passed.
		Approved { proposal: ProposalId, tally: Tally<BalanceOf<T>> },
		/// A proposal failed: too little turnout (`quorum_reached` false) or too few ayes.
		Rejected { proposal: ProposalId, tally: Tally<BalanceOf<T>>, quorum_reached: bool },
		/// The network policy changed, by the proposal `proposal` or, when `None`, by the
		/// emergency origin.
		PolicyChanged { change: PolicyChange, proposal: Option<ProposalId>, policy: NetworkPolicy },
		/// A proposal's deposit was returned to its proposer.
		DepositReturned { proposal: ProposalId, proposer: T::AccountId, amount: BalanceOf<T> },
		/// A proposal that missed quorum lost its deposit: burned.
		DepositBurned { proposal: ProposalId, proposer: T::AccountId, amount: BalanceOf<T> },
		/// A voter's ended votes were unlocked; `frozen` AICG stays frozen for votes still open.
		Unlocked { voter: T::AccountId, released: BalanceOf<T>, frozen: BalanceOf<T> },
		/// A policy network of `bytes` bytes was published under the hash `policy`, `deposit` held.
		PolicyPublished { policy: H256, publisher: T::AccountId, bytes: u32, deposit: BalanceOf<T> },
		/// The published policy network `policy` was removed and its deposit returned.
		PolicyUnpublished { policy: H256, publisher: T::AccountId, deposit: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A heartbeat timeout of zero blocks would make every node inactive. Propose more.
		HeartbeatTimeoutZero,
		/// A voting period of zero blocks would end votes before they start. Propose more.
		VotingPeriodZero,
		/// The matching policy's commitment is not the hash of its weights. Recompute it.
		CommitmentMismatch,
		/// As many proposals as allowed are open. Close ended ones, or wait.
		TooManyProposals,
		/// The free AICG balance cannot cover the proposal deposit.
		InsufficientDeposit,
		/// No open proposal has this id. Check the id in the `Proposed` event; closed
		/// proposals are gone.
		UnknownProposal,
		/// Voting on this proposal has ended. Close it instead.
		VotingEnded,
		/// This account already voted on this proposal.
		AlreadyVoted,
		/// A vote needs a positive amount of AICG.
		ZeroVote,
		/// The account's AICG cannot cover this vote on top of its other open votes.
		InsufficientVotingBalance,
		/// The account has as many votes as allowed. Unlock ended ones first.
		TooManyVotes,
		/// Voting is still open. Close the proposal from its `ends_at` block on.
		VotingOpen,
		/// None of the account's votes has ended yet.
		NothingToUnlock,
		/// A policy network takes at most 4 KiB.
		PolicyTooLarge,
		/// The bytes are not the SCALE encoding of a policy network, or bytes are left over.
		MalformedPolicy,
		/// A policy network has 1 to 64 hidden units.
		BadUnitCount,
		/// These bytes are published already: propose their hash.
		AlreadyPublished,
		/// No policy network with this hash is published. Publish its bytes first.
		UnknownPolicy,
		/// Only the publisher may remove a policy network.
		NotPublisher,
		/// The policy network is in force or an open proposal would switch to it. Wait until
		/// it is neither.
		PolicyInUse,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::ProposalDeposit::get().is_zero(), "ProposalDeposit must be non-zero");
			assert!(T::MaxOpenProposals::get() > 0, "MaxOpenProposals must be non-zero");
			assert!(!T::PolicyByteDeposit::get().is_zero(), "PolicyByteDeposit must be non-zero");
			assert!(T::MaxVotesPerAccount::get() > 0, "MaxVotesPerAccount must be non-zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Proposes `change` to the network policy, holding [`Config::ProposalDeposit`] of the
		/// caller's AICG until the proposal is closed.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose())]
		pub fn propose(origin: OriginFor<T>, change: PolicyChange) -> DispatchResult {
			let proposer = ensure_signed(origin)?;
			let policy = Policy::<T>::get();
			Self::ensure_valid_policy(&change.applied_to(policy))?;
			let open = OpenProposals::<T>::get();
			ensure!(open < T::MaxOpenProposals::get(), Error::<T>::TooManyProposals);
			let proposal = NextProposalId::<T>::get();
			let next = proposal.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let deposit = T::ProposalDeposit::get();
			T::Currency::hold(&HoldReason::ProposalDeposit.into(), &proposer, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;

			let ends_at = frame_system::Pallet::<T>::block_number()
				.saturating_add(policy.voting_period.into());
			NextProposalId::<T>::put(next);
			OpenProposals::<T>::put(open + 1); // Below `MaxOpenProposals`, checked above.
			Proposals::<T>::insert(
				proposal,
				Proposal {
					proposer: proposer.clone(),
					change,
					deposit,
					ends_at,
					tally: Tally::default(),
				},
			);
			Self::deposit_event(Event::Proposed { proposal, proposer, change, ends_at });
			Ok(())
		}

		/// Votes `vote` on `proposal` with `amount` of the caller's AICG, which is frozen until
		/// the proposal's voting ends.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::vote())]
		pub fn vote(
			origin: OriginFor<T>,
			proposal: ProposalId,
			vote: Vote,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let voter = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroVote);
			let mut info = Proposals::<T>::get(proposal).ok_or(Error::<T>::UnknownProposal)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() < info.ends_at,
				Error::<T>::VotingEnded
			);
			let mut votes = Votes::<T>::get(&voter);
			ensure!(votes.iter().all(|v| v.proposal != proposal), Error::<T>::AlreadyVoted);
			ensure!(
				amount <= T::Currency::total_balance(&voter),
				Error::<T>::InsufficientVotingBalance
			);
			let frozen = Self::largest_of(&votes).max(amount);
			let record = VoteRecord { proposal, vote, amount, unlocks_at: info.ends_at };
			votes.try_push(record).map_err(|_| Error::<T>::TooManyVotes)?;
			let side = match vote {
				Vote::Aye => &mut info.tally.aye,
				Vote::Nay => &mut info.tally.nay,
			};
			*side = side.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;

			T::Currency::set_freeze(&FreezeReason::Vote.into(), &voter, frozen)?;
			Votes::<T>::insert(&voter, votes);
			Proposals::<T>::insert(proposal, info);
			Self::deposit_event(Event::Voted { proposal, voter, vote, amount });
			Ok(())
		}

		/// Counts the votes on `proposal` once its voting has ended, enacts it if it passed,
		/// and returns or burns the deposit. Anyone may call this.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::close())]
		pub fn close(origin: OriginFor<T>, proposal: ProposalId) -> DispatchResult {
			ensure_signed(origin)?;
			let info = Proposals::<T>::get(proposal).ok_or(Error::<T>::UnknownProposal)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() >= info.ends_at,
				Error::<T>::VotingOpen
			);

			let tally = info.tally;
			// Each side is at most all AICG issued, and both together too: votes of one
			// account never exceed its balance.
			let turnout = tally.aye.saturating_add(tally.nay);
			let quorum_reached =
				turnout >= T::Quorum::get().mul_ceil(T::Currency::total_issuance());
			let approved = quorum_reached && tally.aye > T::Approval::get().mul_floor(turnout);

			let reason = HoldReason::ProposalDeposit.into();
			let proposer = info.proposer;
			if quorum_reached {
				let amount =
					T::Currency::release(&reason, &proposer, info.deposit, Precision::BestEffort)?;
				Self::deposit_event(Event::DepositReturned { proposal, proposer, amount });
			} else {
				let amount = T::Currency::burn_held(
					&reason,
					&proposer,
					info.deposit,
					Precision::BestEffort,
					Fortitude::Force,
				)?;
				Self::deposit_event(Event::DepositBurned { proposal, proposer, amount });
			}
			Proposals::<T>::remove(proposal);
			OpenProposals::<T>::mutate(|open| *open = open.saturating_sub(1)); // Counts this one.
			if approved {
				Self::deposit_event(Event::Approved { proposal, tally });
				Self::do_enact(info.change, Some(proposal));
			} else {
				Self::deposit_event(Event::Rejected { proposal, tally, quorum_reached });
			}
			Ok(())
		}

		/// Thaws the AICG of the caller's votes whose proposals have ended.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::unlock())]
		pub fn unlock(origin: OriginFor<T>) -> DispatchResult {
			let voter = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let mut votes = Votes::<T>::get(&voter);
			ensure!(votes.iter().any(|v| v.unlocks_at <= now), Error::<T>::NothingToUnlock);

			let before = Self::largest_of(&votes);
			votes.retain(|v| v.unlocks_at > now);
			let frozen = Self::largest_of(&votes);
			let released = before.saturating_sub(frozen); // The largest of a subset: not more.
			T::Currency::set_freeze(&FreezeReason::Vote.into(), &voter, frozen)?;
			if votes.is_empty() {
				Votes::<T>::remove(&voter);
			} else {
				Votes::<T>::insert(&voter, votes);
			}
			Self::deposit_event(Event::Unlocked { voter, released, frozen });
			Ok(())
		}

		/// Makes `change` to the policy without a vote. Only [`Config::EmergencyOrigin`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_policy())]
		pub fn set_policy(origin: OriginFor<T>, change: PolicyChange) -> DispatchResult {
			T::EmergencyOrigin::ensure_origin(origin)?;
			Self::ensure_valid_policy(&change.applied_to(Policy::<T>::get()))?;
			Self::do_enact(change, None);
			Ok(())
		}

		/// Publishes the bytes of a policy network under their BLAKE2b-256 hash, holding
		/// [`Config::PolicyByteDeposit`] of AICG per byte until they are unpublished.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::publish_policy(bytes.len() as u32))]
		pub fn publish_policy(origin: OriginFor<T>, bytes: Vec<u8>) -> DispatchResult {
			let publisher = ensure_signed(origin)?;
			PolicyNet::from_bytes(&bytes).map_err(|error| match error {
				PolicyError::TooLarge => Error::<T>::PolicyTooLarge,
				PolicyError::Malformed => Error::<T>::MalformedPolicy,
				PolicyError::BadUnitCount => Error::<T>::BadUnitCount,
			})?;
			let bytes: BoundedVec<_, _> =
				bytes.try_into().map_err(|_| Error::<T>::PolicyTooLarge)?;
			let hash = PolicyNet::hash_of(&bytes);
			ensure!(!PublishedPolicies::<T>::contains_key(hash), Error::<T>::AlreadyPublished);
			let length = bytes.len() as u32; // At most 4 KiB.
			let deposit = T::PolicyByteDeposit::get().saturating_mul(length.into());
			T::Currency::hold(&HoldReason::PolicyDeposit.into(), &publisher, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;

			PublishedPolicies::<T>::insert(
				hash,
				PublishedPolicy { publisher: publisher.clone(), deposit, bytes },
			);
			Self::deposit_event(Event::PolicyPublished {
				policy: hash,
				publisher,
				bytes: length,
				deposit,
			});
			Ok(())
		}

		/// Removes a policy network the caller published, once it is neither in force nor
		/// proposed, and returns its deposit.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unpublish_policy(T::MaxOpenProposals::get()))]
		pub fn unpublish_policy(origin: OriginFor<T>, hash: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let published = PublishedPolicies::<T>::get(hash).ok_or(Error::<T>::UnknownPolicy)?;
			ensure!(published.publisher == who, Error::<T>::NotPublisher);
			let in_force = Policy::<T>::get().learned_matching == Some(hash);
			// At most `MaxOpenProposals`.
			let proposed = Proposals::<T>::iter_values()
				.any(|p| p.change == PolicyChange::LearnedMatching(Some(hash)));
			ensure!(!in_force && !proposed, Error::<T>::PolicyInUse);

			let reason = HoldReason::PolicyDeposit.into();
			let deposit =
				T::Currency::release(&reason, &who, published.deposit, Precision::BestEffort)?;
			PublishedPolicies::<T>::remove(hash);
			Self::deposit_event(Event::PolicyUnpublished { policy: hash, publisher: who, deposit });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Checks that `policy` can be in force: non-zero timeouts, a consistent commitment, a
	/// published learned policy.
	fn ensure_valid_policy(policy: &NetworkPolicy) -> DispatchResult {
		ensure!(policy.heartbeat_timeout > 0, Error::<T>::HeartbeatTimeoutZero);
		ensure!(policy.voting_period > 0, Error::<T>::VotingPeriodZero);
		ensure!(policy.matching.is_consistent(), Error::<T>::CommitmentMismatch);
		ensure!(
			policy.learned_matching.is_none_or(PublishedPolicies::<T>::contains_key),
			Error::<T>::UnknownPolicy
		);
		Ok(())
	}

	/// Makes `change` to the policy in force. Whether a change leaves the policy valid depends
	/// on its own value alone (a proposed policy network cannot be unpublished), so a change
	/// checked when proposed is still valid when enacted.
	fn do_enact(change: PolicyChange, proposal: Option<ProposalId>) {
		let policy = change.applied_to(Policy::<T>::get());
		Policy::<T>::put(policy);
		Self::deposit_event(Event::PolicyChanged { change, proposal, policy });
	}

	/// The largest amount of `votes`: what they freeze.
	fn largest_of(votes: &[VoteRecord<T>]) -> BalanceOf<T> {
		votes.iter().map(|v| v.amount).max().unwrap_or_else(Zero::zero)
	}

	/// The invariants of this pallet's storage:
	/// - the policy in force is valid;
	/// - [`OpenProposals`] counts [`Proposals`], within the bound, ids below [`NextProposalId`];
	/// - each proposer's held deposit equals the deposits of its open proposals;
	/// - each voter's frozen AICG equals the largest of its recorded votes (no vote outlives its
	///   freeze, no freeze outlives its votes), and each vote unlocks when its proposal ends;
	/// - each publisher's held policy deposit equals the deposits of its published policies,
	///   and every published policy's bytes are a valid network;
	/// - while a proposal is open for votes, its tally is exactly its recorded votes.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::{InspectFreeze, InspectHold};

		ensure!(Self::ensure_valid_policy(&Policy::<T>::get()).is_ok(), "the policy is invalid");
		let next = NextProposalId::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let mut count = 0u32;
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut tallies: BTreeMap<ProposalId, Tally<BalanceOf<T>>> = BTreeMap::new();
		for (id, proposal) in Proposals::<T>::iter() {
			ensure!(id < next, "a proposal id is not below NextProposalId");
			count += 1;
			let deposit = deposits.entry(proposal.proposer).or_insert_with(Zero::zero);
			*deposit = deposit.saturating_add(proposal.deposit);
			tallies.insert(id, Tally::default());
		}
		ensure!(count == OpenProposals::<T>::get(), "OpenProposals does not count the proposals");
		ensure!(count <= T::MaxOpenProposals::get(), "more proposals are open than allowed");
		for (proposer, deposit) in deposits {
			let held = T::Currency::balance_on_hold(&HoldReason::ProposalDeposit.into(), &proposer);
			ensure!(held == deposit, "a proposer's held deposit differs from its proposals'");
		}
		for (voter, votes) in Votes::<T>::iter() {
			let frozen = T::Currency::balance_frozen(&FreezeReason::Vote.into(), &voter);
			ensure!(
				frozen == Self::largest_of(&votes),
				"frozen AICG differs from the largest vote"
			);
			for record in votes {
				let Some(proposal) = Proposals::<T>::get(record.proposal) else { continue };
				ensure!(
					record.unlocks_at == proposal.ends_at,
					"a vote unlocks off its proposal's end"
				);
				let tally = tallies.entry(record.proposal).or_default();
				match record.vote {
					Vote::Aye => tally.aye = tally.aye.saturating_add(record.amount),
					Vote::Nay => tally.nay = tally.nay.saturating_add(record.amount),
				}
			}
		}
		let mut policy_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (hash, published) in PublishedPolicies::<T>::iter() {
			ensure!(PolicyNet::hash_of(&published.bytes) == hash, "a policy is not under its hash");
			ensure!(
				PolicyNet::from_bytes(&published.bytes).is_ok(),
				"a published policy is invalid"
			);
			let deposit = policy_deposits.entry(published.publisher).or_insert_with(Zero::zero);
			*deposit = deposit.saturating_add(published.deposit);
		}
		for (publisher, deposit) in policy_deposits {
			let held = T::Currency::balance_on_hold(&HoldReason::PolicyDeposit.into(), &publisher);
			ensure!(held == deposit, "a publisher's held deposit differs from its policies'");
		}
		for (id, recorded) in tallies {
			let proposal = Proposals::<T>::get(id).ok_or("a tallied proposal vanished")?;
			if now < proposal.ends_at {
				ensure!(
					proposal.tally == recorded,
					"an open proposal's tally differs from its votes"
				);
			}
		}
		Ok(())
	}
}

impl<T: Config> PolicyProvider for Pallet<T> {
	fn policy() -> NetworkPolicy {
		Policy::<T>::get()
	}

	fn learned_matching() -> Option<PolicyNet> {
		let hash = Policy::<T>::get().learned_matching?;
		// In force only once published, and published only once checked; should the bytes be
		// gone or wrong all the same, matching falls back to the linear weights.
		let Some(published) = PublishedPolicies::<T>::get(hash) else {
			defensive!("the learned policy in force is published");
			return None;
		};
		PolicyNet::from_bytes(&published.bytes)
			.inspect_err(|_| {
				defensive!("a published policy decodes");
			})
			.ok()
	}
}
