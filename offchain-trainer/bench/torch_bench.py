"""The PyTorch twin of `aicchain-trainer bench`: the same three models, data, batch sizes,
optimiser (Adam, lr 1e-3), steps and thread count, timed the same way (training steps only,
after one warm-up step). Run it with the Python of the trainer's virtual environment:

    python offchain-trainer/bench/torch_bench.py --text "$AICCHAIN_TEXT" --threads 2
"""

import argparse
import gzip
import math
import pathlib
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def load_idx(path):
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    data = torch.frombuffer(bytearray(raw[4 + 4 * rank:]), dtype=torch.uint8)
    return data.reshape(dims)


def fashion_mnist(folder):
    folder = pathlib.Path(folder)
    def part(prefix):
        images = load_idx(folder / f"{prefix}-images-idx3-ubyte.gz").float().div(255).unsqueeze(1)
        labels = load_idx(folder / f"{prefix}-labels-idx1-ubyte.gz").long()
        return images, labels
    return part("train"), part("t10k")


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc0, self.out = nn.Linear(784, 256), nn.Linear(256, 10)

    def forward(self, x):
        return self.out(F.relu(self.fc0(x.flatten(1))))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 16, 5, padding=2), nn.Conv2d(16, 32, 5, padding=2)
        self.fc, self.out = nn.Linear(32 * 7 * 7, 128), nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.out(F.relu(self.fc(x.flatten(1))))


class Block(nn.Module):
    def __init__(self, embed, heads):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(embed), nn.LayerNorm(embed)
        self.qkv, self.proj = nn.Linear(embed, 3 * embed), nn.Linear(embed, embed)
        self.up, self.down = nn.Linear(embed, 4 * embed), nn.Linear(4 * embed, embed)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=2)
        split = lambda y: y.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        y = F.scaled_dot_product_attention(split(q), split(k), split(v), is_causal=True)
        x = x + self.proj(y.transpose(1, 2).contiguous().view(b, t, c))
        return x + self.down(F.gelu(self.up(self.norm2(x))))


class Transformer(nn.Module):
    def __init__(self, vocab=256, context=64, embed=128, heads=4, layers=2):
        super().__init__()
        self.tokens, self.positions = nn.Embedding(vocab, embed), nn.Embedding(context, embed)
        self.blocks = nn.ModuleList(Block(embed, heads) for _ in range(layers))
        self.norm, self.head = nn.LayerNorm(embed), nn.Linear(embed, vocab)

    def forward(self, x):
        h = self.tokens(x) + self.positions(torch.arange(x.shape[1]))
        for block in self.blocks:
            h = block(h)
        return self.head(self.norm(h))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--text", required=True)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--models", default="mlp,cnn,transformer")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    (train_x, train_y), (test_x, test_y) = fashion_mnist(args.images)
    text = torch.frombuffer(bytearray(pathlib.Path(args.text).read_bytes()), dtype=torch.uint8).long()
    split = len(text) - len(text) // 10
    train_text, test_text = text[:split], text[split:]
    context = 64

    def image_batch(size):
        index = torch.randint(len(train_y), (size,))
        return train_x[index], train_y[index]

    def text_batch(size):
        starts = torch.randint(len(train_text) - context - 1, (size,))
        windows = torch.stack([train_text[s:s + context + 1] for s in starts.tolist()])
        return windows[:, :-1], windows[:, 1:]

    print(f"torch {torch.__version__}, {args.threads} threads, {args.steps} steps per model")
    print("| model | batch | samples/s | held-out loss | held-out accuracy |")
    print("|---|---|---|---|---|")
    for name in args.models.split(","):
        model, batch, size = {
            "mlp": (Mlp(), image_batch, 64),
            "cnn": (Cnn(), image_batch, 64),
            "transformer": (Transformer(), text_batch, 32),
        }[name]
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step():
            inputs, targets = batch(size)
            logits = model(inputs)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

        step()  # warm-up
        started = time.perf_counter()
        for _ in range(args.steps):
            step()
        throughput = args.steps * size / (time.perf_counter() - started)

        with torch.no_grad():
            if name == "transformer":
                windows = min((len(test_text) - 1) // context, 512)
                w = torch.stack([test_text[i * context:i * context + context + 1] for i in range(windows)])
                logits = model(w[:, :-1])
                loss, accuracy = F.cross_entropy(logits.reshape(-1, 256), w[:, 1:].reshape(-1)).item(), "–"
            else:
                logits = model(test_x)
                loss = F.cross_entropy(logits, test_y).item()
                accuracy = f"{(logits.argmax(1) == test_y).float().mean().item() * 100:.2f}%"
        print(f"| {name} | {size} | {throughput:.0f} | {loss:.3f} | {accuracy} |")


if __name__ == "__main__":
    main()
