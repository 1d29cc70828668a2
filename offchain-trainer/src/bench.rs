//! `aicchain-trainer bench`: trains the zoo's three models on the shipped data sets and prints
//! training throughput and held-out quality. `bench/torch_bench.py` runs the same work in
//! PyTorch for comparison.

use std::{path::PathBuf, time::Instant};

use aicchain_trainer::{data::Examples, model::ModelSpec, session::Session, trainer::device_name};
use clap::Args;
use tch::Device;

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
}

/// Trains each model from seed 0 and prints one table row per model.
pub fn run(device: Device, args: &BenchArgs) -> anyhow::Result<()> {
	let images = crate::load(&args.images)?;
	let text = crate::load(&args.text)?;
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
		let spec = ModelSpec::preset(name, dataset)?;
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

/// Cross-entropy (nats) of predicting each byte by its frequency in `tokens`.
fn unigram_entropy(tokens: &tch::Tensor) -> f64 {
	let counts = tokens.bincount::<tch::Tensor>(None, 256).to_kind(tch::Kind::Double);
	let p = &counts / counts.sum(tch::Kind::Double);
	let nonzero = p.masked_select(&p.gt(0.0));
	-(&nonzero * nonzero.log()).sum(tch::Kind::Double).double_value(&[])
}
