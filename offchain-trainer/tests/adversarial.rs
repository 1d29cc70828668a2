//! A rational cheater who knows the validator's code. Each claim is forged outside the
//! trainer's honest path, from the library's sessions and checkpoints, and published as a run
//! would be; each is judged Invalid, or, when only the sample can catch it, caught at the rate
//! sampling gives (`aicchain_trainer::detection`), within a binomial bound over many sample
//! seeds. (Withheld and unreachable artifacts are judged over JSON-RPC, in `rpc.rs`.)

mod common;

use aicchain_trainer::{
	checkpoint::{Checkpoint, MODEL, OPTIM},
	data::{Examples, Shard},
	detection::caught_by_one,
	model::{ModelSpec, Optimizer},
	session::Session,
	trainer::{TrainReport, TrainTask, Trainer},
	validate::{ValidateRequest, Verdict},
};
use common::*;
use tch::{Device, Tensor};

/// Steps of the runs forged here, and steps per segment: six segments.
const STEPS: u32 = 24;
const EVERY: u32 = 4;
const SEGMENTS: u32 = STEPS / EVERY;
/// Segments each validator re-executes (the last and two drawn).
const REPLAYED: u32 = 3;
/// Sample seeds tried for a cheat that only the sample can catch.
const SEEDS: u64 = 60;

fn task(trainer: &Trainer) -> TrainTask {
	TrainTask { steps: STEPS, checkpoint_every: EVERY, ..mlp_task(trainer, 0, 1) }
}

fn shard(trainer: &Trainer, task: &TrainTask) -> Examples {
	trainer.dataset(&task.dataset).unwrap().shard(task.shard).unwrap()
}

/// Runs steps `from + 1 ..= to` of `task` on `examples`, the way the trainer does.
fn run(session: &mut Session, examples: &Examples, task: &TrainTask, from: u32, to: u32) {
	for step in from + 1..=to {
		session.step(&session.batch(examples, task.seed, step.into()), step.into());
	}
}

/// An honest run's checkpoints at every boundary, from `session` on (not stored).
fn boundaries(trainer: &Trainer, task: &TrainTask, mut session: Session) -> Vec<Checkpoint> {
	let examples = shard(trainer, task);
	let mut checkpoints = vec![session.checkpoint()];
	for segment in 0..SEGMENTS {
		run(&mut session, &examples, task, segment * EVERY, (segment + 1) * EVERY);
		checkpoints.push(session.checkpoint());
	}
	checkpoints
}

/// Publishes `checkpoints` as `task`'s run: stores them, and reports the probe losses of the
/// claimed start and weights as measured, so that only the forged part can give it away.
fn publish(trainer: &Trainer, task: &TrainTask, checkpoints: &[Checkpoint]) -> TrainReport {
	let examples = shard(trainer, task);
	let loss = |checkpoint: &Checkpoint| {
		let session = Session::resume(&task.spec, checkpoint, Device::Cpu).unwrap();
		session.loss(&session.probe(&examples, task.seed))
	};
	let hashes: Vec<_> = checkpoints.iter().map(|c| trainer.save(c).unwrap()).collect();
	TrainReport {
		weights: *hashes.last().unwrap(),
		checkpoints: hashes,
		samples: u64::from(STEPS) * task.spec.batch_size as u64,
		steps: STEPS,
		loss_before: loss(&checkpoints[0]),
		loss_after: loss(checkpoints.last().unwrap()),
		wall_ms: 100,
		device: aicchain_task::Device::Cpu { threads: tch::get_num_threads() as u16 },
	}
}

fn judge(trainer: &Trainer, task: &TrainTask, claim: &TrainReport, sample_seed: u64) -> Verdict {
	let request = ValidateRequest {
		task: task.clone(),
		claim: claim.clone(),
		sample_seed,
		segments: REPLAYED,
	};
	trainer.validate(&request).unwrap()
}

/// Asserts that `claim` is Invalid whatever the sample, for a reason containing `why`.
fn always_invalid(trainer: &Trainer, task: &TrainTask, claim: &TrainReport, why: &str) {
	for sample_seed in 0..5 {
		let verdict = judge(trainer, task, claim, sample_seed);
		assert!(!verdict.valid, "seed {sample_seed}: {verdict:?}");
		assert!(verdict.reasons.iter().any(|r| r.contains(why)), "wanted `{why}`: {verdict:?}");
	}
}

/// Asserts that `claim`, with `faked` segments faked, is caught at the rate sampling gives:
/// within four standard deviations of the binomial mean over [`SEEDS`] sample seeds.
fn caught_at_the_sampling_rate(
	trainer: &Trainer,
	task: &TrainTask,
	claim: &TrainReport,
	faked: u32,
) {
	let caught = (0..SEEDS).filter(|&seed| !judge(trainer, task, claim, seed).valid).count() as f64;
	let p = caught_by_one(SEGMENTS, REPLAYED, faked);
	let (mean, sd) = (SEEDS as f64 * p, (SEEDS as f64 * p * (1.0 - p)).sqrt());
	println!(
		"caught {caught} of {SEEDS} samples; sampling catches {:.1}% ({mean:.1} ± {sd:.1})",
		100.0 * p
	);
	assert!(
		(caught - mean).abs() <= 4.0 * sd + 1.0,
		"caught {caught} of {SEEDS}; sampling catches {p:.3} of them, {mean:.1} ± {sd:.1}"
	);
	assert!(caught > 0.0, "the sample does catch it sometimes");
}

