/**
 * Low-rank adaptation (LoRA, Hu et al. 2021): {@link LoraSettings} gives rank, alpha and the target
 * modules, named as in PEFT's target_modules ({@code q_proj}, {@code down_proj}, ...), so that each
 * targeted weight W acts as W + (alpha / rank) B A; {@link LoraAdapters} holds the A and B of one
 * model, keyed by the Hugging Face name of the weight they adapt and kept apart from the base
 * weights, so they can be trained, dropped or merged into it. Imports {@code nn}; never {@code
 * text}, {@code model} or any higher layer.
 */
package dev.traitlab.nn.lora;
