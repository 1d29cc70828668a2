//! The learned matching policy: reproducible training, a deterministic simulator whose
//! failure model matters, the chain's fixed-point score against an independent reference,
//! quantisation that keeps rankings, and the `policy` commands' answers to bad input.

use std::{
	collections::HashMap,
	process::Command,
	sync::{Mutex, MutexGuard},
};

use aicchain_matching::{features, MatchingWeights, PolicyNet, Unit, FEATURES, ONE};
use aicchain_trainer::{
	policy::{
		fidelity::{kendall_tau, measure, random_candidate, random_job},
		market::{simulate, MarketConfig, RoundOutcome},
		policies::Policy,
		ppo::{train, PpoConfig},
	},
	rng::Rng,
};
use codec::Encode;
use tch::{Kind, Tensor};

/// Held by every test that trains a policy. libtorch's CPU generator (`tch::manual_seed`, the
/// VarStore's initialisation, `randperm`) and its thread count are global to the process, and
/// the tests run on parallel threads: two trainings at once would draw from one generator in
/// an unpredictable interleaving, and "the same seed, the same hash" would fail at random.
static LIBTORCH: Mutex<()> = Mutex::new(());

/// [`LIBTORCH`], also after a test that held it failed (its panic does not spoil the others).
fn libtorch() -> MutexGuard<'static, ()> {
	LIBTORCH.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn tiny(seed: u64) -> PpoConfig {
	PpoConfig { seed, episodes: 6, batch_episodes: 3, ..Default::default() }
}

/// Callers hold [`libtorch`].
fn hash_of(config: &PpoConfig) -> [u8; 32] {
	tch::set_num_threads(1);
	let trained = train(config, &mut |_| {}).unwrap();
	PolicyNet::hash_of(&trained.policy.encode()).0
}

#[test]
fn the_same_seed_trains_the_same_policy_and_another_seed_another() {
	let _libtorch = libtorch();
	let first = hash_of(&tiny(7));
	assert_eq!(first, hash_of(&tiny(7)), "same seed, same weights hash");
	assert_ne!(first, hash_of(&tiny(8)), "another seed, other weights");
}

#[test]
fn the_simulator_is_deterministic_and_seeded() {
	let config = MarketConfig::default();
	let run = |seed| simulate(&config, seed, &mut Policy::Linear(MatchingWeights::DEFAULT));
	let (a, b) = (run(3), run(3));
	assert_eq!(a.outcomes, b.outcomes);
	assert_eq!(a.report, b.report);
	assert!(a.report.rounds > 50, "an episode has work: {:?}", a.report);
	assert_ne!(a.report, run(4).report);
	// The random policy is seeded too.
	let random = |seed| simulate(&config, 3, &mut Policy::Random(Rng::new(seed))).report;
	assert_eq!(random(1), random(1));
	assert_ne!(random(1), random(2));
}

#[test]
fn failed_rounds_count_and_their_faulted_trainers_sit_out_the_jobs_next_round() {
	// A flaky fleet, so that rounds fail often.
	let config = MarketConfig { failure_scale: 3.0, ..Default::default() };
	let linear = simulate(&config, 6, &mut Policy::Linear(MatchingWeights::DEFAULT));
	let random = simulate(&config, 6, &mut Policy::Random(Rng::new(6)));
	// Every round counts, failed or not: each job runs its rounds once, whatever the policy.
	let rounds_per_job = |outcomes: &[RoundOutcome]| {
		let mut rounds = HashMap::<usize, u32>::new();
		for o in outcomes {
			*rounds.entry(o.job).or_default() += 1;
		}
		rounds
	};
	assert_eq!(rounds_per_job(&linear.outcomes), rounds_per_job(&random.outcomes));
	assert!(linear.report.failed_rounds > 10, "{:?}", linear.report);
	for episode in [&linear, &random] {
		let mut last: HashMap<usize, &RoundOutcome> = HashMap::new();
		let mut replaced = 0;
		for round in &episode.outcomes {
			assert_eq!(round.failed, !round.faulted.is_empty());
			if let Some(previous) = last.insert(round.job, round) {
				// A job's rounds run one after another: `previous` settled before `round`.
				for node in &previous.faulted {
					assert!(!round.trainers.contains(node), "{previous:?} then {round:?}");
				}
				replaced += previous.faulted.len();
			}
		}
		assert!(replaced > 10, "the rule was exercised: {replaced}");
	}
}

