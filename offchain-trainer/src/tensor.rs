//! Tensor helpers every layer may use: the raw bytes of a tensor, which data set hashes and
//! checkpoint encodings are made of.

use tch::Tensor;

/// The raw bytes of a CPU tensor (little-endian on every platform the trainer runs on).
pub(crate) fn tensor_bytes(tensor: &Tensor) -> Vec<u8> {
	let tensor = tensor.contiguous();
	let numel = tensor.numel();
	let mut bytes = vec![0u8; numel * tensor.kind().elt_size_in_bytes()];
	tensor.copy_data_u8(&mut bytes, numel);
	bytes
}
