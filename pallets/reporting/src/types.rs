//! The SCALE types of reporting: performance figures, commitments and revealed reports.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// An epoch of performance reporting: block number divided by the epoch length.
pub type Epoch = u32;

/// A node's performance over one epoch, as it reports it or an auditor measures it.
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
pub struct Metrics {
	/// Training throughput, in samples per second.
	pub throughput: u32,
	/// Network latency to peers, in milliseconds.
	pub latency_ms: u32,
	/// Share of the epoch the node was reachable, in per mille (0–1000).
	pub uptime_permille: u32,
	/// Energy used in the epoch, in watt-hours.
	pub energy_wh: u32,
}

impl Metrics {
	/// The largest relative discrepancy between these (reported) figures and `measured` ones:
	/// |reported − measured| / measured for each figure, in fixed point, saturating at 100%.
	/// A figure measured as zero counts as 100% off unless it was also reported as zero.
	pub fn discrepancy(&self, measured: &Self) -> Perbill {
		let pairs = [
			(self.throughput, measured.throughput),
			(self.latency_ms, measured.latency_ms),
			(self.uptime_permille, measured.uptime_permille),
			(self.energy_wh, measured.energy_wh),
		];
		pairs
			.into_iter()
			.map(|(reported, measured)| match measured {
				0 if reported == 0 => Perbill::zero(),
				0 => Perbill::one(),
				_ => Perbill::from_rational(reported.abs_diff(measured), measured),
			})
			.max()
			.unwrap_or_default()
	}
}

/// A committed, not yet revealed report.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Commitment {
	/// The epoch it reports on; it is revealed in the next one.
	pub epoch: Epoch,
	/// BLAKE2b-256 of the SCALE encoding of `(node, epoch, metrics, salt)`.
	pub hash: H256,
}

/// A node's last revealed report.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Report {
	/// The epoch it reports on.
	pub epoch: Epoch,
	/// The figures reported.
	pub metrics: Metrics,
	/// Whether the audit-rate draw selected it for audit.
	pub audit_requested: bool,
	/// Whether it has been audited (each report is audited at most once).
	pub audited: bool,
}
