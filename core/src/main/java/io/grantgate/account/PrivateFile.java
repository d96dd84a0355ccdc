package io.grantgate.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file that holds a secret (the master key, a password an access file refers to) is read only when
 * its owner alone may read it, as ssh insists for a private key: a secret others could read is
 * already out, and the operator should hear it before it is used.
 */
public final class PrivateFile {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFile() {}

    /**
     * @param what how the message names the file, e.g. "master key file"
     * @throws IOException when group or others have any permission on it (a file system without POSIX
     *     permissions is not checked)
     */
    public static void check(Path file, String what) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (!Collections.disjoint(permissions, GROUP_OR_OTHERS)) {
            throw new IOException(what + " " + file + " is accessible to group or others (mode "
                    + PosixFilePermissions.toString(permissions) + "): run chmod 600 " + file);
        }
    }
}
