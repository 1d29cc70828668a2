//! `aicchain-trainer`: the trainer's command line — `serve` for a node, and `train`,
//! `validate`, `merge`, `bench`, `info` for people without a chain; `policy` for the learned
//! matching policy.

use std::{path::PathBuf, process::ExitCode};

use aicchain_trainer::{
	data::Shard,
	merge::MergeInput,
	model::{zoo_model, ModelSpec},
	rpc::Backend,
	store::{ArtifactStore, DEFAULT_MAX_ARTIFACT},
	trainer::{Progress, TrainReport, TrainTask, Trainer},
	validate::ValidateRequest,
	Hash256,
};
use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use serde::{Deserialize, Serialize};
use tch::Device;

mod bench;
mod dataset;
mod policy;

use dataset::load;

#[derive(Parser)]
#[command(name = "aicchain-trainer", version, about = "AICChain's off-chain libtorch trainer")]
struct Cli {
	#[command(flatten)]
	common: Common,
	#[command(subcommand)]
	command: Command,
}

/// Options every subcommand shares.
#[derive(Args)]
struct Common {
	/// `cpu`, `cuda`, or `auto` (CUDA when usable).
	#[arg(long, global = true, default_value = "auto")]
	device: String,
	/// libtorch intra-op threads (CPU results are bit-exact for equal thread counts).
	#[arg(long, global = true)]
	threads: Option<i32>,
	/// Folder of the content-addressed artifact store.
	#[arg(long, global = true, default_value = "aicchain-trainer-data/artifacts")]
	store: PathBuf,
}

#[derive(Subcommand)]
enum Command {
	/// Serve JSON-RPC (`trainer_*`) and `GET /artifacts/<hash>` for a node.
	Serve {
		/// Address to listen on; keep it on loopback unless a firewall guards it.
		#[arg(long, default_value = "127.0.0.1:9955")]
		listen: std::net::SocketAddr,
		/// Data sets to load (MNIST IDX folders, `.csv` tables, text files); repeatable.
		#[arg(long = "dataset")]
		datasets: Vec<PathBuf>,
		/// Cheat: `random-weights` or `withhold` in every run, or `slander` every update it
		/// judges (test builds only).
		#[cfg(feature = "fault-injection")]
		#[arg(long)]
		fault: Option<aicchain_trainer::fault::Fault>,
	},
	/// Print the torch version, the devices seen and whether CUDA is usable.
	Info,
	/// Train one task and print the task and its report as JSON.
	Train(TrainArgs),
	/// Check a claim printed by `train`; exits with status 1 when it is invalid.
	Validate {
		/// The data set the task trains on.
		#[arg(long)]
		dataset: PathBuf,
		/// A JSON file with `task` and `report`, as `train` prints it.
		claim: PathBuf,
		/// Segments to re-execute (the last one always is).
		#[arg(long, default_value_t = 2)]
		segments: u32,
		/// Chooses the segments.
		#[arg(long, default_value_t = 0)]
		sample_seed: u64,
	},
	/// Average checkpoints weighted by samples: `HASH:SAMPLES ...`.
	Merge {
		/// The updates, as `HASH:SAMPLES`.
		#[arg(required = true)]
		updates: Vec<String>,
	},
	/// Train the zoo's three models and print samples per second and held-out figures.
	Bench(bench::BenchArgs),
	/// Print how many segments validators re-execute so that no fake pays, and how often a
	/// faked segment is caught, for runs of 4 to 64 segments.
	Detection {
		/// A trainer's round reward over its slash (e.g. 0.8 for 80 AICC against 100).
		#[arg(long, default_value_t = 1.0)]
		reward_per_slash: f64,
	},
	/// Download an artifact (e.g. a job's final model) from a trainer, check it against its
	/// hash and write it to a file (a `.safetensors` checkpoint for models).
	Fetch {
		/// The artifact's BLAKE2b-256 hash, e.g. the job's `modelHash` on-chain.
		hash: Hash256,
		/// The trainer that has it, e.g. the merger's `artifactUrl`.
		#[arg(long)]
		from: String,
		/// The file to write.
		#[arg(long, default_value = "model.safetensors")]
		out: PathBuf,
	},
	/// The learned matching policy: `train`, `evaluate`, `fidelity`, `rank`.
	#[command(subcommand)]
	Policy(policy::PolicyCommand),
}

