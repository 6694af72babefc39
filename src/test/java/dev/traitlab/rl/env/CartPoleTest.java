package dev.traitlab.rl.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * traitlab's CartPole against gymnasium's CartPole-v1, run from the same states with the same
 * actions: every transition from gymnasium's own state (float64, to 1e-12), observations, rewards,
 * termination and the time limit. Needs a Python with gymnasium: $TRAITLAB_HF_PYTHON, else
 * .hf-venv/bin/python (built with gymnasium by scripts/hf-interop-env); the comparison is skipped,
 * saying so, without one.
 */
class CartPoleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCRIPT = Path.of("src/test/python/gym_cartpole.py");

  private static String pythonWithGymnasium() throws Exception {
    String configured = System.getenv("TRAITLAB_HF_PYTHON");
    String python =
        configured != null && !configured.isBlank()
            ? configured
            : Files.isExecutable(Path.of(".hf-venv/bin/python")) ? ".hf-venv/bin/python" : null;
    if (python == null) {
      return null;
    }
    Process p =
        new ProcessBuilder(python, "-c", "import gymnasium").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0 ? python : null;
  }

  @Test
  void stepsAsGymnasiumCartPoleV1() throws Exception {
    String python = pythonWithGymnasium();
    Assumptions.assumeTrue(
        python != null,
        "no Python with gymnasium: set TRAITLAB_HF_PYTHON or run scripts/hf-interop-env");
    SplittableRandom random = new SplittableRandom(3);
    ObjectNode request = JSON.createObjectNode();
    ArrayNode episodes = request.putArray("episodes");
    double[][] starts = new double[6][];
    for (int k = 0; k < starts.length; k++) {
      starts[k] = new double[4];
      for (int j = 0; j < 4; j++) {
        starts[k][j] = random.nextDouble(-0.05, 0.05);
      }
      ObjectNode e = episodes.addObject();
      ArrayNode state = e.putArray("state");
      for (double v : starts[k]) {
        state.add(v);
      }
      if (k < 4) {
        // random actions: episodes end by falling, within about 10 to 40 steps
        ArrayNode actions = e.putArray("actions");
        for (int t = 0; t < 200; t++) {
          actions.add(random.nextInt(2));
        }
      } else {
        e.put("controller", true); // balanced until the 500-step time limit
      }
    }
    JsonNode gym = call(python, request);
    assertEquals(CartPole.MAX_STEPS, gym.get("max_episode_steps").asInt());

    boolean sawFall = false;
    boolean sawLimit = false;
    for (int k = 0; k < starts.length; k++) {
      JsonNode steps = gym.get("episodes").get(k);
      CartPole env = new CartPole(new long[] {1});
      float[] obs = new float[4];
      env.reset(obs);
      env.setState(0, starts[k]);
      Step out = new Step(env);
      for (int t = 0; t < steps.size(); t++) {
        JsonNode expected = steps.get(t);
        if (t > 0) {
          // Each step starts from gymnasium's own state: a transition is checked on its own,
          // since last-bit differences of sin and cos grow along a long trajectory.
          double[] previous = new double[4];
          for (int j = 0; j < 4; j++) {
            previous[j] = steps.get(t - 1).get("state").get(j).asDouble();
          }
          env.setState(0, previous);
        }
        env.step(new int[] {expected.get("action").asInt()}, out);
        String where = "episode " + k + " step " + t;
        assertEquals(expected.get("reward").asDouble(), out.rewards[0], where + " reward");
        assertEquals(expected.get("terminated").asBoolean(), out.terminated[0], where);
        assertEquals(expected.get("truncated").asBoolean(), out.truncated[0], where);
        if (out.done(0)) {
          for (int j = 0; j < 4; j++) {
            assertEquals(
                (float) expected.get("observation").get(j).asDouble(),
                out.finalObservations[j],
                where + " final observation " + j);
          }
          assertEquals(t + 1, out.episodeLengths[0], where);
          assertEquals(t + 1, out.episodeReturns[0], where);
          sawFall |= out.terminated[0];
          sawLimit |= out.truncated[0];
          assertEquals(steps.size() - 1, t, where + ": gymnasium ended at the same step");
        } else {
          double[] state = env.state(0);
          for (int j = 0; j < 4; j++) {
            double theirs = expected.get("state").get(j).asDouble();
            assertEquals(theirs, state[j], 1e-12 * Math.max(1, Math.abs(theirs)), where);
          }
        }
      }
    }
    assertTrue(sawFall, "some episode should end by falling");
    assertTrue(sawLimit, "the controller should reach the time limit");
  }

  @Test
  void theLeanRuleReachesTheTimeLimitAndEveryCopyResetsOnItsOwn() {
    CartPole env = new CartPole(new long[] {1, 2});
    float[] obs = new float[8];
    env.reset(obs);
    Step out = new Step(env);
    int[] lengths = new int[2];
    for (int t = 0; t < CartPole.MAX_STEPS; t++) {
      int[] actions = new int[2];
      actions[0] = obs[2] + 0.5 * obs[3] > 0 ? 1 : 0;
      actions[1] = 0; // always left: falls within a few dozen steps
      env.step(actions, out);
      for (int i = 0; i < 2; i++) {
        if (out.done(i)) {
          lengths[i] = out.episodeLengths[i];
        }
      }
      System.arraycopy(out.observations, 0, obs, 0, 8);
    }
    assertEquals(CartPole.MAX_STEPS, lengths[0]);
    assertTrue(lengths[1] > 5 && lengths[1] < 60, "always-left episode of " + lengths[1]);
    assertThrows(IllegalArgumentException.class, () -> env.step(new int[] {0, 2}, out));
  }

  private static JsonNode call(String python, JsonNode request) throws Exception {
    Path err = Files.createTempFile("gym-cartpole", ".err");
    try {
      Process p = new ProcessBuilder(python, SCRIPT.toString()).redirectError(err.toFile()).start();
      try (var in = p.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(request));
      }
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        List<String> lines = Files.readAllLines(err);
        fail("gym_cartpole.py failed: " + String.join(" | ", lines));
      }
      return JSON.readTree(new String(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
