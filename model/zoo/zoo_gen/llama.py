"""A LLaMA-style decoder (Touvron et al. 2023; Hugging Face LlamaModel layout): token
embedding, pre-norm layers of RMSNorm, multi-head causal attention with rotary position
embedding, SwiGLU FFN, final RMSNorm and the LM head. Two graphs per size: the prefill over a
prompt (logits and the KV cache it builds as outputs) and one decode step (the cache of the
prompt as graph inputs, the cache grown by one position as outputs).

The RMSNorm weights and the rotary cos/sin tables come from a .safetensors file written with
the graphs: the norm weights carry a few outlier channels (the same channels in every layer,
as the feature outliers of real LLMs), which is what breaks low-precision matmuls."""

import math
import random

from .bert import merge_heads, split_heads
from .graph import Graph, rounded

LLAMA_7B = dict(name="llama_7b", vocab=32000, dim=4096, layers=32, heads=32, ffn=11008,
                seq=128, eps=1e-6, theta=10000.0, outliers=6)
LLAMA_SMALL = dict(name="llama_small", vocab=256, dim=64, layers=2, heads=4, ffn=176, seq=16,
                   eps=1e-6, theta=10000.0, outliers=2)
OUTLIER_SCALE = (8.0, 20.0)  # an outlier channel's norm weight, uniform in this range
SILU_GLU_KEEP = 0.36  # E[(silu(g) * u)^2] for g, u ~ N(0, 1)


def norm_weights(cfg):
    """Per norm: weights normal(1, 0.05) but for the outlier channels (fixed per model)."""
    rng = random.Random(cfg["name"])
    channels = sorted(rng.sample(range(cfg["dim"]), cfg["outliers"]))
    names = ["layers.%d.%s.weight" % (l, n) for l in range(cfg["layers"])
             for n in ("attention_norm", "ffn_norm")] + ["norm.weight"]
    weights = {}
    for name in names:
        w = [rng.gauss(1.0, 0.05) for _ in range(cfg["dim"])]
        for c in channels:
            w[c] = rng.uniform(*OUTLIER_SCALE)
        weights[name] = w
    return channels, weights


