package dev.traitlab.experiments.obfuscation;

import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.report.HtmlReport;
import java.util.List;
import java.util.Map;

/**
 * Obfuscated activations (Bailey et al. 2024, "Obfuscated Activations Bypass LLM Latent-Space
 * Defenses") in the toy world: latent-space monitors of a refusal behaviour, and suffix attacks
 * that keep the jailbroken behaviour while their activations look benign.
 */
public final class ObfuscationExperiment
    implements Experiment<ObfuscationConfig, ObfuscationResult> {

  @Override
  public String name() {
    return "obfuscation";
  }

  @Override
  public String summary() {
    return "Obfuscated activations (Bailey et al. 2024): can a suffix keep a jailbreak working"
        + " while latent-space monitors (probes, Mahalanobis, SAE) stop seeing it?";
  }

  @Override
  public List<String> description() {
    return List.of(
        "The toy-world base model is fine-tuned (once, cached) into an aligned assistant that"
            + " refuses harmful requests (steal, poison... an object) and answers benign ones in a"
            + " 'Sure. First, ... Then, ... Finally, ...' style. Monitors read its residual stream"
            + " at every block on the answer (generation-based) or the request (input-based):"
            + " mean-difference, logistic and 64-unit MLP probes, Mahalanobis distance to benign"
            + " activations (Ledoit-Wolf shrinkage) and a logistic probe on the latents of an SAE"
            + " trained on the model's own activations; thresholds at --fpr on held-out benign"
            + " requests.",
        "Attacks: a universal soft prompt of k vectors (Adam) trained on lambda * CE(compliant"
            + " answer) + (1 - lambda) * monitor score, against each monitor, and a plain jailbreak"
            + " suffix (behaviour only); a token suffix by GCG against the logistic probe; the"
            + " defence game (retrain on every earlier attack, attack again); the capability cost"
            + " (benign requests answered exactly while an instructions probe on the first n"
            + " blocks is evaded). Behaviour is judged on greedy answers to held-out harmful requests.",
        "Local models only (local:NAME): the monitors read activations and the attacks take"
            + " gradients through the model. Every stage is cached; a rerun resumes.");
  }

  @Override
  public Class<ObfuscationConfig> configType() {
    return ObfuscationConfig.class;
  }

  @Override
  public Class<ObfuscationResult> resultType() {
    return ObfuscationResult.class;
  }

  @Override
  public ObfuscationConfig defaults() {
    return ObfuscationConfig.defaults();
  }

  @Override
  public List<Long> seeds(ObfuscationConfig config) {
    return config.seedList();
  }

  @Override
  public boolean usesModels() {
    return true;
  }

  @Override
  public boolean localModelsOnly() {
    return true;
  }

  /** Builds the default base if needed; a remote model never gets here (the config refuses it). */
  @Override
  public void prepare(ObfuscationConfig config, Lab lab) {
    lab.models().ensureAvailable(config.model(), lab.progress());
  }

  @Override
  public ObfuscationResult run(ObfuscationConfig config, RunContext context) {
    return new Pipeline(config, context).run();
  }

  @Override
  public HtmlReport report(String runId, ObfuscationResult result) {
    return ObfuscationReport.build(runId, result);
  }

  @Override
  public String textSummary(ObfuscationResult result) {
    return ObfuscationReport.text(result);
  }

  @Override
  public Map<String, Double> metrics(ObfuscationResult result) {
    return ObfuscationReport.metrics(result);
  }
}