#[derive(Args)]
struct TrainArgs {
	/// A data set: an MNIST IDX folder, a `.csv` table or a text file (optionally `.gz`).
	#[arg(long)]
	dataset: PathBuf,
	/// A zoo model (`mlp`, `cnn`, `transformer`), or a JSON file with a model spec.
	#[arg(long, default_value = "mlp")]
	model: String,
	/// Optimiser steps.
	#[arg(long, default_value_t = 500)]
	steps: u32,
	/// Seeds the initialisation and the batch order.
	#[arg(long, default_value_t = 0)]
	seed: u64,
	/// The shard to train on, `INDEX/COUNT`.
	#[arg(long, default_value = "0/1")]
	shard: String,
	/// Steps between checkpoints (default: a quarter of the steps).
	#[arg(long)]
	checkpoint_every: Option<u32>,
	/// Start from this checkpoint instead of the seeded initialisation.
	#[arg(long)]
	base: Option<Hash256>,
}

/// A task and what came of it: the file `train` prints and `validate` reads.
#[derive(Serialize, Deserialize)]
struct Claim {
	task: TrainTask,
	report: TrainReport,
}

fn main() -> ExitCode {
	match run(Cli::parse()) {
		Ok(code) => code,
		Err(error) => {
			eprintln!("error: {error:#}");
			ExitCode::from(2)
		}
	}
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
	let device = match cli.common.device.as_str() {
		"auto" => Device::cuda_if_available(),
		"cpu" => Device::Cpu,
		"cuda" if tch::Cuda::is_available() => Device::Cuda(0),
		"cuda" => bail!("--device cuda: CUDA is not usable here (see `aicchain-trainer info`)"),
		other => bail!("--device {other}: choose cpu, cuda or auto"),
	};
	match cli.common.threads {
		Some(threads) if threads < 1 => bail!("--threads {threads}: give at least 1"),
		Some(threads) => tch::set_num_threads(threads),
		None => {}
	}
	let store = || ArtifactStore::open(&cli.common.store, DEFAULT_MAX_ARTIFACT);

	match cli.command {
		#[cfg(feature = "fault-injection")]
		Command::Serve { listen, datasets, fault: Some(fault) } => {
			serve(device, store()?, listen, datasets, move |trainer| {
				eprintln!("this trainer cheats: {fault:?}");
				aicchain_trainer::fault::Faulty::new(trainer, fault)
			})?
		}
		Command::Serve { listen, datasets, .. } => {
			serve(device, store()?, listen, datasets, |trainer| trainer)?
		}
		Command::Info => info(),
		Command::Train(args) => {
			let mut trainer = Trainer::new(device, store()?);
			let dataset = load(&args.dataset)?;
			let spec = match args.model.as_str() {
				"mlp" | "cnn" | "transformer" => {
					ModelSpec::preset(zoo_model(&args.model)?, &dataset)?
				}
				path => serde_json::from_slice(
					&std::fs::read(path).with_context(|| format!("reading {path}"))?,
				)
				.with_context(|| format!("{path} is not a model spec"))?,
			};
			let task = TrainTask {
				spec,
				dataset: trainer.add_dataset(dataset),
				shard: parse_shard(&args.shard)?,
				base: args.base,
				steps: args.steps,
				init_seed: args.seed,
				seed: args.seed,
				checkpoint_every: args.checkpoint_every.unwrap_or(args.steps.div_ceil(4).max(1)),
			};
			let report = trainer.train(&task, &mut print_progress)?;
			print_json(&Claim { task, report });
		}
		Command::Validate { dataset, claim, segments, sample_seed } => {
			let mut trainer = Trainer::new(device, store()?);
			trainer.add_dataset(load(&dataset)?);
			let claim: Claim =
				serde_json::from_slice(&std::fs::read(&claim)?).with_context(|| {
					format!("{} is not a claim printed by `train`", claim.display())
				})?;
			let request =
				ValidateRequest { task: claim.task, claim: claim.report, sample_seed, segments };
			let verdict = trainer.validate(&request)?;
			print_json(&verdict);
			if !verdict.valid {
				return Ok(ExitCode::FAILURE);
			}
		}
		Command::Merge { updates } => {
			let inputs =
				updates.iter().map(|u| parse_update(u)).collect::<anyhow::Result<Vec<_>>>()?;
			print_json(&Trainer::new(device, store()?).merge(&inputs)?);
		}
		Command::Bench(args) => bench::run(device, &args)?,
		Command::Fetch { hash, from, out } => fetch(hash, &from, &out)?,
		Command::Detection { reward_per_slash } => detection(reward_per_slash),
		Command::Policy(command) => policy::run(command)?,
	}
	Ok(ExitCode::SUCCESS)
}

