//! A test runtime: `frame_system`, AICC in `pallet_balances`, and this pallet.

use crate as pallet_compute;
use aicchain_primitives::{NetworkPolicy, PolicyProvider, Roles};
use frame_support::{derive_impl, parameter_types, traits::VariantCountOf};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Compute: pallet_compute,
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

/// The bond each node holds.
pub const BOND: u64 = 100;
/// Blocks of silence after which a node counts as Inactive.
pub const TIMEOUT: u64 = 10;
/// Blocks between unregistering and withdrawing.
pub const UNBONDING: u64 = 20;

parameter_types! {
	pub const NodeBond: u64 = BOND;
	pub const UnbondingPeriod: u64 = UNBONDING;
	/// The network policy; tests change it with `Policy::set`.
	pub storage Policy: NetworkPolicy =
		NetworkPolicy { heartbeat_timeout: TIMEOUT as u32, ..Default::default() };
}

impl PolicyProvider for Policy {
	fn policy() -> NetworkPolicy {
		Self::get()
	}
}

impl pallet_compute::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type NodeBond = NodeBond;
	type Policy = Policy;
	/// Slashed bonds are burned here.
	type OnSlash = ();
	type UnbondingPeriod = UnbondingPeriod;
	type MaxNodesPerOperator = frame_support::traits::ConstU32<2>;
	type MaxActiveNodes = frame_support::traits::ConstU32<3>;
	type WeightInfo = ();
}

/// An operator with plenty of AICC.
pub const ALICE: u64 = 1;
/// Another operator with plenty of AICC.
pub const BOB: u64 = 2;
/// An account with less AICC than a bond.
pub const POOR: u64 = 3;

/// Builds test externalities: endowed accounts, block 1.
pub struct ExtBuilder;

impl ExtBuilder {
	/// Runs `test` at block 1 on [`new_test_ext`], then checks the pallet's invariants.
	pub fn build_and_execute(test: impl FnOnce()) {
		new_test_ext().execute_with(|| {
			System::set_block_number(1);
			test();
			Compute::do_try_state().expect("the compute pallet's invariants hold");
		});
	}
}

/// The genesis of [`ExtBuilder`] (and of the benchmark tests): [`ALICE`] and [`BOB`] with
/// 1,000 AICC, [`POOR`] with 50.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 1_000), (BOB, 1_000), (POOR, 50)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	storage.into()
}

/// Specs of a one-GPU machine.
pub fn gpu_specs() -> crate::SubmittedSpecs {
	aicchain_primitives::NodeSpecs {
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
	}
}

/// Trainer and validator.
pub const BOTH: Roles = Roles { trainer: true, validator: true };
