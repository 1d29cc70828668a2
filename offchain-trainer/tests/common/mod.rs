//! Helpers shared by the integration tests: the shipped data sets, a trainer in a fresh
//! store, and tasks.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::PathBuf;

use aicchain_trainer::{
	data::{Dataset, Shard},
	model::{ModelKind, ModelSpec},
	store::ArtifactStore,
	trainer::{TrainTask, Trainer},
};
use tch::Device;

/// Fashion-MNIST, as `.ci/setup` installs it (`AICCHAIN_IMAGES` overrides the folder).
pub fn fashion_mnist() -> Dataset {
	let dir =
		std::env::var("AICCHAIN_IMAGES").unwrap_or("/usr/share/datasets/fashion-mnist".into());
	Dataset::open(dir.as_ref()).expect("Fashion-MNIST is installed (run `.ci/setup`)")
}

/// The Shakespeare corpus that `.ci/setup` builds (`AICCHAIN_TEXT` names it).
pub fn shakespeare() -> Dataset {
	let path =
		std::env::var("AICCHAIN_TEXT").expect("AICCHAIN_TEXT names the corpus (run `.ci/setup`)");
	Dataset::open(path.as_ref()).expect("the corpus is readable")
}

/// An empty store in a fresh temporary folder, holding artifacts up to 64 MiB.
pub fn fresh_store(name: &str) -> ArtifactStore {
	fresh_store_limited(name, 64 << 20)
}

/// An empty store in a fresh temporary folder, holding artifacts up to `limit` bytes.
pub fn fresh_store_limited(name: &str, limit: u64) -> ArtifactStore {
	let dir: PathBuf =
		std::env::temp_dir().join(format!("aicchain-trainer-test-{}-{name}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	ArtifactStore::open(dir, limit).unwrap()
}

/// A CPU trainer with Fashion-MNIST loaded.
pub fn cpu_trainer(name: &str) -> Trainer {
	let mut trainer = Trainer::new(Device::Cpu, fresh_store(name));
	trainer.add_dataset(fashion_mnist());
	trainer
}

/// A short MLP task on the trainer's first data set (see [`mlp_task_for`]).
pub fn mlp_task(trainer: &Trainer, index: u32, seed: u64) -> TrainTask {
	mlp_task_for(trainer.datasets().next().expect("a data set is loaded"), index, seed)
}

/// A short MLP task on shard `index` of 4 of `dataset`: 24 steps, a checkpoint every 8.
pub fn mlp_task_for(dataset: &Dataset, index: u32, seed: u64) -> TrainTask {
	TrainTask {
		spec: ModelSpec::preset(ModelKind::Mlp, dataset).unwrap(),
		dataset: dataset.hash,
		shard: Shard { index, count: 4 },
		base: None,
		steps: 24,
		init_seed: seed,
		seed,
		checkpoint_every: 8,
	}
}
