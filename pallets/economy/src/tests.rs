//! One module per call (and per trait function): its success and each error it can return.

use crate::{
	mock::*, AicgIssued, Control, Error, Escrows, Event, Fund, Funding, HoldReason, SubsidyGrants,
	SubsidyRequests,
};
use aicchain_primitives::NetworkPolicy;
use aicchain_primitives::{Economy as _, IssuanceReason};
use frame_support::traits::{fungible::Balanced, OnUnbalanced};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::{DispatchError, Perbill};

fn escrowed(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::Escrow.into(), &who)
}

fn fund() -> u64 {
	Balances::balance(&Economy::fund_account())
}

/// Alice puts `amount` in escrow; returns its id.
fn escrow(amount: u64) -> u32 {
	assert_ok!(Economy::create_escrow(RuntimeOrigin::signed(ALICE), amount));
	crate::NextEscrowId::<Test>::get() - 1
}

/// Bob asks for `amount`, the root origin grants it; returns his grant's escrow id.
fn subsidy(amount: u64) -> u32 {
	assert_ok!(Economy::request_subsidy(RuntimeOrigin::signed(BOB), amount, b"mnist".to_vec()));
	assert_ok!(Economy::approve_subsidy(RuntimeOrigin::root(), BOB));
	SubsidyGrants::<Test>::get(BOB).expect("an approved subsidy is a grant")
}

/// A job budget of Alice's own AICC, as the training pallet opens it.
fn job_budget(amount: u64) -> u32 {
	Economy::open_escrow(&ALICE, amount, Funding::Own).expect("Alice can pay")
}

mod create_escrow {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			System::assert_last_event(
				Event::EscrowCreated {
					escrow: id,
					owner: ALICE,
					amount: 1_000,
					funding: Funding::Own,
					control: Control::Owner,
				}
				.into(),
			);
			assert_eq!((escrowed(ALICE), Balances::balance(&ALICE)), (1_000, 9_000));
			assert_eq!(Economy::escrow_balance(id), Some(1_000));
		});
	}

	#[test]
	fn fails_for_zero() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::create_escrow(RuntimeOrigin::signed(ALICE), 0),
				Error::<Test>::ZeroAmount
			);
		});
	}

	#[test]
	fn fails_beyond_the_free_balance() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::create_escrow(RuntimeOrigin::signed(BOB), 101),
				Error::<Test>::InsufficientBalance
			);
		});
	}
}

mod release_escrow {
	use super::*;

	#[test]
	fn success_pays_the_worker_and_the_fund() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			let issuance = Balances::total_issuance();
			assert_ok!(Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, BOB, 300));
			System::assert_last_event(
				Event::Paid { escrow: id, to: BOB, paid: 270, cut: 30 }.into(),
			);
			assert_eq!(Balances::balance(&BOB), 100 + 270);
			assert_eq!(fund(), ENDOWMENT + 30);
			assert_eq!((escrowed(ALICE), Economy::escrow_balance(id)), (700, Some(700)));
			assert_eq!(Balances::total_issuance(), issuance, "payments move AICC, never mint it");
		});
	}

	#[test]
	fn success_rounds_the_cut_down() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			assert_ok!(Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, BOB, 19));
			System::assert_last_event(Event::Paid { escrow: id, to: BOB, paid: 18, cut: 1 }.into());
		});
	}

	#[test]
	fn fails_for_an_unknown_escrow() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(ALICE), 9, BOB, 1),
				Error::<Test>::UnknownEscrow
			);
		});
	}

	#[test]
	fn fails_for_another_account() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(BOB), id, BOB, 100),
				Error::<Test>::NotEscrowOwner
			);
		});
	}

	#[test]
	fn fails_for_zero() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, BOB, 0),
				Error::<Test>::ZeroAmount
			);
		});
	}

	#[test]
	fn fails_beyond_the_remainder() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			assert_ok!(Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, BOB, 600));
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, BOB, 401),
				Error::<Test>::EscrowTooLow
			);
		});
	}

	#[test]
	fn fails_below_the_payees_minimum() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, NEWCOMER, ED - 1),
				Error::<Test>::BelowMinimum
			);
			assert_ok!(Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, NEWCOMER, 10));
			assert_eq!(Balances::balance(&NEWCOMER), 9);
		});
	}
}

mod release_escrow_guards {
	use super::*;