def rope_tables(cfg):
    """cos and sin of position * theta^(-2i/D), i < D/2, repeated over both halves (the
    rotate_half convention), for positions 0..seq (prefill rows 0..seq-1, decode row seq)."""
    head_dim = cfg["dim"] // cfg["heads"]
    inv = [cfg["theta"] ** (-2.0 * i / head_dim) for i in range(head_dim // 2)]
    angles = [[p * f for f in inv * 2] for p in range(cfg["seq"] + 1)]
    return ([math.cos(a) for row in angles for a in row],
            [math.sin(a) for row in angles for a in row])


def weights_file(cfg):
    """The tensors of <name>.safetensors: rope tables (F32) and norm weights (BF16)."""
    head_dim = cfg["dim"] // cfg["heads"]
    cos, sin = rope_tables(cfg)
    tensors = [("rope.cos", "F32", [cfg["seq"] + 1, head_dim], cos),
               ("rope.sin", "F32", [cfg["seq"] + 1, head_dim], sin)]
    for name, w in norm_weights(cfg)[1].items():
        tensors.append((name, "BF16", [cfg["dim"]], w))
    return tensors


class Decoder:
    """Writes one graph (prefill over `seq` tokens, or one decode step after `seq`)."""

    def __init__(self, cfg, decode):
        self.cfg, self.decode = cfg, decode
        self.file = cfg["name"] + ".safetensors"
        self.head_dim = cfg["dim"] // cfg["heads"]
        self.steps = 1 if decode else cfg["seq"]
        _, weights = norm_weights(cfg)
        # A projection reading a norm's output sees second moment sum(w^2) per product:
        # LeCun against it keeps q, k, v, gate and up at unit scale despite the outliers.
        self.in_std = {n: rounded(1 / math.sqrt(sum(v * v for v in w))) for n, w in weights.items()}
        self.g = None

    def stored(self, name, shape):
        return self.g.weight(name, shape, init="safetensors", file=self.file, tensor=name)

    def linear(self, x, d_in, d_out, name, std):
        return self.g.op("matmul", [x, self.g.weight(name + ".weight", [d_in, d_out], std=std)],
                         name)

    def rms_norm(self, x, name):
        return self.g.op("rms_norm", [x, self.stored(name + ".weight", [self.cfg["dim"]])], name,
                         epsilon=self.cfg["eps"])

    def rotary(self, x, cos, sin, name):
        """x * cos + rotate_half(x) * sin, rotate_half(x) = concat(-x[..., D/2:], x[..., :D/2])."""
        g, half = self.g, self.head_dim // 2
        lo = g.op("slice", [x], name + ".lo", starts=[0], ends=[half], axes=[3])
        hi = g.op("slice", [x], name + ".hi", starts=[half], ends=[self.head_dim], axes=[3])
        rot = g.op("concat", [g.op("neg", [hi], name + ".neg"), lo], name + ".rotate_half",
                   axis=3)
        return g.op("add", [g.op("mul", [x, cos], name + ".cos"),
                            g.op("mul", [rot, sin], name + ".sin")], name)

    def attention(self, x, l, cos, sin):
        cfg, g, p = self.cfg, self.g, "layers.%d.attention" % l
        dim, heads, steps = cfg["dim"], cfg["heads"], self.steps
        h = self.rms_norm(x, "layers.%d.attention_norm" % l)
        std = self.in_std["layers.%d.attention_norm.weight" % l]
        q, k, v = (split_heads(g, self.linear(h, dim, dim, "%s.w%s" % (p, n), std), steps, heads,
                               self.head_dim, "%s.%s" % (p, n)) for n in "qkv")
        q = self.rotary(q, cos, sin, p + ".q_rope")
        k = self.rotary(k, cos, sin, p + ".k_rope")
        if self.decode:
            shape = ["batch", heads, cfg["seq"], self.head_dim]
            k = g.op("concat", [g.input("past_key.%d" % l, shape, std=1.0), k],
                     "present_key.%d" % l, axis=2)
            v = g.op("concat", [g.input("past_value.%d" % l, shape, std=1.0), v],
                     "present_value.%d" % l, axis=2)
        self.present += [k, v]  # prefill: the roped keys and the values are the cache
        ctx = g.op("scaled_dot_product_attention", [q, k, v], p + ".sdpa",
                   causal=0 if self.decode else 1)
        ctx = merge_heads(g, ctx, steps, dim, p)
        out = self.linear(ctx, dim, dim, p + ".wo", rounded(self.residual_std(dim)))
        return g.op("add", [x, out], "layers.%d.attention_residual" % l)

    def residual_std(self, fan_in, keep=1.0):
        """LeCun for an input of second moment `keep`, over sqrt(2 * layers) (GPT-2's
        residual scaling: the stream grows by about 1 over all layers together)."""
        return 1 / math.sqrt(keep * fan_in * 2 * self.cfg["layers"])

    def feed_forward(self, x, l):
        cfg, g, p = self.cfg, self.g, "layers.%d.feed_forward" % l
        h = self.rms_norm(x, "layers.%d.ffn_norm" % l)
        std = self.in_std["layers.%d.ffn_norm.weight" % l]
        gate = g.op("silu", [self.linear(h, cfg["dim"], cfg["ffn"], p + ".w1", std)], p + ".silu")
        up = self.linear(h, cfg["dim"], cfg["ffn"], p + ".w3", std)
        act = g.op("mul", [gate, up], p + ".swiglu")
        out = self.linear(act, cfg["ffn"], cfg["dim"], p + ".w2",
                          rounded(self.residual_std(cfg["ffn"], SILU_GLU_KEEP)))
        return g.op("add", [x, out], "layers.%d.ffn_residual" % l)

    def build(self):
        cfg = self.cfg
        kind = "decode" if self.decode else "prefill"
        self.g = g = Graph("%s_%s" % (cfg["name"], kind), describe(cfg, self.decode), 1,
                           classifier=True, comment=comment(cfg, self.decode))
        self.present = []
        ids = g.input("input_ids", ["batch", self.steps], dtype="i64", init="uniform", low=-0.5,
                      high=cfg["vocab"] - 0.5)
        x = g.op("gather", [g.weight("tok_embeddings.weight", [cfg["vocab"], cfg["dim"]],
                                     std=1.0), ids], "tok_embeddings")
        first = cfg["seq"] if self.decode else 0
        cos, sin = (g.op("slice", [self.stored("rope." + t, [cfg["seq"] + 1, self.head_dim])],
                         "rope.%s_rows" % t, starts=[first], ends=[first + self.steps], axes=[0])
                    for t in ("cos", "sin"))
        for l in range(cfg["layers"]):
            x = self.feed_forward(self.attention(x, l, cos, sin), l)
        h = self.rms_norm(x, "norm")
        g.op("matmul", [h, g.weight("output.weight", [cfg["dim"], cfg["vocab"]],
                                    std=self.in_std["norm.weight"])], "logits")
        g.output("logits", *self.present)
        return g


def describe(cfg, decode):
    what = "%(layers)d layers, dim %(dim)d, %(heads)d heads, FFN %(ffn)d, vocabulary %(vocab)d" \
        % cfg
    step = "one decode step after %d cached positions" % cfg["seq"] if decode else \
        "prefill of %d tokens" % cfg["seq"]
    return "LLaMA-style decoder (%s), %s: RMSNorm, RoPE, causal attention, SwiGLU" % (what, step)


def comment(cfg, decode):
    return """
%s.
Token embedding (gather); per layer: RMSNorm, q/k/v projections split into heads, rotary
position embedding (x * cos + rotate_half(x) * sin, rotate_half by slice, neg and concat;
cos/sin rows sliced from tables in %s.safetensors), %s, heads merged,
output projection, residual add; RMSNorm, SwiGLU FFN (silu(x W1) * (x W3)) W2, residual add.
Final RMSNorm, LM head to logits. Outputs: logits (top-1/top-5/KL over the vocabulary) and
the KV cache per layer ([batch, heads, positions, head dim]: the roped keys and the values;
in the decode step present_key.L and present_value.L, the past ones grown by one position).
Seeding: embeddings normal(0, 1); RMSNorm weights normal(1, 0.05) from the .safetensors file
with %d outlier channels at 8-20 in every norm; projections reading a norm's output have std
1/sqrt(sum of the norm weights squared), so q, k, v, gate and up keep unit scale while the
outlier channels dominate single products; the output and down projections are LeCun over
sqrt(2 x layers) (residual scaling); the cached keys and values are normal(0, 1).""" % (
        describe(cfg, decode),
        cfg["name"],
        "attention over the cached positions and the new one (cache concat on the position "
        "axis)" if decode else "causal attention",
        cfg["outliers"])


def llama(small, decode):
    return Decoder(LLAMA_SMALL if small else LLAMA_7B, decode).build()
