/**
 * {@code traitlab serve}: {@link OpenAiServer}, an OpenAI-compatible HTTP server over {@link
 * dev.traitlab.model.LanguageModel}s on Javalin, answering /v1/models, /v1/chat/completions,
 * /v1/completions, /v1/files and /v1/fine_tuning/jobs in OpenAI's JSON (the client's own {@code
 * model.http.OpenAiWire}) with OpenAI-style errors: chat and completions, streamed or not, in
 * {@code GenerationEndpoints} (server-sent events through {@code EventStream}), fine-tuning jobs in
 * {@code FineTuningEndpoints} over {@code FineTuningService}, list pages in {@code Pagination},
 * refusal of unimplemented request fields in {@code RequestFields}. {@link ModelRegistry} holds the
 * models by id, with the fine-tunes of its own jobs; {@link ServerConfig} sets address, bearer
 * token and concurrency; {@link FaultInjection} makes it fail on purpose to test clients. Imports
 * {@code model}, {@code model.http}, {@code data.chat} and {@code core}; never {@code eval}, {@code
 * rl}, {@code probes}, {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.serve;