	#[test]
	fn fails_for_a_job_budget() {
		ExtBuilder::build_and_execute(|| {
			let id = job_budget(1_000);
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, ALICE, 500),
				Error::<Test>::HeldForJob
			);
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, NEWCOMER, 500),
				Error::<Test>::HeldForJob
			);
		});
	}

	#[test]
	fn fails_for_a_subsidy_to_its_own_client() {
		ExtBuilder::build_and_execute(|| {
			let id = subsidy(500);
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(BOB), id, BOB, 500),
				Error::<Test>::SubsidyForJobsOnly
			);
		});
	}

	#[test]
	fn fails_for_a_subsidy_to_anyone() {
		ExtBuilder::build_and_execute(|| {
			let id = subsidy(500);
			assert_noop!(
				Economy::release_escrow(RuntimeOrigin::signed(BOB), id, NEWCOMER, 200),
				Error::<Test>::SubsidyForJobsOnly
			);
		});
	}
}

mod close_escrow {
	use super::*;

	#[test]
	fn success_refunds_the_owner() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			assert_ok!(Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, BOB, 100));
			assert_ok!(Economy::close_escrow(RuntimeOrigin::signed(ALICE), id));
			System::assert_last_event(
				Event::EscrowClosed { escrow: id, to: ALICE, refunded: 900 }.into(),
			);
			assert_eq!((escrowed(ALICE), Balances::balance(&ALICE)), (0, 9_900));
			assert!(Escrows::<Test>::get(id).is_none());
		});
	}

	#[test]
	fn success_returns_a_subsidy_grant_to_the_fund() {
		ExtBuilder::build_and_execute(|| {
			let id = subsidy(500);
			Economy::open_escrow(&BOB, 200, Funding::Subsidy).unwrap();
			assert_ok!(Economy::close_escrow(RuntimeOrigin::signed(BOB), id));
			let to = Economy::fund_account();
			System::assert_last_event(Event::EscrowClosed { escrow: id, to, refunded: 300 }.into());
			assert_eq!(Balances::balance(&BOB), 100, "a subsidy never becomes the client's AICC");
			assert_eq!(fund(), ENDOWMENT - 500 + 300);
			assert_eq!(SubsidyGrants::<Test>::get(BOB), None);
		});
	}

	#[test]
	fn fails_for_a_job_budget() {
		ExtBuilder::build_and_execute(|| {
			let id = job_budget(1_000);
			assert_noop!(
				Economy::close_escrow(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::HeldForJob
			);
		});
	}

	#[test]
	fn fails_for_an_unknown_escrow() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::close_escrow(RuntimeOrigin::signed(ALICE), 0),
				Error::<Test>::UnknownEscrow
			);
		});
	}

	#[test]
	fn fails_for_another_account() {
		ExtBuilder::build_and_execute(|| {
			let id = escrow(1_000);
			assert_noop!(
				Economy::close_escrow(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NotEscrowOwner
			);
		});
	}
}

mod fund {
	use super::*;

	#[test]
	fn the_cut_follows_the_policy() {
		ExtBuilder::build_and_execute(|| {
			Policy::set(&NetworkPolicy { fund_rate: Perbill::from_percent(25), ..Policy::get() });
			let id = escrow(1_000);
			assert_ok!(Economy::release_escrow(RuntimeOrigin::signed(ALICE), id, BOB, 100));
			System::assert_last_event(
				Event::Paid { escrow: id, to: BOB, paid: 75, cut: 25 }.into(),
			);
		});
	}

	#[test]
	fn a_slashed_bond_arrives_in_the_fund() {
		ExtBuilder::build_and_execute(|| {
			let fund = Balances::balance(&Economy::fund_account());
			let issuance = Balances::total_issuance();
			let credit = Balances::issue(40);
			Economy::on_unbalanced(credit);
			System::assert_last_event(Event::SlashReceived { amount: 40 }.into());
			assert_eq!(Balances::balance(&Economy::fund_account()), fund + 40);
			assert_eq!(Balances::total_issuance(), issuance + 40);
			assert_eq!(crate::Fund::<Test>::get().received, ENDOWMENT + 40);
		});
	}
}

mod request_subsidy {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			assert_ok!(Economy::request_subsidy(RuntimeOrigin::signed(BOB), 50, b"cnn".to_vec()));
			System::assert_last_event(Event::SubsidyRequested { client: BOB, amount: 50 }.into());
			assert_eq!(&SubsidyRequests::<Test>::get(BOB).unwrap().purpose[..], b"cnn");
		});
	}

	#[test]
	fn fails_for_zero() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::request_subsidy(RuntimeOrigin::signed(BOB), 0, vec![]),
				Error::<Test>::ZeroAmount
			);
		});
	}

	#[test]
	fn fails_for_a_long_purpose() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::request_subsidy(RuntimeOrigin::signed(BOB), 50, vec![b'x'; 17]),
				Error::<Test>::PurposeTooLong
			);
		});
	}

	#[test]
	fn fails_while_one_is_pending() {
		ExtBuilder::build_and_execute(|| {
			assert_ok!(Economy::request_subsidy(RuntimeOrigin::signed(BOB), 50, vec![]));
			assert_noop!(
				Economy::request_subsidy(RuntimeOrigin::signed(BOB), 60, vec![]),
				Error::<Test>::RequestPending
			);
		});
	}
}

