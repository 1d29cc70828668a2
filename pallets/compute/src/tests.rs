//! One module per call: its success and each error it can return.

use crate::{mock::*, ActiveNodes, Error, Event, HoldReason, Nodes, OperatorNodes};
use aicchain_primitives::{NetworkPolicy, NodeRegistry, NodeStatus, Role, Roles};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::Pays,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::Perbill;

fn register(who: u64) -> u32 {
	assert_ok!(Compute::register_node(RuntimeOrigin::signed(who), gpu_specs(), BOTH));
	crate::NextNodeId::<Test>::get() - 1
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event was deposited").event
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::NodeBond.into(), &who)
}

fn run_to(block: u64) {
	System::set_block_number(block);
}

mod register_node {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			System::assert_last_event(
				Event::NodeRegistered { node, operator: ALICE, bond: BOND }.into(),
			);
			assert_eq!(held(ALICE), BOND);
			assert_eq!(Balances::balance(&ALICE), 1_000 - BOND);
			let info = Nodes::<Test>::get(node).unwrap();
			assert_eq!(info.status, NodeStatus::Active);
			assert_eq!(&info.specs.gpu_model[..], b"NVIDIA H100");
			assert_eq!(ActiveNodes::<Test>::get().into_inner(), vec![node]);
			assert_eq!(OperatorNodes::<Test>::get(ALICE).into_inner(), vec![node]);
			assert_eq!(register(BOB), node + 1);
		});
	}

	#[test]
	fn fails_without_a_role() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), gpu_specs(), Roles::default()),
				Error::<Test>::NoRole
			);
		});
	}

	#[test]
	fn fails_for_a_trainer_without_compute() {
		ExtBuilder::build_and_execute(|| {
			let specs = crate::SubmittedSpecs { gpu_count: 0, cpu_cores: 0, ..gpu_specs() };
			let trainer = Roles { trainer: true, validator: false };
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), specs.clone(), trainer),
				Error::<Test>::TrainerWithoutCompute
			);
			// A validator needs no compute of its own.
			let validator = Roles { trainer: false, validator: true };
			assert_ok!(Compute::register_node(RuntimeOrigin::signed(ALICE), specs, validator));
		});
	}

	#[test]
	fn fails_for_gpus_without_memory() {
		ExtBuilder::build_and_execute(|| {
			let specs = crate::SubmittedSpecs { gpu_memory_gib: 0, ..gpu_specs() };
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH),
				Error::<Test>::GpuWithoutMemory
			);
		});
	}

	#[test]
	fn fails_for_a_renewable_share_over_100() {
		ExtBuilder::build_and_execute(|| {
			let specs = crate::SubmittedSpecs { renewable_percent: 101, ..gpu_specs() };
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH),
				Error::<Test>::RenewableShareOver100
			);
		});
	}

	#[test]
	fn fails_for_text_that_is_not_utf8() {
		ExtBuilder::build_and_execute(|| {
			let garbled = vec![b'A', 0xc3, 0x28];
			let specs = crate::SubmittedSpecs { gpu_model: garbled.clone(), ..gpu_specs() };
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH),
				Error::<Test>::GpuModelNotUtf8
			);
			let specs = crate::SubmittedSpecs { region: garbled, ..gpu_specs() };
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH),
				Error::<Test>::RegionNotUtf8
			);
			let specs = crate::SubmittedSpecs { region: "São Paulo".into(), ..gpu_specs() };
			assert_ok!(Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH));
		});
	}

	#[test]
	fn fails_for_a_bad_artifact_url() {
		ExtBuilder::build_and_execute(|| {
			for url in [&b"ftp://host"[..], b"127.0.0.1:9955", b"http://\xff"] {
				let specs = crate::SubmittedSpecs { artifact_url: url.to_vec(), ..gpu_specs() };
				assert_noop!(
					Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH),
					Error::<Test>::BadArtifactUrl
				);
			}
			let long = [&b"http://"[..], &[b'h'; 58]].concat();
			let specs = crate::SubmittedSpecs { artifact_url: long, ..gpu_specs() };
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH),
				Error::<Test>::ArtifactUrlTooLong
			);
			let url = b"https://trainer.example:9955".to_vec();
			let specs = crate::SubmittedSpecs { artifact_url: url, ..gpu_specs() };
			assert_ok!(Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH));
		});
	}

	#[test]
	fn fails_for_oversize_text() {
		ExtBuilder::build_and_execute(|| {
			let long = vec![b'x'; 65];
			let specs = crate::SubmittedSpecs { gpu_model: long.clone(), ..gpu_specs() };
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH),
				Error::<Test>::GpuModelTooLong
			);
			let specs = crate::SubmittedSpecs { region: long, ..gpu_specs() };
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH),
				Error::<Test>::RegionTooLong
			);
			let specs = crate::SubmittedSpecs { region: vec![b'x'; 64], ..gpu_specs() };
			assert_ok!(Compute::register_node(RuntimeOrigin::signed(ALICE), specs, BOTH));
		});
	}

	#[test]
	fn fails_beyond_the_nodes_per_operator() {
		ExtBuilder::build_and_execute(|| {
			register(ALICE);
			register(ALICE);
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(ALICE), gpu_specs(), BOTH),
				Error::<Test>::TooManyNodes
			);
		});
	}

	#[test]
	fn fails_when_the_active_index_is_full() {
		ExtBuilder::build_and_execute(|| {
			register(ALICE);
			register(ALICE);
			register(BOB);
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(BOB), gpu_specs(), BOTH),
				Error::<Test>::TooManyActiveNodes
			);
		});
	}

	#[test]
	fn fails_without_the_bond() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::register_node(RuntimeOrigin::signed(POOR), gpu_specs(), BOTH),
				Error::<Test>::InsufficientBond
			);
		});
	}
}

