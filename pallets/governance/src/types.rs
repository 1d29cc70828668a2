//! The SCALE types of governance: proposed policy changes, votes and tallies.

use aicchain_primitives::task::H256;
use aicchain_primitives::{
	matching::net::MAX_POLICY_BYTES, MatchingPolicy, MatchingWeights, NetworkPolicy,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Perbill;

use crate::{BalanceOf, Config};

/// Identifies a proposal. Ids are assigned in order and never reused.
pub type ProposalId = u32;

/// One change to the [`NetworkPolicy`], as a proposal carries it.
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
pub enum PolicyChange {
	/// Sets `fund_rate`, the community fund's cut of every payment.
	FundRate(Perbill),
	/// Sets `trainer_share`, the trainers' part of a round's reward.
	TrainerShare(Perbill),
	/// Sets `audit_rate`, the share of reports selected for audit.
	AuditRate(Perbill),
	/// Sets `report_tolerance`, the largest honest discrepancy.
	ReportTolerance(Perbill),
	/// Sets `slash_fraction`, the share of a bond slashed for a dishonest report.
	SlashFraction(Perbill),
	/// Sets `trust_threshold`, under which nodes are flagged.
	TrustThreshold(Perbill),
	/// Sets `heartbeat_timeout`, in blocks. Must be non-zero.
	HeartbeatTimeout(u32),
	/// Sets `voting_period`, in blocks, for proposals made after it. Must be non-zero.
	VotingPeriod(u32),
	/// Sets the matching weight of energy efficiency (and re-commits the matching policy).
	EnergyEfficiencyWeight(u32),
	/// Sets the matching weight of the renewable share, the energy bonus (and re-commits the
	/// matching policy).
	RenewableWeight(u32),
	/// Replaces the matching policy. Its commitment must be the hash of its weights.
	Matching(MatchingPolicy),
	/// Sets `learned_matching`: trainers are ranked by the published policy network with this
	/// hash from the next round matched, or by the linear weights again with `None`.
	LearnedMatching(Option<H256>),
}

impl PolicyChange {
	/// `policy` with this change made.
	pub fn applied_to(self, mut policy: NetworkPolicy) -> NetworkPolicy {
		match self {
			Self::FundRate(rate) => policy.fund_rate = rate,
			Self::TrainerShare(share) => policy.trainer_share = share,
			Self::AuditRate(rate) => policy.audit_rate = rate,
			Self::ReportTolerance(tolerance) => policy.report_tolerance = tolerance,
			Self::SlashFraction(fraction) => policy.slash_fraction = fraction,
			Self::TrustThreshold(threshold) => policy.trust_threshold = threshold,
			Self::HeartbeatTimeout(blocks) => policy.heartbeat_timeout = blocks,
			Self::VotingPeriod(blocks) => policy.voting_period = blocks,
			Self::EnergyEfficiencyWeight(weight) => {
				let weights =
					MatchingWeights { energy_efficiency: weight, ..policy.matching.weights };
				policy.matching = MatchingPolicy::new(weights);
			}
			Self::RenewableWeight(weight) => {
				let weights = MatchingWeights { renewable: weight, ..policy.matching.weights };
				policy.matching = MatchingPolicy::new(weights);
			}
			Self::Matching(matching) => policy.matching = matching,
			Self::LearnedMatching(hash) => policy.learned_matching = hash,
		}
		policy
	}
}

/// Which way a vote goes.
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
pub enum Vote {
	/// For the change.
	Aye,
	/// Against the change.
	Nay,
}

/// The AICG voted for and against a proposal.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Tally<Balance> {
	/// AICG voted for.
	pub aye: Balance,
	/// AICG voted against.
	pub nay: Balance,
}

/// An open proposal.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct Proposal<T: Config> {
	/// Who proposed it, and whose deposit is held.
	pub proposer: T::AccountId,
	/// The change it would make.
	pub change: PolicyChange,
	/// The AICG held from the proposer until it closes.
	pub deposit: BalanceOf<T>,
	/// The first block at which voting is over and the proposal can be closed.
	pub ends_at: BlockNumberFor<T>,
	/// The votes so far.
	pub tally: Tally<BalanceOf<T>>,
}

/// One vote of an account, and its freeze.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct VoteRecord<T: Config> {
	/// The proposal voted on.
	pub proposal: ProposalId,
	/// Which way.
	pub vote: Vote,
	/// The AICG voted, frozen until `unlocks_at`.
	pub amount: BalanceOf<T>,
	/// The proposal's end: from this block the AICG can be unlocked.
	pub unlocks_at: BlockNumberFor<T>,
}

/// A policy network's bytes, published so that a proposal can switch matching to it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct PublishedPolicy<T: Config> {
	/// Who published it, and whose deposit is held.
	pub publisher: T::AccountId,
	/// The AICG held from the publisher while the bytes are stored.
	pub deposit: BalanceOf<T>,
	/// The SCALE encoding of the network, checked when published.
	pub bytes: BoundedVec<u8, ConstU32<MAX_POLICY_BYTES>>,
}
