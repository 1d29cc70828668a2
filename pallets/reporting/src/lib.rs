//! # Reporting pallet
//!
//! Truthful reporting: compute nodes report their performance every epoch, auditors check the
//! reports against what they measure, and each node's trust score follows how its word holds
//! up. A dishonest report costs part of the node's bond; low trust or silence takes the node
//! out of matching until its operator restores the bond and it serves a probation.
//!
//! ## Calls
//!
//! - [`commit_report`](Pallet::commit_report): in epoch `e`, the operator commits to its
//!   node's figures for `e` by hash: BLAKE2b-256 of the SCALE encoding of
//!   `(node, e, metrics, salt)`.
//! - [`reveal_report`](Pallet::reveal_report): in epoch `e + 1`, the operator reveals the
//!   figures and salt. Nobody can tailor a report to others' reports, and nobody can change
//!   it after seeing the audit draw.
//! - [`report_missed`](Pallet::report_missed): anyone may count a commitment that was not
//!   revealed in time as a missed report. (The operator's next commitment counts it too.)
//! - [`submit_audit`](Pallet::submit_audit): [`Config::AuditOrigin`] records the figures it
//!   measured for a node's last revealed report.
//! - [`reinstate`](Pallet::reinstate): the way back for a flagged node, below.
//!
//! ## Rules
//!
//! - **Audit draw.** When a report is revealed, a draw from the parent block's hash selects
//!   it for audit with probability `audit_rate` (network policy); the `ReportRevealed` event
//!   says so. Any revealed report may be audited, once.
//! - **Discrepancy.** For each figure, |reported − measured| / measured in fixed point
//!   ([`Metrics::discrepancy`]); the largest counts. Within the policy's `report_tolerance`
//!   the report is honest.
//! - **Trust** is a [`Perbill`] per node, starting at [`Config::InitialTrust`]: an
//!   exponentially weighted average of outcomes (1 honest, 0 dishonest or missed) with weight
//!   [`Config::TrustSmoothing`] for the newest. A revealed report moves nothing until audited.
//! - **Honest** audited reports earn the operator [`Config::HonestReportReward`] of AICG,
//!   through the economy (within its issuance cap), except on probation.
//! - **Dishonest** reports slash the policy's `slash_fraction` of the node's bond through
//!   the registry. In AICChain's runtime slashed AICC goes to the community fund: nothing is
//!   burned, the AICC in existence stays the same.
//! - **Flagging.** A node whose trust falls under the policy's `trust_threshold`, after a
//!   dishonest or a missed report, is flagged in the registry, so matching excludes it.
//!   Repeated silence flags a node the same way: each missed report lowers its trust.
//! - **The way back.** The operator tops its bond up to the full amount (`compute.top_up_bond`)
//!   and calls [`reinstate`](Pallet::reinstate): the node is unflagged (Active with its next
//!   heartbeat) with trust at the threshold, and for [`Config::ProbationEpochs`] epochs it earns
//!   no AICG. One more dishonest or missed report takes it under the threshold again.
//!
//! Other pallets read trust scores through [`TrustScores`]; validators' verdicts on training
//! work move them too ([`TrustScores::record_outcome`], from the training pallet).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

