//! Training, validation and merging on the real data sets, on the CPU.

mod common;

use aicchain_trainer::{
	data::Shard,
	merge::MergeInput,
	model::{Architecture, ModelKind, ModelSpec},
	session::Session,
	trainer::{TrainTask, Trainer},
	validate::ValidateRequest,
	Error,
};
use common::*;
use tch::{Device, Tensor};

fn train(trainer: &Trainer, task: &TrainTask) -> aicchain_trainer::trainer::TrainReport {
	trainer.train(task, &mut |_| {}).unwrap()
}

/// A one-block byte transformer with `base`'s optimiser and batch size.
fn tiny_transformer(base: &ModelSpec) -> ModelSpec {
	let architecture =
		Architecture::Transformer { vocab: 256, context: 16, embed: 32, heads: 2, layers: 1 };
	ModelSpec { architecture, ..base.clone() }
}

fn request(task: &TrainTask, claim: &aicchain_trainer::trainer::TrainReport) -> ValidateRequest {
	ValidateRequest { task: task.clone(), claim: claim.clone(), sample_seed: 7, segments: 2 }
}

#[test]
fn the_same_seed_gives_the_same_weights_and_another_seed_does_not() {
	let trainer = cpu_trainer("determinism");
	let task = mlp_task(&trainer, 0, 1);
	let first = train(&trainer, &task);
	let second = train(&trainer, &task);
	assert_eq!(first.weights, second.weights);
	assert_eq!(first.checkpoints, second.checkpoints);
	assert_eq!((first.loss_before, first.loss_after), (second.loss_before, second.loss_after));

	let other_seed = train(&trainer, &TrainTask { seed: 2, ..task.clone() });
	assert_ne!(other_seed.weights, first.weights);
	assert_eq!(first.checkpoints.len(), 4, "steps 0, 8, 16 and 24");
	assert_eq!(first.samples, 24 * 64);
	assert!(first.loss_after < first.loss_before, "{first:?}");
}

#[test]
fn an_honest_update_is_valid() {
	let trainer = cpu_trainer("honest");
	let task = mlp_task(&trainer, 0, 1);
	let claim = train(&trainer, &task);
	let verdict = trainer.validate(&request(&task, &claim)).unwrap();
	assert!(verdict.valid, "{verdict:?}");
	assert!(verdict.measured.replayed.iter().all(|r| r.matches && r.max_rel_diff == Some(0.0)));
	assert_eq!(verdict.measured.replayed.len(), 2);
	assert_eq!(
		verdict.measured.replayed.last().unwrap().to_step,
		24,
		"the last segment is always replayed"
	);
	let accuracy = verdict.measured.held_out.unwrap().accuracy.unwrap();
	assert!(accuracy > 0.5, "24 Adam steps beat chance (10%) by far: {accuracy}");
}

#[test]
fn random_weights_are_invalid() {
	let trainer = cpu_trainer("random");
	let task = mlp_task(&trainer, 0, 1);
	let mut claim = train(&trainer, &task);
	// Replace the final checkpoint by random weights: another seed's initialisation.
	let forged = Session::init(&task.spec, 999, Device::Cpu).checkpoint();
	claim.weights = trainer.save(&forged).unwrap();
	*claim.checkpoints.last_mut().unwrap() = claim.weights;

	let verdict = trainer.validate(&request(&task, &claim)).unwrap();
	assert!(!verdict.valid);
	assert!(
		verdict.reasons.iter().any(|r| r.contains("does not reproduce checkpoint 3")),
		"{verdict:?}"
	);
	assert!(verdict.reasons.iter().any(|r| r.contains("loss_after")), "{verdict:?}");
}

#[test]
fn weights_trained_on_another_shard_are_invalid() {
	let trainer = cpu_trainer("shard");
	let task = mlp_task(&trainer, 0, 1);
	let claim = train(&trainer, &TrainTask { shard: Shard { index: 1, count: 4 }, ..task.clone() });
	let verdict = trainer.validate(&request(&task, &claim)).unwrap();
	assert!(!verdict.valid);
	assert!(verdict.reasons.iter().any(|r| r.contains("does not reproduce")), "{verdict:?}");
}

#[test]
fn a_misreported_loss_is_invalid() {
	let trainer = cpu_trainer("loss");
	let task = mlp_task(&trainer, 0, 1);
	let mut claim = train(&trainer, &task);
	claim.loss_after *= 0.5;
	let verdict = trainer.validate(&request(&task, &claim)).unwrap();
	assert!(!verdict.valid);
	assert_eq!(verdict.reasons.len(), 1, "{verdict:?}");
	assert!(verdict.reasons[0].starts_with("reports loss_after"), "{verdict:?}");
}

