//! # Economy pallet
//!
//! The rules of AICChain's two tokens. The ledgers stay in `pallet-balances` (AICC, the native
//! token, and AICG, the governance token); this pallet decides how they move.
//!
//! ## Escrow and payments (AICC)
//!
//! An escrow is AICC held on its owner's account (`HoldReason::Escrow`). Payments leave an
//! escrow for a worker; the network policy's `fund_rate` (voted by AICG holders, read through
//! [`Config::Policy`]) of each payment goes to the community fund, an account derived from
//! [`Config::FundPalletId`]. Closing an escrow returns what is left to where it came from.
//!
//! Every escrow records who controls it ([`Control`]), and only that party can touch it:
//!
//! - **Direct escrows** ([`Control::Owner`]): a client's own payments to workers it chose, with
//!   the calls [`create_escrow`](Pallet::create_escrow),
//!   [`release_escrow`](Pallet::release_escrow) and [`close_escrow`](Pallet::close_escrow).
//! - **Job budgets** ([`Control::Rules`]): opened through [`Economy::open_escrow`] by the
//!   training pallet, paid only to the nodes that did the job's work and refunded only when
//!   the job ends, through the [`Economy`] trait. No signed call can pay from one or close it
//!   (`HeldForJob`); the client gets the rest back by cancelling its job.
//!
//! ## Community fund
//!
//! The fund receives the cuts and the bonds slashed by the reporting rules (this pallet is the
//! compute registry's `OnSlash` handler) and grants subsidies: an under-resourced client calls
//! [`request_subsidy`](Pallet::request_subsidy); [`Config::SubsidyOrigin`] approves or rejects
//! it. An approved subsidy is a grant: an escrow the client owns, funded by the fund, that
//! pays for training jobs only. The client posts a job funded by it ([`Funding::Subsidy`]);
//! the job's budget is split off the grant into a job budget, so the subsidy reaches only the
//! nodes that train and validate that job. A grant cannot be released to anyone
//! (`SubsidyForJobsOnly`); closing it, and the end of a job it funded, return what is left to
//! the fund, never to the client.
//!
//! ## AICG issuance
//!
//! AICG is earned, not bought: it is only issued through [`Economy::issue_aicg`] (for work that
//! validators accepted and reports that audits confirmed), at most [`AicgEraCap`] per era of
//! [`Config::EraLength`] blocks. No call issues AICG.
//!
//! ## Invariants (`try_state`)
//!
//! The AICC held for escrows on each account equals that account's open escrows; a direct
//! escrow is the owner's own AICC, a grant is a subsidy and is its client's only one, and a job
//! budget is controlled by the rules; the fund's balance is at least what it received
//! (genesis, cuts, returned subsidies) minus what it granted (equal unless someone donated to
//! it); AICG issued this era is within the cap.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use aicchain_primitives::Funding;

use aicchain_primitives::{Economy, EscrowId, IssuanceReason, PolicyProvider};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{self, Balanced, Credit, Inspect, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Provenance, Restriction},
		Imbalance, OnUnbalanced,
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, UniqueSaturatedInto, Zero},
	ArithmeticError,
};

pub use pallet::*;
pub use weights::WeightInfo;

/// An amount of AICC (and of AICG, which has the same balance type).
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Who may pay from an escrow and close it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Control {
	/// Its owner, with signed calls: a direct escrow, or an unspent subsidy grant (which can
	/// only be closed, or fund jobs).
	Owner,
	/// Only another pallet's rules, through the [`Economy`] trait: a job's budget.
	Rules,
}

/// An open escrow.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct Escrow<T: Config> {
	/// The account whose AICC is held.
	pub owner: T::AccountId,
	/// The AICC still held.
	pub remaining: BalanceOf<T>,
	/// Where the AICC came from.
	pub funding: Funding,
	/// Who may pay from it and close it.
	pub control: Control,
}

/// A pending subsidy request.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct SubsidyRequest<T: Config> {
	/// The AICC asked for.
	pub amount: BalanceOf<T>,
	/// What the client will train with it.
	pub purpose: BoundedVec<u8, T::MaxPurposeLen>,
}