use aicchain_primitives::{
	matching::trust, Economy, IssuanceReason, NodeId, NodeRegistry, NodeStatus, PolicyProvider,
	TrustScores,
};
use frame_support::{pallet_prelude::*, traits::tokens::Balance};
use frame_system::pallet_prelude::*;
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Hash, UniqueSaturatedInto, Zero},
	Perbill,
};

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// An amount of AICC (bonds) or AICG (rewards).
pub type BalanceOf<T> = <T as Config>::Balance;

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
		/// The balance type of both tokens.
		type Balance: Balance;

		/// The compute-node registry: operators, bonds, flags.
		type Registry: NodeRegistry<Self::AccountId, Balance = Self::Balance>;

		/// The economy, which issues AICG for honest reports.
		type Economy: Economy<Self::AccountId, Balance = Self::Balance>;

		/// The network policy: audit rate, tolerance, slash fraction, trust threshold.
		type Policy: PolicyProvider;

		/// May submit audits (root now; the validators of training rounds later).
		type AuditOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The trust score of a node with no record yet.
		#[pallet::constant]
		type InitialTrust: Get<Perbill>;

		/// How much the newest outcome weighs in the trust score's moving average. Must be
		/// non-zero.
		#[pallet::constant]
		type TrustSmoothing: Get<Perbill>;

		/// The AICG issued to an operator for each honest audited report.
		#[pallet::constant]
		type HonestReportReward: Get<Self::Balance>;

		/// Epochs after reinstatement during which a node earns no AICG.
		#[pallet::constant]
		type ProbationEpochs: Get<Epoch>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Makes registered nodes for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Blocks per reporting epoch, set at genesis. Non-zero.
	#[pallet::storage]
	pub type EpochLength<T> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Each node's trust score; a node without one has [`Config::InitialTrust`].
	// Node ids are assigned by the registry, not chosen by users: `Twox64Concat` is safe.
	#[pallet::storage]
	pub type Trust<T> = StorageMap<_, Twox64Concat, NodeId, Perbill>;

	/// Each node's commitment not yet revealed (at most one).
	#[pallet::storage]
	pub type Commitments<T> = StorageMap<_, Twox64Concat, NodeId, Commitment>;

	/// Each node's last revealed report, open to audit until the next one.
	#[pallet::storage]
	pub type Reports<T> = StorageMap<_, Twox64Concat, NodeId, Report>;

	/// The last epoch of each reinstated node's probation.
	#[pallet::storage]
	pub type Probation<T> = StorageMap<_, Twox64Concat, NodeId, Epoch>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Blocks per reporting epoch. Must be non-zero.
		pub epoch_length: BlockNumberFor<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		/// Epochs of 100 blocks.
		fn default() -> Self {
			Self { epoch_length: 100u32.into() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(!self.epoch_length.is_zero(), "the reporting epoch length is non-zero");
			EpochLength::<T>::put(self.epoch_length);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A node committed to its report for `epoch`.
		ReportCommitted { node: NodeId, epoch: Epoch },
		/// A node revealed its report for `epoch`; `audit_requested` if the draw selected it.
		ReportRevealed { node: NodeId, epoch: Epoch, metrics: Metrics, audit_requested: bool },
		/// A node's commitment for `epoch` was not revealed in time.
		ReportMissed { node: NodeId, epoch: Epoch, trust: Perbill },
		/// A node's report for `epoch` was audited. `discrepancy` is the largest relative
		/// difference; `honest` if within tolerance. `reward` AICG was issued, `slashed` AICC
		/// taken from the bond.
		Audited {
			node: NodeId,
			epoch: Epoch,
			measured: Metrics,
			discrepancy: Perbill,
			honest: bool,
			trust: Perbill,
			reward: BalanceOf<T>,
			slashed: BalanceOf<T>,
		},
		/// A node's trust fell under the threshold; the registry flagged it.
		NodeFlagged { node: NodeId, trust: Perbill },
		/// A flagged node was reinstated and is on probation until the end of `until`.
		Reinstated { node: NodeId, trust: Perbill, until: Epoch },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No node has this id in the registry.
		UnknownNode,
		/// Only the node's operator may do this.
		NotOperator,
		/// The node already committed a report for this epoch.
		AlreadyCommitted,
		/// The node's report for the last epoch is still to be revealed. Reveal it first.
		RevealPending,
		/// The node has no commitment to reveal or count as missed.
		NoCommitment,
		/// A report is revealed in the epoch after the one it reports on. Wait for it.
		RevealTooEarly,
		/// The reveal window (the epoch after the report's) has passed; the report counts as
		/// missed.
		RevealTooLate,
		/// The figures and salt do not hash to the commitment.
		CommitmentMismatch,
		/// Uptime is in per mille: at most 1000.
		UptimeOver1000,
		/// The commitment can still be revealed; it is not missed yet.
		RevealStillOpen,
		/// The node has no revealed report to audit.
		NoReport,
		/// This report has been audited already.
		AlreadyAudited,
		/// The node is not flagged.
		NotFlagged,
		/// The node's bond lacks slashed AICC. Call `compute.top_up_bond` first.
		BondNotRestored,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::TrustSmoothing::get().is_zero(), "TrustSmoothing must be non-zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commits to `node`'s report for the current epoch by its `hash`. A commitment of an
		/// earlier epoch that was never revealed counts as missed first.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commit_report())]
		pub fn commit_report(
			origin: OriginFor<T>,
			node: NodeId,
			hash: H256,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::ensure_operator(&who, node)?;
			let epoch = Self::current_epoch();
			let expired = match Commitments::<T>::get(node) {
				Some(old) if old.epoch == epoch => Err(Error::<T>::AlreadyCommitted)?,
				Some(old) if old.epoch.saturating_add(1) == epoch => {
					Err(Error::<T>::RevealPending)?
				}
				old => old,
			};

			if let Some(old) = expired {
				Self::do_miss(node, old.epoch);
			}
			Commitments::<T>::insert(node, Commitment { epoch, hash });
			Self::deposit_event(Event::ReportCommitted { node, epoch });
			Ok(Pays::No.into())
		}

		/// Reveals `node`'s report committed in the last epoch: its `metrics` and `salt`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::reveal_report())]
		pub fn reveal_report(
			origin: OriginFor<T>,
			node: NodeId,
			metrics: Metrics,
			salt: H256,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::ensure_operator(&who, node)?;
			let commitment = Commitments::<T>::get(node).ok_or(Error::<T>::NoCommitment)?;
			let epoch = Self::current_epoch();
			ensure!(epoch > commitment.epoch, Error::<T>::RevealTooEarly);
			ensure!(epoch == commitment.epoch.saturating_add(1), Error::<T>::RevealTooLate);
			ensure!(metrics.uptime_permille <= 1000, Error::<T>::UptimeOver1000);
			ensure!(
				Self::report_hash(node, commitment.epoch, &metrics, &salt) == commitment.hash,
				Error::<T>::CommitmentMismatch
			);

			let audit_requested = Self::drawn_for_audit(node, commitment.epoch);
			Commitments::<T>::remove(node);
			Reports::<T>::insert(
				node,
				Report { epoch: commitment.epoch, metrics, audit_requested, audited: false },
			);
			Self::deposit_event(Event::ReportRevealed {
				node,
				epoch: commitment.epoch,
				metrics,
				audit_requested,
			});
			Ok(Pays::No.into())
		}

		/// Counts `node`'s commitment that was not revealed in its window as a missed report.
		/// Anyone may call this.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::report_missed())]
		pub fn report_missed(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			ensure_signed(origin)?;
			let commitment = Commitments::<T>::get(node).ok_or(Error::<T>::NoCommitment)?;
			ensure!(
				Self::current_epoch() > commitment.epoch.saturating_add(1),
				Error::<T>::RevealStillOpen
			);

			Commitments::<T>::remove(node);
			Self::do_miss(node, commitment.epoch);
			Ok(())
		}

		/// Records the figures an auditor `measured` for `node`'s last revealed report, and
		/// judges it: honest reports earn AICG, dishonest ones are slashed.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::submit_audit())]
		pub fn submit_audit(
			origin: OriginFor<T>,
			node: NodeId,
			measured: Metrics,
		) -> DispatchResult {
			T::AuditOrigin::ensure_origin(origin)?;
			let mut report = Reports::<T>::get(node).ok_or(Error::<T>::NoReport)?;
			ensure!(!report.audited, Error::<T>::AlreadyAudited);
			ensure!(measured.uptime_permille <= 1000, Error::<T>::UptimeOver1000);

			let policy = T::Policy::policy();
			let discrepancy = report.metrics.discrepancy(&measured);
			let honest = discrepancy <= policy.report_tolerance;
			report.audited = true;
			Reports::<T>::insert(node, report);
			let trust = Self::do_record_outcome(node, honest);
			let (mut reward, mut slashed) = (Zero::zero(), Zero::zero());
			if honest {
				let on_probation =
					Probation::<T>::get(node).is_some_and(|until| Self::current_epoch() <= until);
				let operator = T::Registry::operator(node).filter(|_| !on_probation);
				if let Some(operator) = operator {
					let amount = T::HonestReportReward::get();
					reward =
						T::Economy::issue_aicg(&operator, amount, IssuanceReason::HonestReport);
				}
			} else {
				// A node already withdrawn has no bond left to slash.
				slashed = T::Registry::slash(node, policy.slash_fraction).unwrap_or_default();
			}
			Self::deposit_event(Event::Audited {
				node,
				epoch: report.epoch,
				measured,
				discrepancy,
				honest,
				trust,
				reward,
				slashed,
			});
			Self::do_flag_if_untrusted(node, trust, policy.trust_threshold);
			Ok(())
		}

		/// Reinstates a flagged `node` whose bond its operator has restored: it is unflagged
		/// with trust at the policy's threshold and earns no AICG for
		/// [`Config::ProbationEpochs`] epochs.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_operator(&who, node)?;
			ensure!(T::Registry::status(node) == Some(NodeStatus::Flagged), Error::<T>::NotFlagged);
			ensure!(
				T::Registry::bond_shortfall(node).is_some_and(|lack| lack.is_zero()),
				Error::<T>::BondNotRestored
			);

			T::Registry::unflag(node)?;
			let trust = Self::trust_of(node).max(T::Policy::policy().trust_threshold);
			let until = Self::current_epoch().saturating_add(T::ProbationEpochs::get());
			Trust::<T>::insert(node, trust);
			Probation::<T>::insert(node, until);
			Self::deposit_event(Event::Reinstated { node, trust, until });
			Ok(())
		}
	}
}

