//! `aicchain-trainer serve`: JSON-RPC 2.0 over HTTP (`trainer_*` methods) and read-only
//! artifact downloads (`GET /artifacts/<hash>`).
//!
//! The methods, their parameters, answers and error codes are the contract in
//! [`aicchain_task::rpc`], which the node's off-chain worker compiles too; they speak the
//! chain's language: the worker sends the task a round assigned and the update a trainer
//! recorded, and reads back the update to record and the verdict to submit.
//!
//! libtorch state cannot be shared between threads, so one worker thread owns the
//! [`Trainer`] (through a [`Backend`]) and runs jobs one at a time; handlers talk to it over
//! channels. A training task runs in the background (`trainer_train` returns its id at once);
//! while it runs, the worker answers `Busy`.

use std::{
	collections::HashMap,
	net::SocketAddr,
	panic::AssertUnwindSafe,
	sync::{mpsc, Arc, Mutex},
};

use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	server::{HttpBody, HttpRequest, HttpResponse, Server, ServerHandle},
	types::ErrorObjectOwned,
};
use tch::Device;
use tokio::sync::oneshot;

use aicchain_task::{
	self as task,
	rpc::{
		code, DatasetInfo, Evaluation, Info, Judgement, MergeInput, MergeReport, TaskStatus,
		UpdateCheck, Work,
	},
	TaskSpec,
};

use crate::{
	chain::parse_checkpoint_list,
	detection,
	error::Error,
	hash::Hash256,
	model::ModelSpec,
	store::{verify, ArtifactStore},
	trainer::{device_name, Progress, TrainReport, TrainTask, Trainer},
	validate::{self, ValidateRequest},
};

/// What the service's worker thread runs jobs on: a [`Trainer`], or, in test builds, one that
/// cheats (`fault::Faulty`). Training and judging go through it; everything else goes to
/// [`Backend::trainer`].
pub trait Backend {
	/// The trainer doing the work.
	fn trainer(&self) -> &Trainer;

	/// Trains `task` on `device`, as [`Trainer::train_on`] does.
	fn train_on(
		&self,
		task: &TrainTask,
		device: Device,
		progress: &mut dyn FnMut(Progress),
	) -> Result<TrainReport, Error> {
		self.trainer().train_on(task, device, progress)
	}

	/// Judges a claim, as [`Trainer::validate`] does.
	fn validate(&self, request: &ValidateRequest) -> Result<validate::Verdict, Error> {
		self.trainer().validate(request)
	}
}

impl Backend for Trainer {
	fn trainer(&self) -> &Trainer {
		self
	}
}

/// Attempts to fetch an artifact from a peer before it counts as withheld.
const FETCH_ATTEMPTS: u32 = 3;

/// Largest JSON-RPC request body: an artifact in hex plus room for the envelope.
fn max_request(store: &ArtifactStore) -> u32 {
	(store.max_size() * 2 + (1 << 20)).min(u32::MAX as u64) as u32
}

/// The segments a validator re-executes of `check`: at least the asked number, and enough for
/// no fake to pay at the trainer's stakes ([`detection::segments_needed`]).
pub fn segments_to_replay(check: &UpdateCheck) -> u32 {
	let segments = check.task.hyper_params.segments();
	let needed = check.stakes.map_or(0, |s| {
		detection::segments_needed(segments, s.validators, s.reward as f64, s.slash as f64)
	});
	check.segments.max(needed).min(segments)
}

/// The trainer's JSON-RPC methods ([`aicchain_task::rpc::method`] names them).
#[rpc(server, client, namespace = "trainer")]
pub trait TrainerApi {
	/// Version, device and loaded data sets.
	#[method(name = "info")]
	fn info(&self) -> RpcResult<Info>;

	/// Starts training the chain's `task` (its base fetched from `base_from` if missing) on
	/// the CPU, or on this trainer's device (its GPU, if it has one) when `gpu` is `true`: only
	/// where every validator of the run can replay it on the same GPU. Returns the task id once
	/// it is checked and started. The id is the task's own: asking again for a task running or
	/// done answers its id and starts nothing.
	#[method(name = "train")]
	async fn train(
		&self,
		task: TaskSpec,
		base_from: Option<String>,
		gpu: Option<bool>,
	) -> RpcResult<u64>;

	/// The status of task `id`.
	#[method(name = "status")]
	fn status(&self, id: u64) -> RpcResult<TaskStatus<TrainReport>>;

