package dev.realtimehub.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every log event of the JVM while open, with the hub's own loggers lowered to DEBUG, so that a test
 * can check what the hub wrote (for example that no token ever reaches a log line).
 */
public final class AuthLogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger hub = (Logger) LoggerFactory.getLogger("dev.realtimehub");
  private final Level previousLevel;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private AuthLogCapture() {
    previousLevel = hub.getLevel();
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
    hub.setLevel(Level.DEBUG);
  }

  public static AuthLogCapture start() {
    return new AuthLogCapture();
  }

  /** Every message recorded so far, with the messages of attached exceptions, one line per event. */
  public String text() {
    List<ILoggingEvent> events;
    synchronized (appender) {
      events = new ArrayList<>(appender.list);
    }
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : events) {
      text.append(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
      for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
        text.append(" | ").append(cause.getClassName()).append(": ").append(cause.getMessage());
      }
      text.append('\n');
    }
    return text.toString();
  }

  @Override
  public void close() {
    hub.setLevel(previousLevel);
    root.detachAppender(appender);
    appender.stop();
  }
}
