package dev.lookout.alert;

import dev.lookout.config.NotifierConfig;
import dev.lookout.config.NotifierSyntax;

/**
 * Everything about one kind of notifier in one object: its {@code type:} key and parsing (from
 * {@link NotifierSyntax}), the record it parses into, and how to build the notifier. Adding a
 * notifier is a package under {@code alert.notify} with its type, and one line in {@code
 * META-INF/services/dev.lookout.config.NotifierSyntax}; {@link NotifierTypes} finds it there.
 */
public interface NotifierType<C extends NotifierConfig> extends NotifierSyntax {
  /** The record {@link #parse} returns. */
  Class<C> configType();

  Notifier create(C config, NotifierContext context);

  /**
   * Whether a notifier of this type may open a TLS connection: if any may, the agent loads TLS at
   * start, off the event loop. Webhooks and Alertmanager may be https, Slack always is, email may
   * use TLS; only the log notifier certainly does not.
   */
  default boolean mayUseTls() {
    return true;
  }
}
