"""ResNet-50 (He et al. 2015, torchvision's v1.5: the stride sits on the 3x3 conv) and
MobileNetV2 (Sandler et al. 2018), with inference batch norm as published (not folded)."""

from . import layers as L
from .graph import Graph

RESIDUAL_GAMMA = 0.5  # gamma of each block's last batch norm: the residual branch's scale


def resnet_bottleneck(g, x, width, stride, name):
    out_c = 4 * width
    h = L.relu(g, L.batch_norm(g, L.conv(g, x, width, 1, name + ".conv1"), name + ".bn1"),
               name + ".relu1")
    h = L.relu(g, L.batch_norm(g, L.conv(g, h, width, 3, name + ".conv2", stride=stride),
                               name + ".bn2"), name + ".relu2")
    h = L.batch_norm(g, L.conv(g, h, out_c, 1, name + ".conv3"), name + ".bn3",
                     gamma=RESIDUAL_GAMMA)
    shortcut = x
    if stride != 1 or x.channels != out_c:
        shortcut = L.batch_norm(g, L.conv(g, x, out_c, 1, name + ".downsample.0",
                                          stride=stride), name + ".downsample.1")
    summed = L.add(g, h, shortcut, name + ".add")
    out = L.relu(g, summed, name + ".relu")
    # relu of (non-negative trunk + zero-mean branch) keeps most of the trunk
    out.m2 = shortcut.m2 * (1.0 if shortcut is x else 0.5) + 0.5 * h.m2
    return out


def resnet50(small):
    if small:
        image, stem, widths, depths, classes, batch = 32, 8, [8, 16, 32, 64], [1, 1, 1, 1], 10, 2
    else:
        image, stem, widths, depths, classes, batch = 224, 64, [64, 128, 256, 512], \
            [3, 4, 6, 3], 1000, 1
    what = "4 stages of one bottleneck, widths 8-64, 32x32 images, 10 classes" if small else \
        "stages of 3/4/6/3 bottlenecks, widths 64-512, 224x224 images, 1000 classes"
    g = Graph("resnet50_small" if small else "resnet50",
              "ResNet-50 (%s): conv, batch_norm, relu, max_pool, residual adds" % what, batch,
              classifier=True, comment="""
ResNet-50 (He et al. 2015, torchvision v1.5), %s.
7x7/2 stem, 3x3/2 max pool, bottlenecks (1x1, 3x3 with the stride, 1x1 to 4x width, batch
norm after each conv, projection shortcut where the shape changes), global average pool,
linear to logits. He weights; batch-norm running statistics match the predicted second
moment of the conv output; the last batch norm of each block has gamma 0.5 (residual
scaling) so the trunk grows slowly over the blocks.""" % what)
    x = L.Act(g.input("x", ["batch", 3, image, image], std=1.0), ["batch", 3, image, image], 1.0)
    h = L.relu(g, L.batch_norm(g, L.conv(g, x, stem, 7, "conv1", stride=2, pad=3), "bn1"),
               "relu")
    pooled = g.op("max_pool2d", [h.name], "maxpool", kernel=[3, 3], strides=[2, 2],
                  pads=[1, 1, 1, 1])
    size = (h.shape[2] + 2 - 3) // 2 + 1
    h = L.Act(pooled, [h.shape[0], stem, size, size], h.m2 * 1.5)
    for stage, (width, depth) in enumerate(zip(widths, depths)):
        for block in range(depth):
            stride = 2 if stage > 0 and block == 0 else 1
            h = resnet_bottleneck(g, h, width, stride, "layer%d.%d" % (stage + 1, block))
    L.classifier_head(g, h, classes)
    return g


def make_divisible(v, divisor=8):
    """torchvision's _make_divisible: round to a multiple of 8, never 10% below v."""
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


def inverted_residual(g, x, out_c, stride, expand, name):
    hidden = x.channels * expand
    h, idx = x, 0
    if expand != 1:
        h = L.relu6(g, L.batch_norm(g, L.conv(g, h, hidden, 1, "%s.conv.%d" % (name, idx)),
                                    "%s.bn.%d" % (name, idx)), "%s.relu6.%d" % (name, idx))
        idx += 1
    h = L.relu6(g, L.batch_norm(g, L.conv(g, h, hidden, 3, "%s.conv.%d" % (name, idx),
                                          stride=stride, groups=hidden),
                                "%s.bn.%d" % (name, idx)), "%s.relu6.%d" % (name, idx))
    idx += 1
    h = L.batch_norm(g, L.conv(g, h, out_c, 1, "%s.conv.%d" % (name, idx), gain=1.0),
                     "%s.bn.%d" % (name, idx), gamma=RESIDUAL_GAMMA if stride == 1 and
                     x.channels == out_c else 1.0)
    if stride == 1 and x.channels == out_c:
        return L.add(g, x, h, name + ".add")
    return h


MOBILENET_V2_SETTINGS = [  # expansion t, channels c, repeats n, stride s (the paper's table 2)
    (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
    (6, 320, 1, 1)]


def mobilenet_v2(small):
    width, image, classes, batch, last = (0.25, 32, 10, 2, 128) if small else \
        (1.0, 224, 1000, 1, 1280)
    what = "width 0.25, one block per stage, 32x32 images, 10 classes" if small else \
        "width 1.0, 17 inverted residual blocks, 224x224 images, 1000 classes"
    g = Graph("mobilenet_v2_small" if small else "mobilenet_v2",
              "MobileNetV2 (%s): depthwise conv, batch_norm, relu6 (clip)" % what, batch,
              classifier=True, comment="""
MobileNetV2 (Sandler et al. 2018, torchvision layout), %s.
3x3/2 stem to 32 channels (x width), inverted residual blocks (1x1 expansion, 3x3 depthwise
with the stride, linear 1x1 projection; batch norm after each conv, ReLU6 as clip(0, 6)),
residual add where stride 1 and channels match, 1x1 conv to %d, global average pool, linear
to logits. He weights before ReLU6, LeCun for the linear projections; batch-norm statistics
match the predicted second moment; the projection's gamma is 0.5 where a residual follows.""" %
              (what, last))
    x = L.Act(g.input("x", ["batch", 3, image, image], std=1.0), ["batch", 3, image, image], 1.0)
    h = L.relu6(g, L.batch_norm(g, L.conv(g, x, make_divisible(32 * width), 3, "features.0.conv",
                                          stride=2), "features.0.bn"), "features.0.relu6")
    index = 1
    for t, c, n, s in MOBILENET_V2_SETTINGS:
        for i in range(1 if small else n):
            h = inverted_residual(g, h, make_divisible(c * width), s if i == 0 else 1, t,
                                  "features.%d" % index)
            index += 1
    h = L.relu6(g, L.batch_norm(g, L.conv(g, h, last, 1, "features.%d.conv" % index),
                                "features.%d.bn" % index), "features.%d.relu6" % index)
    L.classifier_head(g, h, classes, name="classifier")
    return g
