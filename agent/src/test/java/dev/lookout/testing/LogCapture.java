package dev.lookout.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything logged (any logger) while it is open, for tests that assert what the agent did
 * <em>not</em> log: no ERROR and no stack trace for a target's misbehaviour.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture() {}

  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    capture.appender.start();
    capture.root.addAppender(capture.appender);
    return capture;
  }

  public List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  /** The lines an operator would read as an agent error: ERROR level, or any stack trace. */
  public List<String> errorsAndStackTraces() {
    return events().stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getLoggerName()
                    + " - "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " [" + e.getThrowableProxy().getClassName() + "]"))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
