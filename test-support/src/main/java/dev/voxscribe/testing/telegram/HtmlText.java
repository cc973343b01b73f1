package dev.voxscribe.testing.telegram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telegram's {@code parse_mode=HTML}, as strict as the Bot API's parser: only the documented tags,
 * only {@code &lt; &gt; &amp; &quot;} and numeric entities, every tag closed in order, no quote
 * inside a quote. A text that breaks a rule is refused with "can't parse entities", as the real
 * server answers. The result is the text as shown (tags gone, entities decoded) and its entities.
 */
public final class HtmlText {
  /** One formatting entity, offsets in UTF-16 units as the Bot API counts them. */
  public record Entity(String type, int offset, int length) {}

  /** The parsed message: what the reader sees, and how it is formatted. */
  public record Parsed(String text, List<Entity> entities) {}

  /** The refusal, with the reason the server gives. */
  public static final class Unparsable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unparsable(String message) {
      super("can't parse entities: " + message, null, false, false);
    }
  }

  private static final Map<String, String> SIMPLE_TAGS = Map.ofEntries(
      Map.entry("b", "bold"), Map.entry("strong", "bold"), Map.entry("i", "italic"), Map.entry("em", "italic"),
      Map.entry("u", "underline"), Map.entry("ins", "underline"), Map.entry("s", "strikethrough"),
      Map.entry("strike", "strikethrough"), Map.entry("del", "strikethrough"), Map.entry("tg-spoiler", "spoiler"),
      Map.entry("code", "code"), Map.entry("pre", "pre"));
  private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\\s+[a-zA-Z-]+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s>]+))?)*)\\s*>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+))?");

  private HtmlText() {}

  private record Open(String tag, String type, int start) {}

  public static Parsed parse(String html) {
    StringBuilder text = new StringBuilder();
    List<Entity> entities = new ArrayList<>();
    Deque<Open> open = new ArrayDeque<>();
    int i = 0;
    while (i < html.length()) {
      char c = html.charAt(i);
      if (c == '<') {
        Matcher m = TAG.matcher(html);
        if (!m.find(i) || m.start() != i) throw new Unparsable("Unsupported start tag at byte offset " + i);
        boolean closing = !m.group(1).isEmpty();
        String tag = m.group(2).toLowerCase(Locale.ROOT);
        if (closing) {
          if (open.isEmpty()) throw new Unparsable("Unexpected end tag at byte offset " + i);
          Open top = open.pop();
          if (!top.tag().equals(tag)) {
            throw new Unparsable("Unmatched end tag at byte offset " + i + ", expected \"</" + top.tag() + ">\", found \"</"
                + tag + ">\"");
          }
          if (text.length() > top.start()) entities.add(new Entity(top.type(), top.start(), text.length() - top.start()));
        } else {
          String type = type(tag, m.group(3), i);
          if (type.endsWith("blockquote") && open.stream().anyMatch(o -> o.type().endsWith("blockquote"))) {
            throw new Unparsable("Blockquote entities can't be nested");
          }
          open.push(new Open(tag, type, text.length()));
        }
        i = m.end();
      } else if (c == '&') {
        int semi = html.indexOf(';', i);
        if (semi < 0 || semi - i > 10) throw new Unparsable("Character entity expected at byte offset " + i);
        text.append(entity(html.substring(i + 1, semi), i));
        i = semi + 1;
      } else {
        text.append(c);
        i++;
      }
    }
    if (!open.isEmpty()) throw new Unparsable("Can't find end tag corresponding to start tag \"" + open.peek().tag() + "\"");
    entities.sort(java.util.Comparator.comparingInt(Entity::offset));
    return new Parsed(text.toString(), List.copyOf(entities));
  }

  private static String type(String tag, String attributes, int at) {
    Map<String, String> attrs = new java.util.HashMap<>();
    Matcher a = ATTRIBUTE.matcher(attributes == null ? "" : attributes);
    while (a.find()) {
      String v = a.group(2) == null ? "" : a.group(2).replaceAll("^[\"']|[\"']$", "");
      attrs.put(a.group(1).toLowerCase(Locale.ROOT), v);
    }
    String simple = SIMPLE_TAGS.get(tag);
    if (simple != null) return simple;
    return switch (tag) {
      case "blockquote" -> attrs.containsKey("expandable") ? "expandable_blockquote" : "blockquote";
      case "a" -> {
        if (!attrs.containsKey("href")) throw new Unparsable("Tag \"a\" must have attribute \"href\" at byte offset " + at);
        yield "text_link";
      }
      case "span" -> {
        if (!"tg-spoiler".equals(attrs.get("class"))) throw new Unparsable("Tag \"span\" must have class \"tg-spoiler\"");
        yield "spoiler";
      }
      case "tg-emoji" -> "custom_emoji";
      default -> throw new Unparsable("Unsupported start tag \"" + tag + "\" at byte offset " + at);
    };
  }

  private static String entity(String name, int at) {
    switch (name) {
      case "lt": return "<";
      case "gt": return ">";
      case "amp": return "&";
      case "quot": return "\"";
      default:
        try {
          if (name.startsWith("#x") || name.startsWith("#X")) return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
          if (name.startsWith("#")) return new String(Character.toChars(Integer.parseInt(name.substring(1))));
        } catch (IllegalArgumentException e) {
          // reported below
        }
        throw new Unparsable("Unsupported HTML entity \"&" + name + ";\" at byte offset " + at);
    }
  }
}
