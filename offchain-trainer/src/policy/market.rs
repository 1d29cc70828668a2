//! A market simulator: a fleet of compute nodes, training jobs arriving over a few hours, and a
//! matching policy choosing each round's trainers among the nodes the chain would offer it.
//! Deterministic from a seed: the same seed gives the same fleet, the same jobs and the same
//! luck, whatever the policy, so policies are compared on equal terms (see [`crate::rng`]).
//!
//! Nodes are [`Candidate`]s with the figures they declare on-chain, and the policy sees exactly
//! what the runtime sees: [`aicchain_matching::features`] of those. What decides a round is
//! hidden from the chain: a node's real speed (a quarter of the operators overstate theirs),
//! its failure rate and its honesty, correlated with the declared figures but not equal to
//! them.
//!
//! # The model
//!
//! | quantity | distribution |
//! |---|---|
//! | fleet | [`MarketConfig::nodes`] nodes (40) |
//! | GPUs | 0 (10%), 1 (30%), 2 (25%), 4 (20%), 8 (15%) |
//! | GPU memory | none without GPUs; 8, 12, 16 or 24 GiB for 1–2 GPUs; 24, 40, 48 or 80 for more |
//! | latency | 40 ms × e^(0.8·N(0,1)), 2–500 ms |
//! | bandwidth | log-uniform 50–10,000 Mbit/s |
//! | renewable share | uniform 0–100% |
//! | overstates (hidden) | 25% of nodes: real speed × U(0.35, 0.7), declared efficiency × 1.6 |
//! | real speed (hidden) | reference GPUs: gpus^0.85 × U(0.7, 1.3) (× the above); 0.1 without GPUs |
//! | efficiency | real U(5, 60) GFLOPS/W, declared as above |
//! | failure rate (hidden) | per round: (0.5% + 3%·U + 3%·min(latency / 200 ms, 1)) × [`MarketConfig::failure_scale`]; +5% when the model does not fit its GPU memory |
//! | dishonest (hidden) | 20% of overstating nodes, 3% of the others; fakes half its updates |
//! | job arrivals | Poisson, one per [`MarketConfig::mean_interarrival_s`] (300 s), for [`MarketConfig::hours`] (4 h) |
//! | model | MLP 40%, CNN 35%, transformer 25% |
//! | work per trainer | reference-GPU seconds: MLP U(60, 240), CNN U(240, 900), transformer U(900, 3,600) |
//! | model size | MB: MLP U(1, 20), CNN U(10, 100), transformer U(100, 1,000) |
//! | memory a model needs | MLP 4, CNN 8, transformer 24 GiB per GPU; short of it: half speed, +5% failures |
//! | trainers, validators, rounds | uniform 1–4, 1–3, 2–6; every round counts, failed or not (no repeats) |
//! | GPU floor (`min_gpus`) | 0 (30%), 1 (40%), 2 (20%), 4 (10%) |
//! | priority | high 20%, normal 60%, low 20%: deadline 3×, 4×, 6× the nominal round time |
//! | eligible trainers | not flagged, at least the GPU floor, not Missing or Invalid in the job's last round |
//!
//! A trainer's time is its compute, `work / (speed × memory factor) / (1 + busy)` (the rounds it
//! is already in share it) × e^(0.1·N(0,1)), plus the network's: `2 × size × 8 / bandwidth`
//! (fetch the base, upload the update) and 40 round trips of its latency. A faked update
//! takes a tenth of the compute. The nominal round time is the work on one reference GPU plus a
//! typical network's cost; a trainer that fails (its failure rate) or misses the deadline sends
//! no update (**Missing**): the round fails and lasts until the deadline. A fake is caught with
//! probability 1 − 0.4^validators (**Invalid**): the round fails when validation ends. A
//! round's time is its slowest trainer plus validation (a tenth of the work, re-executed, and a
//! 6 s block).
//!
//! As on-chain (`pallet-training`'s `start_round` and `settle`), a failed round is not
//! repeated: it settles, counts as one of the job's rounds, and the next round starts (the job
//! just ends with fewer useful rounds); and a round's trainers are drawn from the eligible
//! nodes less those whose update in the job's last round was Missing or Invalid (an uncaught
//! fake is Valid there, so it stays eligible). The exclusion lasts until the job's next round
//! starts, and a round takes fewer trainers than the job asks for when fewer are eligible, as
//! `match_round` does. Where no node is eligible the chain stalls the job until its client
//! continues it; here the client tries again a minute later.
//!
//! Trust moves as `pallet-reporting` moves it, with its rule and the runtime's constants
//! (`aicchain_matching::trust`): 50% to start, an exponential average with weight 25% for the
//! newest outcome (a valid update 1; a missing or invalid one 0; an uncaught fake counts as
//! valid, the chain cannot tell). Under 40% (the default network policy's threshold) a node is
//! flagged, and a flagged node is not Active, so
//! matching skips it; here its operator reinstates it an hour later, with trust at 40%, as
//! `reinstate` sets it.
//!
//! # What it does not model
//!
//! - **Validators.** Validators are not nodes of the fleet: a job's validator count only sets
//!   the chance of catching a fake. On-chain, validators are Active nodes with the validator
//!   role, ranked by the linear score; a trainer is only matched if the round has a validator
//!   other than itself; a node may hold both roles (and be busy as both); validators earn,
//!   lose trust for bad or missing verdicts, and may miss a merge. None of that is here, nor
//!   roles, heartbeats, bonds, slashing or payments: every node is an Active trainer.
//! - **Deadlines.** Here a round's deadline is a multiple of its nominal time (3×, 4×, 6×,
//!   by priority), so a long job gets a long deadline. On-chain it is the fixed
//!   `RoundDuration` (10 minutes in the runtime) scaled by priority (high ½×, normal 1×, low
//!   4×), whatever the work, then a fixed `MergeDuration`; a job whose rounds outlast it
//!   misses every round.
//! - **Partial rounds.** On-chain the valid updates of a round with a Missing or Invalid one
//!   are still merged; here such a round simply counts as failed. Undecided updates (tied
//!   verdicts) do not occur.
//! - **Ties.** Policies break ties on a hash of the node and the round, like the chain, but not
//!   the chain's hash.
//!
//! # The episode's figures ([`Report`])
//!
//! Mean and 95th-percentile round time (failed rounds included), failed rounds (count and
//! share), utilisation (the share of node-time spent training, until the last round settles),
//! the renewable share of the compute (compute time weighted by each node's renewable share)
//! and fairness: the share of the work (reference-GPU seconds assigned) that went to the top
//! 10% of nodes.