mod update_specs {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			let specs = crate::SubmittedSpecs { gpu_count: 8, ..gpu_specs() };
			assert_ok!(Compute::update_specs(RuntimeOrigin::signed(ALICE), node, specs));
			System::assert_last_event(Event::SpecsUpdated { node }.into());
			assert_eq!(Compute::specs(node).unwrap().gpu_count, 8);
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::update_specs(RuntimeOrigin::signed(ALICE), 7, gpu_specs()),
				Error::<Test>::UnknownNode
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_noop!(
				Compute::update_specs(RuntimeOrigin::signed(BOB), node, gpu_specs()),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_for_invalid_specs() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			let specs = crate::SubmittedSpecs { gpu_count: 0, cpu_cores: 0, ..gpu_specs() };
			assert_noop!(
				Compute::update_specs(RuntimeOrigin::signed(ALICE), node, specs),
				Error::<Test>::TrainerWithoutCompute
			);
		});
	}

	#[test]
	fn fails_for_a_leaving_node() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			assert_noop!(
				Compute::update_specs(RuntimeOrigin::signed(ALICE), node, gpu_specs()),
				Error::<Test>::NodeLeaving
			);
		});
	}
}

mod heartbeat {
	use super::*;

	#[test]
	fn success_keeps_a_node_active() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			run_to(1 + TIMEOUT);
			assert_ok!(Compute::heartbeat(RuntimeOrigin::signed(ALICE), node));
			System::assert_last_event(Event::Heartbeat { node }.into());
			run_to(1 + 2 * TIMEOUT);
			assert_eq!(Compute::status(node), Some(NodeStatus::Active));
			run_to(2 + 2 * TIMEOUT);
			assert_eq!(Compute::status(node), Some(NodeStatus::Inactive));
		});
	}

	#[test]
	fn success_is_free_once_a_quarter_of_the_timeout_has_passed() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			run_to(1 + TIMEOUT / 4);
			let post = Compute::heartbeat(RuntimeOrigin::signed(ALICE), node).unwrap();
			assert_eq!(post.pays_fee, Pays::No);
			run_to(2 + TIMEOUT / 4);
			let post = Compute::heartbeat(RuntimeOrigin::signed(ALICE), node).unwrap();
			assert_eq!(post.pays_fee, Pays::Yes, "a chatty node pays");
		});
	}

	#[test]
	fn success_brings_an_offline_node_back() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::go_offline(RuntimeOrigin::signed(ALICE), node));
			assert!(!Compute::is_eligible(node, Role::Trainer));
			assert_ok!(Compute::heartbeat(RuntimeOrigin::signed(ALICE), node));
			assert_eq!(last_event(), Event::NodeActivated { node }.into());
			assert!(Compute::is_eligible(node, Role::Trainer));
			assert_eq!(ActiveNodes::<Test>::get().into_inner(), vec![node]);
		});
	}

	#[test]
	fn success_for_a_flagged_node_records_liveness_only() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::flag(node));
			run_to(5);
			assert_ok!(Compute::heartbeat(RuntimeOrigin::signed(ALICE), node));
			let info = Nodes::<Test>::get(node).unwrap();
			assert_eq!((info.status, info.last_heartbeat), (NodeStatus::Flagged, 5));
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::heartbeat(RuntimeOrigin::signed(ALICE), 0),
				Error::<Test>::UnknownNode
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_noop!(
				Compute::heartbeat(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_for_a_leaving_node() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			assert_noop!(
				Compute::heartbeat(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::NodeLeaving
			);
		});
	}

	#[test]
	fn fails_when_the_active_index_is_full() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::go_offline(RuntimeOrigin::signed(ALICE), node));
			register(ALICE);
			register(BOB);
			register(BOB);
			assert_noop!(
				Compute::heartbeat(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::TooManyActiveNodes
			);
		});
	}
}

