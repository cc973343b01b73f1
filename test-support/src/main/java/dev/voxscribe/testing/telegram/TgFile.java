package dev.voxscribe.testing.telegram;

/**
 * A file the stand-in knows: what a message carries about it and where {@code getFile} says it lives.
 *
 * @param fileId the id used to download it; differs between copies of one file (forwards)
 * @param fileUniqueId the same for every copy of the file, across forwards and bots
 * @param size the size in bytes
 * @param path the {@code file_path} that {@code getFile} answers
 */
public record TgFile(String fileId, String fileUniqueId, long size, String path) {}
