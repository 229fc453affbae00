package dev.realtimehub.channel;

import dev.realtimehub.auth.HubPrincipal;

/**
 * One access rule of a channel type. A type's rules combine any-of: access is granted when one rule
 * admits the principal. Rules are written in {@code conf/channels.yaml} as {@code self}, {@code anyone},
 * {@code authenticated}, {@code role:X}, {@code permission:X}, {@code claim:X} or {@code member:X}.
 */
public sealed interface ChannelRule {

  /** Rules decided from the token alone; {@link Member} needs the membership store. */
  sealed interface Local extends ChannelRule {
    boolean admits(HubPrincipal principal, ChannelName channel);
  }

  /** Everyone, including anonymous connections. */
  record Anyone() implements Local {
    public boolean admits(HubPrincipal principal, ChannelName channel) {
      return true;
    }
  }

  /** Any connection with a verified token. */
  record Authenticated() implements Local {
    public boolean admits(HubPrincipal principal, ChannelName channel) {
      return principal.authenticated();
    }
  }

  /** The channel id equals the token's subject. */
  record Self() implements Local {
    public boolean admits(HubPrincipal principal, ChannelName channel) {
      return principal.authenticated() && channel.id() != null && channel.id().equals(principal.subject());
    }
  }

  /** The token's {@code roles} claim lists the role. */
  record Role(String role) implements Local {
    public boolean admits(HubPrincipal principal, ChannelName channel) {
      return principal.roles().contains(role);
    }
  }

  /** The token's {@code permissions} claim lists the permission. */
  record Permission(String permission) implements Local {
    public boolean admits(HubPrincipal principal, ChannelName channel) {
      return principal.permissions().contains(permission);
    }
  }

  /** The channel id is listed in the named token claim (for example {@code teams}). */
  record Claim(String claim) implements Local {
    public boolean admits(HubPrincipal principal, ChannelName channel) {
      return channel.id() != null && principal.claimValues(claim).contains(channel.id());
    }
  }

  /** A membership row for the subject in group {@code kind} with the channel's id. */
  record Member(String kind) implements ChannelRule {
  }

  /** Whether this rule needs a channel id to mean anything. */
  default boolean needsId() {
    return this instanceof Self || this instanceof Claim || this instanceof Member;
  }

  /** Parses one rule; returns {@code null} when the text is not a rule. */
  static ChannelRule parse(String text) {
    int colon = text.indexOf(':');
    String head = colon < 0 ? text : text.substring(0, colon);
    String arg = colon < 0 ? "" : text.substring(colon + 1);
    if (colon >= 0 && !arg.matches("[A-Za-z0-9_.\\-]{1,64}")) {
      return null;
    }
    return switch (head) {
      case "anyone" -> colon < 0 ? new Anyone() : null;
      case "authenticated" -> colon < 0 ? new Authenticated() : null;
      case "self" -> colon < 0 ? new Self() : null;
      case "role" -> colon < 0 ? null : new Role(arg);
      case "permission" -> colon < 0 ? null : new Permission(arg);
      case "claim" -> colon < 0 ? null : new Claim(arg);
      case "member" -> colon < 0 ? null : new Member(arg);
      default -> null;
    };
  }
}
