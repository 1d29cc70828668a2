//! A test runtime: `frame_system`, AICC and AICG in two `pallet_balances` instances, and this
//! pallet.

use crate as pallet_economy;
use aicchain_primitives::{NetworkPolicy, PolicyProvider};
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::Inspect, ConstU64, VariantCountOf},
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
		Economy: pallet_economy,
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
	type ExistentialDeposit = ConstU64<ED>;
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
	type ExistentialDeposit = ConstU64<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

/// The existential deposit of both tokens.
pub const ED: u64 = 5;
/// Blocks per AICG era.
pub const ERA: u64 = 10;
/// AICG issued at most per era.
pub const CAP: u64 = 100;
/// AICC in the fund at genesis.
pub const ENDOWMENT: u64 = 1_000;

parameter_types! {
	pub const FundPalletId: PalletId = PalletId(*b"aic/fund");
	pub const EraLength: u64 = ERA;
	/// The network policy: a 10% fund rate; tests change it with `Policy::set`.
	pub storage Policy: NetworkPolicy =
		NetworkPolicy { fund_rate: Perbill::from_percent(10), ..Default::default() };
}

impl PolicyProvider for Policy {
	fn policy() -> NetworkPolicy {
		Self::get()
	}
}

impl pallet_economy::Config for Test {
	type Currency = Balances;
	type Governance = Aicg;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FundPalletId = FundPalletId;
	type Policy = Policy;
	type SubsidyOrigin = EnsureRoot<u64>;
	type EraLength = EraLength;
	type MaxPurposeLen = frame_support::traits::ConstU32<16>;
	type WeightInfo = ();
}

/// A client with plenty of AICC.
pub const ALICE: u64 = 1;
/// A worker with some AICC.
pub const BOB: u64 = 2;
/// An account that does not exist yet.
pub const NEWCOMER: u64 = 3;

/// Builds test externalities: endowed accounts, a 10% fund rate, block 1.
pub struct ExtBuilder;

impl ExtBuilder {
	/// Runs `test` at block 1, then checks the pallet's invariants and that the fund's
	/// balance is exactly what it received minus what it granted.
	pub fn build_and_execute(test: impl FnOnce()) {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			System::set_block_number(1);
			test();
			Economy::do_try_state().expect("the economy pallet's invariants hold");
			let fund = crate::Fund::<Test>::get();
			assert_eq!(Balances::balance(&Economy::fund_account()), fund.received - fund.granted);
		});
	}
}

/// The genesis of [`ExtBuilder`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 10_000), (BOB, 100)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_economy::GenesisConfig::<Test> { aicg_era_cap: CAP, fund_endowment: ENDOWMENT }
		.assimilate_storage(&mut storage)
		.unwrap();
	storage.into()
}
