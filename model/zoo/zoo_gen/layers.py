"""Layers shared by the architectures, with the second moment E[x^2] of each activation
tracked analytically so that weights and batch-norm statistics keep activations of order
one (docs/models.md, "How the zoo is seeded").

Fan-in scaling: a conv/linear weight with std sqrt(gain / fan_in) maps an input of second
moment m to an output of second moment gain * m (He: gain 2, LeCun: gain 1). ReLU and ReLU6
halve the second moment of a zero-mean input; SiLU keeps about 0.36 of it."""

from .graph import rounded

SILU_KEEP = 0.36  # E[silu(z)^2] / E[z^2] for z ~ N(0, 1)
SILU_GAIN = 1 / SILU_KEEP  # the fan-in gain that keeps a conv + SiLU chain at unit scale


class Act:
    """A tensor name with its NCHW shape and second moment."""

    def __init__(self, name, shape, m2):
        self.name, self.shape, self.m2 = name, list(shape), m2

    @property
    def channels(self):
        return self.shape[1]


def conv(g, x, c_out, k, name, stride=1, pad=None, groups=1, bias=False, gain=2.0):
    """conv2d NCHW, weight std sqrt(gain / fan_in) ("he" for gain 2, "lecun" for 1)."""
    n, c_in, h, w = x.shape
    pad = k // 2 if pad is None else pad
    fan_in = c_in // groups * k * k
    std = {2.0: "he", 1.0: "lecun"}.get(gain, rounded((gain / fan_in) ** 0.5))
    inputs = [x.name, g.weight(name + ".weight", [c_out, c_in // groups, k, k], std=std)]
    if bias:
        inputs.append(g.weight(name + ".bias", [c_out], std=0.05))
    attrs = {}
    if stride != 1:
        attrs["strides"] = [stride, stride]
    if pad:
        attrs["pads"] = [pad] * 4
    if groups != 1:
        attrs["groups"] = groups
    out = g.op("conv2d", inputs, name, **attrs)
    h_out, w_out = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
    return Act(out, [n, c_out, h_out, w_out], gain * x.m2 + (0.0025 if bias else 0.0))


def batch_norm(g, x, name, gamma=1.0):
    """Inference batch norm whose running statistics match the input: mean 0 (the channel
    means of a fan-in-scaled conv are spread around 0), variance drawn within 10% of the
    predicted second moment; gamma near `gamma`, beta near 0."""
    c, m2 = x.channels, x.m2
    scale = g.weight(name + ".weight", [c], mean=gamma, std=0.1 * gamma)
    bias = g.weight(name + ".bias", [c], std=0.05)
    mean = g.weight(name + ".running_mean", [c], std=rounded(0.1 * m2 ** 0.5))
    var = g.weight(name + ".running_var", [c], init="uniform", low=rounded(0.9 * m2),
                   high=rounded(1.1 * m2))
    out = g.op("batch_norm", [x.name, scale, bias, mean, var], name)
    return Act(out, x.shape, gamma * gamma + 0.01 * gamma * gamma + 0.0025)


def relu(g, x, name):
    return Act(g.op("relu", [x.name], name), x.shape, 0.5 * x.m2)


def relu6(g, x, name):
    return Act(g.op("clip", [x.name], name, min=0.0, max=6.0), x.shape, 0.5 * x.m2)


def silu(g, x, name):
    return Act(g.op("silu", [x.name], name), x.shape, SILU_KEEP * x.m2)


def add(g, a, b, name):
    return Act(g.op("add", [a.name, b.name], name), a.shape, a.m2 + b.m2)


def concat(g, parts, name):
    shape = list(parts[0].shape)
    shape[1] = sum(p.channels for p in parts)
    m2 = sum(p.m2 * p.channels for p in parts) / shape[1]
    return Act(g.op("concat", [p.name for p in parts], name, axis=1), shape, m2)


def classifier_head(g, x, classes, name="fc"):
    """Global average pool over H, W (reduce_mean) and a linear layer to logits."""
    pooled = g.op("reduce_mean", [x.name], "avgpool", axes=[2, 3])
    w = g.weight(name + ".weight", [x.channels, classes], std="lecun")
    b = g.weight(name + ".bias", [classes], std=0.05)
    g.op("matmul", [pooled, w, b], "logits")
    g.output("logits")
