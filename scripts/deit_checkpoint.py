"""Random-weight DeiT checkpoints in Hugging Face format, for tests that must not need the real weights.

The state-dict keys are spelled out here from Hugging Face's DeiTForImageClassificationWithTeacher
rather than taken from the exporter's module, so that the exporter's strict load checks its naming.
"""
import json
import math
import os
import struct

import torch

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS_FILE = os.path.join(REPO_ROOT, "data", "imagenet-1k-labels.txt")

SAFETENSORS_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64"}


def read_labels():
    with open(LABELS_FILE, encoding="utf-8") as f:
        labels = [line.rstrip("\n") for line in f]
    if len(labels) != 1000:
        raise ValueError(f"{LABELS_FILE}: expected 1000 labels, found {len(labels)}")
    return labels


def hf_config(hidden, layers, heads, intermediate, labels, name):
    return {
        "_name_or_path": name,
        "architectures": ["DeiTForImageClassificationWithTeacher"],
        "model_type": "deit",
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "intermediate_size": intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0,
        "attention_probs_dropout_prob": 0.0,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-12,
        "image_size": 224,
        "patch_size": 16,
        "num_channels": 3,
        "qkv_bias": True,
        "encoder_stride": 16,
        "id2label": {str(i): label for i, label in enumerate(labels)},
        "label2id": {label: i for i, label in enumerate(labels)},
        "torch_dtype": "float32",
    }


def random_state_dict(config, seed, classifier_gain):
    """Weights with variance-preserving scale (std 1/sqrt(fan_in)).

    Hugging Face's initializer_range 0.02 gives near-constant, near-zero logits: tests built on
    them detect nothing. With fan-in scaling every block changes the tokens by about as much as
    they already carry, so the image reaches the CLS/DIST tokens; classifier_gain then sets the
    logit spread.
    """
    hidden, mlp = config["hidden_size"], config["intermediate_size"]
    patch, channels = config["patch_size"], config["num_channels"]
    tokens = (config["image_size"] // patch) ** 2 + 2
    num_labels = len(config["id2label"])
    generator = torch.Generator().manual_seed(seed)

    def normal(shape, std):
        return torch.randn(shape, generator=generator, dtype=torch.float64).mul_(std).to(torch.float32)

    def linear(prefix, fan_in, fan_out, gain=1.0):
        return {prefix + ".weight": normal((fan_out, fan_in), gain / math.sqrt(fan_in)),
                prefix + ".bias": normal((fan_out,), 0.02)}

    def layer_norm(prefix, width):
        return {prefix + ".weight": 1 + normal((width,), 0.1), prefix + ".bias": normal((width,), 0.02)}

    patch_fan_in = channels * patch * patch
    state = {
        "deit.embeddings.cls_token": normal((1, 1, hidden), 0.02),
        "deit.embeddings.distillation_token": normal((1, 1, hidden), 0.02),
        "deit.embeddings.position_embeddings": normal((1, tokens, hidden), 0.02),
        "deit.embeddings.patch_embeddings.projection.weight": normal((hidden, channels, patch, patch),
                                                                     1 / math.sqrt(patch_fan_in)),
        "deit.embeddings.patch_embeddings.projection.bias": normal((hidden,), 0.02),
    }
    for n in range(config["num_hidden_layers"]):
        p = f"deit.encoder.layer.{n}."
        for part in ("query", "key", "value"):
            state.update(linear(p + "attention.attention." + part, hidden, hidden))
        state.update(linear(p + "attention.output.dense", hidden, hidden))
        state.update(linear(p + "intermediate.dense", hidden, mlp))
        state.update(linear(p + "output.dense", mlp, hidden))
        state.update(layer_norm(p + "layernorm_before", hidden))
        state.update(layer_norm(p + "layernorm_after", hidden))
    state.update(layer_norm("deit.layernorm", hidden))
    state.update(linear("cls_classifier", hidden, num_labels, classifier_gain))
    state.update(linear("distillation_classifier", hidden, num_labels, classifier_gain))
    return state


def write_safetensors(state, path):
    """Safetensors layout: u64 little-endian header length, JSON header, raw little-endian data.

    Tensors are laid out in sorted-name order, like the reference implementation.
    """
    header, blobs, offset = {}, [], 0
    for name in sorted(state):
        tensor = state[name].contiguous()
        blob = tensor.view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        header[name] = {"dtype": SAFETENSORS_NAMES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    header["__metadata__"] = {"format": "pt"}
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # the spec pads the header so that the data starts 8-aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


def write_checkpoint(out_dir, config, state, formats):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
        f.write("\n")
    if "bin" in formats:
        torch.save(state, os.path.join(out_dir, "pytorch_model.bin"))
    if "safetensors" in formats:
        write_safetensors(state, os.path.join(out_dir, "model.safetensors"))
