//! How faithfully the chain's integer evaluation ranks candidates like the float policy: on
//! random candidate sets, the Kendall tau between the two rankings, the share of sets ranked
//! identically, and the largest score error (Q32.32 score / 2^32 against the float score).
//!
//! Candidates and jobs are drawn over the ranges the chain accepts and beyond what the
//! simulator produces: 0–16 GPUs, 0–80 GiB, 1–1,000 ms, 1–100,000 Mbit/s (log-uniform), 1–200
//! GFLOPS/W, 0–100% renewable, any trust, 0–8 busy rounds; any model, 1–16 trainers, a GPU
//! floor of 0–8; 2 to 32 candidates per set.

use aicchain_matching::{
	features, Candidate, JobFeatures, ModelKind, Perbill, PolicyNet, FEATURES,
};

use super::{net::FloatNet, policies::rank};
use crate::rng::Rng;

/// The agreement between the float and the integer policy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fidelity {
	/// Candidate sets compared.
	pub sets: u32,
	/// Mean Kendall tau-b between the two rankings.
	pub mean_tau: f64,
	/// The lowest tau of any set.
	pub min_tau: f64,
	/// Share of sets ranked identically.
	pub identical_share: f64,
	/// The largest |integer score / 2^32 − float score|.
	pub max_score_error: f64,
}

/// A random candidate in the chain's ranges.
pub fn random_candidate(rng: &mut Rng) -> Candidate {
	Candidate {
		gpus: rng.int(0, 16) as u16,
		gpu_memory_gib: rng.int(0, 80) as u32,
		latency_ms: rng.int(1, 1_000) as u32,
		bandwidth_mbps: rng.log_between(1.0, 100_000.0) as u32,
		gflops_per_watt: rng.int(1, 200) as u32,
		renewable_percent: rng.int(0, 100) as u8,
		trust: Perbill::from_parts(rng.int(0, 1_000_000_000) as u32),
		busy: rng.int(0, 8) as u32,
	}
}

/// A random job in the chain's ranges.
pub fn random_job(rng: &mut Rng) -> JobFeatures {
	JobFeatures {
		model: rng.pick(&[
			(ModelKind::Mlp, 1.0),
			(ModelKind::Cnn, 1.0),
			(ModelKind::Transformer, 1.0),
		]),
		trainers: rng.int(1, 16) as u32,
		min_gpus: rng.int(0, 8) as u16,
	}
}

/// Kendall's tau-b between two score lists of one set.
pub fn kendall_tau(a: &[f64], b: &[f64]) -> f64 {
	let (mut concordant, mut discordant, mut tied_a, mut tied_b, mut pairs) =
		(0.0, 0.0, 0.0, 0.0, 0.0);
	for i in 0..a.len() {
		for j in i + 1..a.len() {
			pairs += 1.0;
			let (x, y) = ((a[i] - a[j]).signum(), (b[i] - b[j]).signum());
			match (a[i] == a[j], b[i] == b[j]) {
				(true, true) => {
					tied_a += 1.0;
					tied_b += 1.0;
				}
				(true, false) => tied_a += 1.0,
				(false, true) => tied_b += 1.0,
				(false, false) if x == y => concordant += 1.0,
				(false, false) => discordant += 1.0,
			}
		}
	}
	let denominator: f64 = (pairs - tied_a) * (pairs - tied_b);
	if denominator == 0.0 {
		// Every pair tied in one ranking: they agree only if both tie everything.
		return if tied_a == tied_b { 1.0 } else { 0.0 };
	}
	(concordant - discordant) / denominator.sqrt()
}

/// Compares `float` with its quantisation `integer` on `sets` random candidate sets from `seed`.
pub fn measure(float: &FloatNet, integer: &PolicyNet, sets: u32, seed: u64) -> Fidelity {
	let mut rng = Rng::stream(seed, 0x0046_4944); // "FID"
	let (mut tau_sum, mut min_tau, mut identical, mut max_error) = (0.0, 1.0f64, 0u32, 0.0f64);
	for _ in 0..sets {
		let job = random_job(&mut rng);
		let count = rng.int(2, 32) as usize;
		let xs: Vec<[i32; FEATURES]> =
			(0..count).map(|_| features(&random_candidate(&mut rng), &job)).collect();
		let floats: Vec<f64> = xs.iter().map(|x| float.score(x)).collect();
		let ints: Vec<i64> = xs.iter().map(|x| integer.score(x)).collect();
		let scaled: Vec<f64> = ints.iter().map(|s| *s as f64 / 4_294_967_296.0).collect();
		for (f, i) in floats.iter().zip(&scaled) {
			max_error = max_error.max((f - i).abs());
		}
		let tau = kendall_tau(&floats, &scaled);
		tau_sum += tau;
		min_tau = min_tau.min(tau);
		// Ranked as the chain ranks (here ties by position): identical orders?
		let by_float: Vec<usize> = {
			let mut order: Vec<usize> = (0..count).collect();
			order.sort_by(|&a, &b| floats[b].total_cmp(&floats[a]).then(a.cmp(&b)));
			order
		};
		if by_float == rank(&ints, |i| i) {
			identical += 1;
		}
	}
	Fidelity {
		sets,
		mean_tau: tau_sum / f64::from(sets.max(1)),
		min_tau,
		identical_share: f64::from(identical) / f64::from(sets.max(1)),
		max_score_error: max_error,
	}
}
