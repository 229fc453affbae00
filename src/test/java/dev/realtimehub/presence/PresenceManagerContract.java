package dev.realtimehub.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.ContractSupport.race;
import static dev.realtimehub.support.ContractSupport.uniqueChannel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link PresenceManager} must do: count connections per user so that a user joins and leaves
 * once, list one entry per user with an exact count beyond the roster cap, and refuse new users beyond the
 * channel's cap. The suite uses only the SPI and its futures, and fresh channels per test, so it runs
 * unchanged against a shared store.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
abstract class PresenceManagerContract {

  private static final int NO_CAP = 0;

  /** Creates the presence manager under test, ready to use. */
  protected abstract Future<PresenceManager> create(Vertx vertx);

  /** Releases what {@link #create} made. */
  protected Future<Void> destroy(PresenceManager presence) {
    return Future.succeededFuture();
  }

  private PresenceManager presence;
  private final String channel = uniqueChannel("team");

  @BeforeEach
  void setUp(Vertx vertx) {
    presence = create(vertx).await();
  }

  @AfterEach
  void tearDown() {
    destroy(presence).await();
  }

  private static PresenceMember member(String id) {
    return new PresenceMember(id, new JsonObject().put("id", id).put("name", "Name of " + id));
  }

  private Future<JoinResult> join(String connection, String userId) {
    return presence.join(channel, connection, member(userId), NO_CAP);
  }

  private static Set<String> ids(Roster roster) {
    Set<String> ids = new HashSet<>();
    roster.members().forEach(m -> ids.add(m.id()));
    return ids;
  }

