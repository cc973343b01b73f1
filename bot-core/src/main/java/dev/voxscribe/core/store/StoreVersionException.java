package dev.voxscribe.core.store;

/** The database was written by a newer VoxScribe: this one must not touch it. */
public final class StoreVersionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  StoreVersionException(String message) {
    super(message);
  }
}
