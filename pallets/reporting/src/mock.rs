//! A test runtime with the real neighbours: AICC and AICG in two `pallet_balances` instances,
//! `pallet_compute` (the registry; its slashes go to the fund), `pallet_economy` (the fund and
//! AICG issuance) and this pallet.

use crate as pallet_reporting;
use aicchain_primitives::{NetworkPolicy, NodeId, NodeSpecs, PolicyProvider, Roles};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, VariantCountOf},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Aicg: pallet_balances::<Instance2>,
		Compute: pallet_compute,
		Economy: pallet_economy,
		Reporting: pallet_reporting,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config<pallet_balances::Instance2> for Test {
	type AccountStore = frame_support::traits::StorageMapShim<
		pallet_balances::Account<Test, pallet_balances::Instance2>,
		u64,
		pallet_balances::AccountData<u64>,
	>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

/// The bond of each node.
pub const BOND: u64 = 1_000;
/// Blocks per reporting epoch.
pub const EPOCH: u64 = 10;
/// AICG per honest audited report.
pub const REWARD: u64 = 5;
/// Epochs of probation after reinstatement.
pub const PROBATION: u32 = 2;

parameter_types! {
	pub const FundPalletId: PalletId = PalletId(*b"aic/fund");
	/// The network policy; tests change it with `Policy::set`. No report is drawn for audit
	/// unless a test raises the audit rate.
	pub storage Policy: NetworkPolicy =
		NetworkPolicy { audit_rate: Perbill::zero(), ..Default::default() };
	pub const InitialTrust: Perbill = Perbill::from_percent(50);
	pub const TrustSmoothing: Perbill = Perbill::from_percent(25);
}

impl PolicyProvider for Policy {
	fn policy() -> NetworkPolicy {
		Self::get()
	}
}

impl pallet_compute::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type NodeBond = ConstU64<BOND>;
	type Policy = Policy;
	type OnSlash = Economy;
	type UnbondingPeriod = ConstU64<100>;
	type MaxNodesPerOperator = ConstU32<4>;
	type MaxActiveNodes = ConstU32<16>;
	type WeightInfo = ();
}

impl pallet_economy::Config for Test {
	type Currency = Balances;
	type Governance = Aicg;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FundPalletId = FundPalletId;
	type Policy = Policy;
	type SubsidyOrigin = EnsureRoot<u64>;
	type EraLength = ConstU64<1_000>;
	type MaxPurposeLen = ConstU32<16>;
	type WeightInfo = ();
}

impl pallet_reporting::Config for Test {
	type Balance = u64;
	type Registry = Compute;
	type Economy = Economy;
	type Policy = Policy;
	type AuditOrigin = EnsureRoot<u64>;
	type InitialTrust = InitialTrust;
	type TrustSmoothing = TrustSmoothing;
	type HonestReportReward = ConstU64<REWARD>;
	type ProbationEpochs = ConstU32<PROBATION>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Registrar;
}

/// An operator.
pub const ALICE: u64 = 1;
/// Another operator.
pub const BOB: u64 = 2;

/// Registers nodes in the mock's compute pallet.
pub struct Registrar;

impl Registrar {
	/// Registers a trainer-and-validator node for `operator`.
	pub fn register(operator: u64) -> NodeId {
		let specs = NodeSpecs {
			gpu_count: 1,
			gpu_model: b"NVIDIA H100".to_vec(),
			gpu_memory_gib: 80,
			cpu_cores: 16,
			memory_gib: 128,
			bandwidth_mbps: 10_000,
			latency_ms: 20,
			gflops_per_watt: 50,
			renewable_percent: 60,
			region: b"eu-west".to_vec(),
			artifact_url: Vec::new(),
		};
		let roles = Roles { trainer: true, validator: true };
		Compute::register_node(RuntimeOrigin::signed(operator), specs, roles)
			.expect("the operator can bond");
		pallet_compute::NextNodeId::<Test>::get() - 1
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for Registrar {
	fn register_node(operator: &u64) -> NodeId {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(operator, 10 * BOND);
		Self::register(*operator)
	}
}

/// Builds test externalities: endowed accounts, block 1.
pub struct ExtBuilder;

impl ExtBuilder {
	/// Runs `test` at block 1 on [`new_test_ext`], then checks the invariants of this pallet
	/// and of its neighbours.
	pub fn build_and_execute(test: impl FnOnce()) {
		new_test_ext().execute_with(|| {
			System::set_block_number(1);
			test();
			check_invariants();
		});
	}
}

/// The invariants of this pallet, the registry and the economy.
pub fn check_invariants() {
	Reporting::do_try_state().expect("the reporting pallet's invariants hold");
	Compute::do_try_state().expect("the compute pallet's invariants hold");
	Economy::do_try_state().expect("the economy pallet's invariants hold");
}

/// The genesis of [`ExtBuilder`] and of the benchmark tests: 10,000 AICC for [`ALICE`] and
/// [`BOB`], 1,000 in the fund, AICG issuance capped at 1,000 per era, [`EPOCH`]-block epochs.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 10_000), (BOB, 10_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_economy::GenesisConfig::<Test> { aicg_era_cap: 1_000, fund_endowment: 1_000 }
		.assimilate_storage(&mut storage)
		.unwrap();
	pallet_reporting::GenesisConfig::<Test> { epoch_length: EPOCH }
		.assimilate_storage(&mut storage)
		.unwrap();
	storage.into()
}
