package dev.voxscribe.discord;

import dev.voxscribe.core.stt.SpeechToText;
import dev.voxscribe.core.transcribe.JobProgress;
import java.util.Map;
import java.util.function.Function;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.extras.ExtraResult;
import dev.voxscribe.core.extras.Press;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.transcribe.TranscriptionService;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the transcription of several attachments at once and gathers their outcomes in order. */
final class Transcriber {
  /** The metrics label of Discord's requests and replies. */
  static final String PLATFORM = "discord";
  private final Duration answerWithin;
  private static final Logger log = LoggerFactory.getLogger(Transcriber.class);

  private final TranscriptionService service;
  private final AttachmentAudio audio;

  private final JobKeeper keeper;
  private final Optional<TranscriptExtras> extras;

  Transcriber(TranscriptionService service, AttachmentAudio audio, Duration answerWithin) {
    this(service, audio, answerWithin, JobKeeper.none(), Optional.empty());
  }

  Transcriber(TranscriptionService service, AttachmentAudio audio, Duration answerWithin, JobKeeper keeper,
      Optional<TranscriptExtras> extras) {
    this.keeper = keeper;
    this.service = service;
    this.audio = audio;
    this.answerWithin = answerWithin;
    this.extras = extras;
  }

  Optional<TranscriptExtras> extras() {
    return extras;
  }

  TranscriptionService service() {
    return service;
  }

  /** Where jobs are recorded before their work starts. */
  JobKeeper keeper() {
    return keeper;
  }

  /** How long a command may wait for its transcripts before its interaction must be answered. */
  Duration answerWithin() {
    return answerWithin;
  }

  /** Asks the service for every attachment now; {@code where} names the origin in log lines. */
  Batch start(List<Message.Attachment> attachments, Optional<String> language, String where, Requester who) {
    return startRefs(attachments.stream().map(AttachmentRef::of).toList(), language, where, who);
  }

  /** As {@link #start}, for attachments known by reference (a job resumed after a restart). */
  Batch startRefs(List<AttachmentRef> attachments, Optional<String> language, String where, Requester who) {
    return startRefs(attachments, language, where, who, a -> JobProgress.NONE, Map.of());
  }

  /**
   * As above, each attachment's progress told to {@code progress}; an attachment with a generation in
   * {@code generations} (taken by the service before a restart) is polled again, never created again.
   */
  Batch startRefs(List<AttachmentRef> attachments, Optional<String> language, String where, Requester who,
      Function<AttachmentRef, JobProgress> progress, Map<String, SpeechToText.Started> generations) {
    return startRefs(attachments, language, where, who, progress, generations, false);
  }

  /**
   * As above, for a job kept from before a restart: an attachment whose create may have reached the
   * service with no answer back is not created again (it fails as {@code INTERRUPTED}).
   */
  Batch resumeRefs(List<AttachmentRef> attachments, Optional<String> language, String where, Requester who,
      Function<AttachmentRef, JobProgress> progress, Map<String, SpeechToText.Started> generations) {
    return startRefs(attachments, language, where, who, progress, generations, true);
  }

  private Batch startRefs(List<AttachmentRef> attachments, Optional<String> language, String where, Requester who,
      Function<AttachmentRef, JobProgress> progress, Map<String, SpeechToText.Started> generations, boolean resumed) {
    List<Item> items = new ArrayList<>();
    for (AttachmentRef a : attachments) {
      CompletableFuture<Transcript> future;
      try {
        future = service.transcribe(audio.request(a, language, who, progress.apply(a),
            Optional.ofNullable(generations.get(a.id())), resumed));
      } catch (RuntimeException e) {
        future = CompletableFuture.failedFuture(e);
      }
      items.add(new Item(a, future));
    }
    return new Batch(List.copyOf(items), where, extras);
  }

  private record Item(AttachmentRef attachment, CompletableFuture<Transcript> future) {}

  /** Transcriptions in flight for one message or command. */
  static final class Batch {
    private final List<Item> items;
    private final String where;
    private final Optional<TranscriptExtras> extras;

    private Batch(List<Item> items, String where, Optional<TranscriptExtras> extras) {
      this.items = items;
      this.where = where;
      this.extras = extras;
    }