use std::{cmp::Reverse, collections::BinaryHeap};

use aicchain_matching::{features, trust, Candidate, JobFeatures, ModelKind, Perbill, FEATURES};

use crate::rng::{mix, Rng};

/// Under this trust a node is flagged (the default network policy's `trust_threshold`).
pub const TRUST_THRESHOLD: Perbill = trust::DEFAULT_THRESHOLD;
/// Seconds from a node's flagging to its operator's reinstatement.
const REINSTATE_AFTER_S: f64 = 3_600.0;
/// One block: the pause between a job's rounds, and part of validation.
const BLOCK_S: f64 = 6.0;
/// How long a round with no eligible node waits before matching again.
const RETRY_S: f64 = 60.0;

/// The market's size and load.
#[derive(Clone, Debug)]
pub struct MarketConfig {
	/// Nodes in the fleet.
	pub nodes: usize,
	/// Hours during which jobs arrive; the episode ends when the last job ends.
	pub hours: f64,
	/// Mean seconds between job arrivals.
	pub mean_interarrival_s: f64,
	/// Multiplies every node's failure rate (1 is the model above).
	pub failure_scale: f64,
}

impl Default for MarketConfig {
	fn default() -> Self {
		Self { nodes: 40, hours: 4.0, mean_interarrival_s: 300.0, failure_scale: 1.0 }
	}
}

/// A round about to be matched: what the chain knows at its start.
pub struct Choice<'a> {
	/// The job.
	pub job: JobFeatures,
	/// The eligible nodes' ids (each below the fleet's size).
	pub nodes: &'a [u32],
	/// The eligible nodes as matching sees them.
	pub candidates: &'a [Candidate],
	/// Their features for this job.
	pub features: &'a [[i32; FEATURES]],
	/// A number unique to this round in the episode, for breaking ties.
	pub round: u64,
}