#[test]
fn an_unusable_checkpoint_is_invalid() {
	let trainer = cpu_trainer("garbage");
	let task = mlp_task(&trainer, 0, 1);
	let mut claim = train(&trainer, &task);
	claim.checkpoints[1] = trainer.store().put(b"not safetensors").unwrap();
	let verdict = trainer.validate(&request(&task, &claim)).unwrap();
	assert!(!verdict.valid);
	assert!(verdict.reasons.iter().any(|r| r.contains("unusable")), "{verdict:?}");
}

#[test]
fn a_claim_with_the_wrong_number_of_checkpoints_is_invalid() {
	let trainer = cpu_trainer("count");
	let task = mlp_task(&trainer, 0, 1);
	let mut claim = train(&trainer, &task);
	claim.checkpoints.remove(1);
	let verdict = trainer.validate(&request(&task, &claim)).unwrap();
	assert!(!verdict.valid);
	assert!(verdict.reasons[0].contains("publishes 3 checkpoints"), "{verdict:?}");
}

#[test]
fn merging_is_recomputable_and_the_merged_model_is_evaluated() {
	let trainer = cpu_trainer("merge");
	let a = train(&trainer, &mlp_task(&trainer, 0, 1));
	let b = train(&trainer, &mlp_task(&trainer, 1, 1));
	let inputs = [
		MergeInput { weights: a.weights.into(), samples: 300 },
		MergeInput { weights: b.weights.into(), samples: 100 },
	];
	let merged = trainer.merge(&inputs).unwrap();
	let reversed = trainer.merge(&[inputs[1], inputs[0]]).unwrap();
	assert_eq!(merged.weights, reversed.weights, "the order of the inputs does not matter");
	assert_eq!(merged.samples, 400);

	// Recompute one tensor by hand: 3/4 of A plus 1/4 of B.
	let (wa, wb, wm) = (
		trainer.load(&a.weights).unwrap(),
		trainer.load(&b.weights).unwrap(),
		trainer.load(&merged.weights.into()).unwrap(),
	);
	let name = "model.out.weight";
	let expected = &wa.tensors[name] * 0.75 + &wb.tensors[name] * 0.25;
	assert!(wm.tensors[name].allclose(&expected, 1e-6, 1e-7, false));
	assert!(
		wm.tensors.keys().all(|n| n.starts_with("model.")),
		"merged weights carry no optimiser state"
	);

	let task = mlp_task(&trainer, 0, 1);
	let evaluation = trainer.evaluate(&task.spec, &task.dataset, &merged.weights.into()).unwrap();
	assert!(evaluation.accuracy.unwrap() > 0.5, "{evaluation:?}");

	// The next round starts from the merged model.
	let next = train(&trainer, &TrainTask { base: Some(merged.weights.into()), ..task.clone() });
	let verdict = trainer
		.validate(&request(&TrainTask { base: Some(merged.weights.into()), ..task }, &next))
		.unwrap();
	assert!(verdict.valid, "{verdict:?}");
}

#[test]
fn merging_rejects_mismatched_or_bad_inputs() {
	let mut trainer = cpu_trainer("merge-errors");
	let mlp = mlp_task(&trainer, 0, 1);
	let a = train(&trainer, &mlp);
	assert!(matches!(trainer.merge(&[]), Err(Error::InvalidRequest(_))));
	let twice = [MergeInput { weights: a.weights.into(), samples: 1 }; 2];
	assert!(matches!(trainer.merge(&twice), Err(Error::InvalidRequest(_))));
	assert!(matches!(
		trainer.merge(&[MergeInput { weights: a.weights.into(), samples: 0 }]),
		Err(Error::InvalidRequest(_))
	));

	let text = trainer.add_dataset(shakespeare());
	let task = TrainTask {
		spec: tiny_transformer(&mlp.spec),
		dataset: text,
		shard: Shard::WHOLE,
		base: None,
		steps: 2,
		init_seed: 0,
		seed: 0,
		checkpoint_every: 2,
	};
	let t = train(&trainer, &task);
	let mixed = [
		MergeInput { weights: a.weights.into(), samples: 1 },
		MergeInput { weights: t.weights.into(), samples: 1 },
	];
	assert!(matches!(trainer.merge(&mixed), Err(Error::ShapeMismatch(_))));
}

