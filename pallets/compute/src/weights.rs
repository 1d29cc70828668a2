//! Placeholder weights, replaced by `benchmark pallet` output.
use core::marker::PhantomData;
use frame_support::weights::Weight;

/// Weights of this pallet's calls.
pub trait WeightInfo {
	fn register_node() -> Weight;
	fn update_specs() -> Weight;
	fn heartbeat() -> Weight;
	fn go_offline() -> Weight;
	fn mark_inactive() -> Weight;
	fn unregister() -> Weight;
	fn withdraw_unbonded() -> Weight;
}

/// Weights for a runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_node() -> Weight {
		Weight::zero()
	}
	fn update_specs() -> Weight {
		Weight::zero()
	}
	fn heartbeat() -> Weight {
		Weight::zero()
	}
	fn go_offline() -> Weight {
		Weight::zero()
	}
	fn mark_inactive() -> Weight {
		Weight::zero()
	}
	fn unregister() -> Weight {
		Weight::zero()
	}
	fn withdraw_unbonded() -> Weight {
		Weight::zero()
	}
}
impl WeightInfo for () {
	fn register_node() -> Weight {
		Weight::zero()
	}
	fn update_specs() -> Weight {
		Weight::zero()
	}
	fn heartbeat() -> Weight {
		Weight::zero()
	}
	fn go_offline() -> Weight {
		Weight::zero()
	}
	fn mark_inactive() -> Weight {
		Weight::zero()
	}
	fn unregister() -> Weight {
		Weight::zero()
	}
	fn withdraw_unbonded() -> Weight {
		Weight::zero()
	}
}
