//! The model zoo: a serialisable [`ModelSpec`] (what the chain stores) and the three
//! architectures it describes, each a struct of layers implementing [`nn::ModuleT`].

pub use aicchain_task::ModelKind;
use serde::{Deserialize, Serialize};
use tch::{nn, nn::ModuleT, Tensor};

use crate::{
	data::{Dataset, Examples},
	error::{Error, Result},
};

/// A model, its optimiser and batch size: everything training needs besides the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
	/// The network.
	pub architecture: Architecture,
	/// How its weights are updated.
	pub optimizer: Optimizer,
	/// Examples per step.
	pub batch_size: i64,
}

/// The networks of the zoo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Architecture {
	/// A multi-layer perceptron over flattened images.
	Mlp { inputs: i64, hidden: Vec<i64>, classes: i64 },
	/// Two 5×5 convolutions with max-pooling, then two linear layers.
	Cnn { channels: i64, height: i64, width: i64, filters: [i64; 2], hidden: i64, classes: i64 },
	/// A causal character-level transformer (pre-norm blocks).
	Transformer { vocab: i64, context: i64, embed: i64, heads: i64, layers: i64 },
}

/// The optimisers; their state is part of every checkpoint (see `optim`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Optimizer {
	/// Stochastic gradient descent with heavy-ball momentum.
	Sgd { lr: f64, momentum: f64 },
	/// Adam (Kingma & Ba), with bias correction.
	Adam { lr: f64, beta1: f64, beta2: f64, eps: f64 },
}

/// Upper bound on any layer width, so a spec from the chain cannot exhaust memory.
const MAX_WIDTH: i64 = 1 << 14;

/// The zoo's model named `name` (`mlp`, `cnn` or `transformer`), as people name it.
pub fn zoo_model(name: &str) -> Result<ModelKind> {
	match name {
		"mlp" => Ok(ModelKind::Mlp),
		"cnn" => Ok(ModelKind::Cnn),
		"transformer" => Ok(ModelKind::Transformer),
		other => Err(Error::InvalidSpec(format!(
			"no model `{other}` in the zoo: choose mlp, cnn or transformer"
		))),
	}
}