impl Choice<'_> {
	/// How many trainers the round takes: the job's count, or every eligible node if fewer.
	pub fn trainers(&self) -> usize {
		(self.job.trainers as usize).min(self.nodes.len())
	}
}

/// A matching policy as the simulator drives it.
pub trait Chooser {
	/// The round's trainers: [`Choice::trainers`] distinct indices into the candidates.
	fn choose(&mut self, choice: &Choice) -> Vec<usize>;
}

/// What came of one matched round, in the order the rounds were matched.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundOutcome {
	/// The job's index in the episode (jobs in order of arrival).
	pub job: usize,
	/// Its trainers' node ids, in the order chosen.
	pub trainers: Vec<u32>,
	/// Those whose update was Missing or Invalid (an uncaught fake's is Valid).
	pub faulted: Vec<u32>,
	/// Seconds from the round's start to its settlement.
	pub time_s: f64,
	/// The round's nominal time: its work on one reference GPU plus a typical network.
	pub nominal_s: f64,
	/// Whether it failed (a missing or an invalid update).
	pub failed: bool,
	/// The mean renewable share (0 to 1) of its trainers.
	pub renewable: f64,
}

/// An episode's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
	/// Rounds matched, failed ones included.
	pub rounds: u32,
	/// Mean round time, seconds.
	pub mean_round_s: f64,
	/// 95th-percentile round time, seconds.
	pub p95_round_s: f64,
	/// Rounds that failed.
	pub failed_rounds: u32,
	/// Failed rounds over rounds.
	pub failed_share: f64,
	/// The share of node-time spent training.
	pub utilisation: f64,
	/// The renewable share of the compute.
	pub renewable_share: f64,
	/// The share of the work done by the top 10% of nodes.
	pub top10_share: f64,
}

/// One simulated episode.
#[derive(Clone, Debug)]
pub struct Episode {
	/// Each matched round's outcome, in the order they were matched.
	pub outcomes: Vec<RoundOutcome>,
	/// The episode's figures.
	pub report: Report,
}

/// A node: its on-chain figures and its hidden truths.
struct Node {
	/// As matching sees it; `trust` and `busy` move during the episode.
	spec: Candidate,
	/// Real speed, in reference GPUs.
	speed: f64,
	/// Chance of failing a round.
	failure: f64,
	/// Whether it fakes updates.
	dishonest: bool,
	/// When its operator reinstates it, while it is flagged.
	flagged_until: Option<f64>,
	/// When it trained: `(start, end)` per round.
	intervals: Vec<(f64, f64)>,
	/// Reference-GPU seconds assigned to it.
	work: f64,
}

impl Node {
	fn draw(rng: &mut Rng, failure_scale: f64) -> Self {
		let gpus: u16 = rng.pick(&[(0, 0.10), (1, 0.30), (2, 0.25), (4, 0.20), (8, 0.15)]);
		let gpu_memory_gib = match gpus {
			0 => 0,
			1 | 2 => rng.pick(&[(8, 1.0), (12, 1.0), (16, 1.0), (24, 1.0)]),
			_ => rng.pick(&[(24, 1.0), (40, 1.0), (48, 1.0), (80, 1.0)]),
		};
		let latency_ms = (40.0 * (0.8 * rng.normal()).exp()).clamp(2.0, 500.0);
		let bandwidth_mbps = rng.log_between(50.0, 10_000.0);
		let renewable_percent = rng.int(0, 100) as u8;
		let overstates = rng.chance(0.25);
		let quality = rng.between(0.7, 1.3) * if overstates { rng.between(0.35, 0.7) } else { 1.0 };
		let speed = if gpus == 0 { 0.1 } else { f64::from(gpus).powf(0.85) * quality };
		let efficiency = rng.between(5.0, 60.0) * if overstates { 1.6 } else { 1.0 };
		let failure =
			(0.005 + 0.03 * rng.uniform() + 0.03 * (latency_ms / 200.0).min(1.0)) * failure_scale;
		let dishonest = rng.chance(if overstates { 0.20 } else { 0.03 });
		Self {
			spec: Candidate {
				gpus,
				gpu_memory_gib,
				latency_ms: latency_ms.round() as u32,
				bandwidth_mbps: bandwidth_mbps.round() as u32,
				gflops_per_watt: efficiency.round() as u32,
				renewable_percent,
				trust: trust::INITIAL,
				busy: 0,
			},
			speed,
			failure,
			dishonest,
			flagged_until: None,
			intervals: Vec::new(),
			work: 0.0,
		}
	}

