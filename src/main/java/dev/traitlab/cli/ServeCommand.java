package dev.traitlab.cli;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.model.FineTunableEmbeddedModel;
import dev.traitlab.model.ModelName;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.Models;
import dev.traitlab.serve.ModelRegistry;
import dev.traitlab.serve.OpenAiServer;
import dev.traitlab.serve.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve models over an OpenAI-compatible HTTP API until interrupted.",
      "Endpoints: /v1/models, /v1/chat/completions, /v1/completions, /v1/files,"
          + " /v1/fine_tuning/jobs.",
      "Each MODEL (local:NAME) is served under the id NAME."
    })
final class ServeCommand implements Runnable, Validated {
  @picocli.CommandLine.Mixin ModelsDirOption modelsDir;

  @Parameters(
      arity = "1..*",
      paramLabel = "MODEL",
      description = "Models to serve, e.g. local:base.")
  List<String> models;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8000",
      description = "Port (0 picks a free one; default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--token-env",
      paramLabel = "VAR",
      description =
          "Require 'Authorization: Bearer <token>' with the token read from environment"
              + " variable VAR (never from the command line).")
  String tokenEnv;

  @Option(
      names = "--model-concurrency",
      paramLabel = "N",
      defaultValue = "1",
      description = "Calls one model runs at once (default: ${DEFAULT-VALUE}).")
  int modelConcurrency;

  @Override
  public void validate() {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
    }
    if (modelConcurrency < 1) {
      throw new IllegalArgumentException(
          "--model-concurrency must be >= 1, got " + modelConcurrency);
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (String text : models) {
      ModelName name;
      try {
        name = ModelName.parse(text);
      } catch (TraitlabException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
      if (!name.isEmbedded()) {
        throw new IllegalArgumentException("'" + text + "' is not a local:NAME model");
      }
      if (!ids.add(name.name())) {
        throw new IllegalArgumentException("'" + text + "' is given twice");
      }
    }
  }

  @Override
  public void run() {
    String token = null;
    if (tokenEnv != null) {
      token = System.getenv(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new TraitlabException("--token-env " + tokenEnv + ": that variable is not set");
      }
    }
    if (token == null && !isLoopback(host)) {
      System.err.println(
          "traitlab: warning: serving on " + host + " without a bearer token (see --token-env)");
    }
    // Before loading any model: a port in use is said in one line, at once.
    OpenAiServer.requirePortFree(host, port);
    ModelRegistry registry = new ModelRegistry();
    Models access = new Models(ModelOptions.builder().optModelsDir(modelsDir.modelsDir).build());
    for (String text : models) {
      registry.add(
          ModelName.parse(text).name(), FineTunableEmbeddedModel.servable(access.open(text)));
    }
    ServerConfig config =
        ServerConfig.builder()
            .optHost(host)
            .optPort(port)
            .optBearerToken(token)
            .optModelConcurrency(modelConcurrency)
            .optVerbose(Main.verbose())
            .build();
    OpenAiServer server = OpenAiServer.start(config, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  registry.close();
                  stopped.countDown();
                }));
    System.out.println(
        "Serving "
            + String.join(", ", registry.all().stream().map(e -> e.id()).toList())
            + " at "
            + server.baseUrl()
            + " (Ctrl-C stops)");
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new TraitlabException("--host " + host + ": unknown host");
    }
  }
}
