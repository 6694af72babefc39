/**
 * Text to token ids and back, for the embedded models: {@link Tokenizer} loads a Hugging Face
 * tokenizer.json through DJL's binding of HF tokenizers and encodes text as text (special-token
 * text never becomes a control token; only {@link ChatTemplate} emits those, by id); {@link
 * BpeTrainer} learns byte-level BPE merges ({@link ByteLevel}, Qwen2's split pattern in {@link
 * PreTokenizer}) and {@link TokenizerFiles} writes them as tokenizer.json and
 * tokenizer_config.json; {@link ChatTemplate} renders conversations in ChatML ({@link
 * SpecialTokens}), with a loss mask on assistant tokens for training ({@link TokenizedChat}).
 * Imports {@code data.chat} and {@code core}; never {@code nn} (same layer), {@code model} or any
 * higher layer.
 */
package dev.traitlab.text;
