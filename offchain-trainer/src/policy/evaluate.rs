//! Comparing policies on held-out market seeds: each policy runs the same episodes (the same
//! fleet, jobs and luck per seed), and each figure is given as mean ± standard deviation over
//! the seeds.

use aicchain_matching::{MatchingWeights, PolicyNet};

use super::{
	market::{simulate, MarketConfig, Report},
	policies::Policy,
};
use crate::rng::Rng;

/// One policy's reports, one per seed.
pub struct Row {
	/// The policy's name.
	pub policy: &'static str,
	/// Its episodes' figures.
	pub reports: Vec<Report>,
}

/// Runs the learned policy, the linear default, random choice and most GPUs first on each of
/// `seeds`.
pub fn compare(config: &MarketConfig, seeds: &[u64], learned: &PolicyNet) -> Vec<Row> {
	let make = |which: usize, seed: u64| match which {
		0 => Policy::Learned(learned.clone()),
		1 => Policy::Linear(MatchingWeights::DEFAULT),
		2 => Policy::Random(Rng::stream(seed, 0x5241_4e44)), // "RAND"
		_ => Policy::MostGpus,
	};
	(0..4)
		.map(|which| Row {
			policy: make(which, 0).name(),
			reports: seeds
				.iter()
				.map(|&seed| simulate(config, seed, &mut make(which, seed)).report)
				.collect(),
		})
		.collect()
}

/// Mean and sample standard deviation.
fn mean_std(values: impl Iterator<Item = f64>) -> (f64, f64) {
	let values: Vec<f64> = values.collect();
	let n = values.len() as f64;
	let mean = values.iter().sum::<f64>() / n;
	let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
	(mean, var.sqrt())
}

/// The comparison as a markdown table.
pub fn table(rows: &[Row]) -> String {
	let mut out = String::from(
		"| policy | mean round time (s) | p95 round time (s) | failed rounds | failed share | utilisation | renewable share | top-10% share |\n|---|---|---|---|---|---|---|---|\n",
	);
	for row in rows {
		let stat = |f: fn(&Report) -> f64| mean_std(row.reports.iter().map(f));
		let plain = |(m, s): (f64, f64)| format!("{m:.0} ± {s:.0}");
		let count = |(m, s): (f64, f64)| format!("{m:.1} ± {s:.1}");
		let percent = |(m, s): (f64, f64)| format!("{:.1}% ± {:.1}", 100.0 * m, 100.0 * s);
		out += &format!(
			"| {} | {} | {} | {} | {} | {} | {} | {} |\n",
			row.policy,
			plain(stat(|r| r.mean_round_s)),
			plain(stat(|r| r.p95_round_s)),
			count(stat(|r| r.failed_rounds.into())),
			percent(stat(|r| r.failed_share)),
			percent(stat(|r| r.utilisation)),
			percent(stat(|r| r.renewable_share)),
			percent(stat(|r| r.top10_share)),
		);
	}
	out
}