mod approve_subsidy {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let id = subsidy(500);
			System::assert_last_event(
				Event::SubsidyApproved { client: BOB, amount: 500, escrow: id }.into(),
			);
			let grant = Escrows::<Test>::get(id).unwrap();
			assert_eq!((grant.funding, grant.control), (Funding::Subsidy, Control::Owner));
			assert_eq!((escrowed(BOB), Balances::balance(&BOB)), (500, 100));
			assert_eq!(fund(), ENDOWMENT - 500);
			assert_eq!(Fund::<Test>::get().granted, 500);
			assert!(SubsidyRequests::<Test>::get(BOB).is_none());
		});
	}

	#[test]
	fn success_adds_to_an_unspent_grant() {
		ExtBuilder::build_and_execute(|| {
			let id = subsidy(500);
			assert_eq!(subsidy(200), id, "a client has one grant");
			assert_eq!(Economy::escrow_balance(id), Some(700));
			assert_eq!((escrowed(BOB), Fund::<Test>::get().granted), (700, 700));
		});
	}

	#[test]
	fn fails_for_a_signed_origin() {
		ExtBuilder::build_and_execute(|| {
			assert_ok!(Economy::request_subsidy(RuntimeOrigin::signed(BOB), 50, vec![]));
			assert_noop!(
				Economy::approve_subsidy(RuntimeOrigin::signed(BOB), BOB),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn fails_without_a_request() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::approve_subsidy(RuntimeOrigin::root(), BOB),
				Error::<Test>::NoRequest
			);
		});
	}

	#[test]
	fn fails_beyond_the_fund() {
		ExtBuilder::build_and_execute(|| {
			// The fund keeps its existential deposit.
			let too_much = ENDOWMENT - ED + 1;
			assert_ok!(Economy::request_subsidy(RuntimeOrigin::signed(BOB), too_much, vec![]));
			assert_noop!(
				Economy::approve_subsidy(RuntimeOrigin::root(), BOB),
				Error::<Test>::FundTooLow
			);
		});
	}
}

mod reject_subsidy {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			assert_ok!(Economy::request_subsidy(RuntimeOrigin::signed(BOB), 50, vec![]));
			assert_ok!(Economy::reject_subsidy(RuntimeOrigin::root(), BOB));
			System::assert_last_event(Event::SubsidyRejected { client: BOB }.into());
			assert!(SubsidyRequests::<Test>::get(BOB).is_none());
			assert_eq!(fund(), ENDOWMENT);
		});
	}

	#[test]
	fn fails_for_a_signed_origin() {
		ExtBuilder::build_and_execute(|| {
			assert_ok!(Economy::request_subsidy(RuntimeOrigin::signed(BOB), 50, vec![]));
			assert_noop!(
				Economy::reject_subsidy(RuntimeOrigin::signed(ALICE), BOB),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn fails_without_a_request() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::reject_subsidy(RuntimeOrigin::root(), BOB),
				Error::<Test>::NoRequest
			);
		});
	}
}

mod issue_aicg {
	use super::*;

	#[test]
	fn issues_within_the_era_cap() {
		ExtBuilder::build_and_execute(|| {
			assert_eq!(Economy::issue_aicg(&ALICE, 60, IssuanceReason::ValidatedWork), 60);
			System::assert_last_event(
				Event::AicgIssued { to: ALICE, amount: 60, reason: IssuanceReason::ValidatedWork }
					.into(),
			);
			assert_eq!(Economy::issue_aicg(&BOB, 60, IssuanceReason::HonestReport), CAP - 60);
			assert_eq!(Economy::issue_aicg(&BOB, 60, IssuanceReason::HonestReport), 0);
			assert_eq!((Aicg::balance(&ALICE), Aicg::balance(&BOB)), (60, 40));
			assert_eq!(Aicg::total_issuance(), CAP);
		});
	}

	#[test]
	fn the_cap_renews_each_era() {
		ExtBuilder::build_and_execute(|| {
			assert_eq!(Economy::issue_aicg(&ALICE, CAP, IssuanceReason::ValidatedWork), CAP);
			System::set_block_number(ERA);
			assert_eq!(Economy::issue_aicg(&ALICE, 30, IssuanceReason::ValidatedWork), 30);
			assert_eq!(AicgIssued::<Test>::get().issued, 30);
		});
	}

