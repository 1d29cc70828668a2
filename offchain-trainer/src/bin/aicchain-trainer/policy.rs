//! `aicchain-trainer policy`: train a learned matching policy in the market simulator, compare
//! it with the chain's other policies, measure its fixed-point fidelity, and rank candidates
//! by the chain's scores.

use std::{
	path::{Path, PathBuf},
	time::Instant,
};

use aicchain_matching::{Candidate, JobFeatures, MatchingWeights, PolicyNet};
use aicchain_trainer::policy::{
	self, evaluate, fidelity,
	market::{MarketConfig, TRUST_THRESHOLD},
	net::{FloatNet, MAX_HIDDEN},
	policies::{rank, Policy},
	ppo::{self, PpoConfig},
};
use anyhow::{bail, Context};
use clap::Subcommand;
use codec::Encode;
use serde::Deserialize;

/// The `policy` subcommands.
#[derive(Subcommand)]
pub enum PolicyCommand {
	/// Train a policy with PPO in the simulator (CPU, one thread: the same seed gives the same
	/// hash) and write its SCALE bytes to `--out`, their hex to `OUT.hex` and the float
	/// network to `OUT.safetensors`.
	Train {
		/// Seeds the initialisation, the sampling and the training markets.
		#[arg(long, default_value_t = 0)]
		seed: u64,
		/// Episodes to simulate.
		#[arg(long)]
		episodes: u32,
		/// Hidden units (1 to 32).
		#[arg(long, default_value_t = policy::net::DEFAULT_HIDDEN)]
		hidden: i64,
		/// The reward's penalty per failed round.
		#[arg(long, default_value_t = PpoConfig::default().failure_penalty)]
		failure_penalty: f64,
		/// The reward's weight of the trainers' renewable share.
		#[arg(long, default_value_t = PpoConfig::default().renewable_weight)]
		renewable_weight: f64,
		/// A progress line every this many episodes.
		#[arg(long, default_value_t = 50)]
		report_every: u32,
		/// The policy file to write.
		#[arg(long)]
		out: PathBuf,
	},
	/// Compare the policy with the linear default, random choice and most GPUs first on
	/// held-out market seeds; prints a markdown table (mean ± std over the seeds).
	Evaluate {
		/// A policy file written by `train`.
		#[arg(long)]
		policy: PathBuf,
		/// Market seeds, `START..END` (END excluded); keep them apart from training's.
		#[arg(long, default_value = "1000..1010")]
		seeds: String,
	},
	/// Compare the float policy with the chain's integer evaluation on random candidate sets.
	Fidelity {
		/// A policy file written by `train`.
		#[arg(long)]
		policy: PathBuf,
		/// The float network (default: `POLICY.safetensors`, as `train` writes it).
		#[arg(long)]
		float: Option<PathBuf>,
		/// Candidate sets to draw.
		#[arg(long, default_value_t = 10_000)]
		sets: u32,
		/// Seeds the sets.
		#[arg(long, default_value_t = 0)]
		seed: u64,
	},
	/// Print the candidates' node ids, best first, scored as the chain scores trainers, as a
	/// JSON array. Only two checks drop a candidate: trust under the 40% threshold (the chain
	/// would have flagged it) and fewer GPUs than `minGpus`. Everything else the chain applies
	/// before ranking is the caller's: the node being Active with the trainer role, the job's
	/// trainers Missing or Invalid in its last round, and the rule that a trainer needs a
	/// validator other than itself. Equal scores are ordered by node id here; the chain orders
	/// them by a hash of job, round and node.
	Rank {
		/// A policy file, or `linear` for the default linear weights.
		#[arg(long)]
		policy: String,
		/// The job's features as JSON (`{"model":"Cnn","trainers":2,"minGpus":1}`), or a file.
		#[arg(long)]
		job: String,
		/// The candidates as a JSON array of `{"node": id, ...Candidate}` (camelCase, trust in
		/// parts per billion), or a file.
		#[arg(long)]
		candidates: String,
	},
}

/// A candidate with its node id, as `rank` reads it.
#[derive(Deserialize)]
struct NodeCandidate {
	node: u32,
	#[serde(flatten)]
	candidate: Candidate,
}

