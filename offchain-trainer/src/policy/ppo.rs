//! PPO for the matching policy.
//!
//! **Actions.** Matching a round is a sequence of choices: the first trainer is drawn from a
//! softmax over the eligible candidates' scores, the next from the rest, and so on (a
//! Plackett–Luce ranking). Greedy, this is the chain's top-`trainers` by score; training
//! samples it. The log-probability of a round's choice is the sum over its steps.
//!
//! **Reward** of a round, known when it settles:
//!
//! ```text
//! r = − time / nominal − failure_penalty · failed + renewable_weight · (renewable − ½)
//! ```
//!
//! `time / nominal` is the round's time over its nominal time (a round failed by a missing
//! update lasts until its deadline, 3–6 nominal times, so a failure costs that and the penalty); `renewable` is the
//! mean renewable share of the round's trainers. The renewable term keeps the policy from
//! buying speed with dirtier power: without it the cheapest speed-up is to ignore the
//! renewable share, which the linear default rewards (10 of its 100 points).
//!
//! **Credit.** A round's choice also shapes later rounds (it makes nodes busy, moves trust),
//! so advantages are GAE(γ, λ) over the episode's rounds in the order they were matched, with
//! a value baseline on a summary of the round (the eligible candidates' mean features, their
//! count and the trainers asked for). Advantages are normalised per batch; the loss is the
//! clipped surrogate, half the value error and an entropy bonus on the first choice; Adam with
//! gradient-norm clipping, several epochs of shuffled minibatches per batch of episodes.
//!
//! **Reproducible.** `tch::manual_seed`, the CPU and one thread: the same seed gives the same
//! weights and so the same policy hash. Sampling uses the simulator's own generator, from the
//! seed; training episodes use market seeds derived from it, far from small held-out seeds.

use aicchain_matching::{PolicyNet, FEATURES, ONE};
use tch::{nn, nn::Module, nn::OptimizerConfig, Device, Kind, Tensor};

use super::{
	market::{simulate, Choice, Chooser, MarketConfig, RoundOutcome},
	net::{FloatNet, ScoreNet},
};
use crate::{
	checkpoint::Checkpoint,
	error::Result,
	rng::{mix, Rng},
};

/// The most trainers a round takes (the simulator's jobs ask for 1 to 4).
const MAX_TRAINERS: usize = 4;
/// Inputs of the value baseline: mean features, eligible share, trainers asked for.
const STATE: usize = FEATURES + 2;
/// A logit for "not a choice": far below any score, and finite (no NaN in the softmax).
const EXCLUDED: f64 = -1e9;

/// PPO's settings.
#[derive(Clone, Debug)]
pub struct PpoConfig {
	/// Seeds the initialisation, the sampling and the training markets.
	pub seed: u64,
	/// Episodes to simulate.
	pub episodes: u32,
	/// Hidden units of the policy.
	pub hidden: i64,
	/// Episodes per batch (one PPO update each).
	pub batch_episodes: u32,
	/// Passes over each batch.
	pub epochs: u32,
	/// Minibatches per pass.
	pub minibatches: i64,
	/// Adam's learning rate.
	pub learning_rate: f64,
	/// The surrogate's clip range.
	pub clip: f64,
	/// Discount per round.
	pub gamma: f64,
	/// GAE's λ.
	pub lambda: f64,
	/// Weight of the entropy bonus.
	pub entropy: f64,
	/// The reward's penalty per failed round.
	pub failure_penalty: f64,
	/// The reward's weight of the trainers' renewable share.
	pub renewable_weight: f64,
	/// The market to train in.
	pub market: MarketConfig,
}

impl Default for PpoConfig {
	fn default() -> Self {
		Self {
			seed: 0,
			episodes: 400,
			hidden: super::net::DEFAULT_HIDDEN,
			batch_episodes: 4,
			epochs: 4,
			minibatches: 4,
			learning_rate: 3e-3,
			clip: 0.2,
			gamma: 0.9,
			lambda: 0.9,
			entropy: 0.01,
			failure_penalty: 1.0,
			renewable_weight: 1.0,
			market: MarketConfig::default(),
		}
	}
}

/// Training's figures over the last batch, for progress lines.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
	/// Episodes simulated so far.
	pub episodes: u32,
	/// Mean reward per round.
	pub reward: f64,
	/// Share of rounds that failed.
	pub failed_share: f64,
	/// Mean round time over nominal.
	pub time_ratio: f64,
	/// Mean renewable share of the trainers.
	pub renewable: f64,
}

/// A trained policy.
pub struct Trained {
	/// The float network, as trained.
	pub float: FloatNet,
	/// Its parameters as a checkpoint.
	pub checkpoint: Checkpoint,
	/// The network in the chain's fixed point.
	pub policy: PolicyNet,
}

/// One matched round, as training replays it.
struct Step {
	/// Eligible candidates' features, in `0..=1`.
	features: Vec<[f32; FEATURES]>,
	/// The candidates chosen, in order.
	chosen: Vec<usize>,
}

/// The float policy sampling rounds' trainers and remembering what it did.
struct Sampler<'a> {
	net: &'a FloatNet,
	rng: &'a mut Rng,
	steps: Vec<Step>,
}

