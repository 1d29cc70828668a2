//! BLAKE2b-256 content hashes, written as 64 lowercase hexadecimal characters; the same bytes
//! as the chain's [`H256`].

use std::{fmt, str::FromStr};

use aicchain_task::H256;
use blake2::{digest::consts::U32, Blake2b, Digest};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An incremental BLAKE2b-256 hasher.
pub type Hasher = Blake2b<U32>;

/// The BLAKE2b-256 hash that names an artifact or a data set.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash256(pub [u8; 32]);

impl Hash256 {
	/// The hash of `bytes`.
	pub fn of(bytes: &[u8]) -> Self {
		Self::from_hasher(Hasher::new_with_prefix(bytes))
	}

	/// The hash accumulated in `hasher`.
	pub fn from_hasher(hasher: Hasher) -> Self {
		Self(hasher.finalize().into())
	}
}

impl fmt::Display for Hash256 {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(&hex::encode(self.0))
	}
}

impl fmt::Debug for Hash256 {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		fmt::Display::fmt(self, f)
	}
}

/// Text that is not a [`Hash256`]: the text as it was given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("malformed hash `{0}`: expected 64 hexadecimal characters")]
pub struct MalformedHash(pub String);

impl FromStr for Hash256 {
	type Err = MalformedHash;

	/// Parses 64 hexadecimal characters, with or without a `0x` prefix.
	fn from_str(s: &str) -> Result<Self, MalformedHash> {
		let digits = s.strip_prefix("0x").unwrap_or(s);
		let mut bytes = [0u8; 32];
		hex::decode_to_slice(digits, &mut bytes).map_err(|_| MalformedHash(s.into()))?;
		Ok(Self(bytes))
	}
}

impl From<H256> for Hash256 {
	fn from(hash: H256) -> Self {
		Self(hash.0)
	}
}

impl From<Hash256> for H256 {
	fn from(hash: Hash256) -> Self {
		H256(hash.0)
	}
}

impl Serialize for Hash256 {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_str(self)
	}
}

impl<'de> Deserialize<'de> for Hash256 {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = String::deserialize(deserializer)?;
		text.parse().map_err(serde::de::Error::custom)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn known_vector_and_hex_round_trip() {
		// BLAKE2b-256 of the empty string (RFC 7693 parameters, 32-byte output).
		let empty = Hash256::of(b"");
		assert_eq!(
			empty.to_string(),
			"0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
		);
		assert_eq!(empty.to_string().parse::<Hash256>().unwrap(), empty);
		assert_eq!(format!("0x{empty}").parse::<Hash256>().unwrap(), empty);
	}

	#[test]
	fn rejects_malformed_hex() {
		assert_eq!("abc".parse::<Hash256>(), Err(MalformedHash("abc".into())));
		assert!(matches!("zz".repeat(32).parse::<Hash256>(), Err(MalformedHash(_))));
	}
}
