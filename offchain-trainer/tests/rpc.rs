//! The real JSON-RPC service on a free port, driven by a JSON-RPC client the way the node's
//! off-chain worker drives it, in the chain's language: tasks as rounds assign them, updates as
//! the chain records them, judgements of honest, fabricated and withheld updates (fetching from
//! a peer), merging, artifacts, and clear errors that leave the service running.

mod common;

use std::{io::Read, io::Write, net::SocketAddr, time::Duration};

use aicchain_task::{
	self as chain,
	rpc::{code, method, Judgement, MergeInput, MergeReport, TaskStatus, UpdateCheck},
	TaskSpec, UpdateReport, H256,
};
use aicchain_trainer::{
	rpc::{serve, TrainerApiClient},
	session::Session,
	trainer::{TrainReport, TrainTask, Trainer},
	Hash256,
};
use common::*;
use jsonrpsee::{
	core::{client::ClientT, ClientError},
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
	server::ServerHandle,
	types::error::METHOD_NOT_FOUND_CODE,
};
use serde::de::IgnoredAny;
use tch::Device;

/// Starts a service with Fashion-MNIST and a fresh store limited to `max_artifact` bytes.
async fn start(name: &str, max_artifact: u64) -> (HttpClient, String, ServerHandle) {
	let store = fresh_store_limited(name, max_artifact);
	let worker_store = store.clone();
	let open = move || {
		let mut trainer = Trainer::new(Device::Cpu, worker_store);
		trainer.add_dataset(fashion_mnist());
		Ok(trainer)
	};
	let (addr, handle): (SocketAddr, _) =
		serve("127.0.0.1:0".parse().unwrap(), store, open).await.unwrap();
	let url = format!("http://{addr}");
	let client = HttpClientBuilder::default()
		.request_timeout(Duration::from_secs(300))
		.max_request_size(u32::MAX)
		.max_response_size(u32::MAX)
		.build(&url)
		.unwrap();
	(client, url, handle)
}

/// The task a round would assign to the trainer of shard `index` of 4 with batch seed `seed`:
/// the MLP on the service's data set, 24 steps, a checkpoint every 8.
async fn task(client: &HttpClient, index: u32, seed: u64) -> TaskSpec {
	let dataset = client.info().await.unwrap().datasets[0].hash;
	TaskSpec {
		model: chain::ModelKind::Mlp,
		dataset,
		hyper_params: chain::HyperParams {
			optimizer: chain::Optimizer::Adam,
			learning_rate: chain::Perbill::from_parts(1_000_000),
			batch_size: 64,
			steps: 24,
			checkpoint_every: 8,
		},
		shard: index,
		shards: 4,
		base: None,
		init_seed: 11,
		seed,
	}
}

/// Starts `task` and polls until it is done; returns the full report and the chain's update.
async fn train(client: &HttpClient, task: &TaskSpec) -> (TrainReport, UpdateReport) {
	let id = client.train(task.clone(), None, None).await.unwrap();
	loop {
		match client.status(id).await.unwrap() {
			TaskStatus::Done { report, update } => return (report, update),
			TaskStatus::Failed { error } => panic!("task {id} failed: {error}"),
			TaskStatus::Running { .. } => tokio::time::sleep(Duration::from_millis(100)).await,
		}
	}
}

fn check(task: &TaskSpec, update: &UpdateReport) -> UpdateCheck {
	UpdateCheck {
		task: task.clone(),
		update: update.clone(),
		sample_seed: 3,
		segments: 2,
		stakes: None,
	}
}

fn invalid<Details>(judgement: &Judgement<Details>, why: &str) -> bool {
	judgement.verdict == chain::Verdict::Invalid
		&& judgement.reasons.iter().any(|r| r.contains(why))
}

