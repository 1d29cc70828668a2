//! A test runtime with the pallets the worker works for (compute, training, and their economy,
//! reporting and token neighbours), accounts that are sr25519 keys, and transactions that keep
//! their signer and nonce so tests can read them back from the pool.

use crate as pallet_worker;
use aicchain_primitives::{NetworkPolicy, NodeSpecs, PolicyProvider};
use codec::Decode;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, VariantCountOf},
	PalletId,
};
use frame_system::{
	offchain::{AppCrypto, CreateSignedTransaction, CreateTransactionBase, SigningTypes},
	EnsureRoot,
};
use sp_core::sr25519;
use sp_runtime::{generic::UncheckedExtrinsic, traits::IdentityLookup, BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

/// Accounts are sr25519 keys, as the worker's keystore holds them.
pub type AccountId = sr25519::Public;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Aicg: pallet_balances::<Instance2>,
		Compute: pallet_compute,
		Economy: pallet_economy,
		Reporting: pallet_reporting,
		Training: pallet_training,
		Worker: pallet_worker,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
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
		AccountId,
		pallet_balances::AccountData<u64>,
	>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

/// Blocks a Normal-priority round trains for.
pub const ROUND: u64 = 50;
/// The heartbeat timeout.
pub const TIMEOUT: u32 = 40;

parameter_types! {
	pub const FundPalletId: PalletId = PalletId(*b"aic/fund");
	pub storage Policy: NetworkPolicy = NetworkPolicy {
		audit_rate: Perbill::zero(),
		heartbeat_timeout: TIMEOUT,
		..Default::default()
	};
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
	type NodeBond = ConstU64<1_000>;
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
	type SubsidyOrigin = EnsureRoot<AccountId>;
	type EraLength = ConstU64<1_000>;
	type MaxPurposeLen = ConstU32<16>;
	type WeightInfo = ();
}

impl pallet_reporting::Config for Test {
	type Balance = u64;
	type Registry = Compute;
	type Economy = Economy;
	type Policy = Policy;
	type AuditOrigin = EnsureRoot<AccountId>;
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
	type MergeDuration = ConstU64<10>;
	type MaxRounds = ConstU32<10>;
	type MaxTrainers = ConstU32<4>;
	type MaxValidators = ConstU32<3>;
	type MaxCandidates = ConstU32<64>;
	type MaxLocationLen = ConstU32<32>;
	type MaxDeadlinesPerBlock = ConstU32<4>;
	type MinRoundReward = ConstU64<10>;
	type WorkReward = ConstU64<1>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Registrar;
}

/// Registers nodes for the neighbours' benchmark helpers (unused by the worker's tests).
#[cfg(feature = "runtime-benchmarks")]
pub struct Registrar;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_training::BenchmarkHelper<AccountId, u64> for Registrar {
	fn register_node(operator: &AccountId) -> aicchain_primitives::NodeId {
		Self::fund(operator, 100_000);
		Compute::register_node(
			RuntimeOrigin::signed(*operator),
			specs(""),
			aicchain_primitives::Roles { trainer: true, validator: true },
		)
		.unwrap();
		pallet_compute::NextNodeId::<Test>::get() - 1
	}

	fn fund(who: &AccountId, amount: u64) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, amount);
	}

	fn set_learned_matching(_: aicchain_primitives::PolicyNet) {
		unimplemented!("the worker's tests run no training benchmark")
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_reporting::BenchmarkHelper<AccountId> for Registrar {
	fn register_node(operator: &AccountId) -> aicchain_primitives::NodeId {
		<Self as pallet_training::BenchmarkHelper<AccountId, u64>>::register_node(operator)
	}
}

/// Replayed segments per update.
pub const SEGMENTS: u32 = 3;

impl pallet_worker::Config for Test {
	type AuthorityId = crate::crypto::OperatorKey;
	type ReplayedSegments = ConstU32<SEGMENTS>;
}

/// The signed extension of test transactions: only the nonce, so tests can read it.
pub type Nonce = frame_system::CheckNonce<Test>;

/// A test transaction: the call, signed by an account (no signature checked) with its nonce.
pub type Extrinsic = UncheckedExtrinsic<AccountId, RuntimeCall, (), Nonce>;

impl SigningTypes for Test {
	type Public = sr25519::Public;
	type Signature = sr25519::Signature;
}

impl<LocalCall> CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<LocalCall> CreateSignedTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<C: AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		_public: sr25519::Public,
		account: AccountId,
		nonce: u32,
	) -> Option<Extrinsic> {
		Some(UncheckedExtrinsic::new_signed(
			call,
			account,
			(),
			frame_system::CheckNonce::from(nonce),
		))
	}
}

/// A submitted transaction: who signed it, with which nonce, and its call.
pub fn decode_transaction(bytes: &[u8]) -> (AccountId, u32, RuntimeCall) {
	let xt = Extrinsic::decode(&mut &bytes[..]).expect("the worker submits test extrinsics");
	match xt.preamble {
		sp_runtime::generic::Preamble::Signed(who, (), nonce) => (who, nonce.0, xt.function),
		other => panic!("an unsigned transaction: {other:?}"),
	}
}

/// Specs of a one-GPU node whose trainer serves artifacts at `url`.
pub fn specs(url: &str) -> NodeSpecs<Vec<u8>> {
	NodeSpecs {
		gpu_count: 1,
		gpu_model: b"NVIDIA L4".to_vec(),
		gpu_memory_gib: 24,
		cpu_cores: 8,
		memory_gib: 32,
		bandwidth_mbps: 1_000,
		latency_ms: 20,
		gflops_per_watt: 50,
		renewable_percent: 60,
		region: b"eu-west".to_vec(),
		artifact_url: url.as_bytes().to_vec(),
	}
}

/// Genesis: `funded` accounts with 100,000 AICC each, 1,000 in the fund, no reporting epochs.
pub fn new_test_ext(funded: &[AccountId]) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: funded.iter().map(|who| (*who, 100_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_economy::GenesisConfig::<Test> { aicg_era_cap: 1_000, fund_endowment: 1_000 }
		.assimilate_storage(&mut storage)
		.unwrap();
	// No reporting genesis, so no reporting epochs: only the tests of reports turn them on
	// (`EpochLength`).
	storage.into()
}
