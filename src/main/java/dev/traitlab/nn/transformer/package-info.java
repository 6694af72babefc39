/**
 * The decoder-only Llama/Qwen2 transformer: {@link TransformerModel}, created from a {@link
 * TransformerConfig} (the fields of a Hugging Face config.json) or loaded from config.json and
 * model.safetensors ({@link Safetensors}), so a directory round-trips through transformers. It
 * gives logits, token and continuation log-probabilities, training losses, activations at named
 * points ({@link ActivationHook}, {@link Steering}), per-position log-probabilities with their
 * alternatives ({@link SequenceLogprobs}) and KV-cache sampling ({@link GenerationSettings} to
 * {@link GeneratedSequence}s, with {@link LogitControls} on each draw and a {@link TokenListener}
 * told of each token), on token ids only. Imports {@code nn}, {@code nn.lora}, {@code nn.train} and
 * {@code core}; never {@code text}, {@code model} or any higher layer.
 */
package dev.traitlab.nn.transformer;