  @Test
  void firstConnectionOfAUserIsFirstAndFurtherOnesAreAnotherConnection(VertxTestContext ctx) {
    join("c1", "alice")
      .onSuccess(result -> ctx.verify(() -> assertEquals(JoinResult.FIRST, result)))
      .compose(result -> join("c2", "alice"))
      .onSuccess(result -> ctx.verify(() -> assertEquals(JoinResult.ANOTHER_CONNECTION, result)))
      .compose(result -> join("c3", "alice"))
      .onSuccess(result -> ctx.verify(() -> assertEquals(JoinResult.ANOTHER_CONNECTION, result)))
      .compose(result -> join("c4", "bob"))
      .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
        assertEquals(JoinResult.FIRST, result, "another user is first on their own");
        ctx.completeNow();
      })));
  }

  @Test
  void onlyTheLastConnectionOfAUserLeavesWithTheMember(VertxTestContext ctx) {
    join("c1", "alice")
      .compose(r -> join("c2", "alice"))
      .compose(r -> presence.leave(channel, "c1", "alice"))
      .onSuccess(left -> ctx.verify(() -> assertNull(left, "alice is still here through c2")))
      .compose(left -> presence.roster(channel, 100))
      .onSuccess(roster -> ctx.verify(() -> assertEquals(Set.of("alice"), ids(roster))))
      .compose(roster -> presence.leave(channel, "c2", "alice"))
      .onSuccess(left -> ctx.verify(() -> assertEquals(member("alice"), left)))
      .compose(left -> presence.roster(channel, 100))
      .onSuccess(roster -> ctx.verify(() -> {
        assertEquals(0, roster.count());
        assertTrue(roster.members().isEmpty());
      }))
      .compose(roster -> join("c3", "alice"))
      .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
        assertEquals(JoinResult.FIRST, result, "coming back after leaving is a new join");
        ctx.completeNow();
      })));
  }

  @Test
  void aUserIsAMemberWhileAnyOfItsConnectionsIsPresent(VertxTestContext ctx) {
    List<Boolean> seen = new ArrayList<>();
    presence.isMember(channel, "alice")
      .onSuccess(seen::add)
      .compose(r -> join("c1", "alice"))
      .compose(r -> join("c2", "alice"))
      .compose(r -> presence.isMember(channel, "alice"))
      .onSuccess(seen::add)
      .compose(r -> presence.leave(channel, "c1", "alice"))
      .compose(r -> presence.isMember(channel, "alice"))
      .onSuccess(seen::add)
      .compose(r -> presence.leave(channel, "c2", "alice"))
      .compose(r -> presence.isMember(channel, "alice"))
      .onSuccess(seen::add)
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(List.of(false, true, true, false), seen);
        ctx.completeNow();
      })));
  }

  @Test
  void rosterHasOneEntryPerUserWithTheMemberInfo(VertxTestContext ctx) {
    join("c1", "alice")
      .compose(r -> join("c2", "alice"))
      .compose(r -> join("c3", "bob"))
      .compose(r -> presence.roster(channel, 100))
      .onComplete(ctx.succeeding(roster -> ctx.verify(() -> {
        assertEquals(2, roster.count());
        assertEquals(2, roster.members().size(), "one entry per user, not per connection");
        assertEquals(Set.of(member("alice"), member("bob")), new HashSet<>(roster.members()));
        ctx.completeNow();
      })));
  }

  @Test
  void rosterLimitCapsTheMembersButTheCountStaysExact(VertxTestContext ctx) {
    List<Future<JoinResult>> joins = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      joins.add(join("c" + i, "user" + i));
    }
    Future.all(joins)
      .compose(all -> presence.roster(channel, 100))
      .onComplete(ctx.succeeding(roster -> ctx.verify(() -> {
        assertEquals(150, roster.count(), "every user counts, listed or not");
        assertEquals(100, roster.members().size());
        assertEquals(100, ids(roster).size(), "no user listed twice");
        roster.members().forEach(m -> assertEquals(member(m.id()), m));
        ctx.completeNow();
      })));
  }

  @Test
  void fullChannelRefusesANewUserButAcceptsMoreConnectionsOfAPresentOne(VertxTestContext ctx) {
    presence.join(channel, "c1", member("alice"), 2)
      .compose(r -> presence.join(channel, "c2", member("bob"), 2))
      .compose(r -> presence.join(channel, "c3", member("carol"), 2))
      .onSuccess(result -> ctx.verify(() -> assertEquals(JoinResult.FULL, result, "a third user")))
      .compose(r -> presence.join(channel, "c4", member("alice"), 2))
      .onSuccess(result -> ctx.verify(() -> assertEquals(JoinResult.ANOTHER_CONNECTION, result)))
      .compose(r -> presence.roster(channel, 100))
      .onSuccess(roster -> ctx.verify(() -> {
        assertEquals(2, roster.count(), "the refused user is not present");
        assertEquals(Set.of("alice", "bob"), ids(roster));
      }))
      .compose(roster -> presence.leave(channel, "c3", "carol"))
      .onSuccess(left -> ctx.verify(() -> assertNull(left, "a refused connection has nothing to leave")))
      .compose(left -> presence.leave(channel, "c2", "bob"))
      .compose(left -> presence.join(channel, "c3", member("carol"), 2))
      .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
        assertEquals(JoinResult.FIRST, result, "a user who left frees a place");
        ctx.completeNow();
      })));
  }

  @Test
  void aCapOfZeroAdmitsEveryUser(VertxTestContext ctx) {
    List<Future<JoinResult>> joins = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      joins.add(presence.join(channel, "c" + i, member("user" + i), 0));
    }
    Future.all(joins)
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        all.<JoinResult>list().forEach(result -> assertEquals(JoinResult.FIRST, result));
        ctx.completeNow();
      })));
  }

  @Test
  void leaveOfAnUnknownConnectionOrUserIsNull(VertxTestContext ctx) {
    presence.leave(uniqueChannel("team"), "c1", "alice")
      .onSuccess(left -> ctx.verify(() -> assertNull(left, "unknown channel")))
      .compose(left -> join("c1", "alice"))
      .compose(r -> presence.leave(channel, "c9", "alice"))
      .onSuccess(left -> ctx.verify(() -> assertNull(left, "unknown connection of a present user")))
      .compose(left -> presence.leave(channel, "c1", "bob"))
      .onSuccess(left -> ctx.verify(() -> assertNull(left, "alice's connection under another user")))
      .compose(left -> presence.roster(channel, 100))
      .onComplete(ctx.succeeding(roster -> ctx.verify(() -> {
        assertEquals(Set.of("alice"), ids(roster), "alice is untouched");
        assertEquals(1, roster.count());
        ctx.completeNow();
      })));
  }

  @Test
  void channelsAreIndependent(VertxTestContext ctx) {
    String other = uniqueChannel("team");
    join("c1", "alice")
      .compose(r -> presence.join(other, "c1", member("alice"), NO_CAP))
      .onSuccess(result -> ctx.verify(() -> assertEquals(JoinResult.FIRST, result, "first in the other channel")))
      .compose(r -> presence.join(other, "c2", member("bob"), NO_CAP))
      .compose(r -> presence.leave(channel, "c1", "alice"))
      .onSuccess(left -> ctx.verify(() -> assertEquals(member("alice"), left)))
      .compose(left -> Future.all(presence.roster(channel, 100), presence.roster(other, 100)))
      .onComplete(ctx.succeeding(rosters -> ctx.verify(() -> {
        assertEquals(0, rosters.<Roster>resultAt(0).count());
        assertEquals(Set.of("alice", "bob"), ids(rosters.resultAt(1)), "leaving one channel leaves only that");
        ctx.completeNow();
      })));
  }

  @Test
  void racingConnectionsOfTheSameUsersJoinOnceAndLeaveOnce(Vertx vertx, VertxTestContext ctx) {
    race(vertx, 4, 100, (lane, i) -> join("c" + lane + "-" + i, "user" + i))
      .onSuccess(results -> ctx.verify(() -> {
        assertEquals(100, results.stream().filter(r -> r == JoinResult.FIRST).count(), "one first join per user");
        assertEquals(300, results.stream().filter(r -> r == JoinResult.ANOTHER_CONNECTION).count());
      }))
      .compose(joined -> presence.roster(channel, 1000))
      .onSuccess(roster -> ctx.verify(() -> assertEquals(100, roster.count())))
      .compose(roster -> race(vertx, 4, 100, (lane, i) -> presence.leave(channel, "c" + lane + "-" + i, "user" + i)))
      .onSuccess(left -> ctx.verify(() -> {
        List<PresenceMember> members = left.stream().filter(Objects::nonNull).toList();
        assertEquals(100, members.size(), "one leave per user reports the member");
        assertEquals(100, new HashSet<>(members).size());
      }))
      .compose(left -> presence.roster(channel, 1000))
      .onComplete(ctx.succeeding(roster -> ctx.verify(() -> {
        assertEquals(0, roster.count());
        ctx.completeNow();
      })));
  }

  @Test
  void racingNewUsersNeverExceedTheCap(Vertx vertx, VertxTestContext ctx) {
    race(vertx, 4, 50, (lane, i) -> presence.join(channel, "c" + lane + "-" + i, member("u" + lane + "-" + i), 60))
      .onSuccess(results -> ctx.verify(() -> {
        assertEquals(60, results.stream().filter(r -> r == JoinResult.FIRST).count());
        assertEquals(140, results.stream().filter(r -> r == JoinResult.FULL).count());
      }))
      .compose(results -> presence.roster(channel, 100))
      .onComplete(ctx.succeeding(roster -> ctx.verify(() -> {
        assertEquals(60, roster.count());
        assertEquals(60, roster.members().size());
        ctx.completeNow();
      })));
  }
}
