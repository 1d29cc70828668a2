//! One module per call: its success and each error it can return; then a property test over
//! random sequences of reports and audits.

use crate::{
	mock::*, Commitment, Commitments, Epoch, Error, Event, Metrics, Probation, Report, Reports,
	Trust,
};
use aicchain_primitives::{NetworkPolicy, NodeRegistry, NodeStatus, TrustScores};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill};

/// What an honest node reports, and an auditor measures.
const HONEST: Metrics =
	Metrics { throughput: 100, latency_ms: 20, uptime_permille: 990, energy_wh: 500 };

/// Twice the throughput it has: far over any tolerance.
const INFLATED: Metrics = Metrics { throughput: 200, ..HONEST };

const SALT: H256 = H256::repeat_byte(42);

fn run_to_epoch(epoch: Epoch) {
	System::set_block_number(u64::from(epoch) * EPOCH + 1);
}

fn commit(node: u32, metrics: &Metrics) {
	let hash = Reporting::report_hash(node, Reporting::current_epoch(), metrics, &SALT);
	assert_ok!(Reporting::commit_report(RuntimeOrigin::signed(ALICE), node, hash));
}

/// Commits `metrics` now and reveals them in the next epoch.
fn report(node: u32, metrics: Metrics) {
	commit(node, &metrics);
	run_to_epoch(Reporting::current_epoch() + 1);
	assert_ok!(Reporting::reveal_report(RuntimeOrigin::signed(ALICE), node, metrics, SALT));
}

fn audit(node: u32, measured: Metrics) {
	assert_ok!(Reporting::submit_audit(RuntimeOrigin::root(), node, measured));
}

fn bond_held(who: u64) -> u64 {
	Balances::balance_on_hold(&pallet_compute::HoldReason::NodeBond.into(), &who)
}

mod commit_report {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			let hash = Reporting::report_hash(node, 0, &HONEST, &SALT);
			assert_ok!(Reporting::commit_report(RuntimeOrigin::signed(ALICE), node, hash));
			System::assert_last_event(Event::ReportCommitted { node, epoch: 0 }.into());
			assert_eq!(Commitments::<Test>::get(node), Some(Commitment { epoch: 0, hash }));
		});
	}

	#[test]
	fn an_expired_commitment_counts_as_missed() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			run_to_epoch(2);
			commit(node, &HONEST);
			let trust = Perbill::from_rational(375u32, 1000);
			System::assert_has_event(Event::ReportMissed { node, epoch: 0, trust }.into());
			assert_eq!(Commitments::<Test>::get(node).map(|c| c.epoch), Some(2));
			// 37.5% is under the 40% threshold: the node is flagged.
			assert_eq!(Compute::status(node), Some(NodeStatus::Flagged));
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Reporting::commit_report(RuntimeOrigin::signed(ALICE), 9, H256::zero()),
				Error::<Test>::UnknownNode
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			assert_noop!(
				Reporting::commit_report(RuntimeOrigin::signed(BOB), node, H256::zero()),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_twice_in_an_epoch() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			assert_noop!(
				Reporting::commit_report(RuntimeOrigin::signed(ALICE), node, H256::zero()),
				Error::<Test>::AlreadyCommitted
			);
		});
	}

	#[test]
	fn fails_while_the_last_report_awaits_its_reveal() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			run_to_epoch(1);
			assert_noop!(
				Reporting::commit_report(RuntimeOrigin::signed(ALICE), node, H256::zero()),
				Error::<Test>::RevealPending
			);
		});
	}
}

