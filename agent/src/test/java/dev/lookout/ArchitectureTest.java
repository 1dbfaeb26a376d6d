package dev.lookout;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceRule;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Guard rails: the package rules of ARCHITECTURE.md, checked against the compiled classes (not the
 * tests). A rule that still has known exceptions has two tests: an enabled one that ignores exactly
 * those exceptions, so nothing new slips in, and a disabled strict one naming them, to be enabled
 * once they are gone.
 */
class ArchitectureTest {
  static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lookout");

  static final String[] CHECKS = {"dev.lookout.check..", "dev.lookout.probe.."};

  /**
   * The pure judgement of a result: the shared evaluation code and each check type's evaluator,
   * drift comparison and judging target.
   */
  static final DescribedPredicate<JavaClass> JUDGEMENT =
      describe(
          "are judgement code (evaluate.., check.Judgement, check..*Evaluator, *Drift, *Target)",
          c ->
              c.getPackageName().startsWith("dev.lookout.evaluate")
                  || c.getName().equals("dev.lookout.check.Judgement")
                  || (c.getPackageName().startsWith("dev.lookout.check.")
                      && c.getSimpleName().matches(".*(Evaluator|Drift|Target)")));

  static SliceRule topLevelCycles() {
    return slices().matching("dev.lookout.(*)..").should().beFreeOfCycles();
  }

  static SliceRule packageCycles() {
    return slices().matching("dev.lookout.(**)").should().beFreeOfCycles();
  }

  @Test
  void noCyclesBetweenTopLevelPackages() {
    topLevelCycles().check(MAIN);
  }

  @Test
  void noCyclesBetweenPackages() {
    packageCycles().check(MAIN);
  }

  @Test
  void notifierTypesDependOnTheCoreNotTheOtherWayRound() {
    noClasses()
        .that()
        .resideInAPackage("dev.lookout.alert")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.lookout.alert.notify..")
        .check(MAIN);
  }

  @Test
  void checksNeverImportAlertingMetricsOrTheHttpSurface() {
    noClasses()
        .that()
        .resideInAnyPackage(CHECKS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.lookout.alert..", "dev.lookout.metrics..", "dev.lookout.web..")
        .check(MAIN);
  }

  @Test
  void theHttpSurfaceReadsThroughItsInterfaceNotTheAgent() {
    noClasses()
        .that()
        .resideInAPackage("dev.lookout.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.lookout.alert..", "dev.lookout.metrics..", "dev.lookout.schedule..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.lookout.runtime.Agent")
        .check(MAIN);
  }

  @Test
  void theAlertStateMachineNeverImportsVertx() {
    noClasses()
        .that()
        .haveFullyQualifiedName("dev.lookout.alert.AlertStateMachine")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..")
        .check(MAIN);
  }

  /** Vert.x's JSON values are plain data; its futures, timers and loops are not allowed. */
  @Test
  void judgementNeverImportsVertxBeyondItsJsonValues() {
    noClasses()
        .that(JUDGEMENT)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("io.vertx..")
                .and(DescribedPredicate.not(resideInAnyPackage("io.vertx.core.json.."))))
        .check(MAIN);
  }

  @Test
  @Disabled(
      "check.http.HttpEvaluator evaluates `json` expectations with Vert.x's"
          + " JsonObject/JsonArray/JsonPointer (io.vertx.core.json): enable once it uses a JSON"
          + " reader of its own or a plain library")
  void judgementNeverImportsVertx() {
    noClasses()
        .that(JUDGEMENT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..")
        .check(MAIN);
  }
}
