package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line picocli is given: the named subcommand alone, or all of them. */
class MainTest {
  @Test
  void eachSubcommandIsListedUnderTheNameItsCommandGivesIt() {
    Main.SUBCOMMANDS.forEach(
        (name, make) ->
            assertThat(make.get().getClass().getAnnotation(CommandLine.Command.class).name())
                .isEqualTo(name));
  }

  @Test
  void aNamedSubcommandIsTheOnlyOneBuilt() {
    assertThat(subcommands("run", "-c", "lookout.yaml")).containsOnlyKeys("run");
    assertThat(subcommands("--log-format", "json", "once", "-c", "x.yaml"))
        .containsOnlyKeys("once");
    assertThat(subcommands("--log-format=json", "check")).containsOnlyKeys("check");
  }

  @Test
  void withoutAKnownSubcommandEveryOneIsBuiltForTheUsageAndSuggestions() {
    assertThat(subcommands()).containsOnlyKeys(Main.SUBCOMMANDS.keySet());
    assertThat(subcommands("--help")).containsOnlyKeys(Main.SUBCOMMANDS.keySet());
    assertThat(subcommands("rnu", "-c", "x.yaml")).containsOnlyKeys(Main.SUBCOMMANDS.keySet());
  }

  @Test
  void theUsageStillListsEverySubcommand() {
    CliTest.Run r = CliTest.run();
    assertThat(r.code()).isZero();
    Main.SUBCOMMANDS.keySet().forEach(name -> assertThat(r.out()).contains(name));
  }

  @Test
  void aMistypedSubcommandGetsASuggestion() {
    CliTest.Run r = CliTest.run("rnu");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("run");
  }

  @Test
  void theInheritedLogFormatOptionReachesTheNamedSubcommand() {
    CliTest.Run r = CliTest.run("--log-format", "json", "check", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: lookout check");
  }

  private static Map<String, CommandLine> subcommands(String... args) {
    return Main.commandLine(args).getSubcommands();
  }
}
