//! Data sets: loaders for MNIST IDX folders, CSV tables and plain text; content hashes;
//! deterministic shards, held-out splits and batches.
//!
//! A data set is named by the BLAKE2b-256 hash of its canonical bytes (see
//! [`Dataset::hash`]), so two trainers that loaded the same examples agree on its name
//! whatever file format they came from.

use std::{
	fs,
	io::Read,
	path::{Path, PathBuf},
};

use blake2::Digest;
use serde::{Deserialize, Serialize};
use tch::{Kind, Tensor};

use crate::{
	error::{Error, Result},
	hash::{Hash256, Hasher},
	rng::Rng,
	tensor::tensor_bytes,
};

/// Share of a data set kept for held-out evaluation when its files do not name a test split.
const HELD_OUT_PERCENT: usize = 10;

/// Labelled images or a text corpus.
#[derive(Debug)]
pub enum Examples {
	/// `features`: f32 `[n, channels, height, width]` in `[0, 1]`; `labels`: i64 `[n]`.
	Images { features: Tensor, labels: Tensor },
	/// The corpus as bytes (i64 `[len]`): the model is character (byte) level.
	Text { tokens: Tensor },
}

impl Examples {
	/// Number of examples: images, or text positions.
	pub fn len(&self) -> usize {
		match self {
			Self::Images { labels, .. } => labels.size()[0] as usize,
			Self::Text { tokens } => tokens.size()[0] as usize,
		}
	}

	/// Whether there are no examples.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// A fixed sample of at most `n` images, drawn with replacement by a SplitMix64 stream
	/// keyed by `seed`: the same everywhere. Text is returned as it is (evaluation already
	/// reads a bounded number of windows).
	pub fn sample(&self, n: usize, seed: u64) -> Self {
		match self {
			Self::Images { features, labels } if self.len() > n => {
				let mut rng = Rng::keyed(seed, 0);
				let len = self.len() as u64;
				let picks: Vec<i64> = (0..n).map(|_| (rng.next_u64() % len) as i64).collect();
				let index = Tensor::from_slice(&picks);
				Self::Images {
					features: features.index_select(0, &index),
					labels: labels.index_select(0, &index),
				}
			}
			other => other.slice(0, other.len()),
		}
	}

	/// The examples `start..end` (shallow: shares storage).
	fn slice(&self, start: usize, end: usize) -> Self {
		let (start, end) = (start as i64, end as i64);
		match self {
			Self::Images { features, labels } => Self::Images {
				features: features.narrow(0, start, end - start),
				labels: labels.narrow(0, start, end - start),
			},
			Self::Text { tokens } => Self::Text { tokens: tokens.narrow(0, start, end - start) },
		}
	}
}

/// A loaded data set: a training part that is sharded, and a held-out part for evaluation.
#[derive(Debug)]
pub struct Dataset {
	/// Where it was loaded from (for messages only).
	pub source: PathBuf,
	/// The BLAKE2b-256 hash of its canonical bytes.
	pub hash: Hash256,
	/// The part trainers train on, shard by shard.
	pub train: Examples,
	/// The part validators evaluate on.
	pub held_out: Examples,
	/// Number of classes (images) or the vocabulary size (text: 256 byte values).
	pub classes: i64,
}

/// Shard `index` of `count`: a contiguous, deterministic slice of the training part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
	/// Zero-based shard number.
	pub index: u32,
	/// Number of shards the training part is cut into.
	pub count: u32,
}

impl Shard {
	/// The whole training part.
	pub const WHOLE: Shard = Shard { index: 0, count: 1 };

	/// Checks `index < count`.
	pub fn check(&self) -> Result<()> {
		if self.count == 0 || self.index >= self.count {
			return Err(Error::InvalidRequest(format!(
				"shard {} of {} does not exist",
				self.index, self.count
			)));
		}
		Ok(())
	}
}

impl Dataset {
	/// Loads a data set, choosing the loader by the path: a folder of MNIST IDX files,
	/// a `.csv` table (label first, then features), or anything else as UTF-8 text.
	/// `.gz` files are decompressed.
	pub fn open(path: &Path) -> Result<Self> {
		let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
		let name = name.strip_suffix(".gz").unwrap_or(name);
		if path.is_dir() {
			Self::from_idx_dir(path)
		} else if name.ends_with(".csv") {
			Self::from_csv(path)
		} else {
			Self::from_text(path)
		}
	}

