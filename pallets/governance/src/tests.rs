//! One module per call: its success and each error it can return; then the rule that the same
//! AICG cannot vote twice by changing hands; then publishing and switching to learned policies.

use crate::{
	mock::*, Error, Event, FreezeReason, HoldReason, OpenProposals, Policy, PolicyChange,
	Proposals, PublishedPolicies, Tally, Vote, Votes,
};
use aicchain_primitives::{
	matching::{net::MAX_POLICY_BYTES, Unit, FEATURES, ONE},
	MatchingPolicy, PolicyNet, PolicyProvider,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectFreeze, InspectHold},
};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill, TokenError};

/// The renewable-energy bonus raised from the default 10 to 25: the seed story's vote.
const RAISE_BONUS: PolicyChange = PolicyChange::RenewableWeight(25);

fn propose(who: u64, change: PolicyChange) -> u32 {
	assert_ok!(Governance::propose(RuntimeOrigin::signed(who), change));
	crate::NextProposalId::<Test>::get() - 1
}

fn vote(who: u64, proposal: u32, vote: Vote, amount: u64) {
	assert_ok!(Governance::vote(RuntimeOrigin::signed(who), proposal, vote, amount));
}

fn frozen(who: u64) -> u64 {
	Aicg::balance_frozen(&FreezeReason::Vote.into(), &who)
}

fn deposit_held(who: u64) -> u64 {
	Aicg::balance_on_hold(&HoldReason::ProposalDeposit.into(), &who)
}

fn run_to(block: u64) {
	System::set_block_number(block);
}

mod propose {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			let ends_at = 1 + PERIOD;
			System::assert_last_event(
				Event::Proposed { proposal, proposer: ALICE, change: RAISE_BONUS, ends_at }.into(),
			);
			assert_eq!(deposit_held(ALICE), DEPOSIT);
			let info = Proposals::<Test>::get(proposal).unwrap();
			assert_eq!(
				(info.deposit, info.ends_at, info.tally),
				(DEPOSIT, ends_at, Tally::default())
			);
			assert_eq!(OpenProposals::<Test>::get(), 1);
			assert_eq!(propose(BOB, RAISE_BONUS), proposal + 1);
		});
	}

	#[test]
	fn fails_for_a_zero_heartbeat_timeout() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::propose(
					RuntimeOrigin::signed(ALICE),
					PolicyChange::HeartbeatTimeout(0)
				),
				Error::<Test>::HeartbeatTimeoutZero
			);
		});
	}

	#[test]
	fn fails_for_a_zero_voting_period() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::propose(RuntimeOrigin::signed(ALICE), PolicyChange::VotingPeriod(0)),
				Error::<Test>::VotingPeriodZero
			);
		});
	}

	#[test]
	fn fails_for_a_commitment_that_is_not_the_hash_of_the_weights() {
		ExtBuilder::build_and_execute(|| {
			let weights = Policy::<Test>::get().matching.weights;
			let forged = MatchingPolicy { weights, commitment: H256::repeat_byte(7) };
			assert_noop!(
				Governance::propose(RuntimeOrigin::signed(ALICE), PolicyChange::Matching(forged)),
				Error::<Test>::CommitmentMismatch
			);
		});
	}

	#[test]
	fn fails_when_too_many_are_open() {
		ExtBuilder::build_and_execute(|| {
			for _ in 0..3 {
				propose(BOB, RAISE_BONUS);
			}
			assert_noop!(
				Governance::propose(RuntimeOrigin::signed(ALICE), RAISE_BONUS),
				Error::<Test>::TooManyProposals
			);
		});
	}

	#[test]
	fn fails_without_aicg_for_the_deposit() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::propose(RuntimeOrigin::signed(99), RAISE_BONUS),
				Error::<Test>::InsufficientDeposit
			);
		});
	}

	#[test]
	fn fails_unsigned() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::propose(RuntimeOrigin::none(), RAISE_BONUS),
				DispatchError::BadOrigin
			);
		});
	}
}

