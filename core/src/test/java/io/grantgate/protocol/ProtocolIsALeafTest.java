package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code io.grantgate.protocol} a leaf that needs only the JDK: no sockets, no JDBC, no logging,
 * nothing from the rest of the gateway. Checked twice, cheaply: the imports in the sources, and every
 * class the compiled classes refer to, read from their constant pools (which also catches fully
 * qualified names and anything a source scan would miss).
 */
class ProtocolIsALeafTest {

    private static final String PACKAGE = "io/grantgate/protocol";
    /** Parts of the JDK the protocol has no business with. */
    private static final List<String> FORBIDDEN_JDK = List.of("java/net/", "java/sql/", "java/nio/channels/",
            "java/util/logging/", "java/lang/System$Logger", "java/rmi/");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    /** A class in a descriptor or signature; it has a package, which keeps out plain strings like "aLength;". */
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w$]+(?:/[\\w$]+)+)[;<]");

    @Test
    void sourcesImportOnlyTheJdkAndTheProtocolItself() throws IOException {
        Path sources = moduleDirectory().resolve("src/main/java").resolve(PACKAGE);
        Set<String> violations = new TreeSet<>();
        List<Path> files = files(sources, ".java");

        for (Path file : files) {
            Matcher imports = IMPORT.matcher(Files.readString(file));
            while (imports.find()) {
                String imported = imports.group(1).replace('.', '/');
                if (!allowed(imported)) {
                    violations.add(sources.relativize(file) + " imports " + imports.group(1));
                }
            }
        }

        assertThat(files).hasSizeGreaterThan(20);
        assertThat(violations).isEmpty();
    }

    @Test
    void compiledClassesReferOnlyToTheJdkAndTheProtocolItself() throws IOException {
        Path classes = classesDirectory().resolve(PACKAGE);
        Set<String> violations = new TreeSet<>();
        List<Path> files = files(classes, ".class");

        for (Path file : files) {
            for (String referenced : referencedClasses(file)) {
                if (!allowed(referenced)) {
                    violations.add(classes.relativize(file) + " refers to " + referenced);
                }
            }
        }

        assertThat(files).hasSizeGreaterThan(20);
        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckItselfRejectsWhatItShould() {
        assertThat(allowed("java/util/List")).isTrue();
        assertThat(allowed("io/grantgate/protocol/constant/MySqlError")).isTrue();
        assertThat(allowed("java/net/Socket")).isFalse();
        assertThat(allowed("java/sql/Connection")).isFalse();
        assertThat(allowed("org/slf4j/Logger")).isFalse();
        assertThat(allowed("javax/net/ssl/SSLSocket")).isFalse();
        assertThat(allowed("io/grantgate/auth/Scramble")).isFalse();
        assertThat(allowed("io/grantgate/protocolx/Other")).isFalse();
    }

    private static boolean allowed(String internalName) {
        if (internalName.startsWith(PACKAGE + "/")) {
            return true;
        }
        return internalName.startsWith("java/") && FORBIDDEN_JDK.stream().noneMatch(internalName::startsWith);
    }

    /** Class names from CONSTANT_Class entries and from every descriptor or signature in the pool. */
    private static Set<String> referencedClasses(Path classFile) throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(8); // magic, minor and major version
            int count = data.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = data.readUTF();
                    case 7 -> classNameIndex[i] = data.readUnsignedShort();
                    case 8, 16, 19, 20 -> data.skipNBytes(2);
                    case 15 -> data.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                    case 5, 6 -> {
                        data.skipNBytes(8);
                        i++; // longs and doubles take two slots
                    }
                    default -> throw new IOException(classFile + ": constant pool tag " + tag);
                }
            }
            for (int i = 1; i < count; i++) {
                if (classNameIndex[i] != 0 && !utf8[classNameIndex[i]].startsWith("[")) {
                    names.add(utf8[classNameIndex[i]]);
                }
                if (utf8[i] != null) {
                    Matcher descriptor = DESCRIPTOR_CLASS.matcher(utf8[i]);
                    while (descriptor.find()) {
                        names.add(descriptor.group(1));
                    }
                }
            }
        }
        return names;
    }

    private static List<Path> files(Path directory, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(path -> path.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Path classesDirectory() {
        try {
            return Path.of(PacketReader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** target/classes is two levels below the module directory. */
    private static Path moduleDirectory() {
        return classesDirectory().getParent().getParent();
    }
}
