//! Trust: how one judged outcome moves a node's trust score, which matching reads. The
//! reporting pallet keeps the scores with this rule and these constants; the trainer's market
//! simulator replays them.

use sp_arithmetic::{traits::Saturating, PerThing};

use crate::Perbill;

/// The trust a new node starts with: half.
pub const INITIAL: Perbill = Perbill::from_percent(50);

/// The weight of the newest outcome: a quarter. From 50%, one dishonest or missed outcome
/// takes a node to 37.5%, under the [`DEFAULT_THRESHOLD`] of 40%.
pub const SMOOTHING: Perbill = Perbill::from_percent(25);

/// Under this trust a node is flagged, unless the network votes another threshold: the
/// default policy's `trust_threshold`.
pub const DEFAULT_THRESHOLD: Perbill = Perbill::from_percent(40);

/// `trust` after one outcome weighted by `smoothing`: an honest one closes that share of the
/// gap to 100%, a dishonest one takes that share of the trust away.
pub fn after_outcome(trust: Perbill, honest: bool, smoothing: Perbill) -> Perbill {
	if honest {
		trust.saturating_add(smoothing * trust.left_from_one())
	} else {
		trust.saturating_sub(smoothing * trust)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn outcomes_move_trust_by_the_smoothing_share() {
		assert_eq!(after_outcome(INITIAL, false, SMOOTHING), Perbill::from_parts(375_000_000));
		assert_eq!(after_outcome(INITIAL, true, SMOOTHING), Perbill::from_parts(625_000_000));
		assert_eq!(after_outcome(Perbill::one(), true, SMOOTHING), Perbill::one());
		assert_eq!(after_outcome(Perbill::zero(), false, SMOOTHING), Perbill::zero());
	}
}
