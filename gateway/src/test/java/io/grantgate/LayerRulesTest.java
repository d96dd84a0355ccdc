package io.grantgate;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;

/**
 * The package layers of the core library and the gateway server, bottom to top:
 * <pre>
 *   protocol   the MySQL wire codec; a leaf that needs only the JDK (no sockets, JDBC or logging)
 *   auth       password hashes, scrambles, verifiers
 *   tls        certificates and TLS contexts
 *   catalog    the gateway's own accounts, hosts and grants, and reading them
 *   account    backend logins, their derived passwords, the master key
 *   audit      audit events, the tamper-evident trail and its verifier
 *   provision  creating and granting backend accounts (the management plane)
 *   config     how the commands find the catalog and backend logins
 *   ops.embedded  the embedded MariaDB
 *   command    what to do with each client command (the data path)
 *   backend    connections and pools to the backend server (the data path)
 *   edge       client sessions and the relay (the data path)
 *   ops        start-up, gateway settings, metrics: the server's top
 * </pre>
 * A layer uses only layers below it, never one above, and the data path (command, backend, edge)
 * does not use the control plane's provision, config and ops.embedded at all. The admin command's own rule
 * is in the admin-cli module (AdminDependsOnCoreOnlyTest); the bench module, on top of everything,
 * has no tests.
 *
 * <p>Only production classes are judged: this module's test classes and the core test-jar
 * (TestBackend and the test fixtures) are left out.
 */
@AnalyzeClasses(
        packages = "io.grantgate",
        importOptions = {ImportOption.DoNotIncludeTests.class, LayerRulesTest.DoNotIncludeTestJars.class})
class LayerRulesTest {

    @ArchTest
    static final ArchRule lowerLayersNeverUseHigherOnes = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("protocol")
            .definedBy("io.grantgate.protocol..")
            .layer("auth")
            .definedBy("io.grantgate.auth..")
            .layer("tls")
            .definedBy("io.grantgate.tls..")
            .layer("catalog")
            .definedBy("io.grantgate.catalog..")
            .layer("account")
            .definedBy("io.grantgate.account..")
            .layer("audit")
            .definedBy("io.grantgate.audit..")
            .layer("provision")
            .definedBy("io.grantgate.provision..")
            .layer("config")
            .definedBy("io.grantgate.config..")
            .layer("ops.embedded")
            .definedBy("io.grantgate.ops.embedded..")
            .layer("command")
            .definedBy("io.grantgate.command..")
            .layer("backend")
            .definedBy("io.grantgate.backend..")
            .layer("edge")
            .definedBy("io.grantgate.edge..")
            .layer("ops")
            .definedBy("io.grantgate.ops", "io.grantgate.ops.config..")
            .layer("migrations")
            .definedBy("io.grantgate.migrations..")
            .whereLayer("protocol")
            .mayNotAccessAnyLayer()
            .whereLayer("auth")
            .mayOnlyAccessLayers("protocol")
            .whereLayer("tls")
            .mayOnlyAccessLayers("protocol", "auth")
            .whereLayer("catalog")
            .mayOnlyAccessLayers("protocol", "auth", "tls")
            .whereLayer("account")
            .mayOnlyAccessLayers("protocol", "auth", "tls", "catalog")
            .whereLayer("audit")
            .mayOnlyAccessLayers("protocol", "auth", "tls", "catalog", "account")
            .whereLayer("provision")
            .mayOnlyAccessLayers("protocol", "auth", "tls", "catalog", "account")
            .whereLayer("config")
            .mayOnlyAccessLayers("protocol", "auth", "tls", "catalog", "account", "audit", "provision")
            .whereLayer("ops.embedded")
            .mayOnlyAccessLayers("protocol", "auth", "tls", "catalog", "account", "audit", "provision", "config")
            // the data path: no provision, config or embedded database
            .whereLayer("command")
            .mayOnlyAccessLayers("protocol", "auth", "tls", "catalog", "account", "audit")
            .whereLayer("backend")
            .mayOnlyAccessLayers("protocol", "auth", "tls", "catalog", "account", "audit", "command")
            .whereLayer("edge")
            .mayOnlyAccessLayers("protocol", "auth", "tls", "catalog", "account", "audit", "command", "backend")
            .whereLayer("ops")
            .mayOnlyAccessLayers(
                    "protocol",
                    "auth",
                    "tls",
                    "catalog",
                    "account",
                    "audit",
                    "provision",
                    "config",
                    "ops.embedded",
                    "command",
                    "backend",
                    "edge",
                    "migrations")
            // a module of its own, below core: it knows nothing of GrantGate's packages
            .whereLayer("migrations")
            .mayNotAccessAnyLayer();

    @ArchTest
    static final ArchRule protocolNeedsOnlyTheJdk = classes()
            .that()
            .resideInAPackage("io.grantgate.protocol..")
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage("io.grantgate.protocol..", "java..")
                    .and(not(resideInAnyPackage(
                            "java.net..", "java.sql..", "java.nio.channels..", "java.util.logging..", "java.rmi..")))
                    .and(not(belongToAnyOf(System.Logger.class))))
            .because("the protocol codec is a leaf that needs only the JDK: no sockets, no JDBC, no logging,"
                    + " no library and nothing from the rest of GrantGate");

    /** Leaves out test-jars (the core module's test classes), which DoNotIncludeTests does not recognise. */
    static final class DoNotIncludeTestJars implements ImportOption {

        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

        @Override
        public boolean includes(Location location) {
            return !location.matches(TEST_JAR);
        }
    }
}
