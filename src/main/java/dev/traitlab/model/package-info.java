/**
 * The model layer: the one interface every experiment talks to. {@link
 * dev.traitlab.model.LanguageModel} chats, completes and scores, one call at a time or in batches,
 * or streamed ({@link dev.traitlab.model.TextDelta}s as tokens are sampled, then a {@link
 * dev.traitlab.model.Generation} with its {@link dev.traitlab.model.Usage}); {@link
 * dev.traitlab.model.Sampling} carries OpenAI's sampling parameters and the common logit controls;
 * {@link dev.traitlab.model.TokenLevelModel} is a model whose tokens a caller can reach (prompts as
 * token ids, log-probabilities of a given sequence); {@link dev.traitlab.model.Activations} reads
 * and steers the activations of embedded models; {@link dev.traitlab.model.Models} is the door
 * experiments and commands use: models by name, their identity, batched sampling, fine-tuning and
 * distillation, and the default base models, built on first use. Backends: embedded ({@code
 * local:NAME}, in process) and OpenAI-compatible HTTP ({@code openai:NAME}). Only this layer knows
 * which backend a name means; above it, names are passed through ({@link
 * dev.traitlab.model.ModelName} parses them).
 *
 * <p>Subpackages: {@code embedded} (the in-process backend, the model store, base models), {@code
 * http} (the HTTP client and fine-tuning jobs), {@code cache} (the call cache), {@code tuning} (the
 * one fine-tuning path of embedded models).
 *
 * <p>May import {@code nn}, {@code text}, {@code data} and {@code core}; never {@code eval}, the
 * method layers, {@code experiments}, {@code lab}, {@code serve} or {@code cli}.
 */
package dev.traitlab.model;
