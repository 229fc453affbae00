package dev.realtimehub.channel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The permission matrix as data: who subscribes to which channel, and what they must get. Every channel type
 * of {@code conf/channels.yaml} has at least one allowed and one refused row ({@link PermissionMatrixTest}
 * fails otherwise). Ids are compared as strings, so {@code user.042} is not {@code user.42}.
 */
final class PermissionMatrix {

  /** The expectation of an allowed row: a {@code subscribed} reply (or a started event stream). */
  static final int SUBSCRIBED = 200;

  /**
   * Who subscribes: anonymous ({@code sub == null}) or a token subject with extra claims. {@code viaMembership}
   * asks for a membership of the row's channel, added through {@code PUT /api/channels/{name}/members/{sub}} first.
   */
  record Who(String sub, JsonObject claims, boolean viaMembership) {

    static Who anonymous() {
      return new Who(null, new JsonObject(), false);
    }

    static Who sub(String sub) {
      return new Who(sub, new JsonObject(), false);
    }

    /** Adds a list claim, such as {@code with("teams", 7)} for {@code "teams": [7]}. */
    Who with(String claim, Object... values) {
      return new Who(sub, claims.copy().put(claim, new JsonArray(List.of(values))), viaMembership);
    }

    Who member() {
      return new Who(sub, claims, true);
    }

    @Override
    public String toString() {
      return sub == null ? "anonymous" : "sub=" + sub + (claims.isEmpty() ? "" : " " + claims.encode())
        + (viaMembership ? " (member)" : "");
    }
  }

  /** One row: {@code expected} is {@link #SUBSCRIBED} or the error code of the refusal. */
  record Case(String channel, Who who, int expected) {

    boolean allowed() {
      return expected == SUBSCRIBED;
    }

    String type() {
      int dot = channel.indexOf('.');
      return dot < 0 ? channel : channel.substring(0, dot);
    }

    @Override
    public String toString() {
      return channel + " as " + who + " (expected " + (allowed() ? "subscribed" : "error " + expected) + ")";
    }
  }

  static final List<Case> CASES = List.of(
    allow("user.42", Who.sub("42")),
    deny("user.42", Who.sub("43"), 403),
    deny("user.042", Who.sub("42"), 403),
    deny("user.42", Who.anonymous(), 401),

    allow("learning.5", Who.sub("5")),
    allow("learning.5", Who.sub("9").with("roles", "admin")),
    deny("learning.5", Who.sub("9").with("roles", "staff"), 403),

    allow("features.alice", Who.sub("alice")),
    deny("features.alice", Who.sub("bob"), 403),

    allow("team.7", Who.sub("u1").with("teams", 7)),
    allow("team.7", Who.sub("u1").with("teams", "7")),
    allow("team.7", Who.sub("u1").with("teams", 3, 7)),
    allow("team.7", Who.sub("teammate").member()),
    allow("team.7", Who.sub("u1").with("roles", "admin")),
    deny("team.7", Who.sub("u1").with("teams", 8), 403),
    deny("team.7", Who.sub("u1").with("teams", 70, 77), 403),
    deny("team.07", Who.sub("u1").with("teams", 7), 403),
    deny("team.7", Who.sub("u1").with("groups", 7), 403),
    deny("team.7", Who.anonymous(), 401),

    allow("investment.g1", Who.sub("u1").with("groups", "g1")),
    allow("investment.g1", Who.sub("investor").member()),
    deny("investment.g1", Who.sub("u1").with("groups", "g2"), 403),
    deny("investment.g1", Who.sub("u1").with("teams", "g1"), 403),

    allow("kpi.sales_volume.team.7", Who.sub("u1").with("permissions", "kpi.read")),
    allow("kpi.sales_volume.team.7", Who.sub("analyst").member()),
    deny("kpi.sales_volume.team.7", Who.sub("u1").with("permissions", "kpi.write"), 403),
    deny("kpi.sales_volume.team.7", Who.sub("u1").with("roles", "kpi.read"), 403),
    deny("kpi.sales_volume.team.7", Who.anonymous(), 401),

    allow("admin", Who.sub("root").with("roles", "admin")),
    deny("admin", Who.sub("u1").with("roles", "staff"), 403),
    deny("admin", Who.sub("u1").with("permissions", "admin"), 403),
    deny("admin", Who.anonymous(), 401),

    allow("sync", Who.sub("svc").with("roles", "service")),
    allow("sync", Who.sub("root").with("roles", "admin")),
    deny("sync", Who.sub("u1").with("roles", "staff"), 403),

    allow("system", Who.sub("u1")),
    deny("system", Who.anonymous(), 401),

    allow("orders.42", Who.sub("42")),
    allow("orders.42", Who.sub("clerk").with("roles", "staff")),
    deny("orders.42", Who.sub("43"), 403),

    allow("purchasing", Who.sub("buyer").with("roles", "purchasing")),
    deny("purchasing", Who.sub("u1").with("roles", "staff"), 403),

    allow("delivery.d9", Who.sub("driver").member()),
    allow("delivery.d9", Who.sub("clerk").with("roles", "staff")),
    deny("delivery.d9", Who.sub("u1"), 403),

    allow("maps", Who.sub("u1").with("permissions", "maps.read")),
    deny("maps", Who.sub("u1").with("permissions", "kpi.read"), 403),

    allow("conversation.c1", Who.sub("talker").member()),
    deny("conversation.c1", Who.sub("u1"), 403),
    deny("conversation.c1", Who.sub("u1").with("roles", "admin"), 403),
    deny("conversation.7", Who.sub("teammate"), 403),
    deny("conversation.c1", Who.anonymous(), 401),

    allow("support.t1", Who.sub("agent").with("roles", "support")),
    allow("support.t1", Who.sub("customer").member()),
    deny("support.t1", Who.sub("u1"), 403),

    allow("session.s1", Who.sub("attendee").member()),
    deny("session.s1", Who.sub("u1"), 403),

    allow("activity.a1", Who.sub("u1").with("activities", "a1")),
    allow("activity.a1", Who.sub("watcher").member()),
    deny("activity.a1", Who.sub("u1").with("activities", "a2"), 403),

    allow("public.news", Who.anonymous()),
    allow("public.news", Who.sub("u1")),
    // public admits everyone: the only refusal left is a name without the id the type requires.
    deny("public", Who.anonymous(), 400));

  private PermissionMatrix() {
  }

  private static Case allow(String channel, Who who) {
    return new Case(channel, who, SUBSCRIBED);
  }

  private static Case deny(String channel, Who who, int code) {
    return new Case(channel, who, code);
  }
}
