package dev.voxscribe.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4: every sample belongs to a family
 * announced by {@code # HELP} and {@code # TYPE}, names and labels are well formed, values parse,
 * histograms have ordered {@code le} buckets ending in {@code +Inf} with {@code _sum} and {@code _count}.
 * Throws on the first violation, naming the line.
 */
final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE = Pattern.compile(
      "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+-?\\d+)?$");
  private static final Pattern LABEL = Pattern.compile("\\G\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"\\s*(,|$)");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  record Sample(String name, Map<String, String> labels, double value) {}

  record Family(String name, String type, String help, List<Sample> samples) {}

  private PrometheusText() {}

  static Map<String, Family> parse(String page) {
    Map<String, Family> families = new LinkedHashMap<>();
    Map<String, String> help = new HashMap<>();
    String[] lines = page.split("\n", -1);
    if (!page.endsWith("\n")) throw new IllegalArgumentException("the page must end with a line feed");
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      String where = "line " + (i + 1) + " '" + line + "'";
      if (line.isEmpty()) continue;
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring(7).split(" ", 2);
        require(NAME.matcher(parts[0]).matches(), where + ": bad metric name");
        require(help.put(parts[0], parts.length > 1 ? parts[1] : "") == null, where + ": second HELP");
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ");
        require(parts.length == 2 && TYPES.contains(parts[1]), where + ": bad TYPE");
        require(help.containsKey(parts[0]), where + ": TYPE without HELP");
        require(!families.containsKey(parts[0]), where + ": second TYPE");
        families.put(parts[0], new Family(parts[0], parts[1], help.get(parts[0]), new ArrayList<>()));
      } else if (line.startsWith("#")) {
        continue; // other comments are allowed
      } else {
        Matcher m = SAMPLE.matcher(line);
        require(m.matches(), where + ": not a sample");
        String name = m.group(1);
        Family family = familyOf(families, name);
        require(family != null, where + ": sample without a TYPE");
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null && !m.group(3).isEmpty()) {
          Matcher l = LABEL.matcher(m.group(3));
          int end = 0;
          while (end < m.group(3).length() && l.find()) {
            require(labels.put(l.group(1), l.group(2)) == null, where + ": label twice");
            end = l.end();
          }
          require(end == m.group(3).length(), where + ": bad labels");
        }
        family.samples().add(new Sample(name, labels, value(m.group(4), where)));
      }
    }
    for (Family f : families.values()) {
      if (f.type().equals("histogram")) checkHistogram(f);
    }
    return families;
  }

  private static Family familyOf(Map<String, Family> families, String sample) {
    if (families.containsKey(sample)) return families.get(sample);
    for (String suffix : List.of("_bucket", "_sum", "_count", "_total", "_created")) {
      if (sample.endsWith(suffix)) {
        Family f = families.get(sample.substring(0, sample.length() - suffix.length()));
        if (f != null) return f;
      }
    }
    return null;
  }

  private static void checkHistogram(Family f) {
    Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      if (!s.name().endsWith("_bucket")) continue;
      Map<String, String> key = new LinkedHashMap<>(s.labels());
      require(key.remove("le") != null, f.name() + ": bucket without le");
      series.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    require(!series.isEmpty(), f.name() + ": histogram without buckets");
    series.forEach((labels, buckets) -> {
      double previousLe = Double.NEGATIVE_INFINITY;
      double previousCount = 0;
      for (Sample b : buckets) {
        double le = value(b.labels().get("le"), f.name());
        require(le > previousLe, f.name() + ": buckets out of order");
        require(b.value() >= previousCount, f.name() + ": bucket counts must not decrease");
        previousLe = le;
        previousCount = b.value();
      }
      require(previousLe == Double.POSITIVE_INFINITY, f.name() + ": no +Inf bucket");
      double inf = previousCount;
      require(f.samples().stream().anyMatch(s -> s.name().equals(f.name() + "_count") && s.labels().equals(labels)
          && s.value() == inf), f.name() + ": _count missing or not equal to the +Inf bucket");
      require(f.samples().stream().anyMatch(s -> s.name().equals(f.name() + "_sum") && s.labels().equals(labels)),
          f.name() + ": _sum missing");
    });
  }

  private static double value(String raw, String where) {
    return switch (raw) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(raw);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + ": bad value " + raw);
        }
      }
    };
  }

  private static void require(boolean ok, String problem) {
    if (!ok) throw new IllegalArgumentException(problem);
  }
}
