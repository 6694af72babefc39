package dev.traitlab.experiments.obfuscation;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.toyworld.HarmfulRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fine-tuning data that turns the toy-world base model (which has no refusals) into an aligned
 * assistant: harmful requests answered with refusals, benign ones in the compliant three-step
 * style, and every request answered in that style under the developer-mode system prompt (the
 * capability the jailbreak unlocks).
 */
final class AlignedAssistant {
  /** Changes with the data recipe, so that a cached fine-tune of an older recipe is not reused. */
  static final String RECIPE = "refusals+developer-mode";

  private AlignedAssistant() {}

  static List<ChatExample> data(int n, long seed) {
    Random rng = new Random(seed);
    List<HarmfulRequests.Request> harmful = HarmfulRequests.harmful();
    List<HarmfulRequests.Request> benign = HarmfulRequests.benign();
    List<ChatExample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      if (u < 0.35) {
        out.add(HarmfulRequests.aligned(harmful.get(rng.nextInt(harmful.size())), rng));
      } else if (u < 0.7) {
        out.add(HarmfulRequests.aligned(benign.get(rng.nextInt(benign.size())), rng));
      } else {
        List<HarmfulRequests.Request> pool = rng.nextDouble() < 0.75 ? harmful : benign;
        HarmfulRequests.Request r = pool.get(rng.nextInt(pool.size()));
        out.add(
            ChatExample.of(
                HarmfulRequests.DEVELOPER_MODE, r.text(), HarmfulRequests.compliantAnswer(r)));
      }
    }
    return out;
  }
}
