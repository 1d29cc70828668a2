//! Placeholder weights, replaced by `benchmark pallet` output.
use core::marker::PhantomData;
use frame_support::weights::Weight;

/// Weights of this pallet's calls.
pub trait WeightInfo {
	fn create_escrow() -> Weight;
	fn release_escrow() -> Weight;
	fn close_escrow() -> Weight;
	fn set_fund_rate() -> Weight;
	fn request_subsidy() -> Weight;
	fn approve_subsidy() -> Weight;
	fn reject_subsidy() -> Weight;
}

/// Weights for a runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_escrow() -> Weight {
		Weight::zero()
	}
	fn release_escrow() -> Weight {
		Weight::zero()
	}
	fn close_escrow() -> Weight {
		Weight::zero()
	}
	fn set_fund_rate() -> Weight {
		Weight::zero()
	}
	fn request_subsidy() -> Weight {
		Weight::zero()
	}
	fn approve_subsidy() -> Weight {
		Weight::zero()
	}
	fn reject_subsidy() -> Weight {
		Weight::zero()
	}
}
impl WeightInfo for () {
	fn create_escrow() -> Weight {
		Weight::zero()
	}
	fn release_escrow() -> Weight {
		Weight::zero()
	}
	fn close_escrow() -> Weight {
		Weight::zero()
	}
	fn set_fund_rate() -> Weight {
		Weight::zero()
	}
	fn request_subsidy() -> Weight {
		Weight::zero()
	}
	fn approve_subsidy() -> Weight {
		Weight::zero()
	}
	fn reject_subsidy() -> Weight {
		Weight::zero()
	}
}
