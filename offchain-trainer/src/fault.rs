//! Faults a test network injects into a trainer to see the chain catch them: the trainer then
//! publishes reports of work it did not do honestly, or judges others' work dishonestly. Only
//! in builds with the `fault-injection` feature (`aicchain-trainer serve --fault MODE`); normal
//! builds cannot cheat by accident.
//!
//! The cheating sits on top of an honest [`Trainer`]: [`Faulty`] is the service's
//! [`Backend`] and rewrites what the trainer reports and judges. The trainer itself never
//! knows that it cheats.

use std::str::FromStr;

use tch::Device;

use crate::{
	error::{Error, Result},
	rpc::Backend,
	session::Session,
	trainer::{Progress, TrainReport, TrainTask, Trainer},
	validate::{flaws, ValidateRequest, Verdict},
};

/// How a faulty trainer cheats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
	/// Publishes random weights (another seed's initialisation) as its final checkpoint, as a
	/// free rider would.
	RandomWeights,
	/// Trains honestly, then deletes every checkpoint but the start: nobody can check it.
	Withhold,
	/// Trains honestly, but judges every update Invalid, as a validator that lies.
	Slander,
}

impl FromStr for Fault {
	type Err = Error;

	fn from_str(name: &str) -> Result<Self> {
		match name {
			"random-weights" => Ok(Self::RandomWeights),
			"withhold" => Ok(Self::Withhold),
			"slander" => Ok(Self::Slander),
			other => Err(Error::InvalidRequest(format!(
				"no fault `{other}`: choose random-weights, withhold or slander"
			))),
		}
	}
}

/// A trainer that cheats with a [`Fault`] in every run it reports and every update it judges:
/// an honest [`Trainer`]'s results, rewritten.
pub struct Faulty {
	trainer: Trainer,
	fault: Fault,
}

impl Faulty {
	/// `trainer`, made to cheat with `fault`.
	pub fn new(trainer: Trainer, fault: Fault) -> Self {
		Self { trainer, fault }
	}

	/// Turns the honest `report` of `task` into the faulty one.
	fn forge(&self, task: &TrainTask, mut report: TrainReport) -> Result<TrainReport> {
		let trainer = &self.trainer;
		match self.fault {
			Fault::RandomWeights => {
				let seed = task.init_seed.wrapping_add(1);
				let forged = trainer
					.save(&Session::init(&task.spec, seed, trainer.device()).checkpoint())?;
				*report.checkpoints.last_mut().expect("a run has checkpoints") = forged;
				report.weights = forged;
				let list: Vec<_> = report.checkpoints.iter().map(|&hash| hash.into()).collect();
				trainer.store().put(&aicchain_task::checkpoint_list_bytes(&list))?;
			}
			Fault::Withhold => {
				for hash in &report.checkpoints[1..] {
					trainer.store().remove(hash)?;
				}
			}
			Fault::Slander => {}
		}
		Ok(report)
	}

	/// Turns the honest `verdict` on `request` into the faulty one. A claim refused on its
	/// face ([`flaws`]) keeps its honest reasons: the slanderer lies about the work it replays.
	fn judge(&self, request: &ValidateRequest, verdict: Verdict) -> Verdict {
		match self.fault {
			Fault::Slander
				if flaws(&request.task, &request.claim, self.trainer.device()).is_empty() =>
			{
				Verdict {
					valid: false,
					reasons: vec!["judged Invalid whatever it is (fault injection: slander)".into()],
					..verdict
				}
			}
			Fault::Slander | Fault::RandomWeights | Fault::Withhold => verdict,
		}
	}
}

impl Backend for Faulty {
	fn trainer(&self) -> &Trainer {
		&self.trainer
	}

	fn train_on(
		&self,
		task: &TrainTask,
		device: Device,
		progress: &mut dyn FnMut(Progress),
	) -> Result<TrainReport> {
		let report = self.trainer.train_on(task, device, progress)?;
		self.forge(task, report)
	}

	fn validate(&self, request: &ValidateRequest) -> Result<Verdict> {
		let verdict = self.trainer.validate(request)?;
		Ok(self.judge(request, verdict))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		data::{Dataset, Shard},
		model::{ModelKind, ModelSpec},
		store::ArtifactStore,
	};

	/// A faulty CPU trainer with a tiny table of 4×4 images, in a fresh store, and a task on it.
	fn setup(name: &str, fault: Fault) -> (Faulty, TrainTask) {
		let dir =
			std::env::temp_dir().join(format!("aicchain-fault-{}-{name}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(&dir).unwrap();
		let mut table = String::new();
		for row in 0..200u32 {
			let pixels: Vec<String> =
				(0..16).map(|i| ((row * 7 + i * 3) % 11).to_string()).collect();
			table += &format!("{},{}\n", row % 3, pixels.join(","));
		}
		std::fs::write(dir.join("table.csv"), table).unwrap();
		let dataset = Dataset::open(&dir.join("table.csv")).unwrap();
		let store = ArtifactStore::open(dir.join("store"), 1 << 24).unwrap();
		let mut trainer = Trainer::new(Device::Cpu, store);
		let task = TrainTask {
			spec: ModelSpec::preset(ModelKind::Mlp, &dataset).unwrap(),
			dataset: trainer.add_dataset(dataset),
			shard: Shard::WHOLE,
			base: None,
			steps: 6,
			init_seed: 1,
			seed: 2,
			checkpoint_every: 2,
		};
		(Faulty::new(trainer, fault), task)
	}

	#[test]
	fn random_weights_publishes_another_seeds_initialisation() {
		let (faulty, task) = setup("random", Fault::RandomWeights);
		let report = faulty.train_on(&task, Device::Cpu, &mut |_| {}).unwrap();
		let forged = Session::init(&task.spec, 2, Device::Cpu).checkpoint().hash().unwrap();
		assert_eq!((report.weights, report.checkpoints.last()), (forged, Some(&forged)));
		let list: Vec<_> = report.checkpoints.iter().map(|&hash| hash.into()).collect();
		let list = crate::hash::Hash256::of(&aicchain_task::checkpoint_list_bytes(&list));
		assert!(faulty.trainer().store().contains(&list));
	}

	#[test]
	fn withhold_deletes_all_but_the_start() {
		let (faulty, task) = setup("withhold", Fault::Withhold);
		let report = faulty.train_on(&task, Device::Cpu, &mut |_| {}).unwrap();
		let store = faulty.trainer().store();
		assert!(store.contains(&report.checkpoints[0]));
		assert!(report.checkpoints[1..].iter().all(|hash| !store.contains(hash)));
	}

	#[test]
	fn slander_judges_replayed_work_invalid_and_leaves_flawed_claims_alone() {
		let (faulty, task) = setup("slander", Fault::Slander);
		let claim = faulty.train_on(&task, Device::Cpu, &mut |_| {}).unwrap();
		let mut request = ValidateRequest { task, claim, sample_seed: 0, segments: 1 };
		assert!(faulty.trainer().validate(&request).unwrap().valid);
		let verdict = faulty.validate(&request).unwrap();
		assert!(!verdict.valid);
		assert_eq!(verdict.reasons, ["judged Invalid whatever it is (fault injection: slander)"]);

		request.claim.steps += 1;
		let honest = faulty.trainer().validate(&request).unwrap();
		assert_eq!(faulty.validate(&request).unwrap().reasons, honest.reasons);
	}
}