	#[test]
	fn issues_nothing_below_the_existential_deposit() {
		ExtBuilder::build_and_execute(|| {
			assert_eq!(Economy::issue_aicg(&NEWCOMER, ED - 1, IssuanceReason::ValidatedWork), 0);
			assert_eq!(AicgIssued::<Test>::get().issued, 0);
		});
	}
}

mod economy_trait {
	use super::*;

	#[test]
	fn a_budget_is_conserved_by_payments_and_refund() {
		ExtBuilder::build_and_execute(|| {
			let budget = 1_000;
			let id = job_budget(budget);
			assert!(Economy::is_rules_controlled(id));
			let (paid_bob, cut_bob) = Economy::pay(id, &BOB, 333).unwrap();
			let (paid_new, cut_new) = Economy::pay(id, &NEWCOMER, 111).unwrap();
			let refund = Economy::refund(id).unwrap();
			assert_eq!(paid_bob + cut_bob + paid_new + cut_new + refund, budget);
			assert_eq!(fund() - ENDOWMENT, cut_bob + cut_new);
			assert_eq!(Economy::escrow_balance(id), None);
			assert_noop!(Economy::refund(id), Error::<Test>::UnknownEscrow);
		});
	}
}

mod open_escrow {
	use super::*;

	#[test]
	fn success_from_own_funds_is_a_job_budget() {
		ExtBuilder::build_and_execute(|| {
			let id = job_budget(1_000);
			System::assert_last_event(
				Event::EscrowCreated {
					escrow: id,
					owner: ALICE,
					amount: 1_000,
					funding: Funding::Own,
					control: Control::Rules,
				}
				.into(),
			);
			assert_eq!((escrowed(ALICE), Balances::balance(&ALICE)), (1_000, 9_000));
		});
	}

	#[test]
	fn success_from_a_subsidy_splits_the_grant() {
		ExtBuilder::build_and_execute(|| {
			let grant = subsidy(500);
			let id = Economy::open_escrow(&BOB, 300, Funding::Subsidy).unwrap();
			let budget = Escrows::<Test>::get(id).unwrap();
			assert_eq!((budget.funding, budget.control), (Funding::Subsidy, Control::Rules));
			assert_eq!(Economy::escrow_balance(grant), Some(200));
			assert_eq!(escrowed(BOB), 500, "the AICC stays held; only its purpose changed");
		});
	}

	#[test]
	fn success_spending_a_whole_grant_closes_it() {
		ExtBuilder::build_and_execute(|| {
			let grant = subsidy(500);
			Economy::open_escrow(&BOB, 500, Funding::Subsidy).unwrap();
			assert_eq!(Economy::escrow_balance(grant), None);
			assert_eq!(SubsidyGrants::<Test>::get(BOB), None);
		});
	}

	#[test]
	fn a_subsidised_budget_pays_workers_and_returns_the_rest_to_the_fund() {
		ExtBuilder::build_and_execute(|| {
			subsidy(500);
			let id = Economy::open_escrow(&BOB, 500, Funding::Subsidy).unwrap();
			assert_ok!(Economy::pay(id, &ALICE, 100));
			assert_eq!(Economy::refund(id), Ok(400));
			assert_eq!(Balances::balance(&BOB), 100, "a subsidy never becomes the client's AICC");
			assert_eq!(fund(), ENDOWMENT - 500 + 10 + 400);
		});
	}

	#[test]
	fn fails_without_a_subsidy() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Economy::open_escrow(&BOB, 50, Funding::Subsidy),
				Error::<Test>::NoSubsidy
			);
		});
	}

	#[test]
	fn fails_beyond_the_subsidy() {
		ExtBuilder::build_and_execute(|| {
			subsidy(500);
			assert_noop!(
				Economy::open_escrow(&BOB, 501, Funding::Subsidy),
				Error::<Test>::SubsidyTooLow
			);
		});
	}

	#[test]
	fn fails_for_zero() {
		ExtBuilder::build_and_execute(|| {
			subsidy(500);
			assert_noop!(
				Economy::open_escrow(&BOB, 0, Funding::Subsidy),
				Error::<Test>::ZeroAmount
			);
			assert_noop!(Economy::open_escrow(&ALICE, 0, Funding::Own), Error::<Test>::ZeroAmount);
		});
	}

	#[test]
	fn the_rules_touch_job_budgets_only() {
		ExtBuilder::build_and_execute(|| {
			let direct = escrow(1_000);
			let grant = subsidy(500);
			for id in [direct, grant] {
				assert!(!Economy::is_rules_controlled(id));
				assert_noop!(Economy::pay(id, &ALICE, 10), Error::<Test>::NotAJobBudget);
				assert_noop!(Economy::refund(id), Error::<Test>::NotAJobBudget);
			}
		});
	}
}