	/// Judges a recorded update; fetches what it needs from the trainer at `peer` first. What
	/// the trainer does not hand over makes the update Invalid (withheld), not an error.
	#[method(name = "validate")]
	async fn validate(
		&self,
		check: UpdateCheck,
		peer: Option<String>,
	) -> RpcResult<Judgement<validate::Measured>>;

	/// Merges updates by federated averaging; fetches missing ones from `peers`.
	#[method(name = "merge")]
	async fn merge(&self, inputs: Vec<MergeInput>, peers: Vec<String>) -> RpcResult<MergeReport>;

	/// Held-out loss (and accuracy, for images) of the zoo's `model` on `dataset` with the
	/// weights `weights` (fetched from `from` if missing), or, when `weights` is `null`, with
	/// the initialisation seeded `init_seed` (a job's starting model).
	#[method(name = "evaluate")]
	async fn evaluate(
		&self,
		model: task::ModelKind,
		dataset: task::H256,
		weights: Option<Hash256>,
		init_seed: u64,
		from: Option<String>,
	) -> RpcResult<Evaluation>;

	/// Stores an artifact given in hex; returns its hash.
	#[method(name = "putArtifact")]
	fn put_artifact(&self, bytes: String) -> RpcResult<Hash256>;

	/// The artifact `hash`, in hex.
	#[method(name = "getArtifact")]
	fn get_artifact(&self, hash: String) -> RpcResult<String>;
}

impl From<Error> for ErrorObjectOwned {
	fn from(error: Error) -> Self {
		let code = match &error {
			Error::MalformedHash(_)
			| Error::InvalidSpec(_)
			| Error::ShapeMismatch(_)
			| Error::InvalidData(_)
			| Error::InvalidRequest(_) => code::INVALID_PARAMS,
			Error::UnknownArtifact(_) => code::UNKNOWN_ARTIFACT,
			Error::UnknownDataset(_) => code::UNKNOWN_DATASET,
			Error::UnknownTask(_) => code::UNKNOWN_TASK,
			Error::Busy(_) => code::BUSY,
			Error::TooLarge { .. } => code::TOO_LARGE,
			Error::HashMismatch { .. } => code::HASH_MISMATCH,
			Error::Fetch { .. } => code::FETCH_FAILED,
			Error::Torch(_) | Error::Safetensors(_) | Error::Io(_) => code::INTERNAL,
		};
		ErrorObjectOwned::owned(code, error.to_string(), None::<()>)
	}
}

/// A job for the worker thread.
enum Job {
	/// Train `task` as task `id`, on the trainer's device if `gpu`, else on the CPU; `started`
	/// answers once it is checked.
	Train {
		id: u64,
		task: TaskSpec,
		gpu: bool,
		started: oneshot::Sender<Result<(), Error>>,
	},
	/// Judge `check`, whose checkpoint list is `checkpoints`.
	Validate {
		check: UpdateCheck,
		checkpoints: Vec<Hash256>,
		reply: oneshot::Sender<Result<validate::Verdict, Error>>,
	},
	Merge(Vec<MergeInput>, oneshot::Sender<Result<MergeReport, Error>>),
	/// Evaluate `model` on `dataset` with `weights` (or the initialisation `init_seed`).
	Evaluate {
		model: task::ModelKind,
		dataset: Hash256,
		weights: Option<Hash256>,
		init_seed: u64,
		reply: oneshot::Sender<Result<Evaluation, Error>>,
	},
}

/// The RPC handlers' shared state.
struct Service {
	info: Info,
	/// Counters the worker thread keeps up to date.
	work: Arc<Mutex<Work>>,
	started: std::time::Instant,
	/// The energy counter when the service started.
	energy_at_start: Option<u64>,
	store: ArtifactStore,
	jobs: Mutex<mpsc::Sender<Job>>,
	tasks: Arc<Mutex<HashMap<u64, TaskStatus<TrainReport>>>>,
	/// The training task that is running, if any.
	running: Arc<Mutex<Option<u64>>>,
}

/// The id of `task`: the first eight bytes of the BLAKE2b-256 of its SCALE encoding, the same
/// whenever the same task is asked for.
fn task_id(task: &TaskSpec) -> u64 {
	use codec::Encode;
	let hash = Hash256::of(&task.encode());
	u64::from_le_bytes(hash.0[..8].try_into().expect("eight bytes"))
}

