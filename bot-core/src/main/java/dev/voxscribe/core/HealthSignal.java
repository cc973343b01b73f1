package dev.voxscribe.core;

/**
 * The latest word on a connection, set by whatever loop sees it (a poll loop after each answer, a
 * gateway listener) and read by the health endpoint. Down ("starting") until first told otherwise.
 */
public final class HealthSignal {
  private volatile Health current;

  public HealthSignal() {
    this(Health.down("starting"));
  }

  public HealthSignal(Health initial) {
    this.current = initial;
  }

  public void up(String detail) {
    current = Health.up(detail);
  }

  public void down(String reason) {
    current = Health.down(reason);
  }

  public Health current() {
    return current;
  }
}
