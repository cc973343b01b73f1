package dev.voxscribe.discord;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * Sends a {@link TranscriptReply} where it belongs, in order, with every mention disabled (a
 * transcript that says "@everyone" must not ping anyone) and embeds suppressed (a link in a
 * transcript or file name must not unfurl a preview of someone else's page).
 */
final class Replies {
  private static final Collection<Message.MentionType> NO_MENTIONS = List.of();

  private Replies() {}

  /** An answer said in the open to a command (not a transcript, but the same rules). */
  static CompletableFuture<?> publicly(IReplyCallback event, String text) {
    return event.reply(text).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true).submit();
  }

  /** The "is thinking…" placeholder; its flags stay with the message it becomes. */
  static CompletableFuture<InteractionHook> defer(IReplyCallback event, boolean privately) {
    return event.deferReply(privately).setSuppressEmbeds(true).submit();
  }

  /** An immediate private answer to an interaction that was not deferred. */
  static CompletableFuture<?> privately(IReplyCallback event, String text) {
    return event.reply(text).setEphemeral(true).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true).submit();
  }

  /** An immediate private answer of several messages (each within the limit), the file with the first. */
  static CompletableFuture<?> privately(IReplyCallback event, TranscriptReply reply) {
    var first = event.reply(reply.messages().get(0)).setEphemeral(true).setAllowedMentions(NO_MENTIONS)
        .setSuppressEmbeds(true);
    reply.file().ifPresent(bytes -> first.addFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
    CompletableFuture<?> chain = first.submit();
    for (String text : reply.messages().subList(1, reply.messages().size())) {
      chain = chain.thenCompose(previous -> event.getHook().sendMessage(text)
          .setEphemeral(true).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true).submit());
    }
    return chain;
  }

  /**
   * Completes a deferred interaction: the first message replaces the "thinking…" placeholder, the
   * rest follow. When everything failed after a public deferral, the placeholder is deleted and
   * the failure is told privately, since a public placeholder cannot become private.
   */
  static CompletableFuture<?> toInteraction(InteractionHook hook, TranscriptReply reply, boolean deferredPrivately) {
    if (reply.allFailed() && !deferredPrivately) {
      CompletableFuture<?> chain = hook.deleteOriginal().submit();
      for (String text : reply.messages()) {
        chain = chain.thenCompose(previous -> hook.sendMessage(text)
            .setEphemeral(true).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true).submit());
      }
      return chain;
    }
    MessageEditBuilder first = new MessageEditBuilder().setContent(reply.messages().get(0))
        .setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true);
    reply.file().ifPresent(bytes -> first.setFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
    MessageEditData firstData = first.build();
    CompletableFuture<?> chain = hook.editOriginal(firstData).submit();
    for (String text : reply.messages().subList(1, reply.messages().size())) {
      chain = chain.thenCompose(previous -> hook.sendMessage(text)
          .setEphemeral(deferredPrivately).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true).submit());
    }
    return chain;
  }

  /** Replies to a message in its channel or thread; later parts follow as plain messages. */
  static CompletableFuture<?> toMessage(Message message, TranscriptReply reply) {
    var first = message.reply(reply.messages().get(0)).mentionRepliedUser(false).setAllowedMentions(NO_MENTIONS)
        .setSuppressEmbeds(true);
    reply.file().ifPresent(bytes -> first.addFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
    CompletableFuture<?> chain = first.submit();
    for (String text : reply.messages().subList(1, reply.messages().size())) {
      chain = chain.thenCompose(previous ->
          message.getChannel().sendMessage(text).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true).submit());
    }
    return chain;
  }

  /**
   * Sends a reply in {@code channel} when the original message or interaction cannot carry it (a job
   * resumed after a restart, once its interaction token expired): a reply to {@code replyTo} when
   * given and still there, else a plain message.
   */
  static CompletableFuture<?> toChannel(MessageChannel channel, Optional<String> replyTo, TranscriptReply reply) {
    var first = channel.sendMessage(reply.messages().get(0)).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true);
    replyTo.ifPresent(id -> first.setMessageReference(id).failOnInvalidReply(false).mentionRepliedUser(false));
    reply.file().ifPresent(bytes -> first.addFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
    CompletableFuture<?> chain = first.submit();
    for (String text : reply.messages().subList(1, reply.messages().size())) {
      chain = chain.thenCompose(previous -> channel.sendMessage(text).setAllowedMentions(NO_MENTIONS)
          .setSuppressEmbeds(true).submit());
    }
    return chain;
  }
}
