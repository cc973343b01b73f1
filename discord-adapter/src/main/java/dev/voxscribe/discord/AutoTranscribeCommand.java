package dev.voxscribe.discord;

import java.util.Locale;
import java.util.Optional;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;

import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /autotranscribe on|off [server:<bool>]}: switches automatic transcription of voice
 * messages for this channel or the whole server. Needs Manage Server; Discord hides the command
 * from others by default, and the permission is checked here again since server admins can
 * change who sees it.
 */
final class AutoTranscribeCommand implements Handlers.Slash {
  static final String NAME = "autotranscribe";
  static final String ON = "on";
  static final String OFF = "off";
  static final String SERVER = "server";
  static final String UI = "ui";
  private static final Logger log = LoggerFactory.getLogger(AutoTranscribeCommand.class);

  private final AutoSettings settings;
  private final GatewayState gateway;

  AutoTranscribeCommand(AutoSettings settings, GatewayState gateway) {
    this.settings = settings;
    this.gateway = gateway;
  }

  @Override
  public CommandData data() {
    return Commands.slash(NAME, Messages.AUTO_DESCRIPTION)
        .addSubcommands(
            new SubcommandData(ON, Messages.AUTO_ON_DESCRIPTION)
                .addOption(OptionType.BOOLEAN, SERVER, Messages.AUTO_SERVER_DESCRIPTION, false)
                .addOptions(uiOption()),
            new SubcommandData(OFF, Messages.AUTO_OFF_DESCRIPTION)
                .addOption(OptionType.BOOLEAN, SERVER, Messages.AUTO_SERVER_DESCRIPTION, false)
                .addOptions(uiOption()))
        // A server setting: only where the bot itself was added.
        .setIntegrationTypes(IntegrationType.GUILD_INSTALL)
        .setContexts(InteractionContextType.GUILD)
        .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
  }

  /** {@code ui}: the language of the bot's notes under auto-transcripts, each choice named in its own language. */
  private static OptionData uiOption() {
    OptionData ui = new OptionData(OptionType.STRING, UI, Messages.AUTO_UI_DESCRIPTION, false);
    for (String code : Messages.uiChoices()) {
      String name = code.equals(AutoSettings.UI_AUTO) ? "auto" : autonym(code);
      ui.addChoice(name, code);
    }
    return ui;
  }

  private static String autonym(String code) {
    Locale l = Locale.forLanguageTag(code);
    String name = l.getDisplayName(l);
    return name.substring(0, 1).toUpperCase(l) + name.substring(1);
  }

  @Override
  public void handle(SlashCommandInteractionEvent event) {
    Guild guild = event.getGuild();
    Member member = event.getMember();
    if (guild == null || member == null) {
      Replies.privately(event, Messages.to(event).serverOnly());
      return;
    }
    if (!event.isFromAttachedGuild()) {
      // Only a user install brought the command here: the bot cannot see this server's messages.
      Replies.privately(event, Messages.to(event).autoNeedsTheBotInTheServer());
      return;
    }
    if (!member.hasPermission(Permission.MANAGE_SERVER)) {
      log.info("/autotranscribe refused to user {} in server {}: no Manage Server", member.getId(), guild.getId());
      Replies.privately(event, Messages.to(event).needsManageServer());
      return;
    }
    boolean on = ON.equals(event.getSubcommandName());
    boolean wholeServer = event.getOption(SERVER, false, OptionMapping::getAsBoolean);
    Optional<String> ui = Optional.ofNullable(event.getOption(UI, OptionMapping::getAsString))
        .filter(Messages.uiChoices()::contains);
    Messages messages = Messages.to(event);
    String text;
    if (wholeServer) {
      settings.setGuild(guild.getId(), on);
      ui.ifPresent(code -> settings.setGuildUi(guild.getId(), code));
      text = messages.autoServer(on);
    } else {
      settings.setChannel(event.getChannelId(), on);
      ui.ifPresent(code -> settings.setChannelUi(event.getChannelId(), code));
      text = messages.autoChannel(event.getChannel().getAsMention(), on);
    }
    if (ui.isPresent()) text += "\n" + messages.autoUi(ui.get());
    log.info("Auto-transcription {} for {} {} by user {}", on ? "on" : "off",
        wholeServer ? "server" : "channel", wholeServer ? guild.getId() : event.getChannelId(), member.getId());
    if (on && !gateway.messageContent()) text += "\n" + messages.autoNeedsMessageContent();
    // Said in the open, so everyone in the channel knows their voice messages get transcribed.
    Replies.publicly(event, text).whenComplete((ok, error) -> {
      if (error != null) log.warn("Could not answer interaction {}: {}", event.getId(), error.toString());
    });
  }
}
