//! The trainer's JSON-RPC methods ([`aicchain_primitives::task::rpc`]), called over the
//! off-chain HTTP API: every call has a deadline, every answer a size limit, and nothing the
//! trainer says can make the worker panic.

use alloc::{string::String, vec, vec::Vec};
use codec::{Decode, Encode};
use core::fmt;

use aicchain_primitives::task::{
	rpc::{method, Info, Judgement, MergeInput, MergeReport, TaskStatus, UpdateCheck},
	TaskSpec,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sp_runtime::offchain::{http, Duration};

use crate::MAX_RESPONSE;

/// Why a call to the trainer failed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum CallError {
	/// The request could not be sent, or no answer came in time.
	Unreachable,
	/// The trainer answered with an HTTP status other than 200.
	Http(u16),
	/// The answer was longer than [`MAX_RESPONSE`].
	TooLarge,
	/// The answer was not the JSON-RPC the method returns.
	Malformed,
	/// The trainer refused the call: a JSON-RPC error.
	Rpc {
		/// Its code, e.g. [`rpc::code::BUSY`](aicchain_primitives::task::rpc::code::BUSY).
		code: i32,
		/// Its message.
		message: String,
	},
}

impl fmt::Display for CallError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Unreachable => f.write_str("the trainer did not answer in time"),
			Self::Http(code) => write!(f, "the trainer answered HTTP {code}"),
			Self::TooLarge => write!(f, "the trainer's answer is over {MAX_RESPONSE} bytes"),
			Self::Malformed => f.write_str("the trainer's answer is not the expected JSON-RPC"),
			Self::Rpc { code, message } => write!(f, "the trainer refused ({code}): {message}"),
		}
	}
}

/// How a run's calls to the trainer went.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
pub struct Calls {
	/// Calls made.
	pub asked: u32,
	/// Calls answered (with a result or a JSON-RPC error: the trainer was up).
	pub answered: u32,
}

/// The trainer at a URL.
pub struct Trainer {
	url: String,
	calls: core::cell::Cell<Calls>,
}

/// How long a quick call (start, status) may take.
pub const QUICK: Duration = Duration::from_millis(10_000);
/// How long a validation may take: fetching the artifacts and re-executing segments.
pub const VALIDATE_TIME: Duration = Duration::from_millis(600_000);
/// How long a merge may take.
pub const MERGE_TIME: Duration = Duration::from_millis(120_000);

impl Trainer {
	/// The trainer at `url`.
	pub fn new(url: String) -> Self {
		Self { url, calls: Default::default() }
	}

	/// How this run's calls went.
	pub fn calls(&self) -> Calls {
		self.calls.get()
	}

	/// What the trainer has done since it started, and how many milliseconds it took to say.
	pub fn info(&self) -> Result<(Info, u64), CallError> {
		let sent = sp_io::offchain::timestamp();
		let info = self.call(method::INFO, [(); 0], QUICK)?;
		Ok((info, sp_io::offchain::timestamp().diff(&sent).millis()))
	}

	/// Its URL.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// Starts training `task` (the base fetched from `base_from`), on the trainer's GPU if
	/// `gpu`, else on its CPU; returns the task id.
	pub fn train(
		&self,
		task: &TaskSpec,
		base_from: Option<&str>,
		gpu: bool,
	) -> Result<u64, CallError> {
		self.call(method::TRAIN, (task, base_from, gpu), QUICK)
	}

	/// The status of training task `id`.
	pub fn status(&self, id: u64) -> Result<TaskStatus, CallError> {
		self.call(method::STATUS, [id], QUICK)
	}

	/// Judges `check`, fetching what it needs from `peer`.
	pub fn validate(
		&self,
		check: &UpdateCheck,
		peer: Option<&str>,
	) -> Result<Judgement, CallError> {
		self.call(method::VALIDATE, (check, peer), VALIDATE_TIME)
	}

	/// Merges `inputs`, fetching missing ones from `peers`.
	pub fn merge(&self, inputs: &[MergeInput], peers: &[&str]) -> Result<MergeReport, CallError> {
		self.call(method::MERGE, (inputs, peers), MERGE_TIME)
	}

	/// Calls `method` with `params` and a deadline `timeout` from now.
	fn call<P: Serialize, R: DeserializeOwned>(
		&self,
		method: &str,
		params: P,
		timeout: Duration,
	) -> Result<R, CallError> {
		let result = self.exchange(method, params, timeout);
		let mut calls = self.calls.get();
		calls.asked = calls.asked.saturating_add(1);
		if !matches!(result, Err(CallError::Unreachable | CallError::Http(_))) {
			calls.answered = calls.answered.saturating_add(1);
		}
		self.calls.set(calls);
		result
	}

	/// One request and its answer.
	fn exchange<P: Serialize, R: DeserializeOwned>(
		&self,
		method: &str,
		params: P,
		timeout: Duration,
	) -> Result<R, CallError> {
		let body = request_body(method, params);
		let deadline = sp_io::offchain::timestamp().add(timeout);
		let pending = http::Request::post(&self.url, vec![body])
			.add_header("Content-Type", "application/json")
			.deadline(deadline)
			.send()
			.map_err(|_| CallError::Unreachable)?;
		let response = pending
			.try_wait(deadline)
			.map_err(|_| CallError::Unreachable)?
			.map_err(|_| CallError::Unreachable)?;
		if response.code != 200 {
			return Err(CallError::Http(response.code));
		}
		let mut body = response.body();
		body.deadline(deadline);
		let mut bytes = Vec::new();
		for byte in body.by_ref() {
			if bytes.len() == MAX_RESPONSE {
				return Err(CallError::TooLarge);
			}
			bytes.push(byte);
		}
		if body.error().is_some() {
			return Err(CallError::Unreachable);
		}
		parse_response(&bytes)
	}
}

/// The JSON-RPC 2.0 request body of `method` with `params`.
pub fn request_body<P: Serialize>(method: &str, params: P) -> Vec<u8> {
	#[derive(Serialize)]
	struct Request<'a, P> {
		jsonrpc: &'static str,
		id: u32,
		method: &'a str,
		params: P,
	}
	// Serialising plain data into memory cannot fail.
	serde_json::to_vec(&Request { jsonrpc: "2.0", id: 1, method, params }).unwrap_or_default()
}

/// The result in a JSON-RPC 2.0 response, or its error.
pub fn parse_response<R: DeserializeOwned>(bytes: &[u8]) -> Result<R, CallError> {
	#[derive(Deserialize)]
	struct RpcError {
		code: i32,
		message: String,
	}
	#[derive(Deserialize)]
	struct Response<R> {
		result: Option<R>,
		error: Option<RpcError>,
	}
	let response: Response<R> = serde_json::from_slice(bytes).map_err(|_| CallError::Malformed)?;
	match (response.result, response.error) {
		(_, Some(RpcError { code, message })) => Err(CallError::Rpc { code, message }),
		(Some(result), None) => Ok(result),
		(None, None) => Err(CallError::Malformed),
	}
}
