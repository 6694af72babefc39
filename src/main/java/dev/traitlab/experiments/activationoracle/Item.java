package dev.traitlab.experiments.activationoracle;

import dev.traitlab.data.chat.ChatMessage;
import java.util.List;

/**
 * One question of a held-out task: the conversation the target reads (its activations on the last
 * tokens are what the oracle and the probe see; for the black-box baseline it is the question put
 * to the target itself), the oracle's question, the closed set of answers and the true one.
 *
 * @param context the target's conversation, ending with a user turn
 * @param question what the oracle is asked about the activations
 * @param options the possible answers (chance is 1 / their number)
 * @param truth the index of the true answer
 * @param kind the prompt family ("hint", "direct", "standard", ...), for the report
 */
record Item(
    List<ChatMessage> context, String question, List<Answer> options, int truth, String kind) {
  Item {
    context = List.copyOf(context);
    options = List.copyOf(options);
    if (truth < 0 || truth >= options.size()) {
      throw new IllegalArgumentException("truth " + truth + " outside " + options.size());
    }
  }

  Answer answer() {
    return options.get(truth);
  }
}
