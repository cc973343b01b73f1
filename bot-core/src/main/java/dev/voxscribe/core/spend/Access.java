package dev.voxscribe.core.spend;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The allowlist, blocklist and operators, in the forms of {@code VOXSCRIBE_ALLOWED},
 * {@code VOXSCRIBE_BLOCKED} ({@code telegram:<chat or user id>}, {@code discord:guild:<id>},
 * {@code discord:user:<id>}) and {@code VOXSCRIBE_ADMINS} ({@code telegram:<user id>},
 * {@code discord:<user id>}).
 *
 * @param allowed empty: everyone is allowed
 */
public record Access(Set<String> allowed, Set<String> blocked, Set<String> admins) {
  public static final Access OPEN = new Access(Set.of(), Set.of(), Set.of());

  /** One entry of the allow- or blocklist. */
  public static final Pattern LIST_ENTRY = Pattern.compile("^(telegram:-?\\d{1,20}|discord:(guild|user):\\d{1,20})$");
  /** One operator. */
  public static final Pattern ADMIN_ENTRY = Pattern.compile("^(telegram|discord):\\d{1,20}$");

  public Access {
    allowed = normalise(allowed, LIST_ENTRY, "allowlist");
    blocked = normalise(blocked, LIST_ENTRY, "blocklist");
    admins = normalise(admins, ADMIN_ENTRY, "admin");
  }

  private static Set<String> normalise(Set<String> entries, Pattern form, String what) {
    return entries.stream().map(e -> e.strip().toLowerCase(Locale.ROOT)).peek(e -> {
      if (!form.matcher(e).matches()) throw new IllegalArgumentException("not a valid " + what + " entry: '" + e + "'");
    }).collect(Collectors.toUnmodifiableSet());
  }

  /** Whether {@code who} is one of the operators. */
  public boolean isAdmin(Requester who) {
    return admins.contains(who.platform() + ":" + who.person());
  }

  /** Why {@code who} gets nothing, if so: blocked, or outside a set allowlist. Operators always pass. */
  Optional<Refusal> check(Requester who) {
    if (who.platform().equals("local") || isAdmin(who)) return Optional.empty();
    Set<String> names = names(who);
    if (names.stream().anyMatch(blocked::contains)) return Optional.of(Refusal.notAllowed());
    if (!allowed.isEmpty() && names.stream().noneMatch(allowed::contains)) return Optional.of(Refusal.notAllowed());
    return Optional.empty();
  }

  private static Set<String> names(Requester who) {
    // A set of distinct names: a channel posting in itself is both the person and the chat.
    Set<String> names = new java.util.HashSet<>();
    if (who.platform().equals("discord")) {
      names.add("discord:user:" + who.person());
      if (!who.privateChat()) names.add("discord:guild:" + who.chat());
    } else {
      names.add(who.platform() + ":" + who.person());
      names.add(who.platform() + ":" + who.chat());
    }
    return names;
  }
}
