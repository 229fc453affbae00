package dev.realtimehub.channel;

import dev.realtimehub.error.HubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The set of channel types this hub serves, read from {@code conf/channels.yaml}. Immutable, thread-safe. */
public final class ChannelTypes {

  private final Map<String, ChannelType> types;

  public ChannelTypes(Collection<ChannelType> types) {
    Map<String, ChannelType> byName = new LinkedHashMap<>();
    types.forEach(type -> byName.put(type.name(), type));
    this.types = Map.copyOf(byName);
  }

  public Collection<ChannelType> all() {
    return types.values();
  }

  /** The type of a channel, or a {@code NOT_FOUND} hub error when the hub has no such type. */
  public ChannelType typeOf(ChannelName channel) {
    ChannelType type = types.get(channel.type());
    if (type == null) {
      throw HubException.notFound("unknown channel type '" + channel.type() + "'");
    }
    if (!type.acceptsId(channel)) {
      throw HubException.badRequest(type.idPolicy() == ChannelType.IdPolicy.NONE
        ? "channels of type '" + type.name() + "' take no id"
        : "channels of type '" + type.name() + "' need an id (" + type.name() + ".{id})");
    }
    return type;
  }

  /** Parses the {@code types} list of the channel file, reporting every problem to {@code problems}. */
  /** The name of the channel on which nodes instruct each other; never a type. */
  public static final String RESERVED = "hub_control";

  public static ChannelTypes parse(JsonObject file, Consumer<String> problems) {
    List<ChannelType> types = new ArrayList<>();
    JsonArray list = file.getValue("types") instanceof JsonArray array ? array : null;
    if (list == null || list.isEmpty()) {
      problems.accept("channels: the channel file declares no types");
      return new ChannelTypes(types);
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject entry)) {
        problems.accept("channels.types[" + i + "]: expected an object");
        continue;
      }
      ChannelType type = parseType("channels.types[" + i + "]", entry, problems);
      if (type != null && types.stream().anyMatch(t -> t.name().equals(type.name()))) {
        problems.accept("channels.types[" + i + "]: type '" + type.name() + "' is declared twice");
      } else if (type != null) {
        types.add(type);
      }
    }
    return new ChannelTypes(types);
  }

  private static ChannelType parseType(String at, JsonObject entry, Consumer<String> problems) {
    String name = String.valueOf(entry.getValue("name", ""));
    if (!name.matches("[a-z][a-z0-9_]{0,31}")) {
      problems.accept(at + ".name: '" + name + "' is not a valid type name");
      return null;
    }
    if (name.equals(RESERVED)) {
      problems.accept(at + ".name: '" + name + "' is reserved for the nodes' own messages");
      return null;
    }
    String where = "channels." + name;
    ChannelType.IdPolicy idPolicy;
    try {
      idPolicy = ChannelType.IdPolicy.valueOf(String.valueOf(entry.getValue("id", "required")).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.accept(where + ".id: expected required, none or optional");
      return null;
    }
    List<ChannelRule> subscribe = rules(where + ".subscribe", entry.getValue("subscribe"), idPolicy, problems);
    List<ChannelRule> publish = rules(where + ".publish", entry.getValue("publish"), idPolicy, problems);
    ChannelOptions options = new ChannelOptions(flag(where, entry, "presence", problems),
      flag(where, entry, "typing", problems), flag(where, entry, "read_receipts", problems),
      number(where, entry, "history_size", 0, problems),
      number(where, entry, "history_ttl_seconds", 300, problems), number(where, entry, "debounce_ms", 0, problems),
      number(where, entry, "max_members", 0, problems));
    return new ChannelType(name, idPolicy, subscribe, publish, options);
  }

  private static List<ChannelRule> rules(String at, Object value, ChannelType.IdPolicy idPolicy,
                                         Consumer<String> problems) {
    List<ChannelRule> rules = new ArrayList<>();
    if (value == null) {
      return rules;
    }
    if (!(value instanceof JsonArray list)) {
      problems.accept(at + ": expected a list of rules");
      return rules;
    }
    for (Object item : list) {
      ChannelRule rule = item instanceof String text ? ChannelRule.parse(text) : null;
      if (rule == null) {
        problems.accept(at + ": '" + item + "' is not a rule (self, anyone, authenticated, role:X, permission:X, "
          + "claim:X, member:X)");
      } else if (rule.needsId() && idPolicy == ChannelType.IdPolicy.NONE) {
        problems.accept(at + ": rule '" + item + "' needs a channel id but the type takes none");
      } else {
        rules.add(rule);
      }
    }
    return rules;
  }

  private static boolean flag(String at, JsonObject entry, String key, Consumer<String> problems) {
    Object value = entry.getValue(key);
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    problems.accept(at + "." + key + ": expected true or false");
    return false;
  }

  private static int number(String at, JsonObject entry, String key, int fallback, Consumer<String> problems) {
    Object value = entry.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Integer number && number >= 0) {
      return number;
    }
    problems.accept(at + "." + key + ": expected a whole number >= 0");
    return fallback;
  }
}