/// The community fund's account of its AICC.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct FundTotals<Balance> {
	/// Received: the genesis endowment, payment cuts, and subsidy remainders returned.
	pub received: Balance,
	/// Granted as subsidies.
	pub granted: Balance,
}

/// AICG issued in one era.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct EraIssuance<Balance> {
	/// The era: block number divided by [`Config::EraLength`].
	pub era: u32,
	/// AICG issued in it so far.
	pub issued: Balance,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// AICC: budgets, payments and the fund.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>
			+ Balanced<Self::AccountId>;

		/// AICG: the governance token, issued for earned weight.
		type Governance: fungible::Mutate<Self::AccountId, Balance = BalanceOf<Self>>;

		/// The overarching hold reason, which includes this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Derives the community fund's account.
		#[pallet::constant]
		type FundPalletId: Get<PalletId>;

		/// The network policy, whose `fund_rate` is the fund's cut of every payment.
		type Policy: PolicyProvider;

		/// May approve or reject subsidy requests.
		type SubsidyOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks per AICG issuance era. Must be non-zero.
		#[pallet::constant]
		type EraLength: Get<BlockNumberFor<Self>>;

		/// The most bytes of a subsidy request's purpose. Must be non-zero.
		#[pallet::constant]
		type MaxPurposeLen: Get<u32>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The most AICG issued per era.
	#[pallet::storage]
	pub type AicgEraCap<T> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// AICG issued in the current (or last active) era.
	#[pallet::storage]
	pub type AicgIssued<T> = StorageValue<_, EraIssuance<BalanceOf<T>>, ValueQuery>;

	/// The id the next escrow gets.
	#[pallet::storage]
	pub type NextEscrowId<T> = StorageValue<_, EscrowId, ValueQuery>;

	/// Open escrows.
	// Ids are assigned by the pallet, not chosen by users: `Twox64Concat` is safe.
	#[pallet::storage]
	pub type Escrows<T: Config> = StorageMap<_, Twox64Concat, EscrowId, Escrow<T>>;

	/// Each client's subsidy grant: the owner-controlled escrow holding its approved, unspent
	/// subsidies.
	// Account ids are chosen by users: `Blake2_128Concat`.
	#[pallet::storage]
	pub type SubsidyGrants<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, EscrowId>;

	/// The fund's totals, against which `try_state` checks its balance.
	#[pallet::storage]
	pub type Fund<T> = StorageValue<_, FundTotals<BalanceOf<T>>, ValueQuery>;

	/// Pending subsidy requests, one per client.
	// Account ids are chosen by users: `Blake2_128Concat`.
	#[pallet::storage]
	pub type SubsidyRequests<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, SubsidyRequest<T>>;

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A job budget (or direct payment) in escrow.
		Escrow,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial [`AicgEraCap`].
		pub aicg_era_cap: BalanceOf<T>,
		/// AICC minted into the community fund: zero, or at least the existential deposit. Until
		/// the fund's account exists, a cut below the existential deposit cannot arrive and its
		/// payment fails.
		pub fund_endowment: BalanceOf<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			AicgEraCap::<T>::put(self.aicg_era_cap);
			if !self.fund_endowment.is_zero() {
				let fund = Pallet::<T>::fund_account();
				let minted = T::Currency::mint_into(&fund, self.fund_endowment)
					.expect("a fund endowment is at least the existential deposit");
				Fund::<T>::put(FundTotals { received: minted, granted: Zero::zero() });
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// AICC of `owner` was put in escrow.
		EscrowCreated {
			escrow: EscrowId,
			owner: T::AccountId,
			amount: BalanceOf<T>,
			funding: Funding,
			control: Control,
		},
		/// A worker was paid from an escrow; `cut` went to the community fund.
		Paid { escrow: EscrowId, to: T::AccountId, paid: BalanceOf<T>, cut: BalanceOf<T> },
		/// An escrow was closed; its remainder returned to `to` (the owner or the fund).
		EscrowClosed { escrow: EscrowId, to: T::AccountId, refunded: BalanceOf<T> },
		/// A client asked the community fund for a subsidy.
		SubsidyRequested { client: T::AccountId, amount: BalanceOf<T> },
		/// A subsidy was granted: `amount` added to the client's grant `escrow`, which funds
		/// training jobs only.
		SubsidyApproved { client: T::AccountId, amount: BalanceOf<T>, escrow: EscrowId },
		/// A subsidy request was rejected.
		SubsidyRejected { client: T::AccountId },
		/// AICG was issued for earned governance weight.
		AicgIssued { to: T::AccountId, amount: BalanceOf<T>, reason: IssuanceReason },
		/// The community fund received a slashed bond.
		SlashReceived { amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The amount is zero. Ask for a positive amount.
		ZeroAmount,
		/// The free AICC balance cannot cover the amount (and keep the account alive).
		InsufficientBalance,
		/// No escrow has this id. Check the id in the `EscrowCreated` event.
		UnknownEscrow,
		/// Only the escrow's owner may do this.
		NotEscrowOwner,
		/// The escrow holds less than the amount. Pay at most its remainder.
		EscrowTooLow,
		/// The payee's account would hold less than the existential deposit. Pay more.
		BelowMinimum,
		/// The purpose is longer than `MaxPurposeLen` bytes. Shorten it.
		PurposeTooLong,
		/// This client already has a pending request. Wait for its decision.
		RequestPending,
		/// This client has no pending subsidy request.
		NoRequest,
		/// The community fund holds less than the subsidy.
		FundTooLow,
		/// The escrow is a job's budget: only the training rules pay from it and close it.
		/// Cancel the job (`training.cancelJob`) to have what is left refunded.
		HeldForJob,
		/// A subsidy pays for training jobs only: post a job funded by it
		/// (`training.createJob` with funding `Subsidy`), or close the grant to return it to the
		/// fund.
		SubsidyForJobsOnly,
		/// The account has no approved subsidy. Ask for one with `request_subsidy`, or fund the
		/// job with your own AICC.
		NoSubsidy,
		/// The approved subsidy holds less than the budget. Post a smaller job, or fund it with
		/// your own AICC.
		SubsidyTooLow,
		/// The escrow is not a job's budget; the rules pay from job budgets only.
		NotAJobBudget,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::EraLength::get().is_zero(), "EraLength must be non-zero");
			assert!(T::MaxPurposeLen::get() > 0, "MaxPurposeLen must be non-zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Puts `amount` of the caller's AICC in a new escrow.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_escrow())]
		pub fn create_escrow(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_open_escrow(&owner, amount, Control::Owner)?;
			Ok(())
		}

		/// Pays `amount` from the direct escrow `escrow` to `to`; the community-fund cut comes
		/// out of `amount`. Only the escrow's owner may call this; job budgets and subsidy
		/// grants are paid by the training rules only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::release_escrow())]
		pub fn release_escrow(
			origin: OriginFor<T>,
			escrow: EscrowId,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Self::ensure_owner(&who, escrow)?;
			ensure!(info.funding == Funding::Own, Error::<T>::SubsidyForJobsOnly);
			Self::do_pay(escrow, &to, amount)?;
			Ok(())
		}

		/// Closes `escrow`: its remainder returns to the owner, or to the fund for a subsidy
		/// grant. Only the escrow's owner may call this, and not on a job's budget.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::close_escrow())]
		pub fn close_escrow(origin: OriginFor<T>, escrow: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_owner(&who, escrow)?;
			Self::do_refund(escrow)?;
			Ok(())
		}

		// Call index 3 was `set_fund_rate`: the rate is network policy now, voted in governance.

		/// Asks the community fund for `amount` of AICC to spend on training `purpose`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::request_subsidy())]
		pub fn request_subsidy(
			origin: OriginFor<T>,
			amount: BalanceOf<T>,
			purpose: Vec<u8>,
		) -> DispatchResult {
			let client = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let purpose = purpose.try_into().map_err(|_| Error::<T>::PurposeTooLong)?;
			ensure!(!SubsidyRequests::<T>::contains_key(&client), Error::<T>::RequestPending);

			SubsidyRequests::<T>::insert(&client, SubsidyRequest { amount, purpose });
			Self::deposit_event(Event::SubsidyRequested { client, amount });
			Ok(())
		}

		/// Grants `client`'s pending request: the fund's AICC moves into the client's subsidy
		/// grant, an escrow that can only fund training jobs.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::approve_subsidy())]
		pub fn approve_subsidy(origin: OriginFor<T>, client: T::AccountId) -> DispatchResult {
			T::SubsidyOrigin::ensure_origin(origin)?;
			let request = SubsidyRequests::<T>::get(&client).ok_or(Error::<T>::NoRequest)?;
			let fund = Self::fund_account();
			let available =
				T::Currency::reducible_balance(&fund, Preservation::Preserve, Fortitude::Polite);
			ensure!(request.amount <= available, Error::<T>::FundTooLow);

			SubsidyRequests::<T>::remove(&client);
			T::Currency::transfer_and_hold(
				&HoldReason::Escrow.into(),
				&fund,
				&client,
				request.amount,
				Precision::Exact,
				Preservation::Preserve,
				Fortitude::Polite,
			)?;
			Fund::<T>::try_mutate(|fund| -> DispatchResult {
				fund.granted =
					fund.granted.checked_add(&request.amount).ok_or(ArithmeticError::Overflow)?;
				Ok(())
			})?;
			let escrow = match SubsidyGrants::<T>::get(&client) {
				Some(grant) => {
					Escrows::<T>::try_mutate(grant, |escrow| -> DispatchResult {
						let escrow = escrow.as_mut().ok_or(Error::<T>::UnknownEscrow)?;
						escrow.remaining = escrow
							.remaining
							.checked_add(&request.amount)
							.ok_or(ArithmeticError::Overflow)?;
						Ok(())
					})?;
					grant
				}
				None => {
					let grant = Self::do_record_escrow(
						&client,
						request.amount,
						Funding::Subsidy,
						Control::Owner,
					)?;
					SubsidyGrants::<T>::insert(&client, grant);
					grant
				}
			};
			Self::deposit_event(Event::SubsidyApproved { client, amount: request.amount, escrow });
			Ok(())
		}

		/// Rejects `client`'s pending request.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reject_subsidy())]
		pub fn reject_subsidy(origin: OriginFor<T>, client: T::AccountId) -> DispatchResult {
			T::SubsidyOrigin::ensure_origin(origin)?;
			ensure!(SubsidyRequests::<T>::contains_key(&client), Error::<T>::NoRequest);

			SubsidyRequests::<T>::remove(&client);
			Self::deposit_event(Event::SubsidyRejected { client });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The community fund's account.
	pub fn fund_account() -> T::AccountId {
		T::FundPalletId::get().into_account_truncating()
	}

	/// `escrow`, if `who` owns it and controls it with signed calls.
	fn ensure_owner(who: &T::AccountId, escrow: EscrowId) -> Result<Escrow<T>, DispatchError> {
		let escrow = Escrows::<T>::get(escrow).ok_or(Error::<T>::UnknownEscrow)?;
		ensure!(escrow.owner == *who, Error::<T>::NotEscrowOwner);
		ensure!(escrow.control == Control::Owner, Error::<T>::HeldForJob);
		Ok(escrow)
	}

	/// Checks that `escrow` is a job's budget, which only the rules pay from and close.
	fn ensure_job_budget(escrow: EscrowId) -> DispatchResult {
		let escrow = Escrows::<T>::get(escrow).ok_or(Error::<T>::UnknownEscrow)?;
		ensure!(escrow.control == Control::Rules, Error::<T>::NotAJobBudget);
		Ok(())
	}

	/// Holds `amount` of `owner`'s own AICC as a new escrow under `control`.
	fn do_open_escrow(
		owner: &T::AccountId,
		amount: BalanceOf<T>,
		control: Control,
	) -> Result<EscrowId, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		T::Currency::hold(&HoldReason::Escrow.into(), owner, amount)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Self::do_record_escrow(owner, amount, Funding::Own, control)
	}

	/// Splits `amount` off `owner`'s subsidy grant into a new job budget. The AICC stays held
	/// on `owner`'s account; a grant spent to nothing is closed.
	fn do_spend_grant(
		owner: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<EscrowId, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let grant = SubsidyGrants::<T>::get(owner).ok_or(Error::<T>::NoSubsidy)?;
		let mut escrow = Escrows::<T>::get(grant).ok_or(Error::<T>::NoSubsidy)?;
		escrow.remaining =
			escrow.remaining.checked_sub(&amount).ok_or(Error::<T>::SubsidyTooLow)?;
		let spent = escrow.remaining.is_zero();
		Escrows::<T>::insert(grant, escrow);
		if spent {
			Self::do_refund(grant)?;
		}
		Self::do_record_escrow(owner, amount, Funding::Subsidy, Control::Rules)
	}

	/// Records an escrow whose AICC is already held on `owner`'s account.
	fn do_record_escrow(
		owner: &T::AccountId,
		amount: BalanceOf<T>,
		funding: Funding,
		control: Control,
	) -> Result<EscrowId, DispatchError> {
		let escrow = NextEscrowId::<T>::get();
		NextEscrowId::<T>::put(escrow.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		let record = Escrow { owner: owner.clone(), remaining: amount, funding, control };
		Escrows::<T>::insert(escrow, record);
		Self::deposit_event(Event::EscrowCreated {
			escrow,
			owner: owner.clone(),
			amount,
			funding,
			control,
		});
		Ok(escrow)
	}

	/// Pays `amount` from `escrow` to `to`, less the fund's cut.
	fn do_pay(
		id: EscrowId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut escrow = Escrows::<T>::get(id).ok_or(Error::<T>::UnknownEscrow)?;
		ensure!(amount <= escrow.remaining, Error::<T>::EscrowTooLow);
		let cut = T::Policy::policy().fund_rate.mul_floor(amount);
		let paid = amount.saturating_sub(cut); // `cut <= amount`: no clamping happens.
		ensure!(
			paid.is_zero()
				|| T::Currency::can_deposit(to, paid, Provenance::Extant).into_result().is_ok(),
			Error::<T>::BelowMinimum
		);

		let reason = HoldReason::Escrow.into();
		if !paid.is_zero() {
			T::Currency::transfer_on_hold(
				&reason,
				&escrow.owner,
				to,
				paid,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		if !cut.is_zero() {
			Self::do_return_to_fund(&escrow.owner, cut)?;
		}
		escrow.remaining = escrow.remaining.saturating_sub(amount); // Checked above.
		Escrows::<T>::insert(id, &escrow);
		Self::deposit_event(Event::Paid { escrow: id, to: to.clone(), paid, cut });
		Ok((paid, cut))
	}

	/// Moves `amount` held in escrow on `owner`'s account to the fund, and counts it.
	fn do_return_to_fund(owner: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::transfer_on_hold(
			&HoldReason::Escrow.into(),
			owner,
			&Self::fund_account(),
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		Fund::<T>::try_mutate(|fund| {
			fund.received = fund.received.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			Ok(())
		})
	}

	/// Closes `escrow`, returning its remainder to where it came from.
	fn do_refund(id: EscrowId) -> Result<BalanceOf<T>, DispatchError> {
		let escrow = Escrows::<T>::take(id).ok_or(Error::<T>::UnknownEscrow)?;
		if SubsidyGrants::<T>::get(&escrow.owner) == Some(id) {
			SubsidyGrants::<T>::remove(&escrow.owner);
		}
		let refunded = escrow.remaining;
		let to = match escrow.funding {
			Funding::Own => {
				if !refunded.is_zero() {
					let reason = HoldReason::Escrow.into();
					T::Currency::release(&reason, &escrow.owner, refunded, Precision::Exact)?;
				}
				escrow.owner
			}
			Funding::Subsidy => {
				if !refunded.is_zero() {
					Self::do_return_to_fund(&escrow.owner, refunded)?;
				}
				Self::fund_account()
			}
		};
		Self::deposit_event(Event::EscrowClosed { escrow: id, to, refunded });
		Ok(refunded)
	}

	/// Issues up to `amount` of AICG within this era's cap; returns what was issued.
	fn do_issue_aicg(
		to: &T::AccountId,
		amount: BalanceOf<T>,
		reason: IssuanceReason,
	) -> BalanceOf<T> {
		let era = Self::current_era();
		let mut issuance = AicgIssued::<T>::get();
		if issuance.era != era {
			issuance = EraIssuance { era, issued: Zero::zero() };
		}
		let room = AicgEraCap::<T>::get().saturating_sub(issuance.issued);
		let amount = amount.min(room);
		if amount.is_zero() {
			return amount;
		}
		// Minting fails only when `to` would stay below AICG's existential deposit: nothing is
		// issued then.
		let Ok(issued) = T::Governance::mint_into(to, amount) else { return Zero::zero() };
		issuance.issued = issuance.issued.saturating_add(issued); // At most the cap.
		AicgIssued::<T>::put(issuance);
		Self::deposit_event(Event::AicgIssued { to: to.clone(), amount: issued, reason });
		issued
	}

	/// The current AICG issuance era.
	fn current_era() -> u32 {
		let now = frame_system::Pallet::<T>::block_number();
		(now / T::EraLength::get()).unique_saturated_into()
	}

	/// The invariants of this pallet's storage; see the crate docs.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let next = NextEscrowId::<T>::get();
		let mut escrowed: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, escrow) in Escrows::<T>::iter() {
			ensure!(id < next, "an escrow id is not below NextEscrowId");
			let is_grant = SubsidyGrants::<T>::get(&escrow.owner) == Some(id);
			match (escrow.control, escrow.funding) {
				(Control::Owner, Funding::Own) => {}
				(Control::Owner, Funding::Subsidy) => {
					ensure!(is_grant, "an owner-controlled subsidy is not its client's grant")
				}
				(Control::Rules, _) => ensure!(!is_grant, "a job budget is a subsidy grant"),
			}
			let sum = escrowed.entry(escrow.owner).or_insert_with(Zero::zero);
			*sum = sum.saturating_add(escrow.remaining);
		}
		for (client, grant) in SubsidyGrants::<T>::iter() {
			let escrow = Escrows::<T>::get(grant).ok_or("a subsidy grant is not open")?;
			ensure!(escrow.owner == client, "a subsidy grant is not its client's");
		}
		for (owner, sum) in escrowed {
			let held = T::Currency::balance_on_hold(&HoldReason::Escrow.into(), &owner);
			ensure!(held == sum, "the AICC held for escrows differs from the open escrows");
		}
		let fund = Fund::<T>::get();
		ensure!(
			T::Currency::balance(&Self::fund_account())
				>= fund.received.saturating_sub(fund.granted),
			"the fund holds less than it received minus what it granted"
		);
		ensure!(
			AicgIssued::<T>::get().issued <= AicgEraCap::<T>::get(),
			"more AICG was issued this era than the cap"
		);
		Ok(())
	}
}

/// Slashed AICC arrives in the community fund. Should the fund's account not accept it (it
/// exists from genesis, so it does), the credit is dropped: burned.
impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for Pallet<T> {
	fn on_nonzero_unbalanced(credit: Credit<T::AccountId, T::Currency>) {
		let amount = credit.peek();
		if T::Currency::resolve(&Self::fund_account(), credit).is_ok() {
			// All AICC there is bounds the sum: saturation never clamps.
			Fund::<T>::mutate(|fund| fund.received = fund.received.saturating_add(amount));
			Self::deposit_event(Event::SlashReceived { amount });
		}
	}
}

impl<T: Config> Economy<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn open_escrow(
		owner: &T::AccountId,
		amount: BalanceOf<T>,
		funding: Funding,
	) -> Result<EscrowId, DispatchError> {
		match funding {
			Funding::Own => Self::do_open_escrow(owner, amount, Control::Rules),
			Funding::Subsidy => Self::do_spend_grant(owner, amount),
		}
	}

	fn escrow_balance(escrow: EscrowId) -> Option<BalanceOf<T>> {
		Escrows::<T>::get(escrow).map(|escrow| escrow.remaining)
	}

	fn is_rules_controlled(escrow: EscrowId) -> bool {
		Escrows::<T>::get(escrow).is_some_and(|escrow| escrow.control == Control::Rules)
	}

	fn pay(
		escrow: EscrowId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		Self::ensure_job_budget(escrow)?;
		Self::do_pay(escrow, to, amount)
	}

	fn refund(escrow: EscrowId) -> Result<BalanceOf<T>, DispatchError> {
		Self::ensure_job_budget(escrow)?;
		Self::do_refund(escrow)
	}

	fn issue_aicg(to: &T::AccountId, amount: BalanceOf<T>, reason: IssuanceReason) -> BalanceOf<T> {
		Self::do_issue_aicg(to, amount, reason)
	}
}
