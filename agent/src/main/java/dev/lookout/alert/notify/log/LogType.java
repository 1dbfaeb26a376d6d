package dev.lookout.alert.notify.log;

import dev.lookout.alert.Notifier;
import dev.lookout.alert.NotifierContext;
import dev.lookout.alert.NotifierType;
import dev.lookout.config.NotifierBlock;
import dev.lookout.config.NotifierConfig;

/**
 * {@code type: log}: no settings. Its record is {@link NotifierConfig.Log}, which the config
 * contract also makes up as the implicit {@code log} notifier.
 */
public final class LogType implements NotifierType<NotifierConfig.Log> {
  @Override
  public String type() {
    return NotifierConfig.IMPLICIT_LOG;
  }

  @Override
  public NotifierConfig parse(NotifierBlock block) {
    return new NotifierConfig.Log(block.name());
  }

  @Override
  public Class<NotifierConfig.Log> configType() {
    return NotifierConfig.Log.class;
  }

  @Override
  public Notifier create(NotifierConfig.Log config, NotifierContext context) {
    return new LogNotifier(config.name());
  }

  @Override
  public boolean mayUseTls() {
    return false;
  }
}
