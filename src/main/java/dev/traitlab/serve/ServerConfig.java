package dev.traitlab.serve;

import java.time.Duration;

/**
 * How {@code traitlab serve} listens: loopback by default; an optional bearer token (kept out of
 * {@link #toString()}); how many calls one model runs at once; optional fault injection; whether
 * failures are logged with stack traces.
 */
public final class ServerConfig {
  private final String host;
  private final int port;
  private final String bearerToken;
  private final int modelConcurrency;
  private final long maxUploadBytes;
  private final FaultInjection faults;
  private final boolean verbose;

  private ServerConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.bearerToken = b.bearerToken;
    this.modelConcurrency = b.modelConcurrency;
    this.maxUploadBytes = b.maxUploadBytes;
    this.faults = b.faults;
    this.verbose = b.verbose;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    if (modelConcurrency < 1) {
      throw new IllegalArgumentException("model concurrency must be >= 1, got " + modelConcurrency);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  String bearerToken() {
    return bearerToken;
  }

  public int modelConcurrency() {
    return modelConcurrency;
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  public FaultInjection faults() {
    return faults;
  }

  /** Whether a failed request (500) or fine-tuning job is logged with its stack trace. */
  public boolean verbose() {
    return verbose;
  }

  @Override
  public String toString() {
    return "ServerConfig[host="
        + host
        + ", port="
        + port
        + ", token="
        + (bearerToken == null ? "none" : "(set)")
        + ", modelConcurrency="
        + modelConcurrency
        + "]";
  }

  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8000;
    private String bearerToken;
    private int modelConcurrency = 1;
    private long maxUploadBytes = 512L << 20;
    private FaultInjection faults = FaultInjection.none();
    private boolean verbose;

    public Builder optHost(String host) {
      this.host = host;
      return this;
    }

    /** 0 picks a free port. */
    public Builder optPort(int port) {
      this.port = port;
      return this;
    }

    public Builder optBearerToken(String token) {
      this.bearerToken = token == null || token.isBlank() ? null : token;
      return this;
    }

    /** Calls one model may run at once; 1 (the default) suits models that are not thread-safe. */
    public Builder optModelConcurrency(int concurrency) {
      this.modelConcurrency = concurrency;
      return this;
    }

    public Builder optMaxUploadBytes(long bytes) {
      this.maxUploadBytes = bytes;
      return this;
    }

    public Builder optFaults(FaultInjection faults) {
      this.faults = faults;
      return this;
    }

    /** Log failures with their stack traces (default: one line each). */
    public Builder optVerbose(boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(this);
    }
  }

  static Duration defaultSlowDelay() {
    return Duration.ofSeconds(2);
  }
}
