//! Genesis presets: `development` (Alice alone) and `local_testnet` (Alice, Bob, Charlie and
//! Dave as authorities). Both endow the well-known development accounts with AICC and AICG, the
//! community fund with AICC, set the network policy and the AICG cap, and make Alice the sudo
//! key. The development chain votes and reports on a short clock, so that a person (or a test)
//! sees a whole vote or report cycle in about a minute, and registers two compute nodes,
//! operated by Alice and Bob and served by the trainer beside the dev node, so that a job
//! posted on it is trained at once.

use aicchain_primitives::{NetworkPolicy, NodeSpecs, Roles};
use alloc::{vec, vec::Vec};
use serde_json::Value;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Perbill;

use crate::{
	AccountId, AuraId, Balance, BlockNumber, GrandpaId, RuntimeGenesisConfig, AICC, AICG, DAYS,
	MINUTES,
};

/// AICC given to each development account at genesis.
pub const ENDOWMENT_AICC: Balance = 1_000_000 * AICC;

/// AICG given to each development account at genesis.
pub const ENDOWMENT_AICG: Balance = 1_000 * AICG;

/// AICC in the community fund at genesis.
pub const FUND_ENDOWMENT: Balance = 10_000 * AICC;

/// The share of every escrow payment that goes to the community fund: 5%.
pub const FUND_RATE: Perbill = Perbill::from_percent(5);

/// The most AICG issued per day for validated work and honest reports.
pub const AICG_PER_ERA: Balance = 10_000 * AICG;

/// How fast a chain's governance and reporting run.
struct Clock {
	/// Blocks a proposal is open for votes.
	voting_period: BlockNumber,
	/// Blocks per reporting epoch.
	report_epoch: BlockNumber,
}

/// The development chain: a minute of voting, 15-second reporting epochs.
const DEV_CLOCK: Clock = Clock { voting_period: MINUTES, report_epoch: 5 };

/// A testnet: a day of voting, 10-minute reporting epochs.
const TESTNET_CLOCK: Clock = Clock { voting_period: DAYS, report_epoch: 10 * MINUTES };

/// Where the development chain's trainer serves artifacts (`aicchain-trainer serve`'s
/// default address).
pub const DEV_TRAINER_URL: &str = "http://127.0.0.1:9955";

/// A development compute node: the machine `.ci/dev` runs on, training on its CPU.
fn dev_node(operator: Sr25519Keyring) -> (AccountId, NodeSpecs<Vec<u8>>, Roles) {
	let specs = NodeSpecs {
		gpu_count: 0,
		gpu_model: Vec::new(),
		gpu_memory_gib: 0,
		cpu_cores: 2,
		memory_gib: 8,
		bandwidth_mbps: 1_000,
		latency_ms: 1,
		gflops_per_watt: 10,
		renewable_percent: 0,
		region: b"localhost".to_vec(),
		artifact_url: DEV_TRAINER_URL.as_bytes().to_vec(),
	};
	(operator.to_account_id(), specs, Roles { trainer: true, validator: true })
}

/// One authority's keys: Aura for authoring, GRANDPA for finality.
struct Authority {
	aura: AuraId,
	grandpa: GrandpaId,
}

impl Authority {
	fn well_known(sr25519: Sr25519Keyring, ed25519: Ed25519Keyring) -> Self {
		Self { aura: sr25519.public().into(), grandpa: ed25519.public().into() }
	}
}

/// The genesis state for `authorities`, `endowed` accounts, a `sudo` key, a `clock` and
/// compute `nodes`.
fn genesis(
	authorities: Vec<Authority>,
	endowed: Vec<AccountId>,
	sudo: AccountId,
	clock: Clock,
	nodes: Vec<(AccountId, NodeSpecs<Vec<u8>>, Roles)>,
) -> Value {
	let aicc = endowed.iter().cloned().map(|account| (account, ENDOWMENT_AICC)).collect();
	let aicg = endowed.into_iter().map(|account| (account, ENDOWMENT_AICG)).collect();
	let config = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig { balances: aicc, ..Default::default() },
		aicg: pallet_balances::GenesisConfig { balances: aicg, ..Default::default() },
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|a| a.aura.clone()).collect(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.into_iter().map(|a| (a.grandpa, 1)).collect(),
			..Default::default()
		},
		sudo: pallet_sudo::GenesisConfig { key: Some(sudo) },
		economy: pallet_economy::GenesisConfig {
			aicg_era_cap: AICG_PER_ERA,
			fund_endowment: FUND_ENDOWMENT,
		},
		governance: pallet_governance::GenesisConfig {
			policy: NetworkPolicy {
				fund_rate: FUND_RATE,
				heartbeat_timeout: 10 * MINUTES,
				voting_period: clock.voting_period,
				..Default::default()
			},
			..Default::default()
		},
		reporting: pallet_reporting::GenesisConfig { epoch_length: clock.report_epoch },
		compute: pallet_compute::GenesisConfig { nodes },
		..Default::default()
	};
	serde_json::to_value(config).expect("the runtime genesis config serializes to JSON; qed")
}

/// Alice authors and finalizes alone.
fn development() -> Value {
	genesis(
		vec![Authority::well_known(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		DEV_CLOCK,
		vec![dev_node(Sr25519Keyring::Alice), dev_node(Sr25519Keyring::Bob)],
	)
}

/// Alice, Bob, Charlie and Dave author and finalize together.
fn local_testnet() -> Value {
	use Ed25519Keyring as Ed;
	use Sr25519Keyring as Sr;
	genesis(
		vec![
			Authority::well_known(Sr::Alice, Ed::Alice),
			Authority::well_known(Sr::Bob, Ed::Bob),
			Authority::well_known(Sr::Charlie, Ed::Charlie),
			Authority::well_known(Sr::Dave, Ed::Dave),
		],
		Sr::well_known().map(|k| k.to_account_id()).collect(),
		Sr::Alice.to_account_id(),
		TESTNET_CLOCK,
		Vec::new(),
	)
}

/// The preset called `id`, as JSON, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("a JSON value serializes to a string; qed")
			.into_bytes(),
	)
}

/// The names of all presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}
