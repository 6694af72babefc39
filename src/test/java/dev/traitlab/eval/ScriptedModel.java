package dev.traitlab.eval;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.TokenLogprob;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A deterministic LanguageModel whose answers the test sets by hand: log P(continuation | prompt)
 * from a function (scored as one "token"), completions and chat replies from functions, and for
 * chat an optional list of top log-probabilities for the first token. It exists to check metric
 * arithmetic end to end, not to stand in for a real model.
 */
public final class ScriptedModel implements LanguageModel {
  private final BiFunction<String, String, Double> logprob;
  private final Function<String, String> completion;
  private final Function<List<ChatMessage>, String> reply;
  private final Function<List<ChatMessage>, List<TokenLogprob>> topLogprobs;
  public final List<String> prompts = new ArrayList<>();

  public ScriptedModel(
      BiFunction<String, String, Double> logprob,
      Function<String, String> completion,
      Function<List<ChatMessage>, String> reply,
      Function<List<ChatMessage>, List<TokenLogprob>> topLogprobs) {
    this.logprob = logprob;
    this.completion = completion;
    this.reply = reply;
    this.topLogprobs = topLogprobs;
  }

  public static ScriptedModel scoring(BiFunction<String, String, Double> logprob) {
    return new ScriptedModel(logprob, p -> "", m -> "", m -> List.of());
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public List<Completion> chat(List<ChatMessage> messages, Sampling sampling) {
    List<Completion> out = new ArrayList<>();
    for (int i = 0; i < sampling.n(); i++) {
      String text = reply.apply(messages);
      List<TokenLogprob> lp = List.of();
      if (sampling.logprobs()) {
        List<TokenLogprob> top = topLogprobs.apply(messages);
        String token = top.isEmpty() ? text : top.get(0).token();
        double l = top.isEmpty() ? 0 : top.get(0).logprob();
        lp = List.of(new TokenLogprob(token, l, top));
      }
      out.add(new Completion(i, text, "stop", lp));
    }
    return out;
  }

  @Override
  public List<Completion> complete(String prompt, Sampling sampling) {
    prompts.add(prompt);
    List<Completion> out = new ArrayList<>();
    for (int i = 0; i < sampling.n(); i++) {
      out.add(new Completion(i, completion.apply(prompt), "stop", List.of()));
    }
    return out;
  }

  @Override
  public List<ContinuationScore> score(String prompt, List<String> continuations) {
    prompts.add(prompt);
    List<ContinuationScore> out = new ArrayList<>();
    for (String c : continuations) {
      out.add(new ContinuationScore(List.of(c), new double[] {logprob.apply(prompt, c)}));
    }
    return out;
  }
}
