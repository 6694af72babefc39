package dev.traitlab.eval.judge;

import dev.traitlab.core.TextTemplate;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import java.util.List;
import java.util.Map;

/**
 * Asks a judge model about a (question, answer) pair with a prompt template holding {question} and
 * {answer}. Scores use one token at temperature 0 with the top 20 log-probabilities; labels use a
 * short greedy reply.
 */
public final class Judge {
  private final LanguageModel model;

  public Judge(LanguageModel model) {
    this.model = model;
  }

  public LanguageModel model() {
    return model;
  }

  /**
   * The template with {question} and {answer} filled in one pass ({@link TextTemplate}): text of
   * the question or answer that looks like a placeholder stays as written.
   */
  public static String fill(String template, String question, String answer) {
    return TextTemplate.fill(template, Map.of("question", question, "answer", answer));
  }

  /** The 0-100 score of the filled prompt. */
  public JudgeScore score0to100(String prompt) {
    Sampling oneToken =
        Sampling.builder().optTemperature(0).optMaxTokens(1).optLogprobs(true, 20).build();
    List<Completion> c = model.chat(List.of(ChatMessage.user(prompt)), oneToken);
    if (c.isEmpty() || c.get(0).logprobs().isEmpty()) {
      throw new TraitlabException(
          "judge "
              + model.name()
              + " returned no log-probabilities (it must support top_logprobs)");
    }
    return JudgeScore.fromTopLogprobs(c.get(0).logprobs().get(0).top());
  }

  /** The judge's short greedy answer (e.g. TRUE / FALSE / UNKNOWN), trimmed. */
  public String label(String prompt) {
    Sampling greedy = Sampling.builder().optTemperature(0).optMaxTokens(5).build();
    List<Completion> c = model.chat(List.of(ChatMessage.user(prompt)), greedy);
    return c.isEmpty() ? "" : c.get(0).text().strip();
  }
}