impl Chooser for Sampler<'_> {
	fn choose(&mut self, choice: &Choice) -> Vec<usize> {
		let scores: Vec<f64> = choice.features.iter().map(|x| self.net.score(x)).collect();
		let mut left: Vec<usize> = (0..scores.len()).collect();
		let mut chosen = Vec::with_capacity(choice.trainers());
		while chosen.len() < choice.trainers() {
			let top = left.iter().map(|&i| scores[i]).fold(f64::NEG_INFINITY, f64::max);
			let weights: Vec<f64> = left.iter().map(|&i| (scores[i] - top).exp()).collect();
			let mut draw = self.rng.uniform() * weights.iter().sum::<f64>();
			let mut pick = left.len() - 1;
			for (position, weight) in weights.iter().enumerate() {
				if draw < *weight {
					pick = position;
					break;
				}
				draw -= weight;
			}
			chosen.push(left.remove(pick));
		}
		let features = choice
			.features
			.iter()
			.map(|x| x.map(|f| (f64::from(f) / f64::from(ONE)) as f32))
			.collect();
		self.steps.push(Step { features, chosen: chosen.clone() });
		chosen
	}
}

/// A round's reward under `config`.
pub fn reward(config: &PpoConfig, outcome: &RoundOutcome) -> f64 {
	-outcome.time_s / outcome.nominal_s
		- config.failure_penalty * f64::from(u8::from(outcome.failed))
		+ config.renewable_weight * (outcome.renewable - 0.5)
}

/// A batch of rounds as tensors.
struct Batch {
	/// `[B, N, F]` features, zero-padded to the fleet's size.
	features: Tensor,
	/// `[B, K, N]`: which candidates are still choosable at each step.
	choosable: Tensor,
	/// `[B, K]` the candidate chosen at each step (0 past the round's trainers).
	chosen: Tensor,
	/// `[B, K]` 1 for a real step, 0 for padding.
	real: Tensor,
	/// `[B, STATE]` the value baseline's input.
	state: Tensor,
}

impl Batch {
	fn new(steps: &[&Step], fleet: usize) -> Self {
		let b = steps.len();
		let mut features = vec![0f32; b * fleet * FEATURES];
		let mut choosable = vec![false; b * MAX_TRAINERS * fleet];
		let mut chosen = vec![0i64; b * MAX_TRAINERS];
		let mut real = vec![0f32; b * MAX_TRAINERS];
		let mut state = vec![0f32; b * STATE];
		for (s, step) in steps.iter().enumerate() {
			let n = step.features.len();
			for (i, x) in step.features.iter().enumerate() {
				features[(s * fleet + i) * FEATURES..][..FEATURES].copy_from_slice(x);
				for (f, value) in x.iter().enumerate() {
					state[s * STATE + f] += value / n as f32;
				}
			}
			state[s * STATE + FEATURES] = n as f32 / fleet as f32;
			state[s * STATE + FEATURES + 1] = step.chosen.len() as f32 / MAX_TRAINERS as f32;
			let mut left = vec![true; n];
			for k in 0..MAX_TRAINERS {
				for (i, open) in left.iter().enumerate() {
					choosable[(s * MAX_TRAINERS + k) * fleet + i] = *open;
				}
				if let Some(&pick) = step.chosen.get(k) {
					chosen[s * MAX_TRAINERS + k] = pick as i64;
					real[s * MAX_TRAINERS + k] = 1.0;
					left[pick] = false;
				}
			}
			// Padding steps past the last candidate keep one choosable entry: no empty softmax.
			for k in 0..MAX_TRAINERS {
				if !left.iter().any(|open| *open) && k >= step.chosen.len() {
					choosable[(s * MAX_TRAINERS + k) * fleet] = true;
				}
			}
		}
		let (b, n, k) = (b as i64, fleet as i64, MAX_TRAINERS as i64);
		Self {
			features: Tensor::from_slice(&features).view([b, n, FEATURES as i64]),
			choosable: Tensor::from_slice(&choosable).view([b, k, n]),
			chosen: Tensor::from_slice(&chosen).view([b, k]),
			real: Tensor::from_slice(&real).view([b, k]),
			state: Tensor::from_slice(&state).view([b, STATE as i64]),
		}
	}

	/// Log-probabilities `[B]` of the choices and the entropy `[B]` of the first choice.
	fn log_prob(&self, net: &ScoreNet) -> (Tensor, Tensor) {
		let scores = net.forward(&self.features); // [B, N]
		let shape = self.choosable.size();
		let logits = scores
			.unsqueeze(1)
			.expand(&shape, false)
			.masked_fill(&self.choosable.logical_not(), EXCLUDED);
		let log_p = logits.log_softmax(-1, Kind::Float);
		let picked = log_p.gather(2, &self.chosen.unsqueeze(-1), false).squeeze_dim(-1);
		let first = log_p.select(1, 0);
		let entropy = -(first.exp() * &first).sum_dim_intlist(-1, false, Kind::Float);
		((picked * &self.real).sum_dim_intlist(-1, false, Kind::Float), entropy)
	}

