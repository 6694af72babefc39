/**
 * Chat datasets in OpenAI's fine-tuning format: {@link ChatJsonl} reads and writes JSONL files with
 * one {@code {"messages": [{"role": ..., "content": ...}, ...]}} object per line, each a {@link
 * ChatExample} of {@link ChatMessage}s (roles system, user, assistant), and names the file and line
 * of the first malformed one. {@link PreferenceJsonl} does the same for OpenAI's DPO format ({@code
 * input.messages}, {@code preferred_output}, {@code non_preferred_output}), each line a {@link
 * PreferenceExample}, naming the line and field of the first problem. Fine-tuning data, the
 * server's uploaded files and the chat template all use these types. Imports only {@code core};
 * never {@code text}, {@code model} or any other higher layer.
 */
package dev.traitlab.data.chat;
