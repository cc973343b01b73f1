package dev.voxscribe.core.transcribe;

/** The spool of services that were given none: one temporary directory per process. */
final class Spools {
  private Spools() {}

  static final AudioSpool TEMPORARY = AudioSpool.temporary();
}