/// A copy of `checkpoint`.
fn copy(checkpoint: &Checkpoint) -> Checkpoint {
	tampered(checkpoint, "", |t| t.shallow_clone())
}

/// `checkpoint` with `f` applied to every tensor whose name starts with `prefix`.
fn tampered(checkpoint: &Checkpoint, prefix: &str, f: impl Fn(&Tensor) -> Tensor) -> Checkpoint {
	let mut out = Checkpoint::default();
	for (name, tensor) in &checkpoint.tensors {
		let changed = if name.starts_with(prefix) { f(tensor) } else { tensor.shallow_clone() };
		out.insert(name.clone(), &changed);
	}
	out
}

#[test]
fn the_honest_control_is_valid_with_any_sample() {
	let trainer = cpu_trainer("adversary-control");
	let task = task(&trainer);
	let claim =
		publish(&trainer, &task, &boundaries(&trainer, &task, trainer.start(&task).unwrap()));
	for seed in 0..5 {
		let verdict = judge(&trainer, &task, &claim, seed);
		assert!(verdict.valid, "{verdict:?}");
		assert_eq!(verdict.measured.replayed.len(), REPLAYED as usize);
	}
}

#[test]
fn a_lazy_segment_extrapolated_from_the_last_two_is_caught_when_sampled() {
	let trainer = cpu_trainer("adversary-lazy");
	let task = task(&trainer);
	let examples = shard(&trainer, &task);
	let honest = boundaries(&trainer, &task, trainer.start(&task).unwrap());
	// Segment 2 is skipped: its end is guessed as w₂ + (w₂ − w₁); the rest trains on from it.
	let guess = Checkpoint {
		tensors: honest[2]
			.tensors
			.iter()
			.map(|(name, w2)| (name.clone(), w2 * 2.0 - &honest[1].tensors[name]))
			.collect(),
	};
	let mut session = Session::resume(&task.spec, &guess, Device::Cpu).unwrap();
	let mut forged: Vec<Checkpoint> = honest[..3].iter().map(copy).collect();
	forged.push(session.checkpoint());
	for segment in 3..SEGMENTS {
		run(&mut session, &examples, &task, segment * EVERY, (segment + 1) * EVERY);
		forged.push(session.checkpoint());
	}
	let claim = publish(&trainer, &task, &forged);
	caught_at_the_sampling_rate(&trainer, &task, &claim, 1);
}

#[test]
fn a_segment_trained_on_the_held_out_part_is_caught_when_sampled() {
	let trainer = cpu_trainer("adversary-held-out");
	let task = task(&trainer);
	let (examples, held_out) =
		(shard(&trainer, &task), &trainer.dataset(&task.dataset).unwrap().held_out);
	let mut session = trainer.start(&task).unwrap();
	let mut forged = vec![session.checkpoint()];
	for segment in 0..SEGMENTS {
		let data = if segment == 1 { held_out } else { &examples };
		run(&mut session, data, &task, segment * EVERY, (segment + 1) * EVERY);
		forged.push(session.checkpoint());
	}
	let claim = publish(&trainer, &task, &forged);
	caught_at_the_sampling_rate(&trainer, &task, &claim, 1);
}

#[test]
fn fewer_steps_than_claimed_are_invalid() {
	let trainer = cpu_trainer("adversary-short");
	let task = task(&trainer);
	let mut forged = boundaries(&trainer, &task, trainer.start(&task).unwrap());
	// The last segment is not trained: its start is published as its end.
	let last = forged.len() - 1;
	forged[last] = copy(&forged[last - 1]);
	always_invalid(&trainer, &task, &publish(&trainer, &task, &forged), "does not reproduce");
}

#[test]
fn other_hyper_parameters_are_invalid() {
	let trainer = cpu_trainer("adversary-lr");
	let task = task(&trainer);
	let Optimizer::Adam { lr, beta1, beta2, eps } = task.spec.optimizer else { panic!("Adam") };
	let hotter = TrainTask {
		spec: ModelSpec {
			optimizer: Optimizer::Adam { lr: lr * 4.0, beta1, beta2, eps },
			..task.spec.clone()
		},
		..task.clone()
	};
	let forged = boundaries(&trainer, &hotter, trainer.start(&hotter).unwrap());
	always_invalid(&trainer, &task, &publish(&trainer, &task, &forged), "does not reproduce");
}

#[test]
fn another_trainers_run_copied_is_invalid() {
	let trainer = cpu_trainer("adversary-copy");
	let task = task(&trainer);
	// The other trainer's task in the same round: another shard and its own batch seed.
	let other = TrainTask { shard: Shard { index: 1, count: 4 }, seed: 77, ..task.clone() };
	let copied = trainer.train(&other, &mut |_| {}).unwrap();
	always_invalid(&trainer, &task, &copied, "does not reproduce");
}