impl ModelSpec {
	/// The zoo's default spec of `model` for `dataset`.
	pub fn preset(model: ModelKind, dataset: &Dataset) -> Result<Self> {
		let adam = |lr| Optimizer::Adam { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
		let image = || match &dataset.train {
			Examples::Images { features, .. } => {
				let size = features.size();
				Ok((size[1], size[2], size[3]))
			}
			Examples::Text { .. } => Err(Error::InvalidSpec(format!(
				"{model:?} needs an image data set; {} is text",
				dataset.source.display()
			))),
		};
		let spec = match model {
			ModelKind::Mlp => {
				let (c, h, w) = image()?;
				let architecture = Architecture::Mlp {
					inputs: c * h * w,
					hidden: vec![256],
					classes: dataset.classes,
				};
				Self { architecture, optimizer: adam(1e-3), batch_size: 64 }
			}
			ModelKind::Cnn => {
				let (channels, height, width) = image()?;
				let architecture = Architecture::Cnn {
					channels,
					height,
					width,
					filters: [16, 32],
					hidden: 128,
					classes: dataset.classes,
				};
				Self { architecture, optimizer: adam(1e-3), batch_size: 64 }
			}
			ModelKind::Transformer => {
				let architecture = Architecture::Transformer {
					vocab: 256,
					context: 64,
					embed: 128,
					heads: 4,
					layers: 2,
				};
				Self { architecture, optimizer: adam(1e-3), batch_size: 32 }
			}
		};
		spec.check_against(dataset)?;
		Ok(spec)
	}

	/// Checks the spec's own numbers: positive sizes within bounds, sensible hyper-parameters.
	pub fn check(&self) -> Result<()> {
		let bad = |why: String| Err(Error::InvalidSpec(why));
		let sizes: Vec<i64> = match &self.architecture {
			Architecture::Mlp { inputs, hidden, classes } => {
				if hidden.len() > 8 {
					return bad(format!("{} hidden layers; at most 8", hidden.len()));
				}
				[*inputs, *classes].into_iter().chain(hidden.iter().copied()).collect()
			}
			Architecture::Cnn { channels, height, width, filters, hidden, classes } => {
				if height % 4 != 0 || width % 4 != 0 {
					return bad(format!("image size {height}×{width} is not a multiple of 4"));
				}
				vec![*channels, *height, *width, filters[0], filters[1], *hidden, *classes]
			}
			Architecture::Transformer { vocab, context, embed, heads, layers } => {
				if *heads <= 0 || embed % heads != 0 {
					return bad(format!(
						"embedding width {embed} is not divisible by {heads} heads"
					));
				}
				if *layers > 24 {
					return bad(format!("{layers} layers; at most 24"));
				}
				vec![*vocab, *context, *embed, *heads, *layers]
			}
		};
		if let Some(size) = sizes.iter().find(|&&s| s <= 0 || s > MAX_WIDTH) {
			return bad(format!("size {size} is outside 1..={MAX_WIDTH}"));
		}
		if self.batch_size <= 0 || self.batch_size > 4096 {
			return bad(format!("batch size {} is outside 1..=4096", self.batch_size));
		}
		let (lr, ok) = match self.optimizer {
			Optimizer::Sgd { lr, momentum } => (lr, (0.0..1.0).contains(&momentum)),
			Optimizer::Adam { lr, beta1, beta2, eps } => {
				(lr, (0.0..1.0).contains(&beta1) && (0.0..1.0).contains(&beta2) && eps > 0.0)
			}
		};
		if !(lr > 0.0 && lr < 10.0 && ok) {
			return bad(format!("optimizer parameters {:?} are out of range", self.optimizer));
		}
		Ok(())
	}

	/// Checks the spec against a data set: the input shape and number of classes must fit.
	pub fn check_against(&self, dataset: &Dataset) -> Result<()> {
		self.check()?;
		use Examples::{Images, Text};
		let mismatch = |what: String| Err(Error::ShapeMismatch(what));
		match (&self.architecture, &dataset.train) {
			(Architecture::Mlp { inputs, classes, .. }, Images { features, .. }) => {
				let size = features.size();
				if *inputs != size[1..].iter().product::<i64>() {
					return mismatch(format!(
						"the MLP takes {inputs} inputs, the images have {:?}",
						&size[1..]
					));
				}
				if *classes < dataset.classes {
					return mismatch(format!("{classes} outputs for {} classes", dataset.classes));
				}
			}
			(
				Architecture::Cnn { channels, height, width, classes, .. },
				Images { features, .. },
			) => {
				let size = features.size();
				if [*channels, *height, *width] != size[1..] {
					return mismatch(format!(
						"the CNN takes {channels}×{height}×{width} images, the data set has {:?}",
						&size[1..]
					));
				}
				if *classes < dataset.classes {
					return mismatch(format!("{classes} outputs for {} classes", dataset.classes));
				}
			}
			(Architecture::Transformer { vocab, .. }, Text { .. }) => {
				if *vocab != dataset.classes {
					return mismatch(format!(
						"vocabulary {vocab}, the text has {}",
						dataset.classes
					));
				}
			}
			(architecture, _) => {
				return mismatch(format!(
					"{} cannot train on {}",
					architecture.name(),
					dataset.source.display()
				))
			}
		}
		Ok(())
	}

	/// Builds the network's layers under `path` (initialised by the current torch seed).
	pub fn build(&self, path: &nn::Path) -> Box<dyn ModuleT + Send> {
		match &self.architecture {
			Architecture::Mlp { inputs, hidden, classes } => {
				Box::new(Mlp::new(path, *inputs, hidden, *classes))
			}
			Architecture::Cnn { channels, height, width, filters, hidden, classes } => {
				Box::new(Cnn::new(path, *channels, (*height, *width), *filters, *hidden, *classes))
			}
			Architecture::Transformer { vocab, context, embed, heads, layers } => {
				Box::new(Transformer::new(path, *vocab, *context, *embed, *heads, *layers))
			}
		}
	}

	/// The context length of a transformer, `None` for image models.
	pub fn context(&self) -> Option<i64> {
		match self.architecture {
			Architecture::Transformer { context, .. } => Some(context),
			_ => None,
		}
	}
}

impl Architecture {
	/// A short name for messages.
	pub fn name(&self) -> &'static str {
		match self {
			Self::Mlp { .. } => "an MLP",
			Self::Cnn { .. } => "a CNN",
			Self::Transformer { .. } => "a transformer",
		}
	}
}

/// Linear layers with ReLU between them.
#[derive(Debug)]
struct Mlp {
	layers: Vec<nn::Linear>,
}

impl Mlp {
	fn new(path: &nn::Path, inputs: i64, hidden: &[i64], classes: i64) -> Self {
		let widths: Vec<i64> = std::iter::once(inputs).chain(hidden.iter().copied()).collect();
		let mut layers: Vec<nn::Linear> = widths
			.windows(2)
			.enumerate()
			.map(|(i, w)| nn::linear(path / format!("fc{i}"), w[0], w[1], Default::default()))
			.collect();
		let last = *widths.last().expect("widths start with the inputs");
		layers.push(nn::linear(path / "out", last, classes, Default::default()));
		Self { layers }
	}
}

impl ModuleT for Mlp {
	fn forward_t(&self, xs: &Tensor, _train: bool) -> Tensor {
		let mut xs = xs.flatten(1, -1);
		let (last, hidden) = self.layers.split_last().expect("an MLP has an output layer");
		for layer in hidden {
			xs = xs.apply(layer).relu();
		}
		xs.apply(last)
	}
}

