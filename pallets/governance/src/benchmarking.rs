//! Benchmarks of every call in its worst case: a voter with the most votes it may have, and a
//! proposal that passes (it enacts a change).

use super::*;
use crate::Pallet as Governance;
use aicchain_primitives::matching::net::MAX_POLICY_BYTES;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

/// The change every benchmark proposes.
const CHANGE: PolicyChange = PolicyChange::RenewableWeight(25);

/// An account with AICG for many deposits and votes.
fn funded<T: Config>(name: &'static str) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	let who = account(name, 0, 0);
	let amount = T::ProposalDeposit::get()
		.saturating_mul(1_000u32.into())
		.saturating_add(T::PolicyByteDeposit::get().saturating_mul(MAX_POLICY_BYTES.into()));
	T::Currency::set_balance(&who, amount);
	who
}

/// A new open proposal by `proposer`.
fn proposed<T: Config>(proposer: &T::AccountId) -> ProposalId {
	Governance::<T>::propose(RawOrigin::Signed(proposer.clone()).into(), CHANGE)
		.expect("the proposer has the deposit and a slot is free");
	NextProposalId::<T>::get() - 1
}

/// `voter` votes on `count` new proposals, so that its vote list is that long.
fn votes_on_new_proposals<T: Config>(voter: &T::AccountId, count: u32)
where
	T::Currency: Mutate<T::AccountId>,
{
	let proposer = funded::<T>("proposer");
	for _ in 0..count {
		let proposal = proposed::<T>(&proposer);
		Governance::<T>::vote(
			RawOrigin::Signed(voter.clone()).into(),
			proposal,
			Vote::Aye,
			1u32.into(),
		)
		.expect("the voter has AICG");
	}
}

/// The bytes of a policy network of about `bytes` bytes (60 per hidden unit), at least one unit.
fn policy_bytes(bytes: u32) -> Vec<u8> {
	use aicchain_primitives::matching::{Unit, FEATURES};
	use codec::Encode;
	let units = (bytes.saturating_sub(6) / 60).max(1) as usize;
	let unit = Unit { weights: [1; FEATURES], bias: 2, out: 3 };
	PolicyNet { units: alloc::vec![unit; units], bias: 4 }.encode()
}

/// The most votes a voter can have with a proposal slot left to vote on.
fn most_earlier_votes<T: Config>() -> u32 {
	(T::MaxVotesPerAccount::get() - 1).min(T::MaxOpenProposals::get() - 1)
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose() {
		let proposer = funded::<T>("proposer");

		#[extrinsic_call]
		_(RawOrigin::Signed(proposer.clone()), CHANGE);

		assert_eq!(Proposals::<T>::get(0).map(|p| p.proposer), Some(proposer));
	}

	#[benchmark]
	fn vote() {
		let voter = funded::<T>("voter");
		votes_on_new_proposals::<T>(&voter, most_earlier_votes::<T>());
		let proposal = proposed::<T>(&funded::<T>("proposer"));
		let amount = T::ProposalDeposit::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(voter.clone()), proposal, Vote::Aye, amount);

		assert_eq!(Proposals::<T>::get(proposal).map(|p| p.tally.aye), Some(amount));
	}

	#[benchmark]
	fn close() {
		let proposal = proposed::<T>(&funded::<T>("proposer"));
		let voter = funded::<T>("voter");
		let everything = T::Currency::total_balance(&voter);
		Governance::<T>::vote(RawOrigin::Signed(voter).into(), proposal, Vote::Aye, everything)
			.expect("the voter has AICG");
		let ends_at = Proposals::<T>::get(proposal).expect("just proposed").ends_at;
		frame_system::Pallet::<T>::set_block_number(ends_at);
		let closer = funded::<T>("closer");

		#[extrinsic_call]
		_(RawOrigin::Signed(closer), proposal);

		assert_eq!(Policy::<T>::get(), CHANGE.applied_to(Policy::<T>::get()));
	}

	#[benchmark]
	fn unlock() {
		let voter = funded::<T>("voter");
		votes_on_new_proposals::<T>(&voter, most_earlier_votes::<T>() + 1);
		let period: BlockNumberFor<T> = Policy::<T>::get().voting_period.into();
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + period,
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(voter.clone()));

		assert!(Votes::<T>::get(&voter).is_empty());
	}

	#[benchmark]
	fn set_policy() -> Result<(), BenchmarkError> {
		let origin =
			T::EmergencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, CHANGE);

		assert_eq!(Policy::<T>::get(), CHANGE.applied_to(Policy::<T>::get()));
		Ok(())
	}

	/// `b`: the bytes' length, from one hidden unit to the most.
	#[benchmark]
	fn publish_policy(b: Linear<65, 3_846>) {
		let publisher = funded::<T>("publisher");
		let bytes = policy_bytes(b);
		let hash = PolicyNet::hash_of(&bytes);

		#[extrinsic_call]
		_(RawOrigin::Signed(publisher), bytes);

		assert!(PublishedPolicies::<T>::contains_key(hash));
	}

	/// `p`: open proposals, each read to see whether it proposes the policy.
	#[benchmark]
	fn unpublish_policy(p: Linear<0, { T::MaxOpenProposals::get() }>) {
		let publisher = funded::<T>("publisher");
		let bytes = policy_bytes(3_846);
		let hash = PolicyNet::hash_of(&bytes);
		Governance::<T>::publish_policy(RawOrigin::Signed(publisher.clone()).into(), bytes)
			.expect("the publisher has the deposit");
		let proposer = funded::<T>("proposer");
		for _ in 0..p {
			proposed::<T>(&proposer);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(publisher), hash);

		assert!(!PublishedPolicies::<T>::contains_key(hash));
	}

	impl_benchmark_test_suite!(Governance, crate::mock::new_test_ext(), crate::mock::Test);
}