	fn select(&self, index: &Tensor) -> Self {
		Self {
			features: self.features.index_select(0, index),
			choosable: self.choosable.index_select(0, index),
			chosen: self.chosen.index_select(0, index),
			real: self.real.index_select(0, index),
			state: self.state.index_select(0, index),
		}
	}
}

/// Trains a policy with PPO, calling `progress` after each batch.
pub fn train(config: &PpoConfig, progress: &mut dyn FnMut(Progress)) -> Result<Trained> {
	tch::manual_seed(mix(config.seed) as i64);
	let vs = nn::VarStore::new(Device::Cpu);
	let net = ScoreNet::new(&(vs.root() / "policy"), config.hidden);
	let value_path = vs.root() / "value";
	let value = nn::seq()
		.add(nn::linear(&value_path / "hidden", STATE as i64, 32, Default::default()))
		.add_fn(|x| x.relu())
		.add(nn::linear(&value_path / "out", 32, 1, Default::default()));
	let mut optimiser = nn::Adam::default().build(&vs, config.learning_rate)?;
	let mut rng = Rng::stream(config.seed, 0x5341_4d50_4c45); // "SAMPLE"
	let market_seeds = mix(config.seed ^ 0x4d41_524b_4554); // "MARKET"

	let mut episode = 0;
	while episode < config.episodes {
		// Roll out a batch with the current policy.
		let float = net.to_float();
		let (mut steps, mut rewards, mut bounds) = (Vec::new(), Vec::new(), Vec::new());
		let mut totals = Progress {
			episodes: 0,
			reward: 0.0,
			failed_share: 0.0,
			time_ratio: 0.0,
			renewable: 0.0,
		};
		for _ in 0..config.batch_episodes.min(config.episodes - episode) {
			let mut sampler = Sampler { net: &float, rng: &mut rng, steps: Vec::new() };
			let seed = market_seeds.wrapping_add(episode.into());
			let outcome = simulate(&config.market, seed, &mut sampler);
			episode += 1;
			let start = steps.len();
			steps.extend(sampler.steps);
			for o in &outcome.outcomes {
				rewards.push(reward(config, o));
				totals.reward += rewards[rewards.len() - 1];
				totals.failed_share += f64::from(u8::from(o.failed));
				totals.time_ratio += o.time_s / o.nominal_s;
				totals.renewable += o.renewable;
			}
			bounds.push(start..steps.len());
		}
		let rounds = steps.len().max(1) as f64;
		progress(Progress {
			episodes: episode,
			reward: totals.reward / rounds,
			failed_share: totals.failed_share / rounds,
			time_ratio: totals.time_ratio / rounds,
			renewable: totals.renewable / rounds,
		});
		if steps.is_empty() {
			continue;
		}

		// Advantages: GAE over each episode's rounds in matching order.
		let all: Vec<&Step> = steps.iter().collect();
		let batch = Batch::new(&all, config.market.nodes);
		let (old_log_p, values) =
			tch::no_grad(|| (batch.log_prob(&net).0, value.forward(&batch.state).squeeze_dim(-1)));
		let values = Vec::<f32>::try_from(&values)?;
		let mut advantages = vec![0f32; steps.len()];
		for range in &bounds {
			let mut running = 0.0f64;
			for t in range.clone().rev() {
				let next = if t + 1 < range.end { f64::from(values[t + 1]) } else { 0.0 };
				let delta = rewards[t] + config.gamma * next - f64::from(values[t]);
				running = delta + config.gamma * config.lambda * running;
				advantages[t] = running as f32;
			}
		}
		let advantages = Tensor::from_slice(&advantages);
		let returns = &advantages + Tensor::from_slice(&values);
		let advantages =
			(&advantages - advantages.mean(Kind::Float)) / (advantages.std(true) + 1e-8);

		// Several epochs of clipped-surrogate updates over shuffled minibatches.
		let size = steps.len() as i64;
		let minibatch = (size / config.minibatches).max(1);
		for _ in 0..config.epochs {
			let order = Tensor::randperm(size, (Kind::Int64, Device::Cpu));
			for start in (0..size).step_by(minibatch as usize) {
				let index = order.narrow(0, start, minibatch.min(size - start));
				let part = batch.select(&index);
				let (log_p, entropy) = part.log_prob(&net);
				let ratio = (log_p - old_log_p.index_select(0, &index)).exp();
				let advantage = advantages.index_select(0, &index);
				let surrogate = (&ratio * &advantage)
					.min_other(&(ratio.clamp(1.0 - config.clip, 1.0 + config.clip) * &advantage));
				let predicted = value.forward(&part.state).squeeze_dim(-1);
				let value_loss =
					(predicted - returns.index_select(0, &index)).square().mean(Kind::Float);
				let loss = -surrogate.mean(Kind::Float) + 0.5 * value_loss
					- config.entropy * entropy.mean(Kind::Float);
				optimiser.backward_step_clip_norm(&loss, 0.5);
			}
		}
	}
	let float = net.to_float();
	Ok(Trained { policy: float.quantise(), checkpoint: net.checkpoint(), float })
}
