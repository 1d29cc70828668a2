//! The runtime as a whole: genesis presets, the two token ledgers side by side, and the
//! compute and economy pallets on the real configuration.

use aicchain_primitives::PolicyProvider;
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{BuildStorage, TokenError};

use crate::{
	genesis_config_presets::{
		get_preset, preset_names, ENDOWMENT_AICC, ENDOWMENT_AICG, FUND_ENDOWMENT, FUND_RATE,
	},
	Aicg, AuraId, Balances, Compute, Economy, Governance, GrandpaId, Runtime, RuntimeGenesisConfig,
	RuntimeOrigin, AICC, AICG,
};

/// A chain started from the preset `name`.
fn chain_from_preset(name: &str) -> sp_io::TestExternalities {
	let json = get_preset(&PresetId::from(name)).expect("the preset exists");
	let config: RuntimeGenesisConfig = serde_json::from_slice(&json).expect("the preset is valid");
	let mut ext: sp_io::TestExternalities = config.build_storage().unwrap().into();
	ext.execute_with(|| frame_system::Pallet::<Runtime>::set_block_number(1));
	ext
}

fn aura_ids(keys: &[Sr25519Keyring]) -> Vec<AuraId> {
	keys.iter().map(|k| k.public().into()).collect()
}

fn grandpa_ids(keys: &[Ed25519Keyring]) -> Vec<(GrandpaId, u64)> {
	keys.iter().map(|k| (k.public().into(), 1)).collect()
}

#[test]
fn presets_are_development_and_local_testnet() {
	assert_eq!(
		preset_names(),
		vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
	);
	assert_eq!(get_preset(&PresetId::from("mainnet")), None);
}

#[test]
fn development_has_alice_as_sole_authority_and_sudo() {
	chain_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		use Sr25519Keyring::Alice;
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().into_inner(), aura_ids(&[Alice]));
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(),
			grandpa_ids(&[Ed25519Keyring::Alice])
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
	});
}

#[test]
fn local_testnet_has_four_authorities() {
	chain_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		use Sr25519Keyring::{Alice, Bob, Charlie, Dave};
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			aura_ids(&[Alice, Bob, Charlie, Dave])
		);
		use Ed25519Keyring as Ed;
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(),
			grandpa_ids(&[Ed::Alice, Ed::Bob, Ed::Charlie, Ed::Dave])
		);
	});
}

#[test]
fn both_presets_endow_every_dev_account_with_aicc_and_aicg() {
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		chain_from_preset(preset).execute_with(|| {
			let accounts: Vec<_> =
				Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect();
			for account in &accounts {
				// Free, or held for a genesis node's bond.
				assert_eq!(Balances::total_balance(account), ENDOWMENT_AICC, "{preset}");
				assert_eq!(Aicg::free_balance(account), ENDOWMENT_AICG, "{preset}");
			}
			let count = accounts.len() as u128;
			assert_eq!(Balances::total_issuance(), count * ENDOWMENT_AICC + FUND_ENDOWMENT);
			assert_eq!(Aicg::total_issuance(), count * ENDOWMENT_AICG);
		});
	}
}

#[test]
fn aicg_moves_on_its_own_ledger() {
	chain_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) =
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
		let amount = 3 * AICG;

		assert_ok!(Aicg::transfer_keep_alive(
			RuntimeOrigin::signed(alice.clone()),
			bob.clone().into(),
			amount
		));

		assert_eq!(Aicg::free_balance(&alice), ENDOWMENT_AICG - amount);
		assert_eq!(Aicg::free_balance(&bob), ENDOWMENT_AICG + amount);
		assert_eq!(Balances::total_balance(&alice), ENDOWMENT_AICC);
		assert_eq!(Balances::total_balance(&bob), ENDOWMENT_AICC);
		frame_system::Pallet::<Runtime>::assert_last_event(
			pallet_balances::Event::<Runtime, pallet_balances::Instance2>::Transfer {
				from: alice,
				to: bob,
				amount,
			}
			.into(),
		);
	});
}

#[test]
fn aicg_cannot_be_overdrawn() {
	chain_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) =
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
		assert_noop!(
			Aicg::transfer_keep_alive(RuntimeOrigin::signed(alice), bob.into(), ENDOWMENT_AICG + 1),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn presets_endow_the_community_fund_and_set_the_policy() {
	chain_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(Balances::free_balance(Economy::fund_account()), FUND_ENDOWMENT);
		let policy = Governance::policy();
		assert_eq!(policy.fund_rate, FUND_RATE);
		assert_eq!(policy.voting_period, crate::MINUTES);
		assert!(policy.matching.is_consistent());
		assert_eq!(pallet_reporting::EpochLength::<Runtime>::get(), 5);
	});
	chain_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(Governance::policy().voting_period, crate::DAYS);
	});
}

#[test]
fn a_node_bond_and_an_escrowed_payment_move_aicc_by_the_rules() {
	use frame_support::traits::fungible::InspectHold;
	chain_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) =
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
		let specs = aicchain_primitives::NodeSpecs {
			gpu_count: 1,
			gpu_model: b"NVIDIA H100".to_vec(),
			gpu_memory_gib: 80,
			cpu_cores: 16,
			memory_gib: 128,
			bandwidth_mbps: 1_000,
			latency_ms: 20,
			gflops_per_watt: 50,
			renewable_percent: 80,
			region: b"eu-west".to_vec(),
			artifact_url: Vec::new(),
		};
		let roles = aicchain_primitives::Roles { trainer: true, validator: false };
		let bond = crate::configs::NodeBond::get();
		let reason = pallet_compute::HoldReason::NodeBond.into();
		let bonded = Balances::balance_on_hold(&reason, &bob); // Bob's genesis node's.
		assert_ok!(Compute::register_node(RuntimeOrigin::signed(bob.clone()), specs, roles));
		assert_eq!(Balances::balance_on_hold(&reason, &bob), bonded + bond);

		let issuance = Balances::total_issuance();
		assert_ok!(Economy::create_escrow(RuntimeOrigin::signed(alice.clone()), 100 * AICC));
		assert_ok!(Economy::release_escrow(
			RuntimeOrigin::signed(alice),
			0,
			bob.clone(),
			40 * AICC
		));
		assert_eq!(Balances::free_balance(&bob), ENDOWMENT_AICC - bonded - bond + 38 * AICC);
		assert_eq!(Balances::free_balance(Economy::fund_account()), FUND_ENDOWMENT + 2 * AICC);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn the_dev_chain_registers_alices_and_bobs_nodes_served_by_the_local_trainer() {
	use aicchain_primitives::{NodeRegistry, NodeStatus, Role};
	chain_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let operators = [Sr25519Keyring::Alice, Sr25519Keyring::Bob].map(|k| k.to_account_id());
		for (node, operator) in operators.iter().enumerate() {
			let node = node as u32;
			assert_eq!(Compute::operator(node).as_ref(), Some(operator));
			assert_eq!(Compute::status(node), Some(NodeStatus::Active));
			assert!(
				Compute::is_eligible(node, Role::Trainer)
					&& Compute::is_eligible(node, Role::Validator)
			);
			let specs = Compute::specs(node).unwrap();
			assert_eq!(
				&specs.artifact_url[..],
				crate::genesis_config_presets::DEV_TRAINER_URL.as_bytes()
			);
		}
	});
	chain_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(Compute::operator(0), None, "a testnet's operators register their own");
	});
}