/// Makes the registered nodes that benchmarks report on.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an Active node operated by `operator` (funding it as needed).
	fn register_node(operator: &AccountId) -> NodeId;
}

impl<T: Config> Pallet<T> {
	/// The current reporting epoch.
	pub fn current_epoch() -> Epoch {
		let now = frame_system::Pallet::<T>::block_number();
		(now / EpochLength::<T>::get().max(1u32.into())).unique_saturated_into()
	}

	/// Blocks per reporting epoch; `0` while reporting is off.
	pub fn epoch_length() -> BlockNumberFor<T> {
		EpochLength::<T>::get()
	}

	/// `node`'s commitment not yet revealed, if any.
	pub fn commitment_of(node: NodeId) -> Option<Commitment> {
		Commitments::<T>::get(node)
	}

	/// The hash a node commits to: BLAKE2b-256 of the SCALE encoding of
	/// `(node, epoch, metrics, salt)`.
	pub fn report_hash(node: NodeId, epoch: Epoch, metrics: &Metrics, salt: &H256) -> H256 {
		BlakeTwo256::hash_of(&(node, epoch, metrics, salt))
	}

	/// The trust score of `node`.
	pub fn trust_of(node: NodeId) -> Perbill {
		Trust::<T>::get(node).unwrap_or_else(T::InitialTrust::get)
	}