/// The JSON-RPC error code of a failed call.
fn code(error: ClientError) -> i32 {
	match error {
		ClientError::Call(object) => object.code(),
		other => panic!("expected a JSON-RPC error, got {other}"),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn the_report_converts_to_what_the_chain_records() {
	let (trainer, _url, _handle) = start("rpc-chain", 64 << 20).await;
	let task = task(&trainer, 0, 5).await;
	// Allowed its GPU, a trainer without one trains on its CPU (the device is checked below).
	trainer.train(task.clone(), None, Some(true)).await.unwrap();
	let (report, update) = train(&trainer, &task).await;
	assert_eq!(update, report.to_update());
	// Asked again for the same task (a worker that timed out, or restarted), the trainer
	// answers with the run it has and starts nothing: the id is the task's own.
	let id = trainer.train(task.clone(), None, None).await.unwrap();
	assert_eq!(trainer.train(task.clone(), None, None).await.unwrap(), id);
	assert!(
		matches!(trainer.status(id).await.unwrap(), TaskStatus::Done { update: u, .. } if u == update)
	);
	let other = trainer.train(TaskSpec { seed: 6, ..task.clone() }, None, None).await.unwrap();
	assert_ne!(other, id, "another task, another id");
	let list: Vec<H256> = report.checkpoints.iter().map(|&hash| hash.into()).collect();
	assert_eq!(update.checkpoints, chain::checkpoint_list_hash(&list));
	assert_eq!(update.weights, H256::from(*report.checkpoints.last().unwrap()));
	// What `training.submitUpdate` checks: the job's steps and at most steps × batch samples.
	assert_eq!(update.steps, task.hyper_params.steps);
	assert_eq!(update.samples, task.hyper_params.samples());
	assert_eq!(update.device, chain::Device::Cpu { threads: tch::get_num_threads() as u16 });
	// Its work counts: what the node's performance reports are measured from.
	let work = trainer.info().await.unwrap().work;
	assert_eq!((work.samples, work.train_ms), (report.samples, report.wall_ms));
	assert!(work.busy_ms >= work.train_ms && work.uptime_ms >= work.busy_ms, "{work:?}");
	// The list is in the store under its hash: validators fetch it by the chain's record.
	let bytes = hex::decode(
		trainer.get_artifact(Hash256::from(update.checkpoints).to_string()).await.unwrap(),
	);
	assert_eq!(bytes.unwrap(), chain::checkpoint_list_bytes(&list));
}

#[tokio::test(flavor = "multi_thread")]
async fn honest_fabricated_and_withheld_updates_over_json_rpc() {
	let (trainer, trainer_url, _a) = start("rpc-trainer", 64 << 20).await;
	let (validator, _, _b) = start("rpc-validator", 64 << 20).await;
	let peer = Some(trainer_url.clone());
	let task = task(&trainer, 0, 7).await;
	let (honest_report, honest) = train(&trainer, &task).await;

	// The validator has none of the checkpoints: it fetches the list and them from the trainer.
	let judgement = validator.validate(check(&task, &honest), peer.clone()).await.unwrap();
	assert_eq!(judgement.verdict, chain::Verdict::Valid, "{judgement:?}");
	assert!(judgement.measured.accuracy.is_some());

	// Random weights (another seed's initialisation) in place of the final checkpoint.
	let spec = TrainTask::from_spec(&task, &fashion_mnist()).unwrap().spec;
	let forged = Session::init(&spec, 999, Device::Cpu).checkpoint();
	let forged = trainer.put_artifact(hex::encode(forged.encode().unwrap())).await.unwrap();
	let mut list = honest_report.checkpoints.clone();
	*list.last_mut().unwrap() = forged;
	let chain_list: Vec<H256> = list.iter().map(|&hash| hash.into()).collect();
	let list_hash =
		trainer.put_artifact(hex::encode(chain::checkpoint_list_bytes(&chain_list))).await.unwrap();
	let random =
		UpdateReport { weights: forged.into(), checkpoints: list_hash.into(), ..honest.clone() };
	let judgement = validator.validate(check(&task, &random), peer.clone()).await.unwrap();
	assert!(invalid(&judgement, "does not reproduce"), "random weights: {judgement:?}");

	// Weights trained on another shard.
	let (_, other) = train(&trainer, &TaskSpec { shard: 1, ..task.clone() }).await;
	let judgement = validator.validate(check(&task, &other), peer.clone()).await.unwrap();
	assert_eq!(judgement.verdict, chain::Verdict::Invalid, "another shard: {judgement:?}");

	// A misreported loss.
	let bragging = UpdateReport { loss_after: honest.loss_after / 2, ..honest.clone() };
	let judgement = validator.validate(check(&task, &bragging), peer.clone()).await.unwrap();
	assert!(invalid(&judgement, "loss_after"), "misreported loss: {judgement:?}");

	// Checkpoints the trainer never stored, and a trainer that does not answer: withheld.
	let unstored = UpdateReport { checkpoints: H256::repeat_byte(7), ..honest.clone() };
	let judgement = validator.validate(check(&task, &unstored), peer.clone()).await.unwrap();
	assert!(invalid(&judgement, "withheld"), "unstored list: {judgement:?}");
	let gone = Some("http://127.0.0.1:9".to_string());
	let judgement = validator.validate(check(&task, &unstored), gone).await.unwrap();
	assert!(invalid(&judgement, "withheld"), "unreachable trainer: {judgement:?}");

	// Merging the honest update with the other shard's; the merger fetches what it lacks.
	let inputs = vec![
		MergeInput { weights: honest.weights, samples: honest.samples },
		MergeInput { weights: other.weights, samples: other.samples },
	];
	let merged = validator.merge(inputs.clone(), vec![trainer_url.clone()]).await.unwrap();
	let again = trainer.merge(inputs.into_iter().rev().collect(), vec![]).await.unwrap();
	assert_eq!(merged.weights, again.weights);
}

/// The worker's side of the contract, over the wire: every method `aicchain_task::rpc` names is
/// served, and a task trained, judged and merged through raw calls by those names reads back
/// into the contract's types as the worker reads them, without the trainer's details.
#[tokio::test(flavor = "multi_thread")]
async fn the_worker_reads_what_the_trainer_answers() {
	let (client, _url, _handle) = start("rpc-contract", 64 << 20).await;
	for name in method::ALL {
		let answer = client.request::<IgnoredAny, _>(name, rpc_params![]).await;
		assert!(!matches!(answer, Err(ClientError::Call(e)) if e.code() == METHOD_NOT_FOUND_CODE));
	}

	let task = task(&client, 2, 9).await;
	let id: u64 =
		client.request(method::TRAIN, rpc_params![&task, None::<String>, false]).await.unwrap();
	let update = loop {
		match client.request::<TaskStatus, _>(method::STATUS, rpc_params![id]).await.unwrap() {
			TaskStatus::Done { update, .. } => break update,
			TaskStatus::Failed { error } => panic!("task {id} failed: {error}"),
			TaskStatus::Running { .. } => tokio::time::sleep(Duration::from_millis(100)).await,
		}
	};
	let check = check(&task, &update);
	let judgement: Judgement =
		client.request(method::VALIDATE, rpc_params![&check, None::<String>]).await.unwrap();
	assert_eq!(judgement.verdict, chain::Verdict::Valid, "{:?}", judgement.reasons);
	assert!(judgement.measured.loss_after.is_some() && !judgement.withheld);
	let inputs = [MergeInput { weights: update.weights, samples: update.samples }];
	let merged: MergeReport =
		client.request(method::MERGE, rpc_params![&inputs, Vec::<String>::new()]).await.unwrap();
	assert_eq!((merged.inputs, merged.samples), (inputs.to_vec(), update.samples));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_clear_errors_and_the_service_keeps_running() {
	let (client, url, _handle) = start("rpc-errors", 4 << 20).await;
	let task = task(&client, 0, 1).await;

	let mut wrong = task.clone();
	wrong.hyper_params.batch_size = 0;
	let error = client.train(wrong, None, None).await.unwrap_err();
	assert_eq!(code(error), code::INVALID_PARAMS, "refused at once, not as a failed task");
	let mut unloaded = task.clone();
	unloaded.dataset = H256::repeat_byte(1);
	assert_eq!(code(client.train(unloaded, None, None).await.unwrap_err()), code::UNKNOWN_DATASET);
	let mut unknown_base = task.clone();
	unknown_base.base = Some(H256::repeat_byte(2));
	let error = client.train(unknown_base, None, None).await.unwrap_err();
	assert_eq!(code(error), code::UNKNOWN_ARTIFACT);

	let unknown = Hash256::of(b"nothing").to_string();
	assert_eq!(
		code(client.get_artifact(unknown.clone()).await.unwrap_err()),
		code::UNKNOWN_ARTIFACT
	);
	assert_eq!(code(client.get_artifact("xyz".into()).await.unwrap_err()), code::INVALID_PARAMS);
	assert_eq!(
		code(client.put_artifact("not hex".into()).await.unwrap_err()),
		code::INVALID_PARAMS
	);
	// Over the store's 4 MiB limit: refused by the store. Far over it: refused by the server
	// before the body is read (HTTP 413, or the connection closed while the client still
	// sends), and the service goes on answering.
	assert_eq!(
		code(client.put_artifact("00".repeat((4 << 20) + 1)).await.unwrap_err()),
		code::TOO_LARGE
	);
	let oversize = client.put_artifact("00".repeat(10 << 20)).await.unwrap_err();
	assert!(matches!(oversize, ClientError::Transport(_)), "{oversize}");
	assert_eq!(code(client.status(999).await.unwrap_err()), code::UNKNOWN_TASK);
	assert_eq!(code(client.merge(vec![], vec![]).await.unwrap_err()), code::INVALID_PARAMS);
	let mut elsewhere = task.clone();
	elsewhere.dataset = H256::repeat_byte(3);
	let update = UpdateReport {
		weights: H256::repeat_byte(4),
		checkpoints: H256::repeat_byte(5),
		samples: 1,
		steps: 1,
		loss_before: 0,
		loss_after: 0,
		wall_ms: 0,
		device: chain::Device::Cpu { threads: 1 },
	};
	let error = client.validate(check(&elsewhere, &update), None).await.unwrap_err();
	assert_eq!(code(error), code::UNKNOWN_DATASET);

	// Busy while a long task runs; then it finishes and the service still answers.
	let mut long = task.clone();
	long.hyper_params.steps = 400;
	long.hyper_params.checkpoint_every = 200;
	let long = client.train(long, None, None).await.unwrap();
	assert_eq!(code(client.train(task.clone(), None, None).await.unwrap_err()), code::BUSY);
	loop {
		match client.status(long).await.unwrap() {
			TaskStatus::Done { .. } => break,
			TaskStatus::Failed { error } => panic!("{error}"),
			TaskStatus::Running { .. } => tokio::time::sleep(Duration::from_millis(100)).await,
		}
	}
	let (report, _) = train(&client, &task).await;
	assert_eq!(client.info().await.unwrap().datasets.len(), 1);

	// The checkpoint downloads over plain HTTP and hashes to its name.
	let body = http_get(&url, &format!("/artifacts/{}", report.weights));
	assert_eq!(Hash256::of(&body), report.weights);
	assert!(String::from_utf8_lossy(&http_get(&url, "/artifacts/zz")).contains("malformed hash"));
}

/// `GET path` on `url` with a bare HTTP/1.1 request; returns the body.
fn http_get(url: &str, path: &str) -> Vec<u8> {
	let addr = url.strip_prefix("http://").unwrap();
	let mut stream = std::net::TcpStream::connect(addr).unwrap();
	write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
	let mut response = Vec::new();
	stream.read_to_end(&mut response).unwrap();
	let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a header") + 4;
	let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
	let body = response[split..].to_vec();
	if head.contains("transfer-encoding: chunked") {
		return dechunk(&body);
	}
	body
}

/// Decodes a chunked HTTP body.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
	let mut out = Vec::new();
	loop {
		let line_end = body.windows(2).position(|w| w == b"\r\n").unwrap();
		let size =
			usize::from_str_radix(std::str::from_utf8(&body[..line_end]).unwrap().trim(), 16)
				.unwrap();
		if size == 0 {
			return out;
		}
		out.extend_from_slice(&body[line_end + 2..line_end + 2 + size]);
		body = &body[line_end + 4 + size..];
	}
}
