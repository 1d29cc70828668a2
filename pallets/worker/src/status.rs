//! What the worker tells its operator: a summary of its last run and its recent events, kept in
//! local storage for the node's `aicchain_workerStatus` RPC (which decodes [`WorkerStatus`]).

use alloc::{string::String, vec::Vec};

use aicchain_primitives::NodeId;
use codec::{Decode, Encode};
use sp_runtime::offchain::storage::StorageValueRef;

use crate::{Duty, Stage, LOG_TARGET};

/// Where the summary is kept in persistent local storage.
pub const STATUS_KEY: &[u8] = b"aicchain/worker/status";

/// The most events the summary keeps.
pub const MAX_EVENTS: usize = 64;

/// The worker's last run and its recent events.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct WorkerStatus {
	/// The block of the last run.
	pub block: u32,
	/// The trainer it talks to.
	pub trainer_url: String,
	/// The compute nodes it works for (their operators' keys are in the keystore).
	pub nodes: Vec<NodeId>,
	/// Their duties in the rounds under way, and where each stands.
	pub duties: Vec<(Duty, Option<Stage>)>,
	/// What happened lately, oldest first: submissions, trainer tasks, errors.
	pub events: Vec<Event>,
}

/// One thing the worker did or failed to do.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Event {
	/// The block of the run.
	pub block: u32,
	/// Whether it is an error.
	pub error: bool,
	/// What happened.
	pub text: String,
}

/// Events of one run, logged as they happen and kept for the summary.
#[derive(Default)]
pub struct Log(Vec<Event>);

impl Log {
	/// Something done.
	pub fn note(&mut self, block: u32, text: String) {
		log::info!(target: LOG_TARGET, "#{block} {text}");
		self.0.push(Event { block, error: false, text });
	}

	/// Something that failed (and will be tried again).
	pub fn error(&mut self, block: u32, text: String) {
		log::warn!(target: LOG_TARGET, "#{block} {text}");
		self.0.push(Event { block, error: true, text });
	}
}

/// Writes the summary of a run at `block`. Overlapping runs each add their events.
pub fn record(block: u32, trainer_url: &str, nodes: Vec<NodeId>, duties: &[Duty], log: Log) {
	let duties: Vec<(Duty, Option<Stage>)> =
		duties.iter().map(|duty| (*duty, crate::duties::stage_of(duty))).collect();
	let store = StorageValueRef::persistent(STATUS_KEY);
	let _ = store.mutate(|old: Result<Option<WorkerStatus>, _>| -> Result<_, ()> {
		let mut events = old.ok().flatten().map(|status| status.events).unwrap_or_default();
		events.extend(log.0.iter().cloned());
		let excess = events.len().saturating_sub(MAX_EVENTS);
		events.drain(..excess);
		Ok(WorkerStatus {
			block,
			trainer_url: trainer_url.into(),
			nodes: nodes.clone(),
			duties: duties.clone(),
			events,
		})
	});
}

/// The summary the worker last wrote, as the node's RPC reads it from the off-chain database.
pub fn decode(bytes: &[u8]) -> Option<WorkerStatus> {
	WorkerStatus::decode(&mut &bytes[..]).ok()
}
