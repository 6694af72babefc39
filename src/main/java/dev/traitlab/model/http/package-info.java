/**
 * The OpenAI-compatible HTTP backend ({@code openai:NAME}): {@link OpenAiClient} sends JSON on the
 * JDK's HTTP client with virtual threads, bounds the requests in flight with an {@link
 * AdaptiveConcurrencyLimit} and retries failures with backoff; {@link OpenAiModel} chats through
 * /v1/chat/completions and scores through /v1/completions with echo and logprobs; {@link
 * OpenAiFineTuning} uses the files and fine-tuning jobs endpoints (following their pages); {@link
 * OpenAiWire} is the JSON both ways, and {@link OpenAiChunks} the chunks of streamed replies
 * (server-sent events), both shared with {@code serve}. The API key stays in {@link
 * OpenAiClientConfig}, out of logs, errors and the call cache. Imports {@code model}, {@code
 * nn.transformer} (the logit controls' value type) and {@code core}; never {@code eval}, {@code
 * serve} or any higher layer.
 */
package dev.traitlab.model.http;
