//! SGD with momentum and Adam, written out so that their state is explicit tensors that go
//! into checkpoints: a validator can resume training from any checkpoint exactly.

use std::collections::BTreeMap;

use tch::Tensor;

use crate::model::Optimizer;

/// An optimiser and its per-variable state (momentum; or Adam's first and second moments).
#[derive(Debug)]
pub struct OptimState {
	/// The optimiser's kind and hyper-parameters.
	pub optimizer: Optimizer,
	/// State tensors by slot name (`m`, `v`) and variable name.
	pub slots: BTreeMap<(&'static str, String), Tensor>,
}

impl OptimState {
	/// The state slots this optimiser keeps per variable.
	pub fn slot_names(optimizer: &Optimizer) -> &'static [&'static str] {
		match optimizer {
			Optimizer::Sgd { .. } => &["m"],
			Optimizer::Adam { .. } => &["m", "v"],
		}
	}

	/// Zero state for `variables`.
	pub fn zeros(optimizer: Optimizer, variables: &BTreeMap<String, Tensor>) -> Self {
		let mut slots = BTreeMap::new();
		for &slot in Self::slot_names(&optimizer) {
			for (name, var) in variables {
				slots.insert((slot, name.clone()), var.zeros_like());
			}
		}
		Self { optimizer, slots }
	}

	/// Applies one update to `variables` from their gradients; `step` counts from 1.
	pub fn step(&mut self, variables: &BTreeMap<String, Tensor>, step: u64) {
		tch::no_grad(|| {
			for (name, var) in variables {
				let grad = var.grad();
				match self.optimizer {
					Optimizer::Sgd { lr, momentum } => {
						let m = self.slots[&("m", name.clone())].shallow_clone();
						let _ = m.shallow_clone().g_mul_scalar_(momentum).g_add_(&grad);
						let _ = var.shallow_clone().g_sub_(&(&m * lr));
					}
					Optimizer::Adam { lr, beta1, beta2, eps } => {
						let m = self.slots[&("m", name.clone())].shallow_clone();
						let v = self.slots[&("v", name.clone())].shallow_clone();
						let _ =
							m.shallow_clone().g_mul_scalar_(beta1).g_add_(&(&grad * (1.0 - beta1)));
						let _ = v
							.shallow_clone()
							.g_mul_scalar_(beta2)
							.g_add_(&(grad.square() * (1.0 - beta2)));
						let t = step as i32;
						let m_hat = &m / (1.0 - beta1.powi(t));
						let v_hat = &v / (1.0 - beta2.powi(t));
						let _ = var.shallow_clone().g_sub_(&(m_hat / (v_hat.sqrt() + eps) * lr));
					}
				}
			}
		});
	}
}