	/// Moves trust by one outcome, with `pallet-reporting`'s rule and the runtime's smoothing,
	/// and flags under the threshold.
	fn record_outcome(&mut self, honest: bool, now: f64) {
		self.spec.trust = trust::after_outcome(self.spec.trust, honest, trust::SMOOTHING);
		if self.spec.trust < TRUST_THRESHOLD && self.flagged_until.is_none() {
			self.flagged_until = Some(now + REINSTATE_AFTER_S);
		}
	}

	/// Whether it may be matched at `now`, reinstating it first if its time has come.
	fn eligible(&mut self, now: f64, min_gpus: u16) -> bool {
		if self.flagged_until.is_some_and(|until| until <= now) {
			self.flagged_until = None;
			self.spec.trust = self.spec.trust.max(TRUST_THRESHOLD);
		}
		self.flagged_until.is_none() && self.spec.gpus >= min_gpus
	}
}

/// A job and its progress.
struct Job {
	features: JobFeatures,
	validators: u32,
	rounds: u32,
	/// Reference-GPU seconds of work per trainer per round.
	work_s: f64,
	size_mb: f64,
	/// The deadline's multiple of the nominal round time (from the priority).
	deadline_factor: f64,
	arrival_s: f64,
	/// Rounds started, failed ones included.
	started: u32,
	/// Trainers of its last settled round whose update was Missing or Invalid: not eligible
	/// for its next round.
	excluded: Vec<usize>,
}

impl Job {
	fn draw(rng: &mut Rng, arrival_s: f64) -> Self {
		let model = rng.pick(&[
			(ModelKind::Mlp, 0.40),
			(ModelKind::Cnn, 0.35),
			(ModelKind::Transformer, 0.25),
		]);
		let (work_s, size_mb) = match model {
			ModelKind::Mlp => (rng.between(60.0, 240.0), rng.between(1.0, 20.0)),
			ModelKind::Cnn => (rng.between(240.0, 900.0), rng.between(10.0, 100.0)),
			ModelKind::Transformer => (rng.between(900.0, 3_600.0), rng.between(100.0, 1_000.0)),
		};
		Self {
			features: JobFeatures {
				model,
				trainers: rng.int(1, 4) as u32,
				min_gpus: rng.pick(&[(0, 0.3), (1, 0.4), (2, 0.2), (4, 0.1)]),
			},
			validators: rng.int(1, 3) as u32,
			rounds: rng.int(2, 6) as u32,
			work_s,
			size_mb,
			deadline_factor: rng.pick(&[(3.0, 0.2), (4.0, 0.6), (6.0, 0.2)]),
			arrival_s,
			started: 0,
			excluded: Vec::new(),
		}
	}

	/// GPU memory per GPU the model needs, GiB.
	fn memory_gib(&self) -> u32 {
		match self.features.model {
			ModelKind::Mlp => 4,
			ModelKind::Cnn => 8,
			ModelKind::Transformer => 24,
		}
	}

	/// A round's time on one reference GPU with a typical network (1 Gbit/s, 40 ms).
	fn nominal_s(&self) -> f64 {
		self.work_s + 2.0 * self.size_mb * 8.0 / 1_000.0 + 40.0 * 0.040
	}
}

/// A round between its matching and its settlement.
struct Flight {
	job: usize,
	/// Each trainer and whether its update is Valid on-chain (an uncaught fake is).
	trainers: Vec<(usize, bool)>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
	Arrive(usize),
	Start(usize),
	Settle(usize),
}

