//! `aicchain-trainer bench`: trains the zoo's three models on the shipped data sets and prints
//! training throughput and held-out quality (`bench/torch_bench.py` runs the same work in
//! PyTorch for comparison); with `--validation`, what validating a run costs against training it;
//! with `--divergence`, how far honest replays on other devices drift from the run they check.

use std::{path::PathBuf, time::Instant};

use aicchain_trainer::{
	data::{Dataset, Examples, Shard},
	detection::segments_needed,
	hash::Hash256,
	model::{zoo_model, ModelSpec},
	session::Session,
	store::{ArtifactStore, DEFAULT_MAX_ARTIFACT},
	trainer::{device_name, TrainTask, Trainer},
	validate::ValidateRequest,
};
use clap::Args;
use tch::Device;

use crate::dataset::load;

/// What `bench` trains.
#[derive(Args)]
pub struct BenchArgs {
	/// An image data set (the MLP and the CNN train on it).
	#[arg(long, default_value = "/usr/share/datasets/fashion-mnist")]
	images: PathBuf,
	/// A text corpus (the transformer trains on it).
	#[arg(long)]
	text: PathBuf,
	/// Optimiser steps per model.
	#[arg(long, default_value_t = 300)]
	steps: u32,
	/// Models to run, comma-separated.
	#[arg(long, default_value = "mlp,cnn,transformer", value_delimiter = ',')]
	models: Vec<String>,
	/// Instead: train a task of `steps` steps in 64 segments, validate it as one of two
	/// validators of a trainer whose reward equals its slash, and print what validation costs.
	#[arg(long)]
	validation: bool,
	/// Instead: train a task of `steps` steps in 20 segments on this device, replay every
	/// segment on the CPU (and, from a GPU, on the GPU again) as a validator does, and print
	/// how many replays are bit-exact and the largest per-tensor relative difference.
	#[arg(long, conflicts_with = "validation")]
	divergence: bool,
}

/// Trains each model from seed 0 and prints one table row per model.
pub fn run(device: Device, args: &BenchArgs) -> anyhow::Result<()> {
	let images = load(&args.images)?;
	let text = load(&args.text)?;
	if args.validation {
		return validation_cost(device, args, images, text);
	}
	if args.divergence {
		return divergence(device, args, images, text);
	}
	println!(
		"device {}, {} threads, {} steps per model",
		device_name(device),
		tch::get_num_threads(),
		args.steps
	);
	println!("| model | batch | samples/s | held-out loss | held-out accuracy | baseline |");
	println!("|---|---|---|---|---|---|");
	for name in &args.models {
		let dataset = if name == "transformer" { &text } else { &images };
		let spec = ModelSpec::preset(zoo_model(name)?, dataset)?;
		let mut session = Session::init(&spec, 0, device);
		// One warm-up step (allocator, kernels) outside the timing.
		session.step(&session.batch(&dataset.train, 0, 0), 1);
		let started = Instant::now();
		for step in 1..=u64::from(args.steps) {
			session.step(&session.batch(&dataset.train, 0, step), step + 1);
			if step % u64::from((args.steps / 10).max(1)) == 0 {
				eprintln!("{name}: step {step}/{}", args.steps);
			}
		}
		let seconds = started.elapsed().as_secs_f64();
		let throughput = f64::from(args.steps) * spec.batch_size as f64 / seconds;
		let (loss, accuracy) = session.evaluate(&dataset.held_out);
		let accuracy = accuracy.map_or("–".into(), |a| format!("{:.2}%", a * 100.0));
		let baseline = match &dataset.train {
			Examples::Text { tokens } => format!("unigram {:.3}", unigram_entropy(tokens)),
			Examples::Images { .. } => format!("uniform {:.3}", (dataset.classes as f64).ln()),
		};
		println!(
			"| {name} | {} | {throughput:.0} | {loss:.3} | {accuracy} | {baseline} |",
			spec.batch_size
		);
	}
	Ok(())
}

