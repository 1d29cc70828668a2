//! The learned matching policy, off-chain: a market simulator to train and judge it in, the
//! policies it is compared with, its float network and fixed-point quantisation, PPO, and the
//! measurements behind `aicchain-trainer policy` (evaluation tables, fixed-point fidelity).
//!
//! The chain's side of everything a policy sees or computes — a candidate's features, the
//! linear default, the fixed-point network and its bytes — is `aicchain-matching`'s, used here
//! as is, so that what is trained and measured is what the runtime runs.

pub mod evaluate;
pub mod fidelity;
pub mod market;
pub mod net;
pub mod policies;
pub mod ppo;

use aicchain_matching::{PolicyError, PolicyNet};

use crate::error::{Error, Result};

/// The policy encoded in `bytes`, or why they are not one.
pub fn decode(bytes: &[u8]) -> Result<PolicyNet> {
	PolicyNet::from_bytes(bytes).map_err(|error| {
		Error::InvalidData(match error {
			PolicyError::TooLarge => format!(
				"not a matching policy: {} bytes, more than the {} the chain accepts",
				bytes.len(),
				aicchain_matching::net::MAX_POLICY_BYTES
			),
			PolicyError::Malformed => {
				"not a matching policy: not the SCALE encoding of a PolicyNet (or bytes left over after \
				 one)"
					.into()
			}
			PolicyError::BadUnitCount => format!(
				"not a matching policy: no hidden unit, or more than {}",
				aicchain_matching::net::MAX_UNITS
			),
		})
	})
}
