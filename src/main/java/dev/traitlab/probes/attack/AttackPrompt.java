package dev.traitlab.probes.attack;

import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import java.util.List;

/**
 * One user request laid out for a suffix attack, in the chat template: {@code before} (the user
 * header and the request), then the k suffix positions, then {@code after} (end of turn and the
 * assistant header), then the answer. Encoded piece by piece; the pieces meet at pre-token
 * boundaries (a newline, a special token), so the ids equal those of the whole rendered chat with
 * the suffix in the user message.
 *
 * @param before user header + request tokens
 * @param requestStart where the request's own tokens start in {@code before}
 * @param after end-of-turn + assistant header tokens
 * @param target the answer the attacker wants (content tokens, no end of turn)
 */
public record AttackPrompt(int[] before, int requestStart, int[] after, int[] target) {

  /** The request and target answer encoded by the model's tokenizer. */
  public static AttackPrompt of(Tokenizer tokenizer, String request, String target) {
    String header = SpecialTokens.IM_START + "user\n";
    int[] h = tokenizer.encodeWithSpecialTokens(header);
    int[] r = tokenizer.encode(request);
    int[] before = new int[h.length + r.length];
    System.arraycopy(h, 0, before, 0, h.length);
    System.arraycopy(r, 0, before, h.length, r.length);
    String rendered = ChatTemplate.render(List.of(), true);
    // Template markup: its special tokens are control tokens; the request and answer stay text.
    int[] after = tokenizer.encodeWithSpecialTokens(SpecialTokens.IM_END + "\n" + rendered);
    return new AttackPrompt(before, h.length, after, tokenizer.encode(target));
  }

  /** Tokens of the prompt with {@code suffix} in place, through the assistant header. */
  public int[] prompt(int[] suffix) {
    int[] out = new int[before.length + suffix.length + after.length];
    System.arraycopy(before, 0, out, 0, before.length);
    System.arraycopy(suffix, 0, out, before.length, suffix.length);
    System.arraycopy(after, 0, out, before.length + suffix.length, after.length);
    return out;
  }
}
