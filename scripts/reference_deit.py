"""Float64 reference for DeiT-base-distilled: Hugging Face's preprocessing and forward pass.

Written independently of deploy/export_model.py, and on purpose in a different style (plain
functions over the state dict, patch embedding as a matrix product, layer norm, GELU and softmax
written out), so that the two check each other.

Preprocessing is the Hugging Face image-classification pipeline with DeiTImageProcessor and its
PIL backend: exif_transpose, convert("RGB"), resize to exactly 256x256 with PIL BICUBIC, center
crop 224 (top = left = 16), x * (1/255) in float64 then cast to float32, (x - mean) / std in
float32, CHW. Those float32 pixel values are then run through the model in float64.

    python3 scripts/reference_deit.py CHECKPOINT_DIR IMAGE...   prints the top-5 of each image
"""
import json
import math
import os
import sys

import numpy as np
import torch
from PIL import Image, ImageOps

RESIZE = 256
CROP = 224
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def center_crop(path):
    """The uint8 RGB crop, HWC [224,224,3]: what the Java side hands to the model."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image = image.resize((RESIZE, RESIZE), Image.BICUBIC)
    offset = (RESIZE - CROP) // 2
    return np.asarray(image, dtype=np.uint8)[offset:offset + CROP, offset:offset + CROP].copy()


def pixel_values(crop):
    """HF's rescale (float64 multiply, float32 result) then normalize in float32; CHW."""
    x = (crop.astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - MEAN) / STD
    return x.transpose(2, 0, 1)


def load(checkpoint_dir):
    with open(os.path.join(checkpoint_dir, "config.json")) as f:
        config = json.load(f)
    state = torch.load(os.path.join(checkpoint_dir, "pytorch_model.bin"), map_location="cpu", weights_only=True)
    return config, {k: v.to(torch.float64) for k, v in state.items()}


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def gelu(x):
    return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))


def softmax(x):
    e = torch.exp(x - x.max(-1, keepdim=True).values)
    return e / e.sum(-1, keepdim=True)


def forward(config, state, pixels):
    """pixels: float64 [N,3,224,224] -> float64 logits [N,num_labels]."""
    d = config["hidden_size"]
    heads = config["num_attention_heads"]
    p = config["patch_size"]
    eps = config["layer_norm_eps"]
    n, c, height, width = pixels.shape
    g = height // p

    def lin(x, name):
        return x @ state[name + ".weight"].T + state[name + ".bias"]

    # Patch embedding: a stride-p convolution is a matmul over flattened (c, ky, kx) patches.
    patches = pixels.reshape(n, c, g, p, g, p).permute(0, 2, 4, 1, 3, 5).reshape(n, g * g, c * p * p)
    w = state["deit.embeddings.patch_embeddings.projection.weight"].reshape(d, c * p * p)
    x = patches @ w.T + state["deit.embeddings.patch_embeddings.projection.bias"]
    x = torch.cat([state["deit.embeddings.cls_token"].expand(n, 1, d),
                   state["deit.embeddings.distillation_token"].expand(n, 1, d), x], dim=1)
    x = x + state["deit.embeddings.position_embeddings"]
    t = x.shape[1]
    dh = d // heads

    for i in range(config["num_hidden_layers"]):
        pre = f"deit.encoder.layer.{i}."
        y = layer_norm(x, state[pre + "layernorm_before.weight"], state[pre + "layernorm_before.bias"], eps)
        q, k, v = (lin(y, pre + "attention.attention." + part).reshape(n, t, heads, dh).permute(0, 2, 1, 3)
                   for part in ("query", "key", "value"))
        attention = softmax(q @ k.transpose(-1, -2) / math.sqrt(dh))
        context = (attention @ v).permute(0, 2, 1, 3).reshape(n, t, d)
        x = x + lin(context, pre + "attention.output.dense")
        y = layer_norm(x, state[pre + "layernorm_after.weight"], state[pre + "layernorm_after.bias"], eps)
        x = x + lin(gelu(lin(y, pre + "intermediate.dense")), pre + "output.dense")

    x = layer_norm(x, state["deit.layernorm.weight"], state["deit.layernorm.bias"], eps)
    return (lin(x[:, 0], "cls_classifier") + lin(x[:, 1], "distillation_classifier")) / 2


def crop_logits(config, state, crop):
    """float64 logits [num_labels] of one uint8 crop."""
    pixels = torch.from_numpy(pixel_values(crop)).to(torch.float64).unsqueeze(0)
    with torch.no_grad():
        return forward(config, state, pixels)[0]


def reference_logits(config, state, image_paths):
    """float64 logits [len(image_paths), num_labels], one image at a time to bound memory."""
    return torch.stack([crop_logits(config, state, center_crop(path)) for path in image_paths])


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    config, state = load(sys.argv[1])
    labels = [config["id2label"][str(i)] for i in range(len(config["id2label"]))]
    for path, logits in zip(sys.argv[2:], reference_logits(config, state, sys.argv[2:])):
        top = torch.topk(logits, 5).indices.tolist()
        print(f"{os.path.basename(path)}: " + "; ".join(f"{i} {labels[i]} {logits[i]:.4f}" for i in top))


if __name__ == "__main__":
    main()
