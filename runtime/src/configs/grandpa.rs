//! `pallet_grandpa`: finality. Equivocation reports are not accepted (no session pallet to
//! prove key ownership against), as on other proof-of-authority chains.

use frame_support::traits::{ConstU32, ConstU64};

use crate::{Runtime, RuntimeEvent};

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}
