//! The artifact store ("BlockStore"): bytes on disk named by their BLAKE2b-256 hash —
//! checkpoints as safetensors, descriptors as JSON. Every read is verified.

use std::{fs, io::Write, path::PathBuf};

use crate::{
	error::{Error, Result},
	hash::Hash256,
};

/// Default size limit of one artifact: 256 MiB.
pub const DEFAULT_MAX_ARTIFACT: u64 = 256 << 20;

/// A content-addressed folder of artifacts.
#[derive(Clone, Debug)]
pub struct ArtifactStore {
	dir: PathBuf,
	max_size: u64,
}

impl ArtifactStore {
	/// A store in `dir` (created if missing) that refuses artifacts over `max_size` bytes.
	pub fn open(dir: impl Into<PathBuf>, max_size: u64) -> Result<Self> {
		let dir = dir.into();
		fs::create_dir_all(&dir)?;
		Ok(Self { dir, max_size })
	}

	/// The size limit of one artifact.
	pub fn max_size(&self) -> u64 {
		self.max_size
	}

	/// Stores `bytes` and returns their hash (storing the same bytes twice is a no-op).
	pub fn put(&self, bytes: &[u8]) -> Result<Hash256> {
		self.check_size(bytes.len() as u64)?;
		let hash = Hash256::of(bytes);
		let path = self.path(&hash);
		if !path.exists() {
			// Write aside, then rename: readers never see half an artifact.
			let partial = self.dir.join(format!("{hash}.partial"));
			fs::File::create(&partial)?.write_all(bytes)?;
			fs::rename(&partial, &path)?;
		}
		Ok(hash)
	}

	/// The artifact `hash`, checked against its name.
	pub fn get(&self, hash: &Hash256) -> Result<Vec<u8>> {
		let bytes = self.read(hash)?;
		verify(hash, &bytes)?;
		Ok(bytes)
	}

	/// The artifact `hash` as stored, not checked against its name: for callers that check
	/// what they decode from it (see `validate`).
	pub fn read(&self, hash: &Hash256) -> Result<Vec<u8>> {
		fs::read(self.path(hash)).map_err(|e| match e.kind() {
			std::io::ErrorKind::NotFound => Error::UnknownArtifact(*hash),
			_ => e.into(),
		})
	}

	/// Whether the store holds `hash`.
	pub fn contains(&self, hash: &Hash256) -> bool {
		self.path(hash).exists()
	}

	/// Deletes `hash` (only faulty trainers withhold what they published).
	#[cfg(feature = "fault-injection")]
	pub fn remove(&self, hash: &Hash256) -> Result<()> {
		Ok(fs::remove_file(self.path(hash))?)
	}

	/// Refuses sizes over the limit.
	pub fn check_size(&self, size: u64) -> Result<()> {
		if size > self.max_size {
			return Err(Error::TooLarge { size, limit: self.max_size });
		}
		Ok(())
	}

	fn path(&self, hash: &Hash256) -> PathBuf {
		self.dir.join(hash.to_string())
	}
}

/// Checks that `bytes` hash to `expected`.
pub fn verify(expected: &Hash256, bytes: &[u8]) -> Result<()> {
	let actual = Hash256::of(bytes);
	if actual != *expected {
		return Err(Error::HashMismatch { expected: *expected, actual });
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn store(limit: u64) -> (ArtifactStore, PathBuf) {
		let dir =
			std::env::temp_dir().join(format!("aicchain-store-{}-{limit}", std::process::id()));
		let _ = fs::remove_dir_all(&dir);
		(ArtifactStore::open(&dir, limit).unwrap(), dir)
	}

	#[test]
	fn put_then_get_by_hash() {
		let (store, _dir) = store(1024);
		let hash = store.put(b"weights").unwrap();
		assert_eq!(hash, Hash256::of(b"weights"));
		assert_eq!(store.get(&hash).unwrap(), b"weights");
		assert!(matches!(store.get(&Hash256::of(b"other")), Err(Error::UnknownArtifact(_))));
	}

	#[test]
	fn refuses_oversize_and_detects_corruption() {
		let (store, dir) = store(4);
		assert!(matches!(store.put(b"too long"), Err(Error::TooLarge { size: 8, limit: 4 })));
		let hash = store.put(b"abc").unwrap();
		fs::write(dir.join(hash.to_string()), b"abd").unwrap();
		assert!(matches!(store.get(&hash), Err(Error::HashMismatch { .. })));
	}
}
