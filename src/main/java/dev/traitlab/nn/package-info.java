/**
 * The embedded engine, on DJL's PyTorch engine: batched MLPs ({@code nn.mlp}), the Llama/Qwen2
 * decoder-only transformer in Hugging Face's config.json and safetensors layout ({@code
 * nn.transformer}), LoRA ({@code nn.lora}) and training loops ({@code nn.train}). This package
 * holds {@link NativeArrays}, which copies Java data into memory libtorch owns, so that no tensor
 * points into a Java buffer the garbage collector may free. Imports no traitlab package (its
 * subpackages: {@code core} and one another); never {@code text} (same layer: the engine works on
 * token ids), {@code model} or any higher layer.
 */
package dev.traitlab.nn;
