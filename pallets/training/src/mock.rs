//! A test runtime with the real neighbours: AICC and AICG in two `pallet_balances` instances,
//! `pallet_compute` (the registry; its slashes go to the fund), `pallet_economy` (escrow, the
//! fund and AICG issuance), `pallet_reporting` (trust) and this pallet.

use crate as pallet_training;
use aicchain_primitives::{NetworkPolicy, NodeId, NodeSpecs, PolicyNet, PolicyProvider, Roles};
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
		Training: pallet_training,
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
/// Blocks a Normal-priority round trains for.
pub const ROUND: u64 = 20;
/// Blocks the merger has.
pub const MERGE: u64 = 5;
/// AICG per accepted piece of work.
pub const WORK_REWARD: u64 = 7;

parameter_types! {
	pub const FundPalletId: PalletId = PalletId(*b"aic/fund");
	/// The network policy; tests change it with `Policy::set`. A tenth to the fund, 80% to
	/// trainers, 10% slashed, no reports drawn for audit.
	pub storage Policy: NetworkPolicy = NetworkPolicy {
		fund_rate: Perbill::from_percent(10),
		audit_rate: Perbill::zero(),
		..Default::default()
	};
	/// The learned policy network in force; tests set one with `LearnedNet::set`.
	pub storage LearnedNet: Option<PolicyNet> = None;
	pub const InitialTrust: Perbill = Perbill::from_percent(50);
	pub const TrustSmoothing: Perbill = Perbill::from_percent(25);
}

impl PolicyProvider for Policy {
	fn policy() -> NetworkPolicy {
		Self::get()
	}

	fn learned_matching() -> Option<PolicyNet> {
		LearnedNet::get()
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
	type MaxActiveNodes = ConstU32<64>;
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
	type HonestReportReward = ConstU64<1>;
	type ProbationEpochs = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Registrar;
}

impl pallet_training::Config for Test {
	type Balance = u64;
	type Registry = Compute;
	type Economy = Economy;
	type Policy = Policy;
	type Trust = Reporting;
	type RoundDuration = ConstU64<ROUND>;
	type MergeDuration = ConstU64<MERGE>;
	type MaxRounds = ConstU32<10>;
	type MaxTrainers = ConstU32<4>;
	type MaxValidators = ConstU32<3>;
	type MaxCandidates = ConstU32<64>;
	type MaxLocationLen = ConstU32<32>;
	type MaxDeadlinesPerBlock = ConstU32<2>;
	type MinRoundReward = ConstU64<10>;
	type WorkReward = ConstU64<WORK_REWARD>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Registrar;
}

/// The client who posts jobs.
pub const CLIENT: u64 = 1;
/// Node operators: one node each.
pub const OPERATORS: [u64; 4] = [11, 12, 13, 14];

/// Specs of a node with `gpu_count` GPUs; otherwise all alike.
pub fn specs(gpu_count: u16) -> NodeSpecs<Vec<u8>> {
	NodeSpecs {
		gpu_count,
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

/// Registers nodes in the mock's compute pallet.
pub struct Registrar;

impl Registrar {
	/// Registers a node with `specs` and `roles` for `operator`.
	pub fn register_with(operator: u64, specs: NodeSpecs<Vec<u8>>, roles: Roles) -> NodeId {
		Compute::register_node(RuntimeOrigin::signed(operator), specs, roles)
			.expect("the operator can bond");
		pallet_compute::NextNodeId::<Test>::get() - 1
	}

	/// Registers a one-GPU trainer-and-validator node for `operator`.
	pub fn register(operator: u64) -> NodeId {
		Self::register_with(operator, specs(1), Roles { trainer: true, validator: true })
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_reporting::BenchmarkHelper<u64> for Registrar {
	fn register_node(operator: &u64) -> NodeId {
		<Self as crate::BenchmarkHelper<u64, u64>>::register_node(operator)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, u64> for Registrar {
	fn register_node(operator: &u64) -> NodeId {
		Self::fund(operator, 10 * BOND);
		Self::register(*operator)
	}

	fn fund(who: &u64, amount: u64) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, amount);
	}

	fn set_learned_matching(net: PolicyNet) {
		LearnedNet::set(&Some(net));
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

/// The invariants of this pallet, the registry, the economy and reporting.
pub fn check_invariants() {
	Training::do_try_state().expect("the training pallet's invariants hold");
	Reporting::do_try_state().expect("the reporting pallet's invariants hold");
	Compute::do_try_state().expect("the compute pallet's invariants hold");
	Economy::do_try_state().expect("the economy pallet's invariants hold");
}

/// The genesis of [`ExtBuilder`] and of the benchmark tests: 100,000 AICC for the
/// [`CLIENT`], 10,000 for each of the [`OPERATORS`], 1,000 in the fund, AICG issuance capped
/// at 1,000 per era.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let operators = OPERATORS.iter().map(|operator| (*operator, 10_000));
	pallet_balances::GenesisConfig::<Test> {
		balances: core::iter::once((CLIENT, 100_000)).chain(operators).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_economy::GenesisConfig::<Test> { aicg_era_cap: 1_000, fund_endowment: 1_000 }
		.assimilate_storage(&mut storage)
		.unwrap();
	pallet_reporting::GenesisConfig::<Test> { epoch_length: 100 }
		.assimilate_storage(&mut storage)
		.unwrap();
	storage.into()
}
