//! Faults a test network injects into a trainer to see the chain catch them: the trainer then
//! publishes reports of work it did not do honestly, or judges others' work dishonestly. Only
//! in builds with the `fault-injection` feature (`aicchain-trainer serve --fault MODE`); normal
//! builds cannot cheat by accident.

use std::str::FromStr;

use crate::{
	error::{Error, Result},
	session::Session,
	trainer::{TrainReport, TrainTask, Trainer},
	validate::Verdict,
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

impl Fault {
	/// Turns the honest `report` of `task` into the faulty one.
	pub(crate) fn apply(
		self,
		trainer: &Trainer,
		task: &TrainTask,
		mut report: TrainReport,
	) -> Result<TrainReport> {
		match self {
			Self::RandomWeights => {
				let seed = task.init_seed.wrapping_add(1);
				let forged = trainer
					.save(&Session::init(&task.spec, seed, trainer.device()).checkpoint())?;
				*report.checkpoints.last_mut().expect("a run has checkpoints") = forged;
				report.weights = forged;
				let list: Vec<_> = report.checkpoints.iter().map(|&hash| hash.into()).collect();
				trainer.store().put(&aicchain_task::checkpoint_list_bytes(&list))?;
			}
			Self::Withhold => {
				for hash in &report.checkpoints[1..] {
					trainer.store().remove(hash)?;
				}
			}
			Self::Slander => {}
		}
		Ok(report)
	}

	/// Turns the honest `verdict` into the faulty one.
	pub(crate) fn judge(self, verdict: Verdict) -> Verdict {
		match self {
			Self::Slander => Verdict {
				valid: false,
				reasons: vec!["judged Invalid whatever it is (fault injection: slander)".into()],
				..verdict
			},
			Self::RandomWeights | Self::Withhold => verdict,
		}
	}
}