/// Runs a `policy` subcommand.
pub fn run(command: PolicyCommand) -> anyhow::Result<()> {
	match command {
		PolicyCommand::Train {
			seed,
			episodes,
			hidden,
			failure_penalty,
			renewable_weight,
			report_every,
			out,
		} => {
			if !(1..=MAX_HIDDEN).contains(&hidden) {
				bail!("--hidden {hidden}: give 1 to {MAX_HIDDEN}");
			}
			tch::set_num_threads(1);
			let config = PpoConfig {
				seed,
				episodes,
				hidden,
				failure_penalty,
				renewable_weight,
				..Default::default()
			};
			let started = Instant::now();
			// Each line averages the batches since the last one.
			let (mut window, mut batches) = ([0.0; 4], 0.0);
			let trained = ppo::train(&config, &mut |p| {
				let figures = [p.reward, p.failed_share, p.time_ratio, p.renewable];
				for (sum, figure) in window.iter_mut().zip(figures) {
					*sum += figure;
				}
				batches += 1.0;
				if p.episodes % report_every.max(1) < config.batch_episodes
					|| p.episodes == episodes
				{
					let [reward, failed, time, renewable] = window.map(|sum| sum / batches);
					eprintln!(
						"episode {:>6}/{episodes}: reward {reward:+.3}/round, failed {:.1}%, time \
						 {time:.2}× nominal, renewable {:.1}%",
						p.episodes,
						100.0 * failed,
						100.0 * renewable
					);
					(window, batches) = ([0.0; 4], 0.0);
				}
			})?;
			let seconds = started.elapsed().as_secs_f64();
			let bytes = trained.policy.encode();
			// The chain's own checks: the file `train` writes is one the chain accepts.
			policy::decode(&bytes)?;
			write(&out, &bytes)?;
			write(&suffixed(&out, "hex"), format!("0x{}\n", hex::encode(&bytes)).as_bytes())?;
			write(&suffixed(&out, "safetensors"), &trained.checkpoint.encode()?)?;
			println!("policy {}", out.display());
			println!("hash 0x{}", hex::encode(PolicyNet::hash_of(&bytes)));
			println!("bytes {}", bytes.len());
			println!("hidden units {hidden}, episodes {episodes}, seed {seed}");
			println!("training time {seconds:.1} s (CPU, 1 thread)");
		}
		PolicyCommand::Evaluate { policy, seeds } => {
			let learned = read_policy(&policy)?;
			let seeds = parse_seeds(&seeds)?;
			let rows = evaluate::compare(&MarketConfig::default(), &seeds, &learned);
			println!(
				"Held-out market seeds {}..{} ({} episodes per policy), mean ± std over the seeds:\n",
				seeds[0],
				seeds[seeds.len() - 1] + 1,
				seeds.len()
			);
			print!("{}", evaluate::table(&rows));
		}
		PolicyCommand::Fidelity { policy, float, sets, seed } => {
			let integer = read_policy(&policy)?;
			let float_path = float.unwrap_or_else(|| suffixed(&policy, "safetensors"));
			let float =
				FloatNet::from_checkpoint(&std::fs::read(&float_path).with_context(|| {
					format!("reading the float network {}", float_path.display())
				})?)
				.with_context(|| {
					format!("{} is not a float policy network", float_path.display())
				})?;
			if float.quantise() != integer {
				bail!(
					"{} does not quantise to {}: they are not the same policy",
					float_path.display(),
					policy.display()
				);
			}
			let f = fidelity::measure(&float, &integer, sets, seed);
			println!("candidate sets: {} (2 to 32 candidates each, seed {seed})", f.sets);
			println!("mean Kendall tau: {:.6} (lowest {:.4})", f.mean_tau, f.min_tau);
			println!("identical rankings: {:.2}%", 100.0 * f.identical_share);
			println!("largest absolute score error: {:.3e}", f.max_score_error);
		}
		PolicyCommand::Rank { policy, job, candidates } => {
			let mut policy = if policy == "linear" {
				Policy::Linear(MatchingWeights::DEFAULT)
			} else {
				Policy::Learned(read_policy(Path::new(&policy))?)
			};
			let job: JobFeatures = json_arg(&job, "--job")?;
			let nodes: Vec<NodeCandidate> = json_arg(&candidates, "--candidates")?;
			// Trust for "not flagged", and the GPU floor; the other rules are the caller's.
			let eligible: Vec<&NodeCandidate> = nodes
				.iter()
				.filter(|n| {
					n.candidate.trust >= TRUST_THRESHOLD && n.candidate.gpus >= job.min_gpus
				})
				.collect();
			let candidates: Vec<Candidate> = eligible.iter().map(|n| n.candidate).collect();
			let scores = policy.scores(&job, &candidates);
			let ranked: Vec<u32> =
				rank(&scores, |i| eligible[i].node).into_iter().map(|i| eligible[i].node).collect();
			println!("{}", serde_json::to_string(&ranked)?);
		}
	}
	Ok(())
}

/// `path` with `.suffix` appended: `learned.scale` → `learned.scale.hex`.
fn suffixed(path: &Path, suffix: &str) -> PathBuf {
	let mut name = path.as_os_str().to_owned();
	name.push(".");
	name.push(suffix);
	name.into()
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
	std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// The policy in the file at `path`, checked as the chain checks it.
fn read_policy(path: &Path) -> anyhow::Result<PolicyNet> {
	let bytes =
		std::fs::read(path).with_context(|| format!("reading the policy {}", path.display()))?;
	policy::decode(&bytes).with_context(|| format!("{}", path.display()))
}

/// Inline JSON (starting with `{` or `[`) or a file of it.
fn json_arg<T: serde::de::DeserializeOwned>(arg: &str, flag: &str) -> anyhow::Result<T> {
	let text = if arg.trim_start().starts_with(['{', '[']) {
		arg.to_owned()
	} else {
		std::fs::read_to_string(arg).with_context(|| format!("{flag}: reading {arg}"))?
	};
	serde_json::from_str(&text).with_context(|| format!("{flag}: not valid JSON for it"))
}

/// `START..END` as the seeds from START to END, END excluded.
fn parse_seeds(text: &str) -> anyhow::Result<Vec<u64>> {
	let (start, end) =
		text.split_once("..").context("--seeds takes START..END, e.g. 1000..1010")?;
	let (start, end): (u64, u64) = (start.parse()?, end.parse()?);
	if end <= start {
		bail!("--seeds {text}: END must be above START");
	}
	Ok((start..end).collect())
}
