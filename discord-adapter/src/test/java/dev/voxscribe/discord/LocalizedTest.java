package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.MODERATOR;
import static dev.voxscribe.testing.discord.FakeDiscord.RANDOM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.SlashOption.attachment;
import static dev.voxscribe.testing.discord.SlashOption.string;
import static dev.voxscribe.testing.discord.SlashOption.subcommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voxscribe.core.text.Texts;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers in the interaction's locale, auto-transcripts in the channel's choice or the server's language. */
class LocalizedTest {
  /** The Discord locales the bundles serve; English is the commands' own text. */
  static final Set<String> LOCALIZED = Set.of("de", "es-ES", "es-419", "fr", "it", "pt-BR", "ru", "uk", "tr");

  @TempDir static Path dataDir;
  static TestBed bed;
  static FakeDiscord discord;

  @BeforeAll
  static void start() throws Exception {
    bed = new TestBed(dataDir, false, Deferral.ANSWER_WITHIN, "uk");
    discord = bed.discord;
    discord.userLocale(MEMBER, "fr");
  }

  @AfterAll
  static void stop() {
    if (bed != null) bed.close();
  }

  @BeforeEach
  void answerHello() {
    bed.aiml.script(JobScript.completes("Bonjour.").afterPolls(1));
  }

  @Test
  void everyBundleHasEveryKeyWithTheSamePlaceholdersAndThePluralFormsItNeeds() {
    assertThat(Messages.TEXTS.problems()).isEmpty();
    Messages ru = Messages.in(Locale.forLanguageTag("ru"));
    Messages uk = Messages.in(Locale.forLanguageTag("uk"));
    assertThat(IntStream.of(1, 2, 5, 21).mapToObj(n -> ru.limit(Duration.ofSeconds(n))))
        .containsExactly("1 секунда", "2 секунды", "5 секунд", "21 секунда");
    assertThat(IntStream.of(1, 2, 5, 21).mapToObj(n -> uk.limit(Duration.ofMinutes(n))))
        .containsExactly("1 хвилина", "2 хвилини", "5 хвилин", "21 хвилина");
  }

  @Test
  void aFrenchInteractionIsAnsweredInFrench() {
    FakeAttachment pdf = discord.upload(GENERAL_CHANNEL_ID, "notes.pdf", "application/pdf", new byte[] {'%', 'P', 'D', 'F'});
    FakeInteraction refused = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", pdf));
    DiscordCall no = discord.awaitCall(c -> c.path().equals(refused.callbackPath()), WAIT);
    assertThat(no.ephemeral()).isTrue();
    assertThat(no.json().path("data").path("content").asText())
        .isEqualTo("**notes.pdf** n’est pas un fichier audio ou vidéo : rien à transcrire.");

    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", TestBed.uniqueAudio());
    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));
    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(edit.content()).startsWith("Bonjour.").contains("\n-# anglais · 0:0");

    FakeInteraction help = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "help");
    DiscordCall helped = discord.awaitCall(c -> c.path().equals(help.callbackPath()), WAIT);
    assertThat(helped.ephemeral()).isTrue();
    assertThat(helped.json().path("data").path("content").asText())
        .isEqualTo(Messages.in(Locale.FRENCH).help(bed.stack.service().limits()))
        .startsWith("🎙 **Je transforme les messages vocaux en texte.**").contains("1 Mo et 2 minutes par fichier");
  }

  @Test
  void everyCommandCarriesNameAndDescriptionLocalizations() {
    discord.awaitCall(c -> c.method().equals("PUT") && c.path().equals("applications/" + APPLICATION_ID + "/commands"), WAIT);
    assertThat(discord.globalCommands()).containsOnlyKeys("transcribe", "autotranscribe", "help", "usage", "stats", "Transcribe");
    List<String> checked = new ArrayList<>();
    for (JsonNode command : discord.globalCommands().values()) {
      boolean slash = command.path("type").asInt(1) == 1;
      assertLocalized(command, slash, command.path("name").asText(), checked);
    }
    assertThat(checked).as("commands, subcommands and options checked").hasSizeGreaterThan(10);
    JsonNode transcribe = discord.globalCommands().get("transcribe");
    assertThat(transcribe.path("description_localizations").path("de").asText()).isEqualTo("Eine Audio- oder Videodatei in Text verwandeln");
    assertThat(transcribe.path("name_localizations").path("ru").asText()).isEqualTo("расшифровать");
    assertThat(discord.globalCommands().get("Transcribe").path("name_localizations").path("pt-BR").asText()).isEqualTo("Transcrever");
  }

  private static void assertLocalized(JsonNode node, boolean slash, String where, List<String> checked) {
    assertThat(node.path("name_localizations").isObject()).as("name_localizations of %s", where).isTrue();
    Set<String> names = new java.util.TreeSet<>();
    node.path("name_localizations").fieldNames().forEachRemaining(names::add);
    assertThat(names).as("name locales of %s", where).containsExactlyInAnyOrderElementsOf(LOCALIZED);
    if (slash) {
      Set<String> descriptions = new java.util.TreeSet<>();
      node.path("description_localizations").fieldNames().forEachRemaining(descriptions::add);
      assertThat(descriptions).as("description locales of %s", where).containsExactlyInAnyOrderElementsOf(LOCALIZED);
    }
    checked.add(where);
    for (JsonNode option : node.path("options")) {
      assertLocalized(option, slash, where + " " + option.path("name").asText(), checked);
    }
  }

  @Test
  void autoTranscriptsFollowTheChannelsUiChoiceElseTheServersLanguage() {
    FakeInteraction set = discord.slashCommand(RANDOM_CHANNEL_ID, MODERATOR, "autotranscribe",
        subcommand("on", string("ui", "de")));
    DiscordCall answer = discord.awaitCall(c -> c.path().equals(set.callbackPath()), WAIT);
    assertThat(answer.json().path("data").path("content").asText()).contains("My notes under transcripts here are now in German.");
    assertThat(bed.settings.get(AutoSettings.channelScope(RANDOM_CHANNEL_ID), AutoSettings.UI)).contains("de");

    FakeAttachment heard = discord.voiceAttachment(RANDOM_CHANNEL_ID, TestBed.uniqueAudio(), 1.2);
    String voice = discord.sendVoiceMessage(RANDOM_CHANNEL_ID, MEMBER, heard);
    DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + RANDOM_CHANNEL_ID + "/messages")
        && c.replyTo().equals(java.util.Optional.of(voice)), WAIT);
    assertThat(reply.content()).startsWith("Bonjour.").contains("\n-# Englisch · 0:0");

    FakeInteraction general = discord.slashCommand(GENERAL_CHANNEL_ID, MODERATOR, "autotranscribe", subcommand("on"));
    discord.awaitCall(c -> c.path().equals(general.callbackPath()), WAIT);
    FakeAttachment other = discord.voiceAttachment(GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 1.2);
    String second = discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER, other);
    DiscordCall inServerLanguage = discord.awaitCall(c -> c.matches("POST", "channels/" + GENERAL_CHANNEL_ID + "/messages")
        && c.replyTo().equals(java.util.Optional.of(second)), WAIT);
    assertThat(inServerLanguage.content()).as("the server's preferred_locale is uk")
        .startsWith("Bonjour.").contains("\n-# англійська · 0:0");
  }

  @Test
  void supportedLanguagesAreTheNine() {
    assertThat(Texts.SUPPORTED).extracting(Locale::toLanguageTag)
        .containsExactly("en", "de", "es", "fr", "it", "pt-BR", "ru", "uk", "tr");
  }
}