mod vote {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			vote(BOB, proposal, Vote::Aye, 120);
			System::assert_last_event(
				Event::Voted { proposal, voter: BOB, vote: Vote::Aye, amount: 120 }.into(),
			);
			vote(CHARLIE, proposal, Vote::Nay, 50);
			assert_eq!(
				Proposals::<Test>::get(proposal).unwrap().tally,
				Tally { aye: 120, nay: 50 }
			);
			assert_eq!((frozen(BOB), frozen(CHARLIE)), (120, 50));
			// The AICG stays with the voter: frozen, not spent.
			assert_eq!(Aicg::balance(&BOB), 300);
			// A second vote freezes the larger of the two amounts, not their sum.
			let second = propose(ALICE, PolicyChange::AuditRate(Perbill::from_percent(20)));
			vote(BOB, second, Vote::Nay, 180);
			assert_eq!(frozen(BOB), 180);
			assert_eq!(Votes::<Test>::get(BOB).len(), 2);
		});
	}

	#[test]
	fn a_proposer_votes_with_aicg_that_includes_its_deposit() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			vote(ALICE, proposal, Vote::Aye, 100);
			assert_eq!(frozen(ALICE), 100);
			assert_eq!(
				Aicg::reducible_balance(
					&ALICE,
					frame_support::traits::tokens::Preservation::Expendable,
					frame_support::traits::tokens::Fortitude::Polite,
				),
				0
			);
		});
	}

	#[test]
	fn fails_for_zero_aicg() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(BOB), proposal, Vote::Aye, 0),
				Error::<Test>::ZeroVote
			);
		});
	}

	#[test]
	fn fails_for_an_unknown_proposal() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(BOB), 5, Vote::Aye, 10),
				Error::<Test>::UnknownProposal
			);
		});
	}

	#[test]
	fn fails_once_voting_ended() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			run_to(1 + PERIOD);
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(BOB), proposal, Vote::Aye, 10),
				Error::<Test>::VotingEnded
			);
		});
	}

	#[test]
	fn fails_for_a_second_vote() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			vote(BOB, proposal, Vote::Aye, 10);
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(BOB), proposal, Vote::Nay, 10),
				Error::<Test>::AlreadyVoted
			);
		});
	}

	#[test]
	fn fails_beyond_the_voters_aicg() {
		ExtBuilder::build_and_execute(|| {
			let first = propose(ALICE, RAISE_BONUS);
			let second = propose(ALICE, PolicyChange::AuditRate(Perbill::from_percent(20)));
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(BOB), first, Vote::Aye, 301),
				Error::<Test>::InsufficientVotingBalance
			);
			vote(BOB, first, Vote::Aye, 200);
			// Each vote is measured against the whole balance, not what other votes left.
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(BOB), second, Vote::Aye, 301),
				Error::<Test>::InsufficientVotingBalance
			);
			vote(BOB, second, Vote::Aye, 300);
			assert_eq!(frozen(BOB), 300);
		});
	}

	#[test]
	fn fails_beyond_the_most_votes_per_account() {
		ExtBuilder::build_and_execute(|| {
			let proposals: Vec<u32> = (0..3).map(|_| propose(ALICE, RAISE_BONUS)).collect();
			vote(BOB, proposals[0], Vote::Aye, 10);
			vote(BOB, proposals[1], Vote::Aye, 10);
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(BOB), proposals[2], Vote::Aye, 10),
				Error::<Test>::TooManyVotes
			);
		});
	}
}

mod close {
	use super::*;

