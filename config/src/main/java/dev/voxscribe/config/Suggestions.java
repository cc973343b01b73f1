package dev.voxscribe.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "did you mean VOXSCRIBE_MODEL?" for a name that is close to a known one. */
final class Suggestions {
  /** {@code params:} is a YAML key beside the variables. */
  private static final String PARAMS = "PARAMS";
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private Suggestions() {}

  /** {@code " (did you mean X?)"}, or {@code ""} when no known name is close enough to be a typo. */
  static String didYouMean(String unknown) {
    String key = Variable.canonical(unknown);
    List<String> known = new ArrayList<>();
    for (Variable v : Variable.values()) known.add(v.name());
    known.add(PARAMS);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = DISTANCE.apply(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // A third of the name may be wrong: catches swapped, doubled and missing letters, not other words.
    if (best == null || bestDistance > Math.max(2, key.length() / 3)) return "";
    return " (did you mean " + (best.equals(PARAMS) ? PARAMS.toLowerCase(Locale.ROOT) : best) + "?)";
  }
}
