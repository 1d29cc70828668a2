//! The trainer's one error type; every variant is a message a user can act on.

use crate::hash::{Hash256, MalformedHash};

/// Why a trainer operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	#[error(transparent)]
	MalformedHash(#[from] MalformedHash),
	#[error("unknown artifact {0}: it is not in this trainer's store")]
	UnknownArtifact(Hash256),
	#[error("unknown data set {0}: this trainer has not loaded it")]
	UnknownDataset(Hash256),
	#[error("invalid model spec: {0}")]
	InvalidSpec(String),
	#[error("shape mismatch: {0}")]
	ShapeMismatch(String),
	#[error("invalid data: {0}")]
	InvalidData(String),
	#[error("invalid request: {0}")]
	InvalidRequest(String),
	#[error("artifact too large: {size} bytes, the limit is {limit}")]
	TooLarge { size: u64, limit: u64 },
	#[error("artifact {expected} failed its hash check: the bytes hash to {actual}")]
	HashMismatch { expected: Hash256, actual: Hash256 },
	#[error("the trainer is busy with task {0}; try again when it has finished")]
	Busy(u64),
	#[error("unknown task {0}")]
	UnknownTask(u64),
	#[error("fetching {url} failed: {reason}")]
	Fetch { url: String, reason: String },
	#[error("libtorch: {0}")]
	Torch(#[from] tch::TchError),
	#[error("safetensors: {0}")]
	Safetensors(#[from] safetensors::SafeTensorError),
	#[error("I/O: {0}")]
	Io(#[from] std::io::Error),
}

/// A trainer result.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_malformed_hash_says_what_it_was() {
		let error = Error::from("abc".parse::<Hash256>().unwrap_err());
		assert!(matches!(error, Error::MalformedHash(_)));
		assert_eq!(error.to_string(), "malformed hash `abc`: expected 64 hexadecimal characters");
	}
}