impl Service {
	fn send(&self, job: Job) -> Result<(), Error> {
		self.jobs
			.lock()
			.expect("no panics while holding the lock")
			.send(job)
			.map_err(|_| worker_stopped())
	}

	fn refuse_if_busy(&self) -> Result<(), Error> {
		match *self.running.lock().expect("no panics while holding the lock") {
			Some(id) => Err(Error::Busy(id)),
			None => Ok(()),
		}
	}

	/// Makes sure the store holds `hash`, fetching it from the first of `peers` that hands
	/// it over (each tried [`FETCH_ATTEMPTS`] times, with growing pauses).
	async fn obtain(&self, hash: &Hash256, peers: &[String]) -> Result<(), Error> {
		if self.store.contains(hash) {
			return Ok(());
		}
		let mut failure = Error::UnknownArtifact(*hash);
		for peer in peers {
			for attempt in 0..FETCH_ATTEMPTS {
				if attempt > 0 {
					tokio::time::sleep(std::time::Duration::from_millis(250 << (2 * attempt)))
						.await;
				}
				match self.fetch(peer, hash).await {
					Ok(()) => return Ok(()),
					// Bytes that are not what they claim to be will not improve.
					Err(error @ (Error::HashMismatch { .. } | Error::TooLarge { .. })) => {
						return Err(error)
					}
					Err(error) => failure = error,
				}
			}
		}
		Err(failure)
	}

	/// The checkpoint list of `check.update`, every checkpoint on it and the base, in the
	/// store; `Err` says what the trainer at `peer` withheld.
	async fn gather(
		&self,
		check: &UpdateCheck,
		peer: Option<String>,
	) -> Result<Vec<Hash256>, String> {
		let peers: Vec<String> = peer.into_iter().collect();
		let list = Hash256::from(check.update.checkpoints);
		self.obtain(&list, &peers).await.map_err(|e| format!("its checkpoint list: {e}"))?;
		let bytes = self.store.get(&list).map_err(|e| e.to_string())?;
		let checkpoints = parse_checkpoint_list(&bytes).map_err(|e| e.to_string())?;
		let base = check.task.base.map(Hash256::from);
		for hash in checkpoints.iter().chain(&base) {
			self.obtain(hash, &peers).await.map_err(|e| format!("checkpoint {hash}: {e}"))?;
		}
		Ok(checkpoints)
	}

	/// Fetches `hash` from the trainer at `peer`; checks size and hash.
	async fn fetch(&self, peer: &str, hash: &Hash256) -> Result<(), Error> {
		let fetch_error = |reason: String| Error::Fetch { url: peer.into(), reason };
		let client = jsonrpsee::http_client::HttpClientBuilder::default()
			.max_response_size(max_request(&self.store))
			.build(peer)
			.map_err(|e| fetch_error(e.to_string()))?;
		let hex_bytes =
			client.get_artifact(hash.to_string()).await.map_err(|e| fetch_error(e.to_string()))?;
		let bytes =
			hex::decode(hex_bytes).map_err(|_| fetch_error("the artifact is not hex".into()))?;
		self.store.check_size(bytes.len() as u64)?;
		verify(hash, &bytes)?;
		self.store.put(&bytes)?;
		Ok(())
	}
}

#[async_trait]
impl TrainerApiServer for Service {
	fn info(&self) -> RpcResult<Info> {
		let mut work = *self.work.lock().expect("no panics while holding the lock");
		work.uptime_ms = self.started.elapsed().as_millis() as u64;
		work.energy_uj =
			self.energy_at_start.zip(energy_uj()).map(|(start, now)| now.saturating_sub(start));
		Ok(Info { work, ..self.info.clone() })
	}

	async fn train(
		&self,
		task: TaskSpec,
		base_from: Option<String>,
		gpu: Option<bool>,
	) -> RpcResult<u64> {
		if let Some(base) = task.base {
			self.obtain(&base.into(), &base_from.into_iter().collect::<Vec<_>>()).await?;
		}
		// The task's id is its own: asked again (after a time-out, or by a restarted worker),
		// the trainer answers with the run it has, and never mixes two tasks up.
		let id = task_id(&task);
		{
			let mut running = self.running.lock().expect("no panics while holding the lock");
			let mut tasks = self.tasks.lock().expect("no panics while holding the lock");
			match (tasks.get(&id), *running) {
				(Some(TaskStatus::Running { .. } | TaskStatus::Done { .. }), _) => return Ok(id),
				(_, Some(busy)) => return Err(Error::Busy(busy).into()),
				_ => {}
			}
			*running = Some(id);
			tasks.insert(id, TaskStatus::Running { progress: None });
		}
		let (started, answer) = oneshot::channel();
		self.send(Job::Train { id, task, gpu: gpu == Some(true), started })?;
		answer.await.map_err(|_| worker_stopped())??;
		Ok(id)
	}

