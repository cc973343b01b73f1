package dev.voxscribe.core;

/** Whether a part of the bot can do its work now: {@link Up} or {@link Down}, with why. */
public sealed interface Health {
  /** @param detail what an operator may want to know, e.g. "long polling" */
  record Up(String detail) implements Health {}

  /** @param reason why not, naming the variable or address to check when there is one */
  record Down(String reason) implements Health {}

  static Health up(String detail) {
    return new Up(detail);
  }

  static Health down(String reason) {
    return new Down(reason);
  }

  default boolean isUp() {
    return this instanceof Up;
  }

  /** The detail or the reason. */
  default String description() {
    return this instanceof Up up ? up.detail() : ((Down) this).reason();
  }
}