	/// An MNIST-style folder: `train-images-idx3-ubyte` and `train-labels-idx1-ubyte`,
	/// optionally `t10k-*` as the held-out part (each may be gzipped).
	pub fn from_idx_dir(dir: &Path) -> Result<Self> {
		let train = read_idx_pair(dir, "train")?.ok_or_else(|| {
			Error::InvalidData(format!("{}: no train-*-ubyte files", dir.display()))
		})?;
		let (train, held_out) = match read_idx_pair(dir, "t10k")? {
			Some(test) => (train, test),
			None => split_held_out(train),
		};
		Self::images(dir, train, held_out)
	}

	/// A CSV table of `label, feature, feature, ...` rows; an optional header row is skipped.
	/// The features of a row form a square grey image, scaled to `[0, 1]` by the table's
	/// largest value. The last 10% of rows are held out.
	pub fn from_csv(path: &Path) -> Result<Self> {
		let text = String::from_utf8(read_maybe_gz(path)?)
			.map_err(|_| Error::InvalidData(format!("{}: not UTF-8", path.display())))?;
		let mut labels = Vec::new();
		let mut values = Vec::new();
		let mut width = None;
		for (line_no, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
			let fields: std::result::Result<Vec<f32>, _> =
				line.split(',').map(|f| f.trim().parse::<f32>()).collect();
			let Ok(fields) = fields else {
				if line_no == 0 {
					continue; // a header
				}
				return Err(Error::InvalidData(format!(
					"{}:{}: not a row of numbers",
					path.display(),
					line_no + 1
				)));
			};
			let row_width = fields.len() - 1;
			if *width.get_or_insert(row_width) != row_width || row_width == 0 {
				return Err(Error::InvalidData(format!(
					"{}:{}: expected a label and {} features",
					path.display(),
					line_no + 1,
					width.unwrap_or_default()
				)));
			}
			let label = fields[0];
			if label < 0.0 || label.fract() != 0.0 {
				return Err(Error::InvalidData(format!(
					"{}:{}: the label {label} is not a class number",
					path.display(),
					line_no + 1
				)));
			}
			labels.push(label as i64);
			values.extend_from_slice(&fields[1..]);
		}
		let width =
			width.ok_or_else(|| Error::InvalidData(format!("{}: no rows", path.display())))?;
		let side = (width as f64).sqrt() as i64;
		if side * side != width as i64 {
			return Err(Error::InvalidData(format!(
				"{}: {width} features per row do not form a square image",
				path.display()
			)));
		}
		let max = values.iter().cloned().fold(0f32, f32::max).max(1.0);
		let n = labels.len() as i64;
		let features = (Tensor::from_slice(&values) / f64::from(max)).view([n, 1, side, side]);
		let images = (features, Tensor::from_slice(&labels));
		let (train, held_out) = split_held_out(images);
		Self::images(path, train, held_out)
	}

	/// A UTF-8 text corpus, read as bytes; the last 10% is held out.
	pub fn from_text(path: &Path) -> Result<Self> {
		let bytes = read_maybe_gz(path)?;
		if std::str::from_utf8(&bytes).is_err() {
			return Err(Error::InvalidData(format!("{}: not UTF-8 text", path.display())));
		}
		if bytes.len() < 1024 {
			return Err(Error::InvalidData(format!(
				"{}: {} bytes is too small a corpus",
				path.display(),
				bytes.len()
			)));
		}
		let split = bytes.len() - bytes.len() * HELD_OUT_PERCENT / 100;
		let mut hasher = Hasher::new_with_prefix(b"aicchain-text-v1");
		hasher.update((split as u64).to_le_bytes());
		hasher.update(&bytes);
		let tokens = Tensor::from_slice(&bytes).to_kind(Kind::Int64);
		let all = Examples::Text { tokens };
		Ok(Self {
			source: path.into(),
			hash: Hash256::from_hasher(hasher),
			train: all.slice(0, split),
			held_out: all.slice(split, bytes.len()),
			classes: 256,
		})
	}

	/// Builds an image data set and its hash: a domain tag, the dimensions, then the f32
	/// features and i64 labels of both parts, little-endian.
	fn images(source: &Path, train: (Tensor, Tensor), held_out: (Tensor, Tensor)) -> Result<Self> {
		let classes = train.1.max().int64_value(&[]).max(held_out.1.max().int64_value(&[])) + 1;
		let mut hasher = Hasher::new_with_prefix(b"aicchain-images-v1");
		for (features, labels) in [&train, &held_out] {
			for dim in features.size() {
				hasher.update((dim as u64).to_le_bytes());
			}
			hasher.update(tensor_bytes(features));
			hasher.update(tensor_bytes(labels));
		}
		let examples = |(features, labels)| Examples::Images { features, labels };
		Ok(Self {
			source: source.into(),
			hash: Hash256::from_hasher(hasher),
			train: examples(train),
			held_out: examples(held_out),
			classes,
		})
	}