	#[test]
	fn success_enacts_an_approved_change_and_returns_the_deposit() {
		ExtBuilder::build_and_execute(|| {
			let before = Governance::policy();
			let proposal = propose(ALICE, RAISE_BONUS);
			vote(BOB, proposal, Vote::Aye, 100);
			vote(CHARLIE, proposal, Vote::Nay, 50);
			run_to(1 + PERIOD);
			assert_ok!(Governance::close(RuntimeOrigin::signed(DAVE), proposal));

			let policy = Governance::policy();
			assert_eq!(policy.matching.weights.renewable, 25);
			assert_ne!(policy.matching.commitment, before.matching.commitment);
			assert!(policy.matching.is_consistent());
			assert_eq!(policy, RAISE_BONUS.applied_to(before));
			System::assert_has_event(
				Event::Approved { proposal, tally: Tally { aye: 100, nay: 50 } }.into(),
			);
			System::assert_has_event(
				Event::DepositReturned { proposal, proposer: ALICE, amount: DEPOSIT }.into(),
			);
			System::assert_last_event(
				Event::PolicyChanged { change: RAISE_BONUS, proposal: Some(proposal), policy }
					.into(),
			);
			assert_eq!(deposit_held(ALICE), 0);
			assert_eq!(Aicg::balance(&ALICE), 100);
			assert!(Proposals::<Test>::get(proposal).is_none());
			assert_eq!(OpenProposals::<Test>::get(), 0);
			// The votes stay frozen until their owners unlock them.
			assert_eq!(frozen(BOB), 100);
		});
	}

	#[test]
	fn a_tie_is_rejected_but_the_deposit_is_returned() {
		ExtBuilder::build_and_execute(|| {
			let before = Governance::policy();
			let proposal = propose(ALICE, RAISE_BONUS);
			vote(BOB, proposal, Vote::Aye, 100);
			vote(CHARLIE, proposal, Vote::Nay, 100);
			run_to(1 + PERIOD);
			assert_ok!(Governance::close(RuntimeOrigin::signed(DAVE), proposal));
			System::assert_last_event(
				Event::Rejected {
					proposal,
					tally: Tally { aye: 100, nay: 100 },
					quorum_reached: true,
				}
				.into(),
			);
			assert_eq!(Governance::policy(), before);
			assert_eq!(Aicg::balance(&ALICE), 100);
		});
	}

	#[test]
	fn without_quorum_the_deposit_is_burned() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			// Quorum is 20% of 610: 122. All ayes, but too few.
			vote(BOB, proposal, Vote::Aye, 121);
			run_to(1 + PERIOD);
			assert_ok!(Governance::close(RuntimeOrigin::signed(DAVE), proposal));
			System::assert_has_event(
				Event::DepositBurned { proposal, proposer: ALICE, amount: DEPOSIT }.into(),
			);
			System::assert_last_event(
				Event::Rejected {
					proposal,
					tally: Tally { aye: 121, nay: 0 },
					quorum_reached: false,
				}
				.into(),
			);
			assert_eq!(Aicg::balance(&ALICE), 100 - DEPOSIT);
			assert_eq!(Aicg::total_issuance(), ISSUANCE - DEPOSIT);
		});
	}

	#[test]
	fn fails_for_an_unknown_proposal() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::close(RuntimeOrigin::signed(DAVE), 0),
				Error::<Test>::UnknownProposal
			);
		});
	}

	#[test]
	fn fails_while_voting_is_open() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			run_to(PERIOD);
			assert_noop!(
				Governance::close(RuntimeOrigin::signed(DAVE), proposal),
				Error::<Test>::VotingOpen
			);
		});
	}
}

mod unlock {
	use super::*;

