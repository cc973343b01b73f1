package dev.voxscribe.core.store;

/**
 * Work one instance of the cluster does at a time: Telegram's long poll (Telegram allows one
 * {@code getUpdates} at a time per bot), its {@code setWebhook} and {@code setMyCommands}. On
 * PostgreSQL a session advisory lock per role, on a connection of its own: when the holder dies,
 * the server ends its session and the lock is free for a standby's next {@link #hold}.
 */
public interface Leadership extends AutoCloseable {
  /**
   * Takes the role, or confirms this instance still holds it; false when another instance holds it
   * or the database cannot be reached. Call it again at least every third of the lease: that call
   * is what keeps a live holder's session from timing out, and what tells a standby it may take over.
   */
  boolean hold(String role);

  /** Gives the role up (another instance's next {@link #hold} gets it). */
  void release(String role);

  @Override
  void close();

  /** A single instance: it always holds every role. */
  Leadership ALONE = new Leadership() {
    @Override
    public boolean hold(String role) {
      return true;
    }

    @Override
    public void release(String role) {}

    @Override
    public void close() {}
  };
}
