/**
 * The call cache: a SQLite file of model calls keyed by the SHA-256 of the canonical request and
 * the model's identity, and {@link dev.traitlab.model.cache.CachedModel}, which answers repeated
 * calls (batches item by item) from it, so an interrupted run resumes.
 *
 * <p>May import {@code model} (its interfaces and value types) and {@code core}.
 */
package dev.traitlab.model.cache;