	#[test]
	fn success_thaws_ended_votes_only() {
		ExtBuilder::build_and_execute(|| {
			let first = propose(ALICE, RAISE_BONUS);
			vote(BOB, first, Vote::Aye, 100);
			run_to(5);
			let second = propose(ALICE, RAISE_BONUS);
			vote(BOB, second, Vote::Nay, 30);
			run_to(1 + PERIOD);
			// Unlocking does not need the proposal closed, only ended.
			assert_ok!(Governance::unlock(RuntimeOrigin::signed(BOB)));
			System::assert_last_event(
				Event::Unlocked { voter: BOB, released: 70, frozen: 30 }.into(),
			);
			assert_eq!(frozen(BOB), 30);
			run_to(5 + PERIOD);
			assert_ok!(Governance::unlock(RuntimeOrigin::signed(BOB)));
			assert_eq!(frozen(BOB), 0);
			assert!(!Votes::<Test>::contains_key(BOB));
		});
	}

	#[test]
	fn fails_with_nothing_ended() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::unlock(RuntimeOrigin::signed(BOB)),
				Error::<Test>::NothingToUnlock
			);
			let proposal = propose(ALICE, RAISE_BONUS);
			vote(BOB, proposal, Vote::Aye, 100);
			run_to(PERIOD);
			assert_noop!(
				Governance::unlock(RuntimeOrigin::signed(BOB)),
				Error::<Test>::NothingToUnlock
			);
		});
	}
}

mod set_policy {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let change = PolicyChange::FundRate(Perbill::from_percent(2));
			assert_ok!(Governance::set_policy(RuntimeOrigin::root(), change));
			let policy = Governance::policy();
			assert_eq!(policy.fund_rate, Perbill::from_percent(2));
			System::assert_last_event(
				Event::PolicyChanged { change, proposal: None, policy }.into(),
			);
		});
	}

	#[test]
	fn fails_for_a_signed_origin() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::set_policy(RuntimeOrigin::signed(ALICE), RAISE_BONUS),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn fails_for_an_invalid_policy() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::set_policy(RuntimeOrigin::root(), PolicyChange::HeartbeatTimeout(0)),
				Error::<Test>::HeartbeatTimeoutZero
			);
		});
	}
}

/// The rule that matters most: AICG that voted cannot move to another account and vote again.
mod double_voting {
	use super::*;

	#[test]
	fn the_same_aicg_cannot_vote_twice_by_changing_hands() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(ALICE, RAISE_BONUS);
			vote(BOB, proposal, Vote::Aye, 300);
			// Bob's AICG is frozen: he cannot hand it to Dave for a second vote.
			assert_noop!(
				Aicg::transfer_allow_death(RuntimeOrigin::signed(BOB), DAVE, 300),
				TokenError::Frozen
			);
			assert_noop!(
				Aicg::transfer_allow_death(RuntimeOrigin::signed(BOB), DAVE, 1),
				TokenError::Frozen
			);
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(DAVE), proposal, Vote::Aye, 300),
				Error::<Test>::InsufficientVotingBalance
			);
			// Charlie votes against with everything he has; Dave adds his own 10 only.
			vote(CHARLIE, proposal, Vote::Nay, 200);
			vote(DAVE, proposal, Vote::Aye, 10);
			run_to(1 + PERIOD);
			assert_ok!(Governance::close(RuntimeOrigin::signed(ALICE), proposal));
			System::assert_has_event(
				Event::Approved { proposal, tally: Tally { aye: 310, nay: 200 } }.into(),
			);
			// Once unlocked, the AICG moves freely again, too late to vote.
			assert_ok!(Governance::unlock(RuntimeOrigin::signed(BOB)));
			assert_ok!(Aicg::transfer_allow_death(RuntimeOrigin::signed(BOB), DAVE, 300));
		});
	}

	#[test]
	fn the_same_aicg_backs_several_proposals_but_each_once() {
		ExtBuilder::build_and_execute(|| {
			let first = propose(ALICE, RAISE_BONUS);
			let second = propose(ALICE, PolicyChange::AuditRate(Perbill::from_percent(20)));
			vote(BOB, first, Vote::Aye, 300);
			vote(BOB, second, Vote::Nay, 300);
			// The largest vote is frozen, not the sum: 300 of Bob's 300.
			assert_eq!(frozen(BOB), 300);
			assert_eq!(Proposals::<Test>::get(second).unwrap().tally.nay, 300);
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(BOB), first, Vote::Nay, 1),
				Error::<Test>::AlreadyVoted
			);
			assert_noop!(
				Aicg::transfer_allow_death(RuntimeOrigin::signed(BOB), DAVE, 1),
				TokenError::Frozen
			);
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(DAVE), first, Vote::Aye, 300),
				Error::<Test>::InsufficientVotingBalance
			);
		});
	}

	#[test]
	fn aicg_that_voted_may_back_a_deposit_but_stays_in_the_account() {
		ExtBuilder::build_and_execute(|| {
			let proposal = propose(BOB, RAISE_BONUS);
			vote(ALICE, proposal, Vote::Aye, 100);
			// A hold keeps the AICG in the account, so frozen AICG may back a deposit...
			propose(ALICE, RAISE_BONUS);
			assert_eq!((frozen(ALICE), deposit_held(ALICE)), (100, DEPOSIT));
			// ...but none of it can leave the account, and it cannot vote a second time there.
			assert_noop!(
				Aicg::transfer_allow_death(RuntimeOrigin::signed(ALICE), DAVE, 1),
				TokenError::Frozen
			);
			assert_noop!(
				Governance::vote(RuntimeOrigin::signed(ALICE), proposal, Vote::Aye, 1),
				Error::<Test>::AlreadyVoted
			);
		});
	}
}

