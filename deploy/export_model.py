#!/usr/bin/env python3
"""Export a Hugging Face DeiT checkpoint into the model directory that deit-stream loads.

    python3 deploy/export_model.py --hf-dir SNAPSHOT_DIR --out MODEL_DIR \
        [--dtype float32|bfloat16|float16] [--name NAME]

SNAPSHOT_DIR holds config.json and model.safetensors or pytorch_model.bin (if both are
present, model.safetensors is used, as Hugging Face does). Everything is read from disk;
nothing is downloaded, and the transformers library is not needed.

MODEL_DIR receives:
  model.pt       TorchScript. Input: uint8 [N,224,224,3], the NHWC RGB center crop.
                 Output: float32 logits [N,num_labels]. Rescaling and normalization run
                 inside the module in float32 with exactly the arithmetic of Hugging Face's
                 DeiTImageProcessor; with --dtype bfloat16/float16 the weights are stored in
                 that dtype and the cast happens after normalization, so the reduced
                 precision never crosses the module boundary.
  labels.txt     id2label, one label per line in class order.
  metadata.json  name, source checkpoint and its sha256, dtype, input/output contract,
                 architecture, exporting torch version.

Export with torch <= 2.7.1. DJL 0.36 loads the model with libtorch 2.7.1, and a TorchScript
saved by a newer torch may not load in an older libtorch. Older is fine: a DeiT traced by torch
1.13 was checked to run in DJL's libtorch 2.7.1. This exporter scripts rather than traces (see
export()); the Java tests load its output through DJL.

float16 cannot be checked on a CPU-only torch 1.13 (it has no CPU Half kernels for conv,
matmul, layer norm, GELU or softmax): the module is scripted, not traced, so the export
itself never executes half ops, but its self-check is skipped there.
"""
import argparse
import hashlib
import json
import math
import os
import re
import struct
import sys

import torch
from torch import nn

IMAGE_SIZE = 224
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
PREPROCESSING = "exif_transpose, convert RGB, resize 256x256 PIL bicubic, center crop 224"
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
SAFETENSORS_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}


# The module tree mirrors Hugging Face's DeiTForImageClassificationWithTeacher so that a
# checkpoint's state dict loads with strict=True, key for key.