	fn status(&self, id: u64) -> RpcResult<TaskStatus<TrainReport>> {
		let tasks = self.tasks.lock().expect("no panics while holding the lock");
		Ok(tasks.get(&id).cloned().ok_or(Error::UnknownTask(id))?)
	}

	async fn validate(
		&self,
		check: UpdateCheck,
		peer: Option<String>,
	) -> RpcResult<Judgement<validate::Measured>> {
		self.refuse_if_busy()?;
		if !self.info.datasets.iter().any(|d| d.hash == check.task.dataset) {
			return Err(Error::UnknownDataset(check.task.dataset.into()).into());
		}
		let checkpoints = match self.gather(&check, peer).await {
			Ok(checkpoints) => checkpoints,
			Err(reason) => return Ok(Judgement::withheld(&reason)),
		};
		let (reply, answer) = oneshot::channel();
		self.send(Job::Validate { check, checkpoints, reply })?;
		let verdict = answer.await.map_err(|_| worker_stopped())??;
		let (chain_verdict, measured) = verdict.to_chain();
		Ok(Judgement {
			verdict: chain_verdict,
			measured,
			reasons: verdict.reasons,
			withheld: false,
			details: verdict.measured,
		})
	}

	async fn merge(&self, inputs: Vec<MergeInput>, peers: Vec<String>) -> RpcResult<MergeReport> {
		self.refuse_if_busy()?;
		for input in &inputs {
			self.obtain(&input.weights.into(), &peers).await?;
		}
		let (reply, answer) = oneshot::channel();
		self.send(Job::Merge(inputs, reply))?;
		Ok(answer.await.map_err(|_| worker_stopped())??)
	}

	async fn evaluate(
		&self,
		model: task::ModelKind,
		dataset: task::H256,
		weights: Option<Hash256>,
		init_seed: u64,
		from: Option<String>,
	) -> RpcResult<Evaluation> {
		self.refuse_if_busy()?;
		if let Some(weights) = &weights {
			self.obtain(weights, &from.into_iter().collect::<Vec<_>>()).await?;
		}
		let (reply, answer) = oneshot::channel();
		let dataset = dataset.into();
		self.send(Job::Evaluate { model, dataset, weights, init_seed, reply })?;
		Ok(answer.await.map_err(|_| worker_stopped())??)
	}

	fn put_artifact(&self, bytes: String) -> RpcResult<Hash256> {
		let bytes = hex::decode(bytes)
			.map_err(|_| Error::InvalidRequest("the artifact must be given in hex".into()))?;
		Ok(self.store.put(&bytes)?)
	}

	fn get_artifact(&self, hash: String) -> RpcResult<String> {
		let hash: Hash256 = hash.parse().map_err(Error::from)?;
		Ok(hex::encode(self.store.get(&hash)?))
	}
}

/// The error when the worker thread is gone (it only ends with the service).
fn worker_stopped() -> Error {
	Error::Io(std::io::Error::other("the training worker has stopped"))
}