/// Labels of the random streams.
const FLEET: u64 = 1;
const JOBS: u64 = 2;
const LUCK: u64 = 3;

/// Runs one episode of `config`'s market from `seed`, matching with `chooser`.
pub fn simulate(config: &MarketConfig, seed: u64, chooser: &mut dyn Chooser) -> Episode {
	let mut fleet_rng = Rng::stream(seed, FLEET);
	let mut nodes: Vec<Node> =
		(0..config.nodes).map(|_| Node::draw(&mut fleet_rng, config.failure_scale)).collect();
	let mut job_rng = Rng::stream(seed, JOBS);
	let mut jobs = Vec::new();
	let mut t = 0.0;
	loop {
		t += -config.mean_interarrival_s * (1.0 - job_rng.uniform()).ln();
		if t >= config.hours * 3_600.0 {
			break;
		}
		jobs.push(Job::draw(&mut job_rng, t));
	}

	// Events ordered by time (whole microseconds), then by the order they were scheduled.
	let mut queue = BinaryHeap::new();
	let mut sequence = 0u64;
	let mut schedule = |queue: &mut BinaryHeap<_>, at: f64, event: Event| {
		sequence += 1;
		queue.push(Reverse(((at * 1e6) as u64, sequence, event)));
	};
	for (index, job) in jobs.iter().enumerate() {
		schedule(&mut queue, job.arrival_s, Event::Arrive(index));
	}

	let mut flights: Vec<Flight> = Vec::new();
	let mut outcomes = Vec::new();
	let (mut compute, mut renewable_compute) = (0.0, 0.0);
	let mut end = 0.0f64;
	while let Some(Reverse((at, _, event))) = queue.pop() {
		let now = at as f64 / 1e6;
		end = end.max(now);
		match event {
			Event::Arrive(job) | Event::Start(job) => {
				let job_features = jobs[job].features;
				let excluded = &jobs[job].excluded;
				let eligible: Vec<usize> = (0..nodes.len())
					.filter(|&n| {
						nodes[n].eligible(now, job_features.min_gpus) && !excluded.contains(&n)
					})
					.collect();
				if eligible.is_empty() {
					schedule(&mut queue, now + RETRY_S, Event::Start(job));
					continue;
				}
				let ids: Vec<u32> = eligible.iter().map(|&n| n as u32).collect();
				let candidates: Vec<Candidate> = eligible.iter().map(|&n| nodes[n].spec).collect();
				let feats: Vec<_> = candidates.iter().map(|c| features(c, &job_features)).collect();
				let round = outcomes.len() as u64;
				let choice = Choice {
					job: job_features,
					nodes: &ids,
					candidates: &candidates,
					features: &feats,
					round,
				};
				let chosen = chooser.choose(&choice);
				assert_eq!(chosen.len(), choice.trainers(), "a chooser picks the round's trainers");
				let info = &mut jobs[job];
				let attempt = u64::from(info.started);
				info.started += 1;
				let nominal_s = info.nominal_s();
				let deadline_s = info.deadline_factor * nominal_s;
				let catch = 1.0 - 0.4f64.powi(info.validators as i32);
				let mut trainers = Vec::with_capacity(chosen.len());
				let (mut slowest, mut missing, mut invalid) = (0.0f64, false, false);
				let mut renewable = 0.0;
				for &index in &chosen {
					let n = eligible[index];
					let node = &mut nodes[n];
					let mut luck =
						Rng::stream(seed ^ LUCK, mix((job as u64) << 32 | attempt) ^ n as u64);
					let short = node.spec.gpus > 0 && node.spec.gpu_memory_gib < info.memory_gib();
					let speed = node.speed * if short { 0.5 } else { 1.0 };
					let mut compute_s = info.work_s / speed
						* f64::from(1 + node.spec.busy)
						* (0.1 * luck.normal()).exp();
					let fails = luck.chance(node.failure + if short { 0.05 } else { 0.0 });
					let fakes = node.dishonest && luck.chance(0.5);
					if fakes {
						compute_s *= 0.1;
					}
					let caught = fakes && luck.chance(catch);
					let network_s = 2.0 * info.size_mb * 8.0 / f64::from(node.spec.bandwidth_mbps)
						+ 40.0 * f64::from(node.spec.latency_ms) / 1_000.0;
					let time_s = compute_s + network_s;
					let missed = fails || time_s > deadline_s;
					let trained_s = compute_s.min(deadline_s);
					compute += trained_s;
					renewable_compute += trained_s * f64::from(node.spec.renewable_percent) / 100.0;
					node.intervals.push((now, now + time_s.min(deadline_s)));
					node.work += info.work_s;
					node.spec.busy += 1;
					renewable += f64::from(node.spec.renewable_percent) / 100.0;
					slowest = slowest.max(time_s);
					missing |= missed;
					invalid |= caught;
					trainers.push((n, !missed && !caught));
				}
				let time_s =
					if missing { deadline_s } else { slowest + 0.1 * info.work_s + BLOCK_S };
				let failed = missing || invalid;
				outcomes.push(RoundOutcome {
					job,
					trainers: trainers.iter().map(|&(n, _)| n as u32).collect(),
					faulted: trainers
						.iter()
						.filter(|(_, valid)| !valid)
						.map(|&(n, _)| n as u32)
						.collect(),
					time_s,
					nominal_s,
					failed,
					renewable: renewable / chosen.len() as f64,
				});
				flights.push(Flight { job, trainers });
				schedule(&mut queue, now + time_s, Event::Settle(flights.len() - 1));
			}
			Event::Settle(flight) => {
				let Flight { job, ref trainers } = flights[flight];
				for &(n, valid) in trainers {
					nodes[n].spec.busy -= 1;
					nodes[n].record_outcome(valid, now);
				}
				let info = &mut jobs[job];
				// As `start_round`: the next round excludes this one's Missing and Invalid.
				info.excluded =
					trainers.iter().filter(|(_, valid)| !valid).map(|&(n, _)| n).collect();
				// As `settle`: every round counts, failed or not.
				if info.started < info.rounds {
					schedule(&mut queue, now + BLOCK_S, Event::Start(job));
				}
			}
		}
	}
	let report = report(&outcomes, &nodes, compute, renewable_compute, end);
	Episode { outcomes, report }
}

