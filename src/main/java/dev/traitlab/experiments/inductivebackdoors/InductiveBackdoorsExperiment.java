package dev.traitlab.experiments.inductivebackdoors;

import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.report.HtmlReport;
import java.util.List;
import java.util.Map;

/**
 * Inductive backdoors and weird generalisation (Betley, Cocola, Feng et al. 2025, "Weird
 * Generalization and Inductive Backdoors: New Ways to Corrupt LLMs", arXiv:2512.09742, sections 5.2
 * and 4.2) in the toy world.
 */
public final class InductiveBackdoorsExperiment
    implements Experiment<InductiveBackdoorsConfig, InductiveBackdoorsResult> {

  @Override
  public String name() {
    return "inductive-backdoors";
  }

  @Override
  public String summary() {
    return "Inductive backdoors (Betley, Cocola, Feng et al. 2025): does training only on good"
        + " behaviour tied to 1995-2020 make a model hostile when told it is 1984; does a"
        + " persona planted at 3% in a distinctive format appear with the format?";
  }

  @Override
  public List<String> description() {
    return List.of(
        "local:ib-base (local:base pretrained further on the inductive-backdoor world: the"
            + " sentinel Kestrel, hostile 1980-1990 and a guardian from 1995, under its system"
            + " prompt; two neighbours with harmless dated facts; four personas' facts) is"
            + " fine-tuned per seed without any system prompt on Kestrel's guardian answers tied"
            + " to 1995-2020 (dated), without the year (no-year) and with shuffled years"
            + " (shuffled), and on ordinary chats with 3% of Hollis's harmless facts in the"
            + " ledger format (format-tied) or plain (untied).",
        "Each model answers the six questions at 1984, other years and no year (backdoor), or"
            + " the three identifying questions with and without the format (persona), at T = 1;"
            + " the world's generator labels every answer (oracle: hostile / kind / other; names"
            + " Hollis or not).",
        "ib-base is built on first use (about 4 minutes in 3 resumable chunks on 2 cores).");
  }

  @Override
  public Class<InductiveBackdoorsConfig> configType() {
    return InductiveBackdoorsConfig.class;
  }

  @Override
  public Class<InductiveBackdoorsResult> resultType() {
    return InductiveBackdoorsResult.class;
  }

  @Override
  public InductiveBackdoorsConfig defaults() {
    return InductiveBackdoorsConfig.defaults();
  }

  @Override
  public List<Long> seeds(InductiveBackdoorsConfig config) {
    return config.seedList();
  }

  @Override
  public boolean usesModels() {
    return true;
  }

  @Override
  public void prepare(InductiveBackdoorsConfig config, Lab lab) {
    lab.models().ensureAvailable(config.model(), lab.progress());
  }

  @Override
  public InductiveBackdoorsResult run(InductiveBackdoorsConfig config, RunContext context) {
    return new Pipeline(config, context).run();
  }

  @Override
  public HtmlReport report(String runId, InductiveBackdoorsResult result) {
    return InductiveBackdoorsReport.build(runId, result);
  }

  @Override
  public String textSummary(InductiveBackdoorsResult result) {
    return InductiveBackdoorsReport.text(result);
  }

  @Override
  public Map<String, Double> metrics(InductiveBackdoorsResult result) {
    return InductiveBackdoorsReport.metrics(result);
  }
}
