//! The trainer's JSON-RPC, written once: the methods `aicchain-trainer serve` answers, their
//! parameters and answers, and its error codes. The node's off-chain worker calls it with
//! these types and the trainer answers with them, so a change here is a compile error on the
//! other side, not a failed network test.
//!
//! JSON-RPC 2.0 over HTTP, positional parameters. Hashes of the chain's own types
//! ([`TaskSpec`], [`UpdateReport`]) are written `0x…`, as polkadot.js writes them; hashes the
//! trainer names artifacts and data sets by are written as its artifact store names them, 64
//! hexadecimal digits without `0x` ([`bare_hex`]). Both forms are accepted everywhere.
//!
//! Where the trainer tells people more than the chain reads (a run's full report, everything a
//! validation measured), the answer carries it in a field of a type parameter: the trainer's
//! own type on its side, [`IgnoredAny`] on the worker's.

use alloc::{format, string::String, vec::Vec};
use codec::{Decode, Encode};
pub use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::{Measured, TaskSpec, UpdateReport, Verdict, H256};

/// The methods' names, each with its parameters and answer.
pub mod method {
	/// `[]` → [`Info`](super::Info).
	pub const INFO: &str = "trainer_info";
	/// `[task: TaskSpec, base_from: url | null, gpu: bool | null]` → the task's id (`u64`):
	/// starts training `task`, its base fetched from `base_from` when the trainer lacks it, on
	/// the trainer's GPU when `gpu` is `true`, else on its CPU.
	pub const TRAIN: &str = "trainer_train";
	/// `[id: u64]` → [`TaskStatus`](super::TaskStatus).
	pub const STATUS: &str = "trainer_status";
	/// `[check: UpdateCheck, peer: url | null]` → [`Judgement`](super::Judgement), fetching
	/// the update's artifacts from `peer`.
	pub const VALIDATE: &str = "trainer_validate";
	/// `[inputs: [MergeInput], peers: [url]]` → [`MergeReport`](super::MergeReport), fetching
	/// missing updates from `peers`.
	pub const MERGE: &str = "trainer_merge";
	/// `[model: ModelKind, dataset: hash, weights: hash | null, init_seed: u64, from: url |
	/// null]` → [`Evaluation`](super::Evaluation).
	pub const EVALUATE: &str = "trainer_evaluate";
	/// `[bytes: hex]` → the artifact's hash.
	pub const PUT_ARTIFACT: &str = "trainer_putArtifact";
	/// `[hash]` → the artifact's bytes, in hex.
	pub const GET_ARTIFACT: &str = "trainer_getArtifact";

	/// Every method, as the trainer registers them.
	pub const ALL: [&str; 8] =
		[INFO, TRAIN, STATUS, VALIDATE, MERGE, EVALUATE, PUT_ARTIFACT, GET_ARTIFACT];
}

/// The trainer's JSON-RPC error codes: its own, and the two of JSON-RPC's it answers with.
pub mod code {
	/// The parameters are malformed or out of bounds (JSON-RPC's "invalid params").
	pub const INVALID_PARAMS: i32 = -32602;
	/// libtorch or the disk failed (JSON-RPC's "internal error").
	pub const INTERNAL: i32 = -32603;
	/// The artifact is not in the store.
	pub const UNKNOWN_ARTIFACT: i32 = 1001;
	/// The data set is not loaded.
	pub const UNKNOWN_DATASET: i32 = 1002;
	/// No task has that id (the trainer restarted and forgot it).
	pub const UNKNOWN_TASK: i32 = 1003;
	/// A training task is running.
	pub const BUSY: i32 = 1004;
	/// An artifact is over the size limit.
	pub const TOO_LARGE: i32 = 1005;
	/// Bytes do not match their hash.
	pub const HASH_MISMATCH: i32 = 1006;
	/// A peer could not be reached or answered wrongly.
	pub const FETCH_FAILED: i32 = 1007;
}

