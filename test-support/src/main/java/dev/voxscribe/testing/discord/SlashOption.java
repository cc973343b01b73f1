package dev.voxscribe.testing.discord;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** One option of a slash command invocation, in the shape of Discord's interaction data. */
public final class SlashOption {
  private final ObjectNode json;
  private final Optional<FakeAttachment> attachment;
  private final List<SlashOption> children;

  private SlashOption(ObjectNode json, Optional<FakeAttachment> attachment, List<SlashOption> children) {
    this.json = json;
    this.attachment = attachment;
    this.children = children;
  }

  public static SlashOption string(String name, String value) {
    return new SlashOption(base(name, 3).put("value", value), Optional.empty(), List.of());
  }

  public static SlashOption bool(String name, boolean value) {
    return new SlashOption(base(name, 5).put("value", value), Optional.empty(), List.of());
  }

  /** An ATTACHMENT option (type 11): the value is the id, the object goes to {@code resolved}. */
  public static SlashOption attachment(String name, FakeAttachment file) {
    return new SlashOption(base(name, 11).put("value", file.id()), Optional.of(file), List.of());
  }

  public static SlashOption subcommand(String name, SlashOption... options) {
    ObjectNode node = base(name, 1);
    var array = node.putArray("options");
    for (SlashOption o : options) array.add(o.json);
    return new SlashOption(node, Optional.empty(), List.of(options));
  }

  private static ObjectNode base(String name, int type) {
    return JsonNodeFactory.instance.objectNode().put("name", name).put("type", type);
  }

  ObjectNode json() {
    return json;
  }

  /** Every attachment in this option and below it. */
  List<FakeAttachment> attachments() {
    java.util.ArrayList<FakeAttachment> all = new java.util.ArrayList<>();
    attachment.ifPresent(all::add);
    for (SlashOption c : children) all.addAll(c.attachments());
    return all;
  }
}