/// A small valid policy network's bytes: `units` hidden units.
fn policy_bytes(units: usize) -> Vec<u8> {
	let unit = Unit { weights: [ONE; FEATURES], bias: 0, out: ONE };
	PolicyNet { units: vec![unit; units], bias: 0 }.encode()
}

fn policy_held(who: u64) -> u64 {
	Aicg::balance_on_hold(&HoldReason::PolicyDeposit.into(), &who)
}

/// Publishes a one-unit policy from Alice and returns its hash.
fn publish() -> H256 {
	let bytes = policy_bytes(1);
	assert_ok!(Governance::publish_policy(RuntimeOrigin::signed(ALICE), bytes.clone()));
	PolicyNet::hash_of(&bytes)
}

mod publish_policy {
	use super::*;

	#[test]
	fn success_holds_a_deposit_per_byte() {
		ExtBuilder::build_and_execute(|| {
			let bytes = policy_bytes(1);
			let hash = publish();
			let length = bytes.len() as u32;
			System::assert_last_event(
				Event::PolicyPublished {
					policy: hash,
					publisher: ALICE,
					bytes: length,
					deposit: 65,
				}
				.into(),
			);
			assert_eq!((length, policy_held(ALICE)), (65, 65));
			assert_eq!(PublishedPolicies::<Test>::get(hash).unwrap().bytes.into_inner(), bytes);
			// Publishing is not switching: the linear weights still rank trainers.
			assert_eq!(Governance::learned_matching(), None);
		});
	}

	#[test]
	fn fails_for_bytes_that_are_not_a_policy() {
		ExtBuilder::build_and_execute(|| {
			let publish =
				|bytes: Vec<u8>| Governance::publish_policy(RuntimeOrigin::signed(BOB), bytes);
			assert_noop!(publish(vec![1, 2, 3]), Error::<Test>::MalformedPolicy);
			let mut trailing = policy_bytes(1);
			trailing.push(0);
			assert_noop!(publish(trailing), Error::<Test>::MalformedPolicy);
			assert_noop!(publish(policy_bytes(0)), Error::<Test>::BadUnitCount);
			assert_noop!(publish(policy_bytes(65)), Error::<Test>::BadUnitCount);
			assert_noop!(
				publish(vec![0; MAX_POLICY_BYTES as usize + 1]),
				Error::<Test>::PolicyTooLarge
			);
		});
	}