mod reveal_report {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			report(node, HONEST);
			System::assert_last_event(
				Event::ReportRevealed { node, epoch: 0, metrics: HONEST, audit_requested: false }
					.into(),
			);
			let expected =
				Report { epoch: 0, metrics: HONEST, audit_requested: false, audited: false };
			assert_eq!(Reports::<Test>::get(node), Some(expected));
			assert!(Commitments::<Test>::get(node).is_none());
			// Revealing moves no trust; only audits and misses do.
			assert_eq!(Reporting::trust(node), InitialTrust::get());
		});
	}

	#[test]
	fn the_audit_rate_draws_reports_for_audit() {
		ExtBuilder::build_and_execute(|| {
			Policy::set(&NetworkPolicy { audit_rate: Perbill::one(), ..Policy::get() });
			let node = Registrar::register(ALICE);
			report(node, HONEST);
			assert!(Reports::<Test>::get(node).unwrap().audit_requested);
		});
	}

	#[test]
	fn fails_without_a_commitment() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			assert_noop!(
				Reporting::reveal_report(RuntimeOrigin::signed(ALICE), node, HONEST, SALT),
				Error::<Test>::NoCommitment
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			run_to_epoch(1);
			assert_noop!(
				Reporting::reveal_report(RuntimeOrigin::signed(BOB), node, HONEST, SALT),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_in_the_reported_epoch() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			assert_noop!(
				Reporting::reveal_report(RuntimeOrigin::signed(ALICE), node, HONEST, SALT),
				Error::<Test>::RevealTooEarly
			);
		});
	}

	#[test]
	fn fails_after_the_reveal_window() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			run_to_epoch(2);
			assert_noop!(
				Reporting::reveal_report(RuntimeOrigin::signed(ALICE), node, HONEST, SALT),
				Error::<Test>::RevealTooLate
			);
		});
	}

	#[test]
	fn fails_for_other_figures_than_committed() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			run_to_epoch(1);
			assert_noop!(
				Reporting::reveal_report(RuntimeOrigin::signed(ALICE), node, INFLATED, SALT),
				Error::<Test>::CommitmentMismatch
			);
			assert_noop!(
				Reporting::reveal_report(RuntimeOrigin::signed(ALICE), node, HONEST, H256::zero()),
				Error::<Test>::CommitmentMismatch
			);
		});
	}

	#[test]
	fn fails_for_an_uptime_over_1000_per_mille() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			let impossible = Metrics { uptime_permille: 1001, ..HONEST };
			commit(node, &impossible);
			run_to_epoch(1);
			assert_noop!(
				Reporting::reveal_report(RuntimeOrigin::signed(ALICE), node, impossible, SALT),
				Error::<Test>::UptimeOver1000
			);
		});
	}
}

mod report_missed {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			run_to_epoch(2);
			assert_ok!(Reporting::report_missed(RuntimeOrigin::signed(BOB), node));
			let trust = Perbill::from_rational(375u32, 1000);
			System::assert_has_event(Event::ReportMissed { node, epoch: 0, trust }.into());
			System::assert_last_event(Event::NodeFlagged { node, trust }.into());
			assert_eq!(Trust::<Test>::get(node), Some(trust));
			assert!(Commitments::<Test>::get(node).is_none());
			assert_eq!(Compute::status(node), Some(NodeStatus::Flagged));
		});
	}

	#[test]
	fn fails_without_a_commitment() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			assert_noop!(
				Reporting::report_missed(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::NoCommitment
			);
		});
	}

	#[test]
	fn fails_while_the_reveal_window_is_open() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			run_to_epoch(1);
			assert_noop!(
				Reporting::report_missed(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::RevealStillOpen
			);
		});
	}
}

mod submit_audit {
	use super::*;

	#[test]
	fn an_honest_report_raises_trust_and_earns_aicg() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			report(node, HONEST);
			// 5% off in throughput: within the 10% tolerance.
			let measured = Metrics { throughput: 95, ..HONEST };
			audit(node, measured);
			let trust = Perbill::from_rational(625u32, 1000);
			System::assert_last_event(
				Event::Audited {
					node,
					epoch: 0,
					measured,
					discrepancy: Perbill::from_rational(5u32, 95),
					honest: true,
					trust,
					reward: REWARD,
					slashed: 0,
				}
				.into(),
			);
			assert_eq!(Reporting::trust(node), trust);
			assert_eq!(Aicg::balance(&ALICE), REWARD);
			assert_eq!(bond_held(ALICE), BOND);
		});
	}

	#[test]
	fn a_dishonest_report_is_slashed_to_the_fund_and_flags_the_node() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			let fund = Balances::balance(&Economy::fund_account());
			let issuance = Balances::total_issuance();
			report(node, INFLATED);
			audit(node, HONEST);
			let trust = Perbill::from_rational(375u32, 1000);
			System::assert_has_event(
				Event::Audited {
					node,
					epoch: 0,
					measured: HONEST,
					discrepancy: Perbill::one(),
					honest: false,
					trust,
					reward: 0,
					slashed: BOND / 10,
				}
				.into(),
			);
			System::assert_last_event(Event::NodeFlagged { node, trust }.into());
			assert_eq!(bond_held(ALICE), BOND - BOND / 10);
			assert_eq!(Balances::balance(&Economy::fund_account()), fund + BOND / 10);
			assert_eq!(Balances::total_issuance(), issuance, "slashed AICC is moved, not burned");
			assert_eq!(Compute::status(node), Some(NodeStatus::Flagged));
			assert_eq!(Aicg::balance(&ALICE), 0);
		});
	}

	#[test]
	fn a_leaving_node_is_slashed_but_not_flagged() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			report(node, INFLATED);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			audit(node, HONEST);
			assert_eq!(bond_held(ALICE), BOND - BOND / 10);
			assert_eq!(Compute::status(node), Some(NodeStatus::Leaving));
		});
	}

	#[test]
	fn fails_for_a_signed_origin() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			report(node, HONEST);
			assert_noop!(
				Reporting::submit_audit(RuntimeOrigin::signed(BOB), node, HONEST),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn fails_without_a_revealed_report() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			commit(node, &HONEST);
			assert_noop!(
				Reporting::submit_audit(RuntimeOrigin::root(), node, HONEST),
				Error::<Test>::NoReport
			);
		});
	}

	#[test]
	fn fails_for_an_audited_report() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			report(node, HONEST);
			audit(node, HONEST);
			assert_noop!(
				Reporting::submit_audit(RuntimeOrigin::root(), node, INFLATED),
				Error::<Test>::AlreadyAudited
			);
		});
	}

	#[test]
	fn fails_for_an_uptime_over_1000_per_mille() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			report(node, HONEST);
			let impossible = Metrics { uptime_permille: 1001, ..HONEST };
			assert_noop!(
				Reporting::submit_audit(RuntimeOrigin::root(), node, impossible),
				Error::<Test>::UptimeOver1000
			);
		});
	}
}

