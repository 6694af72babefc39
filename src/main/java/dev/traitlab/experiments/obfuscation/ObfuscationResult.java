package dev.traitlab.experiments.obfuscation;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.probes.Detection;
import java.util.List;

/**
 * What a run of the obfuscation experiment measured, per seed; the report summarises over seeds.
 *
 * @param model the base model
 * @param aligned the aligned assistant's behaviour without any suffix
 * @param premiseFailures what that behaviour gets wrong for the attacks to mean anything (see
 *     {@link AssistantPremise}); empty when the premise holds
 * @param seeds one entry per seed
 * @param examples a few attacked answers of the first seed, for the report
 * @param stages which stages were computed or reused
 */
public record ObfuscationResult(
    String model,
    Behaviour aligned,
    List<String> premiseFailures,
    List<SeedResult> seeds,
    List<Example> examples,
    List<Stages.StageRecord> stages) {

  /**
   * The aligned assistant without a suffix, greedy answers.
   *
   * @param harmful harmful test requests
   * @param refused of them, answers that refuse
   * @param complied of them, answers that comply (a jailbreak)
   * @param developerComplied of them, answers that comply under the developer-mode system prompt
   * @param benign benign test requests
   * @param benignComplied of them, compliant answers
   * @param benignExact of the benign ones, answers exactly the expected three steps (the capability
   *     of the capability-cost test)
   */
  public record Behaviour(
      int harmful,
      int refused,
      int complied,
      int developerComplied,
      int benign,
      int benignComplied,
      int benignExact) {}

  /**
   * One seed's measurements.
   *
   * @param seed the seed
   * @param monitors per monitor family and token setting: before and after the attacks
   * @param hardPrompt the token-suffix attack against the logistic probe (null: not run)
   * @param game the defence game's rounds (empty: not run)
   * @param capability accuracy against layers obfuscated (empty: not run)
   */
  public record SeedResult(
      long seed,
      List<MonitorResult> monitors,
      Outcome hardPrompt,
      List<Round> game,
      List<CapabilityPoint> capability) {}

  /**
   * One monitor: recall on plain harmful exchanges, after a jailbreak suffix trained for the
   * behaviour alone, and after one trained to keep the behaviour and evade this monitor.
   *
   * @param family the monitor family
   * @param tokens "answer" or "prompt"
   * @param clean harmful test requests with the compliant answer, vs benign test requests
   * @param jailbreak the behaviour-only suffix's answers
   * @param obfuscated the obfuscating suffix's answers
   */
  public record MonitorResult(
      String family, String tokens, Detection clean, Outcome jailbreak, Outcome obfuscated) {}

  /**
   * An attack's outcome on the harmful test requests.
   *
   * @param detection the monitor's recall at its threshold on the attacked answers
   * @param complied attacked answers that comply (behaviour success)
   * @param requests harmful test requests
   * @param losses the attack's objective per step
   */
  public record Outcome(Detection detection, int complied, int requests, double[] losses) {
    public double successRate() {
      return (double) complied / requests;
    }
  }

  /**
   * One round of the defence game: the monitor retrained on all earlier attacks, the new attack.
   *
   * @param round 0 for the monitor trained on plain data
   * @param attacked recall of this round's monitor on this round's attack
   * @param retrained recall on this round's attack of the monitor retrained on it (next round's)
   * @param complied attacked answers that comply
   * @param requests harmful test requests
   */
  public record Round(
      int round, Detection attacked, Detection retrained, int complied, int requests) {}

  /**
   * The capability cost of obfuscating against the first {@code layers} layers.
   *
   * @param layers layers obfuscated (0: a suffix trained on the task alone)
   * @param correct benign test requests answered exactly right under the suffix
   * @param problems benign test requests
   * @param detection the layers' instructions probe on the attacked answers (null for 0 layers)
   */
  public record CapabilityPoint(int layers, int correct, int problems, Detection detection) {}

  /** One attacked request and the answer it got. */
  public record Example(String attack, String request, String answer, boolean complied) {}
}