/// What `trainer_info` answers: the trainer, its data sets and its work.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Info {
	/// The trainer's version.
	pub version: String,
	/// The torch libraries it was built against.
	pub torch: String,
	/// Where it trains (`cpu`, `cuda:0`).
	pub device: String,
	/// Whether CUDA is usable.
	pub cuda: bool,
	/// libtorch intra-op threads.
	pub threads: i32,
	/// The data sets it can train on.
	pub datasets: Vec<DatasetInfo>,
	/// Largest artifact it stores or serves, in bytes.
	pub max_artifact: u64,
	/// What it has done since it started.
	pub work: Work,
}

/// A data set a trainer has loaded.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct DatasetInfo {
	/// Its content hash (what tasks name).
	#[serde(with = "bare_hex")]
	pub hash: H256,
	/// Where it was loaded from.
	pub source: String,
	/// Training examples.
	pub train: u64,
	/// Held-out examples.
	pub held_out: u64,
}

/// A trainer's work since it started (its counters restart with it): what its node reports
/// as its performance.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Work {
	/// Milliseconds since the service started.
	pub uptime_ms: u64,
	/// Milliseconds spent on jobs (training, validating, merging, evaluating).
	pub busy_ms: u64,
	/// Examples trained on.
	pub samples: u64,
	/// Milliseconds spent training them.
	pub train_ms: u64,
	/// Energy the host's CPU packages used since the service started, in microjoules, where
	/// the host measures it (Linux powercap, Intel RAPL); `null` elsewhere.
	pub energy_uj: Option<u64>,
}

/// Progress of a run, reported every few steps.
#[derive(Clone, Copy, PartialEq, Debug, Serialize, Deserialize)]
pub struct Progress {
	/// Steps done.
	pub step: u32,
	/// Steps in all.
	pub steps: u32,
	/// Loss of the last batch.
	pub loss: f64,
}

/// Where a training task stands, as `trainer_status` answers; `Report` is the run's full
/// report, which the chain does not read.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TaskStatus<Report = IgnoredAny> {
	/// Waiting or running; `progress` after the first report.
	Running {
		/// How far it is.
		progress: Option<Progress>,
	},
	/// Finished.
	Done {
		/// The run's full report.
		report: Report,
		/// The update as the chain records it.
		update: UpdateReport,
	},
	/// Stopped with an error.
	Failed {
		/// Why.
		error: String,
	},
}

/// An update to judge, as the chain has it: what `trainer_validate` takes.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateCheck {
	/// The task the round assigned to the trainer.
	pub task: TaskSpec,
	/// The update the trainer recorded on-chain.
	pub update: UpdateReport,
	/// The validator's sample seed ([`crate::sample_seed`]).
	pub sample_seed: u64,
	/// How many segments to re-execute at least (the last one always is).
	pub segments: u32,
	/// What the trainer stands to win and lose: the validator re-executes as many more
	/// segments as it takes for no fake to pay. Without it, `segments` alone.
	#[serde(default)]
	pub stakes: Option<Stakes>,
}

/// What a judged trainer stands to win and lose in its round.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stakes {
	/// Validators judging it (a strict majority decides).
	pub validators: u32,
	/// The most it can be paid for the round: the trainers' share of the round's reward.
	pub reward: u128,
	/// What it loses, besides the reward, when its update is Invalid: its slash.
	pub slash: u128,
}

/// A judgement, as `trainer_validate` answers: what the validator submits on-chain, and why;
/// `Details` is everything the validator measured, for people.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Judgement<Details = IgnoredAny> {
	/// Valid or Invalid.
	pub verdict: Verdict,
	/// The figures the chain records.
	pub measured: Measured,
	/// Why it is invalid: one line per failed check (empty when valid).
	pub reasons: Vec<String>,
	/// Whether it is invalid because the trainer withheld artifacts (the worker may ask
	/// again before it submits the verdict, in case the trainer was only down for a moment).
	pub withheld: bool,
	/// Everything measured.
	#[serde(default)]
	pub details: Details,
}