mod reinstate {
	use super::*;

	/// A node flagged for a dishonest report, its bond 10% short.
	fn flagged() -> u32 {
		let node = Registrar::register(ALICE);
		report(node, INFLATED);
		audit(node, HONEST);
		assert_eq!(Compute::status(node), Some(NodeStatus::Flagged));
		node
	}

	#[test]
	fn success_after_the_bond_is_restored_then_probation() {
		ExtBuilder::build_and_execute(|| {
			let node = flagged();
			assert_ok!(Compute::top_up_bond(RuntimeOrigin::signed(ALICE), node));
			assert_ok!(Reporting::reinstate(RuntimeOrigin::signed(ALICE), node));
			let threshold = Policy::get().trust_threshold;
			let until = 1 + PROBATION;
			System::assert_last_event(Event::Reinstated { node, trust: threshold, until }.into());
			assert_eq!(Reporting::trust(node), threshold);
			assert_eq!(Probation::<Test>::get(node), Some(until));
			// Unflagged: Active again with its next heartbeat.
			assert_eq!(Compute::status(node), Some(NodeStatus::Inactive));
			assert_ok!(Compute::heartbeat(RuntimeOrigin::signed(ALICE), node));
			assert_eq!(Compute::status(node), Some(NodeStatus::Active));
			// On probation an honest report earns no AICG; after it, it does.
			report(node, HONEST);
			audit(node, HONEST);
			assert_eq!(Aicg::balance(&ALICE), 0);
			run_to_epoch(until + 1);
			report(node, HONEST);
			audit(node, HONEST);
			assert_eq!(Aicg::balance(&ALICE), REWARD);
		});
	}