    /**
     * The button rows under the reply to {@code outcomes} (this batch's, in order): one row per
     * transcript (at most five), labelled with the file name when there are several; none when
     * buttons are off or nothing was transcribed.
     */
    List<ActionRow> buttons(List<Outcome> outcomes, Messages messages) {
      if (extras.isEmpty()) return List.of();
      boolean labelled = outcomes.size() > 1;
      List<ActionRow> rows = new ArrayList<>();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < outcomes.size() && i < items.size() && rows.size() < 5; i++) {
        if (!(outcomes.get(i) instanceof Outcome.Done done)) continue;
        AttachmentRef a = items.get(i).attachment();
        // Voice messages carry a waveform; other audio and video files get subtitles.
        boolean file = !a.voice();
        List<Press> presses;
        try {
          presses = extras.get().buttons(done.transcript(), file);
        } catch (RuntimeException e) {
          log.warn("Could not keep the transcript of attachment {} for its buttons: {}", a.id(), e.toString());
          continue;
        }
        List<Button> buttons = new ArrayList<>();
        for (Press p : presses) {
          if (!seen.add(p.data())) continue; // the same recording twice: custom ids must be unique in a message
          buttons.add(Button.secondary(p.data(), labelled ? messages.buttonLabel(p.action(), a.filename())
              : messages.buttonLabel(p.action())));
        }
        if (!buttons.isEmpty()) rows.add(ActionRow.of(buttons));
      }
      return rows;
    }

    /**
     * {@code outcomes} (this batch's, in order) with a summary above each voice message longer than
     * {@code VOXSCRIBE_AUTO_SUMMARY_SECONDS}, paid by {@code who}; a failed or refused summary leaves
     * the transcript as it is. Never completes exceptionally.
     */
    CompletableFuture<List<Outcome>> withAutoSummaries(List<Outcome> outcomes, Requester who) {
      Optional<Duration> after = extras.flatMap(e -> e.policy().autoSummaryAfter());
      if (after.isEmpty()) return CompletableFuture.completedFuture(outcomes);
      List<CompletableFuture<Outcome>> each = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome o = outcomes.get(i);
        // Voice messages carry a waveform; files are not "voice notes".
        boolean voice = i < items.size() && items.get(i).attachment().voice();
        Optional<Duration> length = o instanceof Outcome.Done d ? d.announcedLength().or(d.transcript()::audioDuration)
            : Optional.empty();
        if (!(o instanceof Outcome.Done done) || !voice || done.transcript().isBlank() || length.isEmpty()
            || length.get().compareTo(after.get()) <= 0) {
          each.add(CompletableFuture.completedFuture(o));
          continue;
        }
        each.add(extras.get().autoSummary(done.transcript(), who)
            .handle((r, e) -> r instanceof ExtraResult.Text s ? done.withSummary(s.text()) : o));
      }
      return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
          .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    /** True when every transcription already failed (a refusal from the limits): no need to defer. */
    boolean allFailedAlready() {
      return items.stream().allMatch(i -> i.future().isCompletedExceptionally());
    }

    /** Completes, never exceptionally, once every transcription has finished. */
    CompletableFuture<List<Outcome>> outcomes() {
      List<CompletableFuture<Outcome>> each = new ArrayList<>();
      for (Item i : items) {
        each.add(i.future().handle((transcript, error) -> outcome(i, transcript, error)));
      }
      return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
          .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    /** The outcomes of a batch where {@link #allFailedAlready()} holds. */
    List<Outcome> failedNow() {
      return outcomes().join();
    }

    private Outcome outcome(Item i, Transcript transcript, Throwable error) {
      AttachmentRef a = i.attachment();
      if (error == null) {
        log.info("Transcribed attachment {} in {}: {} characters, generation {}",
            a.id(), where, transcript.text().length(), transcript.generationId());
        return new Outcome.Done(a.filename(), transcript, a.length());
      }
      TranscriptionException te = TranscriptionException.from(error);
      if (te.kind().operatorProblem()) {
        log.error("Transcription of attachment {} in {} failed, the operator must act: {} ({})",
            a.id(), where, te.kind(), te.getMessage());
      } else {
        log.warn("Transcription of attachment {} in {} failed: {} ({})", a.id(), where, te.kind(), te.getMessage());
      }
      return new Outcome.Failed(a.filename(), te);
    }
  }
}
