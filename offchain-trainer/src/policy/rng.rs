//! The simulator's random numbers: SplitMix64, small, fast and the same on every machine.
//!
//! Streams that must not disturb one another (the fleet, the job stream, each round's luck)
//! are separate generators seeded by [`mix`] of the episode seed and a label, so that two
//! policies run on one seed face the same fleet, the same jobs and the same luck per node and
//! round (common random numbers): their figures differ by their choices only.

/// One SplitMix64 step: a well-mixed 64-bit function of `x`.
pub fn mix(x: u64) -> u64 {
	let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
	z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
	z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
	z ^ (z >> 31)
}

/// A SplitMix64 generator.
#[derive(Clone, Debug)]
pub struct Rng {
	state: u64,
}

impl Rng {
	/// A generator for `seed`.
	pub fn new(seed: u64) -> Self {
		Self { state: seed }
	}

	/// A generator for the stream `label` of `seed`, independent of the other streams.
	pub fn stream(seed: u64, label: u64) -> Self {
		Self::new(mix(mix(seed) ^ label))
	}

	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
		mix(self.state.wrapping_sub(0x9E37_79B9_7F4A_7C15))
	}

	/// Uniform in `[0, 1)`, with 53 random bits.
	pub fn uniform(&mut self) -> f64 {
		(self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
	}

	/// Uniform in `[low, high)`.
	pub fn between(&mut self, low: f64, high: f64) -> f64 {
		low + (high - low) * self.uniform()
	}

	/// Uniform in `low..=high`.
	pub fn int(&mut self, low: u64, high: u64) -> u64 {
		low + self.next_u64() % (high - low + 1)
	}

	/// True with probability `p`.
	pub fn chance(&mut self, p: f64) -> bool {
		self.uniform() < p
	}

	/// Log-uniform in `[low, high)`: as likely within 10–100 as within 100–1,000.
	pub fn log_between(&mut self, low: f64, high: f64) -> f64 {
		(low.ln() + (high.ln() - low.ln()) * self.uniform()).exp()
	}

	/// A standard normal draw (Box–Muller).
	pub fn normal(&mut self) -> f64 {
		let u = 1.0 - self.uniform(); // in (0, 1]: the logarithm is finite
		(-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * self.uniform()).cos()
	}

	/// One of `items`, drawn with the given weights.
	pub fn pick<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
		let total: f64 = items.iter().map(|(_, w)| w).sum();
		let mut draw = self.uniform() * total;
		for (item, weight) in items {
			if draw < *weight {
				return *item;
			}
			draw -= weight;
		}
		items[items.len() - 1].0
	}
}