class Dense(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.dense = nn.Linear(in_features, out_features)

    def forward(self, x):
        return self.dense(x)


class SelfAttention(nn.Module):
    def __init__(self, hidden, heads, qkv_bias):
        super().__init__()
        if hidden % heads != 0:
            raise ValueError(f"hidden_size {hidden} is not a multiple of num_attention_heads {heads}")
        self.num_heads = heads
        self.head_dim = hidden // heads
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.query = nn.Linear(hidden, hidden, bias=qkv_bias)
        self.key = nn.Linear(hidden, hidden, bias=qkv_bias)
        self.value = nn.Linear(hidden, hidden, bias=qkv_bias)

    def split_heads(self, x):
        return x.view(x.size(0), x.size(1), self.num_heads, self.head_dim).transpose(1, 2)

    def forward(self, x):
        q = self.split_heads(self.query(x))
        k = self.split_heads(self.key(x))
        v = self.split_heads(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) * self.scale
        # Like Hugging Face's eager attention, softmax runs in float32 even for bf16/fp16 weights.
        probs = torch.softmax(scores.float(), dim=-1).to(v.dtype)
        context = torch.matmul(probs, v).transpose(1, 2)
        return context.reshape(x.size(0), x.size(1), self.num_heads * self.head_dim)


class Attention(nn.Module):
    def __init__(self, hidden, heads, qkv_bias):
        super().__init__()
        self.attention = SelfAttention(hidden, heads, qkv_bias)
        self.output = Dense(hidden, hidden)

    def forward(self, x):
        return self.output(self.attention(x))


class Layer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        hidden, eps = cfg["hidden_size"], cfg["layer_norm_eps"]
        self.attention = Attention(hidden, cfg["num_attention_heads"], cfg["qkv_bias"])
        self.intermediate = Dense(hidden, cfg["intermediate_size"])
        self.output = Dense(cfg["intermediate_size"], hidden)
        self.layernorm_before = nn.LayerNorm(hidden, eps=eps)
        self.layernorm_after = nn.LayerNorm(hidden, eps=eps)
        self.act = nn.GELU()  # erf form, Hugging Face's "gelu"

    def forward(self, h):
        h = h + self.attention(self.layernorm_before(h))
        return h + self.output(self.act(self.intermediate(self.layernorm_after(h))))


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layer = nn.ModuleList([Layer(cfg) for _ in range(cfg["num_hidden_layers"])])

    def forward(self, h):
        for layer in self.layer:
            h = layer(h)
        return h


class PatchEmbeddings(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        p = cfg["patch_size"]
        self.projection = nn.Conv2d(cfg["num_channels"], cfg["hidden_size"], kernel_size=p, stride=p)

    def forward(self, pixels):
        return self.projection(pixels).flatten(2).transpose(1, 2)


class Embeddings(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        hidden = cfg["hidden_size"]
        num_patches = (cfg["image_size"] // cfg["patch_size"]) ** 2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, hidden))
        self.distillation_token = nn.Parameter(torch.zeros(1, 1, hidden))
        self.position_embeddings = nn.Parameter(torch.zeros(1, num_patches + 2, hidden))
        self.patch_embeddings = PatchEmbeddings(cfg)

    def forward(self, pixels):
        patches = self.patch_embeddings(pixels)
        n = patches.size(0)
        tokens = torch.cat([self.cls_token.expand(n, -1, -1),
                            self.distillation_token.expand(n, -1, -1),
                            patches], dim=1)
        return tokens + self.position_embeddings


class DeiTBackbone(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embeddings = Embeddings(cfg)
        self.encoder = Encoder(cfg)
        self.layernorm = nn.LayerNorm(cfg["hidden_size"], eps=cfg["layer_norm_eps"])

    def forward(self, pixels):
        return self.layernorm(self.encoder(self.embeddings(pixels)))


class DeiTWithTeacher(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.deit = DeiTBackbone(cfg)
        self.cls_classifier = nn.Linear(cfg["hidden_size"], cfg["num_labels"])
        self.distillation_classifier = nn.Linear(cfg["hidden_size"], cfg["num_labels"])

    def forward(self, pixels):
        h = self.deit(pixels)
        return (self.cls_classifier(h[:, 0]) + self.distillation_classifier(h[:, 1])) / 2


class UInt8Classifier(nn.Module):
    """uint8 NHWC crops in, float32 logits out; the model's own dtype stays inside."""

    def __init__(self, model, image_size):
        super().__init__()
        self.model = model
        self.image_size = image_size
        # Hugging Face's rescale multiplies in float64 and then casts to float32; a float32
        # multiply by 1/255 differs by one ulp for 126 of the 256 values, so a table holding
        # the exact float32 results is used instead.
        rescale = (torch.arange(256, dtype=torch.float64) * (1 / 255)).to(torch.float32)
        self.register_buffer("rescale", rescale)
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN, dtype=torch.float32).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD, dtype=torch.float32).view(1, 3, 1, 1))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        if images.dtype != torch.uint8:
            raise ValueError("expected a uint8 tensor")
        s = self.image_size
        if images.dim() != 4 or images.size(1) != s or images.size(2) != s or images.size(3) != 3:
            raise ValueError("expected shape [N," + str(s) + "," + str(s) + ",3] (NHWC, RGB), got "
                             + str(images.shape))
        x = self.rescale[images.long()].permute(0, 3, 1, 2)
        x = (x - self.mean) / self.std
        x = x.to(self.model.cls_classifier.weight.dtype)
        return self.model(x).float()


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_safetensors(path):
    """Minimal reader: u64 little-endian header length, JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
        data = bytearray(f.read())
    if sys.byteorder != "little":
        raise RuntimeError("this reader assumes a little-endian machine")
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = SAFETENSORS_DTYPES.get(entry["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {entry['dtype']}")
        begin, end = entry["data_offsets"]
        shape = entry["shape"]
        count = math.prod(shape)
        if end - begin != count * torch.tensor([], dtype=dtype).element_size():
            raise ValueError(f"{path}: tensor {name}: data_offsets do not match shape {shape}")
        if count == 0:
            tensors[name] = torch.empty(shape, dtype=dtype)
        else:
            tensors[name] = torch.frombuffer(data, dtype=dtype, count=count, offset=begin).reshape(shape).clone()
    return tensors


def load_checkpoint(hf_dir):
    with open(os.path.join(hf_dir, "config.json")) as f:
        config = json.load(f)
    for file_name in ("model.safetensors", "pytorch_model.bin"):
        path = os.path.join(hf_dir, file_name)
        if os.path.exists(path):
            break
    else:
        raise FileNotFoundError(f"{hf_dir} has neither model.safetensors nor pytorch_model.bin")
    if file_name.endswith(".safetensors"):
        state = read_safetensors(path)
    else:
        # weights_only keeps a downloaded pickle from running code (available since torch 1.13).
        state = torch.load(path, map_location="cpu", weights_only=True)
    return config, state, path


def model_config(config):
    """Validates the Hugging Face config against what this exporter builds."""
    architectures = config.get("architectures") or []
    if config.get("model_type") != "deit" or "DeiTForImageClassificationWithTeacher" not in architectures:
        raise ValueError("expected model_type 'deit' with architecture DeiTForImageClassificationWithTeacher, got "
                         f"{config.get('model_type')!r} {architectures}")
    if config.get("hidden_act", "gelu") != "gelu":
        raise ValueError(f"hidden_act {config['hidden_act']!r} is not supported, only 'gelu' (erf)")
    if config.get("image_size", 224) != IMAGE_SIZE or config.get("num_channels", 3) != 3:
        raise ValueError("the deit-stream input contract is 224x224 RGB")
    labels = labels_in_order(config)
    return {
        "hidden_size": config["hidden_size"],
        "num_hidden_layers": config["num_hidden_layers"],
        "num_attention_heads": config["num_attention_heads"],
        "intermediate_size": config["intermediate_size"],
        "image_size": IMAGE_SIZE,
        "patch_size": config.get("patch_size", 16),
        "num_channels": 3,
        "layer_norm_eps": config.get("layer_norm_eps", 1e-12),
        "qkv_bias": config.get("qkv_bias", True),
        "num_labels": len(labels),
    }


def labels_in_order(config):
    id2label = {int(k): v for k, v in config["id2label"].items()}
    if sorted(id2label) != list(range(len(id2label))):
        raise ValueError("id2label must map exactly the class indices 0..num_labels-1")
    return [id2label[i] for i in range(len(id2label))]


def build_module(config, state, dtype):
    cfg = model_config(config)
    model = DeiTWithTeacher(cfg)
    model.load_state_dict({k: v.to(torch.float32) for k, v in state.items()}, strict=True)
    model.to(dtype)
    wrapper = UInt8Classifier(model, cfg["image_size"])
    wrapper.eval()
    return wrapper, cfg


def can_run_on_cpu(dtype):
    if dtype != torch.float16:
        return True
    try:
        torch.nn.functional.layer_norm(torch.zeros(1, 2, dtype=dtype), (2,))
        torch.zeros(2, 2, dtype=dtype) @ torch.zeros(2, 2, dtype=dtype)
        return True
    except RuntimeError:
        return False


def self_check(eager, saved_path, num_labels):
    """The saved TorchScript must reproduce the eager module bit for bit on a fixed input."""
    generator = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (2, IMAGE_SIZE, IMAGE_SIZE, 3), generator=generator, dtype=torch.uint8)
    loaded = torch.jit.load(saved_path, map_location="cpu")
    with torch.no_grad():
        expected = eager(images)
        actual = loaded(images)
    if actual.dtype != torch.float32 or tuple(actual.shape) != (2, num_labels):
        raise RuntimeError(f"self-check: output {actual.dtype} {tuple(actual.shape)}, expected float32 (2, {num_labels})")
    if not torch.isfinite(actual).all():
        raise RuntimeError("self-check: non-finite logits")
    difference = (actual - expected).abs().max().item()
    if difference != 0:
        raise RuntimeError(f"self-check: TorchScript differs from the eager module by {difference}")


def export(hf_dir, out_dir, dtype_name, name):
    dtype = DTYPES[dtype_name]
    config, state, checkpoint_path = load_checkpoint(hf_dir)
    module, cfg = build_module(config, state, dtype)
    os.makedirs(out_dir, exist_ok=True)

    # Scripting, unlike tracing, executes nothing, so float16 exports on a CPU without Half kernels,
    # and the batch dimension stays dynamic without relying on trace-time shape recording.
    scripted = torch.jit.script(module)
    model_path = os.path.join(out_dir, "model.pt")
    torch.jit.save(scripted, model_path)

    checked = can_run_on_cpu(dtype)
    if checked:
        self_check(module, model_path, cfg["num_labels"])
    else:
        print(f"note: this torch {torch.__version__} has no CPU kernels for {dtype_name}; "
              "exported without running the self-check", file=sys.stderr)

    labels = labels_in_order(config)
    with open(os.path.join(out_dir, "labels.txt"), "w", encoding="utf-8") as f:
        f.writelines(label + "\n" for label in labels)

    metadata = {
        "name": name or config.get("_name_or_path") or os.path.basename(os.path.normpath(hf_dir)),
        "source_checkpoint": {"file": os.path.basename(checkpoint_path), "sha256": sha256_of(checkpoint_path)},
        "dtype": dtype_name,
        "input": {
            "dtype": "uint8",
            "shape": ["N", IMAGE_SIZE, IMAGE_SIZE, 3],
            "layout": "NHWC",
            "color": "RGB",
            "preprocessing": PREPROCESSING,
        },
        "normalization_inside_model": {
            "rescale": "float32(x * (1/255) computed in float64), as Hugging Face's rescale",
            "mean": list(IMAGENET_MEAN),
            "std": list(IMAGENET_STD),
            "order": "(x - mean) / std in float32, then cast to the model dtype",
        },
        "output": {"dtype": "float32", "shape": ["N", cfg["num_labels"]], "kind": "logits"},
        "num_labels": cfg["num_labels"],
        "labels_file": "labels.txt",
        "architecture": {
            "model_type": "deit",
            "class": "DeiTForImageClassificationWithTeacher",
            **{k: cfg[k] for k in ("hidden_size", "num_hidden_layers", "num_attention_heads",
                                   "intermediate_size", "patch_size", "layer_norm_eps", "qkv_bias")},
            "parameters": sum(v.numel() for v in state.values()),
            "tensors": len(state),
        },
        "model_sha256": sha256_of(model_path),
        "exporter": {
            "script": "deploy/export_model.py",
            "torch_version": torch.__version__,
            "torchscript": "torch.jit.script",
            "self_check": "passed" if checked else "skipped: no CPU kernels for " + dtype_name,
        },
    }
    with open(os.path.join(out_dir, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(metadata, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return metadata


def torch_release():
    return tuple(int(part) for part in re.findall(r"\d+", torch.__version__)[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hf-dir", required=True, help="directory with config.json and model.safetensors or pytorch_model.bin")
    parser.add_argument("--out", required=True, help="model directory to write")
    parser.add_argument("--dtype", choices=sorted(DTYPES), default="float32")
    parser.add_argument("--name", help="model name for metadata.json (default: the config's _name_or_path or the directory name)")
    args = parser.parse_args()
    if torch_release() > (2, 7, 1):
        print(f"warning: torch {torch.__version__} is newer than libtorch 2.7.1 (DJL 0.36); "
              "the saved model may not load there", file=sys.stderr)
    metadata = export(args.hf_dir, args.out, args.dtype, args.name)
    print(f"wrote {args.out}: {metadata['name']}, {metadata['dtype']}, "
          f"{metadata['architecture']['parameters']:,} parameters, {metadata['num_labels']} labels")


if __name__ == "__main__":
    main()