#[test]
fn a_fleet_that_fails_more_fails_more_rounds() {
	let failed = |failure_scale| -> u32 {
		let config = MarketConfig { failure_scale, ..Default::default() };
		(0..4)
			.map(|seed| simulate(&config, seed, &mut Policy::Random(Rng::new(seed))).report)
			.map(|r| r.failed_rounds)
			.sum()
	};
	let (reliable, flaky) = (failed(0.0), failed(4.0));
	assert!(flaky > reliable * 2, "failed rounds: {reliable} reliable, {flaky} flaky");
}

#[test]
fn a_policy_that_avoids_the_busy_spreads_the_work() {
	// Linear ignores load; a net that scores only idleness spreads the work over the fleet.
	let mut weights = [0; FEATURES];
	weights[7] = ONE; // idle: 1 / (1 + busy)
	let idle = PolicyNet { units: vec![Unit { weights, bias: 0, out: ONE }], bias: 0 };
	let config = MarketConfig::default();
	let linear = simulate(&config, 5, &mut Policy::Linear(MatchingWeights::DEFAULT)).report;
	let spread = simulate(&config, 5, &mut Policy::Learned(idle)).report;
	assert!(spread.top10_share < linear.top10_share, "{spread:?} vs {linear:?}");
	assert!(spread.utilisation > linear.utilisation, "{spread:?} vs {linear:?}");
}

/// The score of every row of `x` by an independent integer forward pass in `tch` Int64
/// tensors: Q16.16 products, floor to Q16.16, ReLU, output products in Q32.32.
fn reference(net: &PolicyNet, x: &[[i32; FEATURES]]) -> Vec<i64> {
	let int = |v: Vec<i64>, shape: &[i64]| Tensor::from_slice(&v).view(shape);
	let h = net.units.len() as i64;
	let xs =
		int(x.iter().flatten().map(|&v| v.into()).collect(), &[x.len() as i64, 1, FEATURES as i64]);
	let w = int(
		net.units.iter().flat_map(|u| u.weights).map(i64::from).collect(),
		&[1, h, FEATURES as i64],
	);
	let b = int(net.units.iter().map(|u| i64::from(u.bias)).collect(), &[1, h]);
	let out = int(net.units.iter().map(|u| i64::from(u.out)).collect(), &[1, h]);
	let sums = (xs * w).sum_dim_intlist(-1, false, Kind::Int64) + b * i64::from(ONE);
	let activation = sums.divide_scalar_mode(i64::from(ONE), "floor").clamp_min(0);
	let scores = (activation * out).sum_dim_intlist(-1, false, Kind::Int64)
		+ i64::from(net.bias) * i64::from(ONE);
	assert_eq!(scores.kind(), Kind::Int64);
	Vec::<i64>::try_from(scores).unwrap()
}

#[test]
fn the_fixed_point_score_equals_an_independent_integer_reference_bit_for_bit() {
	let mut rng = Rng::new(11);
	// |w| < 2^20 keeps every sum far from saturation: 14 × 2^36 and 64 × 2^44 < 2^63.
	let param = |rng: &mut Rng| rng.int(0, 1 << 21) as i32 - (1 << 20);
	let mut negative_sums = 0;
	for _ in 0..50 {
		let units = (0..rng.int(1, 64))
			.map(|_| Unit {
				weights: std::array::from_fn(|_| param(&mut rng)),
				bias: param(&mut rng),
				out: param(&mut rng),
			})
			.collect();
		let net = PolicyNet { units, bias: param(&mut rng) };
		let job = random_job(&mut rng);
		let mut x: Vec<[i32; FEATURES]> =
			(0..32).map(|_| features(&random_candidate(&mut rng), &job)).collect();
		x.push(std::array::from_fn(|_| rng.int(0, ONE as u64) as i32));
		let expected = reference(&net, &x);
		for (row, want) in x.iter().zip(&expected) {
			assert_eq!(net.score(row), *want, "{net:?} at {row:?}");
			negative_sums += net
				.units
				.iter()
				.filter(|u| {
					u.weights
						.iter()
						.zip(row)
						.map(|(w, x)| i64::from(*w) * i64::from(*x))
						.sum::<i64>() + i64::from(u.bias) * i64::from(ONE)
						< 0
				})
				.count();
		}
	}
	assert!(negative_sums > 0, "the ReLU was exercised");
}

