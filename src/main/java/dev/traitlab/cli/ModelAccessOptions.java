package dev.traitlab.cli;

import dev.traitlab.model.ModelOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of every command that talks to models by name (local:NAME or openai:NAME): where the
 * embedded models are, where the OpenAI-compatible API is, how many requests may be in flight, and
 * the call cache. API keys come only from OPENAI_API_KEY or TRAITLAB_API_KEY.
 */
final class ModelAccessOptions implements Validated {
  static final String BASE_URL = "--base-url";

  @Mixin ModelsDirOption models;

  @Option(
      names = BASE_URL,
      paramLabel = "URL",
      description =
          "Base URL of the OpenAI-compatible API for openai: models (default: OpenAI's;"
              + " e.g. http://127.0.0.1:8000/v1 for 'traitlab serve'). The key is read from"
              + " OPENAI_API_KEY or TRAITLAB_API_KEY.")
  String baseUrl;

  @Option(
      names = "--max-in-flight",
      defaultValue = "16",
      paramLabel = "N",
      description = "Most HTTP requests in flight at once (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--max-retries",
      defaultValue = "8",
      paramLabel = "N",
      description = "Retries of a request after 429, 5xx or a timeout (default: ${DEFAULT-VALUE}).")
  int maxRetries;

  @Option(
      names = {"--cache-file", "--cache"},
      paramLabel = "FILE",
      description =
          "SQLite call cache: a rerun answers repeated calls from it, so an interrupted run"
              + " resumes (default: calls.sqlite in the runs folder: --runs-dir, else"
              + " $TRAITLAB_RUNS, else ./runs).")
  Path cacheFile;

  @Option(names = "--no-cache", description = "Neither read nor write the call cache.")
  boolean noCache;

  @Override
  public void validate() {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("--max-in-flight must be >= 1, got " + maxInFlight);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("--max-retries must be >= 0, got " + maxRetries);
    }
    if (noCache && cacheFile != null) {
      throw new IllegalArgumentException("--no-cache and --cache-file exclude each other");
    }
    if (baseUrl != null) {
      URI uri;
      try {
        uri = new URI(baseUrl);
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null
          || uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException(
            "--base-url must be an http:// or https:// URL, got '" + baseUrl + "'");
      }
    }
  }

  /** The options, the call cache by default in {@code runsDir} (the command's runs folder). */
  ModelOptions options(Path runsDir) {
    Path cache = null;
    if (!noCache) {
      cache = cacheFile != null ? cacheFile : runsDir.resolve("calls.sqlite");
    }
    return ModelOptions.builder()
        .optModelsDir(models.modelsDir)
        .optBaseUrl(baseUrl)
        .optMaxInFlight(maxInFlight)
        .optMaxRetries(maxRetries)
        .optCacheFile(cache)
        .build();
  }
}
