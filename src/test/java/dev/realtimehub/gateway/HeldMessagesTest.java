package dev.realtimehub.gateway;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.config.ConfigLoader;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.metrics.HubMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a resuming session writes once its recovery read is back: the replay, then only the live messages, held
 * meanwhile or still on their way, that the client has not already been given (by the replay, or as the position
 * of a {@code recovered:false} answer, after which it refetches state).
 */
@ExtendWith(VertxExtension.class)
class HeldMessagesTest {

  private static final String CHANNEL = "public.held";

  private RecordingSession session;

  @BeforeEach
  void setUp(Vertx vertx) {
    HubConfig config = new ConfigLoader(vertx, Map.of("HUB_CONFIG", "absent.yaml", "HUB_APPS_FILE", "absent.yaml"),
      Map.of()).load().await();
    GatewayContext gateway = new GatewayContext(vertx, config, null, null,
      new HubMetrics(new SimpleMeterRegistry()), null, 0);
    session = new RecordingSession(gateway);
  }

  @Test
  void afterARecoveredResumeTheHeldMessagesTheReplayCoversAreDropped() {
    session.hold(CHANNEL);
    session.deliver(message(5));
    session.deliver(message(6));
    session.release(CHANNEL, List.of(message(4), message(5)), null);
    assertEquals(List.of(4L, 5L, 6L), session.written);
  }

  @Test
  void afterAnUnrecoveredResumeHeldMessagesUpToTheGivenPositionAreDropped() {
    session.hold(CHANNEL);
    session.deliver(message(7));
    session.deliver(message(8));
    session.deliver(message(9));
    session.release(CHANNEL, List.of(), new StreamPosition(8, "e"));
    assertEquals(List.of(9L), session.written);
  }

  @Test
  void aLiveMessageTheReplayAlreadyWroteIsDroppedAfterTheRelease() {
    session.hold(CHANNEL);
    session.release(CHANNEL, List.of(message(4), message(5)), null);
    // Published while the history was read: it is in the replay and still on its way to the session live.
    session.deliver(message(5));
    session.deliver(message(6));
    session.deliver(message(7));
    assertEquals(List.of(4L, 5L, 6L, 7L), session.written);
  }

  @Test
  void messagesOfOtherChannelsAreNeverHeld() {
    session.hold(CHANNEL);
    session.deliver(new Message(new Publication(ChannelName.parse("public.other"), "tick", 1, null, null, 0),
      new StreamPosition(3, "e")));
    assertEquals(List.of(3L), session.written);
  }

  private static Message message(long offset) {
    return new Message(new Publication(ChannelName.parse(CHANNEL), "tick", offset, null, null, 0),
      new StreamPosition(offset, "e"));
  }

  private static final class RecordingSession extends Session {

    final List<Long> written = new ArrayList<>();

    RecordingSession(GatewayContext gateway) {
      super(gateway, "1.1", HubPrincipal.anonymous());
    }

    @Override
    protected boolean write(Message message) {
      written.add(message.offset());
      return true;
    }

    @Override
    protected void closeTransport(CloseReason reason) {
    }

    @Override
    protected void revoked(String channel, String reason) {
    }

    @Override
    public String protocol() {
      return "test";
    }
  }
}
