/**
 * The embedded backend: {@link dev.traitlab.model.embedded.EmbeddedModel} (a traitlab transformer
 * with its tokenizer, in one Hugging Face directory; chat, batched chat, streamed samples ({@link
 * dev.traitlab.model.embedded.StreamedSample}), batched scoring, token-level access, activations
 * and steering), the models directory ({@link dev.traitlab.model.embedded.ModelStore}), and the
 * toy-world base models: recipes, the builder that pretrains them (reporting through {@link
 * dev.traitlab.core.Progress}) and their quality check; {@link
 * dev.traitlab.model.embedded.MisalignmentModels} builds the emergent-misalignment world's {@code
 * em-base} and {@code em-judge} through the same builder, {@link
 * dev.traitlab.model.embedded.InductiveModels} the inductive-backdoor world's {@code ib-base} and
 * {@code ib-judge}.
 *
 * <p>May import {@code model} (its interfaces and value types), {@code nn}, {@code text}, {@code
 * data} and {@code core}.
 */
package dev.traitlab.model.embedded;
