//! The trainer's one seeded random number generator: SplitMix64 (Steele, Lea & Flood), tiny,
//! fully specified and the same on every machine. It draws training batches, held-out samples
//! and the segments a validator re-executes, and every random number of the matching policy's
//! market simulator.
//!
//! Streams that must not disturb one another (the simulator's fleet, its job stream, each
//! round's luck; each training step's batch) are separate generators seeded by [`mix`] of a
//! seed and a label, so that two policies run on one seed face the same fleet, the same jobs
//! and the same luck per node and round (common random numbers): their figures differ by
//! their choices only.

/// SplitMix64's increment: the golden ratio in 64 bits.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a bijective 64-bit scrambler.
fn scramble(mut z: u64) -> u64 {
	z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
	z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
	z ^ (z >> 31)
}

/// One SplitMix64 step: a well-mixed 64-bit function of `x` (the first number a generator
/// seeded with `x` draws).
pub fn mix(x: u64) -> u64 {
	scramble(x.wrapping_add(GAMMA))
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

	/// A generator for `(key, index)` (a run's seed and a training step) that starts at a
	/// scrambled point of the cycle, so that the streams of consecutive indices do not overlap.
	pub fn keyed(key: u64, index: u64) -> Self {
		Self::new(scramble(key ^ mix(index)))
	}

	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		self.state = self.state.wrapping_add(GAMMA);
		scramble(self.state)
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

#[cfg(test)]
mod tests {
	use super::*;

	/// The streams are part of the protocol (batches, held-out samples and replayed segments
	/// must be the same on every trainer and validator) and of the simulator's reproducibility:
	/// pinned to the values of the reference SplitMix64.
	#[test]
	fn streams_are_pinned() {
		assert_eq!(mix(0), 0xe220_a839_7b1d_cdaf);
		let mut rng = Rng::new(42);
		assert_eq!(
			[rng.next_u64(), rng.next_u64()],
			[0xbdd7_3226_2feb_6e95, 0x28ef_e333_b266_f103]
		);
		let mut rng = Rng::keyed(7, 3);
		assert_eq!(
			[rng.next_u64(), rng.next_u64()],
			[0x649e_2541_9b48_acd3, 0xe4a2_c286_4a02_b254]
		);
		assert_eq!(Rng::keyed(0x4845_4c44, 0).next_u64(), 0xcdff_e496_874f_d2db);
		assert_eq!(Rng::keyed(1, u64::MAX).next_u64(), 0xebc8_9033_1d26_b4c5);
		assert_eq!(Rng::stream(5, 9).next_u64(), 0x7fef_fb0f_103f_7b41);
	}
}
