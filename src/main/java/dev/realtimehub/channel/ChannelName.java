package dev.realtimehub.channel;

import dev.realtimehub.error.HubException;

import java.util.Objects;

/**
 * A canonical channel name: {@code type} or {@code type.id}, where the id is one or more segments
 * separated by single dots ({@code kpi.sales_volume.team.7}). The grammar is strict and ASCII-only:
 * <ul>
 *   <li>type: a lower-case letter, then up to 31 of {@code a-z 0-9 _};</li>
 *   <li>segment: 1 to 64 of {@code A-Z a-z 0-9 _ - = @};</li>
 *   <li>the whole name: at most {@value #MAX_LENGTH} characters.</li>
 * </ul>
 * No wildcards, no whitespace, no empty segments; ids are compared as strings ({@code user.042} is not
 * {@code user.42}).
 */
public record ChannelName(String type, String id, String value) {

  public static final int MAX_LENGTH = 150;
  static final int MAX_TYPE_LENGTH = 32;
  static final int MAX_SEGMENT_LENGTH = 64;

  public ChannelName {
    Objects.requireNonNull(type);
    Objects.requireNonNull(value);
  }

  /** Parses a raw name, throwing a {@code BAD_REQUEST} hub error that says what is wrong. */
  public static ChannelName parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw HubException.badRequest("channel name is empty");
    }
    if (raw.length() > MAX_LENGTH) {
      throw HubException.badRequest("channel name is longer than " + MAX_LENGTH + " characters");
    }
    int dot = raw.indexOf('.');
    String type = dot < 0 ? raw : raw.substring(0, dot);
    checkType(type);
    if (dot < 0) {
      return new ChannelName(type, null, raw);
    }
    String id = raw.substring(dot + 1);
    checkId(id);
    return new ChannelName(type, id, raw);
  }

  private static void checkType(String type) {
    if (type.isEmpty() || type.length() > MAX_TYPE_LENGTH || type.charAt(0) < 'a' || type.charAt(0) > 'z') {
      throw HubException.badRequest("channel type must start with a-z and be at most " + MAX_TYPE_LENGTH + " long");
    }
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        throw HubException.badRequest("channel type may only contain a-z, 0-9 and _");
      }
    }
  }

  private static void checkId(String id) {
    int segmentLength = 0;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '.') {
        if (segmentLength == 0) {
          throw HubException.badRequest("channel id has an empty segment");
        }
        segmentLength = 0;
      } else if (isSegmentChar(c)) {
        if (++segmentLength > MAX_SEGMENT_LENGTH) {
          throw HubException.badRequest("channel id segment is longer than " + MAX_SEGMENT_LENGTH + " characters");
        }
      } else {
        throw HubException.badRequest("channel id may only contain A-Z, a-z, 0-9, _, -, =, @ and single dots");
      }
    }
    if (segmentLength == 0) {
      throw HubException.badRequest("channel id has an empty segment");
    }
  }

  private static boolean isSegmentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
      || c == '_' || c == '-' || c == '=' || c == '@';
  }

  public boolean hasId() {
    return id != null;
  }

  @Override
  public String toString() {
    return value;
  }
}
