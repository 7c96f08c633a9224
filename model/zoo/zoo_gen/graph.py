"""A graph of hwcert's format (docs/models.md) built in Python and written as TOML.

Tensors are named; every op call returns the name(s) of its output(s). Shapes are tracked
by the architecture modules themselves (they need them for fan-in and statistics); this
module only records and writes."""


def fmt_value(value):
    """A TOML value: bools, ints, floats (shortest round-trip repr), strings, lists."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".eEn") else text + ".0"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "[" + ", ".join(fmt_value(v) for v in value) + "]"


def rounded(x, digits=6):
    """x to `digits` significant digits, so the files stay readable."""
    return float("%.*g" % (digits, x))


class Graph:
    def __init__(self, name, description, batch, comment, classifier=False):
        self.name = name
        self.description = description
        self.batch = batch
        self.comment = comment
        self.classifier = classifier
        self.inputs = []
        self.initializers = []
        self.nodes = []
        self.outputs = []
        self._names = set()

    def _claim(self, name):
        if name in self._names:
            raise ValueError("name used twice: " + name)
        self._names.add(name)
        return name

    def input(self, name, shape, **init):
        self.inputs.append(dict(name=self._claim(name), shape=list(shape), **init))
        return name

    def weight(self, name, shape, **init):
        self.initializers.append(dict(name=self._claim(name), shape=list(shape), **init))
        return name

    def op(self, op, inputs, name, outputs=None, **attributes):
        """One node named `name`; its output is the tensor `name` (or the list `outputs`)."""
        outs = outputs if outputs is not None else [name]
        for out in outs:
            self._claim(out)
        self.nodes.append(dict(name=name, op=op, inputs=list(inputs), outputs=outs,
                               attributes=attributes))
        return outs if outputs is not None else name

    def output(self, *names):
        self.outputs.extend(names)

    def to_toml(self):
        lines = ["# " + line if line else "#" for line in self.comment.strip().split("\n")]
        lines.append("# Written by model/zoo/generate.py; edit the generator, not this file.")
        lines += ["name = " + fmt_value(self.name),
                  "description = " + fmt_value(self.description)]
        if self.classifier:
            lines.append("classifier = true")
        lines += ["batch = %d" % self.batch, "outputs = " + fmt_value(self.outputs)]
        for kind, tensors in (("input", self.inputs), ("initializer", self.initializers)):
            for tensor in tensors:
                lines += ["", "[[%s]]" % kind]
                lines += ["%s = %s" % (k, fmt_value(v)) for k, v in tensor.items()]
        for node in self.nodes:
            lines += ["", "[[node]]"]
            lines += ["%s = %s" % (k, fmt_value(node[k]))
                      for k in ("name", "op", "inputs", "outputs")]
            if node["attributes"]:
                pairs = ", ".join("%s = %s" % (k, fmt_value(v))
                                  for k, v in node["attributes"].items())
                lines.append("attributes = { %s }" % pairs)
        return "\n".join(lines) + "\n"
