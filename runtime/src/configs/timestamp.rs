//! `pallet_timestamp`: the block's wall-clock time, set by an inherent.

use frame_support::traits::ConstU64;

use crate::{Aura, Runtime, MILLI_SECS_PER_BLOCK};

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	/// Half a slot: Aura derives its slot length as twice this.
	type MinimumPeriod = ConstU64<{ MILLI_SECS_PER_BLOCK / 2 }>;
	type WeightInfo = ();
}
