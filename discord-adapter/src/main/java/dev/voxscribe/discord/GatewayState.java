package dev.voxscribe.discord;

/** What the current gateway session was granted, for features that depend on it. */
final class GatewayState {
  private volatile boolean messageContent;

  /** Whether the session has the privileged Message Content intent (attachments of server messages). */
  boolean messageContent() {
    return messageContent;
  }

  void messageContent(boolean granted) {
    this.messageContent = granted;
  }
}