/// The episode's figures from its rounds and its nodes' records.
fn report(
	outcomes: &[RoundOutcome],
	nodes: &[Node],
	compute: f64,
	renewable_compute: f64,
	end: f64,
) -> Report {
	let mut times: Vec<f64> = outcomes.iter().map(|o| o.time_s).collect();
	times.sort_by(f64::total_cmp);
	let rounds = times.len();
	let failed_rounds = outcomes.iter().filter(|o| o.failed).count() as u32;
	let busy_time: f64 = nodes.iter().map(|node| union_length(&node.intervals)).sum();
	let mut work: Vec<f64> = nodes.iter().map(|node| node.work).collect();
	work.sort_by(|a, b| b.total_cmp(a));
	let top = nodes.len().div_ceil(10);
	let total_work: f64 = work.iter().sum();
	let ratio = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
	Report {
		rounds: rounds as u32,
		mean_round_s: ratio(times.iter().sum(), rounds as f64),
		p95_round_s: times
			.get((rounds * 95).div_ceil(100).saturating_sub(1))
			.copied()
			.unwrap_or(0.0),
		failed_rounds,
		failed_share: ratio(failed_rounds.into(), rounds as f64),
		utilisation: ratio(busy_time, nodes.len() as f64 * end),
		renewable_share: ratio(renewable_compute, compute),
		top10_share: ratio(work[..top].iter().sum(), total_work),
	}
}

/// The total length of a set of intervals, overlaps counted once.
fn union_length(intervals: &[(f64, f64)]) -> f64 {
	let mut sorted = intervals.to_vec();
	sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
	let (mut total, mut current): (f64, Option<(f64, f64)>) = (0.0, None);
	for (start, end) in sorted {
		current = match current {
			Some((s, e)) if start <= e => Some((s, e.max(end))),
			Some((s, e)) => {
				total += e - s;
				Some((start, end))
			}
			None => Some((start, end)),
		};
	}
	total + current.map_or(0.0, |(s, e)| e - s)
}
