//! Links libtorch so that CUDA really loads and the binary finds libtorch without help.
//!
//! `torch-sys` names `libtorch_cuda.so` to the linker, but `--as-needed` (the default on
//! Debian and Ubuntu) drops it because nothing references its symbols directly; CUDA would
//! then silently be unavailable. `--no-as-needed` keeps it. The run path lets the binary
//! find the torch libraries of the Python environment it was built against;
//! `LD_LIBRARY_PATH` (searched first) points it at another machine's.

use std::{fs, path::Path};

fn main() {
	let lib = std::env::var("DEP_TCH_LIBTORCH_LIB").expect("torch-sys names libtorch's folder");
	let version = fs::read_to_string(Path::new(&lib).join("../version.py"))
		.ok()
		.and_then(|text| {
			let line = text.lines().find(|l| l.starts_with("__version__"))?;
			Some(line.split('\'').nth(1)?.to_owned())
		})
		.unwrap_or_else(|| "unknown".into());
	println!("cargo:rustc-env=AICCHAIN_TORCH_VERSION={version}");
	println!("cargo:rustc-env=AICCHAIN_TORCH_LIB={lib}");
	println!("cargo:rustc-link-arg=-Wl,--no-as-needed");
	if Path::new(&lib).join("libtorch_cuda.so").exists() {
		println!("cargo:rustc-link-arg=-ltorch_cuda");
	}
	println!("cargo:rustc-link-arg=-Wl,-rpath,{lib}");
}
