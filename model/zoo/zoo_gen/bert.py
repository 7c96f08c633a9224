"""A BERT-base encoder stack (Devlin et al. 2018; Hugging Face BertModel layout): token,
position and type embeddings, post-norm layers of multi-head attention and a GELU FFN, and
the pooler (tanh of a linear layer on the first token)."""

from .graph import Graph


def linear(g, x, d_in, d_out, name, std="lecun", bias_std=0.05):
    w = g.weight(name + ".weight", [d_in, d_out], std=std)
    b = g.weight(name + ".bias", [d_out], std=bias_std)
    return g.op("matmul", [x, w, b], name)


def split_heads(g, x, seq, heads, head_dim, name):
    """[B, S, H*D] -> [B, H, S, D]"""
    view = g.op("reshape", [x], name + ".view", shape=[-1, seq, heads, head_dim])
    return g.op("transpose", [view], name + ".heads", perm=[0, 2, 1, 3])


def merge_heads(g, x, seq, width, name):
    """[B, H, S, D] -> [B, S, H*D]"""
    back = g.op("transpose", [x], name + ".permute", perm=[0, 2, 1, 3])
    return g.op("reshape", [back], name + ".merge", shape=[-1, seq, width])


def layer_norm(g, x, width, name, epsilon):
    gamma = g.weight(name + ".weight", [width], mean=1.0, std=0.05)
    beta = g.weight(name + ".bias", [width], std=0.05)
    return g.op("layer_norm", [x, gamma, beta], name, epsilon=epsilon)


def bert_layer(g, x, cfg, name):
    seq, width, heads = cfg["seq"], cfg["hidden"], cfg["heads"]
    head_dim = width // heads
    qkv = [split_heads(g, linear(g, x, width, width, "%s.attention.self.%s" % (name, p)), seq,
                       heads, head_dim, "%s.attention.self.%s" % (name, p))
           for p in ("query", "key", "value")]
    ctx = g.op("scaled_dot_product_attention", qkv, name + ".attention.self")
    ctx = merge_heads(g, ctx, seq, width, name + ".attention.self")
    out = linear(g, ctx, width, width, name + ".attention.output.dense")
    x = layer_norm(g, g.op("add", [out, x], name + ".attention.output.add"), width,
                   name + ".attention.output.LayerNorm", cfg["eps"])
    inner = g.op("gelu", [linear(g, x, width, cfg["ffn"], name + ".intermediate.dense",
                                 std="he")], name + ".intermediate.gelu")
    out = linear(g, inner, cfg["ffn"], width, name + ".output.dense")
    return layer_norm(g, g.op("add", [out, x], name + ".output.add"), width,
                      name + ".output.LayerNorm", cfg["eps"])


BERT_BASE = dict(vocab=30522, hidden=768, layers=12, heads=12, ffn=3072, seq=128, eps=1e-12)
BERT_SMALL = dict(vocab=1000, hidden=64, layers=2, heads=4, ffn=256, seq=16, eps=1e-12)


def bert(small):
    cfg = BERT_SMALL if small else BERT_BASE
    what = "%(layers)d layers, hidden %(hidden)d, %(heads)d heads, FFN %(ffn)d, vocabulary " \
           "%(vocab)d, sequence %(seq)d" % cfg
    g = Graph("bert_small" if small else "bert_base",
              "BERT%s encoder (%s): gather, layer_norm, attention, GELU" %
              ("" if small else "-base", what), 1, comment="""
BERT%s encoder stack (Devlin et al. 2018, Hugging Face BertModel), %s.
Embeddings: word (gather of token ids), position (rows 0..S-1) and token type 0, summed,
layer norm (epsilon 1e-12). Each layer: q/k/v projections split into heads (reshape,
transpose), attention, heads merged, output projection, residual add, layer norm; FFN with
GELU (erf), residual add, layer norm. Pooler: tanh(linear(first token)).
Weights LeCun (unit-scale projections, so q.k/sqrt(d) is of order one), He before the GELU;
biases normal(0, 0.05); layer-norm gamma normal(1, 0.05), beta normal(0, 0.05); embeddings
normal(0, 1), so their sum has second moment 3 before the first layer norm.""" %
              ("" if small else "-base", what))
    seq, width = cfg["seq"], cfg["hidden"]
    ids = g.input("input_ids", ["batch", seq], dtype="i64", init="uniform", low=-0.5,
                  high=cfg["vocab"] - 0.5)
    words = g.op("gather", [g.weight("embeddings.word_embeddings.weight", [cfg["vocab"], width],
                                     std=1.0), ids], "embeddings.word_embeddings")
    x = g.op("add", [words, g.weight("embeddings.position_embeddings.weight", [seq, width],
                                     std=1.0)], "embeddings.add_position")
    x = g.op("add", [x, g.weight("embeddings.token_type_embeddings.0", [width], std=1.0)],
             "embeddings.add_token_type")
    x = layer_norm(g, x, width, "embeddings.LayerNorm", cfg["eps"])
    for layer in range(cfg["layers"]):
        x = bert_layer(g, x, cfg, "encoder.layer.%d" % layer)
    first = g.op("slice", [x], "pooler.first_token", starts=[0], ends=[1], axes=[1])
    first = g.op("reshape", [first], "pooler.view", shape=[-1, width])
    pooled = g.op("tanh", [linear(g, first, width, width, "pooler.dense")], "pooler_output")
    g.output(x, pooled)
    return g