impl<Details: Default> Judgement<Details> {
	/// The judgement on a trainer that did not hand over what it published, and why.
	pub fn withheld(reason: &str) -> Self {
		Self {
			verdict: Verdict::Invalid,
			measured: Measured::default(),
			reasons: alloc::vec![format!("withheld: {reason}")],
			withheld: true,
			details: Details::default(),
		}
	}
}

/// One update to merge, as `trainer_merge` takes it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct MergeInput {
	/// The update's weights.
	#[serde(with = "bare_hex")]
	pub weights: H256,
	/// Examples it was trained on: its weight in the average.
	pub samples: u64,
}

/// The merged model, as `trainer_merge` answers.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct MergeReport {
	/// The merged weights (model only: the next round starts with fresh optimiser state).
	#[serde(with = "bare_hex")]
	pub weights: H256,
	/// The inputs, in the order they were summed (by hash).
	pub inputs: Vec<MergeInput>,
	/// Total samples.
	pub samples: u64,
}

/// Held-out figures of a model, as `trainer_evaluate` answers.
#[derive(Clone, Copy, PartialEq, Debug, Serialize, Deserialize)]
pub struct Evaluation {
	/// Mean cross-entropy (nats) on the held-out part.
	pub loss: f64,
	/// Share of held-out images classified correctly (image data sets only).
	pub accuracy: Option<f64>,
}

/// A hash as the trainer names artifacts: 64 lowercase hexadecimal digits, no `0x` (with
/// `#[serde(with = "bare_hex")]`). Read with or without `0x`.
pub mod bare_hex {
	use super::H256;
	use serde::{Deserialize, Deserializer, Serializer};

	/// Writes `hash` as 64 hexadecimal digits.
	pub fn serialize<S: Serializer>(hash: &H256, serializer: S) -> Result<S::Ok, S::Error> {
		const DIGITS: &[u8; 16] = b"0123456789abcdef";
		let mut text = [0u8; 64];
		for (pair, byte) in text.chunks_exact_mut(2).zip(hash.0) {
			pair[0] = DIGITS[usize::from(byte >> 4)];
			pair[1] = DIGITS[usize::from(byte & 0xf)];
		}
		// Every byte is one of `DIGITS`: ASCII, so UTF-8.
		serializer.serialize_str(core::str::from_utf8(&text).unwrap_or_default())
	}

	/// Reads 64 hexadecimal digits, with or without `0x`.
	pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<H256, D::Error> {
		H256::deserialize(deserializer)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn artifact_hashes_are_bare_hex_and_read_either_way() {
		let input = MergeInput { weights: H256::repeat_byte(0xab), samples: 3 };
		let json = serde_json::to_value(input).unwrap();
		assert_eq!(json, json!({ "weights": "ab".repeat(32), "samples": 3 }));
		assert_eq!(serde_json::from_value::<MergeInput>(json).unwrap(), input);
		let prefixed = json!({ "weights": format!("0x{}", "ab".repeat(32)), "samples": 3 });
		assert_eq!(serde_json::from_value::<MergeInput>(prefixed).unwrap(), input);
	}

	#[test]
	fn the_worker_reads_answers_without_the_trainers_details() {
		let done = json!({
			"state": "done",
			"report": { "anything": [1, 2, 3] },
			"update": {
				"weights": format!("0x{}", "aa".repeat(32)),
				"checkpoints": format!("0x{}", "bb".repeat(32)),
				"samples": 6400, "steps": 100, "loss_before": 2300000, "loss_after": 600000,
				"wall_ms": 1234, "device": { "Cpu": { "threads": 2 } },
			},
		});
		let status: TaskStatus = serde_json::from_value(done).unwrap();
		assert!(matches!(status, TaskStatus::Done { update, .. } if update.steps == 100));
		let withheld = serde_json::to_value(Judgement::<()>::withheld("down")).unwrap();
		let read: Judgement = serde_json::from_value(withheld).unwrap();
		assert_eq!((read.verdict, read.withheld), (Verdict::Invalid, true));
		assert_eq!(read.reasons, ["withheld: down"]);
	}
}