#[test]
fn bad_tasks_are_refused_before_any_work() {
	let trainer = cpu_trainer("bad-tasks");
	let task = mlp_task(&trainer, 0, 1);
	let refuse = |task: TrainTask| trainer.train(&task, &mut |_| {}).unwrap_err();

	assert!(matches!(
		refuse(TrainTask { spec: tiny_transformer(&task.spec), ..task.clone() }),
		Error::ShapeMismatch(_)
	));
	let wrong_inputs = ModelSpec {
		architecture: Architecture::Mlp { inputs: 100, hidden: vec![8], classes: 10 },
		..task.spec.clone()
	};
	assert!(matches!(
		refuse(TrainTask { spec: wrong_inputs, ..task.clone() }),
		Error::ShapeMismatch(_)
	));
	let heads = ModelSpec {
		architecture: Architecture::Transformer {
			vocab: 256,
			context: 16,
			embed: 30,
			heads: 4,
			layers: 1,
		},
		..task.spec.clone()
	};
	assert!(matches!(refuse(TrainTask { spec: heads, ..task.clone() }), Error::InvalidSpec(_)));
	let huge_batch = ModelSpec { batch_size: 1 << 20, ..task.spec.clone() };
	assert!(matches!(
		refuse(TrainTask { spec: huge_batch, ..task.clone() }),
		Error::InvalidSpec(_)
	));
	assert!(matches!(
		refuse(TrainTask { shard: Shard { index: 4, count: 4 }, ..task.clone() }),
		Error::InvalidRequest(_)
	));
	assert!(matches!(refuse(TrainTask { steps: 0, ..task.clone() }), Error::InvalidRequest(_)));
	assert!(matches!(
		refuse(TrainTask { checkpoint_every: 0, ..task.clone() }),
		Error::InvalidRequest(_)
	));
	let unknown = aicchain_trainer::Hash256::of(b"nothing");
	assert!(matches!(
		refuse(TrainTask { base: Some(unknown), ..task.clone() }),
		Error::UnknownArtifact(_)
	));
	assert!(matches!(refuse(TrainTask { dataset: unknown, ..task }), Error::UnknownDataset(_)));
}

#[test]
fn the_transformer_learns_shakespeare() {
	let mut trainer = Trainer::new(Device::Cpu, fresh_store("text"));
	let text = trainer.add_dataset(shakespeare());
	let spec = ModelSpec::preset(ModelKind::Transformer, trainer.dataset(&text).unwrap().as_ref())
		.unwrap();
	let task = TrainTask {
		spec,
		dataset: text,
		shard: Shard { index: 2, count: 8 },
		base: None,
		steps: 30,
		init_seed: 3,
		seed: 3,
		checkpoint_every: 10,
	};
	let report = train(&trainer, &task);
	assert!(report.loss_before > 5.0, "an untrained byte model is near ln 256 = 5.55: {report:?}");
	assert!(report.loss_after < 3.6, "{report:?}");
	let verdict = trainer.validate(&request(&task, &report)).unwrap();
	assert!(verdict.valid, "{verdict:?}");
}

#[test]
fn the_cnn_trains_and_validates() {
	let trainer = cpu_trainer("cnn");
	let mut task = mlp_task(&trainer, 3, 5);
	task.spec = ModelSpec::preset(ModelKind::Cnn, trainer.datasets().next().unwrap()).unwrap();
	task.steps = 10;
	task.checkpoint_every = 5;
	let report = train(&trainer, &task);
	assert!(report.loss_after < report.loss_before, "{report:?}");
	assert!(trainer.validate(&request(&task, &report)).unwrap().valid);
}

#[test]
fn libtorch_cuda_is_linked_when_the_wheel_has_it() {
	let lib = std::path::Path::new(env!("AICCHAIN_TORCH_LIB"));
	if !lib.join("libtorch_cuda.so").exists() {
		eprintln!("skipped: the torch build at {} has no CUDA library", lib.display());
		return;
	}
	let _ = Tensor::zeros([1], (tch::Kind::Float, Device::Cpu));
	let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
	assert!(
		maps.contains("libtorch_cuda.so"),
		"libtorch_cuda.so is not loaded: `--no-as-needed` is missing"
	);
}

#[test]
fn a_cuda_run_replays_exactly_on_the_gpu_and_not_on_the_cpu() {
	if !tch::Cuda::is_available() {
		eprintln!("skipped: no usable CUDA device here");
		return;
	}
	let cpu = cpu_trainer("cuda-cpu");
	let mut gpu = Trainer::new(Device::Cuda(0), cpu.store().clone());
	gpu.add_dataset(fashion_mnist());
	for model in [ModelKind::Mlp, ModelKind::Cnn] {
		let base = mlp_task(&cpu, 0, 1);
		let spec = ModelSpec::preset(model, &cpu.dataset(&base.dataset).unwrap()).unwrap();
		let task = TrainTask { spec, ..base };
		let on_gpu = train(&gpu, &task);
		assert_eq!(on_gpu.device, aicchain_task::Device::Cuda);
		let all = ValidateRequest { segments: u32::MAX, ..request(&task, &on_gpu) };
		let verdict = gpu.validate(&all).unwrap();
		assert!(verdict.valid, "{model:?}: {verdict:?}");
		assert!(verdict.measured.replayed.iter().all(|r| r.max_rel_diff == Some(0.0)));
		let verdict = cpu.validate(&all).unwrap();
		assert!(!verdict.valid && verdict.reasons[0].contains("cannot replay exactly"));
		// Asked for the CPU, a GPU trainer trains there, and anyone can replay it.
		let on_cpu = gpu.train_on(&task, Device::Cpu, &mut |_| {}).unwrap();
		assert!(cpu.validate(&request(&task, &on_cpu)).unwrap().valid);
	}
}
