//! The interfaces between pallets.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Perbill};

use crate::{EscrowId, NodeId, NodeSpecs, NodeStatus, Role, SpecText};

/// The compute-node registry, as other pallets see it.
pub trait NodeRegistry<AccountId> {
	/// An amount of the bond currency (AICC).
	type Balance;

	/// The account that registered `node` and holds its bond.
	fn operator(node: NodeId) -> Option<AccountId>;

	/// The declared hardware of `node`.
	fn specs(node: NodeId) -> Option<NodeSpecs<SpecText>>;

	/// The status of `node` now, with a missed heartbeat already counted as
	/// [`NodeStatus::Inactive`].
	fn status(node: NodeId) -> Option<NodeStatus>;

	/// Whether `node` may be assigned `role` now: Active (heartbeat fresh), not Flagged, and
	/// registered for that role.
	fn is_eligible(node: NodeId, role: Role) -> bool;

	/// The nodes eligible for `role` now, in the order they became active. Bounded by the
	/// registry's maximum number of active nodes.
	fn candidates(role: Role) -> Vec<NodeId>;

	/// Excludes `node` from work until [`NodeRegistry::unflag`] (used by the reporting rules).
	fn flag(node: NodeId) -> DispatchResult;

	/// Lets a flagged `node` take work again once it heartbeats.
	fn unflag(node: NodeId) -> DispatchResult;

	/// Slashes `fraction` of `node`'s bond (also while it unbonds). The registry decides where
	/// slashed AICC goes. Returns the amount slashed.
	fn slash(node: NodeId, fraction: Perbill) -> Result<Self::Balance, DispatchError>;

	/// What [`Self::slash`] would take of `node`'s bond for `fraction` now; `None` for an
	/// unknown node.
	fn slash_amount(node: NodeId, fraction: Perbill) -> Option<Self::Balance>;

	/// How much AICC `node`'s bond lacks after slashes: what its operator must top up before
	/// the node may be reinstated.
	fn bond_shortfall(node: NodeId) -> Option<Self::Balance>;
}

/// How far the network trusts each node's word, as the reporting rules keep score
/// (implemented by `pallet-reporting`).
pub trait TrustScores {
	/// The trust score of `node`: 0 (never trust) to 1 (always), a new node's initial score when
	/// it has no record.
	fn trust(node: NodeId) -> Perbill;

	/// Counts one judged piece of `node`'s work, `honest` or not, in its trust score (and flags
	/// the node if the score falls under the policy's threshold). Returns the new score.
	fn record_outcome(node: NodeId, honest: bool) -> Perbill;
}

/// Why AICG was issued to an account.
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
pub enum IssuanceReason {
	/// Training or validation that validators accepted.
	ValidatedWork,
	/// A performance report that audits confirmed.
	HonestReport,
}

/// Where the AICC of an escrow comes from, and so where its remainder returns.
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
pub enum Funding {
	/// The owner's own AICC; the remainder returns to the owner.
	Own,
	/// The owner's approved community-fund subsidy; the remainder returns to the fund.
	Subsidy,
}

/// The economic rules of both tokens, as other pallets see them.
pub trait Economy<AccountId> {
	/// An amount of AICC or AICG.
	type Balance;

	/// Holds a job budget of `amount` for `owner`, taken from its own AICC or from its
	/// approved subsidy, in a new escrow that only this trait pays from and closes: no signed
	/// call can touch it.
	fn open_escrow(
		owner: &AccountId,
		amount: Self::Balance,
		funding: Funding,
	) -> Result<EscrowId, DispatchError>;

	/// The AICC still held in `escrow`.
	fn escrow_balance(escrow: EscrowId) -> Option<Self::Balance>;

	/// Whether `escrow` is open and under the rules' control alone (see
	/// [`Economy::open_escrow`]).
	fn is_rules_controlled(escrow: EscrowId) -> bool;

	/// Pays `amount` from `escrow` to `to`, less the community-fund cut, which goes to the
	/// fund. Returns `(paid to the worker, cut to the fund)`.
	fn pay(
		escrow: EscrowId,
		to: &AccountId,
		amount: Self::Balance,
	) -> Result<(Self::Balance, Self::Balance), DispatchError>;

	/// Closes `escrow`, returning what is left of it to where it came from. Returns the amount.
	fn refund(escrow: EscrowId) -> Result<Self::Balance, DispatchError>;

	/// Issues up to `amount` of AICG to `to` for `reason`, within the per-era cap. Returns the
	/// amount actually issued (less than `amount`, possibly zero, when the cap is reached).
	fn issue_aicg(to: &AccountId, amount: Self::Balance, reason: IssuanceReason) -> Self::Balance;
}