	#[test]
	fn fails_twice_for_the_same_bytes() {
		ExtBuilder::build_and_execute(|| {
			publish();
			assert_noop!(
				Governance::publish_policy(RuntimeOrigin::signed(BOB), policy_bytes(1)),
				Error::<Test>::AlreadyPublished
			);
		});
	}

	#[test]
	fn fails_without_aicg_for_the_deposit() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::publish_policy(RuntimeOrigin::signed(DAVE), policy_bytes(1)),
				Error::<Test>::InsufficientDeposit
			);
		});
	}
}

mod learned_matching {
	use super::*;

	#[test]
	fn a_vote_switches_matching_to_a_published_policy_and_back() {
		ExtBuilder::build_and_execute(|| {
			let hash = publish();
			let switch = PolicyChange::LearnedMatching(Some(hash));
			let proposal = propose(BOB, switch);
			vote(BOB, proposal, Vote::Aye, 300);
			run_to(1 + PERIOD);
			assert_ok!(Governance::close(RuntimeOrigin::signed(CHARLIE), proposal));
			assert_eq!(Governance::policy().learned_matching, Some(hash));
			assert_eq!(
				Governance::learned_matching(),
				PolicyNet::from_bytes(&policy_bytes(1)).ok()
			);
			assert_ok!(Governance::set_policy(
				RuntimeOrigin::root(),
				PolicyChange::LearnedMatching(None)
			));
			assert_eq!(Governance::learned_matching(), None);
		});
	}

	#[test]
	fn fails_for_an_unpublished_policy() {
		ExtBuilder::build_and_execute(|| {
			let unknown = PolicyChange::LearnedMatching(Some(H256::repeat_byte(7)));
			assert_noop!(
				Governance::propose(RuntimeOrigin::signed(ALICE), unknown),
				Error::<Test>::UnknownPolicy
			);
			assert_noop!(
				Governance::set_policy(RuntimeOrigin::root(), unknown),
				Error::<Test>::UnknownPolicy
			);
		});
	}
}

mod unpublish_policy {
	use super::*;

	#[test]
	fn success_returns_the_deposit() {
		ExtBuilder::build_and_execute(|| {
			let hash = publish();
			assert_ok!(Governance::unpublish_policy(RuntimeOrigin::signed(ALICE), hash));
			System::assert_last_event(
				Event::PolicyUnpublished { policy: hash, publisher: ALICE, deposit: 65 }.into(),
			);
			assert_eq!(policy_held(ALICE), 0);
			assert!(!PublishedPolicies::<Test>::contains_key(hash));
		});
	}

	#[test]
	fn fails_for_an_unknown_policy_or_another_publisher() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Governance::unpublish_policy(RuntimeOrigin::signed(ALICE), H256::repeat_byte(7)),
				Error::<Test>::UnknownPolicy
			);
			let hash = publish();
			assert_noop!(
				Governance::unpublish_policy(RuntimeOrigin::signed(BOB), hash),
				Error::<Test>::NotPublisher
			);
		});
	}

	#[test]
	fn fails_while_proposed_or_in_force() {
		ExtBuilder::build_and_execute(|| {
			let hash = publish();
			let switch = PolicyChange::LearnedMatching(Some(hash));
			let proposal = propose(BOB, switch);
			let unpublish = || Governance::unpublish_policy(RuntimeOrigin::signed(ALICE), hash);
			assert_noop!(unpublish(), Error::<Test>::PolicyInUse);
			vote(BOB, proposal, Vote::Aye, 300);
			run_to(1 + PERIOD);
			assert_ok!(Governance::close(RuntimeOrigin::signed(CHARLIE), proposal));
			assert_noop!(unpublish(), Error::<Test>::PolicyInUse);
			assert_ok!(Governance::set_policy(
				RuntimeOrigin::root(),
				PolicyChange::LearnedMatching(None)
			));
			assert_ok!(unpublish());
		});
	}
}
