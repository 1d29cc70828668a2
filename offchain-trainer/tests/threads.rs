//! Honest runs on other thread counts: the validator replays a CPU claim with the claimed
//! count, so an honest run is Valid whatever the validator's own count. Its own test binary
//! (a process of its own): libtorch's thread count is global to a process.

mod common;

use aicchain_trainer::{
	trainer::{TrainReport, TrainTask, Trainer},
	validate::ValidateRequest,
};
use common::*;

fn train_with(trainer: &Trainer, task: &TrainTask, threads: i32) -> TrainReport {
	tch::set_num_threads(threads);
	trainer.train(task, &mut |_| {}).unwrap()
}

#[test]
fn an_honest_run_on_other_threads_is_valid_and_how_far_the_counts_diverge() {
	let trainer = cpu_trainer("threads");
	let task = TrainTask { steps: 40, checkpoint_every: 10, ..mlp_task(&trainer, 0, 3) };
	let one = train_with(&trainer, &task, 1);
	let two = train_with(&trainer, &task, 2);
	let cpu = |threads| aicchain_task::Device::Cpu { threads };
	assert_eq!((one.device, two.device), (cpu(1), cpu(2)));

	// Each judged by a validator running with the other count.
	for (claim, validator_threads) in [(&one, 2), (&two, 1)] {
		tch::set_num_threads(validator_threads);
		let request = ValidateRequest {
			task: task.clone(),
			claim: claim.clone(),
			sample_seed: 1,
			segments: 4,
		};
		let verdict = trainer.validate(&request).unwrap();
		assert!(verdict.valid, "{verdict:?}");
		assert_eq!(tch::get_num_threads(), validator_threads, "the validator's count is restored");
	}

	// The honest divergence between thread counts, per segment boundary (for the README).
	let diffs: Vec<f64> = one
		.checkpoints
		.iter()
		.zip(&two.checkpoints)
		.map(|(a, b)| {
			let (a, b) = (trainer.load(a).unwrap(), trainer.load(b).unwrap());
			a.max_rel_diff(&b).unwrap()
		})
		.collect();
	println!("1 vs 2 threads, largest relative difference at steps 0, 10, 20, 30, 40: {diffs:?}");
	assert_eq!(diffs[0], 0.0, "the seeded start does not depend on threads");
	assert!(diffs.iter().all(|d| *d < 1e-3), "honest noise is small: {diffs:?}");
}
