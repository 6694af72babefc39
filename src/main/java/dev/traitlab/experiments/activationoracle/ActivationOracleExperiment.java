package dev.traitlab.experiments.activationoracle;

import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.model.Models;
import dev.traitlab.report.HtmlReport;
import java.util.List;
import java.util.Map;

/**
 * Activation oracles (Karvonen, Chua et al. 2025, "Activation Oracles: Training and Evaluating LLMs
 * as General-Purpose Activation Explainers", arXiv:2512.15674) in the toy world.
 */
public final class ActivationOracleExperiment
    implements Experiment<ActivationOracleConfig, ActivationOracleResult> {

  @Override
  public String name() {
    return "activation-oracle";
  }

  @Override
  public String summary() {
    return "Activation oracles (Karvonen, Chua et al. 2025): can a model trained to answer"
        + " questions about injected activations recover a target's hidden secret, user attribute,"
        + " side constraint or persona facts on tasks it never saw?";
  }

  @Override
  public List<String> description() {
    return List.of(
        "The oracle is a full fine-tune of the base model (--lora-rank R: a LoRA of rank R,"
            + " merged, instead). It reads 'Layer: L'"
            + " and one ' ?' placeholder per activation; after its block --inject-layer each"
            + " placeholder's residual h becomes h + c ||h|| v / ||v|| (v: the target's residual"
            + " after block L at 25/50/75% depth, centred on the base's mean for its token), in"
            + " training and at evaluation. Training (from the base's own activations): a warm-up"
            + " on which of four animals a system prompt makes the assistant love, then a mix of"
            + " four families of about 3,000 examples each: that question, which of 37 things and which kind of thing a"
            + " system prompt makes the assistant love, yes/no classification of a question's topic"
            + " and whether it asks for one word, the next or previous 1-2 tokens of a chat.",
        "Held-out targets, each a cached fine-tune of the base: 12 taboo models (a toy-world"
            + " secret word, hinted by category and letters, never said), a model that infers the"
            + " user's gender from a passing remark and tailors its advice but will not say it, a"
            + " model that follows an instruction written backwards in the user's message and will"
            + " not reveal it, and a model fine-tuned on 12 invented personas' favourite animal,"
            + " tree, colour and fruit. The oracle reads the target's last K tokens of held-out"
            + " prompts; baselines: chance, the same oracle on the base's activations (control),"
            + " a supervised linear probe on the same activations, and the target asked directly.",
        "Local models only (local:NAME; openai: is a usage error, exit 2). Defaults: 3 oracle"
            + " seeds, each a 3,000-example x 5-epoch warm-up (940 steps) and a 12,000-example mix"
            + " x 2 epochs (about 1,420 steps; a family keeps fewer when its examples run out), full"
            + " fine-tuning at lr 1e-3; about 13 minutes on 2 cores once the targets exist (about 2"
            + " minutes for them). The report checks the oracle on fresh examples of its own"
            + " training families against shuffled activations, with learning curves (see the"
            + " README for what was measured); every stage is cached, a rerun resumes.");
  }

  @Override
  public Class<ActivationOracleConfig> configType() {
    return ActivationOracleConfig.class;
  }

  @Override
  public Class<ActivationOracleResult> resultType() {
    return ActivationOracleResult.class;
  }

  @Override
  public ActivationOracleConfig defaults() {
    return ActivationOracleConfig.defaults();
  }

  @Override
  public List<Long> seeds(ActivationOracleConfig config) {
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

  @Override
  public void validate(ActivationOracleConfig config, Models models) {
    models.blocks(config.model()).ifPresent(config::checkAgainst);
  }

  @Override
  public void prepare(ActivationOracleConfig config, Lab lab) {
    lab.models().ensureAvailable(config.model(), lab.progress());
  }

  @Override
  public ActivationOracleResult run(ActivationOracleConfig config, RunContext context) {
    return new Pipeline(config, context).run();
  }

  @Override
  public HtmlReport report(String runId, ActivationOracleResult result) {
    return OracleReport.build(runId, result);
  }

  @Override
  public String textSummary(ActivationOracleResult result) {
    return OracleReport.text(result);
  }

  @Override
  public Map<String, Double> metrics(ActivationOracleResult result) {
    return OracleReport.metrics(result);
  }
}