	/// The training examples of `shard`.
	pub fn shard(&self, shard: Shard) -> Result<Examples> {
		shard.check()?;
		let n = self.train.len();
		let start = n * shard.index as usize / shard.count as usize;
		let end = n * (shard.index as usize + 1) / shard.count as usize;
		Ok(self.train.slice(start, end))
	}
}

/// Splits off the last 10% of examples as the held-out part.
fn split_held_out((features, labels): (Tensor, Tensor)) -> ((Tensor, Tensor), (Tensor, Tensor)) {
	let n = labels.size()[0];
	let held = n * HELD_OUT_PERCENT as i64 / 100;
	let part = |start, len| (features.narrow(0, start, len), labels.narrow(0, start, len));
	(part(0, n - held), part(n - held, held))
}

/// Reads `path`, decompressing it when it ends in `.gz`.
fn read_maybe_gz(path: &Path) -> Result<Vec<u8>> {
	let raw = fs::read(path)?;
	if path.extension().is_some_and(|e| e == "gz") {
		let mut out = Vec::new();
		flate2::read::GzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
		Ok(out)
	} else {
		Ok(raw)
	}
}

/// Reads `<prefix>-images-idx3-ubyte[.gz]` and `<prefix>-labels-idx1-ubyte[.gz]` from `dir`.
fn read_idx_pair(dir: &Path, prefix: &str) -> Result<Option<(Tensor, Tensor)>> {
	let find = |stem: String| {
		[dir.join(&stem), dir.join(format!("{stem}.gz"))].into_iter().find(|p| p.exists())
	};
	let (Some(images), Some(labels)) =
		(find(format!("{prefix}-images-idx3-ubyte")), find(format!("{prefix}-labels-idx1-ubyte")))
	else {
		return Ok(None);
	};
	let (image_bytes, label_bytes) = (read_maybe_gz(&images)?, read_maybe_gz(&labels)?);
	let (image_dims, pixels) = parse_idx(&images, &image_bytes)?;
	let (label_dims, label_bytes) = parse_idx(&labels, &label_bytes)?;
	if image_dims.len() != 3 || label_dims.len() != 1 || image_dims[0] != label_dims[0] {
		return Err(Error::InvalidData(format!(
			"{}: {image_dims:?} images do not match {label_dims:?} labels",
			dir.display()
		)));
	}
	let (n, h, w) = (image_dims[0], image_dims[1], image_dims[2]);
	let features = Tensor::from_slice(pixels).to_kind(Kind::Float).view([n, 1, h, w]) / 255.0;
	let labels = Tensor::from_slice(label_bytes).to_kind(Kind::Int64);
	Ok(Some((features, labels)))
}

/// Parses an IDX file of unsigned bytes: its dimensions and its data.
fn parse_idx<'a>(path: &Path, bytes: &'a [u8]) -> Result<(Vec<i64>, &'a [u8])> {
	let bad = |why: &str| Error::InvalidData(format!("{}: {why}", path.display()));
	if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 {
		return Err(bad("not an IDX file of unsigned bytes"));
	}
	let rank = bytes[3] as usize;
	let header = 4 + 4 * rank;
	let dims: Vec<i64> = bytes
		.get(4..header)
		.ok_or_else(|| bad("truncated header"))?
		.chunks(4)
		.map(|d| u32::from_be_bytes([d[0], d[1], d[2], d[3]]) as i64)
		.collect();
	let len = dims.iter().product::<i64>() as usize;
	let data = bytes.get(header..header + len).ok_or_else(|| bad("truncated data"))?;
	Ok((dims, data))
}

#[cfg(test)]
mod tests {
	use super::*;

	/// A fresh folder for one test's files.
	fn scratch(name: &str) -> PathBuf {
		let dir = std::env::temp_dir().join(format!("aicchain-data-{}-{name}", std::process::id()));
		let _ = fs::remove_dir_all(&dir);
		fs::create_dir_all(&dir).unwrap();
		dir
	}