	/// Checks that `who` operates `node`.
	fn ensure_operator(who: &T::AccountId, node: NodeId) -> DispatchResult {
		let operator = T::Registry::operator(node).ok_or(Error::<T>::UnknownNode)?;
		ensure!(operator == *who, Error::<T>::NotOperator);
		Ok(())
	}

	/// Whether the report of `node` for `epoch` is selected for audit: the parent block's hash
	/// with the node and epoch, read as a fraction, under the policy's `audit_rate`.
	fn drawn_for_audit(node: NodeId, epoch: Epoch) -> bool {
		let seed = (frame_system::Pallet::<T>::parent_hash(), node, epoch);
		let draw = BlakeTwo256::hash_of(&seed);
		let word = u32::from_le_bytes([draw[0], draw[1], draw[2], draw[3]]);
		Perbill::from_rational(word, u32::MAX) < T::Policy::policy().audit_rate
	}

	/// Moves `node`'s trust towards 1 (`honest`) or 0 by [`Config::TrustSmoothing`]; returns
	/// the new score.
	fn do_record_outcome(node: NodeId, honest: bool) -> Perbill {
		let trust = trust::after_outcome(Self::trust_of(node), honest, T::TrustSmoothing::get());
		Trust::<T>::insert(node, trust);
		trust
	}

	/// Counts `node`'s report for `epoch` as missed: trust falls, and the node may be flagged.
	fn do_miss(node: NodeId, epoch: Epoch) {
		let trust = Self::do_record_outcome(node, false);
		Self::deposit_event(Event::ReportMissed { node, epoch, trust });
		Self::do_flag_if_untrusted(node, trust, T::Policy::policy().trust_threshold);
	}

	/// Flags `node` in the registry if `trust` is under `threshold`.
	fn do_flag_if_untrusted(node: NodeId, trust: Perbill, threshold: Perbill) {
		if trust >= threshold {
			return;
		}
		let status = T::Registry::status(node);
		// Flagged nodes stay flagged; Leaving or withdrawn nodes take no more work anyway.
		if matches!(status, Some(NodeStatus::Active | NodeStatus::Inactive))
			&& T::Registry::flag(node).is_ok()
		{
			Self::deposit_event(Event::NodeFlagged { node, trust });
		}
	}

	/// The invariants of this pallet's storage:
	/// - the epoch length is non-zero;
	/// - commitments are for the current epoch or earlier;
	/// - revealed reports are for earlier epochs than the current one;
	/// - only a reveal removes a commitment for the last epoch, so no node has both a
	///   commitment and a report for the same epoch.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(!EpochLength::<T>::get().is_zero(), "the epoch length is zero");
		let epoch = Self::current_epoch();
		for (node, commitment) in Commitments::<T>::iter() {
			ensure!(commitment.epoch <= epoch, "a commitment is for a future epoch");
			if let Some(report) = Reports::<T>::get(node) {
				ensure!(
					report.epoch != commitment.epoch,
					"a report is both committed and revealed"
				);
			}
		}
		for (_, report) in Reports::<T>::iter() {
			ensure!(report.epoch < epoch, "a report was revealed within its own epoch");
		}
		Ok(())
	}
}

impl<T: Config> TrustScores for Pallet<T> {
	fn trust(node: NodeId) -> Perbill {
		Self::trust_of(node)
	}

	fn record_outcome(node: NodeId, honest: bool) -> Perbill {
		let trust = Self::do_record_outcome(node, honest);
		Self::do_flag_if_untrusted(node, trust, T::Policy::policy().trust_threshold);
		trust
	}
}