#[test]
fn quantisation_keeps_the_trained_policys_ranking() {
	let _libtorch = libtorch();
	tch::set_num_threads(1);
	let trained =
		train(&PpoConfig { seed: 3, episodes: 12, ..Default::default() }, &mut |_| {}).unwrap();
	assert_eq!(trained.float.quantise(), trained.policy);
	let fidelity = measure(&trained.float, &trained.policy, 300, 1);
	assert!(fidelity.mean_tau > 0.99, "{fidelity:?}");
	assert!(fidelity.max_score_error < 1e-3, "{fidelity:?}");
	// A coarser quantisation would not pass: drop the weights' low 12 bits.
	let mut coarse = trained.policy.clone();
	for unit in &mut coarse.units {
		unit.weights = unit.weights.map(|w| w & !0xfff);
	}
	let worse = measure(&trained.float, &coarse, 300, 1);
	assert!(worse.max_score_error > fidelity.max_score_error, "{worse:?} vs {fidelity:?}");
}

#[test]
fn kendall_tau_counts_concordant_pairs() {
	assert_eq!(kendall_tau(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), 1.0);
	assert_eq!(kendall_tau(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), -1.0);
	assert!((kendall_tau(&[1.0, 2.0, 3.0], &[1.0, 3.0, 2.0]) - 1.0 / 3.0).abs() < 1e-12);
}

fn trainer(args: &[&str]) -> (i32, String, String) {
	let out = Command::new(env!("CARGO_BIN_EXE_aicchain-trainer")).args(args).output().unwrap();
	let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
	(out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

#[test]
fn policy_commands_rank_like_the_chain_and_reject_bad_input() {
	let job = r#"{"model":"Cnn","trainers":2,"minGpus":1}"#;
	let node = |id: u32, gpus: u16, trust: u32| {
		format!(
			r#"{{"node":{id},"gpus":{gpus},"gpuMemoryGib":24,"latencyMs":20,"bandwidthMbps":1000,"gflopsPerWatt":30,"renewablePercent":50,"trust":{trust},"busy":0}}"#
		)
	};
	// Node 4 has too few GPUs, node 9 is flagged (trust under 40%); 2 and 5 tie.
	let candidates = format!(
		"[{},{},{},{},{}]",
		node(5, 4, 600_000_000),
		node(3, 8, 600_000_000),
		node(4, 0, 900_000_000),
		node(9, 8, 300_000_000),
		node(2, 4, 600_000_000)
	);
	let (code, stdout, stderr) = trainer(&[
		"policy",
		"rank",
		"--policy",
		"linear",
		"--job",
		job,
		"--candidates",
		&candidates,
	]);
	assert_eq!((code, stdout.trim()), (0, "[3,2,5]"), "{stderr}");

	let dir = std::env::temp_dir().join(format!("aicchain-policy-test-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let garbage = dir.join("garbage.scale");
	std::fs::write(&garbage, [1, 2, 3]).unwrap();
	let garbage = garbage.to_str().unwrap();
	let (code, _, stderr) = trainer(&["policy", "evaluate", "--policy", garbage]);
	assert_eq!(code, 2);
	assert!(stderr.contains("not a matching policy"), "{stderr}");
	let (code, _, stderr) = trainer(&[
		"policy",
		"rank",
		"--policy",
		"/no/such/file",
		"--job",
		job,
		"--candidates",
		"[]",
	]);
	assert_eq!(code, 2);
	assert!(stderr.contains("reading the policy /no/such/file"), "{stderr}");
	let (code, _, stderr) = trainer(&[
		"policy",
		"rank",
		"--policy",
		"linear",
		"--job",
		"{\"model\":1}",
		"--candidates",
		"[]",
	]);
	assert_eq!(code, 2);
	assert!(stderr.contains("--job: not valid JSON"), "{stderr}");
}