/// conv → ReLU → pool, twice, then linear → ReLU → linear.
#[derive(Debug)]
struct Cnn {
	conv1: nn::Conv2D,
	conv2: nn::Conv2D,
	fc: nn::Linear,
	out: nn::Linear,
}

impl Cnn {
	fn new(
		path: &nn::Path,
		channels: i64,
		(h, w): (i64, i64),
		filters: [i64; 2],
		hidden: i64,
		classes: i64,
	) -> Self {
		let conv = nn::ConvConfig { padding: 2, ..Default::default() };
		Self {
			conv1: nn::conv2d(path / "conv1", channels, filters[0], 5, conv),
			conv2: nn::conv2d(path / "conv2", filters[0], filters[1], 5, conv),
			fc: nn::linear(path / "fc", filters[1] * (h / 4) * (w / 4), hidden, Default::default()),
			out: nn::linear(path / "out", hidden, classes, Default::default()),
		}
	}
}

impl ModuleT for Cnn {
	fn forward_t(&self, xs: &Tensor, _train: bool) -> Tensor {
		xs.apply(&self.conv1)
			.relu()
			.max_pool2d_default(2)
			.apply(&self.conv2)
			.relu()
			.max_pool2d_default(2)
			.flatten(1, -1)
			.apply(&self.fc)
			.relu()
			.apply(&self.out)
	}
}

/// One pre-norm transformer block: causal self-attention and a 4× MLP, each residual.
#[derive(Debug)]
struct Block {
	norm1: nn::LayerNorm,
	qkv: nn::Linear,
	proj: nn::Linear,
	norm2: nn::LayerNorm,
	up: nn::Linear,
	down: nn::Linear,
	heads: i64,
}

impl Block {
	fn new(path: &nn::Path, embed: i64, heads: i64) -> Self {
		let norm = |name| nn::layer_norm(path / name, vec![embed], Default::default());
		let linear = |name, i, o| nn::linear(path / name, i, o, Default::default());
		Self {
			norm1: norm("norm1"),
			qkv: linear("qkv", embed, 3 * embed),
			proj: linear("proj", embed, embed),
			norm2: norm("norm2"),
			up: linear("up", embed, 4 * embed),
			down: linear("down", 4 * embed, embed),
			heads,
		}
	}

	fn attention(&self, xs: &Tensor) -> Tensor {
		let (b, t, c) = xs.size3().expect("a block takes [batch, time, embed]");
		let split = |t_: Tensor| t_.view([b, t, self.heads, c / self.heads]).transpose(1, 2);
		let qkv = xs.apply(&self.qkv).chunk(3, 2);
		let (q, k, v) = (
			split(qkv[0].shallow_clone()),
			split(qkv[1].shallow_clone()),
			split(qkv[2].shallow_clone()),
		);
		Tensor::scaled_dot_product_attention(&q, &k, &v, None::<Tensor>, 0.0, true, None, false)
			.transpose(1, 2)
			.contiguous()
			.view([b, t, c])
			.apply(&self.proj)
	}
}

impl ModuleT for Block {
	fn forward_t(&self, xs: &Tensor, _train: bool) -> Tensor {
		let xs = xs + self.attention(&xs.apply(&self.norm1));
		let mlp = xs.apply(&self.norm2).apply(&self.up).gelu("none").apply(&self.down);
		xs + mlp
	}
}

/// Token and position embeddings, blocks, a final norm and a linear head over bytes.
#[derive(Debug)]
struct Transformer {
	tokens: nn::Embedding,
	positions: nn::Embedding,
	blocks: Vec<Block>,
	norm: nn::LayerNorm,
	head: nn::Linear,
}

impl Transformer {
	fn new(path: &nn::Path, vocab: i64, context: i64, embed: i64, heads: i64, layers: i64) -> Self {
		Self {
			tokens: nn::embedding(path / "tokens", vocab, embed, Default::default()),
			positions: nn::embedding(path / "positions", context, embed, Default::default()),
			blocks: (0..layers)
				.map(|i| Block::new(&(path / format!("block{i}")), embed, heads))
				.collect(),
			norm: nn::layer_norm(path / "norm", vec![embed], Default::default()),
			head: nn::linear(path / "head", embed, vocab, Default::default()),
		}
	}
}

impl ModuleT for Transformer {
	/// `xs`: i64 `[batch, time]` byte tokens; returns logits `[batch, time, vocab]`.
	fn forward_t(&self, xs: &Tensor, train: bool) -> Tensor {
		let t = xs.size()[1];
		let positions = Tensor::arange(t, (tch::Kind::Int64, xs.device()));
		let mut hidden = xs.apply(&self.tokens) + positions.apply(&self.positions);
		for block in &self.blocks {
			hidden = block.forward_t(&hidden, train);
		}
		hidden.apply(&self.norm).apply(&self.head)
	}
}