	/// An IDX file of unsigned bytes with `dims`.
	fn idx(dims: &[u32], data: &[u8]) -> Vec<u8> {
		let mut bytes = vec![0, 0, 0x08, dims.len() as u8];
		for d in dims {
			bytes.extend_from_slice(&d.to_be_bytes());
		}
		bytes.extend_from_slice(data);
		bytes
	}

	#[test]
	fn csv_rows_become_square_images_with_a_held_out_tail() {
		let dir = scratch("csv");
		let mut text = String::from("label,p0,p1,p2,p3\n");
		for i in 0..20 {
			text += &format!("{},{},0,0,{}\n", i % 3, i, 2 * i);
		}
		let path = dir.join("table.csv");
		fs::write(&path, &text).unwrap();
		let data = Dataset::open(&path).unwrap();
		assert_eq!((data.train.len(), data.held_out.len(), data.classes), (18, 2, 3));
		let Examples::Images { features, labels } = &data.train else { panic!("images") };
		assert_eq!(features.size(), [18, 1, 2, 2]);
		assert_eq!(labels.int64_value(&[4]), 1);
		// Scaled by the table's largest value, 38.
		assert!((features.double_value(&[19 - 2, 0, 1, 1]) - 34.0 / 38.0).abs() < 1e-6);

		// The same rows give the same hash; a changed pixel another one.
		assert_eq!(Dataset::open(&path).unwrap().hash, data.hash);
		fs::write(&path, text.replacen("0,0,0,0", "0,0,1,0", 1)).unwrap();
		assert_ne!(Dataset::open(&path).unwrap().hash, data.hash);
	}

	#[test]
	fn malformed_csv_is_refused_with_the_line() {
		let dir = scratch("bad-csv");
		let path = dir.join("bad.csv");
		for (text, expected) in [
			("1,2,3,4,5\n1,2,3\n", "table.csv:2"),
			("1,2,3,4,5\nx,1,2,3,4\n", ":2: not a row of numbers"),
			("1.5,2,3,4,5\n", "not a class number"),
			("1,2,3\n", "do not form a square image"),
		] {
			fs::write(&path, text).unwrap();
			let error = Dataset::open(&path).unwrap_err().to_string();
			let expected = expected.replace("table.csv", "bad.csv");
			assert!(error.contains(&expected), "{text:?}: {error}");
		}
	}

	#[test]
	fn idx_folders_load_with_or_without_a_test_split() {
		let dir = scratch("idx");
		let pixels: Vec<u8> = (0..10 * 4).map(|i| i as u8).collect();
		fs::write(dir.join("train-images-idx3-ubyte"), idx(&[10, 2, 2], &pixels)).unwrap();
		fs::write(dir.join("train-labels-idx1-ubyte"), idx(&[10], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))
			.unwrap();
		let data = Dataset::open(&dir).unwrap();
		assert_eq!((data.train.len(), data.held_out.len(), data.classes), (9, 1, 10));

		fs::write(dir.join("t10k-images-idx3-ubyte"), idx(&[2, 2, 2], &pixels[..8])).unwrap();
		fs::write(dir.join("t10k-labels-idx1-ubyte"), idx(&[2], &[1, 0])).unwrap();
		let data = Dataset::open(&dir).unwrap();
		assert_eq!((data.train.len(), data.held_out.len()), (10, 2));

		fs::write(dir.join("t10k-labels-idx1-ubyte"), idx(&[3], &[1, 0])).unwrap();
		let error = Dataset::open(&dir).unwrap_err().to_string();
		assert!(error.contains("truncated data"), "{error}");
	}

	#[test]
	fn text_is_split_and_sharded_deterministically() {
		let dir = scratch("text");
		let path = dir.join("corpus.txt");
		fs::write(&path, "to be or not to be. ".repeat(100)).unwrap();
		let data = Dataset::open(&path).unwrap();
		assert_eq!((data.train.len(), data.held_out.len(), data.classes), (1800, 200, 256));
		let shards: Vec<usize> =
			(0..3).map(|index| data.shard(Shard { index, count: 3 }).unwrap().len()).collect();
		assert_eq!(shards, [600, 600, 600]);
		assert!(data.shard(Shard { index: 3, count: 3 }).is_err());

		fs::write(&path, "too short").unwrap();
		assert!(Dataset::open(&path).unwrap_err().to_string().contains("too small"));
		fs::write(&path, [0xff; 2048]).unwrap();
		assert!(Dataset::open(&path).unwrap_err().to_string().contains("not UTF-8"));
	}
}
