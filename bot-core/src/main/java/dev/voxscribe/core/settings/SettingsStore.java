package dev.voxscribe.core.settings;

import java.util.Map;
import java.util.Optional;

/**
 * Small per-chat settings that survive a restart. A scope names the chat, channel or server
 * ({@code telegram:chat:-100123}, {@code discord:channel:42}); keys are short names ({@code auto}).
 */
public interface SettingsStore extends AutoCloseable {
  Optional<String> get(String scope, String key);

  void put(String scope, String key, String value);

  void remove(String scope, String key);

  /**
   * Every scope starting with {@code scopePrefix} that has {@code key}, with its value: for the few
   * settings read back across chats (the direct messages to catch up on after a restart).
   */
  Map<String, String> withKey(String scopePrefix, String key);

  @Override
  void close();
}
