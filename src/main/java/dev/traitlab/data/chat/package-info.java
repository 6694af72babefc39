/**
 * Chat datasets in OpenAI's fine-tuning format: {@link ChatJsonl} reads and writes JSONL files with
 * one {@code {"messages": [{"role": ..., "content": ...}, ...]}} object per line, each a {@link
 * ChatExample} of {@link ChatMessage}s (roles system, user, assistant), and names the file and line
 * of the first malformed one. Fine-tuning data, the server's uploaded files and the chat template
 * all use these types. Imports only {@code core}; never {@code text}, {@code model} or any other
 * higher layer.
 */
package dev.traitlab.data.chat;
