//! Benchmarks of every call, each in its worst case (new accounts created, longest purpose,
//! subsidy escrows that return to the fund).

use super::*;
use crate::Pallet as Economy;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::InspectHold;
use frame_system::RawOrigin;

/// `units` existential deposits of AICC.
fn deposits<T: Config>(units: u32) -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(units.into())
}

/// An account with plenty of AICC.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who = account(name, 0, 0);
	T::Currency::set_balance(&who, deposits::<T>(1_000_000));
	who
}

/// The community fund with plenty of AICC.
fn fill_fund<T: Config>() {
	T::Currency::set_balance(&Economy::<T>::fund_account(), deposits::<T>(1_000_000));
}

/// A pending request of `client` with the longest purpose.
fn request<T: Config>(client: &T::AccountId) {
	let purpose = vec![b'p'; T::MaxPurposeLen::get() as usize];
	Economy::<T>::request_subsidy(
		RawOrigin::Signed(client.clone()).into(),
		deposits::<T>(1_000),
		purpose,
	)
	.expect("the client has no pending request");
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_escrow() {
		let owner = funded::<T>("owner");
		Economy::<T>::do_open_escrow(&owner, deposits::<T>(10), Control::Owner)
			.expect("the owner has funds");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), deposits::<T>(1_000));

		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::Escrow.into(), &owner),
			deposits::<T>(1_010)
		);
	}

	#[benchmark]
	fn release_escrow() {
		fill_fund::<T>();
		let owner = funded::<T>("owner");
		let escrow = Economy::<T>::do_open_escrow(&owner, deposits::<T>(1_000), Control::Owner)
			.expect("the owner has funds");
		let worker: T::AccountId = account("worker", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), escrow, worker.clone(), deposits::<T>(100));

		let cut = T::Policy::policy().fund_rate.mul_floor(deposits::<T>(100));
		assert_eq!(T::Currency::balance(&worker), deposits::<T>(100) - cut);
	}

	#[benchmark]
	fn close_escrow() -> Result<(), BenchmarkError> {
		fill_fund::<T>();
		let client = funded::<T>("client");
		request::<T>(&client);
		let origin =
			T::SubsidyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Economy::<T>::approve_subsidy(origin, client.clone()).expect("the fund can pay");
		let escrow = NextEscrowId::<T>::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(client), escrow);

		assert!(Escrows::<T>::get(escrow).is_none());
		Ok(())
	}

	#[benchmark]
	fn request_subsidy() {
		let client = funded::<T>("client");
		let purpose = vec![b'p'; T::MaxPurposeLen::get() as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(client.clone()), deposits::<T>(1_000), purpose);

		assert!(SubsidyRequests::<T>::contains_key(&client));
	}

	#[benchmark]
	fn approve_subsidy() -> Result<(), BenchmarkError> {
		fill_fund::<T>();
		let client = funded::<T>("client");
		request::<T>(&client);
		let origin =
			T::SubsidyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, client.clone());

		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::Escrow.into(), &client),
			deposits::<T>(1_000)
		);
		Ok(())
	}

	#[benchmark]
	fn reject_subsidy() -> Result<(), BenchmarkError> {
		let client = funded::<T>("client");
		request::<T>(&client);
		let origin =
			T::SubsidyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, client.clone());

		assert!(!SubsidyRequests::<T>::contains_key(&client));
		Ok(())
	}

	impl_benchmark_test_suite!(Economy, crate::mock::new_test_ext(), crate::mock::Test);
}