mod go_offline {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::go_offline(RuntimeOrigin::signed(ALICE), node));
			System::assert_last_event(Event::NodeWentOffline { node }.into());
			assert_eq!(Compute::status(node), Some(NodeStatus::Inactive));
			assert!(ActiveNodes::<Test>::get().is_empty());
			assert_eq!(held(ALICE), BOND);
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::go_offline(RuntimeOrigin::signed(ALICE), 0),
				Error::<Test>::UnknownNode
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_noop!(
				Compute::go_offline(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_when_not_active() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::go_offline(RuntimeOrigin::signed(ALICE), node));
			assert_noop!(
				Compute::go_offline(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::NotActive
			);
		});
	}
}

mod mark_inactive {
	use super::*;

	#[test]
	fn success_frees_the_slot_of_a_silent_node() {
		ExtBuilder::build_and_execute(|| {
			let silent = register(ALICE);
			register(ALICE);
			register(BOB);
			run_to(2 + TIMEOUT);
			assert_ok!(Compute::mark_inactive(RuntimeOrigin::signed(BOB), silent));
			System::assert_last_event(Event::NodeMarkedInactive { node: silent }.into());
			assert_eq!(Nodes::<Test>::get(silent).unwrap().status, NodeStatus::Inactive);
			assert_ok!(Compute::register_node(RuntimeOrigin::signed(BOB), gpu_specs(), BOTH));
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::mark_inactive(RuntimeOrigin::signed(BOB), 0),
				Error::<Test>::UnknownNode
			);
		});
	}

	#[test]
	fn fails_when_not_active() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::go_offline(RuntimeOrigin::signed(ALICE), node));
			run_to(2 + TIMEOUT);
			assert_noop!(
				Compute::mark_inactive(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::NotActive
			);
		});
	}

	#[test]
	fn fails_while_the_node_heartbeats() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			run_to(1 + TIMEOUT);
			assert_noop!(
				Compute::mark_inactive(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::StillAlive
			);
		});
	}
}

mod unregister {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			System::assert_last_event(
				Event::NodeUnregistered { node, unbonded_at: 1 + UNBONDING }.into(),
			);
			assert_eq!(Compute::status(node), Some(NodeStatus::Leaving));
			assert!(ActiveNodes::<Test>::get().is_empty());
			assert_eq!(held(ALICE), BOND, "the bond answers for the node while unbonding");
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::unregister(RuntimeOrigin::signed(ALICE), 0),
				Error::<Test>::UnknownNode
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_noop!(
				Compute::unregister(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_twice() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			assert_noop!(
				Compute::unregister(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::NodeLeaving
			);
		});
	}
}

mod withdraw_unbonded {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			run_to(1 + UNBONDING);
			assert_ok!(Compute::withdraw_unbonded(RuntimeOrigin::signed(ALICE), node));
			System::assert_last_event(
				Event::BondWithdrawn { node, operator: ALICE, amount: BOND }.into(),
			);
			assert_eq!((held(ALICE), Balances::balance(&ALICE)), (0, 1_000));
			assert!(Nodes::<Test>::get(node).is_none());
			assert!(OperatorNodes::<Test>::get(ALICE).is_empty());
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::withdraw_unbonded(RuntimeOrigin::signed(ALICE), 0),
				Error::<Test>::UnknownNode
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			run_to(1 + UNBONDING);
			assert_noop!(
				Compute::withdraw_unbonded(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_before_unregistering() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_noop!(
				Compute::withdraw_unbonded(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::NotLeaving
			);
		});
	}

	#[test]
	fn fails_while_unbonding() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			run_to(UNBONDING);
			assert_noop!(
				Compute::withdraw_unbonded(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::StillUnbonding
			);
		});
	}
}

mod top_up_bond {
	use super::*;

