//! A test runtime: `frame_system`, AICG in `pallet_balances`, and this pallet.

use crate as pallet_governance;
use aicchain_primitives::NetworkPolicy;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, VariantCountOf},
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Aicg: pallet_balances,
		Governance: pallet_governance,
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
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

/// The AICG held per proposal.
pub const DEPOSIT: u64 = 10;
/// Blocks a proposal is open for votes.
pub const PERIOD: u64 = 10;

parameter_types! {
	pub const Quorum: Perbill = Perbill::from_percent(20);
	pub const Approval: Perbill = Perbill::from_percent(50);
}

impl pallet_governance::Config for Test {
	type Currency = Aicg;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ProposalDeposit = ConstU64<DEPOSIT>;
	type Quorum = Quorum;
	type Approval = Approval;
	type PolicyByteDeposit = ConstU64<1>;
	type MaxOpenProposals = ConstU32<3>;
	type MaxVotesPerAccount = ConstU32<2>;
	type EmergencyOrigin = EnsureRoot<u64>;
	type WeightInfo = ();
}

/// A proposer with some AICG.
pub const ALICE: u64 = 1;
/// The largest holder.
pub const BOB: u64 = 2;
/// Another holder.
pub const CHARLIE: u64 = 3;
/// A small holder, with less AICG than a deposit.
pub const DAVE: u64 = 4;

/// All AICG at genesis: quorum (20%) is 122.
pub const ISSUANCE: u64 = 100 + 300 + 200 + 10;

/// Builds test externalities: endowed accounts, block 1.
pub struct ExtBuilder;

impl ExtBuilder {
	/// Runs `test` at block 1 on [`new_test_ext`], then checks the pallet's invariants.
	pub fn build_and_execute(test: impl FnOnce()) {
		new_test_ext().execute_with(|| {
			System::set_block_number(1);
			test();
			Governance::do_try_state().expect("the governance pallet's invariants hold");
		});
	}
}

/// The genesis of [`ExtBuilder`] and of the benchmark tests: AICG for [`ALICE`] (100), [`BOB`]
/// (300), [`CHARLIE`] (200) and [`DAVE`] (10); the default policy with a [`PERIOD`]-block vote.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 100), (BOB, 300), (CHARLIE, 200), (DAVE, 10)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_governance::GenesisConfig::<Test> {
		policy: NetworkPolicy { voting_period: PERIOD as u32, ..Default::default() },
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	storage.into()
}
