package dev.voxscribe.discord;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link TranscriptReply} where it belongs, in order, with every mention disabled (a
 * transcript that says "@everyone" must not ping anyone) and embeds suppressed (a link in a
 * transcript or file name must not unfurl a preview of someone else's page).
 *
 * <p>When Discord refuses a message for its content (a 400 such as 50035 Invalid Form Body, or a
 * request JDA cannot even build), the rest of the reply is sent again without the characters
 * platforms refuse, and when that is refused too, the whole reply comes as {@code transcript.txt}:
 * a transcript always arrives and "thinking…" never stays. Buttons under a transcript go with the
 * last message that carries it, whichever of those ways it took.
 */
final class Replies {
  private static final Logger log = LoggerFactory.getLogger(Replies.class);
  private static final Collection<Message.MentionType> NO_MENTIONS = List.of();

  private Replies() {}

  /**
   * Sends one message of a reply: the first (which answers or replaces the placeholder) or a later
   * one, with {@code rows} of buttons under it (the last message's; empty for the others).
   */
  @FunctionalInterface
  interface Sender {
    CompletableFuture<?> send(boolean first, String text, Optional<byte[]> file, List<ActionRow> rows);
  }

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
    return privately(event, reply, List.of());
  }

  /** As above, with {@code rows} of buttons under the last message. */
  static CompletableFuture<?> privately(IReplyCallback event, TranscriptReply reply, List<ActionRow> rows) {
    return deliver(reply, "interaction " + event.getId(), rows, (first, text, file, under) -> {
      if (first) {
        var message = event.reply(text).setEphemeral(true).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true);
        file.ifPresent(bytes -> message.addFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
        if (!under.isEmpty()) message.setComponents(under);
        return message.submit();
      }
      return followUp(event.getHook(), text, file, true, under);
    });
  }

  /**
   * Completes a deferred interaction: the first message replaces the "thinking…" placeholder, the
   * rest follow. When everything failed after a public deferral, the placeholder is deleted and
   * the failure is told privately, since a public placeholder cannot become private.
   */
  static CompletableFuture<?> toInteraction(InteractionHook hook, TranscriptReply reply, boolean deferredPrivately) {
    return toInteraction(hook, reply, deferredPrivately, List.of());
  }

  /** As above, with {@code rows} of buttons under the last message. */
  static CompletableFuture<?> toInteraction(InteractionHook hook, TranscriptReply reply, boolean deferredPrivately,
      List<ActionRow> rows) {
    String where = where(hook);
    if (reply.allFailed() && !deferredPrivately) {
      CompletableFuture<?> deleted = hook.deleteOriginal().submit();
      return deleted.thenCompose(x -> deliver(reply, where, rows,
          (first, text, file, under) -> followUp(hook, text, file, true, under)));
    }
    return deliver(reply, where, rows, (first, text, file, under) -> {
      if (!first) return followUp(hook, text, file, deferredPrivately, under);
      MessageEditBuilder edit = new MessageEditBuilder().setContent(text)
          .setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true);
      file.ifPresent(bytes -> edit.setFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
      if (!under.isEmpty()) edit.setComponents(under);
      return hook.editOriginal(edit.build()).submit();
    });
  }

  /** Replies to a message in its channel or thread; later parts follow as plain messages. */
  static CompletableFuture<?> toMessage(Message message, TranscriptReply reply) {
    return toMessage(message, reply, List.of());
  }

  /** As above, with {@code rows} of buttons under the last message. */
  static CompletableFuture<?> toMessage(Message message, TranscriptReply reply, List<ActionRow> rows) {
    return deliver(reply, "message " + message.getId(), rows, (first, text, file, under) -> {
      var action = first
          ? message.reply(text).mentionRepliedUser(false)
          : message.getChannel().sendMessage(text);
      action.setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true);
      file.ifPresent(bytes -> action.addFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
      if (!under.isEmpty()) action.setComponents(under);
      return action.submit();
    });
  }

  /** A hook made from a kept token (a resumed job) has no interaction to name. */
  private static String where(InteractionHook hook) {
    try {
      return "interaction " + hook.getInteraction().getId();
    } catch (RuntimeException e) {
      return "a resumed interaction";
    }
  }

  private static CompletableFuture<?> followUp(InteractionHook hook, String text, Optional<byte[]> file,
      boolean ephemeral, List<ActionRow> rows) {
    var action = hook.sendMessage(text).setEphemeral(ephemeral).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true);
    file.ifPresent(bytes -> action.addFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
    if (!rows.isEmpty()) action.setComponents(rows);
    return action.submit();
  }

  /**
   * Sends {@code reply} in order; a message Discord refuses for its content is sent again clean,
   * with the ones after it, and when refused again the whole reply follows as a file. Completes
   * exceptionally only when even that failed, or for a failure no other text would change. The
   * {@code rows} of buttons go under the last message sent.
   */
  static CompletableFuture<?> deliver(TranscriptReply reply, String where, List<ActionRow> rows, Sender sender) {
    AtomicInteger sent = new AtomicInteger();
    return sendFrom(reply, rows, sender, sent).exceptionallyCompose(e -> {
      if (!refused(e)) return CompletableFuture.failedFuture(e);
      Optional<TranscriptReply> clean = reply.cleaned().filter(c -> !c.messages().equals(reply.messages()));
      CompletableFuture<Object> retry = clean.isPresent()
          ? sendFrom(clean.get(), rows, sender, sent)
          : CompletableFuture.failedFuture(e);
      return retry.handle((ok, e2) -> {
        if (e2 == null) {
          log.info("Discord refused the reply in {} ({}); sent it without control characters", where, describe(e));
          return CompletableFuture.completedFuture(ok);
        }
        if (!refused(e2)) return CompletableFuture.<Object>failedFuture(e2);
        log.info("Discord refused the reply in {} ({}); sending it as {}", where, describe(e2),
            Messages.transcriptFileName());
        TranscriptReply file = reply.asFile();
        return send(sender, sent.get() == 0, file.messages().get(0), file.file(), rows);
      }).thenCompose(f -> f);
    });
  }

  /** Sends the messages of {@code reply} from the first not yet sent, counting each one that went. */
  private static CompletableFuture<Object> sendFrom(TranscriptReply reply, List<ActionRow> rows, Sender sender,
      AtomicInteger sent) {
    CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
    int last = reply.messages().size() - 1;
    for (int i = sent.get(); i <= last; i++) {
      boolean first = i == 0;
      String text = reply.messages().get(i);
      List<ActionRow> under = i == last ? rows : List.of();
      chain = chain.thenCompose(x -> send(sender, first, text, first ? reply.file() : Optional.empty(), under))
          .thenApply(x -> {
            sent.incrementAndGet();
            return x;
          });
    }
    return chain;
  }

  /**
   * Sends a reply in {@code channel} when the original message or interaction cannot carry it (a job
   * resumed after a restart, once its interaction token expired): a reply to {@code replyTo} when
   * given and still there, else a plain message.
   */
  static CompletableFuture<?> toChannel(MessageChannel channel, Optional<String> replyTo, TranscriptReply reply,
      List<ActionRow> rows) {
    return deliver(reply, "channel " + channel.getId(), rows, (first, text, file, under) -> {
      var action = channel.sendMessage(text).setAllowedMentions(NO_MENTIONS).setSuppressEmbeds(true);
      if (first) replyTo.ifPresent(id -> action.setMessageReference(id).failOnInvalidReply(false).mentionRepliedUser(false));
      file.ifPresent(bytes -> action.addFiles(FileUpload.fromData(bytes, Messages.transcriptFileName())));
      if (!under.isEmpty()) action.setComponents(under);
      return action.submit();
    });
  }

  private static CompletableFuture<Object> send(Sender sender, boolean first, String text, Optional<byte[]> file,
      List<ActionRow> rows) {
    try {
      return sender.send(first, text, file, rows).thenApply(x -> (Object) x);
    } catch (RuntimeException e) {
      // JDA checks some content as it builds the request (length, encoding): a refusal too.
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Whether the content may be what Discord refused: a 400 (50035 Invalid Form Body, 50006 empty
   * message, an AutoMod block), or a request JDA would not build. Not a missing permission, an
   * unknown channel or an outage, which no other text would change.
   */
  static boolean refused(Throwable e) {
    Throwable cause = unwrap(e);
    if (cause instanceof ErrorResponseException r) return r.getResponse() != null && r.getResponse().code == 400;
    return cause instanceof IllegalArgumentException;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable e) {
    Throwable cause = unwrap(e);
    if (cause instanceof ErrorResponseException r) return r.getErrorCode() + " " + r.getMeaning();
    return cause.toString();
  }
}
