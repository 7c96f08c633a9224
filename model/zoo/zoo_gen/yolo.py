"""A YOLOv5s-style detector (Ultralytics YOLOv5 v6.0 yolov5s.yaml: depth 0.33, width 0.50)
with batch norm folded into the convolutions, as the exported model has it."""

from . import layers as L
from .graph import Graph


def cbs(g, x, c_out, k, name, stride=1, pad=None):
    """YOLOv5's Conv: conv2d (batch norm folded into weight and bias) and SiLU."""
    return L.silu(g, L.conv(g, x, c_out, k, name + ".conv", stride=stride, pad=pad, bias=True,
                            gain=L.SILU_GAIN),
                  name + ".act")


def c3(g, x, c_out, n, shortcut, name):
    """C3: two 1x1 branches, n bottlenecks (1x1, 3x3, add) on one, concat, 1x1."""
    hidden = c_out // 2
    a = cbs(g, x, hidden, 1, name + ".cv1")
    for i in range(n):
        b = cbs(g, cbs(g, a, hidden, 1, "%s.m.%d.cv1" % (name, i)), hidden, 3,
                "%s.m.%d.cv2" % (name, i))
        a = L.add(g, a, b, "%s.m.%d.add" % (name, i)) if shortcut else b
    skip = cbs(g, x, hidden, 1, name + ".cv2")
    return cbs(g, L.concat(g, [a, skip], name + ".cat"), c_out, 1, name + ".cv3")


def sppf(g, x, c_out, name):
    """SPPF: 1x1, three chained 5x5 max pools (stride 1), concat of all four, 1x1."""
    h = cbs(g, x, x.channels // 2, 1, name + ".cv1")
    parts = [h]
    for i in range(3):
        pooled = g.op("max_pool2d", [parts[-1].name], "%s.m.%d" % (name, i), kernel=[5, 5],
                      strides=[1, 1], pads=[2, 2, 2, 2])
        parts.append(L.Act(pooled, h.shape, parts[-1].m2 * 1.5))
    return cbs(g, L.concat(g, parts, name + ".cat"), c_out, 1, name + ".cv2")


def upsample(g, x, name):
    """nn.Upsample(scale_factor=2, mode="nearest") as resize."""
    n, c, h, w = x.shape
    out = g.op("resize", [x.name], name, sizes=[2 * h, 2 * w], mode="nearest")
    return L.Act(out, [n, c, 2 * h, 2 * w], x.m2)


def detect(g, features, classes, anchors):
    """Detect: per scale a 1x1 conv to anchors*(classes+5), viewed as
    [N, anchors, classes+5, H, W], permuted to [N, anchors, H, W, classes+5], sigmoid."""
    outputs = []
    for i, f in enumerate(features):
        per = classes + 5
        y = L.conv(g, f, anchors * per, 1, "detect.m.%d" % i, bias=True, gain=1.0)
        h, w = y.shape[2], y.shape[3]
        view = g.op("reshape", [y.name], "detect.view.%d" % i, shape=[-1, anchors, per, h, w])
        perm = g.op("transpose", [view], "detect.permute.%d" % i, perm=[0, 1, 3, 4, 2])
        outputs.append(g.op("sigmoid", [perm], "detect.out.%d" % i))
    g.output(*outputs)


def yolov5s(small):
    # channels per stage: yolov5s is 32, 64, 128, 256, 512 (64 * 0.5 ...)
    if small:
        ch, depth, image, classes, batch = [8, 16, 32, 64, 128], [1, 1, 1, 1], 64, 2, 1
    else:
        ch, depth, image, classes, batch = [32, 64, 128, 256, 512], [1, 2, 3, 1], 640, 80, 1
    what = "channels 8-128, 64x64 images, 2 classes" if small else \
        "channels 32-512, 640x640 images, 80 classes"
    g = Graph("yolov5s_small" if small else "yolov5s",
              "YOLOv5s-style detector (%s): conv+silu, C3, SPPF, nearest upsample, concat, "
              "3 detect heads" % what, batch, comment="""
YOLOv5s-style detector (Ultralytics YOLOv5 v6.0, yolov5s.yaml), %s.
Backbone: 6x6/2 stem, 3x3/2 convs, C3 blocks with shortcuts, SPPF (three chained 5x5 max
pools). PANet head: 1x1 convs, nearest 2x upsample (resize), concat with backbone features,
C3 blocks without shortcuts, 3x3/2 convs down again. Detect: 1x1 conv per scale (strides 8,
16, 32) to 3 anchors x (classes + 5), viewed as [N, 3, H, W, classes + 5], sigmoid.
Batch norm is folded into the conv weights and biases (as the exported model): weights
std sqrt(2.78 / fan_in) (the gain that keeps a conv + SiLU chain at unit second moment),
biases normal(0, 0.05).""" % what)
    shape = ["batch", 3, image, image]  # RGB scaled to [0, 1]
    x = L.Act(g.input("images", shape, init="uniform", low=0.0, high=1.0), shape, 1.0 / 3)
    h = cbs(g, x, ch[0], 6, "model.0", stride=2, pad=2)
    h = c3(g, cbs(g, h, ch[1], 3, "model.1", stride=2), ch[1], depth[0], True, "model.2")
    p3 = c3(g, cbs(g, h, ch[2], 3, "model.3", stride=2), ch[2], depth[1], True, "model.4")
    p4 = c3(g, cbs(g, p3, ch[3], 3, "model.5", stride=2), ch[3], depth[2], True, "model.6")
    h = c3(g, cbs(g, p4, ch[4], 3, "model.7", stride=2), ch[4], depth[3], True, "model.8")
    p5 = cbs(g, sppf(g, h, ch[4], "model.9"), ch[3], 1, "model.10")
    h = c3(g, L.concat(g, [upsample(g, p5, "model.11"), p4], "model.12"), ch[3], depth[0],
           False, "model.13")
    h14 = cbs(g, h, ch[2], 1, "model.14")
    out3 = c3(g, L.concat(g, [upsample(g, h14, "model.15"), p3], "model.16"), ch[2], depth[0],
              False, "model.17")
    down = cbs(g, out3, ch[2], 3, "model.18", stride=2)
    out4 = c3(g, L.concat(g, [down, h14], "model.19"), ch[3], depth[0], False, "model.20")
    down = cbs(g, out4, ch[3], 3, "model.21", stride=2)
    out5 = c3(g, L.concat(g, [down, p5], "model.22"), ch[4], depth[0], False, "model.23")
    detect(g, [out3, out4, out5], classes, 3)
    return g
