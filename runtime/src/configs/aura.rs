//! `pallet_aura`: round-robin block authoring in fixed slots.

use frame_support::traits::{ConstBool, ConstU32};

use crate::{AuraId, Runtime};

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}
