//! The runtime API clients and operators read training from (`api.call.trainingApi.*` in
//! polkadot.js, which decodes it from the runtime's metadata).

use aicchain_primitives::{task::ModelKind, NodeId, Role};
use alloc::vec::Vec;
use codec::Codec;

use crate::{JobId, RoundIndex};

sp_api::decl_runtime_apis! {
	/// Read-only views of training jobs. Version 2: `matching_preview` takes the job's model.
	#[api_version(2)]
	pub trait TrainingApi<Job: Codec, Round: Codec> {
		/// A job and its current round (`None` before the first round starts).
		fn job(job: JobId) -> Option<(Job, Option<Round>)>;

		/// Version 1's preview, for a job of no particular model.
		#[changed_in(2)]
		fn matching_preview(
			trainers: u32,
			validators: u32,
			min_gpus: u16,
		) -> Option<(Vec<NodeId>, Vec<NodeId>)>;

		/// The trainers and validators, best first, that a job posted in the next block with
		/// these figures would get; `None` if it would stall.
		fn matching_preview(
			model: ModelKind,
			trainers: u32,
			validators: u32,
			min_gpus: u16,
		) -> Option<(Vec<NodeId>, Vec<NodeId>)>;

		/// The unsettled rounds `node` works in, with its role (a trainer that also validates
		/// is listed twice).
		fn assignments(node: NodeId) -> Vec<(JobId, RoundIndex, Role)>;
	}
}
