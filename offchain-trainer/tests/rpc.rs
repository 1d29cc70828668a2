//! The real JSON-RPC service on a free port, driven by a JSON-RPC client: training tasks,
//! validation of honest and fabricated claims (fetching from a peer), merging, artifacts,
//! and clear errors that leave the service running.

mod common;

use std::{io::Read, io::Write, net::SocketAddr, time::Duration};

use aicchain_trainer::{
	data::Shard,
	merge::MergeInput,
	rpc::{codes, serve, TaskStatus, TrainerApiClient},
	session::Session,
	trainer::{TrainReport, TrainTask, Trainer},
	validate::ValidateRequest,
	Hash256,
};
use common::*;
use jsonrpsee::{
	core::ClientError,
	http_client::{HttpClient, HttpClientBuilder},
	server::ServerHandle,
};
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

/// A short MLP task on shard `index` of 4 of the service's data set.
async fn task(client: &HttpClient, index: u32) -> TrainTask {
	let task = mlp_task_for(&fashion_mnist(), index, 11);
	assert_eq!(client.info().await.unwrap().datasets[0].hash, task.dataset);
	task
}

/// Starts `task` and polls until it is done.
async fn train(client: &HttpClient, task: &TrainTask) -> TrainReport {
	let id = client.train(task.clone()).await.unwrap();
	loop {
		match client.status(id).await.unwrap() {
			TaskStatus::Done { report } => return report,
			TaskStatus::Failed { error } => panic!("task {id} failed: {error}"),
			TaskStatus::Running { .. } => tokio::time::sleep(Duration::from_millis(100)).await,
		}
	}
}

fn request(task: &TrainTask, claim: &TrainReport) -> ValidateRequest {
	ValidateRequest { task: task.clone(), claim: claim.clone(), sample_seed: 3, segments: 2 }
}

/// The JSON-RPC error code of a failed call.
fn code(error: ClientError) -> i32 {
	match error {
		ClientError::Call(object) => object.code(),
		other => panic!("expected a JSON-RPC error, got {other}"),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn honest_and_fabricated_claims_over_json_rpc() {
	let (trainer, trainer_url, _a) = start("rpc-trainer", 64 << 20).await;
	let (validator, _, _b) = start("rpc-validator", 64 << 20).await;
	let task = task(&trainer, 0).await;
	let honest = train(&trainer, &task).await;

	// The validator has none of the checkpoints: it fetches them from the trainer.
	let verdict =
		validator.validate(request(&task, &honest), Some(trainer_url.clone())).await.unwrap();
	assert!(verdict.valid, "{verdict:?}");

	// Random weights (another seed's initialisation) in place of the final checkpoint.
	let forged = Session::init(&task.spec, 999, Device::Cpu).checkpoint();
	let forged_hash = trainer.put_artifact(hex::encode(forged.encode().unwrap())).await.unwrap();
	let mut random = honest.clone();
	random.weights = forged_hash;
	*random.checkpoints.last_mut().unwrap() = forged_hash;
	let verdict =
		validator.validate(request(&task, &random), Some(trainer_url.clone())).await.unwrap();
	assert!(!verdict.valid, "random weights: {verdict:?}");

	// Weights trained on another shard.
	let other =
		train(&trainer, &TrainTask { shard: Shard { index: 1, count: 4 }, ..task.clone() }).await;
	let verdict =
		validator.validate(request(&task, &other), Some(trainer_url.clone())).await.unwrap();
	assert!(!verdict.valid, "another shard: {verdict:?}");

	// A misreported loss.
	let mut bragging = honest.clone();
	bragging.loss_after /= 2.0;
	let verdict = validator.validate(request(&task, &bragging), Some(trainer_url)).await.unwrap();
	assert!(!verdict.valid, "misreported loss: {verdict:?}");
	assert!(verdict.reasons.iter().any(|r| r.contains("loss_after")));

	// Merging the honest update with the other shard's.
	let inputs = vec![
		MergeInput { weights: honest.weights, samples: honest.samples },
		MergeInput { weights: other.weights, samples: other.samples },
	];
	let merged = trainer.merge(inputs.clone()).await.unwrap();
	let again = trainer.merge(inputs.into_iter().rev().collect()).await.unwrap();
	assert_eq!(merged.weights, again.weights);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_clear_errors_and_the_service_keeps_running() {
	let (client, url, _handle) = start("rpc-errors", 4 << 20).await;
	let task = task(&client, 0).await;

	let mut wrong = task.clone();
	wrong.spec.batch_size = 0;
	let id = client.train(wrong).await.unwrap();
	let status = loop {
		match client.status(id).await.unwrap() {
			TaskStatus::Running { .. } => tokio::time::sleep(Duration::from_millis(50)).await,
			other => break other,
		}
	};
	assert!(
		matches!(&status, TaskStatus::Failed { error } if error.contains("batch size 0")),
		"{status:?}"
	);

	let unknown = Hash256::of(b"nothing").to_string();
	assert_eq!(
		code(client.get_artifact(unknown.clone()).await.unwrap_err()),
		codes::UNKNOWN_ARTIFACT
	);
	assert_eq!(code(client.get_artifact("xyz".into()).await.unwrap_err()), -32602);
	assert_eq!(code(client.put_artifact("not hex".into()).await.unwrap_err()), -32602);
	// Over the store's 4 MiB limit: refused by the store. Far over it: refused by the server
	// before the body is read (HTTP 413, or the connection closed while the client still
	// sends), and the service goes on answering.
	assert_eq!(
		code(client.put_artifact("00".repeat((4 << 20) + 1)).await.unwrap_err()),
		codes::TOO_LARGE
	);
	let oversize = client.put_artifact("00".repeat(10 << 20)).await.unwrap_err();
	assert!(matches!(oversize, ClientError::Transport(_)), "{oversize}");
	assert_eq!(code(client.status(999).await.unwrap_err()), codes::UNKNOWN_TASK);
	assert_eq!(code(client.merge(vec![]).await.unwrap_err()), -32602);
	let mut elsewhere = task.clone();
	elsewhere.dataset = Hash256::of(b"no such data");
	let missing = Hash256::of(b"w");
	let claim = TrainReport {
		weights: missing,
		checkpoints: vec![missing],
		samples: 0,
		steps: 1,
		loss_before: 0.0,
		loss_after: 0.0,
		wall_ms: 0,
		device: "cpu".into(),
		threads: 1,
	};
	let error = client.validate(request(&elsewhere, &claim), None).await.unwrap_err();
	assert_eq!(code(error), codes::UNKNOWN_DATASET);
	let error = client.validate(request(&task, &claim), Some("http://127.0.0.1:9".into())).await;
	assert_eq!(code(error.unwrap_err()), codes::FETCH_FAILED);

	// Busy while a long task runs; then it finishes and the service still answers.
	let long = client
		.train(TrainTask { steps: 400, checkpoint_every: 200, ..task.clone() })
		.await
		.unwrap();
	assert_eq!(code(client.train(task.clone()).await.unwrap_err()), codes::BUSY);
	loop {
		match client.status(long).await.unwrap() {
			TaskStatus::Done { .. } => break,
			TaskStatus::Failed { error } => panic!("{error}"),
			TaskStatus::Running { .. } => tokio::time::sleep(Duration::from_millis(100)).await,
		}
	}
	let report = train(&client, &task).await;
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