	#[test]
	fn fails_for_an_unflagged_node() {
		ExtBuilder::build_and_execute(|| {
			let node = Registrar::register(ALICE);
			assert_noop!(
				Reporting::reinstate(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::NotFlagged
			);
		});
	}

	#[test]
	fn fails_before_the_bond_is_restored() {
		ExtBuilder::build_and_execute(|| {
			let node = flagged();
			assert_noop!(
				Reporting::reinstate(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::BondNotRestored
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = flagged();
			assert_ok!(Compute::top_up_bond(RuntimeOrigin::signed(ALICE), node));
			assert_noop!(
				Reporting::reinstate(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Reporting::reinstate(RuntimeOrigin::signed(ALICE), 9),
				Error::<Test>::UnknownNode
			);
		});
	}
}

#[test]
fn judged_work_moves_trust_and_flags_like_reports() {
	ExtBuilder::build_and_execute(|| {
		let node = Registrar::register(ALICE);
		let up = <Reporting as TrustScores>::record_outcome(node, true);
		assert_eq!(up, Perbill::from_parts(625_000_000));
		assert_eq!(Reporting::trust(node), up);
		// 62.5% → 46.875% → 35.15625%: under the threshold, flagged.
		<Reporting as TrustScores>::record_outcome(node, false);
		assert_eq!(Compute::status(node), Some(NodeStatus::Active));
		let down = <Reporting as TrustScores>::record_outcome(node, false);
		assert_eq!(down, Perbill::from_parts(351_562_500));
		assert_eq!(Compute::status(node), Some(NodeStatus::Flagged));
	});
}

mod discrepancy {
	use super::*;

	#[test]
	fn is_the_largest_relative_difference_saturating_at_one() {
		let measured = HONEST;
		assert_eq!(HONEST.discrepancy(&measured), Perbill::zero());
		let off = Metrics { latency_ms: 25, energy_wh: 450, ..HONEST };
		// Latency 5/20 = 25% beats energy 50/500 = 10%.
		assert_eq!(off.discrepancy(&measured), Perbill::from_percent(25));
		assert_eq!(INFLATED.discrepancy(&measured), Perbill::one());
		let zero = Metrics { throughput: 0, ..HONEST };
		assert_eq!(zero.discrepancy(&zero), Perbill::zero());
		assert_eq!(HONEST.discrepancy(&zero), Perbill::one());
	}
}

/// Random sequences of reports, audits and misses keep the books straight.
mod properties {
	use super::*;
	use proptest::prelude::*;

	/// One step of the random walk.
	#[derive(Clone, Debug)]
	enum Step {
		/// The node reports `metrics` (commit now, reveal next epoch).
		Report(Metrics),
		/// The node commits but never reveals; a later epoch counts it missed.
		Miss,
		/// An auditor measures `Metrics` for the last revealed report.
		Audit(Metrics),
		/// The operator tops up and tries to reinstate.
		Reinstate,
	}

	fn metrics() -> impl Strategy<Value = Metrics> {
		(0..400u32, 0..100u32, 0..=1000u32, 0..2000u32).prop_map(
			|(throughput, latency_ms, uptime_permille, energy_wh)| Metrics {
				throughput,
				latency_ms,
				uptime_permille,
				energy_wh,
			},
		)
	}

	fn step() -> impl Strategy<Value = Step> {
		prop_oneof![
			3 => metrics().prop_map(Step::Report),
			1 => Just(Step::Miss),
			3 => metrics().prop_map(Step::Audit),
			1 => Just(Step::Reinstate),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]

		#[test]
		fn trust_bonds_and_aicc_stay_sound(steps in prop::collection::vec((0..2usize, step()), 1..40)) {
			new_test_ext().execute_with(|| {
				System::set_block_number(1);
				let nodes = [Registrar::register(ALICE), Registrar::register(BOB)];
				let operators = [ALICE, BOB];
				let aicc = Balances::total_issuance();
				for (which, step) in steps {
					let (node, operator) = (nodes[which], operators[which]);
					let signed = RuntimeOrigin::signed(operator);
					let _ = match step {
						Step::Report(metrics) => {
							let epoch = Reporting::current_epoch();
							let hash = Reporting::report_hash(node, epoch, &metrics, &SALT);
							let _ = Reporting::commit_report(signed.clone(), node, hash);
							run_to_epoch(epoch + 1);
							Reporting::reveal_report(signed, node, metrics, SALT).map(|_| ()).map_err(|e| e.error)
						},
						Step::Miss => {
							let epoch = Reporting::current_epoch();
							let _ = Reporting::commit_report(signed, node, H256::zero());
							run_to_epoch(epoch + 2);
							Reporting::report_missed(RuntimeOrigin::signed(ALICE), node)
						},
						Step::Audit(measured) =>
							Reporting::submit_audit(RuntimeOrigin::root(), node, measured),
						Step::Reinstate => {
							let _ = Compute::top_up_bond(signed.clone(), node);
							Reporting::reinstate(signed, node)
						},
					};
					for node in nodes {
						let trust = Reporting::trust(node);
						prop_assert!(trust <= Perbill::one());
						let threshold = Policy::get().trust_threshold;
						if trust < threshold {
							prop_assert_eq!(Compute::status(node), Some(NodeStatus::Flagged));
						}
					}
					for operator in operators {
						prop_assert!(bond_held(operator) <= BOND);
					}
					// Slashes move AICC to the fund; none is created or burned.
					prop_assert_eq!(Balances::total_issuance(), aicc);
					let all: u64 = [ALICE, BOB, Economy::fund_account()]
						.iter()
						.map(Balances::total_balance)
						.sum();
					prop_assert_eq!(all, aicc);
					check_invariants();
				}
				Ok(())
			})?;
		}
	}
}
