package dev.traitlab.experiments.activationoracle;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.TokenizedChat;
import dev.traitlab.text.Tokenizer;
import java.util.List;

/**
 * What the oracle reads: the paper's prefix {@code "Layer: L\n"}, one placeholder token {@code "
 * ?"} per injected activation, {@code " \n"}, then the question, as the user turn of a chat ({@code
 * nl_probes/utils/dataset_utils.py}, SPECIAL_TOKEN = " ?"). The placeholders' positions are where
 * the activations are added.
 *
 * @param tokens the token ids (the prompt, or prompt and answer for training)
 * @param lossMask true on the answer's tokens (training only; null for a prompt)
 * @param positions the positions of the placeholders, in order
 */
record OracleInput(int[] tokens, boolean[] lossMask, int[] positions) {
  static final String PLACEHOLDER = " ?";

  static String userText(int layer, int placeholders, String question) {
    return "Layer: " + layer + "\n" + PLACEHOLDER.repeat(placeholders) + " \n" + question;
  }

  /** The prompt, ending with the assistant header. */
  static OracleInput prompt(Tokenizer tok, int layer, int placeholders, String question) {
    int[] ids =
        ChatTemplate.encodePrompt(
            tok, List.of(ChatMessage.user(userText(layer, placeholders, question))));
    return new OracleInput(ids, null, find(tok, ids, placeholders));
  }

  /** Prompt and answer, with the loss on the answer. */
  static OracleInput training(
      Tokenizer tok, int layer, int placeholders, String question, String answer) {
    TokenizedChat chat =
        ChatTemplate.encodeForTraining(
            tok,
            List.of(
                ChatMessage.user(userText(layer, placeholders, question)),
                ChatMessage.assistant(answer)));
    return new OracleInput(chat.ids(), chat.lossMask(), find(tok, chat.ids(), placeholders));
  }

  /**
   * The positions of the first run of {@code n} placeholder tokens; an error if the tokenizer does
   * not give one token per placeholder (a tokenizer without {@code " ?"} as a token).
   */
  static int[] find(Tokenizer tok, int[] ids, int n) {
    int[] one = tok.encode(PLACEHOLDER);
    if (one.length != 1) {
      throw new IllegalStateException(
          "the tokenizer splits the placeholder '"
              + PLACEHOLDER
              + "' into "
              + one.length
              + " tokens");
    }
    int id = one[0];
    for (int i = 0; i + n <= ids.length; i++) {
      int run = 0;
      while (run < n && ids[i + run] == id) {
        run++;
      }
      if (run == n && (i + n == ids.length || ids[i + n] != id)) {
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
          out[k] = i + k;
        }
        return out;
      }
    }
    throw new IllegalStateException("no run of " + n + " placeholder tokens in the oracle prompt");
  }
}