/// Starts the service on `addr`; `open` builds the trainer (or another [`Backend`]) on the
/// worker thread (libtorch state is created where it is used). Returns the bound address and a
/// handle to stop it.
pub async fn serve<B: Backend + 'static>(
	addr: SocketAddr,
	store: ArtifactStore,
	open: impl FnOnce() -> Result<B, Error> + Send + 'static,
) -> Result<(SocketAddr, ServerHandle), Error> {
	let (jobs, inbox) = mpsc::channel();
	let tasks = Arc::new(Mutex::new(HashMap::new()));
	let running = Arc::new(Mutex::new(None));
	let work = Arc::new(Mutex::new(Work::default()));
	let (ready, info) = std::sync::mpsc::channel();
	{
		let (tasks, running, store, work) =
			(tasks.clone(), running.clone(), store.clone(), work.clone());
		std::thread::Builder::new().name("trainer-worker".into()).spawn(move || {
			let backend = match open() {
				Ok(backend) => backend,
				Err(error) => return ready.send(Err(error)).unwrap_or(()),
			};
			let _ = ready.send(Ok(describe(backend.trainer(), &store)));
			serve_jobs(&backend, inbox, &tasks, &running, &work);
		})?;
	}
	let info = info
		.recv()
		.map_err(|_| Error::Io(std::io::Error::other("the training worker failed to start")))??;

	let artifacts = store.clone();
	let server = Server::builder()
		.max_request_body_size(max_request(&store))
		.max_response_body_size(max_request(&store))
		.set_http_middleware(
			tower::ServiceBuilder::new()
				.layer_fn(move |inner| ArtifactRoute { inner, store: artifacts.clone() }),
		)
		.build(addr)
		.await?;
	let addr = server.local_addr()?;
	let service = Service {
		info,
		work,
		started: std::time::Instant::now(),
		energy_at_start: energy_uj(),
		store,
		jobs: Mutex::new(jobs),
		tasks,
		running,
	};
	Ok((addr, server.start(service.into_rpc())))
}

fn describe(trainer: &Trainer, store: &ArtifactStore) -> Info {
	Info {
		version: env!("CARGO_PKG_VERSION").into(),
		torch: crate::TORCH_VERSION.into(),
		device: device_name(trainer.device()),
		cuda: tch::Cuda::is_available(),
		threads: tch::get_num_threads(),
		datasets: trainer
			.datasets()
			.map(|d| DatasetInfo {
				hash: d.hash.into(),
				source: d.source.display().to_string(),
				train: d.train.len() as u64,
				held_out: d.held_out.len() as u64,
			})
			.collect(),
		max_artifact: store.max_size(),
		work: Work::default(),
	}
}

/// The host's CPU energy counter in microjoules (the sum over Linux powercap's Intel RAPL
/// packages), if it has one.
fn energy_uj() -> Option<u64> {
	let packages = std::fs::read_dir("/sys/class/powercap").ok()?;
	let mut total = None;
	for entry in packages.flatten() {
		let name = entry.file_name();
		let name = name.to_string_lossy();
		// Packages only (`intel-rapl:0`), not their sub-zones (`intel-rapl:0:0`).
		if name.starts_with("intel-rapl:") && name.matches(':').count() == 1 {
			let text = std::fs::read_to_string(entry.path().join("energy_uj")).ok()?;
			*total.get_or_insert(0) += text.trim().parse::<u64>().ok()?;
		}
	}
	total
}

