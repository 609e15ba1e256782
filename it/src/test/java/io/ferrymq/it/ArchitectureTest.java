package io.ferrymq.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Timer;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering docs/architecture.md describes, checked on the compiled main classes of every module: modules depend
 * only downwards (Maven's module graph allows no cycle, but a class may still reach a module its pom does not name
 * through another's transitive dependency); the protocol library knows nothing of sockets, threads, the broker or the
 * client; nothing uses Netty's internal packages; and packages form no cycles.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // The modules come as jars here; their test jars (the client's test servers, say) are left out.
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/it/target/"))
                .importPackages("io.ferrymq");
    }

    private static String[] above(String... modules) {
        String[] packages = new String[modules.length];
        for (int i = 0; i < modules.length; i++) {
            packages[i] = "io.ferrymq." + modules[i] + "..";
        }
        return packages;
    }

    @Test
    void modulesDependOnlyDownwards() {
        noClasses()
                .that()
                .resideInAPackage("io.ferrymq.codec..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above("engine", "transport", "store", "broker", "client", "cli", "bench"))
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.ferrymq.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above("transport", "store", "broker", "client", "cli", "bench"))
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.ferrymq.transport..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above("store", "broker", "client", "cli", "bench"))
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.ferrymq.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above("codec", "engine", "transport", "broker", "client", "cli", "bench"))
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.ferrymq.broker..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above("client", "cli", "bench"))
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.ferrymq.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above("store", "broker", "cli", "bench"))
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.ferrymq.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above("bench"))
                .check(main);
    }

    /** Thread-safe values (an interned symbol table, a counter) are fine; sockets, channels and threads are not. */
    @Test
    void theProtocolLibraryHasNoIoAndNoThreads() {
        noClasses()
                .that()
                .resideInAnyPackage("io.ferrymq.codec..", "io.ferrymq.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net..", "java.nio.channels..", "io.netty.channel..", "io.netty.handler..")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Thread.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Executor.class)
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(Executors.class.getName())
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(Timer.class.getName())
                .check(main);
    }

    @Test
    void nothingUsesNettyInternals() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.netty.util.internal..")
                .check(main);
    }

    /**
     * No package cycles, among modules or among the packages of one, {@code codec}'s included: its composite types
     * (in {@code codec.transport}, {@code codec.messaging}, ...) sit on {@code codec}'s decoder, and the registry of
     * them all ({@code codec.spec}) sits on top.
     */
    @Test
    void packagesFormNoCycles() {
        slices().matching("io.ferrymq.(*)..").should().beFreeOfCycles().check(main);
        slices().matching("io.ferrymq.(**)").should().beFreeOfCycles().check(main);
    }
}