/// Runs the service until Ctrl-C, on the trainer with `datasets` as `wrap` makes it a
/// [`Backend`] (in test builds, one that cheats).
fn serve<B: Backend + 'static>(
	device: Device,
	store: ArtifactStore,
	listen: std::net::SocketAddr,
	datasets: Vec<PathBuf>,
	wrap: impl FnOnce(Trainer) -> B + Send + 'static,
) -> anyhow::Result<()> {
	tokio::runtime::Runtime::new()?.block_on(async move {
		let worker_store = store.clone();
		let open = move || {
			let mut trainer = Trainer::new(device, worker_store);
			for path in &datasets {
				trainer.add_dataset(load(path).map_err(|e| aicchain_trainer::Error::InvalidData(format!("{e:#}")))?);
			}
			Ok(wrap(trainer))
		};
		let (addr, handle) = aicchain_trainer::rpc::serve(listen, store, open).await?;
		eprintln!("aicchain-trainer serving JSON-RPC on http://{addr} (artifacts at /artifacts/<hash>); Ctrl-C stops it");
		tokio::signal::ctrl_c().await?;
		handle.stop()?;
		handle.stopped().await;
		anyhow::Ok(())
	})
}

/// Downloads `hash` from the trainer at `from` into `out`, checked against the hash.
fn fetch(hash: Hash256, from: &str, out: &std::path::Path) -> anyhow::Result<()> {
	use aicchain_trainer::rpc::TrainerApiClient;
	let bytes = tokio::runtime::Runtime::new()?.block_on(async {
		let client = jsonrpsee::http_client::HttpClientBuilder::default()
			.max_response_size(u32::MAX)
			.request_timeout(std::time::Duration::from_secs(600))
			.build(from)?;
		let hex_bytes = client.get_artifact(hash.to_string()).await?;
		anyhow::Ok(hex::decode(hex_bytes).context("the trainer's answer is not hex")?)
	})?;
	aicchain_trainer::store::verify(&hash, &bytes)?;
	std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
	eprintln!("{}: {} bytes, BLAKE2b-256 {hash} (checked)", out.display(), bytes.len());
	Ok(())
}

/// Prints the segments each validator re-executes so that no fake pays a trainer whose reward
/// is `ratio` times its slash, and how often one faked segment is caught.
fn detection(ratio: f64) {
	use aicchain_trainer::detection::{caught_by_majority, caught_by_one, segments_needed};
	println!("reward / slash = {ratio}");
	println!("| segments | validators | re-executed each | share of the run | one faked segment caught: by a validator | by the round (majority) |");
	println!("|---|---|---|---|---|---|");
	for segments in [4, 8, 16, 32, 64] {
		for validators in [1, 2, 3] {
			let replayed = segments_needed(segments, validators, ratio, 1.0);
			let one = caught_by_one(segments, replayed, 1);
			println!(
				"| {segments} | {validators} | {replayed} | {:.0}% | {:.1}% | {:.1}% |",
				100.0 * f64::from(replayed) / f64::from(segments),
				100.0 * one,
				100.0 * caught_by_majority(one, validators)
			);
		}
	}
}

/// Prints what libtorch sees.
fn info() {
	println!("aicchain-trainer {}", env!("CARGO_PKG_VERSION"));
	println!("torch {} (through tch 0.24)", aicchain_trainer::TORCH_VERSION);
	println!("cpu threads: {}", tch::get_num_threads());
	let cuda = tch::Cuda::is_available();
	println!("cuda usable: {}", if cuda { "yes" } else { "no" });
	println!("cuda devices: {}", tch::Cuda::device_count());
	println!("cudnn: {}", if tch::Cuda::cudnn_is_available() { "yes" } else { "no" });
	println!(
		"default device: {}",
		aicchain_trainer::trainer::device_name(Device::cuda_if_available())
	);
}

/// One progress line on standard error.
fn print_progress(p: Progress) {
	eprintln!("step {:>6}/{} loss {:.4}", p.step, p.steps, p.loss);
}

fn parse_shard(text: &str) -> anyhow::Result<Shard> {
	let (index, count) = text.split_once('/').context("--shard takes INDEX/COUNT, e.g. 0/4")?;
	let shard = Shard { index: index.parse()?, count: count.parse()? };
	shard.check()?;
	Ok(shard)
}

fn parse_update(text: &str) -> anyhow::Result<MergeInput> {
	let (hash, samples) =
		text.split_once(':').with_context(|| format!("`{text}`: expected HASH:SAMPLES"))?;
	Ok(MergeInput {
		weights: hash.parse::<Hash256>()?.into(),
		samples: samples.parse().with_context(|| format!("`{samples}`: not a count"))?,
	})
}

/// Prints `value` as pretty JSON on standard output.
fn print_json<T: Serialize>(value: &T) {
	println!("{}", serde_json::to_string_pretty(value).expect("plain data serialises"));
}