/// The worker loop: runs jobs in order until the service is dropped, counting its work. A
/// panic inside libtorch fails the job, not the service.
fn serve_jobs(
	backend: &impl Backend,
	inbox: mpsc::Receiver<Job>,
	tasks: &Mutex<HashMap<u64, TaskStatus<TrainReport>>>,
	running: &Mutex<Option<u64>>,
	work: &Mutex<Work>,
) {
	let count = |began: std::time::Instant, trained: Option<&TrainReport>| {
		let mut work = work.lock().expect("no panics while holding the lock");
		work.busy_ms += began.elapsed().as_millis() as u64;
		if let Some(report) = trained {
			work.samples += report.samples;
			work.train_ms += report.wall_ms;
		}
	};
	let guarded = |f: &mut dyn FnMut() -> Result<(), Error>| -> Result<(), Error> {
		std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
			let message = panic
				.downcast_ref::<String>()
				.cloned()
				.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
				.unwrap_or_default();
			Err(Error::Io(std::io::Error::other(format!("libtorch panicked: {message}"))))
		})
	};
	let trainer = backend.trainer();
	let task_of =
		|spec: &TaskSpec| TrainTask::from_spec(spec, &*trainer.dataset(&spec.dataset.into())?);
	for job in inbox {
		let began = std::time::Instant::now();
		match job {
			Job::Train { id, task, gpu, started } => {
				let set = |status| {
					tasks.lock().expect("no panics while holding the lock").insert(id, status);
				};
				let task = match task_of(&task).and_then(|task| trainer.check(&task).map(|_| task))
				{
					Ok(task) => {
						let _ = started.send(Ok(()));
						task
					}
					Err(error) => {
						tasks.lock().expect("no panics while holding the lock").remove(&id);
						*running.lock().expect("no panics while holding the lock") = None;
						let _ = started.send(Err(error));
						continue;
					}
				};
				let mut report = None;
				let device = if gpu { trainer.device() } else { Device::Cpu };
				let outcome = guarded(&mut || {
					report = Some(backend.train_on(&task, device, &mut |p| {
						set(TaskStatus::Running { progress: Some(p) })
					})?);
					Ok(())
				});
				count(began, report.as_ref());
				set(match (outcome, report) {
					(Ok(()), Some(report)) => {
						TaskStatus::Done { update: report.to_update(), report }
					}
					(Err(error), _) => TaskStatus::Failed { error: error.to_string() },
					(Ok(()), None) => TaskStatus::Failed { error: "no report".into() },
				});
				*running.lock().expect("no panics while holding the lock") = None;
			}
			Job::Validate { check, checkpoints, reply } => {
				let mut verdict = None;
				let outcome = guarded(&mut || {
					let request = ValidateRequest {
						task: task_of(&check.task)?,
						claim: TrainReport::from_update(&check.update, checkpoints.clone()),
						sample_seed: check.sample_seed,
						segments: segments_to_replay(&check),
					};
					verdict = Some(backend.validate(&request)?);
					Ok(())
				});
				count(began, None);
				let _ = reply.send(outcome.map(|()| verdict.expect("set on success")));
			}
			Job::Evaluate { model, dataset, weights, init_seed, reply } => {
				let mut evaluation = None;
				let outcome = guarded(&mut || {
					let spec = ModelSpec::preset(model, &*trainer.dataset(&dataset)?)?;
					evaluation = Some(match &weights {
						Some(weights) => trainer.evaluate(&spec, &dataset, weights)?,
						None => trainer.evaluate_initial(&spec, &dataset, init_seed)?,
					});
					Ok(())
				});
				count(began, None);
				let _ = reply.send(outcome.map(|()| evaluation.expect("set on success")));
			}
			Job::Merge(inputs, reply) => {
				let mut merged = None;
				let outcome = guarded(&mut || {
					merged = Some(trainer.merge(&inputs)?);
					Ok(())
				});
				count(began, None);
				let _ = reply.send(outcome.map(|()| merged.expect("set on success")));
			}
		}
	}
}

/// Serves `GET /artifacts/<hash>` from the store; passes everything else to JSON-RPC.
#[derive(Clone)]
struct ArtifactRoute<S> {
	inner: S,
	store: ArtifactStore,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>;

impl<S, B> tower::Service<HttpRequest<B>> for ArtifactRoute<S>
where
	S: tower::Service<HttpRequest<B>, Response = HttpResponse>,
	S::Error: Into<BoxError> + 'static,
	S::Future: Send + 'static,
{
	type Response = HttpResponse;
	type Error = BoxError;
	type Future = BoxFuture<Result<HttpResponse, BoxError>>;

	fn poll_ready(
		&mut self,
		cx: &mut std::task::Context<'_>,
	) -> std::task::Poll<Result<(), BoxError>> {
		self.inner.poll_ready(cx).map_err(Into::into)
	}

	fn call(&mut self, request: HttpRequest<B>) -> Self::Future {
		let Some(name) = request.uri().path().strip_prefix("/artifacts/") else {
			let future = self.inner.call(request);
			return Box::pin(async move { future.await.map_err(Into::into) });
		};
		let response = if request.method() != http::Method::GET {
			plain(http::StatusCode::METHOD_NOT_ALLOWED, "artifacts are read with GET\n")
		} else {
			match name
				.parse::<Hash256>()
				.map_err(Error::from)
				.and_then(|hash| self.store.get(&hash))
			{
				Ok(bytes) => http::Response::builder()
					.header(http::header::CONTENT_TYPE, "application/octet-stream")
					.body(HttpBody::from(bytes))
					.expect("a valid response"),
				Err(error @ Error::MalformedHash(_)) => {
					plain(http::StatusCode::BAD_REQUEST, &format!("{error}\n"))
				}
				Err(error @ Error::UnknownArtifact(_)) => {
					plain(http::StatusCode::NOT_FOUND, &format!("{error}\n"))
				}
				Err(error) => plain(http::StatusCode::INTERNAL_SERVER_ERROR, &format!("{error}\n")),
			}
		};
		Box::pin(async move { Ok(response) })
	}
}

fn plain(status: http::StatusCode, text: &str) -> HttpResponse {
	http::Response::builder()
		.status(status)
		.header(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")
		.body(HttpBody::from(text.to_owned()))
		.expect("a valid response")
}
