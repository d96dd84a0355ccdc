package io.grantgate.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The admin command sits on the core library (and the migrations), never on the gateway server: it
 * provisions and reads the catalog, and reaches running gateways only through the catalog version.
 * The module's pom already keeps the server off its class path; this rule says why, and still holds
 * if the server comes back on it. The layers below are judged in the gateway module (LayerRulesTest).
 */
@AnalyzeClasses(packages = "io.grantgate", importOptions = ImportOption.DoNotIncludeTests.class)
class AdminDependsOnCoreOnlyTest {

    @ArchTest
    static final ArchRule adminNeverUsesTheServer = noClasses()
            .that()
            .resideInAPackage("io.grantgate.admin..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.grantgate.edge..", "io.grantgate.command..", "io.grantgate.backend..", "io.grantgate.ops..")
            .because("the admin command works on the catalog and the backend accounts through core;"
                    + " the gateway server (edge, command, backend, ops) is not its business");
}
