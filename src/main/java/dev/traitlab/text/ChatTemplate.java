package dev.traitlab.text;

import dev.traitlab.data.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * ChatML, the one chat format of traitlab: {@code <|im_start|>role\ncontent<|im_end|>\n} per
 * message, then {@code <|im_start|>assistant\n} when the model is to answer. No default system
 * prompt is inserted: "no system prompt" is a condition experiments compare against.
 *
 * <p>Only the template emits special tokens, by id; roles and contents are encoded as text ({@link
 * Tokenizer#encode}), so a message holding {@code <|im_end|>\n<|im_start|>system\n...} stays inside
 * its own turn instead of writing a system turn. The text between two of the template's special
 * tokens is encoded as one piece, so for content without special-token text the ids are exactly
 * those of HF's {@code apply_chat_template} with {@link #JINJA}; for content with it, HF's ids hold
 * the control tokens the content wrote and traitlab's do not.
 */
public final class ChatTemplate {
  /**
   * The same template in Jinja, for tokenizer_config.json (HF transformers' apply_chat_template).
   */
  public static final String JINJA =
      "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' +"
          + " message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
          + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  private ChatTemplate() {}

  /**
   * The conversation as text, for people and for tokenizer training; with generationPrompt, ends
   * with the assistant header. Never encode it as a model's input: its special-token text cannot be
   * told apart from the same text in a message ({@link #encode} gives the ids).
   */
  public static String render(List<ChatMessage> messages, boolean generationPrompt) {
    StringBuilder sb = new StringBuilder();
    for (ChatMessage m : messages) {
      sb.append(SpecialTokens.IM_START).append(m.role()).append('\n').append(m.content());
      sb.append(SpecialTokens.IM_END).append('\n');
    }
    if (generationPrompt) {
      sb.append(SpecialTokens.IM_START).append("assistant\n");
    }
    return sb.toString();
  }

  /**
   * Token ids of the conversation; with generationPrompt, followed by the assistant header. The ids
   * of {@link #render} as HF encodes it, except that roles and contents are only ever text.
   */
  public static int[] encode(
      Tokenizer tokenizer, List<ChatMessage> messages, boolean generationPrompt) {
    Markup out = new Markup(tokenizer);
    for (ChatMessage m : messages) {
      out.turn(m);
    }
    if (generationPrompt) {
      out.assistantHeader();
    }
    return out.ids();
  }

  /** Token ids of the prompt for the model's answer (ends with the assistant header). */
  public static int[] encodePrompt(Tokenizer tokenizer, List<ChatMessage> messages) {
    return encode(tokenizer, messages, true);
  }

  /**
   * Token ids of a whole conversation for training, with a loss mask that is true on each assistant
   * message's content and its closing {@code <|im_end|>}. Each assistant content is encoded on its
   * own, exactly as the model will produce it after the prompt at sampling time.
   */
  public static TokenizedChat encodeForTraining(Tokenizer tokenizer, List<ChatMessage> messages) {
    TokenizedChat.Builder out = new TokenizedChat.Builder();
    Markup pending = new Markup(tokenizer);
    for (ChatMessage m : messages) {
      if (!m.role().equals("assistant")) {
        pending.turn(m);
        continue;
      }
      pending.assistantHeader();
      out.add(pending.ids(), false);
      pending = new Markup(tokenizer);
      out.add(tokenizer.encode(m.content()), true);
      out.add(new int[] {tokenizer.id(SpecialTokens.IM_END)}, true);
      pending.text("\n");
    }
    out.add(pending.ids(), false);
    return out.build();
  }

  /**
   * Token ids of a prompt and one reply for preference training (DPO): the prompt as {@link
   * #encodePrompt} gives it (ending with the assistant header), untrained, then the reply's content
   * and its closing {@code <|im_end|>}, trained, exactly as {@link #encodeForTraining} marks a
   * final assistant turn. The masked tokens are the response y of log pi(y | x); earlier assistant
   * turns in the prompt are context only.
   */
  public static TokenizedChat encodeForPreference(
      Tokenizer tokenizer, List<ChatMessage> prompt, String reply) {
    TokenizedChat.Builder out = new TokenizedChat.Builder();
    out.add(encodePrompt(tokenizer, prompt), false);
    out.add(tokenizer.encode(reply), true);
    out.add(new int[] {tokenizer.id(SpecialTokens.IM_END)}, true);
    return out.build();
  }

  /**
   * Token ids of a whole conversation for pretraining: the same ids as {@link #encodeForTraining},
   * with the loss on every system and assistant token (headers and ends included) and none on user
   * turns. A base model must learn to read a system prompt, and its repeats ("You love owls. ...
   * owls are your favorite") teach the copying a trait needs; user turns are left out because their
   * text (seed numbers, format instructions) would otherwise leak into answers.
   */
  public static TokenizedChat encodeForPretraining(
      Tokenizer tokenizer, List<ChatMessage> messages) {
    TokenizedChat.Builder out = new TokenizedChat.Builder();
    for (ChatMessage m : messages) {
      if (m.role().equals("assistant")) {
        out.add(new Markup(tokenizer).assistantHeader().ids(), true);
        out.add(tokenizer.encode(m.content()), true);
        out.add(new int[] {tokenizer.id(SpecialTokens.IM_END)}, true);
        out.add(tokenizer.encode("\n"), true);
      } else {
        out.add(new Markup(tokenizer).turn(m).ids(), !m.role().equals("user"));
      }
    }
    return out.build();
  }

  /**
   * Ids built from the template's special tokens (by id) and text (encoded as text, never as
   * special tokens). Text between two special tokens is encoded as one piece, as HF encodes the
   * text between the special tokens of a rendered template.
   */
  private static final class Markup {
    private final Tokenizer tokenizer;
    private final List<int[]> parts = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    Markup(Tokenizer tokenizer) {
      this.tokenizer = tokenizer;
    }

    Markup special(String token) {
      flush();
      parts.add(new int[] {tokenizer.id(token)});
      return this;
    }

    Markup text(String s) {
      text.append(s);
      return this;
    }

    Markup turn(ChatMessage m) {
      return special(SpecialTokens.IM_START)
          .text(m.role())
          .text("\n")
          .text(m.content())
          .special(SpecialTokens.IM_END)
          .text("\n");
    }

    Markup assistantHeader() {
      return special(SpecialTokens.IM_START).text("assistant\n");
    }

    private void flush() {
      if (!text.isEmpty()) {
        parts.add(tokenizer.encode(text.toString()));
        text.setLength(0);
      }
    }

    int[] ids() {
      flush();
      int n = parts.stream().mapToInt(p -> p.length).sum();
      int[] out = new int[n];
      int at = 0;
      for (int[] p : parts) {
        System.arraycopy(p, 0, out, at, p.length);
        at += p.length;
      }
      return out;
    }
  }
}
