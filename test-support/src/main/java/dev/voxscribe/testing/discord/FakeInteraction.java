package dev.voxscribe.testing.discord;

/**
 * An interaction the stand-in dispatched; its token addresses the callback and webhook routes.
 *
 * @param id the interaction's snowflake
 * @param token the interaction token
 * @param name the command name
 */
public record FakeInteraction(String id, String token, String name) {

  /** Path prefix of the callback route. */
  public String callbackPath() {
    return "interactions/" + id + "/" + token + "/callback";
  }

  /** Path of the original response, for the given application. */
  public String originalPath(String applicationId) {
    return "webhooks/" + applicationId + "/" + token + "/messages/@original";
  }

  /** Path of follow-up messages, for the given application. */
  public String followupPath(String applicationId) {
    return "webhooks/" + applicationId + "/" + token;
  }
}
