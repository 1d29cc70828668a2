//! Builds the runtime's wasm blob, which the node embeds as `WASM_BINARY`.
//! `SKIP_WASM_BUILD=1` skips it for unit tests that run the runtime natively.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
