package dev.lookout.config;

/**
 * The config half of a notifier type: its {@code type:} key and how it reads its block. The loader
 * never names a type: it loops over the implementations listed in {@code
 * META-INF/services/dev.lookout.config.NotifierSyntax} (found with {@link java.util.ServiceLoader},
 * like vertx-sql-client's drivers), and {@code dev.lookout.alert.NotifierType} adds construction.
 */
public interface NotifierSyntax {
  /** The {@code type:} value, e.g. {@code slack}. */
  String type();

  /**
   * Reads one notifier's block. Errors go to {@code block} (they accumulate with every other error
   * of the file); returns null when the block cannot make a notifier.
   */
  NotifierConfig parse(NotifierBlock block);

  /**
   * Whether the destination routes alerts itself (Alertmanager): it then hears every alert of the
   * targets that name it, as it happens, and never an acknowledgement or escalation; {@code
   * alert.routes} may not name it.
   */
  default boolean routesItself() {
    return false;
  }
}
