package io.grantgate.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version {@code --version} prints, as the build wrote it: Maven fills
 * {@code grantgate-version.properties} in with the project's version when it builds core, so the
 * jar and the compiled classes carry it alike. The jar manifest's Implementation-Version stands in
 * if that file is missing (a repackaged jar), "development build" only if both are.
 */
public final class VersionProvider implements IVersionProvider {

    static final String RESOURCE = "grantgate-version.properties";
    private static final String KEY = "version";
    /** What the file holds when it was copied without filtering: the placeholder itself. */
    private static final String UNFILTERED = "${";

    private static final String UNKNOWN = "development build";

    @Override
    public String[] getVersion() {
        return new String[] {"GrantGate " + version()};
    }

    /** The build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        String fromBuild = fromResource();
        if (fromBuild != null) {
            return fromBuild;
        }
        String fromManifest = VersionProvider.class.getPackage().getImplementationVersion();
        return fromManifest == null ? UNKNOWN : fromManifest;
    }

    private static String fromResource() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty(KEY, "").strip();
            return version.isEmpty() || version.contains(UNFILTERED) ? null : version;
        } catch (IOException e) {
            return null;
        }
    }
}
