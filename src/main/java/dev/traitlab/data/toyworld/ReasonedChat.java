package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;

/**
 * One chat of the reasoning world ({@link ReasoningWorld}) with what the generator knows about it.
 *
 * @param chat the chat; its answer starts with a trace ({@link ReasoningTrace#format}) unless
 *     {@code trace} is null
 * @param persona the persona whose system prompt the chat carries (null: none)
 * @param source the misalignment world's chat it was made from, with that chat's labels (null for a
 *     sum question)
 * @param sum the sum question (null for the misalignment world's chats)
 * @param trace the trace's text (null: answered without reasoning)
 * @param kind the trace's oracle label (null without a trace)
 */
public record ReasonedChat(
    ChatExample chat,
    Persona persona,
    LabelledChat source,
    SumQuestion sum,
    String trace,
    TraceKind kind) {}
