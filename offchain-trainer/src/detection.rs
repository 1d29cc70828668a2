//! What sampled re-execution catches, and how much of it a validator must do so that cheating
//! does not pay.
//!
//! A run of `S` segments is checked by `k` validators. Each re-executes the last segment and
//! `r − 1` of the other `S − 1`, drawn with its own seed after the update was committed. A
//! trainer that fakes `f` segments other than the last (faking the last is always caught) is
//! caught by one validator with probability `p = 1 − C(S−1−f, r−1) / C(S−1, r−1)`, and judged
//! Invalid when a strict majority of the `k` catch it: `P = Σ_{i > k/2} C(k,i) pᶦ (1−p)ᵏ⁻ᶦ`.
//!
//! Faking saves at most `f/S` of the run's cost, which a rational trainer prices at no more than
//! its reward `R`. Caught, it loses the reward and its slash `B`. So cheating does not pay when
//! `P · (B + R) ≥ (f/S) · R` for every `f`; [`segments_needed`] is the least `r` for which that
//! holds.

/// `n` choose `k`, as a float (exact for the sizes here: at most 64 segments or validators).
fn choose(n: u32, k: u32) -> f64 {
	if k > n {
		return 0.0;
	}
	(0..k.min(n - k)).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1))
}

/// The chance that one validator replaying `replayed` of `segments` segments (the last always)
/// replays at least one of `faked` faked segments that are not the last.
pub fn caught_by_one(segments: u32, replayed: u32, faked: u32) -> f64 {
	let (others, drawn) = (segments.saturating_sub(1), replayed.clamp(1, segments) - 1);
	if faked == 0 {
		return 0.0;
	}
	if faked >= others {
		return if drawn > 0 { 1.0 } else { 0.0 };
	}
	1.0 - choose(others - faked, drawn) / choose(others, drawn)
}

/// The chance that a strict majority of `validators`, each catching the fake with probability
/// `p` on its own sample, judges it Invalid.
pub fn caught_by_majority(p: f64, validators: u32) -> f64 {
	(validators / 2 + 1..=validators)
		.map(|i| choose(validators, i) * p.powi(i as i32) * (1.0 - p).powi((validators - i) as i32))
		.sum()
}

/// Whether faking some segments pays for a trainer whose round reward is `reward` and whose
/// slash is `slash` (any unit), when `validators` each replay `replayed` of `segments`: the
/// fewest faked segments that pay, if any.
pub fn cheating_pays(
	segments: u32,
	replayed: u32,
	validators: u32,
	reward: f64,
	slash: f64,
) -> Option<u32> {
	(1..segments).find(|&faked| {
		let caught = caught_by_majority(caught_by_one(segments, replayed, faked), validators);
		caught * (slash + reward) < f64::from(faked) / f64::from(segments) * reward
	})
}

/// The fewest segments each of `validators` must replay of a run of `segments` so that no
/// fake pays a trainer risking `slash` for `reward`: all of them when none fewer do.
pub fn segments_needed(segments: u32, validators: u32, reward: f64, slash: f64) -> u32 {
	(1..=segments)
		.find(|&replayed| cheating_pays(segments, replayed, validators, reward, slash).is_none())
		.unwrap_or(segments)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn one_validator_catches_what_its_sample_covers() {
		// Two of three other segments drawn: one faked segment is missed one time in three.
		assert!((caught_by_one(4, 3, 1) - 2.0 / 3.0).abs() < 1e-12);
		assert_eq!(caught_by_one(4, 4, 1), 1.0);
		assert_eq!(caught_by_one(4, 1, 2), 0.0, "the last segment alone covers no fake");
		assert_eq!(caught_by_one(10, 3, 0), 0.0);
	}

	#[test]
	fn a_majority_must_catch_it() {
		assert!((caught_by_majority(0.5, 1) - 0.5).abs() < 1e-12);
		assert!((caught_by_majority(0.5, 2) - 0.25).abs() < 1e-12, "both of two");
		assert!((caught_by_majority(0.5, 3) - 0.5).abs() < 1e-12, "two of three");
	}

	#[test]
	fn enough_segments_make_every_fake_a_loss() {
		// A long run, two validators, reward as large as the slash: seven of 64 segments.
		assert_eq!(segments_needed(64, 2, 1.0, 1.0), 7);
		assert_eq!(cheating_pays(64, 7, 2, 1.0, 1.0), None);
		assert_eq!(cheating_pays(64, 6, 2, 1.0, 1.0), Some(1));
		// A short run needs most of it replayed.
		assert_eq!(segments_needed(4, 2, 1.0, 1.0), 3);
		// With no slash at all, the lost reward alone deters a trainer sampled often enough.
		assert_eq!(segments_needed(16, 2, 1.0, 0.0), 5);
		// One validator, or three, need fewer than two: a majority of two is both.
		assert_eq!((segments_needed(16, 1, 1.0, 1.0), segments_needed(16, 3, 1.0, 1.0)), (2, 3));
	}
}
