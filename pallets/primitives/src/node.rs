//! Compute nodes: their hardware, roles and status.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec, Deserialize, Serialize};
use scale_info::TypeInfo;

/// The most bytes a text field of [`NodeSpecs`] (GPU model, region, artifact URL) may hold.
pub const MAX_SPEC_TEXT: u32 = 64;

/// A text field of stored [`NodeSpecs`]: UTF-8, at most [`MAX_SPEC_TEXT`] bytes.
pub type SpecText = BoundedVec<u8, ConstU32<MAX_SPEC_TEXT>>;

/// Hardware and operating figures of a compute node, as its operator declares them.
///
/// `Text` is `Vec<u8>` in calls, so that an oversize field is a named error rather than an
/// undecodable transaction, and [`SpecText`] in storage.
#[derive(
	Clone,
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
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct NodeSpecs<Text> {
	/// Number of GPUs.
	pub gpu_count: u16,
	/// GPU model, e.g. `b"NVIDIA H100"`.
	pub gpu_model: Text,
	/// Memory per GPU, in GiB. Must be non-zero when there are GPUs.
	pub gpu_memory_gib: u32,
	/// CPU cores available to training.
	pub cpu_cores: u32,
	/// System memory, in GiB.
	pub memory_gib: u32,
	/// Network bandwidth, in Mbit/s.
	pub bandwidth_mbps: u32,
	/// Typical network latency to peers, in milliseconds.
	pub latency_ms: u32,
	/// Energy efficiency: sustained GFLOPS per watt.
	pub gflops_per_watt: u32,
	/// Share of the node's power that comes from renewable sources, in percent (0–100).
	pub renewable_percent: u8,
	/// Where the node runs, e.g. `b"eu-west"`.
	pub region: Text,
	/// Where other nodes fetch this node's training artifacts (checkpoints, merged models):
	/// the public `http://host:port` of its trainer. Empty when it publishes none; a trainer
	/// without one cannot be validated, so its updates are judged withheld.
	pub artifact_url: Text,
}

/// What a node offers to do.
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
	Serialize,
	Deserialize,
)]
#[serde(crate = "frame_support::__private::serde")]
pub struct Roles {
	/// Trains models on data shards.
	pub trainer: bool,
	/// Re-checks other nodes' training.
	pub validator: bool,
}

impl Roles {
	/// Whether these roles include `role`.
	pub fn has(&self, role: Role) -> bool {
		match role {
			Role::Trainer => self.trainer,
			Role::Validator => self.validator,
		}
	}

	/// Whether no role is set.
	pub fn is_empty(&self) -> bool {
		!self.trainer && !self.validator
	}
}

/// One kind of work a node can be assigned.
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
pub enum Role {
	/// Trains models on data shards.
	Trainer,
	/// Re-checks other nodes' training.
	Validator,
}

/// Where a node stands.
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
pub enum NodeStatus {
	/// Heartbeating and available for work.
	Active,
	/// Offline by its operator's choice, or silent for longer than the heartbeat timeout.
	Inactive,
	/// Excluded from work by the reporting rules until cleared.
	Flagged,
	/// Unregistered; its bond is unbonding.
	Leaving,
}
