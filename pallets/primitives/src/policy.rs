//! The network's rules that AICG holders vote on, and how pallets read them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{Deserialize, Serialize};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

pub use aicchain_matching::{MatchingWeights, PolicyNet};

/// The active matching policy: its parameters and the hash that commits to them, so that
/// anyone re-running matching off-chain can show which policy they ran.
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
pub struct MatchingPolicy {
	/// The scoring weights.
	pub weights: MatchingWeights,
	/// [`MatchingWeights::commitment`] of `weights`.
	pub commitment: H256,
}

impl MatchingPolicy {
	/// The policy with `weights`, committed to.
	pub fn new(weights: MatchingWeights) -> Self {
		Self { weights, commitment: weights.commitment() }
	}

	/// Whether `commitment` is the hash of `weights`.
	pub fn is_consistent(&self) -> bool {
		self.commitment == self.weights.commitment()
	}
}

/// The network policy: every rule AICG holders vote on. Genesis sets it; governance changes it.
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
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicy {
	/// The share of every escrow payment that goes to the community fund.
	pub fund_rate: Perbill,
	/// The share of a round's reward paid to its trainers; its validators share the rest.
	pub trainer_share: Perbill,
	/// The share of revealed performance reports selected for audit.
	pub audit_rate: Perbill,
	/// The largest discrepancy between a reported and an audited figure that still counts as
	/// honest.
	pub report_tolerance: Perbill,
	/// The share of a node's bond slashed for a dishonest report.
	pub slash_fraction: Perbill,
	/// Nodes whose trust falls under this are flagged and take no work.
	pub trust_threshold: Perbill,
	/// Blocks without a heartbeat after which a node counts as Inactive. Must be non-zero.
	pub heartbeat_timeout: u32,
	/// Blocks a governance proposal is open for votes. Must be non-zero.
	pub voting_period: u32,
	/// How matching ranks nodes: validators always, trainers unless `learned_matching` is set.
	#[serde(with = "matching_weights")]
	pub matching: MatchingPolicy,
	/// The published policy network that ranks trainers, by the hash of its bytes; `None`:
	/// the linear `matching` weights rank them.
	#[serde(default)]
	pub learned_matching: Option<H256>,
}

impl Default for NetworkPolicy {
	/// The policy a chain starts with unless its genesis says otherwise: 5% to the fund, 80%
	/// of rewards to trainers, a tenth of reports audited, 10% tolerance, 10% slashed, trust
	/// threshold 40%, 200 blocks of heartbeat timeout (10 minutes at 3 s), a day of voting.
	fn default() -> Self {
		Self {
			fund_rate: Perbill::from_percent(5),
			trainer_share: Perbill::from_percent(80),
			audit_rate: Perbill::from_percent(10),
			report_tolerance: Perbill::from_percent(10),
			slash_fraction: Perbill::from_percent(10),
			trust_threshold: crate::matching::trust::DEFAULT_THRESHOLD,
			heartbeat_timeout: 200,
			voting_period: 28_800,
			matching: MatchingPolicy::new(MatchingWeights::DEFAULT),
			learned_matching: None,
		}
	}
}

/// In genesis JSON the matching policy is written as its weights alone; the commitment is
/// computed from them, so a chain spec cannot carry an inconsistent one.
mod matching_weights {
	use super::{MatchingPolicy, MatchingWeights};
	use frame_support::__private::serde::{Deserialize, Deserializer, Serialize, Serializer};

	pub fn serialize<S: Serializer>(policy: &MatchingPolicy, s: S) -> Result<S::Ok, S::Error> {
		policy.weights.serialize(s)
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<MatchingPolicy, D::Error> {
		MatchingWeights::deserialize(d).map(MatchingPolicy::new)
	}
}

/// Where pallets read the network policy (implemented by `pallet-governance`).
pub trait PolicyProvider {
	/// The policy in force now.
	fn policy() -> NetworkPolicy;

	/// The network of the policy's `learned_matching`, if one is in force.
	fn learned_matching() -> Option<PolicyNet> {
		None
	}
}