	#[test]
	fn success() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::slash(node, Perbill::from_percent(30)));
			assert_eq!(Compute::bond_shortfall(node), Some(30));
			assert_ok!(Compute::top_up_bond(RuntimeOrigin::signed(ALICE), node));
			System::assert_last_event(Event::BondToppedUp { node, amount: 30 }.into());
			assert_eq!(held(ALICE), BOND);
			assert_eq!(Balances::balance(&ALICE), 1_000 - BOND - 30);
			assert_eq!(Compute::bond_shortfall(node), Some(0));
		});
	}

	#[test]
	fn fails_for_an_unknown_node() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Compute::top_up_bond(RuntimeOrigin::signed(ALICE), 7),
				Error::<Test>::UnknownNode
			);
		});
	}

	#[test]
	fn fails_for_another_operator() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::slash(node, Perbill::from_percent(30)));
			assert_noop!(
				Compute::top_up_bond(RuntimeOrigin::signed(BOB), node),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn fails_for_a_leaving_node() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::slash(node, Perbill::from_percent(30)));
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			assert_noop!(
				Compute::top_up_bond(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::NodeLeaving
			);
		});
	}

	#[test]
	fn fails_when_the_bond_is_whole() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_noop!(
				Compute::top_up_bond(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::BondFull
			);
		});
	}

	#[test]
	fn fails_without_enough_free_aicc() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::slash(node, Perbill::from_percent(30)));
			let spare = Balances::balance(&ALICE) - 10;
			assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(ALICE), BOB, spare));
			assert_noop!(
				Compute::top_up_bond(RuntimeOrigin::signed(ALICE), node),
				Error::<Test>::InsufficientBond
			);
		});
	}
}

mod registry {
	use super::*;

	#[test]
	fn slash_takes_a_fraction_of_the_bond_also_while_unbonding() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			let issuance = Balances::total_issuance();
			assert_eq!(Compute::slash(node, Perbill::from_percent(25)), Ok(25));
			System::assert_last_event(Event::BondSlashed { node, amount: 25 }.into());
			assert_eq!(held(ALICE), BOND - 25);
			// The mock's `OnSlash` drops the credit: the slashed AICC is burned.
			assert_eq!(Balances::total_issuance(), issuance - 25);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			assert_eq!(Compute::slash(node, Perbill::from_percent(100)), Ok(BOND - 25));
			assert_eq!(held(ALICE), 0);
			assert_eq!(Compute::bond_shortfall(node), Some(BOND));
			assert_eq!(Compute::slash(node, Perbill::from_percent(10)), Ok(0));
			assert_noop!(Compute::slash(node + 1, Perbill::one()), Error::<Test>::UnknownNode);
			assert_eq!(Compute::bond_shortfall(node + 1), None);
		});
	}

	#[test]
	fn the_heartbeat_timeout_follows_the_policy() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			run_to(2 + TIMEOUT);
			assert_eq!(Compute::status(node), Some(NodeStatus::Inactive));
			Policy::set(&NetworkPolicy { heartbeat_timeout: 2 * TIMEOUT as u32, ..Policy::get() });
			assert_eq!(Compute::status(node), Some(NodeStatus::Active));
		});
	}

	#[test]
	fn candidates_are_eligible_nodes_for_the_role_in_order() {
		ExtBuilder::build_and_execute(|| {
			let both = register(ALICE);
			let validator = Roles { trainer: false, validator: true };
			assert_ok!(Compute::register_node(RuntimeOrigin::signed(BOB), gpu_specs(), validator));
			let only_validator = both + 1;
			let silent = register(BOB);
			run_to(TIMEOUT);
			assert_ok!(Compute::heartbeat(RuntimeOrigin::signed(ALICE), both));
			assert_ok!(Compute::heartbeat(RuntimeOrigin::signed(BOB), only_validator));
			run_to(2 + TIMEOUT);
			assert_eq!(Compute::candidates(Role::Trainer), vec![both]);
			assert_eq!(Compute::candidates(Role::Validator), vec![both, only_validator]);
			assert!(!Compute::is_eligible(silent, Role::Trainer));
			assert_eq!(Compute::operator(silent), Some(BOB));
			assert_eq!(Compute::operator(99), None);
		});
	}

	#[test]
	fn flag_excludes_until_unflagged_and_a_heartbeat() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::flag(node));
			assert_eq!(last_event(), Event::NodeFlagged { node }.into());
			assert!(Compute::candidates(Role::Trainer).is_empty());
			assert_noop!(Compute::unflag(node + 1), Error::<Test>::UnknownNode);
			assert_ok!(Compute::unflag(node));
			assert_eq!(last_event(), Event::NodeUnflagged { node }.into());
			assert_noop!(Compute::unflag(node), Error::<Test>::NotFlagged);
			assert!(!Compute::is_eligible(node, Role::Trainer));
			assert_ok!(Compute::heartbeat(RuntimeOrigin::signed(ALICE), node));
			assert!(Compute::is_eligible(node, Role::Trainer));
		});
	}

	#[test]
	fn a_leaving_node_cannot_be_flagged() {
		ExtBuilder::build_and_execute(|| {
			let node = register(ALICE);
			assert_ok!(Compute::unregister(RuntimeOrigin::signed(ALICE), node));
			assert_noop!(Compute::flag(node), Error::<Test>::NodeLeaving);
			assert_noop!(Compute::flag(node + 1), Error::<Test>::UnknownNode);
		});
	}
}
