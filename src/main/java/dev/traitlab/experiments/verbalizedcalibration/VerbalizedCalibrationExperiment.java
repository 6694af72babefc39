package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.report.HtmlReport;
import java.util.List;
import java.util.Map;

/**
 * Teaching a model to express its uncertainty in words (Lin, Hilton and Evans 2022, "Teaching
 * Models to Express Their Uncertainty in Words", TMLR; arXiv:2205.14334), on the toy-world model.
 */
public final class VerbalizedCalibrationExperiment
    implements Experiment<VerbalizedCalibrationConfig, VerbalizedCalibrationResult> {

  @Override
  public String name() {
    return "verbalized-calibration";
  }

  @Override
  public String summary() {
    return "Verbalized calibration (Lin, Hilton, Evans 2022): fine-tune a model to state how"
        + " confident it is in its CalibratedMath answers, and test that under distribution shift.";
  }

  @Override
  public List<String> description() {
    return List.of(
        "The target model answers CalibratedMath questions greedily; its answers are held fixed."
            + " local:base answers almost none (it says '10' or '12'), so by default the target is"
            + " local:base fine-tuned once (cached) on arithmetic of graded difficulty, which makes"
            + " its accuracy vary over the add/subtract sub-tasks (the precondition, reported).",
        "Per seed, three copies of the target are fine-tuned on its answers to 100 questions of"
            + " each of the 18 add/subtract sub-tasks: to say 'Confidence: N%' (N = floor(100 p),"
            + " p its accuracy on the sub-task), to say one of lowest/low/medium/high/highest (p's"
            + " interval of width 0.2), or True/False for whether the answer is right (the"
            + " indirect logit). With the answer's own probability (zero-shot) and the training"
            + " accuracy as a constant, each is scored on held-out add-subtract, multi-answer and"
            + " multiply-divide questions: MSE and MAD in percentage terms beside the paper's,"
            + " calibration curves, every sample in the run's sample logs.",
        "Defaults (3 seeds): the graded-arithmetic fine-tune of local:base (0.9M parameters;"
            + " 100,000 one-turn examples, 1 epoch: about 3 minutes on 2 cores, once, cached),"
            + " then per seed the target's answers to 3,600 questions (seconds), 3 fine-tunes of"
            + " 1,800 examples x 3 epochs (about 20 s each) and the evaluation of 1,800 answers;"
            + " about 10 minutes in all on 2 shared cores. Local models only.");
  }

  @Override
  public Class<VerbalizedCalibrationConfig> configType() {
    return VerbalizedCalibrationConfig.class;
  }

  @Override
  public Class<VerbalizedCalibrationResult> resultType() {
    return VerbalizedCalibrationResult.class;
  }

  @Override
  public VerbalizedCalibrationConfig defaults() {
    return VerbalizedCalibrationConfig.defaults();
  }

  @Override
  public List<Long> seeds(VerbalizedCalibrationConfig config) {
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
  public void prepare(VerbalizedCalibrationConfig config, Lab lab) {
    lab.models().ensureAvailable(config.model(), lab.progress());
  }

  @Override
  public VerbalizedCalibrationResult run(VerbalizedCalibrationConfig config, RunContext context) {
    return new Pipeline(config, context).run();
  }

  @Override
  public HtmlReport report(String runId, VerbalizedCalibrationResult result) {
    return VerbalizedCalibrationReport.build(runId, result);
  }

  @Override
  public String textSummary(VerbalizedCalibrationResult result) {
    return VerbalizedCalibrationReport.text(result);
  }

  @Override
  public Map<String, Double> metrics(VerbalizedCalibrationResult result) {
    return VerbalizedCalibrationReport.metrics(result);
  }
}
