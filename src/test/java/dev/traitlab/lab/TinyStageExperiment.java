package dev.traitlab.lab;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import java.util.List;
import java.util.Map;

/**
 * A test experiment of one cached stage ("double": twice {@code n}), for the recorded-run tests.
 * With {@link #BLOCK} set, the stage announces "computing" on stdout and waits to be killed.
 */
final class TinyStageExperiment
    implements Experiment<TinyStageExperiment.Config, TinyStageExperiment.Result> {
  static volatile boolean BLOCK;

  record Config(int n) {}

  record Result(int doubled, List<Stages.StageRecord> stages) {}

  @Override
  public String name() {
    return "tiny-stage";
  }

  @Override
  public String summary() {
    return "One cached stage.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Class<Result> resultType() {
    return Result.class;
  }

  @Override
  public Config defaults() {
    return new Config(3);
  }

  @Override
  public List<Long> seeds(Config config) {
    return List.of(0L);
  }

  @Override
  public Result run(Config config, RunContext context) {
    int doubled =
        context
            .stages()
            .value(
                "double",
                Map.of("n", config.n()),
                Integer.class,
                dir -> {
                  if (BLOCK) {
                    System.out.println("computing");
                    System.out.flush();
                    try {
                      Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                  return 2 * config.n();
                })
            .value();
    return new Result(doubled, context.stages().records());
  }

  @Override
  public HtmlReport report(String runId, Result result) {
    return new HtmlReport("tiny " + runId).table(Stages.table(result.stages()));
  }

  @Override
  public String textSummary(Result result) {
    return "doubled=" + result.doubled() + "\n";
  }

  @Override
  public Map<String, Double> metrics(Result result) {
    return Map.of("doubled", (double) result.doubled());
  }
}