/// Trains a task per model as a trainer does and validates it as a validator does (fetching
/// aside): prints the times and their ratio.
fn validation_cost(
	device: Device,
	args: &BenchArgs,
	images: Dataset,
	text: Dataset,
) -> anyhow::Result<()> {
	let dir = std::env::temp_dir().join(format!("aicchain-bench-{}", std::process::id()));
	let mut trainer = Trainer::new(device, ArtifactStore::open(&dir, DEFAULT_MAX_ARTIFACT)?);
	let (images, text) = (trainer.add_dataset(images), trainer.add_dataset(text));
	let every = args.steps.div_ceil(64).max(1);
	let segments = args.steps.div_ceil(every);
	let replayed = segments_needed(segments, 2, 1.0, 1.0);
	println!(
		"device {}, {} threads; {} steps in {segments} segments, {replayed} re-executed",
		device_name(device),
		tch::get_num_threads(),
		args.steps
	);
	println!("| model | training | validation | validation / training |");
	println!("|---|---|---|---|");
	for name in &args.models {
		let dataset = if name == "transformer" { text } else { images };
		let task = bench_task(&trainer, name, dataset, args.steps, every)?;
		let started = Instant::now();
		let claim =
			trainer.train(&task, &mut |p| eprintln!("{name}: step {}/{}", p.step, p.steps))?;
		let training = started.elapsed().as_secs_f64();
		let request = ValidateRequest { task, claim, sample_seed: 7, segments: replayed };
		let started = Instant::now();
		let verdict = trainer.validate(&request)?;
		let validation = started.elapsed().as_secs_f64();
		anyhow::ensure!(verdict.valid, "the honest run is invalid: {verdict:?}");
		println!(
			"| {name} | {training:.1} s | {validation:.1} s | {:.1}% |",
			100.0 * validation / training
		);
	}
	std::fs::remove_dir_all(dir)?;
	Ok(())
}

/// Trains a task per model on `device` and replays every segment of it, as a validator would,
/// on the CPU and, when `device` is a GPU, on the GPU again; prints how many replays are
/// bit-exact and how far the others drift.
fn divergence(
	device: Device,
	args: &BenchArgs,
	images: Dataset,
	text: Dataset,
) -> anyhow::Result<()> {
	let dir = std::env::temp_dir().join(format!("aicchain-divergence-{}", std::process::id()));
	let mut trainer = Trainer::new(device, ArtifactStore::open(&dir, DEFAULT_MAX_ARTIFACT)?);
	let (images, text) = (trainer.add_dataset(images), trainer.add_dataset(text));
	let every = args.steps.div_ceil(20).max(1);
	println!(
		"trained on {}, {} CPU threads; {} steps in segments of {every}, each replayed",
		device_name(device),
		tch::get_num_threads(),
		args.steps,
	);
	println!("| model | replayed on | bit-exact segments | largest relative difference | median |");
	println!("|---|---|---|---|---|");
	let replayers = if device == Device::Cpu { vec![device] } else { vec![Device::Cpu, device] };
	for name in &args.models {
		let dataset = if name == "transformer" { text } else { images };
		let task = bench_task(&trainer, name, dataset, args.steps, every)?;
		let claim =
			trainer.train(&task, &mut |p| eprintln!("{name}: step {}/{}", p.step, p.steps))?;
		let checkpoints = claim
			.checkpoints
			.iter()
			.map(|hash| trainer.load(hash))
			.collect::<Result<Vec<_>, _>>()?;
		for &on in &replayers {
			let (mut exact, mut diffs) = (0, Vec::new());
			for (segment, pair) in checkpoints.windows(2).enumerate() {
				let from = segment as u32 * every;
				let to = (from + every).min(args.steps);
				let replayed = trainer.replay(&task, &pair[0], from..=to, on)?;
				exact += usize::from(replayed.hash()? == pair[1].hash()?);
				diffs.push(replayed.max_rel_diff(&pair[1]).unwrap_or(f64::INFINITY));
			}
			diffs.sort_by(f64::total_cmp);
			println!(
				"| {name} | {} | {exact} of {} | {:.1e} | {:.1e} |",
				device_name(on),
				diffs.len(),
				diffs[diffs.len() - 1],
				diffs[diffs.len() / 2]
			);
		}
	}
	std::fs::remove_dir_all(dir)?;
	Ok(())
}

/// The task `bench` trains for model `name`: seed 0, half the data set, checkpoints every
/// `every` steps.
fn bench_task(
	trainer: &Trainer,
	name: &str,
	dataset: Hash256,
	steps: u32,
	every: u32,
) -> anyhow::Result<TrainTask> {
	Ok(TrainTask {
		spec: ModelSpec::preset(zoo_model(name)?, &*trainer.dataset(&dataset)?)?,
		dataset,
		shard: Shard { index: 0, count: 2 },
		base: None,
		steps,
		init_seed: 0,
		seed: 1,
		checkpoint_every: every,
	})
}

/// Cross-entropy (nats) of predicting each byte by its frequency in `tokens`.
fn unigram_entropy(tokens: &tch::Tensor) -> f64 {
	let counts = tokens.bincount::<tch::Tensor>(None, 256).to_kind(tch::Kind::Double);
	let p = &counts / counts.sum(tch::Kind::Double);
	let nonzero = p.masked_select(&p.gt(0.0));
	-(&nonzero * nonzero.log()).sum(tch::Kind::Double).double_value(&[])
}
