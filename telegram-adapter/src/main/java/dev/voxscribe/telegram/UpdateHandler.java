package dev.voxscribe.telegram;

/**
 * Takes each update as it arrives, in order, on the long-poll thread (or the webhook's). The next
 * {@code getUpdates}, which confirms to Telegram that the batch was received, is only sent once the
 * handler has returned for every update of the batch; in webhook mode the call is answered after it
 * returned. So a handler that records updates durably does so before Telegram forgets them.
 */
@FunctionalInterface
interface UpdateHandler {

  /**
   * Takes {@code update}. Must not wait on the network: hand real work to other threads.
   *
   * @throws RuntimeException when the update could not be taken (e.g. the store is unwritable): it is
   *     not confirmed, and Telegram delivers it again (with the rest of its batch) after a pause
   */
  void handle(ReceivedUpdate update);
}