#[test]
fn another_rounds_run_replayed_is_invalid() {
	let trainer = cpu_trainer("adversary-replay");
	let task = task(&trainer);
	let last_round = TrainTask { seed: task.seed ^ 0xdead_beef, ..task.clone() };
	let replayed = trainer.train(&last_round, &mut |_| {}).unwrap();
	always_invalid(&trainer, &task, &replayed, "does not reproduce");
}

#[test]
fn every_shard_trained_instead_of_one_is_invalid() {
	let trainer = cpu_trainer("adversary-all-shards");
	let task = task(&trainer);
	let whole = TrainTask { shard: Shard::WHOLE, ..task.clone() };
	let forged = boundaries(&trainer, &whole, trainer.start(&whole).unwrap());
	always_invalid(&trainer, &task, &publish(&trainer, &task, &forged), "does not reproduce");
}

#[test]
fn noise_on_the_weights_is_invalid() {
	let trainer = cpu_trainer("adversary-noise");
	let task = task(&trainer);
	let mut forged = boundaries(&trainer, &task, trainer.start(&task).unwrap());
	let last = forged.len() - 1;
	tch::manual_seed(5);
	forged[last] = tampered(&forged[last], MODEL, |t| t + t.randn_like() * 1e-6);
	always_invalid(&trainer, &task, &publish(&trainer, &task, &forged), "does not reproduce");
}

#[test]
fn inflated_optimiser_moments_are_invalid() {
	// Adam's second moments inflated at every boundary: the model barely learns, and each
	// segment replays exactly from its (inflated) start. The boundaries give it away.
	let trainer = cpu_trainer("adversary-moments");
	let task = task(&trainer);
	let examples = shard(&trainer, &task);
	let inflate = |c: &Checkpoint| tampered(c, &format!("{OPTIM}v."), |v| v * 1e4 + 1e-6);
	let mut session = trainer.start(&task).unwrap();
	let mut forged = vec![session.checkpoint()];
	for segment in 0..SEGMENTS {
		run(&mut session, &examples, &task, segment * EVERY, (segment + 1) * EVERY);
		let published = inflate(&session.checkpoint());
		session = Session::resume(&task.spec, &published, Device::Cpu).unwrap();
		forged.push(published);
	}
	always_invalid(&trainer, &task, &publish(&trainer, &task, &forged), "does not reproduce");
}

#[test]
fn a_non_canonical_encoding_is_invalid() {
	let trainer = cpu_trainer("adversary-encoding");
	let task = task(&trainer);
	let mut claim = trainer.train(&task, &mut |_| {}).unwrap();
	// The same tensors with metadata: new bytes, a new hash, one run passing as two.
	let checkpoint = trainer.load(&claim.weights).unwrap();
	let bytes = checkpoint.encode().unwrap();
	let header = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
	let json = std::str::from_utf8(&bytes[8..8 + header]).unwrap();
	let mut with_metadata = format!(r#"{{"__metadata__":{{"by":"someone"}},{}"#, &json[1..]);
	while (with_metadata.len() + 8) % 8 != 0 {
		with_metadata.push(' ');
	}
	let mut reencoded = (with_metadata.len() as u64).to_le_bytes().to_vec();
	reencoded.extend_from_slice(with_metadata.as_bytes());
	reencoded.extend_from_slice(&bytes[8 + header..]);
	let copy = trainer.store().put(&reencoded).unwrap();
	assert_ne!(copy, claim.weights);
	claim.weights = copy;
	*claim.checkpoints.last_mut().unwrap() = copy;
	always_invalid(&trainer, &task, &claim, "canonical");
}

#[test]
fn a_lying_device_claim_buys_no_room_for_changes() {
	// Claiming a GPU buys no tolerance: a validator without one cannot replay the claim
	// exactly, so it is Invalid, however small the change (here: none).
	let trainer = cpu_trainer("adversary-device");
	let task = task(&trainer);
	let mut claim =
		publish(&trainer, &task, &boundaries(&trainer, &task, trainer.start(&task).unwrap()));
	claim.device = aicchain_task::Device::Cuda;
	always_invalid(&trainer, &task, &claim, "cannot replay exactly");
	// A thread count nobody can replay with is no cover either.
	for threads in [0, u16::MAX] {
		claim.device = aicchain_task::Device::Cpu { threads };
		always_invalid(&trainer, &task, &claim, "threads");
	}
}

#[test]
fn random_bytes_in_place_of_a_checkpoint_are_invalid() {
	let trainer = cpu_trainer("adversary-bytes");
	let task = task(&trainer);
	let mut claim = trainer.train(&task, &mut |_| {}).unwrap();
	let mut bytes = trainer.store().get(&claim.weights).unwrap();
	bytes.truncate(bytes.len() / 2);
	claim.weights = trainer.store().put(&bytes).unwrap();
	*claim.checkpoints.last_mut().unwrap() = claim.weights;
	always_invalid(&trainer, &task, &claim, "unusable");
}
